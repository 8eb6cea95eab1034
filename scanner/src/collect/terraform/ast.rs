//! The configuration syntax both Terraform languages are read into.
//!
//! HCL (`.tf`) and JSON (`.tf.json`) mean the same things, so both become this one small tree,
//! with the 1-based lines of every block, attribute, object key and list item already resolved;
//! the evaluator then never needs to know which syntax a module was written in, nor look at
//! byte offsets. Strings of the JSON syntax are templates, parsed with the HCL template parser.

use std::ops::Range;
use std::rc::Rc;

use hcl::edit::expr as he;
use hcl::edit::structure as hs;
use hcl::edit::template as ht;
use hcl::edit::Span as _;

use crate::document::Span;
use crate::yaml::{Node, Value as YValue};

/// Nesting deeper than this is cut (hcl-edit already refuses more than 64 levels of brackets;
/// this bounds what the evaluator may recurse into whatever the source).
const MAX_DEPTH: u32 = 256;

#[derive(Debug, Clone, Default)]
pub struct Body {
    pub items: Vec<Item>,
}

#[derive(Debug, Clone)]
pub enum Item {
    Attr(Attr),
    Block(Block),
}

#[derive(Debug, Clone)]
pub struct Attr {
    pub name: Rc<str>,
    pub expr: Expr,
    pub span: Span,
}

#[derive(Debug, Clone)]
pub struct Block {
    pub ident: Rc<str>,
    pub labels: Vec<Rc<str>>,
    pub body: Body,
    pub span: Span,
}

impl Body {
    pub fn attr(&self, name: &str) -> Option<&Attr> {
        self.items.iter().find_map(|i| match i {
            Item::Attr(a) if &*a.name == name => Some(a),
            _ => None,
        })
    }

    pub fn blocks<'a>(&'a self, ident: &'a str) -> impl Iterator<Item = &'a Block> + 'a {
        self.items.iter().filter_map(move |i| match i {
            Item::Block(b) if &*b.ident == ident => Some(b),
            _ => None,
        })
    }
}

#[derive(Debug, Clone)]
pub struct Expr {
    pub kind: ExprKind,
    pub span: Span,
}

#[derive(Debug, Clone)]
pub enum ExprKind {
    Null,
    Bool(bool),
    Number(f64),
    Str(Rc<str>),
    Template(Vec<Tpl>),
    Array(Vec<Expr>),
    Object(Vec<ObjItem>),
    Var(Rc<str>),
    Traverse(Box<Expr>, Vec<Op>),
    Call(Box<Call>),
    Cond(Box<(Expr, Expr, Expr)>),
    Neg(Box<Expr>),
    Not(Box<Expr>),
    Binary(BinOp, Box<(Expr, Expr)>),
    For(Box<ForExpr>),
    /// Cut because nested too deep: evaluates to an error.
    Invalid,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum BinOp {
    Eq,
    NotEq,
    Lt,
    Le,
    Gt,
    Ge,
    Add,
    Sub,
    Mul,
    Div,
    Mod,
    And,
    Or,
}

#[derive(Debug, Clone)]
pub struct ObjItem {
    pub key: ObjKey,
    pub value: Expr,
    /// From the key to the end of the value.
    pub span: Span,
}

#[derive(Debug, Clone)]
pub enum ObjKey {
    /// A bare identifier or a literal string: the key itself.
    Name(Rc<str>),
    Expr(Expr),
}

#[derive(Debug, Clone)]
pub enum Op {
    Attr(Rc<str>),
    Index(Expr),
    /// `.*`: applies the following attribute accesses to every element.
    AttrSplat,
    /// `[*]`: applies every following operator to every element.
    FullSplat,
}

#[derive(Debug, Clone)]
pub struct Call {
    pub name: String,
    pub args: Vec<Expr>,
    /// `f(list...)`: the last argument is expanded into arguments.
    pub expand: bool,
}

#[derive(Debug, Clone)]
pub struct ForExpr {
    pub key_var: Option<Rc<str>>,
    pub value_var: Rc<str>,
    pub collection: Expr,
    /// Present for object `for` expressions.
    pub key: Option<Expr>,
    pub value: Expr,
    pub cond: Option<Expr>,
    pub grouping: bool,
}

#[derive(Debug, Clone)]
pub enum Tpl {
    Lit(Rc<str>),
    Interp(Expr),
    If(Box<Expr>, Vec<Tpl>, Vec<Tpl>),
    For(Box<TplFor>),
}

#[derive(Debug, Clone)]
pub struct TplFor {
    pub key_var: Option<Rc<str>>,
    pub value_var: Rc<str>,
    pub collection: Expr,
    pub body: Vec<Tpl>,
}

impl Expr {
    pub fn new(kind: ExprKind, span: Span) -> Expr {
        Expr { kind, span }
    }

