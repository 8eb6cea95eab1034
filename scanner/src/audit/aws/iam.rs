//! IAM read through the API into `iam.users[]`, `groups[]`, `roles[]`, `policies[]`,
//! `access_keys[]`, `password_policy[]` and `account[]`, with the shapes of the IaC adapter
//! (`cloud::aws::iam`). One paginated GetAccountAuthorizationDetails gives every principal with
//! its policies (far fewer requests than listing each); credentials (keys, MFA, console
//! password) are read per user, and their use from the credential report.

use std::collections::{BTreeMap, HashMap};
use std::sync::Arc;

use aws_sdk_iam::types::{AttachedPolicy, EntityType, PolicyDetail, StatusType, SummaryKeyType};
use aws_sdk_iam::Client;
use serde_json::{json, Value as Json};
use tokio::task::JoinSet;

use super::client::{Api, Got, Op};
use super::credential_report::{self, PasswordUse};
use super::Item;
use crate::audit::Pages;
use crate::cloud::aws::policy_document;

pub async fn collect(api: &Arc<Api>, client: &Client, partition: &str, account: &str, now: i64) -> Vec<Item> {
    let mut items = Vec::new();
    let account_ref = format!("arn:{partition}:iam::{account}:root");
    let (details, summary, password, report) = tokio::join!(
        authorization_details(api, client, &account_ref),
        api.call(Op::GetAccountSummary, &account_ref, client.get_account_summary().send()),
        api.call(Op::GetAccountPasswordPolicy, &account_ref, client.get_account_password_policy().send()),
        credential_report::read(api, client, &account_ref, now),
    );

    let mut acct = Item::new("iam", "account", account_ref.clone());
    acct.set("account_id", json!(account));
    match summary {
        Got::Ok(out) => {
            let map = out.summary_map();
            let get = |k: &SummaryKeyType| map.and_then(|m| m.get(k)).map(|v| json!(*v > 0)).unwrap_or(Json::Null);
            acct.set("root_mfa_enabled", get(&SummaryKeyType::AccountMfaEnabled));
            acct.set("root_access_keys_present", get(&SummaryKeyType::AccountAccessKeysPresent));
        }
        _ => {
            acct.set("root_mfa_enabled", Json::Null);
            acct.set("root_access_keys_present", Json::Null);
        }
    }
    acct.set("root_last_used_days", json!(report.as_ref().and_then(|r| r.root_last_used_days)));
    items.push(acct);

    match password {
        Got::Ok(out) => {
            if let Some(p) = out.password_policy() {
                let mut e = Item::new("iam", "password_policy", format!("{account_ref}/password-policy"));
                e.set("minimum_length", json!(p.minimum_password_length().unwrap_or(6)));
                e.set("require_lowercase", json!(p.require_lowercase_characters()));
                e.set("require_uppercase", json!(p.require_uppercase_characters()));
                e.set("require_numbers", json!(p.require_numbers()));
                e.set("require_symbols", json!(p.require_symbols()));
                e.set("allow_users_to_change", json!(p.allow_users_to_change_password()));
                e.set("max_age", json!(p.max_password_age().unwrap_or(0)));
                e.set("reuse_prevention", json!(p.password_reuse_prevention().unwrap_or(0)));
                e.set("hard_expiry", json!(p.hard_expiry().unwrap_or(false)));
                items.push(e);
            }
        }
        // No password policy: nothing is enforced. Code that omits the resource says nothing
        // about the account, but the live account is known to have none, so it is reported
        // with the model's defaults and the password rules judge it.
        Got::Missing => {
            let mut e = Item::new("iam", "password_policy", format!("{account_ref}/password-policy"));
            for (k, v) in [
                ("minimum_length", json!(6)),
                ("require_lowercase", json!(false)),
                ("require_uppercase", json!(false)),
                ("require_numbers", json!(false)),
                ("require_symbols", json!(false)),
                ("allow_users_to_change", json!(true)),
                ("max_age", json!(0)),
                ("reuse_prevention", json!(0)),
                ("hard_expiry", json!(false)),
            ] {
                e.set(k, v);
            }
            items.push(e);
        }
        Got::Failed => {}
    }

    let Some(details) = details else { return items };
    let customer_policy = |arn: &str| {
        if details.policies.contains_key(arn) {
            json!(arn)
        } else {
            Json::Null
        }
    };
    let attached = |list: &[AttachedPolicy]| -> Json {
        Json::Array(
            list.iter()
                .map(|a| json!({"arn": a.policy_arn(), "ref": a.policy_arn().map_or(Json::Null, customer_policy)}))
                .collect(),
        )
    };
    let group_arns: HashMap<&str, &str> =
        details.groups.iter().filter_map(|g| Some((g.group_name()?, g.arn()?))).collect();

    for (arn, (name, doc, count)) in &details.policies {
        let mut e = Item::new("iam", "policies", arn.clone());
        e.set("name", json!(name));
        e.set("document", doc.clone());
        e.set("attachment_count", json!(count));
        items.push(e);
    }
    for g in &details.groups {
        let Some(arn) = g.arn() else { continue };
        let mut e = Item::new("iam", "groups", arn.to_string());
        e.set("name", json!(g.group_name()));
        e.set("policies", inline(g.group_policy_list()));
        e.set("attached_policies", attached(g.attached_managed_policies()));
        items.push(e);
    }
    for r in &details.roles {
        let Some(arn) = r.arn() else { continue };
        let mut e = Item::new("iam", "roles", arn.to_string());
        e.set("name", json!(r.role_name()));
        e.set("policies", inline(r.role_policy_list()));
        e.set("attached_policies", attached(r.attached_managed_policies()));
        e.set("assume_role_policy", r.assume_role_policy_document().map_or(Json::Null, document));
        items.push(e);
    }

    let mut tasks = JoinSet::new();
    for u in &details.users {
        let (Some(arn), Some(name)) = (u.arn(), u.user_name()) else { continue };
        let mut e = Item::new("iam", "users", arn.to_string());
        e.set("name", json!(name));
        e.set("policies", inline(u.user_policy_list()));
        e.set("attached_policies", attached(u.attached_managed_policies()));
        let groups: Vec<Json> =
            u.group_list().iter().map(|g| json!({"name": g, "ref": group_arns.get(g.as_str()).copied()})).collect();
        e.set("groups", Json::Array(groups));
        for (k, v) in PasswordUse::attributes(report.as_ref().and_then(|r| r.users.get(arn))) {
            e.set(k, v);
        }
        let (api, client, name) = (api.clone(), client.clone(), name.to_string());
        tasks.spawn(async move {
            let keys = credentials(&api, &client, &name, &mut e, now).await;
            (e, keys)
        });
    }
    while let Some(done) = tasks.join_next().await {
        if let Ok((user, keys)) = done {
            items.push(user);
            items.extend(keys);
        }
    }
    items
}

