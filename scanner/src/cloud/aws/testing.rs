//! Test helpers shared by every adapter's tests: resources with known lines, and one adapter
//! run over them.

use std::collections::HashMap;

use serde_json::Value as Json;

use super::Adapter;
use crate::cloud::CloudModel;
use crate::document::{Span, SpanMap};
use crate::iac::{Inventory, Resource, Source};

/// A resource whose top-level attributes only are located, each on its own line from line 2,
/// in a block of lines 1-20.
pub fn resource_top_level(kind: &str, address: &str, attrs: Json, refs: &[(&str, &str)]) -> Resource {
    let mut res = resource(kind, address, Json::Null, refs);
    res.spans = SpanMap::new();
    if let Some(obj) = attrs.as_object() {
        for (i, k) in obj.keys().enumerate() {
            res.spans.insert(format!("/{k}"), Span::new(i as u32 + 2, i as u32 + 2));
        }
    }
    res.span = Span::new(1, 20);
    res.attrs = attrs;
    res
}

/// A resource for adapter tests: every top-level attribute and every nested value is
/// located on its own line, in order, starting at line 2.
pub fn resource(kind: &str, address: &str, attrs: Json, refs: &[(&str, &str)]) -> Resource {
    let mut spans = SpanMap::new();
    let mut line = 2;
    fn walk(v: &Json, pointer: String, spans: &mut SpanMap, line: &mut u32) {
        if !pointer.is_empty() {
            spans.insert(pointer.clone(), Span::new(*line, *line));
            *line += 1;
        }
        match v {
            Json::Object(map) => {
                for (k, v) in map {
                    walk(v, format!("{pointer}/{k}"), spans, line);
                }
            }
            Json::Array(items) => {
                for (i, v) in items.iter().enumerate() {
                    walk(v, format!("{pointer}/{i}"), spans, line);
                }
            }
            _ => {}
        }
    }
    walk(&attrs, String::new(), &mut spans, &mut line);
    Resource {
        kind: kind.into(),
        data: address.starts_with("data."),
        address: address.into(),
        file: "main.tf".into(),
        span: Span::new(1, line),
        attrs,
        spans,
        refs: refs_map(refs),
        exprs: HashMap::new(),
    }
}

pub fn build(source: Source, resources: Vec<Resource>, adapter: &Adapter) -> Json {
    let inv = Inventory::new(source, resources);
    let mut model = CloudModel::default();
    match source {
        Source::Terraform => (adapter.terraform)(&inv, &mut model),
        Source::CloudFormation => (adapter.cloudformation)(&inv, &mut model),
    }
    model.finish().0
}

/// A resource whose every written value gets its own line, in document order, starting on
/// the line after `line` (the block's first line); `refs` maps pointers to addresses.
pub fn resource_at(kind: &str, address: &str, line: u32, attrs: Json, refs: &[(&str, &str)]) -> Resource {
    let mut spans = SpanMap::new();
    let mut next = line + 1;
    fn walk(v: &Json, pointer: String, spans: &mut SpanMap, next: &mut u32) {
        let start = *next;
        match v {
            Json::Object(map) => {
                if !pointer.is_empty() {
                    *next += 1;
                }
                for (k, child) in map {
                    walk(child, format!("{pointer}/{k}"), spans, next);
                }
            }
            Json::Array(list) if list.iter().any(Json::is_object) => {
                for (i, child) in list.iter().enumerate() {
                    walk(child, format!("{pointer}/{i}"), spans, next);
                }
            }
            _ => *next += 1,
        }
        if !pointer.is_empty() {
            spans.insert(pointer, Span::new(start, (*next - 1).max(start)));
        }
    }
    walk(&attrs, String::new(), &mut spans, &mut next);
    Resource {
        kind: kind.into(),
        data: false,
        address: address.into(),
        file: "main.tf".into(),
        span: Span::new(line, next),
        attrs,
        spans,
        refs: refs_map(refs),
        exprs: HashMap::new(),
    }
}

/// The first line `res` writes `pointer` on (its block's for `""`).
pub fn line(res: &Resource, pointer: &str) -> u32 {
    if pointer.is_empty() {
        return res.span.start;
    }
    res.spans.get(pointer).map_or(0, |s| s.start)
}

/// Run one adapter over `resources` and return the model input and a locator.
pub fn build_located(
    adapter: &Adapter,
    source: Source,
    resources: Vec<Resource>,
) -> (Json, impl Fn(&str, &[&str]) -> u32) {
    let inv = Inventory::new(source, resources);
    let mut model = CloudModel::default();
    match source {
        Source::Terraform => (adapter.terraform)(&inv, &mut model),
        Source::CloudFormation => (adapter.cloudformation)(&inv, &mut model),
    }
    let (input, map) = model.finish();
    let locate = move |entity: &str, path: &[&str]| {
        let path: Vec<Json> =
            path.iter().map(|p| p.parse::<u64>().map_or_else(|_| Json::String(p.to_string()), Json::from)).collect();
        map.locate(entity, &path).map_or(0, |l| l.span.start)
    };
    (input, locate)
}

/// `(pointer, address)` pairs as a resource's references.
fn refs_map(refs: &[(&str, &str)]) -> HashMap<String, Vec<String>> {
    let mut map: HashMap<String, Vec<String>> = HashMap::new();
    for (pointer, address) in refs {
        map.entry(pointer.to_string()).or_default().push(address.to_string());
    }
    map
}