    /// The literal string this expression is, if it is one (a template without interpolation).
    pub fn as_literal_str(&self) -> Option<&str> {
        match &self.kind {
            ExprKind::Str(s) => Some(s),
            ExprKind::Template(parts) if parts.len() == 1 => match &parts[0] {
                Tpl::Lit(s) => Some(s),
                _ => None,
            },
            _ => None,
        }
    }

    /// `a.b.c` as its parts, when the expression is a plain traversal of attribute names.
    pub fn as_path(&self) -> Option<Vec<&str>> {
        match &self.kind {
            ExprKind::Var(name) => Some(vec![name]),
            ExprKind::Traverse(root, ops) => {
                let ExprKind::Var(name) = &root.kind else { return None };
                let mut out = vec![&**name];
                for op in ops {
                    match op {
                        Op::Attr(a) => out.push(a),
                        _ => return None,
                    }
                }
                Some(out)
            }
            _ => None,
        }
    }

    /// The expression as text that ignores layout (`"${var.prefix}-logs"` written anywhere
    /// reads the same), for telling that two unknown values are the same value. `None` when
    /// its value may differ between two places that write it the same way: it reads `each`,
    /// `count` or `self`, or a `for` iterator.
    pub fn canonical(&self) -> Option<String> {
        let mut out = String::new();
        self.write_canonical(&mut out).then_some(out)
    }

    fn write_canonical(&self, out: &mut String) -> bool {
        match &self.kind {
            ExprKind::Null => out.push_str("null"),
            ExprKind::Bool(b) => out.push_str(if *b { "true" } else { "false" }),
            ExprKind::Number(n) => out.push_str(&n.to_string()),
            ExprKind::Str(s) => out.push_str(&quoted(s)),
            ExprKind::Template(parts) => {
                out.push_str("tpl(");
                for part in parts {
                    match part {
                        Tpl::Lit(s) => out.push_str(&quoted(s)),
                        Tpl::Interp(e) => {
                            out.push_str("${");
                            if !e.write_canonical(out) {
                                return false;
                            }
                            out.push('}');
                        }
                        Tpl::If(..) | Tpl::For(_) => return false,
                    }
                }
                out.push(')');
            }
            ExprKind::Array(items) => return write_list(out, '[', items, ']'),
            ExprKind::Object(items) => {
                out.push('{');
                for item in items {
                    match &item.key {
                        ObjKey::Name(n) => out.push_str(&quoted(n)),
                        ObjKey::Expr(e) if e.write_canonical(out) => {}
                        ObjKey::Expr(_) => return false,
                    }
                    out.push('=');
                    if !item.value.write_canonical(out) {
                        return false;
                    }
                    out.push(',');
                }
                out.push('}');
            }
            ExprKind::Var(name) => {
                if matches!(&**name, "each" | "count" | "self") {
                    return false;
                }
                out.push_str(name);
            }
            ExprKind::Traverse(root, ops) => {
                if !root.write_canonical(out) {
                    return false;
                }
                for op in ops {
                    match op {
                        Op::Attr(a) => {
                            out.push('.');
                            out.push_str(a);
                        }
                        Op::Index(e) => {
                            out.push('[');
                            if !e.write_canonical(out) {
                                return false;
                            }
                            out.push(']');
                        }
                        Op::AttrSplat => out.push_str(".*"),
                        Op::FullSplat => out.push_str("[*]"),
                    }
                }
            }
            ExprKind::Call(call) => {
                out.push_str(&call.name);
                if !write_list(out, '(', &call.args, ')') {
                    return false;
                }
                if call.expand {
                    out.push_str("...");
                }
            }
            ExprKind::Cond(c) => {
                out.push_str("if");
                return write_list(out, '(', [&c.0, &c.1, &c.2], ')');
            }
            ExprKind::Neg(e) | ExprKind::Not(e) => {
                out.push_str(if matches!(self.kind, ExprKind::Neg(_)) { "-(" } else { "!(" });
                if !e.write_canonical(out) {
                    return false;
                }
                out.push(')');
            }
            ExprKind::Binary(op, pair) => {
                out.push_str(&format!("{op:?}"));
                return write_list(out, '(', [&pair.0, &pair.1], ')');
            }
            ExprKind::For(_) | ExprKind::Invalid => return false,
        }
        true
    }
}

fn write_list<'e>(out: &mut String, open: char, items: impl IntoIterator<Item = &'e Expr>, close: char) -> bool {
    out.push(open);
    for (i, e) in items.into_iter().enumerate() {
        if i > 0 {
            out.push(',');
        }
        if !e.write_canonical(out) {
            return false;
        }
    }
    out.push(close);
    true
}

fn quoted(s: &str) -> String {
    serde_json::Value::String(s.to_string()).to_string()
}

