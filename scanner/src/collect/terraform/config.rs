//! One module's configuration: its files' top-level blocks sorted into what Terraform declares
//! (variables, locals, outputs, resources, data sources, module calls, providers), with the
//! index the evaluator looks names up in, and variable type constraints.

use std::collections::HashMap;
use std::fmt;
use std::path::PathBuf;
use std::rc::Rc;
use std::sync::Arc;

use crate::diagnostic::Diagnostic;

use super::ast::{Attr, Block, Body, Expr, ExprKind, Item, ObjKey};
use super::value::{Map, Value};

#[derive(Debug)]
pub struct Variable {
    pub name: Rc<str>,
    pub file: usize,
    pub block: Block,
    pub ty: Option<Type>,
}

#[derive(Debug)]
pub struct Local {
    pub file: usize,
    pub attr: Attr,
}

#[derive(Debug)]
pub struct Output {
    pub file: usize,
    pub block: Block,
}

#[derive(Debug)]
pub struct Resource {
    pub data: bool,
    pub ty: Rc<str>,
    pub name: Rc<str>,
    pub file: usize,
    pub block: Block,
}

#[derive(Debug)]
pub struct ModuleCall {
    pub name: Rc<str>,
    pub file: usize,
    pub block: Block,
    /// `source` as written (it must be a literal string in Terraform).
    pub source: Option<String>,
}

#[derive(Debug)]
pub struct Decl {
    pub file: usize,
    pub block: Block,
}

/// Resources and module calls in source order, which is the order findings are listed in.
#[derive(Debug, Clone, Copy)]
pub enum Top {
    Resource(usize),
    Module(usize),
}

#[derive(Debug, Default)]
pub struct Config {
    /// `path.module`: the module directory, relative to the report base (`.` for the base).
    pub dir: String,
    /// On disk, for `file()` and nested local modules; `None` for in-memory modules.
    pub abs_dir: Option<PathBuf>,
    pub files: Vec<Arc<str>>,
    pub variables: Vec<Variable>,
    pub var_index: HashMap<Rc<str>, usize>,
    pub locals: HashMap<Rc<str>, Local>,
    pub outputs: HashMap<Rc<str>, Output>,
    pub resources: Vec<Resource>,
    /// (data source?, type, name) → index in `resources`.
    pub res_index: HashMap<(bool, Rc<str>, Rc<str>), usize>,
    pub modules: Vec<ModuleCall>,
    pub mod_index: HashMap<Rc<str>, usize>,
    pub providers: Vec<Decl>,
    pub terraform: Vec<Decl>,
    pub order: Vec<Top>,
}

/// Whether a file is an override file, merged into the blocks it redefines.
pub fn is_override(name: &str) -> bool {
    let base = name.rsplit('/').next().unwrap_or(name);
    let stem = base.strip_suffix(".tf.json").or_else(|| base.strip_suffix(".tf")).unwrap_or(base);
    stem == "override" || stem.ends_with("_override")
}

impl Config {
    /// Sort the top-level blocks of a module's files (given in Terraform's load order: file
    /// names sorted, override files last) into declarations.
    pub fn build(
        dir: String,
        abs_dir: Option<PathBuf>,
        files: Vec<(Arc<str>, Body)>,
        diags: &mut Vec<Diagnostic>,
    ) -> Config {
        let mut cfg = Config { dir, abs_dir, ..Config::default() };
        let (normal, overrides): (Vec<_>, Vec<_>) = files.into_iter().partition(|(name, _)| !is_override(name));
        for (name, body) in normal {
            let file = cfg.files.len();
            cfg.files.push(name);
            for item in body.items {
                cfg.add(file, item, diags);
            }
        }
        for (name, body) in overrides {
            let file = cfg.files.len();
            cfg.files.push(name);
            for item in body.items {
                cfg.merge_override(file, item, diags);
            }
        }
        cfg
    }

