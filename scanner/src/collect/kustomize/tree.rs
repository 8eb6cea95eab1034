//! A YAML tree whose every node remembers the file and lines it came from.
//!
//! Kustomize builds an object out of several files: the base resource, the patches that
//! change it, the kustomization that renames and labels it. A finding must land on the line a
//! person edits, so each node carries its origin through every merge and transformation, and
//! the finished object turns into the JSON policies read plus a span map naming each value's
//! file.

use std::collections::HashMap;
use std::sync::Arc;

use serde_json::Value as Json;

use crate::document::{escape_pointer_segment, FileMap, Span, SpanMap};
use crate::yaml::{Node, Value};

/// Where a node was written: an index into the build's file table and its lines.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct At {
    pub file: u32,
    pub span: Span,
}

#[derive(Debug, Clone, PartialEq)]
pub enum Val {
    Scalar(Json),
    Seq(Vec<Tree>),
    Map(Vec<(String, Tree)>),
}

#[derive(Debug, Clone, PartialEq)]
pub struct Tree {
    pub val: Val,
    pub at: At,
}

impl Tree {
    /// `node` of file `file`. YAML 1.1 booleans (`yes`) become booleans, as the API server
    /// reads them.
    pub fn from_node(node: &Node, file: u32) -> Tree {
        let at = At { file, span: Span::new(node.line, node.end_line) };
        if let Some(b) = node.yaml11_bool {
            return Tree { val: Val::Scalar(Json::Bool(b)), at };
        }
        let val = match &node.value {
            Value::Null => Val::Scalar(Json::Null),
            Value::Bool(b) => Val::Scalar(Json::Bool(*b)),
            Value::Int(i) => Val::Scalar(Json::from(*i)),
            Value::Float(f) => Val::Scalar(
                serde_json::Number::from_f64(*f).map(Json::Number).unwrap_or_else(|| Json::String(f.to_string())),
            ),
            Value::Str(s) => Val::Scalar(Json::String(s.clone())),
            Value::Seq(items) => Val::Seq(items.iter().map(|i| Tree::from_node(i, file)).collect()),
            Value::Map(entries) => Val::Map(
                entries
                    .iter()
                    .map(|(k, v)| {
                        let mut child = Tree::from_node(v, file);
                        // An entry spans from its key to the end of its value.
                        child.at.span = Span::new(k.line, v.end_line.max(k.line));
                        (k.text.clone(), child)
                    })
                    .collect(),
            ),
        };
        Tree { val, at }
    }

    pub fn scalar(value: Json, at: At) -> Tree {
        Tree { val: Val::Scalar(value), at }
    }

    pub fn str(s: &str, at: At) -> Tree {
        Tree::scalar(Json::String(s.to_string()), at)
    }

    pub fn map(at: At) -> Tree {
        Tree { val: Val::Map(Vec::new()), at }
    }

    /// The value of a map's `key`, or a list's item at index `key`.
    pub fn get(&self, key: &str) -> Option<&Tree> {
        match &self.val {
            Val::Map(entries) => entries.iter().find(|(k, _)| k == key).map(|(_, v)| v),
            Val::Seq(items) => key.parse::<usize>().ok().and_then(|i| items.get(i)),
            Val::Scalar(_) => None,
        }
    }

    pub fn get_mut(&mut self, key: &str) -> Option<&mut Tree> {
        match &mut self.val {
            Val::Map(entries) => entries.iter_mut().find(|(k, _)| k == key).map(|(_, v)| v),
            Val::Seq(items) => key.parse::<usize>().ok().and_then(|i| items.get_mut(i)),
            Val::Scalar(_) => None,
        }
    }

    /// The value at `path` of map keys and list indices.
    pub fn at_path(&self, path: &[&str]) -> Option<&Tree> {
        path.iter().try_fold(self, |t, k| t.get(k))
    }

    pub fn at_path_mut(&mut self, path: &[&str]) -> Option<&mut Tree> {
        path.iter().try_fold(self, |t, k| t.get_mut(k))
    }

    pub fn as_str(&self) -> Option<&str> {
        match &self.val {
            Val::Scalar(Json::String(s)) => Some(s),
            _ => None,
        }
    }

    pub fn str_at(&self, path: &[&str]) -> Option<&str> {
        self.at_path(path).and_then(Tree::as_str)
    }

    pub fn items(&self) -> &[Tree] {
        match &self.val {
            Val::Seq(items) => items,
            _ => &[],
        }
    }

    pub fn items_mut(&mut self) -> &mut [Tree] {
        match &mut self.val {
            Val::Seq(items) => items,
            _ => &mut [],
        }
    }