/// Byte offset → 1-based line.
pub struct LineIndex {
    starts: Vec<usize>,
}

impl LineIndex {
    pub fn new(text: &str) -> LineIndex {
        let mut starts = vec![0];
        starts.extend(text.bytes().enumerate().filter(|(_, b)| *b == b'\n').map(|(i, _)| i + 1));
        LineIndex { starts }
    }

    pub fn line(&self, offset: usize) -> u32 {
        self.starts.partition_point(|&s| s <= offset).max(1) as u32
    }

    pub fn span(&self, range: &Range<usize>) -> Span {
        let end = if range.end > range.start { range.end - 1 } else { range.start };
        Span::new(self.line(range.start), self.line(end))
    }
}

/// Converts hcl-edit's lossless tree into ours.
pub struct Conv<'a> {
    lines: Option<&'a LineIndex>,
    /// Every node gets this span (JSON strings, whose inner positions are not tracked).
    fixed: Span,
    depth: u32,
    pub too_deep: bool,
}

impl<'a> Conv<'a> {
    pub fn new(lines: &'a LineIndex) -> Conv<'a> {
        Conv { lines: Some(lines), fixed: Span::new(1, 1), depth: 0, too_deep: false }
    }

    pub fn fixed(span: Span) -> Conv<'static> {
        Conv { lines: None, fixed: span, depth: 0, too_deep: false }
    }

    fn span(&self, range: Option<Range<usize>>) -> Span {
        match (self.lines, range) {
            (Some(lines), Some(r)) => lines.span(&r),
            _ => self.fixed,
        }
    }

    pub fn body(&mut self, body: &hs::Body) -> Body {
        let mut items = Vec::with_capacity(body.len());
        for structure in body.iter() {
            match structure {
                hs::Structure::Attribute(a) => items.push(Item::Attr(Attr {
                    name: Rc::from(a.key.as_str()),
                    expr: self.expr(&a.value),
                    span: self.span(a.span()),
                })),
                hs::Structure::Block(b) => {
                    if self.enter() {
                        let block = Block {
                            ident: Rc::from(b.ident.as_str()),
                            labels: b.labels.iter().map(|l| Rc::from(l.as_str())).collect(),
                            body: self.body(&b.body),
                            span: self.span(b.span()),
                        };
                        items.push(Item::Block(block));
                    }
                    self.depth -= 1;
                }
            }
        }
        Body { items }
    }

    fn enter(&mut self) -> bool {
        self.depth += 1;
        if self.depth > MAX_DEPTH {
            self.too_deep = true;
            return false;
        }
        true
    }

