//! CloudFormation intrinsic functions, evaluated as far as the template alone allows.
//!
//! Policies need the value a property will have once deployed. Parameters (given or default),
//! mappings and conditions are known before deployment, so `!Ref`, `!Sub`, `!If`, `!FindInMap`
//! and the rest resolve to literal values when they only depend on those. Whatever depends on
//! the deployed stack (resource attributes, the account, the region, exports) is `null`: unknown,
//! which no rule fires on, while the resources it points at are still recorded so adapters can
//! follow the reference. Every value is evaluated once, so each problem is reported once.

use std::collections::{HashMap, HashSet};
use std::net::{Ipv4Addr, Ipv6Addr};

use serde_json::{Map, Number, Value as Json};

use crate::diagnostic::Diagnostic;
use crate::document::{escape_pointer_segment, Span, SpanMap};
use crate::yaml::{Node, Value};

/// Evaluation depth past which a value is given up as unknown. The YAML loader already caps
/// nesting at 128 levels, so only conditions referring to conditions can get near it; the cap
/// keeps a hostile chain of them from exhausting the stack.
const MAX_DEPTH: usize = 256;
/// CloudFormation returns at most 256 blocks from one `Fn::Cidr`.
pub(super) const MAX_CIDR_COUNT: u64 = 256;

/// JSON pointer → addresses (`Resources.<Id>`) its value refers to.
pub(super) type Refs = HashMap<String, Vec<String>>;

/// The result of evaluating one value: a JSON value, or nothing (`!Ref AWS::NoValue`), which
/// removes the key or item that holds it.
#[derive(Debug, Clone, PartialEq)]
pub(super) enum Out {
    Val(Json),
    Remove,
}

/// One written tree, evaluated.
#[derive(Debug, Default, Clone)]
pub(super) struct Evaluated {
    /// `None` when the whole value was removed.
    pub value: Option<Json>,
    /// Lines of every value written in place, under the pointer the evaluation started at.
    pub spans: SpanMap,
    pub refs: Refs,
    /// Unknown values' intrinsics in canonical form ([`crate::iac::Resource::exprs`]).
    pub exprs: HashMap<String, String>,
    /// Pointers whose written value is an intrinsic function: SAM merges those as scalars.
    pub intrinsic_at: HashSet<String>,
}

/// An intrinsic function call found in the tree: short form (`!Join [...]`, `args` is the
/// tagged node itself) or long form (`{"Fn::Join": [...]}`, `args` is the value).
struct Call<'n> {
    name: String,
    args: &'n Node,
    tagged: bool,
}

impl Call<'_> {
    /// The function as the author wrote it, for messages.
    fn shown(&self) -> String {
        if self.tagged {
            format!("!{}", self.name.strip_prefix("Fn::").unwrap_or(&self.name))
        } else {
            self.name.clone()
        }
    }
}

/// The call a node is, if any. `Condition` is only a function inside conditions: elsewhere it is
/// an ordinary key (IAM policy statements have one).
fn call_of(node: &Node, conditions: bool, ignore_tag: bool) -> Option<Call<'_>> {
    if let (Some(tag), false) = (&node.tag, ignore_tag) {
        let short = tag.strip_prefix('!').unwrap_or(tag);
        let name = match short {
            "Ref" | "Condition" => short.to_string(),
            other => format!("Fn::{other}"),
        };
        return Some(Call { name, args: node, tagged: true });
    }
    if let Value::Map(entries) = &node.value {
        if let [(key, args)] = entries.as_slice() {
            if key.text == "Ref" || key.text.starts_with("Fn::") || (conditions && key.text == "Condition") {
                return Some(Call { name: key.text.clone(), args, tagged: false });
            }
        }
    }
    None
}

/// A written value as text that ignores layout and syntax (`!Sub x` and `{"Fn::Sub": x}` read
/// the same), for telling that two unknown values are the same value: within one template, the
/// same intrinsic over the same inputs gives the same result.
fn canonical(node: &Node, out: &mut String) {
    let value = match call_of(node, false, false) {
        Some(call) => {
            out.push_str(&call.name);
            out.push('(');
            if call.tagged {
                canonical_value(call.args, out);
            } else {
                canonical(call.args, out);
            }
            out.push(')');
            return;
        }
        None => node,
    };
    canonical_value(value, out);
}

