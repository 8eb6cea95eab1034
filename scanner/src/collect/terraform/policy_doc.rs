//! `data "aws_iam_policy_document"`: the JSON the AWS provider would render from its blocks.
//!
//! Most IAM policies in Terraform are written this way and used as
//! `policy = data.aws_iam_policy_document.x.json`; without rendering it, every bucket, role and
//! key policy built from one would be unknown to the policies that check them. Unknown parts
//! are rendered as `null` rather than making the whole document unknown.

use serde_json::{Map as JMap, Value as Json};

use super::value::{Map, Value};

/// Render the document from the data source's evaluated arguments.
pub fn render(args: &Map) -> String {
    let mut statements: Vec<Json> = Vec::new();
    // Source documents first; this document's statements replace those with the same Sid.
    if let Some(Value::List(sources)) = args.get("source_policy_documents") {
        for src in sources.iter() {
            merge_statements(&mut statements, parse_statements(src));
        }
    }
    let own: Vec<Json> = match args.get("statement") {
        Some(Value::List(items)) => items.iter().map(|s| statement(s.as_object())).collect(),
        _ => Vec::new(),
    };
    merge_statements(&mut statements, own);
    if let Some(Value::List(overrides)) = args.get("override_policy_documents") {
        for doc in overrides.iter() {
            merge_statements(&mut statements, parse_statements(doc));
        }
    }
    let mut out = String::from("{\"Version\":");
    let version = match args.get("version") {
        Some(Value::Str(v)) => Json::String(v.to_string()),
        Some(Value::Unknown) => Json::Null,
        _ => Json::String("2012-10-17".into()),
    };
    out.push_str(&version.to_string());
    if let Some(id) = args.get("policy_id") {
        out.push_str(",\"Id\":");
        out.push_str(&id.to_json().to_string());
    }
    out.push_str(",\"Statement\":");
    out.push_str(&ordered(&Json::Array(statements)));
    out.push('}');
    out
}

/// Statements of another rendered document (`source_policy_documents` items).
fn parse_statements(doc: &Value) -> Vec<Json> {
    let Value::Str(text) = doc else { return Vec::new() };
    let Ok(json) = serde_json::from_str::<Json>(text) else { return Vec::new() };
    match json.get("Statement") {
        Some(Json::Array(items)) => items.clone(),
        Some(obj @ Json::Object(_)) => vec![obj.clone()],
        _ => Vec::new(),
    }
}

/// Add `new` statements: one with the Sid of an existing statement replaces it.
fn merge_statements(into: &mut Vec<Json>, new: Vec<Json>) {
    for s in new {
        let sid = s.get("Sid").and_then(Json::as_str).filter(|s| !s.is_empty()).map(str::to_string);
        match sid.and_then(|sid| into.iter().position(|x| x.get("Sid").and_then(Json::as_str) == Some(&sid))) {
            Some(i) => into[i] = s,
            _ => into.push(s),
        }
    }
}

fn statement(args: Option<&Map>) -> Json {
    let mut out = JMap::new();
    let Some(args) = args else { return Json::Null };
    if let Some(sid) = args.get("sid") {
        if !matches!(sid, Value::Str(s) if s.is_empty()) {
            out.insert("Sid".into(), sid.to_json());
        }
    }
    let effect = match args.get("effect") {
        None | Some(Value::Null) => Json::String("Allow".into()),
        Some(v) => v.to_json(),
    };
    out.insert("Effect".into(), effect);
    for (arg, key) in [
        ("actions", "Action"),
        ("not_actions", "NotAction"),
        ("resources", "Resource"),
        ("not_resources", "NotResource"),
    ] {
        if let Some(v) = args.get(arg) {
            out.insert(key.into(), string_set(v));
        }
    }
    for (arg, key) in [("principals", "Principal"), ("not_principals", "NotPrincipal")] {
        if let Some(Value::List(blocks)) = args.get(arg) {
            out.insert(key.into(), principals(blocks));
        }
    }
    if let Some(Value::List(conditions)) = args.get("condition") {
        let mut by_test = JMap::new();
        for c in conditions.iter() {
            let Some(c) = c.as_object() else { continue };
            let test = c.get("test").and_then(Value::as_str).unwrap_or("null").to_string();
            let variable = c.get("variable").and_then(Value::as_str).unwrap_or("null").to_string();
            let values = c.get("values").map(string_set).unwrap_or(Json::Null);
            let entry = by_test.entry(test).or_insert_with(|| Json::Object(JMap::new()));
            if let Json::Object(vars) = entry {
                match vars.get_mut(&variable) {
                    Some(existing) => *existing = union(existing.take(), values),
                    None => {
                        vars.insert(variable, values);
                    }
                }
            }
        }
        out.insert("Condition".into(), Json::Object(by_test));
    }
    Json::Object(out)
}

/// A provider string set: one item renders as a string, several as a list.
fn string_set(v: &Value) -> Json {
    match v {
        Value::List(items) => {
            let mut out: Vec<Json> = Vec::with_capacity(items.len());
            for i in items.iter() {
                let j = i.to_json();
                if !out.contains(&j) {
                    out.push(j);
                }
            }
            if out.len() == 1 {
                out.remove(0)
            } else {
                Json::Array(out)
            }
        }
        other => other.to_json(),
    }
}

