//! CloudFormation (and SAM) templates: intrinsics resolved where possible, into IaC resources
//! for the cloud adapters and the raw `cloudformation` model for custom policies.
//!
//! A template is one scan unit. Its parameters (from `--cfn-params` or their defaults),
//! mappings and conditions are known before deployment, so resources are evaluated against
//! them: a resource whose condition is false is left out, `!Ref AWS::NoValue` removes what
//! holds it, and what only the deployment knows is `null`. See docs/cloudformation.md.

mod intrinsics;
mod sam;
#[cfg(test)]
mod tests;

use std::collections::{HashMap, HashSet};
use std::sync::Arc;

use serde_json::{Map, Value as Json};

use super::{FileKind, Input, Output};
use crate::diagnostic::Diagnostic;
use crate::document::{escape_pointer_segment, Model, SourceMap, Span, SpanMap};
use crate::iac::{Inventory, Resource, Source, Unit};
use crate::ignores::InlineIgnores;
use crate::yaml::{self, Node, Value};

use intrinsics::{parse_number, scalar_text, Evaluated, Evaluator};

/// The transform that enables `Fn::ToJsonString`, `Fn::Length` and `Fn::ForEach`.
const LANGUAGE_EXTENSIONS: &str = "AWS::LanguageExtensions";

/// Whether a parsed YAML/JSON document is a CloudFormation template: it says so
/// (`AWSTemplateFormatVersion`), or its `Resources` are all typed like CloudFormation's
/// (`AWS::…`, `Alexa::…`, `Custom::…`, registry types `Org::Service::Thing`) with at least one
/// `AWS::` type. Kubernetes manifests, compose files and other YAML have no such section.
pub fn is_template(node: &Node) -> bool {
    let Value::Map(entries) = &node.value else { return false };
    if entries.iter().any(|(k, _)| k.text == "AWSTemplateFormatVersion") {
        return true;
    }
    let Some(Value::Map(resources)) = node.get("Resources").map(|r| &r.value) else { return false };
    let mut aws = false;
    for (key, resource) in resources {
        if key.text.starts_with("Fn::ForEach::") {
            continue;
        }
        let Some(kind) = resource.get("Type").and_then(Node::as_str) else { return false };
        if kind.starts_with("AWS::") {
            aws = true;
        } else if !(kind.starts_with("Alexa::") || kind.starts_with("Custom::") || is_registry_type(kind)) {
            return false;
        }
    }
    aws
}

/// `Org::Service::Resource` (or a module's `…::MODULE`): names of three or more parts.
fn is_registry_type(kind: &str) -> bool {
    let parts: Vec<&str> = kind.split("::").collect();
    parts.len() >= 3 && parts.iter().all(|p| !p.is_empty() && p.chars().all(|c| c.is_ascii_alphanumeric()))
}

/// What collecting one template produced.
#[derive(Debug)]
pub struct CfnOutput {
    pub inventory: Inventory,
    /// The raw `cloudformation` model input: the template with intrinsics resolved.
    pub template: Json,
    /// SourceMap of the raw model (entity refs are `Resources.<LogicalId>`, plus the file).
    pub source_map: SourceMap,
    pub diagnostics: Vec<Diagnostic>,
}

/// Whether a file can hold a template (the text names the format version or an `AWS::` type).
pub fn maybe(text: &str, _: FileKind) -> bool {
    text.contains("AWSTemplateFormatVersion") || text.contains("AWS::")
}

/// The file's first template, as an IaC unit, when one of its documents is a template.
pub fn read(input: &Input, nodes: &[Node]) -> Option<Output> {
    let node = nodes.iter().find(|n| is_template(n))?;
    let cfn = collect(input.rel, node, input.opts.cfn_params.as_deref());
    // Peers' waivers in resources' `Metadata` join the file's comments, at the logical ID.
    let ignores = InlineIgnores::with_peers(input.ignores, crate::peers::cloudformation_waivers(node));
    let unit = Unit {
        file: input.rel.clone(),
        root_ref: input.rel.to_string(),
        inventory: cfn.inventory,
        raw: Some((Model::Cloudformation, cfn.template, cfn.source_map)),
        ignores: [(input.rel.clone(), ignores)].into_iter().collect(),
    };
    Some(Output { iac: vec![unit], diagnostics: cfn.diagnostics, ..Default::default() })
}

