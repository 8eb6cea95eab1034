//! S3 in the cloud model: buckets, with every configuration that Terraform splits into its own
//! resource (ACL, policy, public access block, encryption, versioning, logging, object lock,
//! website) folded back into the bucket it configures, and the account-level public access
//! block.
//!
//! Defaults are what a bucket gets when the code does not say. Encryption: S3 has applied
//! SSE-S3 (AES256) to every bucket, old and new, since January 2023. Public access block: S3
//! turns it on for buckets created since April 2023, but not for older buckets the same code
//! may manage, so a bucket whose code does not configure it is modelled with all four settings
//! off — the code does not guarantee them.

use std::collections::HashSet;

use serde_json::{json, Value as Json};

use super::policy_document::denies_insecure_transport;
use super::{policy_document, Adapter};
use crate::cloud::read::{attached_to, attr, boolean, by_external_target, integer, ref_address, string};
use crate::cloud::{CloudModel, Entity};
use crate::iac::{Inventory, Resource};

pub const ADAPTER: Adapter = Adapter { service: "s3", fields: &[], terraform, cloudformation };

/// Model name, Terraform attribute, CloudFormation property of the public access block.
const PUBLIC_ACCESS_BLOCK: [(&str, &str, &str); 4] = [
    ("block_public_acls", "block_public_acls", "BlockPublicAcls"),
    ("block_public_policy", "block_public_policy", "BlockPublicPolicy"),
    ("ignore_public_acls", "ignore_public_acls", "IgnorePublicAcls"),
    ("restrict_public_buckets", "restrict_public_buckets", "RestrictPublicBuckets"),
];

/// The Terraform resources that configure one bucket each, through their `bucket` argument.
const TF_SPLITS: [&str; 8] = [
    "aws_s3_bucket_acl",
    "aws_s3_bucket_policy",
    "aws_s3_bucket_public_access_block",
    "aws_s3_bucket_server_side_encryption_configuration",
    "aws_s3_bucket_versioning",
    "aws_s3_bucket_logging",
    "aws_s3_bucket_object_lock_configuration",
    "aws_s3_bucket_website_configuration",
];

fn terraform(inv: &Inventory, model: &mut CloudModel) {
    let mut used = HashSet::new();
    for res in inv.of_kind("aws_s3_bucket").filter(|r| !r.data) {
        // The first split resource of a kind configures the bucket; the others are the
        // bucket's too (Terraform lets them fight), not another bucket's.
        let mut split = |kind: &str| {
            let found: Vec<&Resource> = attached_to(inv, kind, "/bucket", res, Some("/bucket")).collect();
            used.extend(found.iter().map(|r| r.address.clone()));
            found.first().copied()
        };
        let mut e = Entity::new(res);
        attr(&mut e, "name", res, "/bucket", Json::Null, string);

        // ACL: the split resource replaces the legacy argument.
        match split("aws_s3_bucket_acl") {
            Some(acl) => tf_acl(&mut e, acl),
            None => {
                attr(&mut e, "acl", res, "/acl", json!("private"), string);
                tf_legacy_grants(&mut e, res);
            }
        }

        let policy = split("aws_s3_bucket_policy").map(|p| (p, "/policy")).or(Some((res, "/policy")));
        set_policy(&mut e, inv, policy.filter(|(r, p)| r.get(p).is_some()));

        match split("aws_s3_bucket_public_access_block") {
            Some(pab) => tf_public_access_block(&mut e, pab),
            None => unconfigured_public_access_block(&mut e),
        }

        match split("aws_s3_bucket_server_side_encryption_configuration") {
            Some(sse) => tf_encryption(&mut e, inv, sse, "/rule/0"),
            None => tf_encryption(&mut e, inv, res, "/server_side_encryption_configuration/0/rule/0"),
        }

        match split("aws_s3_bucket_versioning") {
            Some(v) => tf_versioning(&mut e, v),
            None => {
                attr(&mut e, "versioning/enabled", res, "/versioning/0/enabled", json!(false), boolean);
                attr(&mut e, "versioning/mfa_delete", res, "/versioning/0/mfa_delete", json!(false), boolean);
            }
        }

        match split("aws_s3_bucket_logging") {
            Some(log) => tf_logging(&mut e, inv, log),
            None => {
                block_flag(&mut e, "logging/enabled", res, "/logging");
                attr(&mut e, "logging/target_bucket", res, "/logging/0/target_bucket", Json::Null, string);
                e.set(
                    "logging/target_bucket_ref",
                    ref_address(inv, res, "/logging/0/target_bucket", &["aws_s3_bucket"]),
                );
            }
        }

        tf_object_lock(&mut e, res, split("aws_s3_bucket_object_lock_configuration"));

        match split("aws_s3_bucket_website_configuration") {
            Some(site) => {
                e.set("website_enabled", json!(true)).locate_block("website_enabled", site);
            }
            None => block_flag(&mut e, "website_enabled", res, "/website"),
        }
        model.push("s3", "buckets", e);
    }
    tf_external_buckets(inv, &used, model);

    for res in inv.of_kind("aws_s3_account_public_access_block").filter(|r| !r.data) {
        let mut e = Entity::new(res);
        attr(&mut e, "account_id", res, "/account_id", Json::Null, string);
        e.locate_block("public_access_block", res);
        for (name, tf_name, _) in PUBLIC_ACCESS_BLOCK {
            attr(&mut e, &format!("public_access_block/{name}"), res, &format!("/{tf_name}"), json!(false), boolean);
        }
        model.push("s3", "account", e);
    }
}