fn canonical_value(node: &Node, out: &mut String) {
    match &node.value {
        Value::Null => out.push_str("null"),
        Value::Bool(b) => out.push_str(if *b { "true" } else { "false" }),
        Value::Int(i) => out.push_str(&i.to_string()),
        Value::Float(f) => out.push_str(&f.to_string()),
        Value::Str(s) => out.push_str(&Json::String(s.clone()).to_string()),
        Value::Seq(items) => {
            out.push('[');
            for item in items {
                canonical(item, out);
                out.push(',');
            }
            out.push(']');
        }
        Value::Map(entries) => {
            out.push('{');
            for (key, value) in entries {
                out.push_str(&Json::String(key.text.clone()).to_string());
                out.push(':');
                canonical(value, out);
                out.push(',');
            }
            out.push('}');
        }
    }
}

fn items(node: &Node) -> Option<&[Node]> {
    match &node.value {
        Value::Seq(items) => Some(items),
        _ => None,
    }
}

/// A scalar as CloudFormation turns it into text (`Fn::Join`, `Fn::Sub`, `Fn::Equals`).
pub(super) fn scalar_text(v: &Json) -> Option<String> {
    match v {
        Json::String(s) => Some(s.clone()),
        Json::Number(n) => Some(n.to_string()),
        Json::Bool(b) => Some(b.to_string()),
        _ => None,
    }
}

/// `Fn::Equals` compares what the values would be as strings: `"3"` equals `3`.
fn loose_eq(a: &Json, b: &Json) -> bool {
    match (a, b) {
        (Json::Array(x), Json::Array(y)) => x.len() == y.len() && x.iter().zip(y).all(|(x, y)| loose_eq(x, y)),
        _ => match (scalar_text(a), scalar_text(b)) {
            (Some(x), Some(y)) => x == y,
            _ => a == b,
        },
    }
}

/// What is certain when a condition is unknown: what both branches agree on. Keys and items
/// that differ are unknown (`null`).
fn common(a: Json, b: Json) -> Json {
    if a == b {
        return a;
    }
    match (a, b) {
        (Json::Object(mut x), Json::Object(mut y)) => {
            let keys: Vec<String> = x.keys().chain(y.keys()).cloned().collect();
            let mut out = Map::new();
            for k in keys {
                if out.contains_key(&k) {
                    continue;
                }
                let v = match (x.remove(&k), y.remove(&k)) {
                    (Some(x), Some(y)) => common(x, y),
                    _ => Json::Null,
                };
                out.insert(k, v);
            }
            Json::Object(out)
        }
        (Json::Array(x), Json::Array(y)) if x.len() == y.len() => {
            Json::Array(x.into_iter().zip(y).map(|(x, y)| common(x, y)).collect())
        }
        _ => Json::Null,
    }
}

fn number_json(f: f64) -> Json {
    Number::from_f64(f).map(Json::Number).unwrap_or_else(|| Json::String(f.to_string()))
}

/// Text as a JSON number when it is one (`"3"` → 3), for `Number` parameters.
pub(super) fn parse_number(s: &str) -> Option<Json> {
    let t = s.trim();
    if let Ok(i) = t.parse::<i64>() {
        return Some(Json::from(i));
    }
    t.parse::<f64>().ok().filter(|f| f.is_finite()).map(number_json)
}

/// The `Fn::Cidr` address blocks: `count` blocks of `bits` host bits each, from the start of
/// `block`.
pub(super) fn cidr(block: &str, count: u64, bits: u64) -> Result<Vec<String>, String> {
    let (addr, prefix) =
        block.trim().split_once('/').ok_or_else(|| format!("{block:?} is not an address block like 10.0.0.0/16"))?;
    let prefix: u32 = prefix.parse().map_err(|_| format!("{block:?} has no valid prefix length"))?;
    if let Ok(v4) = addr.parse::<Ipv4Addr>() {
        let blocks = blocks(u128::from(u32::from(v4)), 32, prefix, count, bits)?;
        // Every block lies inside a /0..32 space, so it fits in 32 bits.
        Ok(blocks.into_iter().map(|(a, p)| format!("{}/{p}", Ipv4Addr::from(a as u32))).collect())
    } else if let Ok(v6) = addr.parse::<Ipv6Addr>() {
        let blocks = blocks(u128::from(v6), 128, prefix, count, bits)?;
        Ok(blocks.into_iter().map(|(a, p)| format!("{}/{p}", Ipv6Addr::from(a))).collect())
    } else {
        Err(format!("{addr:?} is not an IPv4 or IPv6 address"))
    }
}