/// Collect one template. `params` is the CLI's parameter file content (`--cfn-params`), if any.
pub fn collect(file: &Arc<str>, node: &Node, params: Option<&Json>) -> CfnOutput {
    let mut diagnostics = Vec::new();
    let Value::Map(top) = &node.value else {
        diagnostics.push(Diagnostic::error(
            file,
            Some(node.line),
            "expected a mapping (AWSTemplateFormatVersion, Parameters, Resources, …) at the top of the template",
        ));
        let mut source_map = SourceMap::default();
        source_map.insert_entity(file.to_string(), file.clone(), root_spans(node));
        return CfnOutput {
            inventory: Inventory::new(Source::CloudFormation, Vec::new()),
            template: Json::Object(Map::new()),
            source_map,
            diagnostics,
        };
    };
    let given = params.map(|p| given_parameters(p, file, &mut diagnostics)).unwrap_or_default();
    let params = parameters(node.get("Parameters"), given, file, &mut diagnostics);
    transforms(node, file, &mut diagnostics);

    let resources_node = node.get("Resources");
    let resource_entries: &[(yaml::Key, Node)] = match resources_node.map(|r| &r.value) {
        Some(Value::Map(entries)) => entries,
        Some(_) => {
            let line = resources_node.map(|r| r.line);
            diagnostics.push(Diagnostic::error(
                file,
                line,
                "Resources: expected a mapping of logical IDs to resources",
            ));
            &[]
        }
        None => {
            diagnostics.push(Diagnostic::warning(file, Some(node.line), "the template has no Resources section"));
            &[]
        }
    };
    let ids: HashSet<String> = resource_entries.iter().map(|(k, _)| k.text.clone()).collect();
    let conditions_node = node.get("Conditions");
    let conditions: HashMap<&str, &Node> = match conditions_node.map(|c| &c.value) {
        Some(Value::Map(entries)) => entries.iter().map(|(k, v)| (k.text.as_str(), v)).collect(),
        Some(Value::Null) | None => HashMap::new(),
        Some(_) => {
            let line = conditions_node.map(|c| c.line);
            diagnostics.push(Diagnostic::error(file, line, "Conditions: expected a mapping of names to conditions"));
            HashMap::new()
        }
    };
    let mut ev = Evaluator::new(file, params, ids, node.get("Mappings"), conditions);
    let mut file_spans = root_spans(node);
    let mut source_map = SourceMap::default();

    // Conditions first (in template order) so that their problems are reported in that order.
    let conditions_json = conditions_node.and_then(|c| match &c.value {
        Value::Map(entries) => {
            let mut out = Map::new();
            for (key, value) in entries {
                let mut pointer = String::from("/Conditions/");
                escape_pointer_segment(&key.text, &mut pointer);
                file_spans.insert(pointer, Span::new(key.line, value.end_line.max(key.line)));
                let v = ev.condition(&key.text, key.line);
                out.insert(key.text.clone(), v.map_or(Json::Null, Json::Bool));
            }
            Some(Json::Object(out))
        }
        _ => None,
    });

    let sam = sam::is_sam(node);
    let (globals, globals_json) = match node.get("Globals") {
        Some(g) if sam => evaluate_globals(g, &mut ev, file, &mut file_spans, &mut diagnostics),
        _ => (HashMap::new(), None),
    };

    let mut resources = Vec::new();
    let mut resources_json = Map::new();
    let mut merge_budget = sam::MERGE_BUDGET;
    let mut budget_warned = false;
    for (key, rnode) in resource_entries {
        let id = key.text.as_str();
        if id.starts_with("Fn::ForEach::") {
            diagnostics.push(Diagnostic::warning(
                file,
                Some(key.line),
                format!("{id}: Fn::ForEach is not expanded; the resources it would create are not scanned"),
            ));
            resources_json.insert(id.to_string(), yaml::to_json(rnode, &mut String::new(), &mut SpanMap::new()));
            continue;
        }
        if !matches!(rnode.value, Value::Map(_)) {
            let message = format!("resource {id}: expected a mapping with Type and Properties");
            diagnostics.push(Diagnostic::error(file, Some(key.line), message));
            continue;
        }
        let Some(kind) = rnode.get("Type").and_then(Node::as_str) else {
            let message = format!("resource {id} has no Type (expected a resource type such as AWS::S3::Bucket)");
            diagnostics.push(Diagnostic::error(file, Some(key.line), message));
            continue;
        };
        if let Some(c) = rnode.get("Condition") {
            match c.as_str() {
                Some(name) => {
                    if ev.condition(name, c.line) == Some(false) {
                        continue;
                    }
                }
                None => {
                    let message = format!("resource {id}: Condition must be the name of a condition; it is ignored");
                    diagnostics.push(Diagnostic::warning(file, Some(c.line), message));
                }
            }
        }
        let mut props = evaluate_properties(id, rnode.get("Properties"), &mut ev, file, &mut diagnostics);
        if let Some(global) = globals.get(kind) {
            let cost = global.value.as_ref().map_or(0, sam::size);
            if cost <= merge_budget {
                merge_budget -= cost;
                sam::merge(global, &mut props);
            } else if !budget_warned {
                budget_warned = true;
                let message =
                    "Globals: too large to merge into every resource; later resources are scanned without them";
                diagnostics.push(Diagnostic::warning(file, Some(key.line), message));
            }
        }
        let attrs = props.value.take().unwrap_or_else(|| Json::Object(Map::new()));
        // An omitted property belongs in `Properties` when it is written (see `cloud::read::attr`).
        if let Some((k, v)) = map_entry(rnode, "Properties") {
            props.spans.insert(String::new(), Span::new(k.line, v.end_line.max(k.line)));
        }

        let address = format!("Resources.{id}");
        let span = Span::new(key.line, rnode.end_line.max(key.line));
        let mut entity_spans = SpanMap::new();
        entity_spans.insert(String::new(), span);
        let mut object = Map::new();
        if let Value::Map(entries) = &rnode.value {
            for (k, v) in entries {
                let mut pointer = String::from("/");
                escape_pointer_segment(&k.text, &mut pointer);
                let value = match k.text.as_str() {
                    "Properties" => Some(attrs.clone()),
                    "Type" | "Condition" | "DependsOn" => {
                        Some(yaml::to_json(v, &mut pointer.clone(), &mut entity_spans))
                    }
                    _ => {
                        let evaluated = ev.eval_root(v, "");
                        prefix_spans(&evaluated.spans, &pointer, &mut entity_spans);
                        evaluated.value
                    }
                };
                if let Some(value) = value {
                    entity_spans.insert(pointer, Span::new(k.line, v.end_line.max(k.line)));
                    object.insert(k.text.clone(), value);
                }
            }
        }
        prefix_spans(&props.spans, "/Properties", &mut entity_spans);
        if !object.contains_key("Properties") && attrs.as_object().is_some_and(|a| !a.is_empty()) {
            object.insert("Properties".into(), attrs.clone());
        }
        object.insert("__ref".into(), Json::String(address.clone()));
        let mut in_file = String::from("/Resources/");
        escape_pointer_segment(id, &mut in_file);
        prefix_spans(&entity_spans, &in_file, &mut file_spans);
        source_map.insert_entity(address.clone(), file.clone(), entity_spans);
        resources_json.insert(id.to_string(), Json::Object(object));
        resources.push(Resource {
            kind: kind.to_string(),
            data: false,
            address,
            file: file.clone(),
            span,
            attrs,
            spans: props.spans,
            refs: props.refs,
            exprs: props.exprs,
        });
    }

    let outputs_json = node.get("Outputs").map(|o| evaluate_outputs(o, &mut ev, &mut file_spans));

    let mut template = Map::new();
    let mut conditions_json = conditions_json;
    let mut globals_json = globals_json;
    let mut outputs_json = outputs_json;
    let mut resources_json = Some(resources_json);
    for (key, value) in top {
        let mut pointer = String::from("/");
        escape_pointer_segment(&key.text, &mut pointer);
        let computed = match key.text.as_str() {
            "Conditions" => conditions_json.take(),
            "Globals" => globals_json.take(),
            "Outputs" => outputs_json.take(),
            "Resources" if matches!(value.value, Value::Map(_)) => resources_json.take().map(Json::Object),
            _ => None,
        };
        let json = match computed {
            Some(json) => json,
            None => yaml::to_json(value, &mut pointer.clone(), &mut file_spans),
        };
        file_spans.insert(pointer, Span::new(key.line, value.end_line.max(key.line)));
        template.insert(key.text.clone(), json);
    }
    template.insert("__ref".into(), Json::String(file.to_string()));
    source_map.insert_entity(file.to_string(), file.clone(), file_spans);
    diagnostics.append(&mut ev.diagnostics);

    CfnOutput {
        inventory: Inventory::new(Source::CloudFormation, resources),
        template: Json::Object(template),
        source_map,
        diagnostics,
    }
}