fn cloudformation(inv: &Inventory, model: &mut CloudModel) {
    for res in inv.of_kind("AWS::S3::Bucket") {
        let mut e = Entity::new(res);
        attr(&mut e, "name", res, "/BucketName", Json::Null, string);
        attr(&mut e, "acl", res, "/AccessControl", json!("private"), |v| {
            v.as_str().map_or(Json::Null, |s| canned_acl(s).map_or(Json::Null, Json::from))
        });
        e.set("grants", json!([]));

        let policy = attached_to(inv, "AWS::S3::BucketPolicy", "/Bucket", res, Some("/BucketName")).next();
        set_policy(&mut e, inv, policy.map(|p| (p, "/PolicyDocument")).filter(|(r, p)| r.get(p).is_some()));

        match res.get("/PublicAccessBlockConfiguration") {
            None => unconfigured_public_access_block(&mut e),
            Some(Json::Null) => {
                for (name, _, _) in PUBLIC_ACCESS_BLOCK {
                    e.set(&format!("public_access_block/{name}"), Json::Null);
                }
                e.locate("public_access_block", res, "/PublicAccessBlockConfiguration");
            }
            Some(_) => {
                e.locate("public_access_block", res, "/PublicAccessBlockConfiguration");
                for (name, _, prop) in PUBLIC_ACCESS_BLOCK {
                    let pointer = format!("/PublicAccessBlockConfiguration/{prop}");
                    attr(&mut e, &format!("public_access_block/{name}"), res, &pointer, json!(false), boolean);
                }
            }
        }

        let rule = "/BucketEncryption/ServerSideEncryptionConfiguration/0";
        e.set("encryption/enabled", json!(true));
        attr(
            &mut e,
            "encryption/algorithm",
            res,
            &format!("{rule}/ServerSideEncryptionByDefault/SSEAlgorithm"),
            json!("AES256"),
            string,
        );
        let key = format!("{rule}/ServerSideEncryptionByDefault/KMSMasterKeyID");
        attr(&mut e, "encryption/kms_key_id", res, &key, Json::Null, string);
        e.set("encryption/kms_key_ref", ref_address(inv, res, &key, &["AWS::KMS::Key"]));
        attr(&mut e, "encryption/bucket_key_enabled", res, &format!("{rule}/BucketKeyEnabled"), json!(false), boolean);

        attr(&mut e, "versioning/enabled", res, "/VersioningConfiguration/Status", json!(false), |s| {
            status(s, "Enabled")
        });
        // CloudFormation cannot express MFA delete: only the root user sets it, through the API,
        // so the template says nothing about it.
        e.set("versioning/mfa_delete", Json::Null);

        block_flag(&mut e, "logging/enabled", res, "/LoggingConfiguration");
        match res.get("/LoggingConfiguration") {
            // Without a destination, S3 writes the logs to the bucket itself.
            Some(Json::Object(log)) if !log.contains_key("DestinationBucketName") => {
                let own = e.get("name").cloned().unwrap_or(Json::Null);
                e.set("logging/target_bucket", own).set("logging/target_bucket_ref", json!(res.address));
            }
            _ => {
                let pointer = "/LoggingConfiguration/DestinationBucketName";
                attr(&mut e, "logging/target_bucket", res, pointer, Json::Null, string);
                e.set("logging/target_bucket_ref", ref_address(inv, res, pointer, &["AWS::S3::Bucket"]));
            }
        }

        attr(&mut e, "object_lock/enabled", res, "/ObjectLockEnabled", json!(false), boolean);
        let retention = "/ObjectLockConfiguration/Rule/DefaultRetention";
        attr(&mut e, "object_lock/mode", res, &format!("{retention}/Mode"), Json::Null, string);
        attr(&mut e, "object_lock/days", res, &format!("{retention}/Days"), Json::Null, integer);
        attr(&mut e, "object_lock/years", res, &format!("{retention}/Years"), Json::Null, integer);

        block_flag(&mut e, "website_enabled", res, "/WebsiteConfiguration");
        model.push("s3", "buckets", e);
    }
}

