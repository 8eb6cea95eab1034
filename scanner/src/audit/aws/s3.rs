//! S3 buckets read through the API into `s3.buckets[]`, with the attribute names, value shapes
//! and "not configured" defaults of the IaC adapters (`cloud::aws::s3`), so the same rules
//! evaluate them. A setting whose request failed stays `null`.

use std::collections::{BTreeMap, BTreeSet};
use std::sync::Arc;

use aws_sdk_s3::Client;
use serde_json::{json, Value as Json};
use tokio::task::JoinSet;

use super::client::{Api, Got, Op};
use crate::cloud::aws::policy_document::{self, denies_insecure_transport};

/// A bucket's settings as read, before they become an entity.
pub struct Bucket {
    pub name: String,
    pub arn: String,
    pub attrs: BTreeMap<&'static str, Json>,
}

/// S3 clients by region: a bucket's configuration is read in its own region (another region
/// answers with a redirect).
pub struct Clients {
    pub base: aws_config::SdkConfig,
    pub path_style: bool,
}

impl Clients {
    fn for_region(&self, region: Option<&str>) -> Client {
        let mut b = aws_sdk_s3::config::Builder::from(&self.base).force_path_style(self.path_style);
        if let Some(r) = region {
            b = b.region(aws_sdk_s3::config::Region::new(r.to_string()));
        }
        Client::from_conf(b.build())
    }
}

/// Every bucket of the account and its settings; `None` when the buckets cannot be listed.
pub async fn collect(api: &Arc<Api>, clients: &Clients, partition: &str, account: &str) -> Option<Vec<Bucket>> {
    let home = clients.for_region(None);
    let mut names = Vec::new();
    let mut token: Option<String> = None;
    let mut pages = crate::audit::Pages::default();
    let resource = format!("account {account}");
    loop {
        let page = api
            .call(Op::ListBuckets, &resource, home.list_buckets().set_continuation_token(token.clone()).send())
            .await
            .ok()?;
        names.extend(page.buckets().iter().filter_map(|b| b.name().map(str::to_string)));
        match pages.next(page.continuation_token()) {
            Ok(Some(t)) => token = Some(t),
            Ok(None) => break,
            Err(why) => {
                api.record_failure(&resource, Op::ListBuckets, &why);
                return None;
            }
        }
    }
    let mut tasks = JoinSet::new();
    for name in names {
        let api = api.clone();
        let home = home.clone();
        let arn = format!("arn:{partition}:s3:::{name}");
        tasks.spawn(async move {
            let region =
                match api.call(Op::GetBucketLocation, &arn, home.get_bucket_location().bucket(&name).send()).await {
                    Got::Ok(out) => Some(match out.location_constraint().map(|c| c.as_str().to_string()) {
                        // An empty constraint is us-east-1, "EU" the old name of eu-west-1.
                        None => "us-east-1".to_string(),
                        Some(c) if c.is_empty() => "us-east-1".to_string(),
                        Some(c) if c == "EU" => "eu-west-1".to_string(),
                        Some(c) => c,
                    }),
                    _ => None,
                };
            (name, arn, region)
        });
    }
    let mut located = Vec::new();
    while let Some(r) = tasks.join_next().await {
        if let Ok(b) = r {
            located.push(b);
        }
    }
    let regions: BTreeSet<Option<String>> = located.iter().map(|(_, _, r)| r.clone()).collect();
    let by_region: BTreeMap<Option<String>, Client> =
        regions.into_iter().map(|r| (r.clone(), clients.for_region(r.as_deref()))).collect();
    let mut tasks = JoinSet::new();
    for (name, arn, region) in located {
        let api = api.clone();
        let Some(client) = by_region.get(&region).cloned() else { continue };
        tasks.spawn(async move { read_bucket(&api, &client, name, arn, region).await });
    }
    let mut buckets = Vec::new();
    while let Some(r) = tasks.join_next().await {
        if let Ok(b) = r {
            buckets.push(b);
        }
    }
    let names: BTreeSet<String> = buckets.iter().map(|b| b.name.clone()).collect();
    for b in &mut buckets {
        let target = b.attrs.get("logging/target_bucket").and_then(Json::as_str).map(str::to_string);
        let target_ref = match target {
            Some(t) if names.contains(&t) => json!(format!("arn:{partition}:s3:::{t}")),
            _ => Json::Null,
        };
        if b.attrs.get("logging/enabled").is_some_and(|v| !v.is_null()) {
            b.attrs.insert("logging/target_bucket_ref", target_ref);
        }
    }
    buckets.sort_by(|a, b| a.arn.cmp(&b.arn));
    Some(buckets)
}

