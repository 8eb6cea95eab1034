//! Kubernetes manifests: one document per object.
//!
//! A file may hold many objects (multi-document YAML, `List` kinds); each becomes its own
//! document so that findings, suppressions and fingerprints are per object, as people think
//! of them. Anything that is not an object (no `apiVersion`/`kind`) is not ours and is skipped.

use std::sync::Arc;

use serde_json::Value as Json;

use super::{FileKind, Input, Output};
use crate::diagnostic::Diagnostic;
use crate::document::{escape_pointer_segment, Aliases, Document, FileMap, Model, SourceMap, SpanMap};
use crate::ignores::{parse_annotation, InlineIgnores};
use crate::yaml::{self, Node, Value};

pub const IGNORE_ANNOTATION: &str = "rampart.dev/ignore";

pub(crate) fn is_object(node: &Node) -> bool {
    node.get("apiVersion").and_then(Node::as_str).is_some() && node.get("kind").and_then(Node::as_str).is_some()
}

/// Whether a file can hold objects (the text names an `apiVersion`).
pub fn maybe(text: &str, _: FileKind) -> bool {
    text.contains("apiVersion")
}

/// The file's objects, one document each (none when it has no object).
pub fn read(input: &Input, nodes: &[Node]) -> Option<Output> {
    Some(collect(input.rel, nodes, input.ignores))
}

/// The Kubernetes objects among a file's YAML documents, and the refused waivers among their
/// annotations.
pub fn collect(file: &Arc<str>, docs: &[Node], ignores: &Arc<InlineIgnores>) -> Output {
    let mut out = Output::default();
    for node in docs {
        if !is_object(node) {
            continue;
        }
        let kind = node.get("kind").and_then(Node::as_str).unwrap_or_default();
        let objects: Vec<&Node> = match node.get("items") {
            Some(Node { value: Value::Seq(items), .. }) if kind.ends_with("List") => {
                items.iter().filter(|i| is_object(i)).collect()
            }
            _ => vec![node],
        };
        for o in objects {
            out.docs.push(object(file, o, ignores, &mut out.diagnostics));
        }
    }
    super::manifest_set::link(&mut out.docs);
    out
}

fn object(file: &Arc<str>, node: &Node, ignores: &Arc<InlineIgnores>, diagnostics: &mut Vec<Diagnostic>) -> Document {
    let mut spans = SpanMap::default();
    // Kubernetes reads YAML 1.1 booleans (`privileged: yes`) as booleans; so must we.
    let input = yaml::to_json_with(node, &mut String::new(), &mut spans, true);
    document(file, input, spans, FileMap::new(), ignores, diagnostics)
}

/// The document of one object: `input` with the lines of its pointers (`files` names the
/// file of those written elsewhere than `file`, as a Kustomize patch is), its waivers
/// annotation read.
pub fn document(
    file: &Arc<str>,
    mut input: Json,
    spans: SpanMap,
    files: FileMap,
    ignores: &Arc<InlineIgnores>,
    diagnostics: &mut Vec<Diagnostic>,
) -> Document {
    let kind = input["kind"].as_str().unwrap_or_default().to_string();
    if kind == "ConfigMap" {
        mark_secret_keys(&mut input);
    }
    let root_ref = object_ref(&input);
    let annotation = input.pointer("/metadata/annotations").and_then(|a| a.get(IGNORE_ANNOTATION));
    let annotation_ignores = match annotation.and_then(Json::as_str).map(parse_annotation) {
        Some(Ok(waivers)) => waivers.into(),
        Some(Err(why)) => {
            let pointer = format!("/metadata/annotations/{}", IGNORE_ANNOTATION.replace('/', "~1"));
            let line = spans.get(&pointer).map(|s| s.start);
            let in_file = files.get(&pointer).unwrap_or(file);
            diagnostics.push(Diagnostic::warning(
                in_file,
                line,
                format!("{root_ref}: {IGNORE_ANNOTATION} refused: {why}"),
            ));
            Default::default()
        }
        None => Default::default(),
    };
    // Checkov's `checkov.io/skipN` annotations, for --honor-peer-ignores: waivers on the object's
    // first line, which anchors every finding in it.
    let annotation_line = |key: &str| {
        let mut pointer = "/metadata/annotations/".to_string();
        escape_pointer_segment(key, &mut pointer);
        spans.get(&pointer).map(|s| s.start)
    };
    let peer_waivers = match spans.get("") {
        Some(root) => crate::peers::kubernetes_waivers(&input, annotation_line)
            .into_iter()
            .map(|mut waiver| {
                waiver.line = waiver.line.max(root.start);
                (root.start, waiver)
            })
            .collect(),
        None => Vec::new(),
    };
    let ignores = InlineIgnores::with_peers(ignores, peer_waivers);
    let mut aliases = Aliases::new();
    name_list_items(&input, &mut String::new(), &mut aliases);
    let mut source_map = SourceMap::default();
    source_map.insert_entity_full(root_ref.clone(), file.clone(), spans, aliases, files);
    Document {
        model: Model::Kubernetes,
        file: file.clone(),
        kind: Some(kind),
        root_ref,
        input,
        source_map,
        ignores,
        other_ignores: Default::default(),
        annotation_ignores,
        context: None,
    }
}