/// The bucket policy (`None`: the bucket has none) and whether it refuses plain HTTP.
fn set_policy(e: &mut Entity, inv: &Inventory, source: Option<(&Resource, &str)>) {
    let Some((res, pointer)) = source else {
        e.set("policy", Json::Null).set("secure_transport_required", json!(false));
        return;
    };
    let doc = policy_document::resolve(inv, res, pointer).unwrap_or(Json::Null);
    let secure = if doc.is_null() { Json::Null } else { Json::Bool(denies_insecure_transport(&doc)) };
    e.set("policy", doc).set("secure_transport_required", secure);
    policy_document::locate(e, "policy", inv, res, pointer);
    e.locate("secure_transport_required", res, pointer);
}

/// No public access block in the code: every setting off (see the module note).
fn unconfigured_public_access_block(e: &mut Entity) {
    for (name, _, _) in PUBLIC_ACCESS_BLOCK {
        e.set(&format!("public_access_block/{name}"), json!(false));
    }
}

/// Encryption from a Terraform `rule` block (split resource or legacy inline form).
fn tf_encryption(e: &mut Entity, inv: &Inventory, res: &Resource, rule: &str) {
    let by_default = format!("{rule}/apply_server_side_encryption_by_default/0");
    e.set("encryption/enabled", json!(true));
    attr(e, "encryption/algorithm", res, &format!("{by_default}/sse_algorithm"), json!("AES256"), string);
    let key = format!("{by_default}/kms_master_key_id");
    attr(e, "encryption/kms_key_id", res, &key, Json::Null, string);
    e.set("encryption/kms_key_ref", ref_address(inv, res, &key, &["aws_kms_key"]));
    attr(e, "encryption/bucket_key_enabled", res, &format!("{rule}/bucket_key_enabled"), json!(false), boolean);
}

