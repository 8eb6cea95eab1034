//! The values a Helm template computes with, shaped like Go's: `nil`, booleans, `int64`,
//! `float64`, strings, `[]interface{}`, `map[string]interface{}` and the few objects with
//! methods a chart calls (`.Files`, `.Capabilities.APIVersions`).
//!
//! Helm reads `values.yaml` through JSON, so every number written there is a `float64` (which
//! is why a chart's `{{ .Values.big }}` prints `1e+06`); numbers written in a template are
//! `int`. Maps iterate in key order, as Go's templates and encoders do, so a `BTreeMap` gives
//! the same output without sorting. Values are shared (`Rc`): a chart passes `.Values` and
//! the root context to every `include`, and copying them would cost more than the rendering.

use std::collections::BTreeMap;
use std::fmt::Write as _;
use std::rc::Rc;

use serde_json::Value as Json;

use crate::yaml;

pub type Map = BTreeMap<String, Value>;

#[derive(Clone, Debug, Default)]
pub enum Value {
    #[default]
    Nil,
    Bool(bool),
    Int(i64),
    Float(f64),
    Str(Rc<str>),
    List(Rc<Vec<Value>>),
    Map(Rc<Map>),
    /// An object whose methods a template calls (`.Files.Get "x"`).
    Object(Rc<Object>),
}

/// The objects with methods that Helm puts in a template's context.
#[derive(Debug)]
pub enum Object {
    /// `.Files`: the chart's files that are not templates, path → content.
    Files(BTreeMap<String, Rc<str>>),
    /// `.Capabilities.APIVersions`.
    ApiVersions(Vec<String>),
}

impl PartialEq for Value {
    /// Go's `eq` on basic kinds; lists and maps are compared deeply (Sprig's `deepEqual`).
    fn eq(&self, other: &Value) -> bool {
        match (self, other) {
            (Value::Nil, Value::Nil) => true,
            (Value::Bool(a), Value::Bool(b)) => a == b,
            (Value::Int(a), Value::Int(b)) => a == b,
            (Value::Float(a), Value::Float(b)) => a == b,
            (Value::Int(a), Value::Float(b)) | (Value::Float(b), Value::Int(a)) => (*a as f64) == *b,
            (Value::Str(a), Value::Str(b)) => a == b,
            (Value::List(a), Value::List(b)) => a == b,
            (Value::Map(a), Value::Map(b)) => a == b,
            (Value::Object(a), Value::Object(b)) => Rc::ptr_eq(a, b),
            _ => false,
        }
    }
}

impl From<&str> for Value {
    fn from(s: &str) -> Value {
        Value::Str(Rc::from(s))
    }
}

impl From<String> for Value {
    fn from(s: String) -> Value {
        Value::Str(Rc::from(s))
    }
}

impl From<bool> for Value {
    fn from(b: bool) -> Value {
        Value::Bool(b)
    }
}

impl From<i64> for Value {
    fn from(i: i64) -> Value {
        Value::Int(i)
    }
}

impl From<f64> for Value {
    fn from(f: f64) -> Value {
        Value::Float(f)
    }
}

impl From<Vec<Value>> for Value {
    fn from(items: Vec<Value>) -> Value {
        Value::List(Rc::new(items))
    }
}

impl From<Map> for Value {
    fn from(map: Map) -> Value {
        Value::Map(Rc::new(map))
    }
}

impl Value {
    pub fn str(s: impl AsRef<str>) -> Value {
        Value::Str(Rc::from(s.as_ref()))
    }

    /// Go's truth: false, 0, nil and empty strings, lists and maps are false.
    pub fn truthy(&self) -> bool {
        match self {
            Value::Nil => false,
            Value::Bool(b) => *b,
            Value::Int(i) => *i != 0,
            Value::Float(f) => *f != 0.0,
            Value::Str(s) => !s.is_empty(),
            Value::List(l) => !l.is_empty(),
            Value::Map(m) => !m.is_empty(),
            Value::Object(_) => true,
        }
    }

    pub fn as_str(&self) -> Option<&str> {
        match self {
            Value::Str(s) => Some(s),
            _ => None,
        }
    }

    pub fn as_map(&self) -> Option<&Map> {
        match self {
            Value::Map(m) => Some(m),
            _ => None,
        }
    }

    pub fn as_list(&self) -> Option<&[Value]> {
        match self {
            Value::List(l) => Some(l),
            _ => None,
        }
    }