/// The key under which a ConfigMap lists the data keys worth a look for secrets.
pub const SECRET_KEYS: &str = "__secret_keys";

/// List the `data` keys of a ConfigMap named like a secret or holding a credential, found in
/// one pass: a ConfigMap may hold hundreds of thousands of keys, too many to split into words
/// in Rego (K8S-050 judges these few).
fn mark_secret_keys(input: &mut Json) {
    let keys: Vec<Json> = input["data"]
        .as_object()
        .into_iter()
        .flatten()
        .filter(|(k, v)| crate::secrets::is_secret_name(k) || v.as_str().is_some_and(crate::secrets::has_credential))
        .map(|(k, _)| Json::String(k.clone()))
        .collect();
    if let Some(obj) = input.as_object_mut() {
        obj.insert(SECRET_KEYS.into(), Json::Array(keys));
    }
}

/// List items with a `name` (containers, volumes, env vars, ports) are known by it rather than
/// by position, so fingerprints survive reordering.
fn name_list_items(value: &Json, pointer: &mut String, aliases: &mut Aliases) {
    match value {
        Json::Array(items) => {
            for (i, item) in items.iter().enumerate() {
                let len = pointer.len();
                pointer.push('/');
                pointer.push_str(&i.to_string());
                if let Some(name) = item.get("name").and_then(Json::as_str) {
                    aliases.insert(pointer.clone(), format!("name={name}"));
                }
                name_list_items(item, pointer, aliases);
                pointer.truncate(len);
            }
        }
        Json::Object(map) => {
            for (k, v) in map {
                let len = pointer.len();
                pointer.push('/');
                crate::document::escape_pointer_segment(k, pointer);
                name_list_items(v, pointer, aliases);
                pointer.truncate(len);
            }
        }
        _ => {}
    }
}

/// `Kind/name`, or `Kind/namespace/name` when the namespace is written.
pub fn object_ref(obj: &Json) -> String {
    let kind = obj["kind"].as_str().unwrap_or("Object");
    let meta = &obj["metadata"];
    let name = meta["name"].as_str().or(meta["generateName"].as_str()).unwrap_or("<unnamed>");
    match meta["namespace"].as_str() {
        Some(ns) => format!("{kind}/{ns}/{name}"),
        None => format!("{kind}/{name}"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn run(text: &str) -> Vec<Document> {
        let docs = yaml::parse(text).unwrap();
        collect(&Arc::from("m.yaml"), &docs, &Arc::new(InlineIgnores::parse(text))).docs
    }

    #[test]
    fn multi_document_and_lists() {
        let docs = run(
            "apiVersion: v1\nkind: Pod\nmetadata: {name: a, namespace: x}\n---\n# just config\nfoo: bar\n---\napiVersion: v1\nkind: List\nitems:\n- apiVersion: v1\n  kind: Service\n  metadata: {name: s}\n",
        );
        let refs: Vec<_> = docs.iter().map(|d| d.root_ref.as_str()).collect();
        assert_eq!(refs, vec!["Pod/x/a", "Service/s"]);
        let loc = docs[1].source_map.locate("Service/s", &[serde_json::json!("kind")]).unwrap();
        assert_eq!(loc.span.start, 12);
    }

    #[test]
    fn annotation_ignores() {
        let docs = run("apiVersion: v1\nkind: Pod\nmetadata:\n  name: a\n  annotations:\n    rampart.dev/ignore: \"K8S-001 -- ok\"\n");
        assert_eq!(&*docs[0].annotation_ignores, [("K8S-001".to_string(), Some("ok".to_string()))]);
    }
}