    pub fn expr(&mut self, e: &he::Expression) -> Expr {
        let span = self.span(e.span());
        if !self.enter() {
            self.depth -= 1;
            return Expr::new(ExprKind::Invalid, span);
        }
        let kind = match e {
            he::Expression::Null(_) => ExprKind::Null,
            he::Expression::Bool(b) => ExprKind::Bool(*b.value()),
            he::Expression::Number(n) => n.value().as_f64().map(ExprKind::Number).unwrap_or(ExprKind::Invalid),
            he::Expression::String(s) => ExprKind::Str(Rc::from(s.value().as_str())),
            he::Expression::Array(a) => ExprKind::Array(a.iter().map(|x| self.expr(x)).collect()),
            he::Expression::Object(o) => {
                let mut items = Vec::with_capacity(o.len());
                for (k, v) in o.iter() {
                    let key = match k {
                        he::ObjectKey::Ident(i) => ObjKey::Name(Rc::from(i.as_str())),
                        he::ObjectKey::Expression(x) => {
                            let kx = self.expr(x);
                            match kx.as_literal_str() {
                                Some(s) => ObjKey::Name(Rc::from(s)),
                                // A bare name in parentheses-free key position is literal in
                                // Terraform (`{ foo = 1 }`), only `(expr)` is evaluated.
                                None => match (&kx.kind, x) {
                                    (ExprKind::Var(name), he::Expression::Variable(_)) => ObjKey::Name(name.clone()),
                                    _ => ObjKey::Expr(kx),
                                },
                            }
                        }
                    };
                    let value = self.expr(v.expr());
                    let start = k.span().map(|r| r.start);
                    let end = v.expr().span().map(|r| r.end);
                    let span = match (start, end) {
                        (Some(s), Some(e)) if e >= s => self.span(Some(s..e)),
                        _ => value.span,
                    };
                    items.push(ObjItem { key, value, span });
                }
                ExprKind::Object(items)
            }
            he::Expression::StringTemplate(t) => ExprKind::Template(self.template(t, false, false)),
            he::Expression::HeredocTemplate(h) => ExprKind::Template(self.template(&h.template, false, false)),
            he::Expression::Parenthesis(p) => {
                let inner = self.expr(p.inner());
                self.depth -= 1;
                return Expr::new(inner.kind, span);
            }
            he::Expression::Variable(v) => ExprKind::Var(Rc::from(v.as_str())),
            he::Expression::Conditional(c) => {
                ExprKind::Cond(Box::new((self.expr(&c.cond_expr), self.expr(&c.true_expr), self.expr(&c.false_expr))))
            }
            he::Expression::FuncCall(f) => {
                let mut name = String::new();
                for ns in &f.name.namespace {
                    name.push_str(ns.as_str());
                    name.push_str("::");
                }
                name.push_str(f.name.name.as_str());
                ExprKind::Call(Box::new(Call {
                    name,
                    args: f.args.iter().map(|a| self.expr(a)).collect(),
                    expand: f.args.expand_final(),
                }))
            }
            he::Expression::Traversal(t) => {
                let root = self.expr(&t.expr);
                let mut ops = Vec::with_capacity(t.operators.len());
                for op in &t.operators {
                    ops.push(match op.value() {
                        he::TraversalOperator::AttrSplat(_) => Op::AttrSplat,
                        he::TraversalOperator::FullSplat(_) => Op::FullSplat,
                        he::TraversalOperator::GetAttr(name) => Op::Attr(Rc::from(name.as_str())),
                        he::TraversalOperator::Index(x) => Op::Index(self.expr(x)),
                        he::TraversalOperator::LegacyIndex(i) => {
                            Op::Index(Expr::new(ExprKind::Number(*i.value() as f64), span))
                        }
                    });
                }
                ExprKind::Traverse(Box::new(root), ops)
            }
            he::Expression::UnaryOp(u) => {
                let inner = Box::new(self.expr(&u.expr));
                match u.operator.value() {
                    he::UnaryOperator::Neg => ExprKind::Neg(inner),
                    he::UnaryOperator::Not => ExprKind::Not(inner),
                }
            }
            he::Expression::BinaryOp(b) => {
                use he::BinaryOperator as B;
                let op = match b.operator.value() {
                    B::Eq => BinOp::Eq,
                    B::NotEq => BinOp::NotEq,
                    B::LessEq => BinOp::Le,
                    B::GreaterEq => BinOp::Ge,
                    B::Less => BinOp::Lt,
                    B::Greater => BinOp::Gt,
                    B::Plus => BinOp::Add,
                    B::Minus => BinOp::Sub,
                    B::Mul => BinOp::Mul,
                    B::Div => BinOp::Div,
                    B::Mod => BinOp::Mod,
                    B::And => BinOp::And,
                    B::Or => BinOp::Or,
                };
                ExprKind::Binary(op, Box::new((self.expr(&b.lhs_expr), self.expr(&b.rhs_expr))))
            }
            he::Expression::ForExpr(f) => ExprKind::For(Box::new(ForExpr {
                key_var: f.intro.key_var.as_ref().map(|k| Rc::from(k.as_str())),
                value_var: Rc::from(f.intro.value_var.as_str()),
                collection: self.expr(&f.intro.collection_expr),
                key: f.key_expr.as_ref().map(|k| self.expr(k)),
                value: self.expr(&f.value_expr),
                cond: f.cond.as_ref().map(|c| self.expr(&c.expr)),
                grouping: f.grouping,
            })),
        };
        self.depth -= 1;
        Expr::new(kind, span)
    }