    fn add(&mut self, file: usize, item: Item, diags: &mut Vec<Diagnostic>) {
        let block = match item {
            Item::Block(b) => b,
            Item::Attr(a) => {
                diags.push(Diagnostic::error(
                    &self.files[file],
                    Some(a.span.start),
                    format!("unexpected attribute `{}` at the top level: expected a block", a.name),
                ));
                return;
            }
        };
        // Terraform refuses a module that declares an address twice: an error, located at the
        // later declaration (which is not evaluated) and naming the first.
        let dup = |what: &str, first: (usize, u32), diags: &mut Vec<Diagnostic>, files: &[Arc<str>], b: &Block| {
            diags.push(Diagnostic::error(
                &files[file],
                Some(b.span.start),
                format!(
                    "duplicate {what} (first declared at {}:{}): Terraform refuses the module; this later declaration is not evaluated",
                    files[first.0], first.1
                ),
            ));
        };
        match (&*block.ident, block.labels.len()) {
            ("resource" | "data", 2) => {
                let data = &*block.ident == "data";
                let key = (data, block.labels[0].clone(), block.labels[1].clone());
                if let Some(&i) = self.res_index.get(&key) {
                    let what = format!("{} {}.{}", block.ident, key.1, key.2);
                    let first = &self.resources[i];
                    return dup(&what, (first.file, first.block.span.start), diags, &self.files, &block);
                }
                let (ty, name) = (key.1.clone(), key.2.clone());
                self.res_index.insert(key, self.resources.len());
                self.order.push(Top::Resource(self.resources.len()));
                self.resources.push(Resource { data, ty, name, file, block });
            }
            ("module", 1) => {
                let name = block.labels[0].clone();
                if let Some(&i) = self.mod_index.get(&name) {
                    let first = &self.modules[i];
                    return dup(
                        &format!("module {name}"),
                        (first.file, first.block.span.start),
                        diags,
                        &self.files,
                        &block,
                    );
                }
                let source = block.body.attr("source").and_then(|a| a.expr.as_literal_str()).map(str::to_string);
                self.mod_index.insert(name.clone(), self.modules.len());
                self.order.push(Top::Module(self.modules.len()));
                self.modules.push(ModuleCall { name, file, block, source });
            }
            ("variable", 1) => {
                let name = block.labels[0].clone();
                if let Some(&i) = self.var_index.get(&name) {
                    let first = &self.variables[i];
                    return dup(
                        &format!("variable {name}"),
                        (first.file, first.block.span.start),
                        diags,
                        &self.files,
                        &block,
                    );
                }
                let ty = block.body.attr("type").map(|a| Type::parse(&a.expr));
                self.var_index.insert(name.clone(), self.variables.len());
                self.variables.push(Variable { name, file, block, ty });
            }
            ("output", 1) => {
                let name = block.labels[0].clone();
                if let Some(first) = self.outputs.get(&name) {
                    let first = (first.file, first.block.span.start);
                    return dup(&format!("output {name}"), first, diags, &self.files, &block);
                }
                self.outputs.insert(name, Output { file, block });
            }
            ("locals", 0) => {
                for item in block.body.items {
                    if let Item::Attr(attr) = item {
                        if let Some(first) = self.locals.get(&attr.name) {
                            diags.push(Diagnostic::error(
                                &self.files[file],
                                Some(attr.span.start),
                                format!(
                                    "duplicate local value {} (first declared at {}:{}): Terraform refuses the module; this later one is not evaluated",
                                    attr.name, self.files[first.file], first.attr.span.start
                                ),
                            ));
                            continue;
                        }
                        self.locals.insert(attr.name.clone(), Local { file, attr });
                    }
                }
            }
            ("provider", 1) => self.providers.push(Decl { file, block }),
            ("terraform", 0) => self.terraform.push(Decl { file, block }),
            // moved, import, removed, check: nothing a scan evaluates.
            _ => {}
        }
    }

