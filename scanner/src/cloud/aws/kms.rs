//! KMS adapter: customer keys (`aws_kms_key`, `aws_kms_external_key`, `aws_kms_replica_key`,
//! `AWS::KMS::Key`, `AWS::KMS::ReplicaKey`) with their rotation, spec and key policy.
//!
//! It also holds what every data and operations adapter (RDS, CloudTrail, Logs, Lambda, SQS,
//! SNS, DynamoDB, ECR) shares: reading a written value as known, unknown or omitted (also below
//! an unknown block), CloudFormation's string booleans and numbers, following references, and
//! deciding whether a KMS key argument names a customer managed key. Keeping that here means
//! "is this a CMK" has one answer across services.

use serde_json::{json, Value as Json};

use super::{policy_document, Adapter};
use crate::cloud::{CloudModel, Entity};
use crate::iac::{Inventory, Resource};

pub const ADAPTER: Adapter = Adapter { terraform, cloudformation };

fn terraform(inv: &Inventory, model: &mut CloudModel) {
    for kind in ["aws_kms_key", "aws_kms_external_key", "aws_kms_replica_key", "aws_kms_replica_external_key"] {
        for res in inv.of_kind(kind).filter(|r| !r.data) {
            let mut e = Entity::new(res);
            let external = kind.contains("external");
            let replica = kind.contains("replica");
            attr(&mut e, "description", res, "/description", Json::Null, string);
            let enabled = if kind == "aws_kms_key" { "/is_enabled" } else { "/enabled" };
            attr(&mut e, "enabled", res, enabled, json!(true), boolean);
            if replica {
                // A replica shares its primary's spec, usage, origin and rotation.
                e.set("key_usage", Json::Null).set("key_spec", Json::Null).set("origin", Json::Null);
            } else if external {
                e.set("key_usage", json!("ENCRYPT_DECRYPT"));
                e.set("key_spec", json!("SYMMETRIC_DEFAULT"));
                e.set("origin", json!("EXTERNAL"));
            } else {
                attr(&mut e, "key_usage", res, "/key_usage", json!("ENCRYPT_DECRYPT"), string);
                attr(&mut e, "key_spec", res, "/customer_master_key_spec", json!("SYMMETRIC_DEFAULT"), string);
                // A key in a custom key store is CloudHSM- or XKS-backed; which one depends on the
                // store, so the origin is only known for the default store.
                match lookup(res, "/custom_key_store_id") {
                    Lookup::Omitted => {
                        e.set("origin", json!("AWS_KMS"));
                    }
                    _ => {
                        e.set("origin", Json::Null).locate("origin", res, "/custom_key_store_id");
                    }
                }
            }
            if kind == "aws_kms_key" {
                attr(&mut e, "rotation_enabled", res, "/enable_key_rotation", json!(false), boolean);
                attr(&mut e, "rotation_period_in_days", res, "/rotation_period_in_days", json!(365), integer);
            } else if replica {
                e.set("rotation_enabled", Json::Null).set("rotation_period_in_days", Json::Null);
            } else {
                // Imported key material is never rotated automatically.
                e.set("rotation_enabled", json!(false)).set("rotation_period_in_days", Json::Null);
            }
            attr(&mut e, "deletion_window_in_days", res, "/deletion_window_in_days", json!(30), integer);
            let multi_region = if kind.contains("replica") { json!(true) } else { json!(false) };
            attr(&mut e, "multi_region", res, "/multi_region", multi_region, boolean);
            policy(&mut e, "policy", inv, res, "/policy", default_key_policy());
            for split in inv.of_kind("aws_kms_key_policy").filter(|p| configures(p, "/key_id", res)) {
                policy(&mut e, "policy", inv, split, "/policy", default_key_policy());
            }
            model.push("kms", "keys", e);
        }
    }
}