fn map_entry<'n>(node: &'n Node, key: &str) -> Option<(&'n yaml::Key, &'n Node)> {
    match &node.value {
        Value::Map(entries) => entries.iter().find(|(k, _)| k.text == key).map(|(k, v)| (k, v)),
        _ => None,
    }
}

fn root_spans(node: &Node) -> SpanMap {
    let mut spans = SpanMap::new();
    spans.insert(String::new(), Span::new(node.line, node.end_line));
    spans
}

/// Copy `from` into `to` with every pointer under `prefix`.
fn prefix_spans(from: &SpanMap, prefix: &str, to: &mut SpanMap) {
    for (pointer, span) in from {
        to.insert(format!("{prefix}{pointer}"), *span);
    }
}

/// A resource's `Properties`, evaluated: always an object.
fn evaluate_properties(
    id: &str,
    node: Option<&Node>,
    ev: &mut Evaluator,
    file: &str,
    diagnostics: &mut Vec<Diagnostic>,
) -> Evaluated {
    let Some(node) = node else {
        return Evaluated { value: Some(Json::Object(Map::new())), ..Default::default() };
    };
    let mut props = ev.eval_root(node, "");
    match &props.value {
        Some(Json::Object(_)) => {}
        // `Properties:` with nothing after it, or removed with AWS::NoValue.
        None => props.value = Some(Json::Object(Map::new())),
        Some(Json::Null) if node.value == Value::Null && node.tag.is_none() => {
            props.value = Some(Json::Object(Map::new()));
        }
        Some(Json::Null) => {
            let message = format!("resource {id}: its Properties cannot be resolved; it is scanned without them");
            diagnostics.push(Diagnostic::warning(file, Some(node.line), message));
            props.value = Some(Json::Object(Map::new()));
        }
        Some(_) => {
            let message = format!("resource {id}: Properties must be a mapping; it is scanned without them");
            diagnostics.push(Diagnostic::error(file, Some(node.line), message));
            props.value = Some(Json::Object(Map::new()));
            props.spans.clear();
            props.refs.clear();
            props.exprs.clear();
        }
    }
    props
}