    /// Terraform's override files: their attributes replace the original's, their nested blocks
    /// replace every original block of that type. Lines then point at the original block, the
    /// resource's only file.
    fn merge_override(&mut self, file: usize, item: Item, diags: &mut Vec<Diagnostic>) {
        let Item::Block(ob) = item else { return };
        let target: Option<&mut Block> = match (&*ob.ident, ob.labels.len()) {
            ("resource" | "data", 2) => {
                let key = (&*ob.ident == "data", ob.labels[0].clone(), ob.labels[1].clone());
                self.res_index.get(&key).map(|&i| &mut self.resources[i].block)
            }
            ("module", 1) => self.mod_index.get(&ob.labels[0]).map(|&i| &mut self.modules[i].block),
            ("variable", 1) => self.var_index.get(&ob.labels[0]).map(|&i| &mut self.variables[i].block),
            ("output", 1) => self.outputs.get_mut(&ob.labels[0]).map(|o| &mut o.block),
            ("locals", 0) => {
                for item in ob.body.items {
                    if let Item::Attr(mut attr) = item {
                        if let Some(local) = self.locals.get_mut(&attr.name) {
                            respan_expr(&mut attr.expr, local.attr.span);
                            attr.span = local.attr.span;
                            local.attr = attr;
                        }
                    }
                }
                return;
            }
            _ => None,
        };
        let Some(target) = target else {
            diags.push(Diagnostic::warning(
                &self.files[file],
                Some(ob.span.start),
                format!("override of {} {} matches no original block", ob.ident, ob.labels.join(".")),
            ));
            return;
        };
        merge_body(&mut target.body, ob.body, target.span);
        // Derived fields follow the merged body.
        match (&*ob.ident, ob.labels.first()) {
            ("module", Some(name)) => {
                if let Some(&i) = self.mod_index.get(name) {
                    let m = &mut self.modules[i];
                    m.source = m.block.body.attr("source").and_then(|a| a.expr.as_literal_str()).map(str::to_string);
                }
            }
            ("variable", Some(name)) => {
                if let Some(&i) = self.var_index.get(name) {
                    let v = &mut self.variables[i];
                    v.ty = v.block.body.attr("type").map(|a| Type::parse(&a.expr));
                }
            }
            _ => {}
        }
    }
}

fn merge_body(target: &mut Body, over: Body, span: crate::document::Span) {
    let over_blocks: Vec<Rc<str>> = over
        .items
        .iter()
        .filter_map(|i| match i {
            Item::Block(b) => Some(b.ident.clone()),
            _ => None,
        })
        .collect();
    target.items.retain(|i| match i {
        Item::Block(b) => !over_blocks.contains(&b.ident),
        _ => true,
    });
    for item in over.items {
        match item {
            Item::Attr(mut a) => {
                a.span = span;
                respan_expr(&mut a.expr, span);
                if let Some(slot) = target.items.iter_mut().find(|i| matches!(i, Item::Attr(t) if t.name == a.name)) {
                    *slot = Item::Attr(a);
                } else {
                    target.items.push(Item::Attr(a));
                }
            }
            Item::Block(mut b) => {
                respan_body(&mut b.body, span);
                b.span = span;
                target.items.push(Item::Block(b));
            }
        }
    }
}

fn respan_body(body: &mut Body, span: crate::document::Span) {
    for item in &mut body.items {
        match item {
            Item::Attr(a) => {
                a.span = span;
                respan_expr(&mut a.expr, span);
            }
            Item::Block(b) => {
                b.span = span;
                respan_body(&mut b.body, span);
            }
        }
    }
}

fn respan_expr(e: &mut Expr, span: crate::document::Span) {
    e.span = span;
    match &mut e.kind {
        ExprKind::Array(items) => items.iter_mut().for_each(|i| respan_expr(i, span)),
        ExprKind::Object(items) => items.iter_mut().for_each(|i| {
            i.span = span;
            respan_expr(&mut i.value, span);
        }),
        _ => {}
    }
}

/// A variable's type constraint, for the conversions Terraform applies to its value.
#[derive(Debug, Clone, PartialEq)]
pub enum Type {
    Any,
    String,
    Number,
    Bool,
    List(Box<Type>),
    Set(Box<Type>),
    Map(Box<Type>),
    Tuple(Vec<Type>),
    Object(Vec<ObjAttr>),
}

#[derive(Debug, Clone, PartialEq)]
pub struct ObjAttr {
    pub name: String,
    pub ty: Type,
    pub optional: bool,
    /// `optional(type, default)`: the default when the attribute is omitted or null.
    pub default: Option<Json>,
}

type Json = serde_json::Value;

