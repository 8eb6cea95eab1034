//! Runtime values of the evaluator.
//!
//! Terraform values can be unknown until apply (a bucket's `arn`), and that is not the same as
//! `null`: `var.x == null` is known when the variable defaults to null, unknown when it has no
//! value at all. Policies only ever see JSON, where both become `null`, but the evaluator must
//! keep them apart to decide conditionals, `coalesce`, `try` and friends as Terraform would.

use std::collections::BTreeMap;
use std::rc::Rc;

use serde_json::Value as Json;

/// Maps and objects are both string-keyed and iterate in lexical key order, as in Terraform.
pub type Map = BTreeMap<String, Value>;

#[derive(Debug, Clone, Default)]
pub enum Value {
    #[default]
    Null,
    /// Known only after apply, or not knowable without a plan.
    Unknown,
    Bool(bool),
    Number(f64),
    Str(Rc<str>),
    /// Lists, tuples and sets (sets are kept sorted and de-duplicated when built by `toset`).
    List(Rc<Vec<Value>>),
    /// Maps and objects.
    Object(Rc<Map>),
    /// A resource or nested block as referenced: the attributes that were written, and every
    /// other attribute unknown (computed by the provider), so a missing key is unknown, not an
    /// error.
    Open(Rc<Map>),
}

/// An evaluation error (what Terraform would report as an invalid expression): the written
/// value becomes `null`, and `try`/`can` can catch it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Fail;

pub type R = Result<Value, Fail>;

impl Value {
    pub fn str(s: &str) -> Value {
        Value::Str(Rc::from(s))
    }

    pub fn string(s: String) -> Value {
        Value::Str(Rc::from(s))
    }

    pub fn list(items: Vec<Value>) -> Value {
        Value::List(Rc::new(items))
    }

    pub fn object(map: Map) -> Value {
        Value::Object(Rc::new(map))
    }

    pub fn is_unknown(&self) -> bool {
        matches!(self, Value::Unknown)
    }

    pub fn is_null(&self) -> bool {
        matches!(self, Value::Null)
    }

    pub fn as_object(&self) -> Option<&Map> {
        match self {
            Value::Object(m) | Value::Open(m) => Some(m),
            _ => None,
        }
    }

    pub fn as_list(&self) -> Option<&[Value]> {
        match self {
            Value::List(items) => Some(items),
            _ => None,
        }
    }

    pub fn as_str(&self) -> Option<&str> {
        match self {
            Value::Str(s) => Some(s),
            _ => None,
        }
    }

    /// Terraform's automatic conversion to string (numbers and bools convert, the rest fail).
    pub fn to_str(&self) -> Result<Option<Rc<str>>, Fail> {
        match self {
            Value::Str(s) => Ok(Some(s.clone())),
            Value::Number(n) => Ok(Some(Rc::from(format_number(*n)))),
            Value::Bool(b) => Ok(Some(Rc::from(if *b { "true" } else { "false" }))),
            Value::Unknown => Ok(None),
            _ => Err(Fail),
        }
    }

    /// Terraform's automatic conversion to number.
    pub fn to_number(&self) -> Result<Option<f64>, Fail> {
        match self {
            Value::Number(n) => Ok(Some(*n)),
            Value::Str(s) => s.trim().parse::<f64>().ok().filter(|n| n.is_finite()).map(Some).ok_or(Fail),
            Value::Unknown => Ok(None),
            _ => Err(Fail),
        }
    }

    /// Terraform's automatic conversion to bool.
    pub fn to_bool(&self) -> Result<Option<bool>, Fail> {
        match self {
            Value::Bool(b) => Ok(Some(*b)),
            Value::Str(s) if &**s == "true" => Ok(Some(true)),
            Value::Str(s) if &**s == "false" => Ok(Some(false)),
            Value::Unknown => Ok(None),
            _ => Err(Fail),
        }
    }