/// SAM `Globals`, evaluated once per section: (resource type → section, the section for the
/// raw model).
fn evaluate_globals(
    node: &Node,
    ev: &mut Evaluator,
    file: &str,
    file_spans: &mut SpanMap,
    diagnostics: &mut Vec<Diagnostic>,
) -> (HashMap<String, Evaluated>, Option<Json>) {
    let Value::Map(sections) = &node.value else {
        diagnostics.push(Diagnostic::error(
            file,
            Some(node.line),
            "Globals: expected a mapping of sections (Function, Api, …)",
        ));
        return (HashMap::new(), None);
    };
    let mut by_type = HashMap::new();
    let mut json = Map::new();
    for (key, section) in sections {
        if !matches!(section.value, Value::Map(_)) {
            let message = format!("Globals.{}: expected a mapping of properties; it is ignored", key.text);
            diagnostics.push(Diagnostic::warning(file, Some(key.line), message));
            continue;
        }
        let evaluated = ev.eval_root(section, "");
        let mut pointer = String::from("/Globals/");
        escape_pointer_segment(&key.text, &mut pointer);
        prefix_spans(&evaluated.spans, &pointer, file_spans);
        file_spans.insert(pointer, Span::new(key.line, section.end_line.max(key.line)));
        json.insert(key.text.clone(), evaluated.value.clone().unwrap_or(Json::Null));
        by_type.insert(sam::section_type(&key.text), evaluated);
    }
    (by_type, Some(Json::Object(json)))
}

