//! Executes parsed templates as Go's `text/template` does with Helm's options
//! (`missingkey=zero`, nothing printed for `nil`), and records where every piece of the
//! output was written: which file and line, and which `.Values` key an action printed. That
//! record is what lets a finding on a rendered object point at the template line a person
//! edits and at the values key that set it.
//!
//! Hostile templates are bounded: a step budget, an output cap and a nesting limit turn an
//! endless `range` or a recursive `include` into a located error.

use std::cell::Cell;
use std::collections::HashMap;
use std::rc::Rc;

use super::funcs;
use super::parse::{self, Arg, Cmd, List, Node, Pipe};
use super::value::{Map, Object, Value};

/// A named template (`define`) and the file it was written in.
#[derive(Clone)]
pub struct Named {
    pub file: u32,
    pub body: Rc<List>,
}

/// Every named template of a chart and its subcharts: Helm shares one namespace.
pub type Set = HashMap<Rc<str>, Named>;

/// Where a piece of output came from: from `at` (a byte offset of the output) on, until the
/// next segment.
#[derive(Debug, Clone, PartialEq)]
pub struct Segment {
    pub at: usize,
    pub file: u32,
    pub line: u32,
    /// The `.Values` path an action printed, when it printed one.
    pub values: Option<Rc<[Rc<str>]>>,
}

#[derive(Debug, Default)]
pub struct Rendered {
    pub text: String,
    pub segments: Vec<Segment>,
}

#[derive(Debug, Clone, PartialEq)]
pub struct RenderError {
    pub file: u32,
    pub line: u32,
    pub message: String,
}

/// The Sprig functions that change their first argument, a dict.
const MUTATORS: &[&str] = &["set", "unset", "merge", "mustMerge", "mergeOverwrite", "mustMergeOverwrite"];

/// Limits of one template's rendering.
const MAX_STEPS: u64 = 5_000_000;
const MAX_OUTPUT: usize = 16 * 1024 * 1024;
const MAX_DEPTH: usize = 100;

/// Render `body` (written in `file`) with `dot` as its data.
pub fn render(set: &Set, file: u32, body: &List, dot: Value) -> Result<Rendered, RenderError> {
    let steps = Cell::new(0);
    let mut state = State::new(set, file, dot.clone(), &steps, 0);
    state.list(body, &dot, &None)?;
    Ok(Rendered { text: state.out, segments: state.segments })
}

enum Flow {
    Normal,
    Break,
    Continue,
}

type Path = Option<Rc<[Rc<str>]>>;

struct State<'a> {
    set: &'a Set,
    file: u32,
    out: String,
    segments: Vec<Segment>,
    vars: Vec<(Rc<str>, Value)>,
    steps: &'a Cell<u64>,
    depth: usize,
    /// The line of the node being executed, for errors.
    line: u32,
}

impl<'a> State<'a> {
    fn new(set: &'a Set, file: u32, root: Value, steps: &'a Cell<u64>, depth: usize) -> Self {
        State {
            set,
            file,
            out: String::new(),
            segments: Vec::new(),
            vars: vec![("$".into(), root)],
            steps,
            depth,
            line: 1,
        }
    }

    fn error<T>(&self, message: impl Into<String>) -> Result<T, RenderError> {
        Err(RenderError { file: self.file, line: self.line, message: message.into() })
    }

    fn step(&self) -> Result<(), RenderError> {
        let n = self.steps.get() + 1;
        self.steps.set(n);
        if n > MAX_STEPS {
            return self.error(format!("rendering stopped after {MAX_STEPS} steps (an endless loop?)"));
        }
        Ok(())
    }

    fn segment(&mut self, line: u32, values: Path) {
        let seg = Segment { at: self.out.len(), file: self.file, line, values };
        match self.segments.last_mut() {
            Some(last) if last.at == seg.at => *last = seg,
            _ => self.segments.push(seg),
        }
    }

    fn write(&mut self, text: &str) -> Result<(), RenderError> {
        if self.out.len() + text.len() > MAX_OUTPUT {
            return self.error(format!("output over {MAX_OUTPUT} bytes"));
        }
        self.out.push_str(text);
        Ok(())
    }