async fn read_bucket(api: &Api, c: &Client, name: String, arn: String, region: Option<String>) -> Bucket {
    let r = arn.as_str();
    let (acl, policy, pab, enc, versioning, logging, lock, website) = tokio::join!(
        api.call(Op::GetBucketAcl, r, c.get_bucket_acl().bucket(&name).send()),
        api.call(Op::GetBucketPolicy, r, c.get_bucket_policy().bucket(&name).send()),
        api.call(Op::GetPublicAccessBlock, r, c.get_public_access_block().bucket(&name).send()),
        api.call(Op::GetBucketEncryption, r, c.get_bucket_encryption().bucket(&name).send()),
        api.call(Op::GetBucketVersioning, r, c.get_bucket_versioning().bucket(&name).send()),
        api.call(Op::GetBucketLogging, r, c.get_bucket_logging().bucket(&name).send()),
        api.call(Op::GetObjectLockConfiguration, r, c.get_object_lock_configuration().bucket(&name).send()),
        api.call(Op::GetBucketWebsite, r, c.get_bucket_website().bucket(&name).send()),
    );
    let mut a: BTreeMap<&'static str, Json> = BTreeMap::new();
    a.insert("name", json!(name));

    // ACL: S3 keeps grants, not the canned ACL that made them; the grants say who can do what.
    match acl {
        Got::Ok(out) => {
            let grants: Vec<Json> = out
                .grants()
                .iter()
                .map(|g| {
                    let grantee = g.grantee();
                    json!({
                        "grantee_type": grantee.map(|x| x.r#type().as_str().to_string()),
                        "grantee_uri": grantee.and_then(|x| x.uri()),
                        "grantee_id": grantee.and_then(|x| x.id()),
                        "grantee_email": grantee.and_then(|x| x.email_address()),
                        "permission": g.permission().map(|p| p.as_str().to_string()),
                    })
                })
                .collect();
            let log_delivery = grants.iter().any(|g| {
                g["grantee_uri"] == "http://acs.amazonaws.com/groups/s3/LogDelivery" && g["permission"] == "WRITE"
            });
            a.insert("acl", if log_delivery { json!("log-delivery-write") } else { Json::Null });
            a.insert("grants", Json::Array(grants));
        }
        _ => {
            a.insert("acl", Json::Null);
            a.insert("grants", Json::Null);
        }
    }

    match policy {
        Got::Ok(out) => {
            let doc = out.policy().map_or(Json::Null, |p| policy_document::parse(&json!(p)));
            let secure = if doc.is_null() { Json::Null } else { json!(denies_insecure_transport(&doc)) };
            a.insert("policy", doc);
            a.insert("secure_transport_required", secure);
        }
        Got::Missing => {
            a.insert("policy", Json::Null);
            a.insert("secure_transport_required", json!(false));
        }
        Got::Failed => {
            a.insert("policy", Json::Null);
            a.insert("secure_transport_required", Json::Null);
        }
    }

    let settings = ["block_public_acls", "block_public_policy", "ignore_public_acls", "restrict_public_buckets"];
    let pab_paths = [
        "public_access_block/block_public_acls",
        "public_access_block/block_public_policy",
        "public_access_block/ignore_public_acls",
        "public_access_block/restrict_public_buckets",
    ];
    match pab {
        Got::Ok(out) => {
            let cfg = out.public_access_block_configuration();
            for (setting, path) in settings.iter().zip(pab_paths) {
                let v = cfg.and_then(|c| match *setting {
                    "block_public_acls" => c.block_public_acls(),
                    "block_public_policy" => c.block_public_policy(),
                    "ignore_public_acls" => c.ignore_public_acls(),
                    _ => c.restrict_public_buckets(),
                });
                a.insert(path, json!(v.unwrap_or(false)));
            }
        }
        Got::Missing => {
            for p in pab_paths {
                a.insert(p, json!(false));
            }
        }
        Got::Failed => {
            for p in pab_paths {
                a.insert(p, Json::Null);
            }
        }
    }

    match enc {
        Got::Ok(out) => {
            let rule = out.server_side_encryption_configuration().and_then(|c| c.rules().first());
            let default = rule.and_then(|r| r.apply_server_side_encryption_by_default());
            a.insert("encryption/enabled", json!(true));
            a.insert(
                "encryption/algorithm",
                json!(default.map_or("AES256".to_string(), |d| d.sse_algorithm().as_str().to_string())),
            );
            a.insert("encryption/kms_key_id", json!(default.and_then(|d| d.kms_master_key_id())));
            a.insert(
                "encryption/bucket_key_enabled",
                json!(rule.and_then(|r| r.bucket_key_enabled()).unwrap_or(false)),
            );
        }
        // S3 encrypts every bucket with SSE-S3 when nothing else is configured.
        Got::Missing => {
            a.insert("encryption/enabled", json!(true));
            a.insert("encryption/algorithm", json!("AES256"));
            a.insert("encryption/kms_key_id", Json::Null);
            a.insert("encryption/bucket_key_enabled", json!(false));
        }
        Got::Failed => {
            for p in
                ["encryption/enabled", "encryption/algorithm", "encryption/kms_key_id", "encryption/bucket_key_enabled"]
            {
                a.insert(p, Json::Null);
            }
        }
    }
    a.insert("encryption/kms_key_ref", Json::Null);

    match versioning {
        Got::Ok(out) => {
            a.insert("versioning/enabled", json!(out.status().is_some_and(|s| s.as_str() == "Enabled")));
            a.insert("versioning/mfa_delete", json!(out.mfa_delete().is_some_and(|s| s.as_str() == "Enabled")));
        }
        _ => {
            a.insert("versioning/enabled", Json::Null);
            a.insert("versioning/mfa_delete", Json::Null);
        }
    }

    match logging {
        Got::Ok(out) => {
            let target = out.logging_enabled().map(|l| l.target_bucket().to_string());
            a.insert("logging/enabled", json!(target.is_some()));
            a.insert("logging/target_bucket", json!(target));
            a.insert("logging/target_bucket_ref", Json::Null);
        }
        _ => {
            for p in ["logging/enabled", "logging/target_bucket", "logging/target_bucket_ref"] {
                a.insert(p, Json::Null);
            }
        }
    }

    match lock {
        Got::Ok(out) => {
            let cfg = out.object_lock_configuration();
            let retention = cfg.and_then(|c| c.rule()).and_then(|r| r.default_retention());
            a.insert(
                "object_lock/enabled",
                json!(cfg.and_then(|c| c.object_lock_enabled()).is_some_and(|e| e.as_str() == "Enabled")),
            );
            a.insert("object_lock/mode", json!(retention.and_then(|r| r.mode()).map(|m| m.as_str().to_string())));
            a.insert("object_lock/days", json!(retention.and_then(|r| r.days())));
            a.insert("object_lock/years", json!(retention.and_then(|r| r.years())));
        }
        Got::Missing => {
            a.insert("object_lock/enabled", json!(false));
            for p in ["object_lock/mode", "object_lock/days", "object_lock/years"] {
                a.insert(p, Json::Null);
            }
        }
        Got::Failed => {
            for p in ["object_lock/enabled", "object_lock/mode", "object_lock/days", "object_lock/years"] {
                a.insert(p, Json::Null);
            }
        }
    }

    a.insert(
        "website_enabled",
        match website {
            Got::Ok(_) => json!(true),
            Got::Missing => json!(false),
            Got::Failed => Json::Null,
        },
    );
    a.insert("region", json!(region));
    Bucket { name, arn, attrs: a }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn secure_transport_deny_is_recognised() {
        let doc = policy_document::parse(&json!(
            r#"{"Statement":[{"Effect":"Deny","Principal":"*","Action":"s3:*",
            "Resource":"*","Condition":{"Bool":{"aws:SecureTransport":"false"}}}]}"#
        ));
        assert!(denies_insecure_transport(&doc));
        let allow = policy_document::parse(&json!(
            r#"{"Statement":[{"Effect":"Allow","Principal":"*","Action":"s3:*",
            "Resource":"*","Condition":{"Bool":{"aws:SecureTransport":"false"}}}]}"#
        ));
        assert!(!denies_insecure_transport(&allow));
    }
}
