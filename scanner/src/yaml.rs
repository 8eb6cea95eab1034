//! YAML (and JSON) loading with a line for every key and item.
//!
//! Findings must point at the attribute that is wrong, so the loader keeps the line of every
//! mapping key and sequence item, which serde-based YAML crates throw away. It builds the tree
//! from saphyr's event stream itself so that it can bound what hostile input may cost: alias
//! expansion has a node budget (a "billion laughs" file fails fast) and nesting has a depth
//! limit (so neither building, converting nor dropping the tree can overflow the stack).
//! Custom tags (`!Ref`) are kept on the node for the CloudFormation collector.

use std::borrow::Cow;
use std::collections::HashMap;
use std::fmt;

use saphyr::Scalar;
use saphyr_parser::{Event, Parser, ScalarStyle, Span as YSpan, Tag};

use crate::document::{Span, SpanMap};

/// Nesting deeper than this is refused: no real manifest comes close.
pub const MAX_DEPTH: usize = 128;
/// Total nodes that alias expansion may create in one file.
pub const MAX_ALIAS_NODES: usize = 100_000;
/// Total bytes of keys and scalars that alias expansion may copy in one file: few nodes with
/// long strings cost as much memory as many small ones.
pub const MAX_ALIAS_BYTES: usize = 16 * 1024 * 1024;

#[derive(Debug, Clone, PartialEq)]
pub struct Node {
    /// 1-based first line of the node.
    pub line: u32,
    /// 1-based last line of the node (inclusive).
    pub end_line: u32,
    /// A non-core tag as written (`!Ref`), if any.
    pub tag: Option<String>,
    pub value: Value,
    /// What YAML 1.1 (and so Kubernetes' own parser) reads this plain scalar as, when that is a
    /// boolean the core schema keeps as a string (`yes`, `on`, `n`).
    pub yaml11_bool: Option<bool>,
}

#[derive(Debug, Clone, PartialEq)]
pub enum Value {
    Null,
    Bool(bool),
    Int(i64),
    Float(f64),
    Str(String),
    Seq(Vec<Node>),
    Map(Vec<(Key, Node)>),
}

#[derive(Debug, Clone, PartialEq)]
pub struct Key {
    pub text: String,
    pub line: u32,
}

#[derive(Debug, Clone, PartialEq)]
pub struct YamlError {
    pub line: u32,
    pub col: u32,
    pub message: String,
}

impl fmt::Display for YamlError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "line {}, column {}: {}", self.line, self.col, self.message)
    }
}

impl Node {
    pub fn get(&self, key: &str) -> Option<&Node> {
        match &self.value {
            Value::Map(entries) => entries.iter().find(|(k, _)| k.text == key).map(|(_, v)| v),
            _ => None,
        }
    }

    pub fn as_str(&self) -> Option<&str> {
        match &self.value {
            Value::Str(s) => Some(s),
            _ => None,
        }
    }
}

/// Parse a YAML stream (JSON is a subset) into one node per document. A repeated key is an
/// error: Rampart's own files (settings, METADATA, specs) must not hide a value.
pub fn parse(text: &str) -> Result<Vec<Node>, YamlError> {
    parse_as(text, false).map(|(docs, _)| docs)
}

/// What the parser accepted as the API server does, though a strict reading would not: a
/// repeated key, whose last value is kept.
#[derive(Debug, Clone, PartialEq)]
pub struct YamlWarning {
    pub line: u32,
    pub message: String,
}

/// Like [`parse`], for the files Rampart scans: a repeated key keeps its last value, as the
/// Kubernetes API server and PyYAML keep it, with a warning.
pub fn parse_with_warnings(text: &str) -> Result<(Vec<Node>, Vec<YamlWarning>), YamlError> {
    parse_as(text, true)
}

fn parse_as(text: &str, lenient: bool) -> Result<(Vec<Node>, Vec<YamlWarning>), YamlError> {
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    let mut text = std::borrow::Cow::Borrowed(text);
    let mut retries = 0;
    // When indenting does not help (an unclosed bracket), the first error is the one to report.
    let mut first: Option<YamlError> = None;
    loop {
        match parse_once(&text, lenient) {
            Ok(parsed) => return Ok(parsed),
            // A flow collection spread over lines, one of them at its key's column: Kubernetes
            // and PyYAML read it, and indentation means nothing inside brackets, so indent that
            // line and try again (a bounded number of times: each try reads the whole text).
            Err(e) if e.message.contains("indentation") && retries < 64 && in_flow(&text, e.line) => {
                let Some(fixed) = indent_line(&text, e.line) else { return Err(first.unwrap_or(e)) };
                retries += 1;
                first.get_or_insert(e);
                text = std::borrow::Cow::Owned(fixed);
            }
            Err(e) => return Err(first.unwrap_or(e)),
        }
    }
}