    fn text(&mut self, text: &str, line: u32) -> Result<(), RenderError> {
        let mut line = line;
        for (i, piece) in text.split_inclusive('\n').enumerate() {
            if i > 0 {
                line += 1;
            }
            self.segment(line, None);
            self.write(piece)?;
        }
        Ok(())
    }

    /// `dot_path` is the `.Values` path of dot, when `with`/`range` set it from values.
    fn list(&mut self, list: &List, dot: &Value, dot_path: &Path) -> Result<Flow, RenderError> {
        for node in list {
            self.step()?;
            match node {
                Node::Text { text, line } => self.text(text, *line)?,
                Node::Action { pipe, line } => {
                    self.line = *line;
                    let value = self.pipe(pipe, dot)?;
                    if pipe.decl.is_empty() {
                        self.segment(*line, values_path(pipe, dot_path));
                        if !matches!(value, Value::Nil) {
                            let text = value.to_go_string();
                            self.write(&text)?;
                        }
                    }
                }
                Node::If { pipe, body, otherwise, line } | Node::With { pipe, body, otherwise, line } => {
                    self.line = *line;
                    let mark = self.vars.len();
                    let value = self.pipe(pipe, dot)?;
                    let flow = if !value.truthy() {
                        match otherwise {
                            Some(otherwise) => self.list(otherwise, dot, dot_path)?,
                            None => Flow::Normal,
                        }
                    } else if matches!(node, Node::With { .. }) {
                        // `with` moves dot to the value (and its values path along).
                        self.list(body, &value, &values_path(pipe, dot_path))?
                    } else {
                        self.list(body, dot, dot_path)?
                    };
                    self.vars.truncate(mark);
                    if !matches!(flow, Flow::Normal) {
                        return Ok(flow);
                    }
                }
                Node::Range { pipe, body, otherwise, line } => {
                    self.line = *line;
                    self.range(pipe, body, otherwise.as_ref(), dot, dot_path)?;
                }
                Node::Template { name, pipe, line } => {
                    self.line = *line;
                    let data = match pipe {
                        Some(p) => self.pipe(p, dot)?,
                        None => Value::Nil,
                    };
                    let Some(named) = self.set.get(name).cloned() else {
                        return self.error(format!("no such template {name:?}"));
                    };
                    if self.depth >= MAX_DEPTH {
                        return self.error(format!("template {name:?} nests more than {MAX_DEPTH} deep"));
                    }
                    // Written straight into this output: its lines are traced to its own file.
                    let vars = std::mem::replace(&mut self.vars, vec![("$".into(), data.clone())]);
                    let file = std::mem::replace(&mut self.file, named.file);
                    self.depth += 1;
                    let result = self.list(&named.body, &data, &None);
                    self.depth -= 1;
                    self.file = file;
                    self.vars = vars;
                    result?;
                }
                Node::Break => return Ok(Flow::Break),
                Node::Continue => return Ok(Flow::Continue),
            }
        }
        Ok(Flow::Normal)
    }

