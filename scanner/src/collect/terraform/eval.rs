//! The evaluator: Terraform's expression language over a tree of module instances.
//!
//! Everything is evaluated lazily and memoised (a local, a variable of a module instance, a
//! resource block with all its instances, a module call's expansion, an output), so files can
//! be read in any order and each thing is computed once, whoever asks for it first. A thing that
//! is asked for while being computed is a cycle: reported once, and unknown.
//!
//! While evaluating, every reference to a resource, data source or module output is recorded
//! (resolved to the address space of the module it is in), so the IaC inventory can say which
//! resource an attribute points at even when the value itself (`.id`) is unknown.

use std::collections::{HashMap, HashSet};
use std::path::{Path, PathBuf};
use std::rc::Rc;
use std::sync::Arc;

use crate::diagnostic::Diagnostic;
use crate::document::{Span, SpanMap};

use super::ast::{BinOp, Block, Body, Call, Expr, ExprKind, ForExpr, Item, ObjKey, Op, Tpl};
use super::config::Config;
use super::functions;
use super::value::{Fail, Map, Value, R};

/// Expression depth (including the lazy evaluation of what an expression refers to) beyond
/// which evaluation gives up; evaluation runs on a thread with a stack sized for it.
const MAX_DEPTH: u32 = 400;
/// Work one root module's evaluation may do (expression steps, plus the size of what functions
/// and templates build): far above any real configuration, and it keeps `for` expressions over
/// huge ranges, or values that double at every step, from running away.
const BUDGET: u64 = 10_000_000;

/// Arguments of a resource that configure Terraform, not the resource.
const META_ATTRS: &[&str] = &["count", "for_each", "depends_on", "provider"];
const META_BLOCKS: &[&str] = &["lifecycle", "provisioner", "connection"];
/// Arguments of a module block that are not inputs.
const MODULE_META: &[&str] = &["count", "for_each", "depends_on", "providers"];

/// How a module is reached: its configuration, or why it cannot be read.
#[derive(Debug, Clone)]
pub enum Resolved {
    Config(usize),
    Unavailable,
}

/// An instance key: `[0]` or `["a"]`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum InstKey {
    Int(i64),
    Str(String),
}

impl InstKey {
    pub fn render(&self) -> String {
        match self {
            InstKey::Int(i) => format!("[{i}]"),
            InstKey::Str(s) => format!("[{}]", quote(s)),
        }
    }

    fn from_value(v: &Value) -> Option<InstKey> {
        match v {
            Value::Number(n) if n.fract() == 0.0 => Some(InstKey::Int(*n as i64)),
            Value::Str(s) => Some(InstKey::Str(s.to_string())),
            _ => None,
        }
    }
}

