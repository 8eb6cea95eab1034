//! AWS account snapshots: the cloud model a live audit read, saved as a file
//! (`rampart audit aws --snapshot FILE`) and scanned later like any other source.
//!
//! Why: an audit's findings can then be re-evaluated offline against new or custom policies
//! without touching the account again, attached to a bug report, and — because a snapshot can
//! be written by hand — the rules that only a live account can feed (root credentials, MFA,
//! key age) get rules-tests cases that run through a collector like every other rule.
//!
//! The file is the model itself, under a small header:
//!
//! ```yaml
//! apiVersion: rampart.dev/v1
//! kind: AwsAccountSnapshot
//! account: "123456789012"
//! aws:                      # exactly the `input.aws` policies see
//!   iam:
//!     account:
//!       - __ref: arn:aws:iam::123456789012:root
//!         root_mfa_enabled: false
//! ```
//!
//! Each entity is reported at its own line and each attribute at its key's line.

use std::sync::Arc;

use serde_json::{Map, Value as Json};

use super::{FileKind, Input, Output};
use crate::diagnostic::Diagnostic;
use crate::document::{Document, Model, SourceMap, Span, SpanMap};
use crate::ignores::InlineIgnores;
use crate::yaml::{self, Node, Value};

pub const API_VERSION: &str = "rampart.dev/v1";
pub const KIND: &str = "AwsAccountSnapshot";

/// Whether a parsed YAML/JSON document is an account snapshot.
pub fn is_snapshot(node: &Node) -> bool {
    node.get("kind").and_then(Node::as_str) == Some(KIND)
        && node.get("apiVersion").and_then(Node::as_str) == Some(API_VERSION)
}

/// Whether a file can hold a snapshot (the text names its kind).
pub fn maybe(text: &str, _: FileKind) -> bool {
    text.contains(KIND)
}

/// The snapshot's document, when one of the file's documents is a snapshot.
pub fn read(input: &Input, nodes: &[Node]) -> Option<Output> {
    let node = nodes.iter().find(|n| is_snapshot(n))?;
    let (doc, diagnostics) = collect(input.rel, node, input.ignores);
    Some(Output { docs: doc.into_iter().collect(), diagnostics, ..Default::default() })
}

/// The snapshot's `cloud` document, or the located reason it cannot be read.
pub fn collect(file: &Arc<str>, node: &Node, ignores: &Arc<InlineIgnores>) -> (Option<Document>, Vec<Diagnostic>) {
    let mut diagnostics = Vec::new();
    let account = node.get("account").and_then(Node::as_str).unwrap_or("unknown").to_string();
    let Some(aws) = node.get("aws") else {
        diagnostics.push(Diagnostic::error(file, Some(node.line), "AwsAccountSnapshot: expected an `aws` map"));
        return (None, diagnostics);
    };
    let Value::Map(services) = &aws.value else {
        diagnostics.push(Diagnostic::error(
            file,
            Some(aws.line),
            "AwsAccountSnapshot: `aws` must be a map of services",
        ));
        return (None, diagnostics);
    };

    let mut map = SourceMap::default();
    let mut input_aws = Map::new();
    for (service, collections) in services {
        let Value::Map(collections) = &collections.value else {
            diagnostics.push(Diagnostic::error(
                file,
                Some(service.line),
                format!("AwsAccountSnapshot: `aws.{}` must be a map of collections", service.text),
            ));
            continue;
        };
        let mut svc = Map::new();
        for (collection, entities) in collections {
            let Value::Seq(items) = &entities.value else {
                diagnostics.push(Diagnostic::error(
                    file,
                    Some(collection.line),
                    format!(
                        "AwsAccountSnapshot: `aws.{}.{}` must be a list of entities",
                        service.text, collection.text
                    ),
                ));
                continue;
            };
            let mut read: Vec<(String, Json, SpanMap)> = Vec::with_capacity(items.len());
            for item in items {
                let reference = item.get("__ref").and_then(Node::as_str);
                let (Value::Map(_), Some(reference)) = (&item.value, reference) else {
                    diagnostics.push(Diagnostic::error(
                        file,
                        Some(item.line),
                        format!(
                            "AwsAccountSnapshot: each entity of `aws.{}.{}` must be a map with a string `__ref`",
                            service.text, collection.text
                        ),
                    ));
                    continue;
                };
                let mut spans = SpanMap::new();
                let value = yaml::to_json(item, &mut String::new(), &mut spans);
                read.push((reference.to_string(), value, spans));
            }
            // Same order as a live audit's document, whatever order the file has.
            read.sort_by(|a, b| a.0.cmp(&b.0));
            let mut list = Vec::with_capacity(read.len());
            for (reference, value, spans) in read {
                map.insert_entity(reference, file.clone(), spans);
                list.push(value);
            }
            svc.insert(collection.text.clone(), Json::Array(list));
        }
        input_aws.insert(service.text.clone(), Json::Object(svc));
    }

    let root_ref = format!("aws-account/{account}");
    let mut spans = SpanMap::new();
    spans.insert(String::new(), Span::new(node.line, node.end_line));
    map.insert_entity(root_ref.clone(), file.clone(), spans);
    let mut input = Map::new();
    input.insert("aws".into(), Json::Object(input_aws));
    let doc = Document {
        model: Model::Cloud,
        file: file.clone(),
        kind: None,
        root_ref,
        input: Json::Object(input),
        source_map: map,
        ignores: ignores.clone(),
        other_ignores: Default::default(),
        annotation_ignores: Default::default(),
        context: None,
    };
    (Some(doc), diagnostics)
}