/// `Outputs`, evaluated; an output whose condition is false is left out.
fn evaluate_outputs(node: &Node, ev: &mut Evaluator, file_spans: &mut SpanMap) -> Json {
    let Value::Map(entries) = &node.value else {
        return yaml::to_json(node, &mut String::from("/Outputs"), file_spans);
    };
    let mut out = Map::new();
    for (key, output) in entries {
        if let Some(c) = output.get("Condition") {
            if c.as_str().is_some_and(|name| ev.condition(name, c.line) == Some(false)) {
                continue;
            }
        }
        let mut pointer = String::from("/Outputs/");
        escape_pointer_segment(&key.text, &mut pointer);
        let evaluated = ev.eval_root(output, "");
        prefix_spans(&evaluated.spans, &pointer, file_spans);
        file_spans.insert(pointer, Span::new(key.line, output.end_line.max(key.line)));
        if let Some(v) = evaluated.value {
            out.insert(key.text.clone(), v);
        }
    }
    Json::Object(out)
}

/// Macros other than SAM and the language extensions rewrite the template before deployment;
/// say that what is scanned is the template as written.
fn transforms(node: &Node, file: &str, diagnostics: &mut Vec<Diagnostic>) {
    let Some(t) = node.get("Transform") else { return };
    let names: Vec<(&str, u32)> = match &t.value {
        Value::Str(s) => vec![(s.as_str(), t.line)],
        Value::Seq(items) => items.iter().filter_map(|i| i.as_str().map(|s| (s, i.line))).collect(),
        _ => Vec::new(),
    };
    for (name, line) in names {
        if name != sam::SERVERLESS_TRANSFORM && name != LANGUAGE_EXTENSIONS {
            let message =
                format!("Transform {name} is a macro that is not expanded; the template is scanned as written");
            diagnostics.push(Diagnostic::info(file, Some(line), message));
        }
    }
}

/// The parameter file as name → value (`None`: no value, e.g. `UsePreviousValue`). Accepts
/// the AWS CLI's `[{"ParameterKey", "ParameterValue"}]`, CodePipeline's
/// `{"Parameters": {…}}` and a plain `{"Name": "value"}`.
fn given_parameters(params: &Json, file: &str, diagnostics: &mut Vec<Diagnostic>) -> HashMap<String, Option<String>> {
    let mut out = HashMap::new();
    match params {
        Json::Array(items) => {
            for item in items {
                let Some(key) = item.get("ParameterKey").and_then(Json::as_str) else {
                    let message =
                        "parameter file: expected items like {\"ParameterKey\": \"Name\", \"ParameterValue\": \"value\"}; one is ignored";
                    diagnostics.push(Diagnostic::warning(file, None, message));
                    continue;
                };
                let value = if item.get("UsePreviousValue") == Some(&Json::Bool(true)) {
                    None
                } else {
                    item.get("ParameterValue").and_then(given_text)
                };
                out.insert(key.to_string(), value);
            }
        }
        Json::Object(map) => {
            let map = match map.get("Parameters") {
                Some(Json::Object(inner)) => inner,
                _ => map,
            };
            for (key, value) in map {
                out.insert(key.clone(), given_text(value));
            }
        }
        _ => {
            let message = "parameter file: expected a list of {\"ParameterKey\", \"ParameterValue\"} or an object of names to values; it is ignored";
            diagnostics.push(Diagnostic::warning(file, None, message));
        }
    }
    out
}