/// A string quoted as Terraform writes instance keys.
fn quote(s: &str) -> String {
    let mut out = String::with_capacity(s.len() + 2);
    out.push('"');
    for c in s.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            '\t' => out.push_str("\\t"),
            c if c.is_control() => out.push_str(&format!("\\u{:04x}", c as u32)),
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

/// What `count.index` and `each` are while evaluating one instance.
#[derive(Debug, Clone, Default)]
pub struct Binding {
    count: Option<Value>,
    each: Option<(Value, Value)>,
    each_refs: Rc<Vec<String>>,
}

/// A computed value with the addresses it was computed from.
type Memo = (Value, Rc<Vec<String>>);

enum Slot<T> {
    Busy,
    Done(T),
}

/// One evaluated resource or data source instance.
#[derive(Debug)]
pub struct ResInstance {
    pub address: String,
    pub attrs: Value,
    pub spans: SpanMap,
    pub refs: HashMap<String, Vec<String>>,
    pub exprs: HashMap<String, String>,
}

#[derive(Debug)]
pub struct ResEval {
    pub instances: Vec<ResInstance>,
    /// What a reference to the block evaluates to: one object, a list (count), a map
    /// (for_each), or unknown.
    value: Value,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Shape {
    Single,
    Count,
    Map,
    Unknown,
}

pub struct ModExp {
    pub instances: Vec<(Option<InstKey>, usize)>,
    shape: Shape,
}

pub struct Inst {
    pub config: Option<usize>,
    /// (parent instance, index of the module call in the parent's configuration).
    pub parent: Option<(usize, usize)>,
    /// `module.a["x"].` (empty for the root): what addresses inside it start with.
    pub prefix: String,
    /// `a.b`: the key of the module in `.terraform/modules/modules.json`.
    pub key_path: String,
    binding: Binding,
    vars: HashMap<Rc<str>, Slot<Memo>>,
    locals: HashMap<Rc<str>, Slot<Memo>>,
    outputs: HashMap<Rc<str>, Slot<Memo>>,
    resources: HashMap<usize, Slot<Rc<ResEval>>>,
    modules: HashMap<usize, Slot<Rc<ModExp>>>,
}

pub struct Settings {
    pub max_expansion: usize,
    pub max_file_size: u64,
    /// The report base, for `file()` paths built from `path.module`.
    pub base: Option<PathBuf>,
}

/// Per-attribute output of evaluating a body.
#[derive(Default)]
pub struct BodyOut {
    pub spans: SpanMap,
    pub refs: HashMap<String, Vec<String>>,
    /// Unknown values' expressions in canonical form, scoped to their module instance
    /// ([`crate::iac::Resource::exprs`]).
    pub exprs: HashMap<String, String>,
}

struct Ctx {
    inst: usize,
    binding: Binding,
    /// `for` and dynamic-block iterator variables, innermost last.
    scopes: Vec<(Rc<str>, Value)>,
    refs: Vec<String>,
    /// tfvars: constants only, no references.
    consts: bool,
    /// The file (of the module's configuration) being evaluated, for diagnostics.
    file: usize,
}

pub struct Evaluator<'a> {
    configs: &'a [Config],
    resolved: &'a HashMap<String, Resolved>,
    settings: &'a Settings,
    pub insts: Vec<Inst>,
    pub diags: Vec<Diagnostic>,
    root_values: HashMap<String, Value>,
    depth: u32,
    /// Work done so far, against `BUDGET`.
    spent: u64,
    reported: HashSet<(Option<usize>, String)>,
}

impl<'a> Evaluator<'a> {
    pub fn new(configs: &'a [Config], resolved: &'a HashMap<String, Resolved>, settings: &'a Settings) -> Self {
        let root = Inst::new(Some(0), None, String::new(), String::new(), Binding::default());
        Evaluator {
            configs,
            resolved,
            settings,
            insts: vec![root],
            diags: Vec::new(),
            root_values: HashMap::new(),
            depth: 0,
            spent: 0,
            reported: HashSet::new(),
        }
    }

    /// Set a root variable's value (tfvars, `--var`); later calls win.
    pub fn set_root_value(&mut self, name: &str, value: Value) {
        self.root_values.insert(name.to_string(), value);
    }

    /// Evaluate a constant expression (a tfvars value).
    pub fn eval_const(&mut self, e: &Expr) -> Value {
        let mut cx =
            Ctx { inst: 0, binding: Binding::default(), scopes: Vec::new(), refs: Vec::new(), consts: true, file: 0 };
        self.eval(&mut cx, e).unwrap_or(Value::Unknown)
    }

    fn config(&self, inst: usize) -> Option<&'a Config> {
        self.insts[inst].config.map(|c| &self.configs[c])
    }

    fn file_of(&self, inst: usize, file: usize) -> Arc<str> {
        self.config(inst).and_then(|c| c.files.get(file).cloned()).unwrap_or_else(|| Arc::from(""))
    }

    /// Report something about a module once per (module, message key).
    fn report_once(&mut self, inst: usize, key: String, diag: Diagnostic) {
        if self.reported.insert((self.insts[inst].config, key)) {
            self.diags.push(diag);
        }
    }

    fn cycle(&mut self, inst: usize, what: String, file: usize, line: u32) {
        let f = self.file_of(inst, file);
        self.report_once(
            inst,
            format!("cycle {what}"),
            Diagnostic::warning(
                &f,
                Some(line),
                format!("{what} depends on itself (a reference cycle): its value is unknown"),
            ),
        );
    }

    fn ctx(&self, inst: usize, file: usize, binding: Binding) -> Ctx {
        Ctx { inst, binding, scopes: Vec::new(), refs: Vec::new(), consts: false, file }
    }

    // ---- variables, locals, outputs ----

    fn var(&mut self, inst: usize, name: &str) -> Result<Memo, Fail> {
        match self.insts[inst].vars.get(name) {
            Some(Slot::Done(m)) => return Ok(m.clone()),
            Some(Slot::Busy) => {
                let (file, line) = self.var_location(inst, name);
                self.cycle(inst, format!("var.{name}"), file, line);
                return Ok((Value::Unknown, Rc::default()));
            }
            None => {}
        }
        let cfg = self.config(inst).ok_or(Fail)?;
        let &vi = cfg.var_index.get(name).ok_or(Fail)?;
        let decl = &cfg.variables[vi];
        let key: Rc<str> = decl.name.clone();
        self.insts[inst].vars.insert(key.clone(), Slot::Busy);
        let default = |ev: &mut Self| -> Value {
            match decl.block.body.attr("default") {
                Some(a) => {
                    let mut cx = ev.ctx(inst, decl.file, Binding::default());
                    cx.consts = true;
                    ev.eval(&mut cx, &a.expr).unwrap_or(Value::Unknown)
                }
                // Required and not given: known only at plan time.
                None => Value::Unknown,
            }
        };
        let (mut value, refs) = match self.insts[inst].parent {
            None => match self.root_values.get(name) {
                Some(v) => (v.clone(), Rc::default()),
                None => (default(self), Rc::default()),
            },
            Some((parent, call)) => {
                let pcfg = self.config(parent).ok_or(Fail)?;
                match pcfg.modules[call].block.body.attr(name) {
                    Some(a) => {
                        let mut cx = self.ctx(parent, pcfg.modules[call].file, self.insts[inst].binding.clone());
                        let v = self.eval(&mut cx, &a.expr).unwrap_or(Value::Unknown);
                        (v, Rc::new(dedup(cx.refs)))
                    }
                    None => (default(self), Rc::default()),
                }
            }
        };
        let nullable = decl.block.body.attr("nullable").map(|a| a.expr.kind.clone());
        if value.is_null() && matches!(nullable, Some(ExprKind::Bool(false))) {
            value = default(self);
        }
        if let Some(ty) = &decl.ty {
            value = ty.convert(value);
        }
        let memo = (value, refs);
        self.insts[inst].vars.insert(key, Slot::Done(memo.clone()));
        Ok(memo)
    }

    fn var_location(&self, inst: usize, name: &str) -> (usize, u32) {
        self.config(inst)
            .and_then(|c| c.var_index.get(name).map(|&i| &c.variables[i]))
            .map(|v| (v.file, v.block.span.start))
            .unwrap_or((0, 1))
    }

    /// The value of a root variable as the raw model reports it.
    pub fn root_var(&mut self, name: &str) -> Value {
        self.var(0, name).map(|m| m.0).unwrap_or(Value::Unknown)
    }

    fn local(&mut self, inst: usize, name: &str) -> Result<Memo, Fail> {
        let cfg = self.config(inst).ok_or(Fail)?;
        let local = cfg.locals.get(name).ok_or(Fail)?;
        match self.insts[inst].locals.get(name) {
            Some(Slot::Done(m)) => return Ok(m.clone()),
            Some(Slot::Busy) => {
                self.cycle(inst, format!("local.{name}"), local.file, local.attr.span.start);
                return Ok((Value::Unknown, Rc::default()));
            }
            None => {}
        }
        self.insts[inst].locals.insert(local.attr.name.clone(), Slot::Busy);
        let mut cx = self.ctx(inst, local.file, Binding::default());
        let v = self.eval(&mut cx, &local.attr.expr).unwrap_or(Value::Unknown);
        let memo = (v, Rc::new(dedup(cx.refs)));
        self.insts[inst].locals.insert(local.attr.name.clone(), Slot::Done(memo.clone()));
        Ok(memo)
    }

    fn output(&mut self, inst: usize, name: &str) -> Result<Memo, Fail> {
        let Some(cfg) = self.config(inst) else { return Ok((Value::Unknown, Rc::default())) };
        let out = cfg.outputs.get(name).ok_or(Fail)?;
        match self.insts[inst].outputs.get(name) {
            Some(Slot::Done(m)) => return Ok(m.clone()),
            Some(Slot::Busy) => {
                self.cycle(inst, format!("output {name}"), out.file, out.block.span.start);
                return Ok((Value::Unknown, Rc::default()));
            }
            None => {}
        }
        let key: Rc<str> = Rc::from(name);
        self.insts[inst].outputs.insert(key.clone(), Slot::Busy);
        let mut cx = self.ctx(inst, out.file, Binding::default());
        let v = match out.block.body.attr("value") {
            Some(a) => self.eval(&mut cx, &a.expr).unwrap_or(Value::Unknown),
            None => Value::Null,
        };
        let memo = (v, Rc::new(dedup(cx.refs)));
        self.insts[inst].outputs.insert(key, Slot::Done(memo.clone()));
        Ok(memo)
    }

    fn all_outputs(&mut self, inst: usize) -> Value {
        let Some(cfg) = self.config(inst) else { return Value::Unknown };
        let mut names: Vec<&Rc<str>> = cfg.outputs.keys().collect();
        names.sort();
        let mut map = Map::new();
        for n in names {
            let v = self.output(inst, n).map(|m| m.0).unwrap_or(Value::Unknown);
            map.insert(n.to_string(), v);
        }
        Value::object(map)
    }

    // ---- expansion ----

    fn cap(&self) -> usize {
        self.settings.max_expansion
    }

    /// The instances `count`/`for_each` of a block give, each with its binding.
    fn expand(
        &mut self,
        inst: usize,
        body: &Body,
        file: usize,
        span: Span,
    ) -> (Shape, Vec<(Option<InstKey>, Binding)>) {
        let cap = self.cap();
        let f = self.file_of(inst, file);
        if let Some(count) = body.attr("count") {
            let mut cx = self.ctx(inst, file, Binding::default());
            let v = self.eval(&mut cx, &count.expr);
            let n = match v.as_ref().map(|v| v.to_number()) {
                Ok(Ok(Some(n))) if n >= 0.0 && n.fract() == 0.0 => n as usize,
                Ok(Ok(None)) => {
                    let b = Binding { count: Some(Value::Unknown), ..Binding::default() };
                    return (Shape::Unknown, vec![(None, b)]);
                }
                _ => {
                    self.diags.push(Diagnostic::warning(
                        &f,
                        Some(count.span.start),
                        "`count` is not a whole number: evaluated as one instance with an unknown index",
                    ));
                    let b = Binding { count: Some(Value::Unknown), ..Binding::default() };
                    return (Shape::Unknown, vec![(None, b)]);
                }
            };
            if n > cap {
                self.diags.push(Diagnostic::warning(
                    &f,
                    Some(span.start),
                    format!("`count` of {n} expanded to its first {cap} instances (the expansion limit)"),
                ));
            }
            let items = (0..n.min(cap))
                .map(|i| {
                    let b = Binding { count: Some(Value::Number(i as f64)), ..Binding::default() };
                    (Some(InstKey::Int(i as i64)), b)
                })
                .collect();
            return (Shape::Count, items);
        }
        if let Some(fe) = body.attr("for_each") {
            let mut cx = self.ctx(inst, file, Binding::default());
            let v = self.eval(&mut cx, &fe.expr);
            let refs = Rc::new(dedup(std::mem::take(&mut cx.refs)));
            let unknown = |refs: Rc<Vec<String>>| {
                let b = Binding { each: Some((Value::Unknown, Value::Unknown)), each_refs: refs, ..Binding::default() };
                (Shape::Unknown, vec![(None, b)])
            };
            let pairs: Vec<(String, Value)> = match &v {
                Ok(Value::Object(m)) => m.iter().map(|(k, v)| (k.clone(), v.clone())).collect(),
                Ok(Value::List(items)) => {
                    let mut keys = Vec::with_capacity(items.len());
                    for i in items.iter() {
                        match i {
                            Value::Str(s) => keys.push((s.to_string(), i.clone())),
                            Value::Unknown => return unknown(refs),
                            _ => {
                                self.diags.push(Diagnostic::warning(
                                    &f,
                                    Some(fe.span.start),
                                    "`for_each` set must hold strings: evaluated as one instance with an unknown key",
                                ));
                                return unknown(refs);
                            }
                        }
                    }
                    keys.sort_by(|a, b| a.0.cmp(&b.0));
                    keys.dedup_by(|a, b| a.0 == b.0);
                    keys
                }
                Ok(Value::Unknown) | Ok(Value::Open(_)) => return unknown(refs),
                _ => {
                    self.diags.push(Diagnostic::warning(
                        &f,
                        Some(fe.span.start),
                        "`for_each` is not a map or a set of strings: evaluated as one instance with an unknown key",
                    ));
                    return unknown(refs);
                }
            };
            if pairs.len() > cap {
                self.diags.push(Diagnostic::warning(
                    &f,
                    Some(span.start),
                    format!(
                        "`for_each` of {} items expanded to its first {cap} instances (the expansion limit)",
                        pairs.len()
                    ),
                ));
            }
            let items = pairs
                .into_iter()
                .take(cap)
                .map(|(k, v)| {
                    let b = Binding { each: Some((Value::str(&k), v)), each_refs: refs.clone(), ..Binding::default() };
                    (Some(InstKey::Str(k)), b)
                })
                .collect();
            return (Shape::Map, items);
        }
        (Shape::Single, vec![(None, Binding::default())])
    }

    // ---- resources ----

    /// Evaluate every instance of resource block `idx` of `inst` (memoised). `None` on a cycle.
    pub fn resource(&mut self, inst: usize, idx: usize) -> Option<Rc<ResEval>> {
        let cfg = self.config(inst)?;
        let decl = cfg.resources.get(idx)?;
        match self.insts[inst].resources.get(&idx) {
            Some(Slot::Done(r)) => return Some(r.clone()),
            Some(Slot::Busy) => {
                let what = format!("{}{}.{}", if decl.data { "data." } else { "" }, decl.ty, decl.name);
                self.cycle(inst, what, decl.file, decl.block.span.start);
                return None;
            }
            None => {}
        }
        self.insts[inst].resources.insert(idx, Slot::Busy);
        let (shape, keys) = self.expand(inst, &decl.block.body, decl.file, decl.block.span);
        let base =
            format!("{}{}{}.{}", self.insts[inst].prefix, if decl.data { "data." } else { "" }, decl.ty, decl.name);
        let mut instances = Vec::with_capacity(keys.len());
        for (key, binding) in keys {
            let mut cx = self.ctx(inst, decl.file, binding);
            let mut out = BodyOut::default();
            out.spans.insert(String::new(), decl.block.span);
            let mut attrs =
                self.eval_body(&mut cx, &decl.block.body, &mut String::new(), META_ATTRS, META_BLOCKS, &mut out);
            if decl.data && &*decl.ty == "aws_iam_policy_document" {
                let json = super::policy_doc::render(&attrs);
                attrs.insert("minified_json".into(), Value::str(&json));
                attrs.insert("json".into(), Value::string(json));
            }
            let address = match &key {
                Some(k) => format!("{base}{}", k.render()),
                None => base.clone(),
            };
            instances.push((
                key,
                ResInstance {
                    address,
                    attrs: Value::Open(Rc::new(attrs)),
                    spans: out.spans,
                    refs: out.refs,
                    exprs: out.exprs,
                },
            ));
        }
        let value = match shape {
            Shape::Single => instances.first().map(|(_, i)| i.attrs.clone()).unwrap_or(Value::Unknown),
            Shape::Count => Value::list(instances.iter().map(|(_, i)| i.attrs.clone()).collect()),
            Shape::Map => Value::object(
                instances
                    .iter()
                    .filter_map(|(k, i)| match k {
                        Some(InstKey::Str(s)) => Some((s.clone(), i.attrs.clone())),
                        _ => None,
                    })
                    .collect(),
            ),
            Shape::Unknown => Value::Unknown,
        };
        let ev = Rc::new(ResEval { instances: instances.into_iter().map(|(_, i)| i).collect(), value });
        self.insts[inst].resources.insert(idx, Slot::Done(ev.clone()));
        Some(ev)
    }

    /// Evaluate a body into attributes: attributes by name, nested blocks as arrays of objects
    /// (dynamic blocks expanded into them), recording lines and references under `ptr`.
    pub fn eval_body_at(
        &mut self,
        inst: usize,
        file: usize,
        body: &Body,
        skip_attrs: &[&str],
        out: &mut BodyOut,
    ) -> Map {
        let mut cx = self.ctx(inst, file, Binding::default());
        self.eval_body(&mut cx, body, &mut String::new(), skip_attrs, &[], out)
    }

    /// Module call inputs as evaluated for the raw model (instance bindings unknown).
    pub fn module_inputs(&mut self, inst: usize, idx: usize, out: &mut BodyOut) -> Map {
        let Some(cfg) = self.config(inst) else { return Map::new() };
        let call = &cfg.modules[idx];
        let body = &call.block.body;
        let mut binding = Binding::default();
        if body.attr("count").is_some() {
            binding.count = Some(Value::Unknown);
        }
        if body.attr("for_each").is_some() {
            binding.each = Some((Value::Unknown, Value::Unknown));
        }
        let mut cx = self.ctx(inst, call.file, binding);
        self.eval_body(&mut cx, body, &mut String::new(), MODULE_META, &[], out)
    }

    fn eval_body(
        &mut self,
        cx: &mut Ctx,
        body: &Body,
        ptr: &mut String,
        skip_attrs: &[&str],
        skip_blocks: &[&str],
        out: &mut BodyOut,
    ) -> Map {
        let mut map = Map::new();
        let mut blocks: Vec<(Rc<str>, Vec<Value>)> = Vec::new();
        for item in &body.items {
            match item {
                Item::Attr(a) => {
                    if skip_attrs.contains(&&*a.name) {
                        continue;
                    }
                    let len = ptr.len();
                    ptr.push('/');
                    crate::document::escape_pointer_segment(&a.name, ptr);
                    let saved = std::mem::take(&mut cx.refs);
                    let v = self.eval(cx, &a.expr).unwrap_or(Value::Unknown);
                    let refs = std::mem::replace(&mut cx.refs, saved);
                    out.spans.insert(ptr.clone(), a.span);
                    literal_spans(&a.expr, ptr, &mut out.spans);
                    if !refs.is_empty() {
                        out.refs.insert(ptr.clone(), dedup(refs));
                    }
                    if matches!(v, Value::Unknown) {
                        if let Some(text) = a.expr.canonical() {
                            out.exprs.insert(ptr.clone(), format!("{}|{text}", self.insts[cx.inst].prefix));
                        }
                    }
                    ptr.truncate(len);
                    map.insert(a.name.to_string(), v);
                }
                Item::Block(b) => {
                    if skip_blocks.contains(&&*b.ident) {
                        continue;
                    }
                    if &*b.ident == "dynamic" {
                        self.eval_dynamic(cx, b, ptr, &mut blocks, out);
                        continue;
                    }
                    let list = block_list(&mut blocks, &b.ident);
                    let len = ptr.len();
                    ptr.push('/');
                    crate::document::escape_pointer_segment(&b.ident, ptr);
                    out.spans.entry(ptr.clone()).or_insert(b.span);
                    ptr.push('/');
                    ptr.push_str(&list.to_string());
                    out.spans.insert(ptr.clone(), b.span);
                    let mut obj = self.eval_body(cx, &b.body, ptr, &[], &[], out);
                    if !b.labels.is_empty() {
                        obj.insert("__labels".into(), Value::list(b.labels.iter().map(|l| Value::str(l)).collect()));
                    }
                    ptr.truncate(len);
                    push_block(&mut blocks, &b.ident, Value::Open(Rc::new(obj)));
                }
            }
        }
        for (name, items) in blocks {
            map.insert(name.to_string(), Value::list(items));
        }
        map
    }

    fn eval_dynamic(
        &mut self,
        cx: &mut Ctx,
        b: &Block,
        ptr: &mut String,
        blocks: &mut Vec<(Rc<str>, Vec<Value>)>,
        out: &mut BodyOut,
    ) {
        let Some(label) = b.labels.first() else { return };
        let Some(content) = b.body.blocks("content").next() else { return };
        let iterator: Rc<str> = b
            .body
            .attr("iterator")
            .and_then(|a| a.expr.as_path().filter(|p| p.len() == 1).map(|p| Rc::from(p[0])))
            .unwrap_or_else(|| label.clone());
        let saved = std::mem::take(&mut cx.refs);
        let coll = match b.body.attr("for_each") {
            Some(a) => self.eval(cx, &a.expr).unwrap_or(Value::Null),
            None => Value::Null,
        };
        cx.refs = saved;
        let items: Vec<(Value, Value)> = match &coll {
            Value::List(l) => l.iter().enumerate().map(|(i, v)| (Value::Number(i as f64), v.clone())).collect(),
            Value::Object(m) => m.iter().map(|(k, v)| (Value::str(k), v.clone())).collect(),
            // Not knowable: one block whose iterator is unknown, so that what does not depend
            // on it is still seen (and a rule requiring the block does not fire).
            Value::Unknown | Value::Open(_) => vec![(Value::Unknown, Value::Unknown)],
            _ => Vec::new(),
        };
        let cap = self.cap();
        if items.len() > cap {
            let f = self.file_of(cx.inst, cx.file);
            self.diags.push(Diagnostic::warning(
                &f,
                Some(b.span.start),
                format!(
                    "dynamic \"{label}\" of {} items expanded to its first {cap} blocks (the expansion limit)",
                    items.len()
                ),
            ));
        }
        for (k, v) in items.into_iter().take(cap) {
            let list = block_list(blocks, label);
            let len = ptr.len();
            ptr.push('/');
            crate::document::escape_pointer_segment(label, ptr);
            out.spans.entry(ptr.clone()).or_insert(b.span);
            ptr.push('/');
            ptr.push_str(&list.to_string());
            out.spans.insert(ptr.clone(), content.span);
            let mut it = Map::new();
            it.insert("key".into(), k);
            it.insert("value".into(), v);
            cx.scopes.push((iterator.clone(), Value::object(it)));
            let obj = self.eval_body(cx, &content.body, ptr, &[], &[], out);
            cx.scopes.pop();
            ptr.truncate(len);
            push_block(blocks, label, Value::Open(Rc::new(obj)));
        }
    }

    // ---- modules ----

    /// The instances of module call `idx` of `inst` (memoised).
    pub fn module(&mut self, inst: usize, idx: usize) -> Rc<ModExp> {
        match self.insts[inst].modules.get(&idx) {
            Some(Slot::Done(m)) => return m.clone(),
            Some(Slot::Busy) => {
                if let Some(call) = self.config(inst).and_then(|c| c.modules.get(idx)) {
                    self.cycle(inst, format!("module.{}", call.name), call.file, call.block.span.start);
                }
                return Rc::new(ModExp { instances: Vec::new(), shape: Shape::Unknown });
            }
            None => {}
        }
        let Some(call) = self.config(inst).and_then(|c| c.modules.get(idx)) else {
            return Rc::new(ModExp { instances: Vec::new(), shape: Shape::Unknown });
        };
        self.insts[inst].modules.insert(idx, Slot::Busy);
        let (shape, keys) = self.expand(inst, &call.block.body, call.file, call.block.span);
        let key_path = match self.insts[inst].key_path.as_str() {
            "" => call.name.to_string(),
            p => format!("{p}.{}", call.name),
        };
        let config = match self.resolved.get(&key_path) {
            Some(Resolved::Config(c)) => Some(*c),
            _ => None,
        };
        let mut instances = Vec::with_capacity(keys.len());
        for (key, binding) in keys {
            let prefix = format!(
                "{}module.{}{}.",
                self.insts[inst].prefix,
                call.name,
                key.as_ref().map(InstKey::render).unwrap_or_default()
            );
            let child = Inst::new(config, Some((inst, idx)), prefix, key_path.clone(), binding);
            self.insts.push(child);
            instances.push((key, self.insts.len() - 1));
        }
        let exp = Rc::new(ModExp { instances, shape });
        self.insts[inst].modules.insert(idx, Slot::Done(exp.clone()));
        exp
    }

    fn module_ref(&mut self, cx: &mut Ctx, name: &str, ops: &[Op]) -> R {
        let cfg = self.config(cx.inst).ok_or(Fail)?;
        let &idx = cfg.mod_index.get(name).ok_or(Fail)?;
        let exp = self.module(cx.inst, idx);
        // `module.x.out` / `module.x[k].out`: only that output is evaluated (evaluating all of
        // them could create cycles Terraform does not have).
        let (child, rest) = match (exp.shape, ops) {
            (Shape::Single | Shape::Unknown, [Op::Attr(_), ..]) => (exp.instances.first().map(|i| i.1), ops),
            (Shape::Count | Shape::Map, [Op::Index(ix), rest @ ..]) if matches!(rest.first(), Some(Op::Attr(_))) => {
                let k = self.eval(cx, ix)?;
                let key = match (InstKey::from_value(&k), exp.shape) {
                    (Some(InstKey::Int(i)), Shape::Map) => Some(InstKey::Str(i.to_string())),
                    (key, _) => key,
                };
                let found = exp.instances.iter().find(|(ik, _)| match (ik, &key) {
                    (Some(a), Some(b)) => a == b,
                    _ => false,
                });
                match (found, &k) {
                    (Some((_, c)), _) => (Some(*c), rest),
                    // Which instance is not known, so neither is its value nor what it is made of.
                    (None, Value::Unknown) => return Ok(Value::Unknown),
                    (None, _) => return Err(Fail),
                }
            }
            _ => {
                let whole = match exp.shape {
                    Shape::Single => match exp.instances.first() {
                        Some(&(_, c)) => self.all_outputs(c),
                        None => Value::Unknown,
                    },
                    Shape::Count => {
                        let children: Vec<usize> = exp.instances.iter().map(|i| i.1).collect();
                        Value::list(children.into_iter().map(|c| self.all_outputs(c)).collect())
                    }
                    Shape::Map => {
                        let children: Vec<(Option<InstKey>, usize)> = exp.instances.clone();
                        let mut m = Map::new();
                        for (k, c) in children {
                            if let Some(InstKey::Str(k)) = k {
                                let v = self.all_outputs(c);
                                m.insert(k, v);
                            }
                        }
                        Value::object(m)
                    }
                    Shape::Unknown => Value::Unknown,
                };
                return self.apply_ops(cx, whole, ops);
            }
        };
        let Some(child) = child else { return Ok(Value::Unknown) };
        let Some(Op::Attr(out)) = rest.first() else { return Err(Fail) };
        let (v, refs) = self.output(child, out)?;
        cx.refs.extend(refs.iter().cloned());
        let v = if exp.shape == Shape::Unknown { Value::Unknown } else { v };
        self.apply_ops(cx, v, &rest[1..])
    }

    // ---- expressions ----

    /// Account for work; false once the budget is spent (reported once).
    fn charge(&mut self, cx: &Ctx, line: u32, units: u64) -> bool {
        self.spent = self.spent.saturating_add(units);
        if self.spent <= BUDGET {
            return true;
        }
        let f = self.file_of(cx.inst, cx.file);
        self.report_once(
            cx.inst,
            "budget".into(),
            Diagnostic::warning(
                &f,
                Some(line),
                "evaluation stopped here: the configuration builds values too large to evaluate; what remains is unknown",
            ),
        );
        false
    }

    fn eval(&mut self, cx: &mut Ctx, e: &Expr) -> R {
        if !self.charge(cx, e.span.start, 1) {
            return Ok(Value::Unknown);
        }
        if self.depth >= MAX_DEPTH {
            let f = self.file_of(cx.inst, cx.file);
            self.report_once(
                cx.inst,
                "depth".into(),
                Diagnostic::warning(
                    &f,
                    Some(e.span.start),
                    "expressions nested too deep to evaluate: their value is unknown",
                ),
            );
            return Ok(Value::Unknown);
        }
        self.depth += 1;
        let r = self.eval_inner(cx, e);
        self.depth -= 1;
        r
    }

    fn eval_inner(&mut self, cx: &mut Ctx, e: &Expr) -> R {
        match &e.kind {
            ExprKind::Null => Ok(Value::Null),
            ExprKind::Bool(b) => Ok(Value::Bool(*b)),
            ExprKind::Number(n) => Ok(Value::Number(*n)),
            ExprKind::Str(s) => Ok(Value::Str(s.clone())),
            ExprKind::Template(parts) => self.eval_template(cx, parts),
            ExprKind::Array(items) => {
                let mut out = Vec::with_capacity(items.len());
                for i in items {
                    out.push(self.eval(cx, i)?);
                }
                Ok(Value::list(out))
            }
            ExprKind::Object(items) => {
                let mut out = Map::new();
                let mut unknown_key = false;
                for item in items {
                    let key = match &item.key {
                        ObjKey::Name(n) => n.to_string(),
                        ObjKey::Expr(k) => match self.eval(cx, k)?.to_str()? {
                            Some(s) => s.to_string(),
                            None => {
                                unknown_key = true;
                                continue;
                            }
                        },
                    };
                    let v = self.eval(cx, &item.value)?;
                    out.insert(key, v);
                }
                if unknown_key {
                    return Ok(Value::Unknown);
                }
                Ok(Value::object(out))
            }
            ExprKind::Var(_) | ExprKind::Traverse(..) => {
                let (root, ops): (&Expr, &[Op]) = match &e.kind {
                    ExprKind::Traverse(root, ops) => (root, ops),
                    _ => (e, &[]),
                };
                match &root.kind {
                    ExprKind::Var(name) => self.eval_reference(cx, name, ops),
                    _ => {
                        let v = self.eval(cx, root)?;
                        self.apply_ops(cx, v, ops)
                    }
                }
            }
            ExprKind::Call(call) => self.eval_call(cx, call, e.span),
            ExprKind::Cond(c) => {
                let cond = self.eval(cx, &c.0)?;
                match cond.to_bool()? {
                    Some(true) => self.eval(cx, &c.1),
                    Some(false) => self.eval(cx, &c.2),
                    None => {
                        let a = self.eval(cx, &c.1)?;
                        let b = self.eval(cx, &c.2)?;
                        Ok(if a.equals(&b) == Some(true) { a } else { Value::Unknown })
                    }
                }
            }
            ExprKind::Neg(x) => match self.eval(cx, x)?.to_number()? {
                Some(n) => Ok(Value::Number(-n)),
                None => Ok(Value::Unknown),
            },
            ExprKind::Not(x) => match self.eval(cx, x)?.to_bool()? {
                Some(b) => Ok(Value::Bool(!b)),
                None => Ok(Value::Unknown),
            },
            ExprKind::Binary(op, sides) => self.eval_binary(cx, *op, &sides.0, &sides.1),
            ExprKind::For(f) => self.eval_for(cx, f),
            ExprKind::Invalid => Err(Fail),
        }
    }

    fn eval_binary(&mut self, cx: &mut Ctx, op: BinOp, l: &Expr, r: &Expr) -> R {
        // Logic short-circuits, so `var.x != null && var.x.y` works and a known side decides.
        if matches!(op, BinOp::And | BinOp::Or) {
            let a = self.eval(cx, l)?.to_bool()?;
            let decided = if op == BinOp::And { Some(false) } else { Some(true) };
            if a == decided {
                return Ok(Value::Bool(a == Some(true)));
            }
            let b = self.eval(cx, r)?.to_bool()?;
            if b == decided {
                return Ok(Value::Bool(b == Some(true)));
            }
            return Ok(match (a, b) {
                (Some(_), Some(b)) => Value::Bool(b),
                _ => Value::Unknown,
            });
        }
        let a = self.eval(cx, l)?;
        let b = self.eval(cx, r)?;
        match op {
            BinOp::Eq | BinOp::NotEq => Ok(match a.equals(&b) {
                Some(eq) => Value::Bool(eq == (op == BinOp::Eq)),
                None => Value::Unknown,
            }),
            _ => {
                let (Some(x), Some(y)) = (a.to_number()?, b.to_number()?) else { return Ok(Value::Unknown) };
                let n = match op {
                    BinOp::Lt => return Ok(Value::Bool(x < y)),
                    BinOp::Le => return Ok(Value::Bool(x <= y)),
                    BinOp::Gt => return Ok(Value::Bool(x > y)),
                    BinOp::Ge => return Ok(Value::Bool(x >= y)),
                    BinOp::Add => x + y,
                    BinOp::Sub => x - y,
                    BinOp::Mul => x * y,
                    BinOp::Div if y == 0.0 => return Err(Fail),
                    BinOp::Div => x / y,
                    BinOp::Mod if y == 0.0 => return Err(Fail),
                    BinOp::Mod => x % y,
                    _ => return Err(Fail),
                };
                if n.is_finite() {
                    Ok(Value::Number(n))
                } else {
                    Err(Fail)
                }
            }
        }
    }

    fn eval_for(&mut self, cx: &mut Ctx, f: &ForExpr) -> R {
        let coll = self.eval(cx, &f.collection)?;
        let items: Vec<(Value, Value)> = match &coll {
            Value::List(l) => l.iter().enumerate().map(|(i, v)| (Value::Number(i as f64), v.clone())).collect(),
            Value::Object(m) => m.iter().map(|(k, v)| (Value::str(k), v.clone())).collect(),
            Value::Unknown | Value::Open(_) => return Ok(Value::Unknown),
            _ => return Err(Fail),
        };
        let mut list = Vec::new();
        let mut map = Map::new();
        let mut groups: std::collections::BTreeMap<String, Vec<Value>> = std::collections::BTreeMap::new();
        let mut unknown = false;
        for (k, v) in items {
            let base = cx.scopes.len();
            if let Some(kv) = &f.key_var {
                cx.scopes.push((kv.clone(), k));
            }
            cx.scopes.push((f.value_var.clone(), v));
            let r = self.for_item(cx, f, &mut list, &mut map, &mut groups, &mut unknown);
            cx.scopes.truncate(base);
            r?;
        }
        if unknown {
            return Ok(Value::Unknown);
        }
        if f.key.is_none() {
            return Ok(Value::list(list));
        }
        if f.grouping {
            return Ok(Value::object(groups.into_iter().map(|(k, v)| (k, Value::list(v))).collect()));
        }
        Ok(Value::object(map))
    }

    fn for_item(
        &mut self,
        cx: &mut Ctx,
        f: &ForExpr,
        list: &mut Vec<Value>,
        map: &mut Map,
        groups: &mut std::collections::BTreeMap<String, Vec<Value>>,
        unknown: &mut bool,
    ) -> Result<(), Fail> {
        if let Some(cond) = &f.cond {
            match self.eval(cx, cond)?.to_bool()? {
                Some(true) => {}
                Some(false) => return Ok(()),
                None => {
                    *unknown = true;
                    return Ok(());
                }
            }
        }
        let value = self.eval(cx, &f.value)?;
        match &f.key {
            None => list.push(value),
            Some(k) => match self.eval(cx, k)?.to_str()? {
                Some(key) if f.grouping => groups.entry(key.to_string()).or_default().push(value),
                Some(key) => {
                    // Duplicate keys are an error in Terraform without `...`.
                    if map.insert(key.to_string(), value).is_some() {
                        return Err(Fail);
                    }
                }
                None => *unknown = true,
            },
        }
        Ok(())
    }

    fn eval_template(&mut self, cx: &mut Ctx, parts: &[Tpl]) -> R {
        // A template that is one interpolation is that value, not its string form.
        if let [Tpl::Interp(e)] = parts {
            return self.eval(cx, e);
        }
        let mut out = String::new();
        let mut unknown = false;
        self.render_template(cx, parts, &mut out, &mut unknown)?;
        let line = parts.iter().find_map(|p| match p {
            Tpl::Interp(e) => Some(e.span.start),
            _ => None,
        });
        if !self.charge(cx, line.unwrap_or(1), out.len() as u64 / 8) {
            return Ok(Value::Unknown);
        }
        Ok(if unknown { Value::Unknown } else { Value::string(out) })
    }

    fn render_template(
        &mut self,
        cx: &mut Ctx,
        parts: &[Tpl],
        out: &mut String,
        unknown: &mut bool,
    ) -> Result<(), Fail> {
        for p in parts {
            if out.len() > 10_000_000 {
                return Err(Fail);
            }
            match p {
                Tpl::Lit(s) => out.push_str(s),
                Tpl::Interp(e) => match self.eval(cx, e)?.to_str()? {
                    Some(s) => out.push_str(&s),
                    None => *unknown = true,
                },
                Tpl::If(cond, then, otherwise) => match self.eval(cx, cond)?.to_bool()? {
                    Some(true) => self.render_template(cx, then, out, unknown)?,
                    Some(false) => self.render_template(cx, otherwise, out, unknown)?,
                    None => *unknown = true,
                },
                Tpl::For(f) => {
                    let coll = self.eval(cx, &f.collection)?;
                    let items: Vec<(Value, Value)> = match &coll {
                        Value::List(l) => {
                            l.iter().enumerate().map(|(i, v)| (Value::Number(i as f64), v.clone())).collect()
                        }
                        Value::Object(m) => m.iter().map(|(k, v)| (Value::str(k), v.clone())).collect(),
                        Value::Unknown | Value::Open(_) => {
                            *unknown = true;
                            continue;
                        }
                        _ => return Err(Fail),
                    };
                    for (k, v) in items {
                        let base = cx.scopes.len();
                        if let Some(kv) = &f.key_var {
                            cx.scopes.push((kv.clone(), k));
                        }
                        cx.scopes.push((f.value_var.clone(), v));
                        let r = self.render_template(cx, &f.body, out, unknown);
                        cx.scopes.truncate(base);
                        r?;
                    }
                }
            }
        }
        Ok(())
    }

    /// A traversal starting at a name: a local iterator, or one of Terraform's namespaces.
    fn eval_reference(&mut self, cx: &mut Ctx, name: &Rc<str>, ops: &[Op]) -> R {
        if let Some((_, v)) = cx.scopes.iter().rev().find(|(n, _)| n == name) {
            let v = v.clone();
            return self.apply_ops(cx, v, ops);
        }
        if cx.consts {
            return Err(Fail);
        }
        let attr = |i: usize| match ops.get(i) {
            Some(Op::Attr(a)) => Some(a.clone()),
            _ => None,
        };
        match &**name {
            "var" => {
                let n = attr(0).ok_or(Fail)?;
                let (v, refs) = self.var(cx.inst, &n)?;
                cx.refs.extend(refs.iter().cloned());
                self.apply_ops(cx, v, &ops[1..])
            }
            "local" => {
                let n = attr(0).ok_or(Fail)?;
                let (v, refs) = self.local(cx.inst, &n)?;
                cx.refs.extend(refs.iter().cloned());
                self.apply_ops(cx, v, &ops[1..])
            }
            "count" => {
                let v = match (attr(0).as_deref(), &cx.binding.count) {
                    (Some("index"), Some(v)) => v.clone(),
                    _ => return Err(Fail),
                };
                self.apply_ops(cx, v, &ops[1..])
            }
            "each" => {
                let (k, v) = cx.binding.each.clone().ok_or(Fail)?;
                let v = match attr(0).as_deref() {
                    Some("key") => k,
                    Some("value") => {
                        let refs = cx.binding.each_refs.clone();
                        cx.refs.extend(refs.iter().cloned());
                        v
                    }
                    _ => return Err(Fail),
                };
                self.apply_ops(cx, v, &ops[1..])
            }
            "path" => {
                let cfg = self.config(cx.inst).ok_or(Fail)?;
                let v = match attr(0).as_deref() {
                    Some("module") => Value::str(&cfg.dir),
                    Some("root") | Some("cwd") => Value::str(&self.configs[0].dir),
                    _ => return Err(Fail),
                };
                self.apply_ops(cx, v, &ops[1..])
            }
            "terraform" => match attr(0).as_deref() {
                Some("workspace") => self.apply_ops(cx, Value::str("default"), &ops[1..]),
                _ => Ok(Value::Unknown),
            },
            "self" => Ok(Value::Unknown),
            "data" => {
                let (Some(ty), Some(n)) = (attr(0), attr(1)) else { return Err(Fail) };
                self.resource_ref(cx, true, &ty, &n, &ops[2..])
            }
            "module" => {
                let n = attr(0).ok_or(Fail)?;
                self.module_ref(cx, &n, &ops[1..])
            }
            ty => {
                let n = attr(0).ok_or(Fail)?;
                self.resource_ref(cx, false, ty, &n, &ops[1..])
            }
        }
    }

    fn resource_ref(&mut self, cx: &mut Ctx, data: bool, ty: &str, name: &str, ops: &[Op]) -> R {
        let prefix = self.insts[cx.inst].prefix.clone();
        let mut address = format!("{prefix}{}{ty}.{name}", if data { "data." } else { "" });
        let key = match ops.first() {
            Some(Op::Index(ix)) => self.eval(cx, ix).ok().as_ref().and_then(InstKey::from_value),
            _ => None,
        };
        let evaluated = self
            .config(cx.inst)
            .and_then(|cfg| cfg.res_index.get(&(data, Rc::from(ty), Rc::from(name))).copied())
            .map(|idx| self.resource(cx.inst, idx));
        if let Some(k) = key {
            // `for_each` keys are strings: `x[1]` of a map-shaped resource is `x["1"]`.
            let k = match (&k, evaluated.as_ref().and_then(|e| e.as_ref()).map(|e| &e.value)) {
                (InstKey::Int(i), Some(Value::Object(_))) => InstKey::Str(i.to_string()),
                _ => k,
            };
            address.push_str(&k.render());
        }
        cx.refs.push(address);
        match evaluated {
            None => Err(Fail),
            Some(None) => Ok(Value::Unknown),
            Some(Some(ev)) => {
                let v = ev.value.clone();
                self.apply_ops(cx, v, ops)
            }
        }
    }

    fn apply_ops(&mut self, cx: &mut Ctx, mut v: Value, ops: &[Op]) -> R {
        let mut i = 0;
        while i < ops.len() {
            match &ops[i] {
                Op::Attr(name) => v = get_key(&v, name)?,
                Op::Index(ix) => {
                    let k = self.eval(cx, ix)?;
                    v = index(&v, &k)?;
                }
                Op::AttrSplat | Op::FullSplat => {
                    let full = matches!(ops[i], Op::FullSplat);
                    let mut end = i + 1;
                    while end < ops.len() && (full || matches!(ops[end], Op::Attr(_))) {
                        end += 1;
                    }
                    let items: Vec<Value> = match &v {
                        Value::Unknown => return Ok(Value::Unknown),
                        Value::Null => Vec::new(),
                        Value::List(l) => l.to_vec(),
                        other => vec![other.clone()],
                    };
                    let mut out = Vec::with_capacity(items.len());
                    for item in items {
                        out.push(self.apply_ops(cx, item, &ops[i + 1..end])?);
                    }
                    v = Value::list(out);
                    i = end;
                    continue;
                }
            }
            i += 1;
        }
        Ok(v)
    }

    fn eval_call(&mut self, cx: &mut Ctx, call: &Call, span: Span) -> R {
        match call.name.as_str() {
            "try" => {
                for a in &call.args {
                    if let Ok(v) = self.eval(cx, a) {
                        return Ok(v);
                    }
                }
                return Err(Fail);
            }
            "can" => {
                let a = call.args.first().ok_or(Fail)?;
                return Ok(match self.eval(cx, a) {
                    Ok(Value::Unknown) => Value::Unknown,
                    Ok(_) => Value::Bool(true),
                    Err(_) => Value::Bool(false),
                });
            }
            _ => {}
        }
        let mut args = Vec::with_capacity(call.args.len());
        for a in &call.args {
            args.push(self.eval(cx, a)?);
        }
        if call.expand {
            match args.pop() {
                Some(Value::List(items)) => args.extend(items.iter().cloned()),
                Some(Value::Unknown) => return Ok(Value::Unknown),
                _ => return Err(Fail),
            }
        }
        match call.name.as_str() {
            "file" | "fileexists" | "filebase64" => return Ok(self.file_fn(cx.inst, &call.name, &args)),
            _ => {}
        }
        match functions::call(&call.name, &args) {
            Some(Ok(v)) => {
                if self.charge(cx, span.start, size_cost(&v)) {
                    Ok(v)
                } else {
                    Ok(Value::Unknown)
                }
            }
            Some(Err(e)) => Err(e),
            None => {
                let inst = cx.inst;
                let f = self.file_of(inst, cx.file);
                let name = call.name.clone();
                self.report_once(
                    inst,
                    format!("fn {name}"),
                    Diagnostic::info(
                        &f,
                        Some(span.start),
                        format!("function `{name}` is not evaluated: its results are unknown"),
                    ),
                );
                Ok(Value::Unknown)
            }
        }
    }

    /// `file()` and friends: only files inside the calling module's directory, within the size
    /// limit; anything else is unknown.
    fn file_fn(&mut self, inst: usize, name: &str, args: &[Value]) -> Value {
        let [Value::Str(p)] = args else { return Value::Unknown };
        let Some(cfg) = self.config(inst) else { return Value::Unknown };
        let Some(module_dir) = &cfg.abs_dir else { return Value::Unknown };
        let module_dir = crate::paths::normalize(module_dir);
        let path = Path::new(&**p);
        let mut candidates = Vec::new();
        if path.is_absolute() {
            candidates.push(path.to_path_buf());
        } else {
            if let Some(base) = &self.settings.base {
                candidates.push(base.join(path));
            }
            if let Some(root) = &self.configs[0].abs_dir {
                candidates.push(root.join(path));
            }
        }
        // Inside the module's directory, also once links are resolved: a link in the module
        // must not lead `file()` to a file elsewhere on the machine.
        let real_module = std::fs::canonicalize(&module_dir).unwrap_or_else(|_| module_dir.clone());
        let found = candidates.into_iter().map(|c| crate::paths::normalize(&c)).find(|c| {
            c.starts_with(&module_dir)
                && c.is_file()
                && std::fs::canonicalize(c).is_ok_and(|real| real.starts_with(&real_module))
        });
        match (name, found) {
            ("fileexists", found) => Value::Bool(found.is_some()),
            (_, None) => Value::Unknown,
            ("filebase64", Some(f)) => match std::fs::metadata(&f) {
                Ok(m) if m.len() <= self.settings.max_file_size => match std::fs::read(&f) {
                    Ok(bytes) => Value::string(functions::base64_encode(&bytes)),
                    Err(_) => Value::Unknown,
                },
                _ => Value::Unknown,
            },
            (_, Some(f)) => match crate::collect::read_text(&f, p, self.settings.max_file_size) {
                Ok(text) => Value::string(text),
                Err(_) => Value::Unknown,
            },
        }
    }
}