    /// Equality as Terraform's `==`: `None` when it depends on unknown parts.
    pub fn equals(&self, other: &Value) -> Option<bool> {
        match (self, other) {
            (Value::Unknown, _) | (_, Value::Unknown) => None,
            (Value::Null, Value::Null) => Some(true),
            (Value::Bool(a), Value::Bool(b)) => Some(a == b),
            (Value::Number(a), Value::Number(b)) => Some(a == b),
            (Value::Str(a), Value::Str(b)) => Some(a == b),
            (Value::List(a), Value::List(b)) => {
                if a.len() != b.len() {
                    return Some(false);
                }
                let mut known = true;
                for (x, y) in a.iter().zip(b.iter()) {
                    match x.equals(y) {
                        Some(false) => return Some(false),
                        None => known = false,
                        Some(true) => {}
                    }
                }
                known.then_some(true)
            }
            (Value::Object(a) | Value::Open(a), Value::Object(b) | Value::Open(b)) => {
                if matches!(self, Value::Open(_)) || matches!(other, Value::Open(_)) {
                    return None;
                }
                if a.len() != b.len() || a.keys().zip(b.keys()).any(|(x, y)| x != y) {
                    return Some(false);
                }
                let mut known = true;
                for (x, y) in a.values().zip(b.values()) {
                    match x.equals(y) {
                        Some(false) => return Some(false),
                        None => known = false,
                        Some(true) => {}
                    }
                }
                known.then_some(true)
            }
            _ => Some(false),
        }
    }

    /// The JSON policies see: unknown becomes `null`.
    pub fn to_json(&self) -> Json {
        match self {
            Value::Null | Value::Unknown => Json::Null,
            Value::Bool(b) => Json::Bool(*b),
            Value::Number(n) => number_json(*n),
            Value::Str(s) => Json::String(s.to_string()),
            Value::List(items) => Json::Array(items.iter().map(Value::to_json).collect()),
            Value::Object(map) | Value::Open(map) => {
                Json::Object(map.iter().map(|(k, v)| (k.clone(), v.to_json())).collect())
            }
        }
    }

    pub fn from_json(json: &Json) -> Value {
        match json {
            Json::Null => Value::Null,
            Json::Bool(b) => Value::Bool(*b),
            Json::Number(n) => n.as_f64().map(Value::Number).unwrap_or(Value::Unknown),
            Json::String(s) => Value::str(s),
            Json::Array(items) => Value::list(items.iter().map(Value::from_json).collect()),
            Json::Object(map) => Value::object(map.iter().map(|(k, v)| (k.clone(), Value::from_json(v))).collect()),
        }
    }
}

/// Integral numbers stay integers in JSON, as Terraform renders them.
pub fn number_json(n: f64) -> Json {
    if n.fract() == 0.0 && n.abs() < 9.007_199_254_740_992e15 {
        Json::from(n as i64)
    } else {
        serde_json::Number::from_f64(n).map(Json::Number).unwrap_or(Json::Null)
    }
}

/// A number as Terraform prints it in a string: no trailing `.0` for integers.
pub fn format_number(n: f64) -> String {
    if n.fract() == 0.0 && n.abs() < 1e16 {
        format!("{}", n as i64)
    } else {
        format!("{n}")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn equality_is_three_valued() {
        let a = Value::list(vec![Value::Number(1.0), Value::Unknown]);
        let b = Value::list(vec![Value::Number(1.0), Value::Number(2.0)]);
        let c = Value::list(vec![Value::Number(3.0), Value::Unknown]);
        assert_eq!(a.equals(&b), None);
        assert_eq!(c.equals(&b), Some(false));
        assert_eq!(b.equals(&b), Some(true));
        assert_eq!(Value::Null.equals(&Value::Null), Some(true));
        assert_eq!(Value::str("1").equals(&Value::Number(1.0)), Some(false));
    }

    #[test]
    fn conversions_follow_terraform() {
        assert_eq!(Value::str("5").to_number(), Ok(Some(5.0)));
        assert_eq!(Value::str("x").to_number(), Err(Fail));
        assert_eq!(Value::Number(2.5).to_str().unwrap().as_deref(), Some("2.5"));
        assert_eq!(Value::Number(3.0).to_str().unwrap().as_deref(), Some("3"));
        assert_eq!(Value::str("true").to_bool(), Ok(Some(true)));
        assert_eq!(Value::Unknown.to_bool(), Ok(None));
        assert!(Value::list(vec![]).to_str().is_err());
        assert_eq!(Value::Number(3.0).to_json(), serde_json::json!(3));
        assert_eq!(Value::Number(0.5).to_json(), serde_json::json!(0.5));
        assert_eq!(Value::Unknown.to_json(), Json::Null);
    }
}