    /// A template's parts, with `~` strip markers applied: `strip_first` trims the leading white
    /// space of the first literal (the opening tag ended with `~}`), `strip_last` the trailing
    /// white space of the last one (the closing tag starts with `%{~`).
    pub fn template(&mut self, t: &ht::Template, strip_first: bool, strip_last: bool) -> Vec<Tpl> {
        let mut out: Vec<Tpl> = Vec::new();
        // Whether the next literal must lose its leading white space.
        let mut strip_next = strip_first;
        for element in t.iter() {
            match element {
                ht::Element::Literal(s) => {
                    let text: &str = s.value();
                    let text = if strip_next { text.trim_start() } else { text };
                    strip_next = false;
                    out.push(Tpl::Lit(Rc::from(text)));
                }
                ht::Element::Interpolation(i) => {
                    if i.strip.strip_start() {
                        trim_last(&mut out);
                    }
                    out.push(Tpl::Interp(self.expr(&i.expr)));
                    strip_next = i.strip.strip_end();
                }
                ht::Element::Directive(d) => match &**d {
                    ht::Directive::If(d) => {
                        if d.if_expr.strip.strip_start() {
                            trim_last(&mut out);
                        }
                        let else_strip = d.else_expr.as_ref().map(|e| e.strip);
                        let then_last = else_strip.map_or(d.endif_expr.strip.strip_start(), |s| s.strip_start());
                        let cond = self.expr(&d.if_expr.cond_expr);
                        let then = self.template(&d.if_expr.template, d.if_expr.strip.strip_end(), then_last);
                        let otherwise = match &d.else_expr {
                            Some(e) => {
                                self.template(&e.template, e.strip.strip_end(), d.endif_expr.strip.strip_start())
                            }
                            None => Vec::new(),
                        };
                        out.push(Tpl::If(Box::new(cond), then, otherwise));
                        strip_next = d.endif_expr.strip.strip_end();
                    }
                    ht::Directive::For(d) => {
                        if d.for_expr.strip.strip_start() {
                            trim_last(&mut out);
                        }
                        let body = self.template(
                            &d.for_expr.template,
                            d.for_expr.strip.strip_end(),
                            d.endfor_expr.strip.strip_start(),
                        );
                        out.push(Tpl::For(Box::new(TplFor {
                            key_var: d.for_expr.key_var.as_ref().map(|k| Rc::from(k.as_str())),
                            value_var: Rc::from(d.for_expr.value_var.as_str()),
                            collection: self.expr(&d.for_expr.collection_expr),
                            body,
                        })));
                        strip_next = d.endfor_expr.strip.strip_end();
                    }
                },
            }
        }
        if strip_last {
            trim_last(&mut out);
        }
        out
    }
}

fn trim_last(out: &mut [Tpl]) {
    if let Some(Tpl::Lit(s)) = out.last_mut() {
        *s = Rc::from(s.trim_end());
    }
}

/// An error in a file, located.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SyntaxError {
    pub line: u32,
    pub message: String,
}

/// Parse an HCL file (`.tf`, `.tfvars`).
pub fn parse_hcl(text: &str) -> Result<(Body, bool), SyntaxError> {
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    let body = hcl::edit::parser::parse_body(text).map_err(|e| SyntaxError {
        line: e.location().line() as u32,
        message: format!("invalid HCL at column {}: {}", e.location().column(), e.message()),
    })?;
    let lines = LineIndex::new(text);
    let mut conv = Conv::new(&lines);
    let body = conv.body(&body);
    Ok((body, conv.too_deep))
}

/// Parse one expression (a `--var` value, a JSON syntax `type`).
pub fn parse_expr(text: &str, span: Span) -> Option<Expr> {
    let e = hcl::edit::parser::parse_expr(text).ok()?;
    Some(Conv::fixed(span).expr(&e))
}

/// Attribute names whose JSON object value is a map, not a nested block: the JSON syntax does
/// not say, the provider schema does, and these are the common map-typed arguments.
const MAP_ATTRS: &[&str] = &[
    "tags",
    "tags_all",
    "labels",
    "annotations",
    "variables",
    "environment_variables",
    "parameters",
    "metadata",
    "triggers",
    "options",
    "attributes",
    "context",
    "values",
    "providers",
];

/// Where a JSON object value sits, which decides whether its keys are blocks or attributes.
#[derive(Clone, Copy, PartialEq, Eq)]
enum JsonBody {
    /// resource, data, provider, nested blocks: objects are nested blocks unless map-typed.
    Schema,
    /// locals, module inputs, output, tfvars: every key is an attribute.
    Attributes,
    /// variable: `default` is a literal value, `type` a type expression in a string.
    Variable,
    /// The `terraform` block: `required_providers` holds attributes, `backend` is labelled.
    Terraform,
}

/// Parse a `.tf.json` file into the same tree as HCL.
pub fn parse_json(text: &str) -> Result<Body, SyntaxError> {
    let docs = crate::yaml::parse(text).map_err(|e| SyntaxError {
        line: e.line.max(1),
        message: format!("invalid JSON at column {}: {}", e.col, e.message),
    })?;
    let Some(root) = docs.first() else { return Ok(Body::default()) };
    let YValue::Map(entries) = &root.value else {
        return Err(SyntaxError { line: root.line, message: "expected a JSON object at the top level".into() });
    };
    let mut body = Body::default();
    for (key, node) in entries {
        let (labels, body_kind): (usize, JsonBody) = match key.text.as_str() {
            "resource" | "data" => (2, JsonBody::Schema),
            "provider" => (1, JsonBody::Schema),
            "module" => (1, JsonBody::Attributes),
            "output" => (1, JsonBody::Attributes),
            "variable" => (1, JsonBody::Variable),
            "locals" => (0, JsonBody::Attributes),
            "terraform" => (0, JsonBody::Terraform),
            "//" => continue,
            _ => (0, JsonBody::Schema),
        };
        json_blocks(&key.text, labels, body_kind, node, &mut Vec::new(), &mut body.items)?;
    }
    Ok(body)
}