    fn range(
        &mut self,
        pipe: &Pipe,
        body: &List,
        otherwise: Option<&List>,
        dot: &Value,
        dot_path: &Path,
    ) -> Result<(), RenderError> {
        let value = self.pipe_value(pipe, dot)?;
        let base = values_path(pipe, dot_path);
        let items: Vec<(Value, Value, Option<String>)> = match &value {
            Value::List(items) => {
                items.iter().enumerate().map(|(i, v)| (Value::Int(i as i64), v.clone(), Some(i.to_string()))).collect()
            }
            Value::Map(map) => map.iter().map(|(k, v)| (Value::str(k), v.clone(), Some(k.clone()))).collect(),
            Value::Int(n) => (0..*n).map(|i| (Value::Int(i), Value::Int(i), None)).collect(),
            Value::Nil => Vec::new(),
            // `.Files.Glob` is a map of path to content (`range $path, $bytes := .Files.Glob …`).
            Value::Object(o) if matches!(&**o, Object::Files(_)) => {
                let Object::Files(files) = &**o else { unreachable!() };
                files.iter().map(|(k, v)| (Value::str(k), Value::Str(v.clone()), None)).collect()
            }
            other => return self.error(format!("range can't iterate over {}", other.to_go_string())),
        };
        if items.is_empty() {
            if let Some(otherwise) = otherwise {
                self.list(otherwise, dot, dot_path)?;
            }
            return Ok(());
        }
        for (key, item, segment) in items {
            self.step()?;
            let mark = self.vars.len();
            match &pipe.decl[..] {
                [] => {}
                [v] => self.declare(v, &item, pipe.assign)?,
                [k, v, ..] => {
                    self.declare(k, &key, pipe.assign)?;
                    self.declare(v, &item, pipe.assign)?;
                }
            }
            let path = match (&base, segment) {
                (Some(b), Some(s)) => Some(b.iter().cloned().chain([Rc::from(s)]).collect()),
                _ => None,
            };
            let flow = self.list(body, &item, &path)?;
            self.vars.truncate(mark);
            if matches!(flow, Flow::Break) {
                break;
            }
        }
        Ok(())
    }

    fn declare(&mut self, name: &Rc<str>, value: &Value, assign: bool) -> Result<(), RenderError> {
        if assign {
            match self.vars.iter_mut().rev().find(|(n, _)| n == name) {
                Some(slot) => slot.1 = value.clone(),
                None => return self.error(format!("undefined variable: {name}")),
            }
        } else {
            self.vars.push((name.clone(), value.clone()));
        }
        Ok(())
    }

    /// A pipeline's value, its variables declared.
    fn pipe(&mut self, pipe: &Pipe, dot: &Value) -> Result<Value, RenderError> {
        let value = self.pipe_value(pipe, dot)?;
        for name in &pipe.decl {
            self.declare(name, &value, pipe.assign)?;
        }
        Ok(value)
    }

    fn pipe_value(&mut self, pipe: &Pipe, dot: &Value) -> Result<Value, RenderError> {
        let mut value = None;
        for cmd in &pipe.cmds {
            value = Some(self.cmd(cmd, dot, value)?);
        }
        Ok(value.unwrap_or_default())
    }

    fn cmd(&mut self, cmd: &Cmd, dot: &Value, piped: Option<Value>) -> Result<Value, RenderError> {
        self.step()?;
        let Some((first, rest)) = cmd.args.split_first() else { return Ok(Value::Nil) };
        match first {
            Arg::Ident(name) => self.call(name, rest, dot, piped),
            Arg::Field(fields) => self.chain(dot.clone(), fields, rest, dot, piped),
            Arg::Var(name, fields) if !fields.is_empty() => {
                let base = self.var(name)?;
                self.chain(base, fields, rest, dot, piped)
            }
            Arg::Pipe(inner, fields) if !fields.is_empty() => {
                let base = self.pipe(inner, dot)?;
                self.chain(base, fields, rest, dot, piped)
            }
            _ => {
                if !rest.is_empty() || piped.is_some() {
                    return self.error("can't give argument to non-function");
                }
                self.arg(first, dot)
            }
        }
    }

    fn var(&self, name: &str) -> Result<Value, RenderError> {
        match self.vars.iter().rev().find(|(n, _)| &**n == name) {
            Some((_, v)) => Ok(v.clone()),
            None => self.error(format!("undefined variable: {name}")),
        }
    }

    fn arg(&mut self, arg: &Arg, dot: &Value) -> Result<Value, RenderError> {
        Ok(match arg {
            Arg::Dot => dot.clone(),
            Arg::Nil => Value::Nil,
            Arg::Bool(b) => Value::Bool(*b),
            Arg::Int(i) => Value::Int(*i),
            Arg::Float(f) => Value::Float(*f),
            Arg::Str(s) => Value::Str(s.clone()),
            Arg::Field(fields) => self.chain(dot.clone(), fields, &[], dot, None)?,
            Arg::Var(name, fields) => {
                let base = self.var(name)?;
                self.chain(base, fields, &[], dot, None)?
            }
            Arg::Ident(name) => self.call(name, &[], dot, None)?,
            Arg::Pipe(inner, fields) => {
                let base = self.pipe(inner, dot)?;
                self.chain(base, fields, &[], dot, None)?
            }
        })
    }

