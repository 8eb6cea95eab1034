//! KMS adapter: customer keys (`aws_kms_key`, `aws_kms_external_key`, `aws_kms_replica_key`,
//! `AWS::KMS::Key`, `AWS::KMS::ReplicaKey`) with their rotation, spec and key policy.
//!
//! It also decides, for every service that encrypts with KMS (RDS, CloudTrail, Logs, Lambda,
//! SQS, SNS, DynamoDB, ECR, …), whether a key argument names a customer managed key, so "is
//! this a CMK" has one answer across services. Values are read through `cloud::read`.

use serde_json::{json, Value as Json};

use super::Adapter;
use crate::cloud::read::{
    attr, boolean, configures, integer, lookup, policy, reference_to, referenced, string, Lookup,
};
use crate::cloud::{CloudModel, Entity};
use crate::iac::{Inventory, Resource};

pub const ADAPTER: Adapter = Adapter { service: "kms", fields: &[], terraform, cloudformation };

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
// Which key a key argument names, for every service that encrypts with KMS.

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

#[cfg(test)]
mod tests {
    use super::super::testing::{build, resource};
    use super::*;
    use crate::iac::Source;

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