/// Blocks of type `ident` with `labels` more labels to read from nested object keys.
fn json_blocks(
    ident: &str,
    labels: usize,
    kind: JsonBody,
    node: &Node,
    prefix: &mut Vec<Rc<str>>,
    out: &mut Vec<Item>,
) -> Result<(), SyntaxError> {
    match &node.value {
        YValue::Seq(items) => {
            for item in items {
                json_blocks(ident, labels, kind, item, prefix, out)?;
            }
            Ok(())
        }
        YValue::Map(entries) if labels > 0 => {
            for (key, value) in entries {
                if key.text == "//" {
                    continue;
                }
                prefix.push(Rc::from(key.text.as_str()));
                json_blocks(ident, labels - 1, kind, value, prefix, out)?;
                prefix.pop();
            }
            Ok(())
        }
        YValue::Map(_) => {
            let body = json_body(node, kind, 0)?;
            out.push(Item::Block(Block {
                ident: Rc::from(ident),
                labels: prefix.clone(),
                body,
                span: Span::new(node.line, node.end_line),
            }));
            Ok(())
        }
        _ => Err(SyntaxError { line: node.line, message: format!("expected a JSON object for `{ident}`") }),
    }
}

fn json_body(node: &Node, kind: JsonBody, depth: u32) -> Result<Body, SyntaxError> {
    let YValue::Map(entries) = &node.value else {
        return Err(SyntaxError { line: node.line, message: "expected a JSON object for a block body".into() });
    };
    if depth > MAX_DEPTH {
        return Err(SyntaxError { line: node.line, message: "nested too deep".into() });
    }
    let mut items = Vec::with_capacity(entries.len());
    for (key, value) in entries {
        let name = key.text.as_str();
        if name == "//" {
            continue;
        }
        let span = Span::new(key.line, value.end_line.max(key.line));
        let attr = |expr: Expr| Item::Attr(Attr { name: Rc::from(name), expr, span });
        match kind {
            JsonBody::Attributes => items.push(attr(json_expr(value, depth)?)),
            JsonBody::Variable => match name {
                "default" => items.push(attr(json_literal(value))),
                "type" => {
                    let expr = value.as_str().and_then(|t| parse_expr(t, span)).unwrap_or_else(|| json_literal(value));
                    items.push(attr(expr));
                }
                "validation" => json_blocks(name, 0, JsonBody::Attributes, value, &mut Vec::new(), &mut items)?,
                _ => items.push(attr(json_expr(value, depth)?)),
            },
            JsonBody::Terraform => match name {
                "required_providers" => json_blocks(name, 0, JsonBody::Attributes, value, &mut Vec::new(), &mut items)?,
                "backend" | "cloud" => json_blocks(
                    name,
                    if name == "backend" { 1 } else { 0 },
                    JsonBody::Attributes,
                    value,
                    &mut Vec::new(),
                    &mut items,
                )?,
                _ => items.push(attr(json_expr(value, depth)?)),
            },
            JsonBody::Schema => match name {
                "dynamic" => {
                    let YValue::Map(dyns) = &value.value else {
                        return Err(SyntaxError {
                            line: value.line,
                            message: "expected a JSON object for `dynamic`".into(),
                        });
                    };
                    for (label, spec) in dyns {
                        let mut body = Body::default();
                        let YValue::Map(parts) = &spec.value else {
                            return Err(SyntaxError {
                                line: spec.line,
                                message: "expected a JSON object for a dynamic block".into(),
                            });
                        };
                        for (pk, pv) in parts {
                            let pspan = Span::new(pk.line, pv.end_line.max(pk.line));
                            if pk.text == "content" {
                                body.items.push(Item::Block(Block {
                                    ident: Rc::from("content"),
                                    labels: Vec::new(),
                                    body: json_body(pv, JsonBody::Schema, depth + 1)?,
                                    span: pspan,
                                }));
                            } else if pk.text == "iterator" {
                                let expr = match pv.as_str() {
                                    Some(s) => Expr::new(ExprKind::Var(Rc::from(s)), pspan),
                                    None => json_expr(pv, depth)?,
                                };
                                body.items.push(Item::Attr(Attr { name: Rc::from("iterator"), expr, span: pspan }));
                            } else if pk.text != "//" {
                                body.items.push(Item::Attr(Attr {
                                    name: Rc::from(pk.text.as_str()),
                                    expr: json_expr(pv, depth)?,
                                    span: pspan,
                                }));
                            }
                        }
                        items.push(Item::Block(Block {
                            ident: Rc::from("dynamic"),
                            labels: vec![Rc::from(label.text.as_str())],
                            body,
                            span: Span::new(label.line, spec.end_line.max(label.line)),
                        }));
                    }
                }
                "lifecycle" | "connection" => {
                    json_blocks(name, 0, JsonBody::Attributes, value, &mut Vec::new(), &mut items)?
                }
                "provisioner" => json_blocks(name, 1, JsonBody::Attributes, value, &mut Vec::new(), &mut items)?,
                _ if is_json_block(name, value) => {
                    for (i, node) in block_nodes(value).into_iter().enumerate() {
                        let span = if i == 0 && !matches!(value.value, YValue::Seq(_)) {
                            span
                        } else {
                            Span::new(node.line, node.end_line)
                        };
                        items.push(Item::Block(Block {
                            ident: Rc::from(name),
                            labels: Vec::new(),
                            body: json_body(node, JsonBody::Schema, depth + 1)?,
                            span,
                        }));
                    }
                }
                _ => items.push(attr(json_expr(value, depth)?)),
            },
        }
    }
    Ok(Body { items })
}

