//! Terraform plan JSON (`terraform show -json plan.out`): the planned values of every resource
//! instance, with the module tree, fed to the same cloud adapters as HCL.
//!
//! A plan knows what HCL cannot (every variable, every `count`), but not where anything was
//! written. So when the module's `.tf` sources sit beside the plan, each resource is located
//! in them by its address; otherwise findings point at the plan file itself, with the
//! resource address as the logical location.

use std::collections::HashMap;
use std::path::Path;
use std::sync::Arc;

use serde_json::{Map, Value as Json};

use super::{terraform, FileKind, Input, Options, Output};
use crate::diagnostic::Diagnostic;
use crate::document::{SourceMap, Span, SpanMap};
use crate::iac::{Inventory, Resource, Source, Unit};
use crate::ignores::InlineIgnores;
use crate::yaml::{self, Node};

/// Whether a file can hold a plan: JSON naming a format version and planned values or changes.
pub fn maybe(text: &str, kind: FileKind) -> bool {
    kind == FileKind::Json
        && text.contains("\"format_version\"")
        && (text.contains("\"planned_values\"") || text.contains("\"resource_changes\""))
}

/// The plan, as an IaC unit, when one of the file's documents is a plan.
pub fn read(input: &Input, nodes: &[Node]) -> Option<Output> {
    let node = nodes.iter().find(|n| is_plan(n))?;
    let (unit, diagnostics) = collect(input.rel, input.abs, node, input.ignores, input.opts);
    Some(Output { iac: vec![unit], diagnostics, ..Default::default() })
}

/// Whether a parsed JSON document is a plan: `format_version` plus planned values or changes.
pub fn is_plan(node: &Node) -> bool {
    node.get("format_version").is_some()
        && (node.get("planned_values").is_some() || node.get("resource_changes").is_some())
}

/// The plan `file` (at `abs` on disk, when read from disk) as an IaC unit.
pub fn collect(
    file: &Arc<str>,
    abs: Option<&Path>,
    node: &Node,
    ignores: &Arc<InlineIgnores>,
    opts: &Options,
) -> (Unit, Vec<Diagnostic>) {
    let mut diagnostics = Vec::new();
    let unknown = unknown_values(node);
    let mut refs = HashMap::new();
    if let Some(config) = node.get("configuration").and_then(|c| c.get("root_module")) {
        config_refs(config, "", &mut refs);
    }
    let mut resources = Vec::new();
    match node.get("planned_values").and_then(|p| p.get("root_module")) {
        Some(root) => planned_module(file, root, &unknown, &refs, &mut resources, 0),
        None => diagnostics.push(Diagnostic::warning(
            file,
            Some(node.line),
            "plan has no planned_values.root_module: expected the output of `terraform show -json PLANFILE`",
        )),
    }

    // The sources beside the plan, when there are any, say where each resource was written.
    let mut all_ignores: HashMap<Arc<str>, Arc<InlineIgnores>> = HashMap::new();
    all_ignores.insert(file.clone(), ignores.clone());
    // Its directory, and what its files are named relative to: as the plan is named (relative
    // to the report base, or to the scan argument when the plan lies outside it).
    let beside = match abs {
        Some(abs) => abs.parent().map(|dir| (dir.to_path_buf(), crate::paths::display_base(dir, file))),
        None => opts.base.as_ref().and_then(|b| Some((b.join(file.as_ref()).parent()?.to_path_buf(), b.clone()))),
    };
    if let Some((dir, base)) = beside {
        if has_tf_files(&dir) {
            let module = terraform::collect_dir(&dir, &base, &opts.tf);
            relocate(&mut resources, &module.inventory);
            all_ignores.extend(module.ignores);
        }
    }

    let raw = raw_model(&resources);
    let unit = Unit {
        file: file.clone(),
        root_ref: file.to_string(),
        inventory: Inventory::new(Source::Terraform, resources),
        raw: Some(raw),
        ignores: all_ignores,
    };
    (unit, diagnostics)
}

fn has_tf_files(dir: &Path) -> bool {
    std::fs::read_dir(dir).into_iter().flatten().flatten().any(|e| {
        let name = e.file_name();
        let name = name.to_string_lossy();
        name.ends_with(".tf") || name.ends_with(".tf.json")
    })
}

/// Resource address → its `after_unknown` tree (values known only after apply).
fn unknown_values(node: &Node) -> HashMap<String, Json> {
    let mut out = HashMap::new();
    let Some(yaml::Value::Seq(changes)) = node.get("resource_changes").map(|n| &n.value) else { return out };
    for change in changes {
        let (Some(address), Some(unknown)) =
            (change.get("address").and_then(Node::as_str), change.get("change").and_then(|c| c.get("after_unknown")))
        else {
            continue;
        };
        let json = yaml::to_json(unknown, &mut String::new(), &mut SpanMap::new());
        out.insert(address.to_string(), json);
    }
    out
}