impl Inst {
    fn new(
        config: Option<usize>,
        parent: Option<(usize, usize)>,
        prefix: String,
        key_path: String,
        binding: Binding,
    ) -> Inst {
        Inst {
            config,
            parent,
            prefix,
            key_path,
            binding,
            vars: HashMap::new(),
            locals: HashMap::new(),
            outputs: HashMap::new(),
            resources: HashMap::new(),
            modules: HashMap::new(),
        }
    }
}

fn block_list(blocks: &mut [(Rc<str>, Vec<Value>)], name: &str) -> usize {
    blocks.iter().find(|(n, _)| &**n == name).map_or(0, |(_, l)| l.len())
}

fn push_block(blocks: &mut Vec<(Rc<str>, Vec<Value>)>, name: &Rc<str>, v: Value) {
    match blocks.iter_mut().find(|(n, _)| n == name) {
        Some((_, l)) => l.push(v),
        None => blocks.push((name.clone(), vec![v])),
    }
}

fn get_key(v: &Value, name: &str) -> R {
    match v {
        Value::Object(m) => m.get(name).cloned().ok_or(Fail),
        Value::Open(m) => Ok(m.get(name).cloned().unwrap_or(Value::Unknown)),
        Value::Unknown => Ok(Value::Unknown),
        _ => Err(Fail),
    }
}