fn parse_once(text: &str, lenient: bool) -> Result<(Vec<Node>, Vec<YamlWarning>), YamlError> {
    let mut builder = Builder { lenient, ..Default::default() };
    let mut parser = Parser::new_from_str(text);
    while let Some(event) = parser.next_event() {
        let (event, span) = event.map_err(|e| YamlError {
            line: e.marker().line() as u32,
            col: e.marker().col() as u32 + 1,
            message: e.info().to_string(),
        })?;
        builder.on_event(event, span)?;
    }
    Ok((builder.docs, builder.warnings))
}

/// Whether a flow collection is open at the start of 1-based `line`: more `[`/`{` than
/// `]`/`}` before it, outside quotes and comments.
fn in_flow(text: &str, line: u32) -> bool {
    let mut depth = 0i64;
    for l in text.lines().take(line.saturating_sub(1) as usize) {
        let mut quote: Option<char> = None;
        let mut prev = ' ';
        for c in l.chars() {
            match (quote, c) {
                (None, '#') if prev == ' ' || prev == '\t' => break,
                (None, '"' | '\'') => quote = Some(c),
                (Some(q), c) if c == q && !(q == '"' && prev == '\\') => quote = None,
                (None, '[' | '{') => depth += 1,
                (None, ']' | '}') => depth -= 1,
                _ => {}
            }
            prev = c;
        }
    }
    depth > 0
}

/// `text` with 1-based `line` indented by two more spaces.
fn indent_line(text: &str, line: u32) -> Option<String> {
    let mut out = String::with_capacity(text.len() + 2);
    let mut found = false;
    for (i, l) in text.split_inclusive('\n').enumerate() {
        if i + 1 == line as usize {
            out.push_str("  ");
            found = true;
        }
        out.push_str(l);
    }
    found.then_some(out)
}

enum Frame {
    Seq {
        items: Vec<Node>,
        line: u32,
        anchor: usize,
        tag: Option<String>,
    },
    Map {
        entries: Vec<(Key, Node)>,
        /// Key → index in `entries`, once the mapping is big enough for a scan to hurt.
        index: Option<HashMap<String, usize>>,
        pending: Option<Key>,
        line: u32,
        anchor: usize,
        tag: Option<String>,
    },
}

#[derive(Default)]
struct Builder {
    docs: Vec<Node>,
    /// Whether a repeated key keeps its last value (with a warning) rather than failing.
    lenient: bool,
    warnings: Vec<YamlWarning>,
    stack: Vec<Frame>,
    root: Option<Node>,
    anchors: HashMap<usize, Node>,
    alias_nodes: usize,
    alias_bytes: usize,
}

fn line_of(span: &YSpan) -> u32 {
    span.start.line().max(1) as u32
}

fn err_at(span: &YSpan, message: impl Into<String>) -> YamlError {
    YamlError { line: line_of(span), col: span.start.col() as u32 + 1, message: message.into() }
}

fn tag_text(tag: Option<Cow<'_, Tag>>) -> Option<String> {
    let tag = tag?;
    if tag.is_yaml_core_schema() {
        return None;
    }
    Some(format!("{}{}", tag.handle, tag.suffix))
}