fn cloudformation(inv: &Inventory, model: &mut CloudModel) {
    for kind in ["AWS::KMS::Key", "AWS::KMS::ReplicaKey"] {
        for res in inv.of_kind(kind) {
            let mut e = Entity::new(res);
            let replica = kind == "AWS::KMS::ReplicaKey";
            attr(&mut e, "description", res, "/Description", Json::Null, string);
            attr(&mut e, "enabled", res, "/Enabled", json!(true), boolean);
            if replica {
                // A replica shares its primary's spec, usage and origin; only the policy is its own.
                e.set("key_usage", Json::Null).set("key_spec", Json::Null).set("origin", Json::Null);
                e.set("rotation_enabled", Json::Null).set("rotation_period_in_days", Json::Null);
                e.set("multi_region", json!(true));
            } else {
                attr(&mut e, "key_usage", res, "/KeyUsage", json!("ENCRYPT_DECRYPT"), string);
                attr(&mut e, "key_spec", res, "/KeySpec", json!("SYMMETRIC_DEFAULT"), string);
                attr(&mut e, "origin", res, "/Origin", json!("AWS_KMS"), string);
                attr(&mut e, "rotation_enabled", res, "/EnableKeyRotation", json!(false), boolean);
                attr(&mut e, "rotation_period_in_days", res, "/RotationPeriodInDays", json!(365), integer);
                attr(&mut e, "multi_region", res, "/MultiRegion", json!(false), boolean);
            }
            attr(&mut e, "deletion_window_in_days", res, "/PendingWindowInDays", json!(30), integer);
            policy(&mut e, "policy", inv, res, "/KeyPolicy", default_key_policy());
            model.push("kms", "keys", e);
        }
    }
}

/// The key policy KMS gives a key created without one: the account (through IAM) may do
/// everything with the key. The account id is not known from the code.
fn default_key_policy() -> Json {
    json!({
        "Version": "2012-10-17",
        "Statement": [{
            "Sid": "Enable IAM User Permissions",
            "Effect": "Allow",
            "Action": ["kms:*"],
            "NotAction": [],
            "Resource": ["*"],
            "NotResource": [],
            "Principal": {"AWS": ["arn:aws:iam::ACCOUNT_ID:root"]},
            "NotPrincipal": null,
            "Condition": {}
        }]
    })
}

// ---------------------------------------------------------------------------------------------
// Shared by the data and operations adapters.

/// What is written at a pointer of a resource's attributes.
#[derive(Debug, Clone, Copy, PartialEq)]
pub(super) enum Lookup<'a> {
    /// Not written (nor any block on the way to it).
    Omitted,
    /// Written, but its value (or the value of a block on the way to it) is unknown.
    Unknown,
    Known(&'a Json),
}

/// The value at `pointer`, telling an omitted value from one inside an unknown block
/// (`/server_side_encryption/0/enabled` when `server_side_encryption` is a dynamic block).
pub(super) fn lookup<'a>(res: &'a Resource, pointer: &str) -> Lookup<'a> {
    let mut at = &res.attrs;
    for segment in pointer.split('/').skip(1) {
        let segment = segment.replace("~1", "/").replace("~0", "~");
        let next = match at {
            Json::Object(map) => map.get(&segment),
            Json::Array(items) => segment.parse::<usize>().ok().and_then(|i| items.get(i)),
            Json::Null => return Lookup::Unknown,
            _ => None,
        };
        match next {
            Some(v) => at = v,
            None => return Lookup::Omitted,
        }
    }
    if at.is_null() {
        Lookup::Unknown
    } else {
        Lookup::Known(at)
    }
}

/// Model path `path` takes the attribute at `pointer`: converted when known, `null` when
/// unknown (also inside an unknown block), `default` when omitted; located when written.
pub(super) fn attr(
    e: &mut Entity,
    path: &str,
    res: &Resource,
    pointer: &str,
    default: Json,
    convert: impl Fn(&Json) -> Json,
) -> Json {
    let value = match lookup(res, pointer) {
        Lookup::Omitted => {
            e.set(path, default.clone());
            return default;
        }
        Lookup::Unknown => Json::Null,
        Lookup::Known(v) => convert(v),
    };
    e.set(path, value.clone()).locate(path, res, pointer);
    value
}

/// A boolean: JSON booleans, and the `"true"`/`"false"` strings CloudFormation accepts.
pub(super) fn boolean(v: &Json) -> Json {
    match v {
        Json::Bool(b) => Json::Bool(*b),
        Json::String(s) if s.eq_ignore_ascii_case("true") => Json::Bool(true),
        Json::String(s) if s.eq_ignore_ascii_case("false") => Json::Bool(false),
        _ => Json::Null,
    }
}