fn union(a: Json, b: Json) -> Json {
    let mut items: Vec<Json> = match a {
        Json::Array(x) => x,
        other => vec![other],
    };
    for j in match b {
        Json::Array(x) => x,
        other => vec![other],
    } {
        if !items.contains(&j) {
            items.push(j);
        }
    }
    if items.len() == 1 {
        items.remove(0)
    } else {
        Json::Array(items)
    }
}

fn principals(blocks: &[Value]) -> Json {
    let mut by_type = JMap::new();
    for b in blocks {
        let Some(b) = b.as_object() else { continue };
        let ty = b.get("type").and_then(Value::as_str).unwrap_or("null").to_string();
        let ids = b.get("identifiers").map(string_set).unwrap_or(Json::Null);
        match by_type.get_mut(&ty) {
            Some(existing) => *existing = union(existing.take(), ids),
            None => {
                by_type.insert(ty, ids);
            }
        }
    }
    // `type = "*"`, `identifiers = ["*"]` is the anonymous principal, rendered as a bare "*".
    if by_type.len() == 1 && by_type.get("*") == Some(&Json::String("*".into())) {
        return Json::String("*".into());
    }
    Json::Object(by_type)
}

/// JSON with statement keys in the provider's order (Sid, Effect, Action, …) rather than
/// sorted, so the text reads like the provider's output.
fn ordered(v: &Json) -> String {
    const ORDER: &[&str] =
        &["Sid", "Effect", "Action", "NotAction", "Resource", "NotResource", "Principal", "NotPrincipal", "Condition"];
    match v {
        Json::Array(items) => {
            let inner: Vec<String> = items.iter().map(ordered).collect();
            format!("[{}]", inner.join(","))
        }
        Json::Object(map) => {
            let mut keys: Vec<&String> = map.keys().collect();
            keys.sort_by_key(|k| (ORDER.iter().position(|o| o == k).unwrap_or(ORDER.len()), k.as_str()));
            let inner: Vec<String> =
                keys.iter().map(|k| format!("{}:{}", Json::String((*k).clone()), ordered(&map[*k]))).collect();
            format!("{{{}}}", inner.join(","))
        }
        other => other.to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn s(x: &str) -> Value {
        Value::str(x)
    }

    fn obj(items: Vec<(&str, Value)>) -> Value {
        Value::object(items.into_iter().map(|(k, v)| (k.to_string(), v)).collect())
    }

    #[test]
    fn renders_like_the_provider() {
        let stmt = obj(vec![
            ("sid", s("Read")),
            ("actions", Value::list(vec![s("s3:GetObject")])),
            ("resources", Value::list(vec![s("arn:aws:s3:::b/*"), Value::Unknown])),
            (
                "principals",
                Value::list(vec![obj(vec![
                    ("type", s("AWS")),
                    ("identifiers", Value::list(vec![s("arn:aws:iam::1:root")])),
                ])]),
            ),
            (
                "condition",
                Value::list(vec![obj(vec![
                    ("test", s("Bool")),
                    ("variable", s("aws:SecureTransport")),
                    ("values", Value::list(vec![s("false")])),
                ])]),
            ),
        ]);
        let args: Map = [("statement".to_string(), Value::list(vec![stmt]))].into_iter().collect();
        assert_eq!(
            render(&args),
            r#"{"Version":"2012-10-17","Statement":[{"Sid":"Read","Effect":"Allow","Action":"s3:GetObject","Resource":["arn:aws:s3:::b/*",null],"Principal":{"AWS":"arn:aws:iam::1:root"},"Condition":{"Bool":{"aws:SecureTransport":"false"}}}]}"#
        );
    }

    #[test]
    fn anonymous_principal_and_source_override_documents() {
        let anon = obj(vec![
            ("sid", s("A")),
            ("effect", s("Deny")),
            ("not_actions", Value::list(vec![s("s3:*")])),
            ("principals", Value::list(vec![obj(vec![("type", s("*")), ("identifiers", Value::list(vec![s("*")]))])])),
        ]);
        let source =
            r#"{"Version":"2012-10-17","Statement":[{"Sid":"A","Effect":"Allow"},{"Sid":"B","Effect":"Allow"}]}"#;
        let over = r#"{"Statement":[{"Sid":"B","Effect":"Deny"}]}"#;
        let args: Map = [
            ("statement".to_string(), Value::list(vec![anon])),
            ("source_policy_documents".to_string(), Value::list(vec![s(source)])),
            ("override_policy_documents".to_string(), Value::list(vec![s(over)])),
        ]
        .into_iter()
        .collect();
        let json: Json = serde_json::from_str(&render(&args)).unwrap();
        assert_eq!(
            json["Statement"],
            serde_json::json!([{"Sid": "A", "Effect": "Deny", "NotAction": "s3:*", "Principal": "*"}, {"Sid": "B", "Effect": "Deny"}])
        );
    }
}