/// Buckets the scan configures but does not declare: a split resource whose `bucket` is a
/// literal, a variable or a data source that no bucket of the scan answers to. Each target is
/// judged on what the scan sets for it, one entity per target (by name, else by expression,
/// else by the data source it reads), named and located after its first split resource.
fn tf_external_buckets(inv: &Inventory, used: &HashSet<String>, model: &mut CloudModel) {
    let splits = TF_SPLITS.iter().flat_map(|kind| inv.of_kind(kind)).filter(|r| !r.data && !used.contains(&r.address));
    for splits in by_external_target(splits, "/bucket").into_values() {
        let first = splits.iter().min_by_key(|r| (&r.file, r.span.start)).expect("a target has a split");
        let mut e = Entity::external(first, "s3", "buckets");
        attr(&mut e, "name", first, "/bucket", Json::Null, string);
        for split in splits {
            match split.kind.as_str() {
                "aws_s3_bucket_acl" => tf_acl(&mut e, split),
                "aws_s3_bucket_policy" if split.get("/policy").is_some() => {
                    set_policy(&mut e, inv, Some((split, "/policy")))
                }
                "aws_s3_bucket_public_access_block" => tf_public_access_block(&mut e, split),
                "aws_s3_bucket_server_side_encryption_configuration" => tf_encryption(&mut e, inv, split, "/rule/0"),
                "aws_s3_bucket_versioning" => tf_versioning(&mut e, split),
                "aws_s3_bucket_logging" => tf_logging(&mut e, inv, split),
                "aws_s3_bucket_website_configuration" => {
                    e.set("website_enabled", json!(true)).locate_block("website_enabled", split);
                }
                // A lock configuration can only be applied to a bucket created with object lock.
                "aws_s3_bucket_object_lock_configuration" => {
                    e.set("object_lock/enabled", json!(true)).locate_block("object_lock/enabled", split);
                    tf_lock_retention(&mut e, split, "/rule/0/default_retention/0");
                }
                _ => {}
            }
        }
        model.push("s3", "buckets", e);
    }
}

fn tf_acl(e: &mut Entity, acl: &Resource) {
    attr(e, "acl", acl, "/acl", json!("private"), string);
    tf_split_grants(e, acl);
}

fn tf_public_access_block(e: &mut Entity, pab: &Resource) {
    e.locate_block("public_access_block", pab);
    for (name, tf_name, _) in PUBLIC_ACCESS_BLOCK {
        attr(e, &format!("public_access_block/{name}"), pab, &format!("/{tf_name}"), json!(false), boolean);
    }
}

fn tf_versioning(e: &mut Entity, v: &Resource) {
    attr(e, "versioning/enabled", v, "/versioning_configuration/0/status", json!(false), |s| status(s, "Enabled"));
    attr(e, "versioning/mfa_delete", v, "/versioning_configuration/0/mfa_delete", json!(false), |s| {
        status(s, "Enabled")
    });
}

fn tf_logging(e: &mut Entity, inv: &Inventory, log: &Resource) {
    e.set("logging/enabled", json!(true)).locate_block("logging/enabled", log);
    attr(e, "logging/target_bucket", log, "/target_bucket", Json::Null, string);
    e.set("logging/target_bucket_ref", ref_address(inv, log, "/target_bucket", &["aws_s3_bucket"]));
}

fn tf_object_lock(e: &mut Entity, bucket: &Resource, split: Option<&Resource>) {
    // `object_lock_enabled` (provider v4+) or the legacy block's `object_lock_enabled = "Enabled"`.
    let legacy = "/object_lock_configuration/0";
    if bucket.get("/object_lock_enabled").is_some() {
        attr(e, "object_lock/enabled", bucket, "/object_lock_enabled", json!(false), boolean);
    } else {
        attr(e, "object_lock/enabled", bucket, &format!("{legacy}/object_lock_enabled"), json!(false), |s| {
            status(s, "Enabled")
        });
    }
    match split {
        Some(lock) => tf_lock_retention(e, lock, "/rule/0/default_retention/0"),
        None => tf_lock_retention(e, bucket, &format!("{legacy}/rule/0/default_retention/0")),
    }
}

fn tf_lock_retention(e: &mut Entity, res: &Resource, retention: &str) {
    attr(e, "object_lock/mode", res, &format!("{retention}/mode"), Json::Null, string);
    attr(e, "object_lock/days", res, &format!("{retention}/days"), Json::Null, integer);
    attr(e, "object_lock/years", res, &format!("{retention}/years"), Json::Null, integer);
}