fn block_nodes(node: &Node) -> Vec<&Node> {
    match &node.value {
        YValue::Seq(items) => items.iter().collect(),
        _ => vec![node],
    }
}

/// Whether a JSON value under a schema-typed body is a nested block (see `MAP_ATTRS`).
fn is_json_block(name: &str, value: &Node) -> bool {
    if MAP_ATTRS.contains(&name) {
        return false;
    }
    let is_block_body = |n: &Node| match &n.value {
        // Keys a block could not have (`aws:SourceArn`, `Name Tag`) make it a map.
        YValue::Map(entries) => entries.iter().all(|(k, _)| {
            !k.text.is_empty() && k.text.chars().all(|c| c.is_ascii_alphanumeric() || c == '_' || c == '-')
        }),
        _ => false,
    };
    match &value.value {
        YValue::Map(_) => is_block_body(value),
        YValue::Seq(items) => !items.is_empty() && items.iter().all(is_block_body),
        _ => false,
    }
}

/// A JSON value in expression position: strings are templates.
fn json_expr(node: &Node, depth: u32) -> Result<Expr, SyntaxError> {
    let span = Span::new(node.line, node.end_line);
    if depth > MAX_DEPTH {
        return Ok(Expr::new(ExprKind::Invalid, span));
    }
    let kind = match &node.value {
        YValue::Str(s) => return Ok(json_template(s, span)),
        YValue::Seq(items) => ExprKind::Array(items.iter().map(|i| json_expr(i, depth + 1)).collect::<Result<_, _>>()?),
        YValue::Map(entries) => {
            let mut items = Vec::with_capacity(entries.len());
            for (k, v) in entries {
                if k.text == "//" {
                    continue;
                }
                let kspan = Span::new(k.line, v.end_line.max(k.line));
                let key = if k.text.contains("${") {
                    ObjKey::Expr(json_template(&k.text, kspan))
                } else {
                    ObjKey::Name(Rc::from(k.text.as_str()))
                };
                items.push(ObjItem { key, value: json_expr(v, depth + 1)?, span: kspan });
            }
            ExprKind::Object(items)
        }
        _ => return Ok(json_literal(node)),
    };
    Ok(Expr::new(kind, span))
}

fn json_template(s: &str, span: Span) -> Expr {
    if !s.contains("${") && !s.contains("%{") {
        return Expr::new(ExprKind::Str(Rc::from(s)), span);
    }
    match hcl::edit::parser::parse_template(s) {
        Ok(t) => Expr::new(ExprKind::Template(Conv::fixed(span).template(&t, false, false)), span),
        Err(_) => Expr::new(ExprKind::Str(Rc::from(s)), span),
    }
}

/// A JSON value taken literally (variable defaults, JSON tfvars).
pub fn json_literal(node: &Node) -> Expr {
    let span = Span::new(node.line, node.end_line);
    let kind = match &node.value {
        YValue::Null => ExprKind::Null,
        YValue::Bool(b) => ExprKind::Bool(*b),
        YValue::Int(i) => ExprKind::Number(*i as f64),
        YValue::Float(f) => ExprKind::Number(*f),
        YValue::Str(s) => ExprKind::Str(Rc::from(s.as_str())),
        YValue::Seq(items) => ExprKind::Array(items.iter().map(json_literal).collect()),
        YValue::Map(entries) => ExprKind::Object(
            entries
                .iter()
                .map(|(k, v)| ObjItem {
                    key: ObjKey::Name(Rc::from(k.text.as_str())),
                    value: json_literal(v),
                    span: Span::new(k.line, v.end_line.max(k.line)),
                })
                .collect(),
        ),
    };
    Expr::new(kind, span)
}