/// Address (without instance keys) → attribute pointer → resources its expression refers to,
/// from the plan's `configuration` section.
fn config_refs(module: &Node, prefix: &str, out: &mut HashMap<String, HashMap<String, Vec<String>>>) {
    if let Some(yaml::Value::Seq(resources)) = module.get("resources").map(|n| &n.value) {
        for res in resources {
            let Some(address) = res.get("address").and_then(Node::as_str) else { continue };
            let mut refs = HashMap::new();
            if let Some(exprs) = res.get("expressions") {
                expression_refs(exprs, &mut String::new(), prefix, &mut refs);
            }
            out.insert(format!("{prefix}{address}"), refs);
        }
    }
    if let Some(yaml::Value::Map(calls)) = module.get("module_calls").map(|n| &n.value) {
        for (name, call) in calls {
            if let Some(inner) = call.get("module") {
                config_refs(inner, &format!("{prefix}module.{}.", name.text), out);
            }
        }
    }
}

fn expression_refs(node: &Node, pointer: &mut String, prefix: &str, out: &mut HashMap<String, Vec<String>>) {
    match &node.value {
        yaml::Value::Map(entries) => {
            if let Some(yaml::Value::Seq(refs)) = node.get("references").map(|n| &n.value) {
                let addresses: Vec<String> =
                    refs.iter().filter_map(Node::as_str).filter_map(|r| reference_address(r, prefix)).collect();
                if !addresses.is_empty() {
                    out.insert(pointer.clone(), addresses);
                }
                return;
            }
            for (key, value) in entries {
                let len = pointer.len();
                pointer.push('/');
                crate::document::escape_pointer_segment(&key.text, pointer);
                expression_refs(value, pointer, prefix, out);
                pointer.truncate(len);
            }
        }
        yaml::Value::Seq(items) => {
            for (i, item) in items.iter().enumerate() {
                let len = pointer.len();
                pointer.push_str(&format!("/{i}"));
                expression_refs(item, pointer, prefix, out);
                pointer.truncate(len);
            }
        }
        _ => {}
    }
}

/// `aws_s3_bucket.logs.id` → `aws_s3_bucket.logs`; `data.x.y.json` → `data.x.y`; variables,
/// locals and module outputs are not resources.
fn reference_address(reference: &str, prefix: &str) -> Option<String> {
    let head = ["var.", "local.", "module.", "each.", "count.", "path.", "terraform.", "self."];
    if head.iter().any(|h| reference.starts_with(h)) {
        return None;
    }
    let parts: Vec<&str> = reference.split('.').collect();
    let take = if parts.first() == Some(&"data") { 3 } else { 2 };
    (parts.len() >= take).then(|| format!("{prefix}{}", parts[..take].join(".")))
}

fn planned_module(
    file: &Arc<str>,
    module: &Node,
    unknown: &HashMap<String, Json>,
    refs: &HashMap<String, HashMap<String, Vec<String>>>,
    out: &mut Vec<Resource>,
    depth: usize,
) {
    if depth > 64 {
        return;
    }
    if let Some(yaml::Value::Seq(resources)) = module.get("resources").map(|n| &n.value) {
        for res in resources {
            let (Some(address), Some(kind)) =
                (res.get("address").and_then(Node::as_str), res.get("type").and_then(Node::as_str))
            else {
                continue;
            };
            let mut spans = SpanMap::new();
            let mut attrs = match res.get("values") {
                Some(values) => yaml::to_json(values, &mut String::new(), &mut spans),
                None => Json::Object(Map::new()),
            };
            drop_nulls(&mut attrs);
            if let Some(tree) = unknown.get(address) {
                mark_unknown(&mut attrs, tree);
            }
            let config_address = strip_instance_keys(address);
            out.push(Resource {
                kind: kind.to_string(),
                data: res.get("mode").and_then(Node::as_str) == Some("data"),
                address: address.to_string(),
                file: file.clone(),
                span: Span::new(res.line, res.end_line),
                attrs,
                spans,
                refs: refs.get(&config_address).cloned().unwrap_or_default(),
                exprs: HashMap::new(),
            });
        }
    }
    if let Some(yaml::Value::Seq(children)) = module.get("child_modules").map(|n| &n.value) {
        for child in children {
            planned_module(file, child, unknown, refs, out, depth + 1);
        }
    }
}

/// In planned values, `null` is an argument left unset: the provider's default applies, which
/// for an adapter is an absent key (a `null` there would mean "cannot be known").
fn drop_nulls(value: &mut Json) {
    match value {
        Json::Object(fields) => {
            fields.retain(|_, v| !v.is_null());
            fields.values_mut().for_each(drop_nulls);
        }
        Json::Array(items) => items.iter_mut().for_each(drop_nulls),
        _ => {}
    }
}