    /// `receiver.A.B args…`: the last field may be a method that takes the arguments.
    fn chain(
        &mut self,
        mut receiver: Value,
        fields: &[Rc<str>],
        args: &[Arg],
        dot: &Value,
        piped: Option<Value>,
    ) -> Result<Value, RenderError> {
        let Some((last, path)) = fields.split_last() else {
            if !args.is_empty() || piped.is_some() {
                return self.error("can't give argument to non-function");
            }
            return Ok(receiver);
        };
        // Go tells a missing value that a pipeline, a variable or dot holds (no value: its fields
        // are empty too) from a missing map entry met inside the chain (an interface holding
        // nil: a field of it fails). So `(.Values.a).b` is empty where `.Values.a.b` fails.
        let mut looked_up = false;
        for name in path {
            receiver = self.field(&receiver, name, Vec::new(), false, looked_up)?;
            looked_up = true;
        }
        let call = !args.is_empty() || piped.is_some();
        let mut values = Vec::with_capacity(args.len() + 1);
        for a in args {
            values.push(self.arg(a, dot)?);
        }
        values.extend(piped);
        self.field(&receiver, last, values, call, looked_up)
    }

    fn field(
        &self,
        receiver: &Value,
        name: &str,
        args: Vec<Value>,
        call: bool,
        looked_up: bool,
    ) -> Result<Value, RenderError> {
        match receiver {
            Value::Nil if !looked_up => Ok(Value::Nil),
            Value::Map(map) => {
                if call {
                    return self.error(format!("{name} is not a method but has arguments"));
                }
                Ok(map.get(name).cloned().unwrap_or_default())
            }
            Value::Object(object) => self.method(object, name, &args),
            Value::Nil => self.error(format!("nil pointer evaluating interface {{}}.{name}")),
            other => self.error(format!("can't evaluate field {name} in type {}", other.type_name())),
        }
    }

    /// The methods of Helm's `.Files` and `.Capabilities.APIVersions`.
    fn method(&self, object: &Rc<Object>, name: &str, args: &[Value]) -> Result<Value, RenderError> {
        let arg = |i: usize| args.get(i).map(Value::to_go_string).unwrap_or_default();
        match (&**object, name) {
            (Object::Files(files), "Get" | "GetBytes") => {
                Ok(files.get(arg(0).as_str()).map_or_else(|| Value::str(""), |c| Value::Str(c.clone())))
            }
            (Object::Files(files), "Lines") => Ok(Value::from(
                files.get(arg(0).as_str()).map(|c| c.lines().map(Value::str).collect::<Vec<_>>()).unwrap_or_default(),
            )),
            (Object::Files(files), "Glob") => {
                let pattern = arg(0);
                let matcher = files_glob(&pattern).map_err(|e| RenderError {
                    file: self.file,
                    line: self.line,
                    message: format!("Files.Glob {pattern:?}: {e}"),
                })?;
                let matched = files.iter().filter(|(k, _)| matcher.is_match(k)).map(|(k, v)| (k.clone(), v.clone()));
                Ok(Value::Object(Rc::new(Object::Files(matched.collect()))))
            }
            (Object::Files(files), "AsConfig" | "AsSecrets") => {
                let secrets = name == "AsSecrets";
                let map: Map = files
                    .iter()
                    .map(|(k, v)| {
                        let base = k.rsplit('/').next().unwrap_or(k).to_string();
                        let value = if secrets { Value::str(base64(v.as_bytes())) } else { Value::Str(v.clone()) };
                        (base, value)
                    })
                    .collect();
                Ok(Value::str(funcs::to_yaml(&Value::from(map))))
            }
            (Object::ApiVersions(versions), "Has") => Ok(Value::Bool(versions.iter().any(|v| *v == arg(0)))),
            (object, name) => self.error(format!(
                "can't evaluate field {name} in type {}",
                Value::Object(Rc::new(match object {
                    Object::Files(_) => Object::Files(Default::default()),
                    Object::ApiVersions(_) => Object::ApiVersions(Vec::new()),
                }))
                .type_name()
            )),
        }
    }