/// Grants of the legacy `grant` blocks of `aws_s3_bucket`: one per permission.
fn tf_legacy_grants(e: &mut Entity, res: &Resource) {
    let mut grants = Vec::new();
    let mut at = Vec::new();
    for (i, g) in res.get("/grant").and_then(Json::as_array).into_iter().flatten().enumerate() {
        let field = |k: &str| g.get(k).cloned().unwrap_or(Json::Null);
        let permissions = match g.get("permissions") {
            Some(Json::Array(p)) => p.clone(),
            _ => vec![Json::Null],
        };
        for p in permissions {
            at.push(format!("/grant/{i}"));
            grants.push(grant(field("type"), field("uri"), field("id"), Json::Null, p));
        }
    }
    set_grants(e, res, grants, at);
}

/// Grants of an `aws_s3_bucket_acl`'s `access_control_policy`.
fn tf_split_grants(e: &mut Entity, res: &Resource) {
    let mut grants = Vec::new();
    let mut at = Vec::new();
    let list = res.get("/access_control_policy/0/grant").and_then(Json::as_array);
    for (i, g) in list.into_iter().flatten().enumerate() {
        let grantee = |k: &str| g.pointer(&format!("/grantee/0/{k}")).cloned().unwrap_or(Json::Null);
        let permission = g.get("permission").cloned().unwrap_or(Json::Null);
        at.push(format!("/access_control_policy/0/grant/{i}"));
        grants.push(grant(grantee("type"), grantee("uri"), grantee("id"), grantee("email_address"), permission));
    }
    set_grants(e, res, grants, at);
}

fn grant(kind: Json, uri: Json, id: Json, email: Json, permission: Json) -> Json {
    json!({"grantee_type": kind, "grantee_uri": uri, "grantee_id": id, "grantee_email": email, "permission": permission})
}

fn set_grants(e: &mut Entity, res: &Resource, grants: Vec<Json>, at: Vec<String>) {
    e.set("grants", Json::Array(grants));
    for (i, pointer) in at.iter().enumerate() {
        e.locate(&format!("grants/{i}"), res, pointer);
    }
}

/// A block that is either there (true), not written (false) or unknown (null), such as
/// Terraform's `logging {}` (a list of blocks) or CloudFormation's `LoggingConfiguration`.
fn block_flag(e: &mut Entity, path: &str, res: &Resource, pointer: &str) {
    attr(e, path, res, pointer, json!(false), |v| match v {
        Json::Array(items) => Json::Bool(!items.is_empty()),
        _ => json!(true),
    });
}

/// `"Enabled"`-style status strings as booleans.
fn status(value: &Json, on: &str) -> Json {
    value.as_str().map_or(Json::Null, |s| Json::Bool(s == on))
}

/// CloudFormation's `AccessControl` values as the canned ACL names of the S3 API.
fn canned_acl(value: &str) -> Option<&'static str> {
    Some(match value {
        "Private" => "private",
        "PublicRead" => "public-read",
        "PublicReadWrite" => "public-read-write",
        "AuthenticatedRead" => "authenticated-read",
        "LogDeliveryWrite" => "log-delivery-write",
        "BucketOwnerRead" => "bucket-owner-read",
        "BucketOwnerFullControl" => "bucket-owner-full-control",
        "AwsExecRead" => "aws-exec-read",
        _ => return None,
    })
}

#[cfg(test)]
mod tests {
    use super::super::testing::resource_top_level as resource;
    use super::*;
    use crate::cloud::aws::build;
    use crate::iac::Source;

    fn buckets(source: Source, resources: Vec<Resource>) -> Vec<Json> {
        let (input, _) = build(&Inventory::new(source, resources)).finish();
        input["aws"]["s3"]["buckets"].as_array().cloned().unwrap_or_default()
    }