/// An integer: JSON numbers and numeric strings (`"7"`).
pub(super) fn integer(v: &Json) -> Json {
    match v {
        Json::Number(n) => n.as_i64().or_else(|| n.as_f64().filter(|f| f.fract() == 0.0).map(|f| f as i64)).into(),
        Json::String(s) => s.trim().parse::<i64>().map(Json::from).unwrap_or(Json::Null),
        _ => Json::Null,
    }
}

/// A string: strings as written, numbers and booleans in their text form.
pub(super) fn string(v: &Json) -> Json {
    match v {
        Json::String(_) => v.clone(),
        Json::Number(n) => Json::String(n.to_string()),
        Json::Bool(b) => Json::String(b.to_string()),
        _ => Json::Null,
    }
}

/// A list of strings (a single string is a list of one); items that are not strings are `null`.
pub(super) fn string_list(v: &Json) -> Json {
    match v {
        Json::Array(items) => Json::Array(items.iter().map(string).collect()),
        Json::String(_) => Json::Array(vec![v.clone()]),
        _ => Json::Null,
    }
}

/// Model path `path` takes the IAM policy document at `pointer`, normalised (`null` when unknown
/// or malformed) and located statement by statement where the source allows; `default` when
/// omitted.
pub(super) fn policy(e: &mut Entity, path: &str, inv: &Inventory, res: &Resource, pointer: &str, default: Json) {
    match policy_document::resolve(inv, res, pointer) {
        None => {
            e.set(path, default);
        }
        Some(doc) => {
            e.set(path, doc);
            policy_document::locate(e, path, inv, res, pointer);
        }
    }
}

/// The addresses the expression at `pointer` (or anything below it) refers to.
pub(super) fn refs_under<'a>(res: &'a Resource, pointer: &'a str) -> impl Iterator<Item = &'a str> + 'a {
    res.refs
        .iter()
        .filter(move |(p, _)| p.as_str() == pointer || (p.starts_with(pointer) && p[pointer.len()..].starts_with('/')))
        .flat_map(|(_, refs)| refs.iter().map(String::as_str))
}

/// Whether an address refers to `target` or one of its instances (`aws_kms_key.k` and
/// `aws_kms_key.k[0]` match either way).
pub(super) fn same_resource(reference: &str, target: &str) -> bool {
    let instance_of = |a: &str, b: &str| a.len() > b.len() && a.starts_with(b) && a[b.len()..].starts_with('[');
    reference == target || instance_of(reference, target) || instance_of(target, reference)
}

/// The instance key of a resource address (`["a"]` of `aws_sqs_queue.q["a"]`, `[0]`), if any.
fn instance_key<'a>(address: &'a str, kind: &str) -> Option<&'a str> {
    let at = address.rfind(&format!("{kind}."))? + kind.len() + 1;
    let key = address[at..].find('[')? + at;
    Some(&address[key..])
}

/// Whether `res` (a resource that configures another, like a queue policy) refers to
/// `target` through the attribute at `pointer`. When both are instances of a `count` or
/// `for_each` and the reference names the whole resource (`for_each = aws_sqs_queue.q` with
/// `queue_url = each.value.id`), the instance with the same key is the one meant.
pub(super) fn configures(res: &Resource, pointer: &str, target: &Resource) -> bool {
    let own_key = instance_key(&res.address, &res.kind);
    refs_under(res, pointer).any(|r| {
        if !same_resource(r, &target.address) {
            return false;
        }
        let whole = target.address.len() > r.len() && target.address.starts_with(r);
        match (whole, own_key) {
            (true, Some(key)) => &target.address[r.len()..] == key,
            _ => true,
        }
    })
}