    fn call(&mut self, name: &str, args: &[Arg], dot: &Value, piped: Option<Value>) -> Result<Value, RenderError> {
        // `and`/`or` stop at the first argument that decides, as Go 1.18+ does.
        if name == "and" || name == "or" {
            if args.is_empty() && piped.is_none() {
                return self.error(format!("wrong number of args for {name}: want at least 1 got 0"));
            }
            let mut last = Value::Nil;
            for a in args {
                last = self.arg(a, dot)?;
                if last.truthy() == (name == "or") {
                    return Ok(last);
                }
            }
            return Ok(piped.unwrap_or(last));
        }
        let mut values = Vec::with_capacity(args.len() + 1);
        for a in args {
            values.push(self.arg(a, dot)?);
        }
        values.extend(piped);
        match name {
            "include" => {
                let [name, data] = &values[..] else {
                    return self.error(format!("wrong number of args for include: want 2 got {}", values.len()));
                };
                let name = name.to_go_string();
                let Some(named) = self.set.get(name.as_str()).cloned() else {
                    return self.error(format!("error calling include: template: no template {name:?} associated"));
                };
                self.nested(named.file, &named.body, data.clone()).map(Value::str)
            }
            "tpl" => {
                let [text, data] = &values[..] else {
                    return self.error(format!("wrong number of args for tpl: want 2 got {}", values.len()));
                };
                let text = text.to_go_string();
                let parsed = parse::parse(&text).map_err(|e| RenderError {
                    file: self.file,
                    line: self.line,
                    message: format!("error calling tpl: line {} of the string: {}", e.line, e.message),
                })?;
                // Its own `define`s are visible to it, beside the chart's.
                if parsed.defines.is_empty() {
                    self.nested(self.file, &parsed.body, data.clone()).map(Value::str)
                } else {
                    let mut set = self.set.clone();
                    for (n, body) in parsed.defines {
                        set.insert(n, Named { file: self.file, body });
                    }
                    let mut state = State::new(&set, self.file, data.clone(), self.steps, self.depth + 1);
                    state.line = self.line;
                    state.list(&parsed.body, data, &None)?;
                    Ok(Value::str(state.out))
                }
            }
            _ => {
                let Some(f) = funcs::lookup(name) else { return self.error(format!("function {name:?} not defined")) };
                let result = f(&values).or_else(|e| self.error(format!("error calling {name}: {e}")))?;
                // Sprig changes a dict in place; our values are shared and immutable, so the
                // variable it was given (`$_ := set $d "k" v`, `$dst = … | merge $dst`, the
                // forms charts write) takes the changed dict instead.
                if MUTATORS.contains(&name) {
                    if let Some(Arg::Var(var, fields)) = args.first() {
                        if fields.is_empty() && &**var != "$" {
                            self.declare(var, &result, true)?;
                        }
                    }
                }
                Ok(result)
            }
        }
    }

    /// Render a named template or a `tpl` string into a string of its own.
    fn nested(&self, file: u32, body: &List, data: Value) -> Result<String, RenderError> {
        if self.depth >= MAX_DEPTH {
            return self.error(format!("include nests more than {MAX_DEPTH} deep (recursive template?)"));
        }
        let mut state = State::new(self.set, file, data.clone(), self.steps, self.depth + 1);
        state.list(body, &data, &None)?;
        Ok(state.out)
    }
}