impl Type {
    pub fn parse(e: &Expr) -> Type {
        match &e.kind {
            ExprKind::Var(name) => match &**name {
                "string" => Type::String,
                "number" => Type::Number,
                "bool" => Type::Bool,
                "list" => Type::List(Box::new(Type::Any)),
                "map" => Type::Map(Box::new(Type::Any)),
                "set" => Type::Set(Box::new(Type::Any)),
                _ => Type::Any,
            },
            // The JSON syntax writes the type as a string; HCL's legacy form quoted it too.
            ExprKind::Str(s) => match &**s {
                "string" => Type::String,
                "list" => Type::List(Box::new(Type::Any)),
                "map" => Type::Map(Box::new(Type::Any)),
                _ => Type::Any,
            },
            ExprKind::Call(call) => {
                let arg = call.args.first();
                let inner = || Box::new(arg.map(Type::parse).unwrap_or(Type::Any));
                match call.name.as_str() {
                    "list" => Type::List(inner()),
                    "set" => Type::Set(inner()),
                    "map" => Type::Map(inner()),
                    "tuple" => match arg.map(|a| &a.kind) {
                        Some(ExprKind::Array(items)) => Type::Tuple(items.iter().map(Type::parse).collect()),
                        _ => Type::Any,
                    },
                    "object" => match arg.map(|a| &a.kind) {
                        Some(ExprKind::Object(items)) => Type::Object(
                            items
                                .iter()
                                .filter_map(|item| {
                                    let ObjKey::Name(name) = &item.key else { return None };
                                    let (ty, optional, default) = match &item.value.kind {
                                        ExprKind::Call(c) if c.name == "optional" => (
                                            c.args.first().map(Type::parse).unwrap_or(Type::Any),
                                            true,
                                            c.args.get(1).and_then(literal_json),
                                        ),
                                        _ => (Type::parse(&item.value), false, None),
                                    };
                                    Some(ObjAttr { name: name.to_string(), ty, optional, default })
                                })
                                .collect(),
                        ),
                        _ => Type::Any,
                    },
                    _ => Type::Any,
                }
            }
            _ => Type::Any,
        }
    }

    /// Convert a value to this type as far as it can; a value that does not fit is kept.
    pub fn convert(&self, v: Value) -> Value {
        match (self, v) {
            (_, Value::Unknown) => Value::Unknown,
            (_, Value::Null) => Value::Null,
            (Type::Any, v) => v,
            (Type::String, v @ (Value::Number(_) | Value::Bool(_))) => match v.to_str() {
                Ok(Some(s)) => Value::Str(s),
                _ => v,
            },
            (Type::Number, Value::Str(s)) => match Value::Str(s.clone()).to_number() {
                Ok(Some(n)) => Value::Number(n),
                _ => Value::Str(s),
            },
            (Type::Bool, Value::Str(s)) => match &*s {
                "true" => Value::Bool(true),
                "false" => Value::Bool(false),
                _ => Value::Str(s),
            },
            (Type::List(t), Value::List(items)) => Value::list(items.iter().map(|i| t.convert(i.clone())).collect()),
            (Type::Set(t), Value::List(items)) => {
                super::functions::to_set(items.iter().map(|i| t.convert(i.clone())).collect())
            }
            (Type::Tuple(ts), Value::List(items)) if ts.len() == items.len() => {
                Value::list(items.iter().zip(ts).map(|(i, t)| t.convert(i.clone())).collect())
            }
            (Type::Map(t), Value::Object(m)) => {
                Value::object(m.iter().map(|(k, v)| (k.clone(), t.convert(v.clone()))).collect())
            }
            (Type::Object(attrs), Value::Object(m)) => {
                let mut out = Map::new();
                for a in attrs {
                    let given = m.get(&a.name).cloned().unwrap_or(Value::Null);
                    let given = match (&given, &a.default) {
                        (Value::Null, Some(d)) => Value::from_json(d),
                        _ => given,
                    };
                    out.insert(a.name.clone(), a.ty.convert(given));
                }
                Value::object(out)
            }
            (_, v) => v,
        }
    }
}

