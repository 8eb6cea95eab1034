//! SAM (`Transform: AWS::Serverless-2016-10-31`): the `Globals` section merged into each
//! serverless resource, as the SAM translator does before CloudFormation sees the template.
//!
//! The serverless kinds are kept as they are (not expanded into the functions, roles and APIs
//! SAM would generate): adapters read `AWS::Serverless::Function` and friends directly, so a
//! finding points at the SAM resource the author wrote.

use std::collections::{HashMap, HashSet};

use serde_json::Value as Json;

use super::intrinsics::{Evaluated, Refs};
use crate::document::{escape_pointer_segment, SpanMap};
use crate::yaml::{Node, Value};

pub(super) const SERVERLESS_TRANSFORM: &str = "AWS::Serverless-2016-10-31";

/// JSON values a template's globals may copy into its resources, in all: a hostile template
/// with a huge `Globals` section and many functions cannot make merging quadratic.
pub(super) const MERGE_BUDGET: usize = 200_000;

/// Whether the template asks for the SAM transform (`Transform` is a string or a list).
pub(super) fn is_sam(root: &Node) -> bool {
    match root.get("Transform").map(|t| &t.value) {
        Some(Value::Str(s)) => s == SERVERLESS_TRANSFORM,
        Some(Value::Seq(items)) => items.iter().any(|i| i.as_str() == Some(SERVERLESS_TRANSFORM)),
        _ => false,
    }
}

/// The resource type a `Globals` section applies to (`Function` → `AWS::Serverless::Function`).
pub(super) fn section_type(section: &str) -> String {
    format!("AWS::Serverless::{section}")
}

/// How many JSON values merging `v` copies.
pub(super) fn size(v: &Json) -> usize {
    match v {
        Json::Array(items) => 1 + items.iter().map(size).sum::<usize>(),
        Json::Object(map) => 1 + map.values().map(size).sum::<usize>(),
        _ => 1,
    }
}

/// Merge a `Globals` section into a resource's evaluated properties, as SAM does: the
/// resource's value wins; maps merge key by key; lists are the global items followed by the
/// resource's; an intrinsic function counts as a scalar. Spans and refs follow the values, so
/// a property inherited from `Globals` is located in `Globals`.
pub(super) fn merge(global: &Evaluated, local: &mut Evaluated) {
    let Some(g) = &global.value else { return };
    let l = local.value.get_or_insert_with(|| Json::Object(Default::default()));
    if l.is_null() {
        *l = Json::Object(Default::default());
    }
    let mut merge = Merge {
        global,
        spans: &mut local.spans,
        refs: &mut local.refs,
        local_intrinsics: &local.intrinsic_at,
        copied: HashSet::new(),
    };
    merge.value(g, l, &mut String::new());
    // One pass over the globals' locations, whatever the number of values copied.
    let copied = std::mem::take(&mut merge.copied);
    copy_under(&global.spans, &copied, &mut local.spans);
    copy_under(&global.refs, &copied, &mut local.refs);
    copy_under(&global.exprs, &copied, &mut local.exprs);
}

struct Merge<'a> {
    global: &'a Evaluated,
    spans: &'a mut SpanMap,
    refs: &'a mut Refs,
    local_intrinsics: &'a HashSet<String>,
    /// Pointers of the values copied from the globals.
    copied: HashSet<String>,
}

impl Merge<'_> {
    fn value(&mut self, g: &Json, l: &mut Json, pointer: &mut String) {
        if self.global.intrinsic_at.contains(pointer.as_str()) || self.local_intrinsics.contains(pointer.as_str()) {
            return;
        }
        match (g, l) {
            (Json::Object(gm), Json::Object(lm)) => {
                for (key, gv) in gm {
                    let len = pointer.len();
                    pointer.push('/');
                    escape_pointer_segment(key, pointer);
                    match lm.get_mut(key) {
                        Some(lv) => self.value(gv, lv, pointer),
                        None => {
                            lm.insert(key.clone(), gv.clone());
                            self.copied.insert(pointer.clone());
                        }
                    }
                    pointer.truncate(len);
                }
            }
            (Json::Array(ga), Json::Array(la)) => {
                shift_items(self.spans, pointer, ga.len());
                shift_items(self.refs, pointer, ga.len());
                for i in 0..ga.len() {
                    self.copied.insert(format!("{pointer}/{i}"));
                }
                let mut merged = ga.clone();
                merged.append(la);
                *la = merged;
            }
            _ => {}
        }
    }
}

/// Copy the entries of `from` at or below one of the `copied` pointers.
fn copy_under<V: Clone>(from: &HashMap<String, V>, copied: &HashSet<String>, to: &mut HashMap<String, V>) {
    if copied.is_empty() {
        return;
    }
    for (key, value) in from {
        let mut prefix = key.as_str();
        loop {
            if copied.contains(prefix) {
                to.insert(key.clone(), value.clone());
                break;
            }
            match prefix.rfind('/') {
                Some(i) if i > 0 => prefix = &prefix[..i],
                _ => break,
            }
        }
    }
}

/// Renumber the items of the list at `pointer` by `by`, to make room for global items.
fn shift_items<V>(map: &mut HashMap<String, V>, pointer: &str, by: usize) {
    if by == 0 {
        return;
    }
    let prefix = format!("{pointer}/");
    let moved: Vec<String> = map.keys().filter(|k| k.starts_with(&prefix)).cloned().collect();
    let mut entries = Vec::with_capacity(moved.len());
    for key in moved {
        if let Some(value) = map.remove(&key) {
            entries.push((key, value));
        }
    }
    for (key, value) in entries {
        let rest = &key[prefix.len()..];
        let (index, tail) = rest.split_once('/').map_or((rest, ""), |(i, t)| (i, t));
        let new_key = match index.parse::<usize>() {
            Ok(i) if tail.is_empty() => format!("{prefix}{}", i + by),
            Ok(i) => format!("{prefix}{}/{tail}", i + by),
            Err(_) => key.clone(),
        };
        map.insert(new_key, value);
    }
}