/// A `.Files.Glob` pattern as Helm's gobwas/glob reads it, with `/` the separator: `*` and `?`
/// stay within a path segment, `**` matches across segments anywhere (`files/**.conf`), and
/// `[…]`/`[!…]`/`{a,b}` are classes and alternatives.
fn files_glob(pattern: &str) -> Result<regex::Regex, regex::Error> {
    let mut re = String::from("^");
    let mut chars = pattern.chars().peekable();
    let mut braces = 0;
    while let Some(c) = chars.next() {
        match c {
            '*' if chars.peek() == Some(&'*') => {
                chars.next();
                re.push_str(".*");
            }
            '*' => re.push_str("[^/]*"),
            '?' => re.push_str("[^/]"),
            '[' => {
                re.push('[');
                if matches!(chars.peek(), Some('!' | '^')) {
                    chars.next();
                    re.push('^');
                }
                for c in chars.by_ref() {
                    if c == ']' {
                        break;
                    }
                    if c == '\\' || c == '[' {
                        re.push('\\');
                    }
                    re.push(c);
                }
                re.push(']');
            }
            '{' => {
                braces += 1;
                re.push_str("(?:");
            }
            '}' if braces > 0 => {
                braces -= 1;
                re.push(')');
            }
            ',' if braces > 0 => re.push('|'),
            '\\' => re.push_str(&regex::escape(&chars.next().map(String::from).unwrap_or_default())),
            c => re.push_str(&regex::escape(&c.to_string())),
        }
    }
    re.push('$');
    regex::Regex::new(&re)
}

/// The `.Values` path a pipeline reads, when it reads one (`.Values.a.b`, `$.Values.a`, or
/// dot inside a `with .Values.a`): the first such operand of its commands.
fn values_path(pipe: &Pipe, dot_path: &Path) -> Path {
    fn in_args(args: &[Arg], dot_path: &Path) -> Path {
        for arg in args {
            let found: Path = match arg {
                Arg::Field(f) if f.first().is_some_and(|s| &**s == "Values") => Some(f[1..].iter().cloned().collect()),
                Arg::Var(v, f) if &**v == "$" && f.first().is_some_and(|s| &**s == "Values") => {
                    Some(f[1..].iter().cloned().collect())
                }
                Arg::Field(f) => dot_path.as_ref().map(|p| p.iter().chain(f.iter()).cloned().collect()),
                Arg::Dot => dot_path.clone(),
                Arg::Pipe(inner, _) => values_path(inner, dot_path),
                _ => None,
            };
            if found.is_some() {
                return found;
            }
        }
        None
    }
    pipe.cmds.iter().find_map(|c| in_args(&c.args, dot_path))
}

fn base64(bytes: &[u8]) -> String {
    const CHARS: &[u8; 64] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    let mut out = String::with_capacity(bytes.len().div_ceil(3) * 4);
    for chunk in bytes.chunks(3) {
        let n = chunk.iter().enumerate().fold(0u32, |n, (i, b)| n | (u32::from(*b) << (16 - 8 * i)));
        for i in 0..4 {
            if i <= chunk.len() {
                out.push(CHARS[((n >> (18 - 6 * i)) & 63) as usize] as char);
            } else {
                out.push('=');
            }
        }
    }
    out
}

#[cfg(test)]
mod tests {
    #[test]
    fn files_glob_reads_patterns_as_gobwas_does() {
        let g = super::files_glob("files/**.conf").unwrap();
        assert!(g.is_match("files/conf.d/x.conf") && g.is_match("files/a.conf") && !g.is_match("other/a.conf"));
        let g = super::files_glob("files/*").unwrap();
        assert!(g.is_match("files/a.txt") && !g.is_match("files/d/a.txt"));
        let g = super::files_glob("conf/{a,b}.[!x]ml").unwrap();
        assert!(g.is_match("conf/a.yml") && g.is_match("conf/b.yml") && !g.is_match("conf/a.xml"));
    }

    use super::*;

    fn run(template: &str, data: Value) -> Result<String, RenderError> {
        let parsed = parse::parse(template).map_err(|e| RenderError { file: 0, line: e.line, message: e.message })?;
        let set: Set = parsed.defines.into_iter().map(|(k, body)| (k, Named { file: 0, body })).collect();
        render(&set, 0, &parsed.body, data).map(|r| r.text)
    }

    fn values(yaml: &str) -> Value {
        let nodes = crate::yaml::parse(yaml).unwrap();
        let mut root = Map::new();
        root.insert("Values".into(), Value::from_yaml(&nodes[0]));
        Value::from(root)
    }