/// The snapshot file of an audited account's model (`input` of its `cloud` document).
pub fn render(account: &str, input: &Json) -> String {
    let mut out = Map::new();
    out.insert("apiVersion".into(), Json::String(API_VERSION.into()));
    out.insert("kind".into(), Json::String(KIND.into()));
    out.insert("account".into(), Json::String(account.into()));
    out.insert("aws".into(), input.get("aws").cloned().unwrap_or_else(|| Json::Object(Map::new())));
    let mut text = serde_json::to_string_pretty(&Json::Object(out)).expect("JSON values serialise");
    text.push('\n');
    text
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn read(text: &str) -> (Option<Document>, Vec<Diagnostic>) {
        let docs = yaml::parse(text).unwrap();
        assert!(is_snapshot(&docs[0]));
        collect(&Arc::from("snap.yaml"), &docs[0], &Arc::new(InlineIgnores::parse(text)))
    }

    #[test]
    fn entities_and_attributes_are_located() {
        let (doc, diags) = read(
            "apiVersion: rampart.dev/v1\nkind: AwsAccountSnapshot\naccount: \"1\"\naws:\n  iam:\n    account:\n      - __ref: arn:aws:iam::1:root\n        root_mfa_enabled: false\n",
        );
        assert!(diags.is_empty(), "{diags:?}");
        let doc = doc.unwrap();
        assert_eq!(doc.input["aws"]["iam"]["account"][0]["root_mfa_enabled"], json!(false));
        let loc = doc.source_map.locate("arn:aws:iam::1:root", &[json!("root_mfa_enabled")]).unwrap();
        assert_eq!(loc.span.start, 8);
        assert_eq!(doc.root_ref, "aws-account/1");
    }

    #[test]
    fn rendered_snapshots_read_back_as_the_same_model() {
        let input = json!({"aws": {"s3": {"buckets": [{"__ref": "arn:aws:s3:::b", "versioning": {"enabled": null}}]}}});
        let text = render("1", &input);
        let docs = yaml::parse(&text).unwrap();
        let (doc, diags) = collect(&Arc::from("s.json"), &docs[0], &Arc::new(InlineIgnores::default()));
        assert!(diags.is_empty());
        assert_eq!(doc.unwrap().input, input);
    }

    #[test]
    fn malformed_parts_are_located_errors() {
        let (doc, diags) = read(
            "apiVersion: rampart.dev/v1\nkind: AwsAccountSnapshot\naws:\n  iam:\n    users:\n      - name: no-ref\n    roles: 3\n",
        );
        assert!(doc.is_some());
        let lines: Vec<_> = diags.iter().map(|d| d.line).collect();
        assert_eq!(lines, [Some(6), Some(7)]);
        let (doc, diags) = read("apiVersion: rampart.dev/v1\nkind: AwsAccountSnapshot\n");
        assert!(doc.is_none() && diags[0].message.contains("`aws`"));
    }
}