fn blocks(addr: u128, width: u32, prefix: u32, count: u64, bits: u64) -> Result<Vec<(u128, u32)>, String> {
    if prefix > width {
        return Err(format!("prefix /{prefix} is longer than {width} bits"));
    }
    let room = width - prefix;
    let bits = u32::try_from(bits).ok().filter(|b| (1..=room).contains(b)).ok_or_else(|| {
        format!("cidrBits {bits} does not fit: a /{prefix} block leaves between 1 and {room} host bits")
    })?;
    let new_prefix = width - bits;
    let fit_bits = new_prefix - prefix;
    if fit_bits < 64 && count > (1u64 << fit_bits) {
        return Err(format!("only {} blocks of /{new_prefix} fit in a /{prefix} block", 1u64 << fit_bits));
    }
    let host_mask = if room >= 128 { u128::MAX } else { (1u128 << room) - 1 };
    let base = addr & !host_mask;
    Ok((0..count).map(|i| (base.wrapping_add(u128::from(i).checked_shl(bits).unwrap_or(0)), new_prefix)).collect())
}

/// Evaluates the values of one template. Parameters, mappings and conditions are the
/// template's; the pointer, spans and refs are those of the tree being evaluated.
pub(super) struct Evaluator<'a> {
    file: &'a str,
    params: HashMap<String, Json>,
    resources: HashSet<String>,
    mappings: Option<&'a Node>,
    conditions: HashMap<&'a str, &'a Node>,
    cond_cache: HashMap<String, Option<bool>>,
    cond_stack: Vec<String>,
    pub diagnostics: Vec<Diagnostic>,
    /// Where the value being evaluated goes in the output.
    pointer: String,
    /// Whether the node being evaluated is the output's own (a literal map or item, or a chosen
    /// `Fn::If` branch), rather than an argument of a function: only those have spans.
    in_place: bool,
    /// Inside a condition, where references do not make a value refer to a resource.
    quiet: usize,
    spans: SpanMap,
    refs: Refs,
    exprs: HashMap<String, String>,
    intrinsic_at: HashSet<String>,
    /// Unknown values produced so far: a function over a subtree whose count grew has an
    /// unknown input, even when that input is nested in an object.
    unknowns: usize,
    depth: usize,
    depth_reported: bool,
}