    #[test]
    fn cloudformation_string_booleans_and_numbers_are_read_as_such() {
        let bucket = resource(
            "AWS::S3::Bucket",
            "Resources.B",
            json!({
                "PublicAccessBlockConfiguration": {"BlockPublicAcls": "true", "BlockPublicPolicy": "false"},
                "ObjectLockEnabled": "true",
                "ObjectLockConfiguration": {"Rule": {"DefaultRetention": {"Mode": "GOVERNANCE", "Days": "30"}}}
            }),
            &[],
        );
        let b = &buckets(Source::CloudFormation, vec![bucket])[0];
        assert_eq!(b["public_access_block"]["block_public_acls"], json!(true));
        assert_eq!(b["public_access_block"]["block_public_policy"], json!(false));
        assert_eq!(b["object_lock"]["enabled"], json!(true));
        assert_eq!(b["object_lock"]["days"], json!(30));
        let problems = crate::cloud::schema::service("s3")
            .unwrap()
            .collection("buckets")
            .unwrap()
            .check(b, crate::cloud::schema::Emitter::Iac);
        assert!(problems.is_empty(), "{problems:?}");
    }

    #[test]
    fn terraform_bucket_defaults() {
        let b = &buckets(Source::Terraform, vec![resource("aws_s3_bucket", "aws_s3_bucket.b", json!({}), &[])])[0];
        assert_eq!(
            *b,
            json!({
                "__ref": "aws_s3_bucket.b", "name": null, "acl": "private", "grants": [],
                "policy": null, "secure_transport_required": false,
                "public_access_block": {"block_public_acls": false, "block_public_policy": false,
                                        "ignore_public_acls": false, "restrict_public_buckets": false},
                "encryption": {"enabled": true, "algorithm": "AES256", "kms_key_id": null,
                               "kms_key_ref": null, "bucket_key_enabled": false},
                "versioning": {"enabled": false, "mfa_delete": false},
                "logging": {"enabled": false, "target_bucket": null, "target_bucket_ref": null},
                "object_lock": {"enabled": false, "mode": null, "days": null, "years": null},
                "website_enabled": false
            })
        );
    }

    #[test]
    fn terraform_split_resources_fold_into_the_bucket() {
        let by_ref = [("/bucket", "aws_s3_bucket.b")];
        let policy = json!({"Statement": [{"Effect": "Deny", "Principal": "*", "Action": "s3:*",
            "Resource": "*", "Condition": {"Bool": {"aws:SecureTransport": "false"}}}]});
        let b = &buckets(
            Source::Terraform,
            vec![
                resource("aws_s3_bucket", "aws_s3_bucket.b", json!({"bucket": "logs", "acl": "private"}), &[]),
                resource("aws_kms_key", "aws_kms_key.k", json!({}), &[]),
                resource(
                    "aws_s3_bucket_acl",
                    "aws_s3_bucket_acl.b",
                    json!({"bucket": null, "acl": "public-read"}),
                    &by_ref,
                ),
                // Attached by literal name rather than by reference.
                resource(
                    "aws_s3_bucket_versioning",
                    "aws_s3_bucket_versioning.b",
                    json!({"bucket": "logs", "versioning_configuration": [{"status": "Enabled", "mfa_delete": "Enabled"}]}),
                    &[],
                ),
                resource(
                    "aws_s3_bucket_policy",
                    "aws_s3_bucket_policy.b",
                    json!({"bucket": null, "policy": policy.to_string()}),
                    &by_ref,
                ),
                resource(
                    "aws_s3_bucket_public_access_block",
                    "aws_s3_bucket_public_access_block.b",
                    json!({"bucket": null, "block_public_acls": true, "ignore_public_acls": null}),
                    &by_ref,
                ),
                resource(
                    "aws_s3_bucket_server_side_encryption_configuration",
                    "aws_s3_bucket_server_side_encryption_configuration.b",
                    json!({"bucket": null, "rule": [{"bucket_key_enabled": true, "apply_server_side_encryption_by_default": [
                             {"sse_algorithm": "aws:kms", "kms_master_key_id": null}]}]}),
                    &[
                        ("/bucket", "aws_s3_bucket.b"),
                        ("/rule/0/apply_server_side_encryption_by_default/0/kms_master_key_id", "aws_kms_key.k"),
                    ],
                ),
                resource(
                    "aws_s3_bucket_logging",
                    "aws_s3_bucket_logging.b",
                    json!({"bucket": null, "target_bucket": null}),
                    &[("/bucket", "aws_s3_bucket.b"), ("/target_bucket", "aws_s3_bucket.b")],
                ),
                resource(
                    "aws_s3_bucket_website_configuration",
                    "aws_s3_bucket_website_configuration.b",
                    json!({"bucket": null}),
                    &by_ref,
                ),
            ],
        )[0];
        assert_eq!(b["name"], json!("logs"));
        assert_eq!(b["acl"], json!("public-read"));
        assert_eq!(b["versioning"], json!({"enabled": true, "mfa_delete": true}));
        assert_eq!(b["policy"]["Statement"][0]["Action"], json!(["s3:*"]));
        assert_eq!(b["secure_transport_required"], json!(true));
        assert_eq!(
            b["public_access_block"],
            json!({"block_public_acls": true, "block_public_policy": false,
                   "ignore_public_acls": null, "restrict_public_buckets": false})
        );
        assert_eq!(
            b["encryption"],
            json!({"enabled": true, "algorithm": "aws:kms", "kms_key_id": null,
                   "kms_key_ref": "aws_kms_key.k", "bucket_key_enabled": true})
        );
        assert_eq!(
            b["logging"],
            json!({"enabled": true, "target_bucket": null, "target_bucket_ref": "aws_s3_bucket.b"})
        );
        assert_eq!(b["website_enabled"], json!(true));
    }