impl Builder {
    fn on_event(&mut self, event: Event<'_>, span: YSpan) -> Result<(), YamlError> {
        match event {
            Event::DocumentStart(_) => self.root = None,
            Event::DocumentEnd => {
                let root = self.root.take().unwrap_or(Node {
                    line: line_of(&span),
                    end_line: line_of(&span),
                    tag: None,
                    value: Value::Null,
                    yaml11_bool: None,
                });
                self.docs.push(root);
            }
            Event::SequenceStart(anchor, tag) => {
                self.check_depth(&span)?;
                self.stack.push(Frame::Seq { items: Vec::new(), line: line_of(&span), anchor, tag: tag_text(tag) });
            }
            Event::MappingStart(anchor, tag) => {
                self.check_depth(&span)?;
                self.stack.push(Frame::Map {
                    entries: Vec::new(),
                    index: None,
                    pending: None,
                    line: line_of(&span),
                    anchor,
                    tag: tag_text(tag),
                });
            }
            Event::SequenceEnd => {
                if let Some(Frame::Seq { items, line, anchor, tag }) = self.stack.pop() {
                    let end_line = items.iter().map(|n| n.end_line).max().unwrap_or(line);
                    let node = Node { line, end_line, tag, value: Value::Seq(items), yaml11_bool: None };
                    self.complete(node, anchor, &span)?;
                }
            }
            Event::MappingEnd => {
                if let Some(Frame::Map { entries, line, anchor, tag, .. }) = self.stack.pop() {
                    let entries = apply_merge_keys(entries);
                    let end_line = entries.iter().map(|(_, n)| n.end_line).max().unwrap_or(line);
                    let node = Node { line, end_line, tag, value: Value::Map(entries), yaml11_bool: None };
                    self.complete(node, anchor, &span)?;
                }
            }
            Event::Scalar(text, style, anchor, tag) => {
                let line = line_of(&span);
                // Block scalars end at the start of the next line; report their last line.
                let mut end_line = (span.end.line() as u32).max(line);
                if span.end.col() == 0 && end_line > line {
                    end_line -= 1;
                }
                let yaml11_bool = if style == ScalarStyle::Plain && tag.is_none() { yaml11_bool(&text) } else { None };
                let value = scalar_value(text, style, tag.as_ref());
                let node = Node { line, end_line, tag: tag_text(tag), value, yaml11_bool };
                self.complete(node, anchor, &span)?;
            }
            Event::Alias(id) => {
                let Some(target) = self.anchors.get(&id) else {
                    return Err(err_at(&span, "alias refers to an unknown anchor"));
                };
                let (nodes, bytes) = cost(target);
                self.alias_nodes += nodes;
                self.alias_bytes += bytes;
                if self.alias_nodes > MAX_ALIAS_NODES {
                    return Err(err_at(
                        &span,
                        format!("alias expansion exceeds {MAX_ALIAS_NODES} nodes (a \"billion laughs\" file?)"),
                    ));
                }
                if self.alias_bytes > MAX_ALIAS_BYTES {
                    return Err(err_at(
                        &span,
                        format!(
                            "alias expansion exceeds {MAX_ALIAS_BYTES} bytes (long strings repeated through aliases)"
                        ),
                    ));
                }
                let mut node = target.clone();
                // The alias is used here: locate it here, not at the anchor.
                let line = line_of(&span);
                node.line = line;
                node.end_line = line;
                self.complete(node, 0, &span)?;
            }
            Event::StreamStart | Event::StreamEnd | Event::Nothing => {}
        }
        Ok(())
    }

    fn check_depth(&self, span: &YSpan) -> Result<(), YamlError> {
        if self.stack.len() >= MAX_DEPTH {
            return Err(err_at(span, format!("nesting deeper than {MAX_DEPTH} levels")));
        }
        Ok(())
    }

    fn complete(&mut self, node: Node, anchor: usize, span: &YSpan) -> Result<(), YamlError> {
        if anchor > 0 {
            self.anchors.insert(anchor, node.clone());
        }
        match self.stack.last_mut() {
            None => self.root = Some(node),
            Some(Frame::Seq { items, .. }) => items.push(node),
            Some(Frame::Map { entries, index, pending, .. }) => match pending.take() {
                None => {
                    let text = match &node.value {
                        Value::Str(s) => s.clone(),
                        Value::Null => "null".to_string(),
                        Value::Bool(b) => b.to_string(),
                        Value::Int(i) => i.to_string(),
                        Value::Float(f) => f.to_string(),
                        Value::Seq(_) | Value::Map(_) => {
                            return Err(err_at(span, "complex mapping keys are not supported"));
                        }
                    };
                    *pending = Some(Key { text, line: node.line });
                }
                Some(key) => {
                    if key.text != "<<" {
                        if let Some(first) = find_key(entries, index, &key.text) {
                            let first_line = entries[first].0.line;
                            if !self.lenient {
                                return Err(YamlError {
                                    line: key.line,
                                    col: 1,
                                    message: format!(
                                        "duplicate key {:?} (first defined on line {first_line})",
                                        key.text
                                    ),
                                });
                            }
                            // The API server keeps the last value; so do we, and say so.
                            self.warnings.push(YamlWarning {
                                line: key.line,
                                message: format!(
                                    "duplicate key {:?} (first defined on line {first_line}): the last value is the one applied",
                                    key.text
                                ),
                            });
                            entries[first] = (key, node);
                            return Ok(());
                        }
                        if let Some(index) = index {
                            index.insert(key.text.clone(), entries.len());
                        }
                    }
                    entries.push((key, node));
                }
            },
        }
        Ok(())
    }
}