/// A JSON tfvars file: every key is a variable value, taken literally.
pub fn parse_json_tfvars(text: &str) -> Result<Vec<Attr>, SyntaxError> {
    let docs = crate::yaml::parse(text).map_err(|e| SyntaxError {
        line: e.line.max(1),
        message: format!("invalid JSON at column {}: {}", e.col, e.message),
    })?;
    let Some(root) = docs.first() else { return Ok(Vec::new()) };
    let YValue::Map(entries) = &root.value else {
        return Err(SyntaxError { line: root.line, message: "expected a JSON object of variable values".into() });
    };
    Ok(entries
        .iter()
        .map(|(k, v)| Attr {
            name: Rc::from(k.text.as_str()),
            expr: json_literal(v),
            span: Span::new(k.line, v.end_line.max(k.line)),
        })
        .collect())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn attr_expr(text: &str) -> Expr {
        let (body, _) = parse_hcl(text).unwrap();
        match body.items.into_iter().next() {
            Some(Item::Attr(a)) => a.expr,
            other => panic!("expected an attribute, got {other:?}"),
        }
    }

    #[test]
    fn lines_of_blocks_attributes_and_items() {
        let text = "resource \"a\" \"b\" {\n  x = 1\n  tags = {\n    Name = \"n\"\n  }\n  v {\n    e = true\n  }\n}\n";
        let (body, deep) = parse_hcl(text).unwrap();
        assert!(!deep);
        let Item::Block(b) = &body.items[0] else { panic!() };
        assert_eq!(b.span, Span::new(1, 9));
        assert_eq!(b.labels.iter().map(|l| l.to_string()).collect::<Vec<_>>(), ["a", "b"]);
        let Item::Attr(tags) = &b.body.items[1] else { panic!() };
        assert_eq!(tags.span, Span::new(3, 5));
        let ExprKind::Object(items) = &tags.expr.kind else { panic!() };
        assert_eq!(items[0].span, Span::new(4, 4));
        let Item::Block(v) = &b.body.items[2] else { panic!() };
        assert_eq!(v.span, Span::new(6, 8));
    }

    #[test]
    fn strip_markers_trim_white_space() {
        let e = attr_expr("a = \"x %{~ if true ~} y %{~ endif ~} z\"\n");
        let ExprKind::Template(parts) = e.kind else { panic!() };
        let Tpl::Lit(first) = &parts[0] else { panic!() };
        assert_eq!(&**first, "x");
        let Tpl::If(_, then, _) = &parts[1] else { panic!() };
        let Tpl::Lit(inner) = &then[0] else { panic!() };
        assert_eq!(&**inner, "y");
        let Tpl::Lit(last) = &parts[2] else { panic!() };
        assert_eq!(&**last, "z");
    }

    #[test]
    fn syntax_errors_are_located() {
        let err = parse_hcl("a = 1\nresource \"x\" {\n  b = \n}\n").unwrap_err();
        assert_eq!(err.line, 3);
        assert!(err.message.contains("expected"), "{}", err.message);
        let err = parse_json("{\n  \"resource\": [1,\n}").unwrap_err();
        assert!(err.line >= 2, "{err:?}");
    }

    #[test]
    fn json_syntax_blocks_and_templates() {
        let text = r#"{
  "resource": {
    "aws_s3_bucket": {
      "logs": {
        "bucket": "${var.name}-logs",
        "tags": {"Name": "x"},
        "versioning": {"enabled": true},
        "dynamic": {"rule": {"for_each": "${var.rules}", "content": {"id": "${rule.value}"}}}
      }
    }
  },
  "variable": {"name": {"default": "${not_a_template}", "type": "string"}}
}"#;
        let body = parse_json(text).unwrap();
        let Item::Block(res) = &body.items[0] else { panic!() };
        assert_eq!(&*res.ident, "resource");
        assert_eq!(res.labels.len(), 2);
        assert_eq!(res.span, Span::new(4, 8));
        let bucket = res.body.attr("bucket").unwrap();
        assert!(matches!(bucket.expr.kind, ExprKind::Template(_)));
        assert_eq!(bucket.span, Span::new(5, 5));
        assert!(res.body.attr("tags").is_some());
        assert_eq!(res.body.blocks("versioning").count(), 1);
        assert_eq!(res.body.blocks("dynamic").count(), 1);
        let Item::Block(var) = &body.items[1] else { panic!() };
        assert!(matches!(var.body.attr("default").unwrap().expr.kind, ExprKind::Str(_)));
        assert!(matches!(var.body.attr("type").unwrap().expr.kind, ExprKind::Var(_)));
    }

    #[test]
    fn deep_nesting_is_refused_not_overflowed() {
        let deep = format!("a = {}1{}\n", "[".repeat(10_000), "]".repeat(10_000));
        assert!(parse_hcl(&deep).is_err());
        let json = format!("{{\"locals\": {{\"a\": {}1{}}}}}", "[".repeat(10_000), "]".repeat(10_000));
        assert!(parse_json(&json).is_err());
    }
}