impl fmt::Display for Type {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Type::Any => f.write_str("any"),
            Type::String => f.write_str("string"),
            Type::Number => f.write_str("number"),
            Type::Bool => f.write_str("bool"),
            Type::List(t) => write!(f, "list({t})"),
            Type::Set(t) => write!(f, "set({t})"),
            Type::Map(t) => write!(f, "map({t})"),
            Type::Tuple(ts) => {
                f.write_str("tuple([")?;
                for (i, t) in ts.iter().enumerate() {
                    if i > 0 {
                        f.write_str(", ")?;
                    }
                    write!(f, "{t}")?;
                }
                f.write_str("])")
            }
            Type::Object(attrs) => {
                f.write_str("object({")?;
                for (i, a) in attrs.iter().enumerate() {
                    if i > 0 {
                        f.write_str(", ")?;
                    }
                    if a.optional {
                        write!(f, "{} = optional({})", a.name, a.ty)?;
                    } else {
                        write!(f, "{} = {}", a.name, a.ty)?;
                    }
                }
                f.write_str("})")
            }
        }
    }
}

/// A literal expression's value (type defaults are constants).
pub fn literal_json(e: &Expr) -> Option<Json> {
    Some(match &e.kind {
        ExprKind::Null => Json::Null,
        ExprKind::Bool(b) => Json::Bool(*b),
        ExprKind::Number(n) => super::value::number_json(*n),
        ExprKind::Str(s) => Json::String(s.to_string()),
        ExprKind::Template(_) => Json::String(e.as_literal_str()?.to_string()),
        ExprKind::Array(items) => Json::Array(items.iter().map(literal_json).collect::<Option<_>>()?),
        ExprKind::Object(items) => Json::Object(
            items
                .iter()
                .map(|i| match &i.key {
                    ObjKey::Name(k) => Some((k.to_string(), literal_json(&i.value)?)),
                    ObjKey::Expr(_) => None,
                })
                .collect::<Option<_>>()?,
        ),
        _ => return None,
    })
}

#[cfg(test)]
mod tests {
    use super::super::ast::{parse_expr, parse_hcl};
    use super::*;
    use crate::document::Span;

    fn ty(text: &str) -> Type {
        Type::parse(&parse_expr(text, Span::new(1, 1)).unwrap())
    }

    #[test]
    fn types_parse_and_convert() {
        assert_eq!(ty("string"), Type::String);
        assert_eq!(ty("list(map(string))").to_string(), "list(map(string))");
        let obj = ty("object({ name = string, on = optional(bool, true), n = optional(number) })");
        assert_eq!(obj.to_string(), "object({name = string, on = optional(bool), n = optional(number)})");
        let v = obj.convert(Value::object([("name".to_string(), Value::Number(1.0))].into_iter().collect()));
        assert_eq!(v.to_json(), serde_json::json!({"name": "1", "on": true, "n": null}));
        assert_eq!(ty("number").convert(Value::str("42")).to_json(), serde_json::json!(42));
        assert_eq!(ty("bool").convert(Value::str("true")).to_json(), serde_json::json!(true));
        assert_eq!(
            ty("set(string)").convert(Value::list(vec![Value::str("b"), Value::str("a")])).to_json(),
            serde_json::json!(["a", "b"])
        );
    }

    #[test]
    fn override_files_replace_attributes_and_blocks() {
        let (main, _) = parse_hcl("resource \"a\" \"b\" {\n  x = 1\n  y = 2\n  v {\n    e = 1\n  }\n}\n").unwrap();
        let (over, _) =
            parse_hcl("resource \"a\" \"b\" {\n  y = 3\n  v {\n    e = 2\n  }\n}\nresource \"a\" \"c\" {}\n").unwrap();
        let mut diags = Vec::new();
        let cfg =
            Config::build(".".into(), None, vec![("override.tf".into(), over), ("main.tf".into(), main)], &mut diags);
        assert_eq!(cfg.resources.len(), 1);
        let body = &cfg.resources[0].block.body;
        assert!(matches!(body.attr("y").unwrap().expr.kind, ExprKind::Number(n) if n == 3.0));
        assert_eq!(body.attr("y").unwrap().span, Span::new(1, 7));
        assert_eq!(body.blocks("v").count(), 1);
        assert_eq!(diags.len(), 1, "{diags:?}");
        assert!(is_override("x/a_override.tf.json"));
        assert!(!is_override("overrides.tf"));
    }
}