/// Where `key` already is in a mapping being built. Small mappings are scanned; past 16 keys
/// an index is built, so a mapping with a million keys is not quadratic.
fn find_key(entries: &[(Key, Node)], index: &mut Option<HashMap<String, usize>>, key: &str) -> Option<usize> {
    if index.is_none() && entries.len() >= 16 {
        let map =
            entries.iter().enumerate().filter(|(_, (k, _))| k.text != "<<").map(|(i, (k, _))| (k.text.clone(), i));
        *index = Some(map.collect());
    }
    match index {
        Some(index) => index.get(key).copied(),
        None => entries.iter().position(|(k, _)| k.text == key),
    }
}

/// YAML 1.1 merge keys (`<<: *defaults`), which Kubernetes and CI files use: keys written in
/// the mapping win over merged ones.
fn apply_merge_keys(entries: Vec<(Key, Node)>) -> Vec<(Key, Node)> {
    if !entries.iter().any(|(k, _)| k.text == "<<") {
        return entries;
    }
    let (merges, mut own): (Vec<_>, Vec<_>) = entries.into_iter().partition(|(k, _)| k.text == "<<");
    let mut seen: std::collections::HashSet<String> = own.iter().map(|(k, _)| k.text.clone()).collect();
    for (_, source) in merges {
        let maps = match source.value {
            Value::Map(m) => vec![m],
            Value::Seq(items) => items
                .into_iter()
                .filter_map(|n| match n.value {
                    Value::Map(m) => Some(m),
                    _ => None,
                })
                .collect(),
            _ => vec![],
        };
        for map in maps {
            for (k, v) in map {
                if seen.insert(k.text.clone()) {
                    own.push((k, v));
                }
            }
        }
    }
    own
}

/// The YAML 1.1 booleans that YAML 1.2 reads as strings.
fn yaml11_bool(text: &str) -> Option<bool> {
    match text {
        "y" | "Y" | "yes" | "Yes" | "YES" | "on" | "On" | "ON" => Some(true),
        "n" | "N" | "no" | "No" | "NO" | "off" | "Off" | "OFF" => Some(false),
        _ => None,
    }
}

/// What copying `node` costs: its nodes, and the bytes of its keys and scalars.
fn cost(node: &Node) -> (usize, usize) {
    let add = |(n, b): (usize, usize), (n2, b2): (usize, usize)| (n + n2, b + b2);
    match &node.value {
        Value::Seq(items) => items.iter().map(cost).fold((1, 0), add),
        Value::Map(entries) => entries.iter().map(|(k, v)| add(cost(v), (0, k.text.len()))).fold((1, 0), add),
        Value::Str(s) => (1, s.len()),
        _ => (1, 8),
    }
}

fn scalar_value(text: Cow<'_, str>, style: ScalarStyle, tag: Option<&Cow<'_, Tag>>) -> Value {
    match Scalar::parse_from_cow_and_metadata(text.clone(), style, tag) {
        Some(Scalar::Null) => Value::Null,
        Some(Scalar::Boolean(b)) => Value::Bool(b),
        Some(Scalar::Integer(i)) => Value::Int(i),
        Some(Scalar::FloatingPoint(f)) => Value::Float(f.into_inner()),
        Some(Scalar::String(s)) => Value::Str(s.into_owned()),
        // A core tag that does not fit its value (`!!int abc`): keep the text.
        None => Value::Str(text.into_owned()),
    }
}

/// Convert a node to JSON, recording the lines of every key and item under `pointer`
/// (a JSON pointer relative to the document root) in `spans`.
pub fn to_json(node: &Node, pointer: &mut String, spans: &mut SpanMap) -> serde_json::Value {
    to_json_with(node, pointer, spans, false)
}