/// A given parameter value as the text CloudFormation receives (lists comma-joined).
fn given_text(v: &Json) -> Option<String> {
    match v {
        Json::Array(items) => items.iter().map(scalar_text).collect::<Option<Vec<_>>>().map(|i| i.join(",")),
        v => scalar_text(v),
    }
}

fn is_list_type(kind: &str) -> bool {
    kind == "CommaDelimitedList" || kind.starts_with("List<")
}

/// One value of a parameter of type `kind`, from its text.
fn parameter_item(text: &str, kind: &str) -> Json {
    if kind == "Number" || kind == "List<Number>" {
        if let Some(n) = parse_number(text) {
            return n;
        }
    }
    Json::String(text.to_string())
}

/// A parameter's value from text: list types split on commas (each item trimmed), numbers as
/// numbers, everything else a string, as `Ref` returns them.
fn parameter_from_text(text: &str, kind: &str) -> Json {
    if is_list_type(kind) {
        Json::Array(text.split(',').map(|item| parameter_item(item.trim(), kind)).collect())
    } else {
        parameter_item(text, kind)
    }
}

/// Every declared parameter's value: given, else its default, else unknown (`null`).
fn parameters(
    node: Option<&Node>,
    mut given: HashMap<String, Option<String>>,
    file: &str,
    diagnostics: &mut Vec<Diagnostic>,
) -> HashMap<String, Json> {
    let mut out = HashMap::new();
    match node.map(|n| &n.value) {
        Some(Value::Map(entries)) => {
            for (key, p) in entries {
                let kind = p.get("Type").and_then(Node::as_str).unwrap_or("String");
                let value = match (given.remove(&key.text), p.get("Default")) {
                    // An image ID read from a Systems Manager parameter is what the dynamic
                    // reference `{{resolve:ssm:PATH}}` would write: the path says which image
                    // (`…/al2023-ami-…`), which decides defaults such as IMDSv2.
                    (Some(Some(path)), _) if kind == "AWS::SSM::Parameter::Value<AWS::EC2::Image::Id>" => {
                        Json::String(format!("{{{{resolve:ssm:{path}}}}}"))
                    }
                    (None, Some(default)) if kind == "AWS::SSM::Parameter::Value<AWS::EC2::Image::Id>" => {
                        default.as_str().map_or(Json::Null, |path| Json::String(format!("{{{{resolve:ssm:{path}}}}}")))
                    }
                    // Other values are read from Systems Manager when the stack deploys.
                    _ if kind.starts_with("AWS::SSM::Parameter::Value<") => Json::Null,
                    (Some(Some(text)), _) => parameter_from_text(&text, kind),
                    (Some(None), _) | (None, None) => Json::Null,
                    (None, Some(default)) => match yaml::to_json(default, &mut String::new(), &mut SpanMap::new()) {
                        Json::Array(items) if is_list_type(kind) => Json::Array(
                            items
                                .iter()
                                .map(|i| scalar_text(i).map_or(Json::Null, |t| parameter_item(&t, kind)))
                                .collect(),
                        ),
                        v => scalar_text(&v).map_or(v, |t| parameter_from_text(&t, kind)),
                    },
                };
                out.insert(key.text.clone(), value);
            }
        }
        Some(Value::Null) | None => {}
        Some(_) => {
            let line = node.map(|n| n.line);
            diagnostics.push(Diagnostic::error(file, line, "Parameters: expected a mapping of names to parameters"));
        }
    }
    let mut unknown: Vec<String> = given.into_keys().collect();
    unknown.sort();
    for name in unknown {
        let message = format!("the parameter file sets {name}, which the template does not declare; it is ignored");
        diagnostics.push(Diagnostic::warning(file, node.map(|n| n.line), message));
    }
    out
}
