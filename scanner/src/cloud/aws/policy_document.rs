//! IAM policy documents in one shape, whatever wrote them.
//!
//! Bucket, queue, topic and key policies, role trust policies and identity policies arrive as
//! JSON strings (Terraform: `jsonencode`, heredocs, `aws_iam_policy_document.json`) or as
//! objects (CloudFormation, live APIs), and IAM lets almost every field be a single value or a
//! list. Policies are easier to write and harder to get wrong when every document has the same
//! keys and every list is an array, so every adapter parses documents here, once.
//!
//! The normalised document is
//! `{"Version", "Statement": [{"Sid", "Effect", "Action": [..], "NotAction": [..],
//! "Resource": [..], "NotResource": [..], "Principal", "NotPrincipal", "Condition": {..}}]}`:
//! - `Action`, `NotAction`, `Resource`, `NotResource`: arrays (`[]` when omitted, `null` when
//!   the value is unknown);
//! - `Principal`, `NotPrincipal`: `"*"`, or an object whose values are arrays
//!   (`{"AWS": ["*"]}`), or `null` when omitted (identity policies) or unknown;
//! - `Condition`: `{operator: {key: [values as strings]}}` (`{}` when omitted); booleans and
//!   numbers become strings, as IAM compares them;
//! - `Sid`, `Effect`, `Version`: as written, `null` when omitted.
//!
//! Names are kept as written: IAM compares actions and condition keys case-insensitively, so
//! policies lower-case them (the `rampart.lib.aws.iam` helpers do).
//! A document that is not valid JSON, or does not have the shape of a policy, is `null`: no
//! rule can say anything about it, and none should fire.

use serde_json::{Map, Value as Json};

use crate::cloud::Entity;
use crate::iac::{Inventory, Resource};

/// The normalised form of a policy document given as a JSON string or an object; `null` when
/// unknown or malformed.
pub fn parse(value: &Json) -> Json {
    let parsed;
    let doc = match value {
        Json::String(text) => match serde_json::from_str::<Json>(text) {
            Ok(v) => {
                parsed = v;
                &parsed
            }
            Err(_) => return Json::Null,
        },
        other => other,
    };
    normalise(doc).unwrap_or(Json::Null)
}

/// The document written at attribute `pointer` of `res`: `None` when omitted, else the
/// normalised document (`null` when unknown or malformed).
///
/// A Terraform `data "aws_iam_policy_document"` referenced by an expression the collector could
/// not evaluate is read from the data source itself, whose `json` is always rendered.
pub fn resolve(inv: &Inventory, res: &Resource, pointer: &str) -> Option<Json> {
    let value = res.get(pointer)?;
    let parsed = parse(value);
    if parsed.is_null() && value.is_null() {
        if let Some(rendered) = data_source(inv, res, pointer).and_then(|d| d.get("/json")) {
            return Some(parse(rendered));
        }
    }
    Some(parsed)
}

/// Locate model path `path` (a document resolved from `pointer` of `res`) and, where the source
/// says where each statement is, each of its statements and their fields: CloudFormation
/// documents are YAML/JSON objects with lines of their own, and a Terraform
/// `aws_iam_policy_document` renders its `statement` blocks in order. A finding on
/// `[..., "Statement", 2, "Action"]` then lands on that statement's actions.
pub fn locate(entity: &mut Entity, path: &str, inv: &Inventory, res: &Resource, pointer: &str) {
    entity.locate(path, res, pointer);
    if let Some(Json::Object(doc)) = res.get(pointer) {
        match doc.get("Statement") {
            Some(Json::Array(items)) => {
                for k in 0..items.len() {
                    locate_statement(
                        entity,
                        &format!("{path}/Statement/{k}"),
                        res,
                        &format!("{pointer}/Statement/{k}"),
                    );
                }
            }
            Some(Json::Object(_)) => {
                locate_statement(entity, &format!("{path}/Statement/0"), res, &format!("{pointer}/Statement"))
            }
            _ => {}
        }
        return;
    }
    let Some(data) = data_source(inv, res, pointer) else { return };
    // Merged documents do not keep the order of the data source's own statements.
    let merges = ["/source_policy_documents", "/override_policy_documents", "/source_json", "/override_json"];
    if merges.iter().any(|m| data.get(m).is_some()) {
        return;
    }
    let Some(Json::Array(blocks)) = data.get("/statement") else { return };
    let rendered = resolve(inv, res, pointer).unwrap_or(Json::Null);
    let count = rendered.get("Statement").and_then(Json::as_array).map(Vec::len);
    if count != Some(blocks.len()) {
        return;
    }
    for k in 0..blocks.len() {
        let model = format!("{path}/Statement/{k}");
        let block = format!("/statement/{k}");
        entity.locate(&model, data, &block);
        for (field, attr) in [
            ("Sid", "sid"),
            ("Effect", "effect"),
            ("Action", "actions"),
            ("NotAction", "not_actions"),
            ("Resource", "resources"),
            ("NotResource", "not_resources"),
            ("Principal", "principals"),
            ("NotPrincipal", "not_principals"),
            ("Condition", "condition"),
        ] {
            entity.locate(&format!("{model}/{field}"), data, &format!("{block}/{attr}"));
        }
    }
}