    #[test]
    fn terraform_legacy_inline_forms() {
        let b = &buckets(
            Source::Terraform,
            vec![resource(
                "aws_s3_bucket",
                "aws_s3_bucket.b",
                json!({
                    "acl": "private",
                    "grant": [{"type": "Group", "uri": "http://acs.amazonaws.com/groups/global/AllUsers",
                               "permissions": ["READ", "WRITE"]}],
                    "policy": "{\"Statement\": {\"Effect\": \"Allow\", \"Principal\": \"*\", \"Action\": \"s3:GetObject\"}}",
                    "versioning": [{"enabled": true}],
                    "logging": [{"target_bucket": "logs"}],
                    "server_side_encryption_configuration": [{"rule": [{"apply_server_side_encryption_by_default": [
                        {"sse_algorithm": "aws:kms"}]}]}],
                    "object_lock_configuration": [{"object_lock_enabled": "Enabled", "rule": [{"default_retention": [
                        {"mode": "COMPLIANCE", "days": 30}]}]}],
                    "website": []
                }),
                &[],
            )],
        )[0];
        assert_eq!(b["grants"].as_array().map(Vec::len), Some(2));
        assert_eq!(b["grants"][1]["permission"], json!("WRITE"));
        assert_eq!(b["grants"][0]["grantee_uri"], json!("http://acs.amazonaws.com/groups/global/AllUsers"));
        assert_eq!(b["policy"]["Statement"][0]["Principal"], json!("*"));
        assert_eq!(b["secure_transport_required"], json!(false));
        assert_eq!(b["versioning"], json!({"enabled": true, "mfa_delete": false}));
        assert_eq!(b["logging"]["enabled"], json!(true));
        assert_eq!(b["logging"]["target_bucket"], json!("logs"));
        assert_eq!(b["encryption"]["algorithm"], json!("aws:kms"));
        assert_eq!(b["object_lock"], json!({"enabled": true, "mode": "COMPLIANCE", "days": 30, "years": null}));
        assert_eq!(b["website_enabled"], json!(false));
    }

    #[test]
    fn unknown_values_stay_null() {
        let b = &buckets(
            Source::Terraform,
            vec![resource(
                "aws_s3_bucket",
                "aws_s3_bucket.b",
                json!({"policy": null, "versioning": [{"enabled": null}], "logging": null}),
                &[],
            )],
        )[0];
        assert_eq!(b["policy"], Json::Null);
        assert_eq!(b["secure_transport_required"], Json::Null);
        assert_eq!(b["versioning"]["enabled"], Json::Null);
        assert_eq!(b["logging"]["enabled"], Json::Null);
    }