    #[test]
    fn control_structures() {
        // (`[x, y]` would not do: Helm reads values as YAML 1.1, where a plain `y` is `true`.)
        let data = values("a: 1\nlist: [x, z]\nm: {k: v, a: b}\nempty: []\n");
        assert_eq!(run("{{ if .Values.a }}yes{{ else }}no{{ end }}", data.clone()).unwrap(), "yes");
        assert_eq!(
            run("{{ range $i, $e := .Values.list }}{{ $i }}={{ $e }};{{ end }}", data.clone()).unwrap(),
            "0=x;1=z;"
        );
        assert_eq!(
            run("{{ range $k, $v := .Values.m }}{{ $k }}:{{ $v }} {{ end }}", data.clone()).unwrap(),
            "a:b k:v "
        );
        assert_eq!(run("{{ range .Values.empty }}x{{ else }}none{{ end }}", data.clone()).unwrap(), "none");
        assert_eq!(run("{{ with .Values.m }}{{ .k }}{{ end }}", data.clone()).unwrap(), "v");
        assert_eq!(run("{{ $x := 1 }}{{ if true }}{{ $x = 2 }}{{ end }}{{ $x }}", data.clone()).unwrap(), "2");
        assert_eq!(
            run("{{ range .Values.list }}{{ if eq . \"z\" }}{{ break }}{{ end }}{{ . }}{{ end }}", data.clone())
                .unwrap(),
            "x"
        );
        // Helm's missingkey=zero: a missing key prints nothing, a field of it is an error.
        assert_eq!(run("[{{ .Values.nope }}]", data.clone()).unwrap(), "[]");
        let e = run("\n{{ .Values.nope.deeper }}", data.clone()).unwrap_err();
        assert_eq!((e.line, e.message.as_str()), (2, "nil pointer evaluating interface {}.deeper"));
        // Through a pipeline or a variable, a missing value's fields are missing too.
        assert_eq!(
            run("[{{ (.Values.nope).deeper }}{{ $x := .Values.nope }}{{ $x.deeper }}]", data.clone()).unwrap(),
            "[]"
        );
        assert_eq!(run("{{ .Values.a }}", values("a: 1000000\n")).unwrap(), "1e+06");
    }

    #[test]
    fn and_or_short_circuit() {
        let data = values("a: 0\n");
        assert_eq!(run("{{ or .Values.a \"d\" }}", data.clone()).unwrap(), "d");
        // The second operand would fail; `and` never evaluates it.
        assert_eq!(run("{{ and .Values.a .Values.nope.x }}", data).unwrap(), "0");
    }

    #[test]
    fn named_templates_trace_their_own_file() {
        let parsed = parse::parse("{{ define \"x\" }}\nfrom: helper\n{{ end }}").unwrap();
        let body = parse::parse("a: 1\n{{- template \"x\" . }}b: {{ .Values.b }}\n").unwrap();
        let set: Set = parsed.defines.into_iter().map(|(k, body)| (k, Named { file: 7, body })).collect();
        let r = render(&set, 1, &body.body, values("b: 2\n")).unwrap();
        assert_eq!(r.text, "a: 1\nfrom: helper\nb: 2\n");
        let at = |needle: &str| {
            let offset = r.text.find(needle).unwrap();
            r.segments.iter().rev().find(|s| s.at <= offset).cloned().unwrap()
        };
        assert_eq!((at("from").file, at("from").line), (7, 2));
        let b = at("2\n");
        assert_eq!((b.file, b.line), (1, 2));
        assert_eq!(
            b.values.as_deref().map(|p| p.iter().map(|s| s.to_string()).collect::<Vec<_>>()),
            Some(vec!["b".to_string()])
        );
    }

    #[test]
    fn hostile_templates_stop() {
        assert!(run("{{ define \"r\" }}{{ include \"r\" . }}{{ end }}{{ include \"r\" . }}", Value::Nil).is_err());
        assert!(run("{{ range 100000000 }}x{{ end }}", Value::Nil).unwrap_err().message.contains("steps"));
    }
}