/// As `to_json`; with `yaml11`, plain `yes`/`no`/`on`/`off`/`y`/`n` are booleans, as Kubernetes
/// (whose YAML parser follows YAML 1.1) reads them.
pub fn to_json_with(node: &Node, pointer: &mut String, spans: &mut SpanMap, yaml11: bool) -> serde_json::Value {
    spans.insert(pointer.clone(), Span::new(node.line, node.end_line));
    if let (true, Some(b)) = (yaml11, node.yaml11_bool) {
        return serde_json::Value::Bool(b);
    }
    match &node.value {
        Value::Null => serde_json::Value::Null,
        Value::Bool(b) => serde_json::Value::Bool(*b),
        Value::Int(i) => serde_json::Value::from(*i),
        Value::Float(f) => serde_json::Number::from_f64(*f)
            .map(serde_json::Value::Number)
            .unwrap_or_else(|| serde_json::Value::String(f.to_string())),
        Value::Str(s) => serde_json::Value::String(s.clone()),
        Value::Seq(items) => {
            let mut out = Vec::with_capacity(items.len());
            for (i, item) in items.iter().enumerate() {
                let len = pointer.len();
                pointer.push('/');
                pointer.push_str(&i.to_string());
                out.push(to_json_with(item, pointer, spans, yaml11));
                pointer.truncate(len);
            }
            serde_json::Value::Array(out)
        }
        Value::Map(entries) => {
            let mut out = serde_json::Map::with_capacity(entries.len());
            for (key, value) in entries {
                let len = pointer.len();
                pointer.push('/');
                crate::document::escape_pointer_segment(&key.text, pointer);
                let json = to_json_with(value, pointer, spans, yaml11);
                // The entry spans from its key to the end of its value.
                spans.insert(pointer.clone(), Span::new(key.line, value.end_line.max(key.line)));
                pointer.truncate(len);
                out.insert(key.text.clone(), json);
            }
            serde_json::Value::Object(out)
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keys_and_items_have_lines() {
        let docs = parse("a: 1\nb:\n  - x\n  - y: 2\n    z: 3\n").unwrap();
        let mut spans = SpanMap::default();
        let json = to_json(&docs[0], &mut String::new(), &mut spans);
        assert_eq!(json["b"][1]["z"], 3);
        assert_eq!(spans["/a"], Span::new(1, 1));
        assert_eq!(spans["/b"], Span::new(2, 5));
        assert_eq!(spans["/b/1"], Span::new(4, 5));
        assert_eq!(spans["/b/1/z"], Span::new(5, 5));
    }

    #[test]
    fn multi_document_streams_and_empty_documents() {
        let docs = parse("a: 1\n---\n---\nb: 2\n").unwrap();
        assert_eq!(docs.len(), 3);
        assert_eq!(docs[1].value, Value::Null);
        assert_eq!(docs[2].line, 4);
    }

    #[test]
    fn tags_are_kept() {
        let docs = parse("v: !Ref Name\nw: !GetAtt [A, B]\n").unwrap();
        let v = docs[0].get("v").unwrap();
        assert_eq!(v.tag.as_deref(), Some("!Ref"));
        assert_eq!(v.as_str(), Some("Name"));
        assert_eq!(docs[0].get("w").unwrap().tag.as_deref(), Some("!GetAtt"));
    }

    #[test]
    fn billion_laughs_fails_fast() {
        let mut text = String::from("a0: &a0 [x, x, x, x, x, x, x, x, x, x]\n");
        for i in 1..12 {
            let refs = vec![format!("*a{}", i - 1); 10].join(", ");
            text.push_str(&format!("a{i}: &a{i} [{refs}]\n"));
        }
        let err = parse(&text).unwrap_err();
        assert!(err.message.contains("alias expansion"), "{err}");
    }

    #[test]
    fn long_strings_repeated_through_aliases_fail_fast() {
        let long = "x".repeat(100_000);
        let refs = vec!["*big"; 200].join(", ");
        let text = format!("big: &big \"{long}\"\ncopies: [{refs}]\n");
        let err = parse(&text).unwrap_err();
        assert!(err.message.contains("bytes"), "{err}");
    }

    #[test]
    fn deep_nesting_is_refused() {
        let text = "[".repeat(100_000);
        let err = parse(&text).unwrap_err();
        assert!(err.message.contains("nesting") || err.message.contains("recursion"), "{err}");
        // Block style is bounded by our own limit.
        let mut block = String::new();
        for depth in 0..200 {
            block.push_str(&" ".repeat(depth));
            block.push_str("k:\n");
        }
        let err = parse(&block).unwrap_err();
        assert!(err.message.contains("nesting deeper"), "{err}");
    }

    #[test]
    fn duplicate_keys_are_errors_in_ramparts_own_files() {
        let err = parse("a: 1\nb: 2\na: 3\n").unwrap_err();
        assert_eq!(err.line, 3);
        assert!(err.message.contains("first defined on line 1"));
    }

    #[test]
    fn duplicate_keys_keep_the_last_value_with_a_located_warning() {
        let (docs, warnings) = parse_with_warnings("a: 1\nb: 2\na: 3\n").unwrap();
        let json = to_json(&docs[0], &mut String::new(), &mut SpanMap::default());
        assert_eq!(json, serde_json::json!({"a": 3, "b": 2}), "as PyYAML and the API server read it");
        assert_eq!(docs[0].get("a").unwrap().line, 3, "located at the value applied");
        assert_eq!(warnings.len(), 1);
        assert_eq!(warnings[0].line, 3);
        assert!(warnings[0].message.contains("first defined on line 1"), "{warnings:?}");
    }

    #[test]
    fn big_mappings_are_linear_and_still_catch_duplicates() {
        let mut text: String = (0..200_000).map(|i| format!("k{i}: {i}\n")).collect();
        let started = std::time::Instant::now();
        assert!(parse(&text).is_ok());
        assert!(started.elapsed() < std::time::Duration::from_secs(20));
        text.push_str("k5: again\n");
        let (_, warnings) = parse_with_warnings(&text).unwrap();
        assert!(warnings[0].message.contains("first defined on line 6"));
    }

    #[test]
    fn flow_collections_may_close_at_their_keys_column() {
        // What PyYAML and Kubernetes' YAML library read; a strict reading rejects both.
        let text = "spec:\n  args: [\n    \"--x\",\n    \"--y\"\n  ]\n  command: [\"sh\",\n  \"-c\"]\n  env: {a: 1,\n  b: 2}\n";
        let (docs, warnings) = parse_with_warnings(text).unwrap();
        let mut spans = SpanMap::default();
        let json = to_json(&docs[0], &mut String::new(), &mut spans);
        assert_eq!(
            json,
            serde_json::json!({"spec": {"args": ["--x", "--y"], "command": ["sh", "-c"], "env": {"a": 1, "b": 2}}})
        );
        assert_eq!(spans["/spec/command"].start, 6, "lines are unchanged");
        assert!(warnings.is_empty(), "valid for Kubernetes: nothing to warn about");
        // Outside brackets, bad indentation is still an error.
        assert!(parse("a:\n  b: 1\n c: 2\n").is_err());
    }

    #[test]
    fn yaml11_booleans_on_request() {
        let docs = parse("a: yes\nb: 'yes'\nc: off\nd: yesterday\n").unwrap();
        let core = to_json(&docs[0], &mut String::new(), &mut SpanMap::default());
        assert_eq!(core, serde_json::json!({"a": "yes", "b": "yes", "c": "off", "d": "yesterday"}));
        let k8s = to_json_with(&docs[0], &mut String::new(), &mut SpanMap::default(), true);
        assert_eq!(k8s, serde_json::json!({"a": true, "b": "yes", "c": false, "d": "yesterday"}));
    }

    #[test]
    fn merge_keys() {
        let docs = parse("base: &b {x: 1, y: 2}\nc:\n  <<: *b\n  y: 3\n").unwrap();
        let mut spans = SpanMap::default();
        let json = to_json(&docs[0], &mut String::new(), &mut spans);
        assert_eq!(json["c"], serde_json::json!({"y": 3, "x": 1}));
    }

    #[test]
    fn block_scalars_end_on_their_last_line() {
        let docs = parse("a: |\n  one\n  two\nb: 1\n").unwrap();
        assert_eq!(docs[0].get("a").unwrap().end_line, 3);
        let mut spans = SpanMap::default();
        to_json(&docs[0], &mut String::new(), &mut spans);
        assert_eq!(spans["/a"], Span::new(1, 3));
        assert_eq!(spans["/b"], Span::new(4, 4));
    }
}