fn locate_statement(entity: &mut Entity, model: &str, res: &Resource, pointer: &str) {
    entity.locate(model, res, pointer);
    for field in
        ["Sid", "Effect", "Action", "NotAction", "Resource", "NotResource", "Principal", "NotPrincipal", "Condition"]
    {
        entity.locate(&format!("{model}/{field}"), res, &format!("{pointer}/{field}"));
    }
}

/// The one `aws_iam_policy_document` data source the attribute's expression refers to.
fn data_source<'a>(inv: &'a Inventory, res: &Resource, pointer: &str) -> Option<&'a Resource> {
    let mut sources = res
        .refs
        .get(pointer)?
        .iter()
        .filter_map(|a| inv.get(a))
        .filter(|r| r.data && r.kind == "aws_iam_policy_document");
    let first = sources.next()?;
    sources.all(|r| r.address == first.address).then_some(first)
}

fn normalise(doc: &Json) -> Option<Json> {
    let doc = doc.as_object()?;
    let statements = match doc.get("Statement")? {
        Json::Array(items) => items.iter().map(statement).collect::<Option<Vec<_>>>()?,
        single @ Json::Object(_) => vec![statement(single)?],
        _ => return None,
    };
    let mut out = Map::new();
    out.insert("Version".into(), optional_string(doc.get("Version"))?);
    out.insert("Statement".into(), Json::Array(statements));
    Some(Json::Object(out))
}

/// One statement; an unknown (null) statement stays null so that no rule reads into it.
fn statement(value: &Json) -> Option<Json> {
    let stmt = match value {
        Json::Null => return Some(Json::Null),
        Json::Object(stmt) => stmt,
        _ => return None,
    };
    let mut out = Map::new();
    out.insert("Sid".into(), optional_string(stmt.get("Sid"))?);
    out.insert("Effect".into(), optional_string(stmt.get("Effect"))?);
    for key in ["Action", "NotAction", "Resource", "NotResource"] {
        out.insert(key.into(), string_list(stmt.get(key))?);
    }
    for key in ["Principal", "NotPrincipal"] {
        out.insert(key.into(), principal(stmt.get(key))?);
    }
    out.insert("Condition".into(), condition(stmt.get("Condition"))?);
    Some(Json::Object(out))
}

fn optional_string(value: Option<&Json>) -> Option<Json> {
    match value {
        None | Some(Json::Null) => Some(Json::Null),
        Some(s @ Json::String(_)) => Some(s.clone()),
        Some(_) => None,
    }
}

/// A single string or a list of strings, as an array. Unknown elements stay `null`.
fn string_list(value: Option<&Json>) -> Option<Json> {
    match value {
        None => Some(Json::Array(Vec::new())),
        Some(Json::Null) => Some(Json::Null),
        Some(s @ Json::String(_)) => Some(Json::Array(vec![s.clone()])),
        Some(Json::Array(items)) => {
            items.iter().all(|i| i.is_string() || i.is_null()).then(|| Json::Array(items.clone()))
        }
        Some(_) => None,
    }
}

/// `"*"` stays `"*"`; `{"AWS": "x"}` becomes `{"AWS": ["x"]}`. IAM only accepts `"*"` as a bare
/// string; any other bare string is read as an AWS principal rather than rejected, so that a
/// sloppy document still shows who it names.
fn principal(value: Option<&Json>) -> Option<Json> {
    match value {
        None | Some(Json::Null) => Some(Json::Null),
        Some(Json::String(s)) if s == "*" => Some(Json::String(s.clone())),
        Some(s @ Json::String(_)) => {
            let mut out = Map::new();
            out.insert("AWS".into(), Json::Array(vec![s.clone()]));
            Some(Json::Object(out))
        }
        Some(Json::Object(kinds)) => {
            let mut out = Map::new();
            for (kind, ids) in kinds {
                out.insert(kind.clone(), string_list(Some(ids))?);
            }
            Some(Json::Object(out))
        }
        Some(_) => None,
    }
}