fn index(v: &Value, k: &Value) -> R {
    match (v, k) {
        (Value::Unknown, _) | (_, Value::Unknown) => Ok(Value::Unknown),
        (Value::List(l), k) => {
            let n = k.to_number()?.ok_or(Fail)?;
            if n < 0.0 || n.fract() != 0.0 {
                return Err(Fail);
            }
            l.get(n as usize).cloned().ok_or(Fail)
        }
        (Value::Object(_) | Value::Open(_), k) => {
            let key = k.to_str()?.ok_or(Fail)?;
            get_key(v, &key)
        }
        _ => Err(Fail),
    }
}

/// Lines of the keys and items of a literal object or list value (`/tags/Name`).
fn literal_spans(e: &Expr, ptr: &mut String, spans: &mut SpanMap) {
    match &e.kind {
        ExprKind::Object(items) => {
            for item in items {
                if let ObjKey::Name(k) = &item.key {
                    let len = ptr.len();
                    ptr.push('/');
                    crate::document::escape_pointer_segment(k, ptr);
                    spans.insert(ptr.clone(), item.span);
                    literal_spans(&item.value, ptr, spans);
                    ptr.truncate(len);
                }
            }
        }
        ExprKind::Array(items) => {
            for (i, item) in items.iter().enumerate() {
                let len = ptr.len();
                ptr.push('/');
                ptr.push_str(&i.to_string());
                spans.insert(ptr.clone(), item.span);
                literal_spans(item, ptr, spans);
                ptr.truncate(len);
            }
        }
        _ => {}
    }
}

/// What building a value cost, roughly proportional to its memory (shallow: the parts were
/// charged when they were built).
fn size_cost(v: &Value) -> u64 {
    match v {
        Value::Str(s) => s.len() as u64 / 8,
        Value::List(l) => l.len() as u64,
        Value::Object(m) | Value::Open(m) => m.len() as u64,
        _ => 0,
    }
}

fn dedup(mut refs: Vec<String>) -> Vec<String> {
    let mut seen = HashSet::new();
    refs.retain(|r| seen.insert(r.clone()));
    refs
}