struct Details {
    users: Vec<aws_sdk_iam::types::UserDetail>,
    groups: Vec<aws_sdk_iam::types::GroupDetail>,
    roles: Vec<aws_sdk_iam::types::RoleDetail>,
    /// Customer managed policies: ARN → (name, default version's document, attachment count).
    policies: BTreeMap<String, (Option<String>, Json, Option<i32>)>,
}

async fn authorization_details(api: &Api, client: &Client, account_ref: &str) -> Option<Details> {
    let mut d = Details { users: Vec::new(), groups: Vec::new(), roles: Vec::new(), policies: BTreeMap::new() };
    let mut marker: Option<String> = None;
    let mut pages = Pages::default();
    loop {
        let request = client
            .get_account_authorization_details()
            .filter(EntityType::User)
            .filter(EntityType::Group)
            .filter(EntityType::Role)
            .filter(EntityType::LocalManagedPolicy)
            .set_marker(marker.clone())
            .send();
        let page = api.call(Op::GetAccountAuthorizationDetails, account_ref, request).await.ok()?;
        d.users.extend(page.user_detail_list().iter().cloned());
        d.groups.extend(page.group_detail_list().iter().cloned());
        d.roles.extend(page.role_detail_list().iter().cloned());
        for p in page.policies() {
            let Some(arn) = p.arn() else { continue };
            let doc = p
                .policy_version_list()
                .iter()
                .find(|v| v.is_default_version())
                .and_then(|v| v.document())
                .map_or(Json::Null, document);
            d.policies.insert(arn.to_string(), (p.policy_name().map(str::to_string), doc, p.attachment_count()));
        }
        match pages.next(page.marker().filter(|_| page.is_truncated())) {
            Ok(Some(m)) => marker = Some(m),
            Ok(None) => break,
            Err(why) => {
                api.record_failure(account_ref, Op::GetAccountAuthorizationDetails, &why);
                return None;
            }
        }
    }
    Some(d)
}