    #[test]
    fn cloudformation_bucket() {
        let bucket = resource(
            "AWS::S3::Bucket",
            "Resources.Logs",
            json!({
                "AccessControl": "PublicReadWrite",
                "PublicAccessBlockConfiguration": {"BlockPublicAcls": true},
                "BucketEncryption": {"ServerSideEncryptionConfiguration": [
                    {"ServerSideEncryptionByDefault": {"SSEAlgorithm": "aws:kms", "KMSMasterKeyID": null}}]},
                "VersioningConfiguration": {"Status": "Suspended"},
                "LoggingConfiguration": {},
                "ObjectLockEnabled": true,
                "WebsiteConfiguration": {"IndexDocument": "index.html"}
            }),
            &[],
        );
        let policy = resource(
            "AWS::S3::BucketPolicy",
            "Resources.LogsPolicy",
            json!({"Bucket": null, "PolicyDocument": {"Statement": [{"Effect": "Deny", "Principal": {"AWS": "*"},
                "Action": "*", "Condition": {"Bool": {"aws:SecureTransport": false}}}]}}),
            &[("/Bucket", "Resources.Logs")],
        );
        let b = &buckets(Source::CloudFormation, vec![bucket, policy])[0];
        assert_eq!(b["acl"], json!("public-read-write"));
        assert_eq!(b["public_access_block"]["block_public_acls"], json!(true));
        assert_eq!(b["public_access_block"]["restrict_public_buckets"], json!(false));
        assert_eq!(b["encryption"]["algorithm"], json!("aws:kms"));
        assert_eq!(b["versioning"], json!({"enabled": false, "mfa_delete": null}));
        assert_eq!(
            b["logging"],
            json!({"enabled": true, "target_bucket": null, "target_bucket_ref": "Resources.Logs"})
        );
        assert_eq!(b["object_lock"]["enabled"], json!(true));
        assert_eq!(b["website_enabled"], json!(true));
        assert_eq!(b["secure_transport_required"], json!(true));
    }

    #[test]
    fn account_public_access_block() {
        let (input, _) = build(&Inventory::new(
            Source::Terraform,
            vec![resource(
                "aws_s3_account_public_access_block",
                "aws_s3_account_public_access_block.this",
                json!({"block_public_acls": true}),
                &[],
            )],
        ))
        .finish();
        assert_eq!(
            input["aws"]["s3"]["account"][0]["public_access_block"],
            json!({"block_public_acls": true, "block_public_policy": false,
                   "ignore_public_acls": false, "restrict_public_buckets": false})
        );
    }

    #[test]
    fn secure_transport_needs_a_deny_for_everyone() {
        let doc = |s: Json| policy_document::parse(&json!({"Statement": [s]}));
        let cond = json!({"Bool": {"aws:securetransport": "false"}});
        assert!(denies_insecure_transport(&doc(
            json!({"Effect": "Deny", "Principal": "*", "Action": "S3:*", "Condition": cond})
        )));
        assert!(!denies_insecure_transport(&doc(
            json!({"Effect": "Allow", "Principal": "*", "Action": "s3:*", "Condition": cond})
        )));
        assert!(!denies_insecure_transport(&doc(
            json!({"Effect": "Deny", "Principal": {"AWS": "arn:aws:iam::1:root"}, "Action": "s3:*", "Condition": cond})
        )));
        assert!(!denies_insecure_transport(&doc(
            json!({"Effect": "Deny", "Principal": "*", "Action": "s3:GetObject", "Condition": cond})
        )));
        assert!(!denies_insecure_transport(&doc(json!({"Effect": "Deny", "Principal": "*", "Action": "s3:*",
            "Condition": {"Bool": {"aws:SecureTransport": "true"}}}))));
    }

    #[test]
    fn canned_acls() {
        assert_eq!(canned_acl("AuthenticatedRead"), Some("authenticated-read"));
        assert_eq!(canned_acl("public-read"), None);
    }
}