    /// The name of its Go type, as `typeOf` prints it.
    pub fn type_name(&self) -> &'static str {
        match self {
            Value::Nil => "<nil>",
            Value::Bool(_) => "bool",
            Value::Int(_) => "int",
            Value::Float(_) => "float64",
            Value::Str(_) => "string",
            Value::List(_) => "[]interface {}",
            Value::Map(_) => "map[string]interface {}",
            Value::Object(o) => match **o {
                Object::Files(_) => "chart.Files",
                Object::ApiVersions(_) => "chartutil.VersionSet",
            },
        }
    }

    /// Its Go kind, as `kindOf` prints it.
    pub fn kind_name(&self) -> &'static str {
        match self {
            Value::Nil => "invalid",
            Value::Bool(_) => "bool",
            Value::Int(_) => "int",
            Value::Float(_) => "float64",
            Value::Str(_) => "string",
            Value::List(_) => "slice",
            Value::Map(_) => "map",
            Value::Object(o) => match **o {
                Object::Files(_) => "map",
                Object::ApiVersions(_) => "slice",
            },
        }
    }

    /// `fmt.Sprint(v)`: what `{{ v }}` and `print` write (nil as `<nil>`; a template action
    /// writes nothing for it, as Helm does).
    pub fn to_go_string(&self) -> String {
        let mut out = String::new();
        self.write_go(&mut out);
        out
    }

    pub fn write_go(&self, out: &mut String) {
        match self {
            Value::Nil => out.push_str("<nil>"),
            Value::Bool(b) => out.push_str(if *b { "true" } else { "false" }),
            Value::Int(i) => {
                let _ = write!(out, "{i}");
            }
            Value::Float(f) => out.push_str(&format_float(*f)),
            Value::Str(s) => out.push_str(s),
            Value::List(items) => {
                out.push('[');
                for (i, item) in items.iter().enumerate() {
                    if i > 0 {
                        out.push(' ');
                    }
                    item.write_go(out);
                }
                out.push(']');
            }
            Value::Map(map) => {
                out.push_str("map[");
                for (i, (k, v)) in map.iter().enumerate() {
                    if i > 0 {
                        out.push(' ');
                    }
                    out.push_str(k);
                    out.push(':');
                    v.write_go(out);
                }
                out.push(']');
            }
            Value::Object(o) => match &**o {
                Object::Files(files) => {
                    out.push_str("map[");
                    for (i, (k, v)) in files.iter().enumerate() {
                        if i > 0 {
                            out.push(' ');
                        }
                        let _ = write!(out, "{k}:{:?}", v.as_bytes());
                    }
                    out.push(']');
                }
                Object::ApiVersions(versions) => {
                    let _ = write!(out, "[{}]", versions.join(" "));
                }
            },
        }
    }

    /// A value read from YAML the way Helm reads values files: through JSON, so numbers
    /// are `float64` and keys are strings.
    pub fn from_yaml(node: &yaml::Node) -> Value {
        // Helm reads values (and `fromYaml`) with sigs.k8s.io/yaml, a YAML 1.1 parser: a plain
        // `no`, `off` or `yes` is a boolean there, so `enabled: no` turns a feature off.
        if let Some(b) = node.yaml11_bool {
            return Value::Bool(b);
        }
        match &node.value {
            yaml::Value::Null => Value::Nil,
            yaml::Value::Bool(b) => Value::Bool(*b),
            yaml::Value::Int(i) => Value::Float(*i as f64),
            yaml::Value::Float(f) => Value::Float(*f),
            yaml::Value::Str(s) => Value::str(s),
            yaml::Value::Seq(items) => Value::from(items.iter().map(Value::from_yaml).collect::<Vec<_>>()),
            yaml::Value::Map(entries) => {
                Value::from(entries.iter().map(|(k, v)| (k.text.clone(), Value::from_yaml(v))).collect::<Map>())
            }
        }
    }

    /// A value decoded from JSON as Go's `encoding/json` decodes into `interface{}`.
    pub fn from_json(json: &Json) -> Value {
        match json {
            Json::Null => Value::Nil,
            Json::Bool(b) => Value::Bool(*b),
            Json::Number(n) => Value::Float(n.as_f64().unwrap_or(0.0)),
            Json::String(s) => Value::str(s),
            Json::Array(items) => Value::from(items.iter().map(Value::from_json).collect::<Vec<_>>()),
            Json::Object(map) => {
                Value::from(map.iter().map(|(k, v)| (k.clone(), Value::from_json(v))).collect::<Map>())
            }
        }
    }

    /// As Go's `encoding/json` encodes it: an integral `float64` is written without a
    /// fraction (`8080`, not `8080.0`).
    pub fn to_json(&self) -> Json {
        match self {
            Value::Nil => Json::Null,
            Value::Bool(b) => Json::Bool(*b),
            Value::Int(i) => Json::from(*i),
            Value::Float(f) if f.fract() == 0.0 && f.abs() < 1e15 => Json::from(*f as i64),
            Value::Float(f) => serde_json::Number::from_f64(*f).map_or(Json::Null, Json::Number),
            Value::Str(s) => Json::String(s.to_string()),
            Value::List(items) => Json::Array(items.iter().map(Value::to_json).collect()),
            Value::Map(map) => Json::Object(map.iter().map(|(k, v)| (k.clone(), v.to_json())).collect()),
            Value::Object(o) => match &**o {
                Object::Files(files) => {
                    Json::Object(files.iter().map(|(k, v)| (k.clone(), Json::String(v.to_string()))).collect())
                }
                Object::ApiVersions(v) => Json::Array(v.iter().map(|s| Json::String(s.clone())).collect()),
            },
        }
    }
}