/// Condition values as arrays of strings: IAM reads `true`, `"true"` and `["true"]` alike.
fn condition(value: Option<&Json>) -> Option<Json> {
    let ops = match value {
        None => return Some(Json::Object(Map::new())),
        Some(Json::Null) => return Some(Json::Null),
        Some(Json::Object(ops)) => ops,
        Some(_) => return None,
    };
    let mut out = Map::new();
    for (op, keys) in ops {
        let normalised = match keys {
            Json::Null => Json::Null,
            Json::Object(keys) => {
                let mut k = Map::new();
                for (key, values) in keys {
                    k.insert(key.clone(), condition_values(values)?);
                }
                Json::Object(k)
            }
            _ => return None,
        };
        out.insert(op.clone(), normalised);
    }
    Some(Json::Object(out))
}

fn condition_values(value: &Json) -> Option<Json> {
    let scalar = |v: &Json| match v {
        Json::String(_) | Json::Null => Some(v.clone()),
        Json::Bool(b) => Some(Json::String(b.to_string())),
        Json::Number(n) => Some(Json::String(n.to_string())),
        _ => None,
    };
    match value {
        Json::Null => Some(Json::Null),
        Json::Array(items) => items.iter().map(scalar).collect::<Option<Vec<_>>>().map(Json::Array),
        other => scalar(other).map(|v| Json::Array(vec![v])),
    }
}

/// A statement denying every principal any S3 action when `aws:SecureTransport` is false.
pub fn denies_insecure_transport(doc: &Json) -> bool {
    let statements = doc.get("Statement").and_then(Json::as_array).into_iter().flatten();
    statements.filter_map(Json::as_object).any(|s| {
        let deny = s.get("Effect").and_then(Json::as_str) == Some("Deny");
        let everyone = match s.get("Principal") {
            Some(Json::String(p)) => p == "*",
            Some(Json::Object(p)) => strings(p.get("AWS")).any(|a| a == "*"),
            _ => false,
        };
        let all_s3 = strings(s.get("Action")).any(|a| a == "*" || a.eq_ignore_ascii_case("s3:*"));
        let insecure = s.get("Condition").and_then(Json::as_object).is_some_and(|ops| {
            ops.iter().filter(|(op, _)| op.eq_ignore_ascii_case("Bool") || op.eq_ignore_ascii_case("BoolIfExists")).any(
                |(_, keys)| {
                    keys.as_object().is_some_and(|keys| {
                        keys.iter().any(|(k, v)| {
                            k.eq_ignore_ascii_case("aws:SecureTransport")
                                && strings(Some(v)).any(|x| x.eq_ignore_ascii_case("false"))
                        })
                    })
                },
            )
        });
        deny && everyone && all_s3 && insecure
    })
}