/// The resources the expression at `pointer` (or below it) refers to, in reference order.
pub(super) fn referenced<'a>(inv: &'a Inventory, res: &'a Resource, pointer: &'a str) -> Vec<&'a Resource> {
    let mut found: Vec<&Resource> = Vec::new();
    let mut pointers: Vec<&String> = res
        .refs
        .keys()
        .filter(|p| p.as_str() == pointer || (p.starts_with(pointer) && p[pointer.len()..].starts_with('/')))
        .collect();
    pointers.sort();
    for p in pointers {
        for r in res.refs.get(p).into_iter().flatten() {
            // A reference to a whole `count`/`for_each` resource means, from an instance, the
            // instance with the same key when there is one.
            let own_key = instance_key(&res.address, &res.kind);
            let hit = inv.get(r).or_else(|| {
                let mut instances = inv.resources.iter().filter(|c| same_resource(&c.address, r));
                let keyed = own_key.and_then(|key| {
                    inv.resources
                        .iter()
                        .find(|c| same_resource(&c.address, r) && c.address[r.len().min(c.address.len())..] == *key)
                });
                keyed.or_else(|| instances.next())
            });
            if let Some(hit) = hit {
                if !found.iter().any(|f| f.address == hit.address) {
                    found.push(hit);
                }
            }
        }
    }
    found
}

/// The first resource of one of `kinds` (managed, not data) the expression at `pointer`
/// refers to: the target of a `<name>_ref`.
pub(super) fn reference_to<'a>(
    inv: &'a Inventory,
    res: &'a Resource,
    pointer: &'a str,
    kinds: &[&str],
) -> Option<&'a Resource> {
    referenced(inv, res, pointer).into_iter().find(|r| !r.data && kinds.contains(&r.kind.as_str()))
}

/// Model path `path` takes the address of the resource of `kinds` the attribute refers to, or
/// `null`; located at the attribute when written.
pub(super) fn reference(e: &mut Entity, path: &str, inv: &Inventory, res: &Resource, pointer: &str, kinds: &[&str]) {
    let target = reference_to(inv, res, pointer, kinds).map(|r| Json::String(r.address.clone()));
    e.set(path, target.unwrap_or(Json::Null));
    if lookup(res, pointer) != Lookup::Omitted {
        e.locate(path, res, pointer);
    }
}

/// Which KMS key a key argument names.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum KeyChoice {
    /// Not written, or written empty: the service's default encryption applies.
    Omitted,
    /// The service's AWS managed key (`alias/aws/sqs`).
    AwsManaged,
    /// A customer managed key (a key resource, a customer alias, a key ARN).
    Customer,
    /// Written, but which key cannot be known.
    Unknown,
}

impl KeyChoice {
    /// `customer_managed_key` of an `encryption` object: `null` when unknown.
    pub(super) fn customer_managed(self) -> Json {
        match self {
            KeyChoice::Customer => json!(true),
            KeyChoice::Omitted | KeyChoice::AwsManaged => json!(false),
            KeyChoice::Unknown => Json::Null,
        }
    }
}

const KEY_KINDS: &[&str] = &[
    "aws_kms_key",
    "aws_kms_external_key",
    "aws_kms_replica_key",
    "aws_kms_replica_external_key",
    "AWS::KMS::Key",
    "AWS::KMS::ReplicaKey",
];

/// Whether a literal key id, ARN or alias names an AWS managed key (`alias/aws/<service>`).
fn aws_managed_alias(key: &str) -> bool {
    key.starts_with("alias/aws/") || key.contains(":alias/aws/")
}

/// Read the key argument at `pointer` into `<path>/kms_key_id` (the literal written, or
/// `null`) and `<path>/kms_key_ref` (the key entity it refers to, or `null`), and say which kind
/// of key it names.
pub(super) fn kms_key(e: &mut Entity, path: &str, inv: &Inventory, res: &Resource, pointer: &str) -> KeyChoice {
    let id_path = format!("{path}/kms_key_id");
    let ref_path = format!("{path}/kms_key_ref");
    let written = lookup(res, pointer);
    attr(e, &id_path, res, pointer, Json::Null, string);
    let mut key_ref = Json::Null;
    let mut choice = match written {
        Lookup::Omitted => KeyChoice::Omitted,
        Lookup::Known(Json::String(s)) if s.trim().is_empty() => KeyChoice::Omitted,
        Lookup::Known(Json::String(s)) if aws_managed_alias(s) => KeyChoice::AwsManaged,
        Lookup::Known(Json::String(_)) => KeyChoice::Customer,
        _ => KeyChoice::Unknown,
    };
    for target in referenced(inv, res, pointer) {
        let kind = target.kind.as_str();
        if !target.data && KEY_KINDS.contains(&kind) {
            key_ref = Json::String(target.address.clone());
            choice = KeyChoice::Customer;
            break;
        }
        if !target.data && (kind == "aws_kms_alias" || kind == "AWS::KMS::Alias") {
            // Customer aliases cannot start with `alias/aws/`: the key behind one is a CMK.
            let key_pointer = if kind == "aws_kms_alias" { "/target_key_id" } else { "/TargetKeyId" };
            key_ref = reference_to(inv, target, key_pointer, KEY_KINDS)
                .map(|k| Json::String(k.address.clone()))
                .unwrap_or(Json::Null);
            choice = KeyChoice::Customer;
            break;
        }
        if target.data && (kind == "aws_kms_alias" || kind == "aws_kms_key") {
            let name_pointer = if kind == "aws_kms_alias" { "/name" } else { "/key_id" };
            if let Lookup::Known(Json::String(name)) = lookup(target, name_pointer) {
                choice = if aws_managed_alias(name) { KeyChoice::AwsManaged } else { KeyChoice::Customer };
                break;
            }
        }
    }
    e.set(&ref_path, key_ref);
    if written != Lookup::Omitted {
        e.locate(&ref_path, res, pointer);
    }
    choice
}