/// Values known only after apply are unknown (`null`), not absent: absent would mean "the
/// default applies" to an adapter.
fn mark_unknown(attrs: &mut Json, tree: &Json) {
    match tree {
        Json::Object(fields) => {
            let Json::Object(values) = attrs else { return };
            for (key, sub) in fields {
                match sub {
                    Json::Bool(true) => {
                        values.insert(key.clone(), Json::Null);
                    }
                    _ => {
                        if let Some(v) = values.get_mut(key) {
                            mark_unknown(v, sub);
                        }
                    }
                }
            }
        }
        Json::Array(items) => {
            let Json::Array(values) = attrs else { return };
            for (v, sub) in values.iter_mut().zip(items) {
                if sub == &Json::Bool(true) {
                    *v = Json::Null;
                } else {
                    mark_unknown(v, sub);
                }
            }
        }
        _ => {}
    }
}

/// `module.a["x"].aws_s3_bucket.b[0]` → `module.a.aws_s3_bucket.b`.
fn strip_instance_keys(address: &str) -> String {
    let mut out = String::with_capacity(address.len());
    let mut depth = 0;
    let mut quoted = false;
    for c in address.chars() {
        match c {
            '"' if depth > 0 => quoted = !quoted,
            '[' if !quoted => depth += 1,
            ']' if !quoted => depth -= 1,
            _ if depth == 0 => out.push(c),
            _ => {}
        }
    }
    out
}

/// Locate planned resources in the sources they were written in, by address.
fn relocate(resources: &mut [Resource], sources: &Inventory) {
    for res in resources {
        let written = sources.get(&res.address).or_else(|| sources.get(&strip_instance_keys(&res.address)));
        if let Some(src) = written {
            res.file = src.file.clone();
            res.span = src.span;
            res.spans = src.spans.clone();
        }
    }
}

/// The raw `terraform` model of a plan: `{"resource": {TYPE: {NAME: values}}, "data": …}`.
fn raw_model(resources: &[Resource]) -> (crate::document::Model, Json, SourceMap) {
    let mut managed: Map<String, Json> = Map::new();
    let mut data: Map<String, Json> = Map::new();
    let mut map = SourceMap::default();
    for res in resources {
        let mut attrs = res.attrs.clone();
        if let Json::Object(o) = &mut attrs {
            o.insert("__ref".into(), Json::String(res.address.clone()));
        }
        let name = match res.address.strip_prefix("data.").unwrap_or(&res.address).split_once(&format!("{}.", res.kind))
        {
            Some((module, name)) => format!("{module}{name}"),
            None => res.address.clone(),
        };
        let group = if res.data { &mut data } else { &mut managed };
        if let Json::Object(by_type) = group.entry(res.kind.clone()).or_insert_with(|| Json::Object(Map::new())) {
            by_type.insert(name, attrs);
        }
        let mut spans = res.spans.clone();
        spans.insert(String::new(), res.span);
        map.insert_entity(res.address.clone(), res.file.clone(), spans);
    }
    let mut input = Map::new();
    input.insert("resource".into(), Json::Object(managed));
    input.insert("data".into(), Json::Object(data));
    (crate::document::Model::Terraform, Json::Object(input), map)
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn addresses_and_references() {
        assert_eq!(strip_instance_keys(r#"module.a["x[1]"].aws_s3_bucket.b[0]"#), "module.a.aws_s3_bucket.b");
        assert_eq!(reference_address("aws_s3_bucket.logs.id", "module.m."), Some("module.m.aws_s3_bucket.logs".into()));
        assert_eq!(
            reference_address("data.aws_iam_policy_document.p.json", ""),
            Some("data.aws_iam_policy_document.p".into())
        );
        assert_eq!(reference_address("var.name", ""), None);
    }

    #[test]
    fn unknown_after_apply_is_null_and_unset_is_absent() {
        let mut attrs =
            json!({"bucket": "b", "acl": null, "tags": {"a": "1"}, "rules": [{"kms": "k", "x": null}, {"kms": "x"}]});
        drop_nulls(&mut attrs);
        assert!(attrs.get("acl").is_none());
        assert!(attrs["rules"][0].get("x").is_none());
        mark_unknown(&mut attrs, &json!({"arn": true, "tags": {}, "rules": [{"kms": true}, {}]}));
        assert_eq!(attrs["arn"], Json::Null);
        assert_eq!(attrs["rules"][0]["kms"], Json::Null);
        assert_eq!(attrs["rules"][1]["kms"], json!("x"));
        assert_eq!(attrs["bucket"], json!("b"));
    }
}