    pub fn is_map(&self) -> bool {
        matches!(self.val, Val::Map(_))
    }

    /// Set `key` (replacing its value, keeping its place), creating the map when the node is
    /// not one.
    pub fn set(&mut self, key: &str, value: Tree) {
        if !self.is_map() {
            self.val = Val::Map(Vec::new());
        }
        if let Val::Map(entries) = &mut self.val {
            match entries.iter_mut().find(|(k, _)| k == key) {
                Some((_, v)) => *v = value,
                None => entries.push((key.to_string(), value)),
            }
        }
    }

    pub fn remove(&mut self, key: &str) -> Option<Tree> {
        match &mut self.val {
            Val::Map(entries) => entries.iter().position(|(k, _)| k == key).map(|i| entries.remove(i).1),
            _ => None,
        }
    }

    /// The map at `path`, created (located at `at`) where missing; `None` when a step is a
    /// value of another type.
    pub fn ensure_map(&mut self, path: &[&str], at: At) -> Option<&mut Tree> {
        let mut node = self;
        for key in path {
            if node.get(key).is_none() || matches!(node.get(key), Some(Tree { val: Val::Scalar(Json::Null), .. })) {
                node.set(key, Tree::map(at));
            }
            node = node.get_mut(key)?;
            if !node.is_map() {
                return None;
            }
        }
        Some(node)
    }

    pub fn to_json(&self) -> Json {
        match &self.val {
            Val::Scalar(v) => v.clone(),
            Val::Seq(items) => Json::Array(items.iter().map(Tree::to_json).collect()),
            Val::Map(entries) => Json::Object(entries.iter().map(|(k, v)| (k.clone(), v.to_json())).collect()),
        }
    }

    /// The JSON of the tree, the lines of every pointer, and the file of every pointer not
    /// written in `main` (the file the object's root comes from).
    pub fn to_located_json(&self, files: &[Arc<str>], main: u32) -> (Json, SpanMap, FileMap) {
        let mut spans = HashMap::new();
        let mut file_map = HashMap::new();
        let json = self.locate_into(&mut String::new(), &mut spans, &mut file_map, files, main);
        (json, spans, file_map)
    }

    fn locate_into(
        &self,
        pointer: &mut String,
        spans: &mut SpanMap,
        file_map: &mut FileMap,
        files: &[Arc<str>],
        main: u32,
    ) -> Json {
        spans.insert(pointer.clone(), self.at.span);
        if self.at.file != main {
            if let Some(name) = files.get(self.at.file as usize) {
                file_map.insert(pointer.clone(), name.clone());
            }
        }
        match &self.val {
            Val::Scalar(v) => v.clone(),
            Val::Seq(items) => Json::Array(
                items
                    .iter()
                    .enumerate()
                    .map(|(i, item)| {
                        let len = pointer.len();
                        pointer.push('/');
                        pointer.push_str(&i.to_string());
                        let v = item.locate_into(pointer, spans, file_map, files, main);
                        pointer.truncate(len);
                        v
                    })
                    .collect(),
            ),
            Val::Map(entries) => {
                let mut out = serde_json::Map::with_capacity(entries.len());
                for (k, v) in entries {
                    let len = pointer.len();
                    pointer.push('/');
                    escape_pointer_segment(k, pointer);
                    out.insert(k.clone(), v.locate_into(pointer, spans, file_map, files, main));
                    pointer.truncate(len);
                }
                Json::Object(out)
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn nodes_keep_their_file_and_lines() {
        let nodes = crate::yaml::parse("a:\n  b: yes\nc: [1, 2]\n").unwrap();
        let mut t = Tree::from_node(&nodes[0], 0);
        assert_eq!(t.at_path(&["a", "b"]).unwrap().val, Val::Scalar(Json::Bool(true)));
        t.ensure_map(&["a", "d"], At { file: 1, span: Span::new(9, 9) })
            .unwrap()
            .set("e", Tree::str("x", At { file: 1, span: Span::new(9, 9) }));
        let files: Vec<Arc<str>> = vec![Arc::from("base.yaml"), Arc::from("kustomization.yaml")];
        let (json, spans, file_map) = t.to_located_json(&files, 0);
        assert_eq!(json["a"]["d"]["e"], "x");
        assert_eq!(spans["/a/b"], Span::new(2, 2));
        assert_eq!(spans["/c/1"], Span::new(3, 3));
        assert_eq!(&*file_map["/a/d/e"], "kustomization.yaml");
        assert!(!file_map.contains_key("/a/b"));
    }
}