fn strings(value: Option<&Json>) -> impl Iterator<Item = &str> {
    value.and_then(Json::as_array).into_iter().flatten().filter_map(Json::as_str)
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn stmt(doc: &Json) -> &Json {
        &doc["Statement"][0]
    }

    #[test]
    fn string_and_object_give_the_same_document() {
        let object = json!({
            "Version": "2012-10-17",
            "Statement": {"Effect": "Allow", "Action": "s3:GetObject", "Resource": "arn:aws:s3:::b/*"}
        });
        let text = Json::String(object.to_string());
        assert_eq!(parse(&text), parse(&object));
        assert_eq!(
            parse(&object),
            json!({"Version": "2012-10-17", "Statement": [{
                "Sid": null, "Effect": "Allow", "Action": ["s3:GetObject"], "NotAction": [],
                "Resource": ["arn:aws:s3:::b/*"], "NotResource": [], "Principal": null,
                "NotPrincipal": null, "Condition": {}
            }]})
        );
    }

    #[test]
    fn heredoc_whitespace_is_accepted() {
        let text = json!("\n  {\n \"Statement\": [{\"Effect\": \"Deny\", \"Action\": [\"*\"]}]\n}\n");
        let doc = parse(&text);
        assert_eq!(stmt(&doc)["Effect"], json!("Deny"));
        assert_eq!(doc["Version"], Json::Null);
    }

    #[test]
    fn single_and_list_values_become_arrays() {
        let doc = parse(&json!({"Statement": [
            {"Effect": "Allow", "Action": ["s3:GetObject", "s3:PutObject"], "NotResource": "arn:x"},
            {"Effect": "Allow", "NotAction": "iam:*", "Resource": ["*"]}
        ]}));
        assert_eq!(doc["Statement"][0]["Action"], json!(["s3:GetObject", "s3:PutObject"]));
        assert_eq!(doc["Statement"][0]["NotResource"], json!(["arn:x"]));
        assert_eq!(doc["Statement"][0]["Resource"], json!([]));
        assert_eq!(doc["Statement"][1]["NotAction"], json!(["iam:*"]));
        assert_eq!(doc["Statement"][1]["Action"], json!([]));
        assert_eq!(doc["Statement"][1]["Resource"], json!(["*"]));
    }

    #[test]
    fn principals() {
        let doc = parse(&json!({"Statement": [
            {"Effect": "Allow", "Principal": "*"},
            {"Effect": "Allow", "Principal": {"AWS": "*"}},
            {"Effect": "Allow", "Principal": {"Service": ["lambda.amazonaws.com", "ec2.amazonaws.com"],
                                             "AWS": "arn:aws:iam::123456789012:root"}},
            {"Effect": "Allow", "Principal": {"Federated": "cognito-identity.amazonaws.com"}},
            {"Effect": "Deny", "NotPrincipal": {"AWS": ["arn:aws:iam::123456789012:role/admin"]}},
            {"Effect": "Allow", "Principal": "123456789012"}
        ]}));
        let s = &doc["Statement"];
        assert_eq!(s[0]["Principal"], json!("*"));
        assert_eq!(s[1]["Principal"], json!({"AWS": ["*"]}));
        assert_eq!(
            s[2]["Principal"],
            json!({"Service": ["lambda.amazonaws.com", "ec2.amazonaws.com"], "AWS": ["arn:aws:iam::123456789012:root"]})
        );
        assert_eq!(s[3]["Principal"], json!({"Federated": ["cognito-identity.amazonaws.com"]}));
        assert_eq!(s[4]["NotPrincipal"], json!({"AWS": ["arn:aws:iam::123456789012:role/admin"]}));
        assert_eq!(s[4]["Principal"], Json::Null);
        assert_eq!(s[5]["Principal"], json!({"AWS": ["123456789012"]}));
    }

    #[test]
    fn condition_values_are_string_arrays() {
        let doc = parse(&json!({"Statement": {"Effect": "Deny", "Action": "s3:*", "Principal": "*",
            "Condition": {"Bool": {"aws:SecureTransport": false},
                          "NumericLessThan": {"s3:TlsVersion": 1.2},
                          "StringEquals": {"sts:ExternalId": ["a", "b"]}}}}));
        assert_eq!(
            stmt(&doc)["Condition"],
            json!({"Bool": {"aws:SecureTransport": ["false"]},
                   "NumericLessThan": {"s3:TlsVersion": ["1.2"]},
                   "StringEquals": {"sts:ExternalId": ["a", "b"]}})
        );
    }

    #[test]
    fn unknown_parts_stay_null() {
        // CloudFormation intrinsics that cannot be resolved arrive as null.
        let doc = parse(&json!({"Statement": [
            {"Effect": "Allow", "Action": null, "Resource": ["arn:x", null], "Principal": {"AWS": null},
             "Condition": {"StringEquals": {"aws:SourceArn": null}}},
            null
        ]}));
        let s = &doc["Statement"];
        assert_eq!(s[0]["Action"], Json::Null);
        assert_eq!(s[0]["Resource"], json!(["arn:x", null]));
        assert_eq!(s[0]["Principal"], json!({"AWS": null}));
        assert_eq!(s[0]["Condition"], json!({"StringEquals": {"aws:SourceArn": null}}));
        assert_eq!(s[1], Json::Null);
    }

    #[test]
    fn malformed_documents_are_null() {
        for bad in [
            json!("not json"),
            json!("{\"Statement\": "),
            json!("[]"),
            json!(42),
            json!(true),
            json!([{"Effect": "Allow"}]),
            json!({"Version": "2012-10-17"}),
            json!({"Statement": "Allow everything"}),
            json!({"Statement": [42]}),
            json!({"Statement": [{"Effect": "Allow", "Action": 3}]}),
            json!({"Statement": [{"Effect": "Allow", "Action": [{"a": 1}]}]}),
            json!({"Statement": [{"Effect": ["Allow"]}]}),
            json!({"Statement": [{"Effect": "Allow", "Principal": ["*"]}]}),
            json!({"Statement": [{"Effect": "Allow", "Principal": {"AWS": 7}}]}),
            json!({"Statement": [{"Effect": "Allow", "Condition": "none"}]}),
            json!({"Statement": [{"Effect": "Allow", "Condition": {"Bool": true}}]}),
            json!({"Statement": [{"Effect": "Allow", "Condition": {"Bool": {"k": {"x": 1}}}}]}),
            json!({"Version": 2012, "Statement": []}),
        ] {
            assert_eq!(parse(&bad), Json::Null, "{bad}");
        }
    }

    #[test]
    fn unknown_documents_are_null() {
        assert_eq!(parse(&Json::Null), Json::Null);
        assert_eq!(parse(&json!({"Statement": null})), Json::Null);
    }

    #[test]
    fn empty_statement_list_is_a_document() {
        assert_eq!(parse(&json!({"Statement": []})), json!({"Version": null, "Statement": []}));
    }
}