/// `fmt.Sprint` of a `float64` (`strconv.FormatFloat(f, 'g', -1, 64)`): the shortest digits
/// that read back as `f`, in exponent form when the exponent is below -4 or at least 6 (Go's
/// precision for that decision in the shortest form), so a million prints `1e+06`.
pub fn format_float(f: f64) -> String {
    if f.is_nan() {
        return "NaN".into();
    }
    if f.is_infinite() {
        return if f > 0.0 { "+Inf".into() } else { "-Inf".into() };
    }
    if f == 0.0 {
        return if f.is_sign_negative() { "-0".into() } else { "0".into() };
    }
    // Rust's `{:e}` gives the same shortest round-tripping digits: `1.234567e6`.
    let sci = format!("{:e}", f.abs());
    let (mantissa, exp) = sci.split_once('e').unwrap_or((&sci, "0"));
    let exp: i32 = exp.parse().unwrap_or(0);
    let digits: String = mantissa.chars().filter(char::is_ascii_digit).collect();
    let mut out = String::new();
    if f < 0.0 {
        out.push('-');
    }
    if !(-4..6).contains(&exp) {
        out.push_str(&digits[..1]);
        if digits.len() > 1 {
            out.push('.');
            out.push_str(&digits[1..]);
        }
        let _ = write!(out, "e{}{:02}", if exp < 0 { '-' } else { '+' }, exp.abs());
    } else if exp < 0 {
        out.push_str("0.");
        for _ in 0..(-exp - 1) {
            out.push('0');
        }
        out.push_str(&digits);
    } else {
        let int_len = (exp + 1) as usize;
        if digits.len() <= int_len {
            out.push_str(&digits);
            for _ in digits.len()..int_len {
                out.push('0');
            }
        } else {
            out.push_str(&digits[..int_len]);
            out.push('.');
            out.push_str(&digits[int_len..]);
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn floats_print_as_go_prints_them() {
        for (f, go) in [
            (8080.0, "8080"),
            (1.0, "1"),
            (0.5, "0.5"),
            (100000.0, "100000"),
            (1000000.0, "1e+06"),
            (1234567.0, "1.234567e+06"),
            (0.0001, "0.0001"),
            (0.00001, "1e-05"),
            (-2.5, "-2.5"),
            (123456.5, "123456.5"),
        ] {
            assert_eq!(format_float(f), go, "{f}");
        }
    }

    #[test]
    fn values_read_yaml_1_1_booleans() {
        let nodes = yaml::parse("a: no\nb: on\nc: 'no'\nd: yes\n").unwrap();
        let v = Value::from_yaml(&nodes[0]);
        let Value::Map(m) = v else { panic!("{v:?}") };
        assert!(matches!(m["a"], Value::Bool(false)));
        assert!(matches!(m["b"], Value::Bool(true)));
        assert!(matches!(&m["c"], Value::Str(s) if &**s == "no"));
        assert!(matches!(m["d"], Value::Bool(true)));
    }
}