impl<'a> Evaluator<'a> {
    pub(super) fn new(
        file: &'a str,
        params: HashMap<String, Json>,
        resources: HashSet<String>,
        mappings: Option<&'a Node>,
        conditions: HashMap<&'a str, &'a Node>,
    ) -> Evaluator<'a> {
        Evaluator {
            file,
            params,
            resources,
            mappings,
            conditions,
            cond_cache: HashMap::new(),
            cond_stack: Vec::new(),
            diagnostics: Vec::new(),
            pointer: String::new(),
            in_place: true,
            quiet: 0,
            spans: SpanMap::new(),
            refs: Refs::new(),
            exprs: HashMap::new(),
            intrinsic_at: HashSet::new(),
            unknowns: 0,
            depth: 0,
            depth_reported: false,
        }
    }

    /// Evaluate a written tree whose output pointer starts at `base` (`""` for a resource's
    /// properties).
    pub(super) fn eval_root(&mut self, node: &Node, base: &str) -> Evaluated {
        self.pointer = base.to_string();
        self.in_place = true;
        self.quiet = 0;
        let out = self.eval(node);
        Evaluated {
            value: match out {
                Out::Val(v) => Some(v),
                Out::Remove => None,
            },
            spans: std::mem::take(&mut self.spans),
            refs: std::mem::take(&mut self.refs),
            exprs: std::mem::take(&mut self.exprs),
            intrinsic_at: std::mem::take(&mut self.intrinsic_at),
        }
    }

    fn warn(&mut self, line: u32, message: impl Into<String>) {
        self.diagnostics.push(Diagnostic::warning(self.file, Some(line), message));
    }

    fn unknown(&mut self) -> Out {
        self.unknowns += 1;
        Out::Val(Json::Null)
    }

    fn malformed(&mut self, call: &Call, expected: &str) -> Out {
        let message = format!("{}: expected {expected}; the value is unknown", call.shown());
        self.warn(call.args.line, message);
        self.unknown()
    }

    fn too_deep(&mut self, line: u32) {
        if !self.depth_reported {
            self.depth_reported = true;
            self.warn(line, format!("intrinsic functions nested deeper than {MAX_DEPTH} levels; the value is unknown"));
        }
    }

    fn add_ref(&mut self, id: &str) {
        if self.quiet > 0 {
            return;
        }
        let address = format!("Resources.{id}");
        let list = self.refs.entry(self.pointer.clone()).or_default();
        if !list.contains(&address) {
            list.push(address);
        }
    }

    fn eval(&mut self, node: &Node) -> Out {
        self.eval_node(node, false)
    }

    fn eval_node(&mut self, node: &Node, ignore_tag: bool) -> Out {
        if self.depth >= MAX_DEPTH {
            self.too_deep(node.line);
            return self.unknown();
        }
        self.depth += 1;
        let out = match call_of(node, false, ignore_tag) {
            Some(call) => {
                let in_place = self.in_place && self.quiet == 0;
                if in_place {
                    self.intrinsic_at.insert(self.pointer.clone());
                }
                let out = self.call(&call);
                if in_place && matches!(out, Out::Val(Json::Null)) {
                    let mut text = String::new();
                    canonical(node, &mut text);
                    self.exprs.insert(self.pointer.clone(), text);
                }
                out
            }
            None => self.literal(node),
        };
        self.depth -= 1;
        out
    }

    /// A function argument: evaluated for its value, not written in the output's place.
    fn arg(&mut self, node: &Node) -> Out {
        let saved = std::mem::replace(&mut self.in_place, false);
        let out = self.eval(node);
        self.in_place = saved;
        out
    }

    /// The call's whole argument (`!Base64 x`, `{"Fn::Base64": x}`).
    fn whole_arg(&mut self, call: &Call) -> Out {
        let saved = std::mem::replace(&mut self.in_place, false);
        let out = self.eval_node(call.args, call.tagged);
        self.in_place = saved;
        out
    }

    /// An argument as a value: a removed one is unknown.
    fn arg_value(&mut self, node: &Node) -> Json {
        match self.arg(node) {
            Out::Val(v) => v,
            Out::Remove => {
                self.unknowns += 1;
                Json::Null
            }
        }
    }

    /// A value inside a condition: never a reference from the property being evaluated.
    fn quiet_value(&mut self, node: &Node) -> Json {
        self.quiet += 1;
        let v = self.arg_value(node);
        self.quiet -= 1;
        v
    }

    fn literal(&mut self, node: &Node) -> Out {
        Out::Val(match &node.value {
            Value::Null => Json::Null,
            Value::Bool(b) => Json::Bool(*b),
            Value::Int(i) => Json::from(*i),
            Value::Float(f) => number_json(*f),
            Value::Str(s) => Json::String(s.clone()),
            Value::Seq(items) => {
                let mut out = Vec::with_capacity(items.len());
                for item in items {
                    let len = self.pointer.len();
                    if self.in_place {
                        self.pointer.push('/');
                        self.pointer.push_str(&out.len().to_string());
                    }
                    match self.eval(item) {
                        Out::Val(v) => {
                            if self.in_place {
                                self.spans.insert(self.pointer.clone(), Span::new(item.line, item.end_line));
                            }
                            out.push(v);
                        }
                        Out::Remove => self.forget_here(),
                    }
                    self.pointer.truncate(len);
                }
                Json::Array(out)
            }
            Value::Map(entries) => {
                let mut out = Map::new();
                for (key, value) in entries {
                    let len = self.pointer.len();
                    if self.in_place {
                        self.pointer.push('/');
                        escape_pointer_segment(&key.text, &mut self.pointer);
                    }
                    match self.eval(value) {
                        Out::Val(v) => {
                            if self.in_place {
                                let span = Span::new(key.line, value.end_line.max(key.line));
                                self.spans.insert(self.pointer.clone(), span);
                            }
                            out.insert(key.text.clone(), v);
                        }
                        Out::Remove => self.forget_here(),
                    }
                    self.pointer.truncate(len);
                }
                Json::Object(out)
            }
        })
    }

    /// A removed item's pointer is taken by the next one: nothing recorded for it may stay.
    fn forget_here(&mut self) {
        if self.in_place {
            self.intrinsic_at.remove(&self.pointer);
            self.refs.remove(&self.pointer);
            self.exprs.remove(&self.pointer);
        }
    }

    fn call(&mut self, call: &Call) -> Out {
        match call.name.as_str() {
            "Ref" => match call.args.as_str() {
                Some(name) => self.ref_name(name, call.args.line),
                None => self.malformed(call, "the name of a parameter, pseudo parameter or resource"),
            },
            "Fn::GetAtt" => self.get_att(call),
            "Fn::Sub" => self.sub(call),
            "Fn::Join" => self.join(call),
            "Fn::Select" => self.select(call),
            "Fn::Split" => self.split(call),
            "Fn::FindInMap" => self.find_in_map(call),
            // Policies look at what is encoded (user data scripts), not at its encoding.
            "Fn::Base64" => match self.whole_arg(call) {
                Out::Val(v) => Out::Val(v),
                Out::Remove => self.unknown(),
            },
            "Fn::Cidr" => self.fn_cidr(call),
            "Fn::GetAZs" => self.unknown(),
            "Fn::ImportValue" => {
                self.whole_arg(call);
                self.unknown()
            }
            "Fn::If" => self.fn_if(call),
            "Fn::Equals" | "Fn::Not" | "Fn::And" | "Fn::Or" | "Condition" => match self.cond_call(call) {
                Some(b) => Out::Val(Json::Bool(b)),
                None => self.unknown(),
            },
            "Fn::ToJsonString" => {
                let before = self.unknowns;
                match self.whole_arg(call) {
                    Out::Val(_) if self.unknowns > before => Out::Val(Json::Null),
                    Out::Val(v) => Out::Val(Json::String(v.to_string())),
                    Out::Remove => self.unknown(),
                }
            }
            "Fn::Length" => match self.whole_arg(call) {
                Out::Val(Json::Array(items)) => Out::Val(Json::from(items.len())),
                Out::Val(Json::Null) => self.unknown(),
                _ => self.malformed(call, "a list"),
            },
            "Fn::Transform" => {
                let message = format!("{}: macros are not expanded; the value is unknown", call.shown());
                self.warn(call.args.line, message);
                self.unknown()
            }
            _ => {
                let message = format!("unknown intrinsic function {}; the value is unknown", call.shown());
                self.warn(call.args.line, message);
                self.unknown()
            }
        }
    }

    /// `Ref` (and a `${Name}` of `Fn::Sub`).
    fn ref_name(&mut self, name: &str, line: u32) -> Out {
        match name {
            "AWS::NoValue" => Out::Remove,
            "AWS::Partition" => Out::Val(Json::String("aws".into())),
            "AWS::URLSuffix" => Out::Val(Json::String("amazonaws.com".into())),
            "AWS::Region" | "AWS::AccountId" | "AWS::StackName" | "AWS::StackId" | "AWS::NotificationARNs" => {
                self.unknown()
            }
            _ => {
                if let Some(v) = self.params.get(name) {
                    return if v.is_null() { self.unknown() } else { Out::Val(v.clone()) };
                }
                if self.resources.contains(name) {
                    self.add_ref(name);
                } else if name.starts_with("AWS::") {
                    self.warn(line, format!("unknown pseudo parameter {name}; the value is unknown"));
                } else {
                    self.warn(
                        line,
                        format!("Ref {name}: no parameter or resource has that name; the value is unknown"),
                    );
                }
                self.unknown()
            }
        }
    }

    fn get_att(&mut self, call: &Call) -> Out {
        let resource = match &call.args.value {
            Value::Str(s) => s.split_once('.').map(|(r, _)| r),
            Value::Seq(items) if items.len() == 2 => items[0].as_str(),
            _ => None,
        };
        let Some(resource) = resource else {
            return self.malformed(call, "[LogicalId, Attribute] or LogicalId.Attribute");
        };
        if self.resources.contains(resource) {
            self.add_ref(resource);
        } else {
            let message = format!("{}: no resource is named {resource}; the value is unknown", call.shown());
            self.warn(call.args.line, message);
        }
        self.unknown()
    }

    fn sub(&mut self, call: &Call) -> Out {
        let (text, vars) = match &call.args.value {
            Value::Str(s) => (s.as_str(), None),
            Value::Seq(items) if items.len() == 2 => match (&items[0].value, &items[1].value) {
                (Value::Str(s), Value::Map(vars)) => (s.as_str(), Some(vars)),
                _ => return self.malformed(call, "a string, or [string, {variables}]"),
            },
            _ => return self.malformed(call, "a string, or [string, {variables}]"),
        };
        let mut values: HashMap<&str, Json> = HashMap::new();
        for (key, node) in vars.into_iter().flatten() {
            let v = self.arg_value(node);
            values.insert(&key.text, v);
        }
        let line = call.args.line;
        let mut out = String::with_capacity(text.len());
        let mut known = true;
        let mut rest = text;
        while let Some(start) = rest.find("${") {
            out.push_str(&rest[..start]);
            let after = &rest[start + 2..];
            // `${!Name}` is the literal text `${Name}`.
            if let Some(literal) = after.strip_prefix('!') {
                out.push_str("${");
                rest = literal;
                continue;
            }
            let Some(end) = after.find('}') else {
                out.push_str(&rest[start..]);
                rest = "";
                break;
            };
            match self.sub_variable(after[..end].trim(), &values, line) {
                Some(v) => out.push_str(&v),
                None => known = false,
            }
            rest = &after[end + 1..];
        }
        out.push_str(rest);
        if known {
            Out::Val(Json::String(out))
        } else {
            self.unknown()
        }
    }

    fn sub_variable(&mut self, name: &str, values: &HashMap<&str, Json>, line: u32) -> Option<String> {
        if let Some(v) = values.get(name) {
            return match v {
                Json::Null => None,
                v => scalar_text(v).or_else(|| {
                    self.warn(line, format!("Fn::Sub variable {name} is not a string; the value is unknown"));
                    None
                }),
            };
        }
        if let Some((resource, _)) = name.split_once('.').filter(|_| !name.starts_with("AWS::")) {
            if self.resources.contains(resource) {
                self.add_ref(resource);
            } else {
                self.warn(line, format!("Fn::Sub ${{{name}}}: no resource is named {resource}; the value is unknown"));
            }
            self.unknowns += 1;
            return None;
        }
        match self.ref_name(name, line) {
            Out::Val(Json::Null) => None,
            Out::Val(v) => scalar_text(&v).or_else(|| {
                self.warn(line, format!("Fn::Sub ${{{name}}} is a list, not a string; the value is unknown"));
                None
            }),
            Out::Remove => None,
        }
    }

    fn join(&mut self, call: &Call) -> Out {
        let Some([delimiter, list]) = items(call.args) else {
            return self.malformed(call, "[delimiter, [values]]");
        };
        let delimiter = self.arg_value(delimiter);
        let list = self.arg_value(list);
        let (delimiter, list) = match (delimiter, list) {
            (Json::String(d), Json::Array(list)) => (d, list),
            (Json::Null, _) | (_, Json::Null) => return self.unknown(),
            _ => return self.malformed(call, "[delimiter, [values]]"),
        };
        let mut parts = Vec::with_capacity(list.len());
        for item in &list {
            match item {
                Json::Null => return self.unknown(),
                item => match scalar_text(item) {
                    Some(s) => parts.push(s),
                    None => return self.malformed(call, "a list of strings to join"),
                },
            }
        }
        Out::Val(Json::String(parts.join(&delimiter)))
    }

    fn select(&mut self, call: &Call) -> Out {
        let Some([index, list]) = items(call.args) else {
            return self.malformed(call, "[index, [values]]");
        };
        let index = self.arg_value(index);
        let list = self.arg_value(list);
        if index.is_null() || list.is_null() {
            return self.unknown();
        }
        let i = match &index {
            Json::Number(n) => n.as_u64(),
            Json::String(s) => s.trim().parse::<u64>().ok(),
            _ => None,
        };
        let (Some(i), Json::Array(list)) = (i, list) else {
            return self.malformed(call, "[index, [values]] with a non-negative index");
        };
        match usize::try_from(i).ok().and_then(|i| list.into_iter().nth(i)) {
            Some(v) => Out::Val(v),
            None => {
                let message = format!("{}: index {i} is out of range; the value is unknown", call.shown());
                self.warn(call.args.line, message);
                self.unknown()
            }
        }
    }

    fn split(&mut self, call: &Call) -> Out {
        let Some([delimiter, source]) = items(call.args) else {
            return self.malformed(call, "[delimiter, string]");
        };
        let delimiter = self.arg_value(delimiter);
        let source = self.arg_value(source);
        match (delimiter, source) {
            (Json::String(d), Json::String(s)) if !d.is_empty() => {
                Out::Val(Json::Array(s.split(d.as_str()).map(|p| Json::String(p.to_string())).collect()))
            }
            (Json::Null, _) | (_, Json::Null) => self.unknown(),
            _ => self.malformed(call, "[delimiter, string] with a non-empty delimiter"),
        }
    }

    fn find_in_map(&mut self, call: &Call) -> Out {
        let args = match items(call.args) {
            Some(args) if args.len() == 3 || args.len() == 4 => args,
            _ => return self.malformed(call, "[MapName, TopLevelKey, SecondLevelKey]"),
        };
        let before = self.unknowns;
        let keys: Vec<Json> = args[..3].iter().map(|k| self.arg_value(k)).collect();
        // The LanguageExtensions form: a fourth argument `{DefaultValue: …}`.
        let default = args.get(3).map(|d| d.get("DefaultValue"));
        if self.unknowns > before || keys.iter().any(Json::is_null) {
            return self.unknown();
        }
        let keys: Option<Vec<String>> = keys.iter().map(scalar_text).collect();
        let Some(keys) = keys else {
            return self.malformed(call, "[MapName, TopLevelKey, SecondLevelKey] as strings");
        };
        let found =
            self.mappings.and_then(|m| m.get(&keys[0])).and_then(|m| m.get(&keys[1])).and_then(|m| m.get(&keys[2]));
        match (found, default) {
            (Some(node), _) => {
                let saved = std::mem::replace(&mut self.in_place, false);
                let out = self.literal(node);
                self.in_place = saved;
                out
            }
            (None, Some(Some(default))) => self.arg(default),
            (None, Some(None)) => self.malformed(call, "a fourth argument of the form {DefaultValue: value}"),
            (None, None) => {
                let message = format!(
                    "{}: Mappings has no {}/{}/{}; the value is unknown",
                    call.shown(),
                    keys[0],
                    keys[1],
                    keys[2]
                );
                self.warn(call.args.line, message);
                self.unknown()
            }
        }
    }

    fn fn_cidr(&mut self, call: &Call) -> Out {
        let Some([block, count, bits]) = items(call.args) else {
            return self.malformed(call, "[ipBlock, count, cidrBits]");
        };
        let values = [self.arg_value(block), self.arg_value(count), self.arg_value(bits)];
        if values.iter().any(Json::is_null) {
            return self.unknown();
        }
        let int = |v: &Json| match v {
            Json::Number(n) => n.as_u64(),
            Json::String(s) => s.trim().parse::<u64>().ok(),
            _ => None,
        };
        let (Json::String(block), Some(mut count), Some(bits)) = (&values[0], int(&values[1]), int(&values[2])) else {
            return self.malformed(call, "[ipBlock, count, cidrBits] with a CIDR string and two numbers");
        };
        if count == 0 {
            return self.malformed(call, "a count between 1 and 256");
        }
        if count > MAX_CIDR_COUNT {
            let message = format!(
                "{}: count {count} is over CloudFormation's limit of {MAX_CIDR_COUNT}; using {MAX_CIDR_COUNT}",
                call.shown()
            );
            self.warn(call.args.line, message);
            count = MAX_CIDR_COUNT;
        }
        match cidr(block, count, bits) {
            Ok(blocks) => Out::Val(Json::Array(blocks.into_iter().map(Json::String).collect())),
            Err(why) => {
                let message = format!("{}: {why}; the value is unknown", call.shown());
                self.warn(call.args.line, message);
                self.unknown()
            }
        }
    }

    fn fn_if(&mut self, call: &Call) -> Out {
        let Some([condition, then, otherwise]) = items(call.args) else {
            return self.malformed(call, "[ConditionName, value if true, value if false]");
        };
        let Some(name) = condition.as_str() else {
            return self.malformed(call, "a condition name as the first argument");
        };
        match self.condition(name, condition.line) {
            Some(true) => self.eval(then),
            Some(false) => self.eval(otherwise),
            None => {
                // Both branches are possible: neither is written in place, and both may refer
                // to resources.
                let a = self.arg(then);
                let b = self.arg(otherwise);
                match (a, b) {
                    (Out::Remove, Out::Remove) => Out::Remove,
                    (Out::Val(a), Out::Val(b)) => {
                        let v = common(a, b);
                        if v.is_null() {
                            self.unknown()
                        } else {
                            Out::Val(v)
                        }
                    }
                    _ => self.unknown(),
                }
            }
        }
    }

    /// A named condition of the template, evaluated once.
    pub(super) fn condition(&mut self, name: &str, line: u32) -> Option<bool> {
        if let Some(v) = self.cond_cache.get(name) {
            return *v;
        }
        if let Some(pos) = self.cond_stack.iter().position(|c| c == name) {
            let cycle = self.cond_stack[pos..].join(" → ");
            let message = format!("circular conditions: {cycle} → {name}; treated as unknown");
            self.diagnostics.push(Diagnostic::error(self.file, Some(line), message));
            return None;
        }
        let Some(node) = self.conditions.get(name).copied() else {
            self.warn(line, format!("condition {name} is not defined in Conditions; treated as unknown"));
            self.cond_cache.insert(name.to_string(), None);
            return None;
        };
        self.cond_stack.push(name.to_string());
        let v = self.cond_expr(node);
        self.cond_stack.pop();
        self.cond_cache.insert(name.to_string(), v);
        v
    }

    /// A condition expression: `true`/`false`, or `None` when it depends on what only the
    /// deployment knows.
    fn cond_expr(&mut self, node: &Node) -> Option<bool> {
        if self.depth >= MAX_DEPTH {
            self.too_deep(node.line);
            return None;
        }
        self.depth += 1;
        let v = match call_of(node, true, false) {
            Some(call) => self.cond_call(&call),
            None => match &node.value {
                Value::Bool(b) => Some(*b),
                Value::Str(s) if s == "true" || s == "false" => Some(s == "true"),
                _ => {
                    let message =
                        "expected a condition (Fn::Equals, Fn::Not, Fn::And, Fn::Or or Condition); treated as unknown";
                    self.warn(node.line, message);
                    None
                }
            },
        };
        self.depth -= 1;
        v
    }

    fn cond_call(&mut self, call: &Call) -> Option<bool> {
        match call.name.as_str() {
            "Condition" => match call.args.as_str() {
                Some(name) => self.condition(name, call.args.line),
                None => {
                    self.malformed(call, "a condition name");
                    None
                }
            },
            "Fn::Equals" => {
                let Some([a, b]) = items(call.args) else {
                    self.malformed(call, "[value, value]");
                    return None;
                };
                let before = self.unknowns;
                let a = self.quiet_value(a);
                let b = self.quiet_value(b);
                (self.unknowns == before).then(|| loose_eq(&a, &b))
            }
            "Fn::Not" => match items(call.args) {
                Some([c]) => self.cond_expr(c).map(|b| !b),
                _ => {
                    self.malformed(call, "[condition]");
                    None
                }
            },
            "Fn::And" | "Fn::Or" => {
                let Some(conds) = items(call.args).filter(|c| !c.is_empty()) else {
                    self.malformed(call, "a list of conditions");
                    return None;
                };
                let values: Vec<Option<bool>> = conds.iter().map(|c| self.cond_expr(c)).collect();
                // The deciding value wins even when another is unknown.
                let decisive = call.name == "Fn::Or";
                if values.contains(&Some(decisive)) {
                    Some(decisive)
                } else if values.iter().all(Option::is_some) {
                    Some(!decisive)
                } else {
                    None
                }
            }
            _ => {
                let message = format!("{} is not a condition function; treated as unknown", call.shown());
                self.warn(call.args.line, message);
                None
            }
        }
    }
}