/// Set `<path>/customer_managed_key` from a key choice, located like the key argument.
pub(super) fn customer_managed(e: &mut Entity, path: &str, res: &Resource, pointer: &str, choice: KeyChoice) {
    let p = format!("{path}/customer_managed_key");
    e.set(&p, choice.customer_managed());
    if lookup(res, pointer) != Lookup::Omitted {
        e.locate(&p, res, pointer);
    }
}

/// Whether a resource of `kind` is attached to `target` through the attribute at `pointer`:
/// by reference, or by a literal equal to the target's name (or ending in `/<name>` or
/// `:<name>`, as URLs and ARNs do).
pub(super) fn attached_to<'a>(
    inv: &'a Inventory,
    kind: &'a str,
    pointer: &'a str,
    target: &'a Resource,
    name: Option<&'a str>,
) -> impl Iterator<Item = &'a Resource> + 'a {
    inv.of_kind(kind).filter(move |r| {
        if r.data {
            return false;
        }
        if configures(r, pointer, target) {
            return true;
        }
        let (Some(name), false) = (name, refs_under(r, pointer).next().is_some()) else {
            return false;
        };
        let matches = |v: &Json| {
            v.as_str().is_some_and(|s| {
                s == name
                    || (s.len() > name.len()
                        && s.ends_with(name)
                        && matches!(s.as_bytes()[s.len() - name.len() - 1], b'/' | b':'))
            })
        };
        match lookup(r, pointer) {
            Lookup::Known(Json::Array(items)) => items.iter().any(matches),
            Lookup::Known(v) => matches(v),
            _ => false,
        }
    })
}

/// The literal name of a resource at `pointer`, when known.
pub(super) fn literal<'a>(res: &'a Resource, pointer: &str) -> Option<&'a str> {
    match lookup(res, pointer) {
        Lookup::Known(Json::String(s)) if !s.is_empty() => Some(s),
        _ => None,
    }
}

#[cfg(test)]
pub(super) mod tests {
    use super::*;
    use crate::document::{Span, SpanMap};
    use crate::iac::Source;
    use std::collections::HashMap;

    /// A resource for adapter tests: every top-level attribute and every nested value is
    /// located on its own line, in order, starting at line 2.
    pub(crate) fn resource(kind: &str, address: &str, attrs: Json, refs: &[(&str, &str)]) -> Resource {
        let mut spans = SpanMap::new();
        let mut line = 2;
        fn walk(v: &Json, pointer: String, spans: &mut SpanMap, line: &mut u32) {
            if !pointer.is_empty() {
                spans.insert(pointer.clone(), Span::new(*line, *line));
                *line += 1;
            }
            match v {
                Json::Object(map) => {
                    for (k, v) in map {
                        walk(v, format!("{pointer}/{k}"), spans, line);
                    }
                }
                Json::Array(items) => {
                    for (i, v) in items.iter().enumerate() {
                        walk(v, format!("{pointer}/{i}"), spans, line);
                    }
                }
                _ => {}
            }
        }
        walk(&attrs, String::new(), &mut spans, &mut line);
        let mut map: HashMap<String, Vec<String>> = HashMap::new();
        for (p, r) in refs {
            map.entry(p.to_string()).or_default().push(r.to_string());
        }
        Resource {
            kind: kind.into(),
            data: address.starts_with("data."),
            address: address.into(),
            file: "main.tf".into(),
            span: Span::new(1, line),
            attrs,
            spans,
            refs: map,
        }
    }

