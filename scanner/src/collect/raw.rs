//! Raw documents: any YAML, JSON or TOML file, as parsed, for custom conftest-style policies
//! (naming rules, CI settings, application config) that no modelled input covers.

use std::sync::Arc;

use super::{Input, Output};
use crate::diagnostic::Diagnostic;
use crate::document::{Document, Model, SourceMap, Span, SpanMap};
use crate::ignores::InlineIgnores;
use crate::yaml::{self, Node};

fn document(file: &Arc<str>, input: serde_json::Value, spans: SpanMap, ignores: &Arc<InlineIgnores>) -> Document {
    let mut source_map = SourceMap::default();
    source_map.insert_entity(file.to_string(), file.clone(), spans);
    Document {
        model: Model::Raw,
        file: file.clone(),
        kind: None,
        root_ref: file.to_string(),
        input,
        source_map,
        ignores: ignores.clone(),
        other_ignores: Default::default(),
        annotation_ignores: Default::default(),
        context: None,
    }
}

/// A YAML/JSON file as one raw document.
pub fn read_yaml(input: &Input, nodes: &[Node]) -> Output {
    Output::doc(collect_yaml(input.rel, nodes, input.ignores))
}

/// A TOML file as one raw document, or why it cannot be read.
pub fn read_toml(input: &Input) -> Output {
    match collect_toml(input.rel, input.text, input.ignores) {
        Ok(doc) => Output::doc(doc),
        Err(d) => Output::diagnostic(d),
    }
}

/// A YAML/JSON file: its one document, or an array of its documents.
pub fn collect_yaml(file: &Arc<str>, docs: &[Node], ignores: &Arc<InlineIgnores>) -> Document {
    let mut spans = SpanMap::default();
    let input = match docs {
        [one] => yaml::to_json(one, &mut String::new(), &mut spans),
        many => {
            let end = many.iter().map(|d| d.end_line).max().unwrap_or(1);
            let items =
                many.iter().enumerate().map(|(i, d)| yaml::to_json(d, &mut format!("/{i}"), &mut spans)).collect();
            spans.insert(String::new(), Span::new(1, end));
            serde_json::Value::Array(items)
        }
    };
    document(file, input, spans, ignores)
}

/// A TOML file. TOML values carry no lines here, so findings are reported at the file.
pub fn collect_toml(file: &Arc<str>, text: &str, ignores: &Arc<InlineIgnores>) -> Result<Document, Diagnostic> {
    let value: toml::Value = toml::from_str(text).map_err(|e| {
        let line = e.span().map(|s| text[..s.start.min(text.len())].matches('\n').count() as u32 + 1);
        Diagnostic::error(file, line, format!("invalid TOML: {}", e.message()))
    })?;
    let input = serde_json::to_value(value).unwrap_or(serde_json::Value::Null);
    let mut spans = SpanMap::default();
    spans.insert(String::new(), Span::new(1, text.lines().count().max(1) as u32));
    Ok(document(file, input, spans, ignores))
}