/// MFA devices, access keys and console password of a user; returns its `access_keys[]`.
async fn credentials(api: &Api, client: &Client, name: &str, user: &mut Item, now: i64) -> Vec<Item> {
    let resource = user.reference.clone();
    let (mfa, keys, login) = tokio::join!(
        async {
            let mut count = 0usize;
            let mut marker: Option<String> = None;
            let mut pages = Pages::default();
            loop {
                let req = client.list_mfa_devices().user_name(name).set_marker(marker.clone()).send();
                let page = api.call(Op::ListMfaDevices, &resource, req).await.ok()?;
                count += page.mfa_devices().len();
                match pages.next(page.marker().filter(|_| page.is_truncated())) {
                    Ok(Some(m)) => marker = Some(m),
                    Ok(None) => return Some(count),
                    Err(why) => {
                        api.record_failure(&resource, Op::ListMfaDevices, &why);
                        return None;
                    }
                }
            }
        },
        async {
            let mut keys = Vec::new();
            let mut marker: Option<String> = None;
            let mut pages = Pages::default();
            loop {
                let req = client.list_access_keys().user_name(name).set_marker(marker.clone()).send();
                let page = api.call(Op::ListAccessKeys, &resource, req).await.ok()?;
                keys.extend(page.access_key_metadata().iter().cloned());
                match pages.next(page.marker().filter(|_| page.is_truncated())) {
                    Ok(Some(m)) => marker = Some(m),
                    Ok(None) => return Some(keys),
                    Err(why) => {
                        api.record_failure(&resource, Op::ListAccessKeys, &why);
                        return None;
                    }
                }
            }
        },
        api.call(Op::GetLoginProfile, &resource, client.get_login_profile().user_name(name).send()),
    );
    user.set("mfa_enabled", mfa.map_or(Json::Null, |n| json!(n > 0)));
    user.set(
        "login_profile",
        match login {
            Got::Ok(_) => json!(true),
            Got::Missing => json!(false),
            Got::Failed => Json::Null,
        },
    );
    let Some(keys) = keys else {
        user.set("access_keys", Json::Null);
        user.set("active_access_keys", Json::Null);
        return Vec::new();
    };
    let active = keys.iter().filter(|k| k.status() == Some(&StatusType::Active)).count();
    user.set("access_keys", json!(keys.len()));
    user.set("active_access_keys", json!(active));
    let mut out = Vec::new();
    let mut ages = Vec::new();
    for k in &keys {
        let Some(id) = k.access_key_id() else { continue };
        let mut e = Item::new("iam", "access_keys", format!("{resource}/access-key/{id}"));
        let status = k.status().map(|s| s.as_str().to_string());
        let age = k.create_date().map(|d| (now - d.secs()).max(0) / 86_400);
        e.set("user", json!(name));
        e.set("user_ref", json!(resource));
        e.set("active", json!(status.as_deref().map(|s| s == "Active")));
        e.set("status", json!(status));
        e.set("age_days", json!(age));
        let used = api.call(
            Op::GetAccessKeyLastUsed,
            &e.reference,
            client.get_access_key_last_used().access_key_id(id).send(),
        );
        let last_used = match used.await {
            Got::Ok(out) => Some(out.access_key_last_used().and_then(|u| u.last_used_date()).map(|d| d.secs())),
            _ => None,
        };
        let (ever_used, last_used_days) = match last_used {
            Some(Some(secs)) => (json!(true), json!((now - secs).max(0) / 86_400)),
            Some(None) => (json!(false), Json::Null),
            None => (Json::Null, Json::Null),
        };
        e.set("ever_used", ever_used.clone());
        e.set("last_used_days", last_used_days.clone());
        ages.push(json!({
            "id": id,
            "active": k.status() == Some(&StatusType::Active),
            "age_days": age,
            "ever_used": ever_used,
            "last_used_days": last_used_days,
        }));
        out.push(e);
    }
    user.set("access_key_details", Json::Array(ages));
    out
}

fn inline(list: &[PolicyDetail]) -> Json {
    Json::Array(
        list.iter()
            .map(|p| json!({"name": p.policy_name(), "document": p.policy_document().map_or(Json::Null, document)}))
            .collect(),
    )
}

/// IAM returns policy documents URL-encoded (RFC 3986); some endpoints (test servers) do not.
fn document(text: &str) -> Json {
    if serde_json::from_str::<Json>(text).is_ok() {
        return policy_document::parse(&json!(text));
    }
    match percent_decode(text) {
        Some(decoded) => policy_document::parse(&Json::String(decoded)),
        None => Json::Null,
    }
}

fn percent_decode(text: &str) -> Option<String> {
    let bytes = text.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] == b'%' {
            let hex = text.get(i + 1..i + 3)?;
            out.push(u8::from_str_radix(hex, 16).ok()?);
            i += 3;
        } else {
            out.push(bytes[i]);
            i += 1;
        }
    }
    String::from_utf8(out).ok()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn url_encoded_and_plain_documents_parse_alike() {
        let plain = r#"{"Version":"2012-10-17","Statement":{"Effect":"Allow","Action":"*","Resource":"*"}}"#;
        let encoded = "%7B%22Version%22%3A%222012-10-17%22%2C%22Statement%22%3A%7B%22Effect%22%3A%22Allow%22%2C\
                       %22Action%22%3A%22%2A%22%2C%22Resource%22%3A%22%2A%22%7D%7D";
        assert_eq!(document(plain), document(encoded));
        assert_eq!(document(plain)["Statement"][0]["Action"], json!(["*"]));
        assert_eq!(document("%ZZ"), Json::Null);
        assert_eq!(document("%E2%82"), Json::Null);
    }
}