    pub(crate) fn build(source: Source, resources: Vec<Resource>, adapter: &Adapter) -> Json {
        let inv = Inventory::new(source, resources);
        let mut model = CloudModel::default();
        match source {
            Source::Terraform => (adapter.terraform)(&inv, &mut model),
            Source::CloudFormation => (adapter.cloudformation)(&inv, &mut model),
        }
        model.finish().0
    }

    #[test]
    fn lookup_tells_omitted_from_unknown_blocks() {
        let res = resource("t", "t.x", json!({"a": [{"b": 1}], "c": null, "d": {"e": false}}), &[]);
        assert_eq!(lookup(&res, "/a/0/b"), Lookup::Known(&json!(1)));
        assert_eq!(lookup(&res, "/a/1/b"), Lookup::Omitted);
        assert_eq!(lookup(&res, "/c/0/b"), Lookup::Unknown);
        assert_eq!(lookup(&res, "/d/e"), Lookup::Known(&json!(false)));
        assert_eq!(lookup(&res, "/zz"), Lookup::Omitted);
    }

    #[test]
    fn conversions_accept_cloudformation_strings() {
        assert_eq!(boolean(&json!("True")), json!(true));
        assert_eq!(boolean(&json!("no")), Json::Null);
        assert_eq!(integer(&json!("7")), json!(7));
        assert_eq!(integer(&json!(7.0)), json!(7));
        assert_eq!(integer(&json!("x")), Json::Null);
        assert_eq!(string(&json!(30)), json!("30"));
        assert_eq!(string_list(&json!("a")), json!(["a"]));
    }

    #[test]
    fn key_choice_follows_references_and_aliases() {
        let key = resource("aws_kms_key", "aws_kms_key.k", json!({}), &[]);
        let alias = resource(
            "aws_kms_alias",
            "aws_kms_alias.a",
            json!({"target_key_id": null}),
            &[("/target_key_id", "aws_kms_key.k")],
        );
        let managed = resource("aws_kms_alias", "data.aws_kms_alias.m", json!({"name": "alias/aws/sns"}), &[]);
        let users = [
            (json!({"k": null}), vec![("/k", "aws_kms_key.k")], KeyChoice::Customer, json!("aws_kms_key.k")),
            (json!({"k": null}), vec![("/k", "aws_kms_alias.a")], KeyChoice::Customer, json!("aws_kms_key.k")),
            (json!({"k": null}), vec![("/k", "data.aws_kms_alias.m")], KeyChoice::AwsManaged, Json::Null),
            (json!({"k": null}), vec![], KeyChoice::Unknown, Json::Null),
            (json!({"k": "alias/aws/sqs"}), vec![], KeyChoice::AwsManaged, Json::Null),
            (json!({"k": "arn:aws:kms:eu-west-1:111122223333:key/abcd"}), vec![], KeyChoice::Customer, Json::Null),
            (json!({"k": ""}), vec![], KeyChoice::Omitted, Json::Null),
            (json!({}), vec![], KeyChoice::Omitted, Json::Null),
        ];
        for (attrs, refs, want, want_ref) in users {
            let user = resource("aws_sns_topic", "aws_sns_topic.t", attrs.clone(), &refs);
            let inv =
                Inventory::new(Source::Terraform, vec![key.clone(), alias.clone(), managed.clone(), user.clone()]);
            let mut e = Entity::new(&user);
            assert_eq!(kms_key(&mut e, "encryption", &inv, &user, "/k"), want, "{attrs} {refs:?}");
            assert_eq!(e.get("encryption/kms_key_ref"), Some(&want_ref), "{attrs} {refs:?}");
        }
    }

    #[test]
    fn attached_by_reference_or_literal_name() {
        let queue = resource("aws_sqs_queue", "aws_sqs_queue.q", json!({"name": "jobs"}), &[]);
        let by_ref = resource(
            "aws_sqs_queue_policy",
            "aws_sqs_queue_policy.a",
            json!({"queue_url": null}),
            &[("/queue_url", "aws_sqs_queue.q")],
        );
        let by_url = resource(
            "aws_sqs_queue_policy",
            "aws_sqs_queue_policy.b",
            json!({"queue_url": "https://sqs.eu-west-1.amazonaws.com/111122223333/jobs"}),
            &[],
        );
        let other = resource(
            "aws_sqs_queue_policy",
            "aws_sqs_queue_policy.c",
            json!({"queue_url": "https://sqs.eu-west-1.amazonaws.com/111122223333/myjobs"}),
            &[],
        );
        let inv = Inventory::new(Source::Terraform, vec![queue.clone(), by_ref, by_url, other]);
        let found: Vec<_> =
            attached_to(&inv, "aws_sqs_queue_policy", "/queue_url", &queue, Some("jobs")).map(|r| &r.address).collect();
        assert_eq!(found, ["aws_sqs_queue_policy.a", "aws_sqs_queue_policy.b"]);
    }

    #[test]
    fn instances_attach_to_the_instance_with_their_key() {
        let queue = |key: &str| resource("aws_sqs_queue", &format!("aws_sqs_queue.q[\"{key}\"]"), json!({}), &[]);
        let policy = |key: &str| {
            resource(
                "aws_sqs_queue_policy",
                &format!("aws_sqs_queue_policy.p[\"{key}\"]"),
                json!({"queue_url": null}),
                &[("/queue_url", "aws_sqs_queue.q")],
            )
        };
        let single = resource(
            "aws_sqs_queue_policy",
            "aws_sqs_queue_policy.all",
            json!({"queue_url": null}),
            &[("/queue_url", "aws_sqs_queue.q")],
        );
        let (a, b) = (queue("a"), queue("b"));
        let inv = Inventory::new(Source::Terraform, vec![a.clone(), b.clone(), policy("a"), policy("b"), single]);
        let found: Vec<_> =
            attached_to(&inv, "aws_sqs_queue_policy", "/queue_url", &b, None).map(|r| &r.address).collect();
        assert_eq!(found, ["aws_sqs_queue_policy.p[\"b\"]", "aws_sqs_queue_policy.all"]);
        assert_eq!(instance_key("module.m[0].aws_sqs_queue.q[\"a.b\"]", "aws_sqs_queue"), Some("[\"a.b\"]"));
        assert_eq!(instance_key("aws_sqs_queue.q", "aws_sqs_queue"), None);
    }

    #[test]
    fn keys_model_rotation_spec_and_default_policy() {
        let sym = resource("aws_kms_key", "aws_kms_key.a", json!({"enable_key_rotation": true}), &[]);
        let asym = resource(
            "aws_kms_key",
            "aws_kms_key.b",
            json!({"customer_master_key_spec": "RSA_2048", "key_usage": "SIGN_VERIFY"}),
            &[],
        );
        let input = build(Source::Terraform, vec![sym, asym], &ADAPTER);
        let keys = &input["aws"]["kms"]["keys"];
        assert_eq!(keys[0]["rotation_enabled"], json!(true));
        assert_eq!(keys[0]["key_spec"], json!("SYMMETRIC_DEFAULT"));
        assert_eq!(keys[0]["origin"], json!("AWS_KMS"));
        assert_eq!(keys[0]["policy"]["Statement"][0]["Action"], json!(["kms:*"]));
        assert_eq!(keys[1]["rotation_enabled"], json!(false));
        assert_eq!(keys[1]["key_spec"], json!("RSA_2048"));
        assert_eq!(keys[1]["deletion_window_in_days"], json!(30));
    }

    #[test]
    fn cloudformation_keys_read_string_booleans() {
        let key =
            resource("AWS::KMS::Key", "Resources.Key", json!({"EnableKeyRotation": "false", "Enabled": "true"}), &[]);
        let input = build(Source::CloudFormation, vec![key], &ADAPTER);
        let k = &input["aws"]["kms"]["keys"][0];
        assert_eq!(k["rotation_enabled"], json!(false));
        assert_eq!(k["enabled"], json!(true));
        assert_eq!(k["origin"], json!("AWS_KMS"));
    }
}
