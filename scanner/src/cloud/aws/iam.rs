//! IAM in the cloud model: users, groups and roles with the policies that reach them, customer
//! managed policies, access keys and the account password policy.
//!
//! Terraform spreads one principal over many resources (inline policies, attachments, group
//! memberships, login profiles, access keys) and CloudFormation lists the principals on the
//! policy instead; both are folded into the principal they grant to, so a rule asks one
//! question of `users[]`, `groups[]` and `roles[]` whatever wrote them. Every document is
//! normalised by `policy_document`.

use std::collections::BTreeMap;

use serde_json::{json, Value as Json};

use super::{policy_document, Adapter};
use crate::cloud::read::{attr, boolean, external_target, integer, managed, ref_address, string, written};
use crate::cloud::{CloudModel, Entity};
use crate::iac::{Inventory, Resource};

pub const ADAPTER: Adapter = Adapter { service: "iam", fields: &[], terraform, cloudformation };

/// How one source describes one kind of principal (user, group or role).
struct Principal {
    kind: &'static str,
    name: &'static str,
    /// Inline policies written on the principal itself: list attribute, name and document keys.
    own_inline: Option<(&'static str, &'static str, &'static str)>,
    /// Inline policies written as resources of their own: kind, attribute naming the
    /// principal(s), name attribute, document attribute.
    inline: &'static [(&'static str, &'static str, &'static str, &'static str)],
    /// Managed policy ARNs listed on the principal itself.
    own_managed: Option<&'static str>,
    /// Attachments written as resources of their own: kind, attribute naming the principal(s),
    /// and the attribute holding the policy ARN — `None` when the resource is the policy.
    attachments: &'static [(&'static str, &'static str, Option<&'static str>)],
}

/// Managed policy resources, whose address is an attachment's `ref`.
const MANAGED_POLICY_KINDS: [&str; 2] = ["aws_iam_policy", "AWS::IAM::ManagedPolicy"];

const TF_USERS: Principal = Principal {
    kind: "aws_iam_user",
    name: "/name",
    own_inline: None,
    inline: &[("aws_iam_user_policy", "/user", "/name", "/policy")],
    own_managed: None,
    attachments: &[
        ("aws_iam_user_policy_attachment", "/user", Some("/policy_arn")),
        ("aws_iam_policy_attachment", "/users", Some("/policy_arn")),
    ],
};

const TF_GROUPS: Principal = Principal {
    kind: "aws_iam_group",
    name: "/name",
    own_inline: None,
    inline: &[("aws_iam_group_policy", "/group", "/name", "/policy")],
    own_managed: None,
    attachments: &[
        ("aws_iam_group_policy_attachment", "/group", Some("/policy_arn")),
        ("aws_iam_policy_attachment", "/groups", Some("/policy_arn")),
    ],
};

const TF_ROLES: Principal = Principal {
    kind: "aws_iam_role",
    name: "/name",
    own_inline: Some(("/inline_policy", "name", "policy")),
    inline: &[("aws_iam_role_policy", "/role", "/name", "/policy")],
    own_managed: Some("/managed_policy_arns"),
    attachments: &[
        ("aws_iam_role_policy_attachment", "/role", Some("/policy_arn")),
        ("aws_iam_policy_attachment", "/roles", Some("/policy_arn")),
    ],
};

const CFN_USERS: Principal = Principal {
    kind: "AWS::IAM::User",
    name: "/UserName",
    own_inline: Some(("/Policies", "PolicyName", "PolicyDocument")),
    inline: &[
        ("AWS::IAM::Policy", "/Users", "/PolicyName", "/PolicyDocument"),
        ("AWS::IAM::UserPolicy", "/UserName", "/PolicyName", "/PolicyDocument"),
    ],
    own_managed: Some("/ManagedPolicyArns"),
    attachments: &[("AWS::IAM::ManagedPolicy", "/Users", None)],
};

const CFN_GROUPS: Principal = Principal {
    kind: "AWS::IAM::Group",
    name: "/GroupName",
    own_inline: Some(("/Policies", "PolicyName", "PolicyDocument")),
    inline: &[
        ("AWS::IAM::Policy", "/Groups", "/PolicyName", "/PolicyDocument"),
        ("AWS::IAM::GroupPolicy", "/GroupName", "/PolicyName", "/PolicyDocument"),
    ],
    own_managed: Some("/ManagedPolicyArns"),
    attachments: &[("AWS::IAM::ManagedPolicy", "/Groups", None)],
};

const CFN_ROLES: Principal = Principal {
    kind: "AWS::IAM::Role",
    name: "/RoleName",
    own_inline: Some(("/Policies", "PolicyName", "PolicyDocument")),
    inline: &[
        ("AWS::IAM::Policy", "/Roles", "/PolicyName", "/PolicyDocument"),
        ("AWS::IAM::RolePolicy", "/RoleName", "/PolicyName", "/PolicyDocument"),
    ],
    own_managed: Some("/ManagedPolicyArns"),
    attachments: &[("AWS::IAM::ManagedPolicy", "/Roles", None)],
};

fn terraform(inv: &Inventory, model: &mut CloudModel) {
    for res in managed(inv, TF_USERS.kind) {
        let mut e = principal(inv, res, &TF_USERS);
        let mut groups = Vec::new();
        for m in managed(inv, "aws_iam_user_group_membership").filter(|m| naming(m, "/user", res, "/name").is_some()) {
            for (pointer, value) in elements(m, "/groups") {
                groups.push((group(inv, m, &pointer, value), m, pointer));
            }
        }
        for m in managed(inv, "aws_iam_group_membership") {
            if naming(m, "/users", res, "/name").is_some() {
                let value = m.get("/group").cloned().unwrap_or(Json::Null);
                groups.push((group(inv, m, "/group", value), m, "/group".to_string()));
            }
        }
        set_list(&mut e, "groups", groups);
        let profile = managed(inv, "aws_iam_user_login_profile").find(|p| naming(p, "/user", res, "/name").is_some());
        match profile {
            Some(p) => e.set("login_profile", json!(true)).locate_block("login_profile", p),
            None => e.set("login_profile", json!(false)),
        };
        let keys: Vec<&Resource> =
            managed(inv, "aws_iam_access_key").filter(|k| naming(k, "/user", res, "/name").is_some()).collect();
        access_keys(&mut e, &keys, "/status");
        e.set("mfa_enabled", Json::Null);
        model.push("iam", "users", e);
    }
    for res in managed(inv, TF_GROUPS.kind) {
        model.push("iam", "groups", principal(inv, res, &TF_GROUPS));
    }
    for res in managed(inv, TF_ROLES.kind) {
        let mut e = principal(inv, res, &TF_ROLES);
        set_document(&mut e, "assume_role_policy", inv, res, "/assume_role_policy");
        model.push("iam", "roles", e);
    }
    external_principals(inv, &TF_USERS, "users", model);
    external_principals(inv, &TF_GROUPS, "groups", model);
    external_principals(inv, &TF_ROLES, "roles", model);
    for res in managed(inv, "aws_iam_policy") {
        let mut e = Entity::new(res);
        attr(&mut e, "name", res, "/name", Json::Null, string);
        set_document(&mut e, "document", inv, res, "/policy");
        let mut count = Some(0u64);
        for kind in
            ["aws_iam_user_policy_attachment", "aws_iam_group_policy_attachment", "aws_iam_role_policy_attachment"]
        {
            let n = managed(inv, kind).filter(|a| a.refers_to("/policy_arn", &res.address)).count();
            add(&mut count, Some(n as u64));
        }
        for a in managed(inv, "aws_iam_policy_attachment").filter(|a| a.refers_to("/policy_arn", &res.address)) {
            for list in ["/users", "/groups", "/roles"] {
                add(&mut count, target_count(a, list));
            }
        }
        for role in managed(inv, TF_ROLES.kind) {
            let listed = elements(role, "/managed_policy_arns");
            add(&mut count, Some(listed.iter().filter(|(p, _)| role.refers_to(p, &res.address)).count() as u64));
        }
        e.set("attachment_count", count.map_or(Json::Null, Json::from));
        model.push("iam", "policies", e);
    }
    for res in managed(inv, "aws_iam_access_key") {
        let mut e = Entity::new(res);
        attr(&mut e, "user", res, "/user", Json::Null, string);
        e.set("user_ref", ref_address(inv, res, "/user", &["aws_iam_user"]));
        attr(&mut e, "status", res, "/status", json!("Active"), string);
        attr(&mut e, "active", res, "/status", json!(true), |s| {
            s.as_str().map_or(Json::Null, |s| json!(s == "Active"))
        });
        model.push("iam", "access_keys", e);
    }
    for res in managed(inv, "aws_iam_account_password_policy") {
        let mut e = Entity::new(res);
        // Terraform's defaults are the API's: only what is written is enforced.
        for (path, pointer, default, convert) in [
            ("minimum_length", "/minimum_password_length", json!(6), integer as fn(&Json) -> Json),
            ("require_lowercase", "/require_lowercase_characters", json!(false), boolean),
            ("require_uppercase", "/require_uppercase_characters", json!(false), boolean),
            ("require_numbers", "/require_numbers", json!(false), boolean),
            ("require_symbols", "/require_symbols", json!(false), boolean),
            ("allow_users_to_change", "/allow_users_to_change_password", json!(true), boolean),
            ("max_age", "/max_password_age", json!(0), integer),
            ("reuse_prevention", "/password_reuse_prevention", json!(0), integer),
            ("hard_expiry", "/hard_expiry", json!(false), boolean),
        ] {
            attr(&mut e, path, res, pointer, default, convert);
        }
        model.push("iam", "password_policy", e);
    }
}

fn cloudformation(inv: &Inventory, model: &mut CloudModel) {
    for res in inv.of_kind(CFN_USERS.kind) {
        let mut e = principal(inv, res, &CFN_USERS);
        let mut groups = Vec::new();
        for (pointer, value) in elements(res, "/Groups") {
            groups.push((group(inv, res, &pointer, value), res, pointer));
        }
        for m in inv.of_kind("AWS::IAM::UserToGroupAddition") {
            if naming(m, "/Users", res, "/UserName").is_some() {
                let value = m.get("/GroupName").cloned().unwrap_or(Json::Null);
                groups.push((group(inv, m, "/GroupName", value), m, "/GroupName".to_string()));
            }
        }
        set_list(&mut e, "groups", groups);
        attr(&mut e, "login_profile", res, "/LoginProfile", json!(false), written);
        let keys: Vec<&Resource> =
            inv.of_kind("AWS::IAM::AccessKey").filter(|k| naming(k, "/UserName", res, "/UserName").is_some()).collect();
        access_keys(&mut e, &keys, "/Status");
        e.set("mfa_enabled", Json::Null);
        model.push("iam", "users", e);
    }
    for res in inv.of_kind(CFN_GROUPS.kind) {
        model.push("iam", "groups", principal(inv, res, &CFN_GROUPS));
    }
    for res in inv.of_kind(CFN_ROLES.kind) {
        let mut e = principal(inv, res, &CFN_ROLES);
        set_document(&mut e, "assume_role_policy", inv, res, "/AssumeRolePolicyDocument");
        model.push("iam", "roles", e);
    }
    external_principals(inv, &CFN_USERS, "users", model);
    external_principals(inv, &CFN_GROUPS, "groups", model);
    external_principals(inv, &CFN_ROLES, "roles", model);
    for res in inv.of_kind("AWS::IAM::ManagedPolicy") {
        let mut e = Entity::new(res);
        attr(&mut e, "name", res, "/ManagedPolicyName", Json::Null, string);
        set_document(&mut e, "document", inv, res, "/PolicyDocument");
        let mut count = Some(0u64);
        for list in ["/Users", "/Groups", "/Roles"] {
            add(&mut count, target_count(res, list));
        }
        for kind in [CFN_USERS.kind, CFN_GROUPS.kind, CFN_ROLES.kind] {
            for p in inv.of_kind(kind) {
                let listed = elements(p, "/ManagedPolicyArns");
                add(&mut count, Some(listed.iter().filter(|(ptr, _)| p.refers_to(ptr, &res.address)).count() as u64));
            }
        }
        e.set("attachment_count", count.map_or(Json::Null, Json::from));
        model.push("iam", "policies", e);
    }
    for res in inv.of_kind("AWS::IAM::AccessKey") {
        let mut e = Entity::new(res);
        attr(&mut e, "user", res, "/UserName", Json::Null, string);
        e.set("user_ref", ref_address(inv, res, "/UserName", &[CFN_USERS.kind]));
        attr(&mut e, "status", res, "/Status", json!("Active"), string);
        attr(&mut e, "active", res, "/Status", json!(true), |s| {
            s.as_str().map_or(Json::Null, |s| json!(s == "Active"))
        });
        model.push("iam", "access_keys", e);
    }
}

/// A user, group or role with its name, inline policies and attached managed policies.
fn principal(inv: &Inventory, res: &Resource, p: &Principal) -> Entity {
    let mut e = Entity::new(res);
    attr(&mut e, "name", res, p.name, Json::Null, string);
    policies(&mut e, inv, p, Some(res), |source, target| naming(source, target, res, p.name));
    e
}

/// Principals the scan grants to but does not declare: an inline policy or an attachment whose
/// principal is a literal name, a variable or a data source that no principal of the scan
/// answers to. Each is judged on the policies the scan gives it, one entity per principal,
/// named and located after its first policy resource. Resources that list several principals
/// (`aws_iam_policy_attachment`, `AWS::IAM::Policy`) are left to the principals declared.
fn external_principals(inv: &Inventory, p: &Principal, collection: &'static str, model: &mut CloudModel) {
    let declared: Vec<&Resource> = inv.of_kind(p.kind).filter(|r| !r.data).collect();
    let external = |source: &Resource, target: &str| {
        !matches!(source.get(target), Some(Json::Array(_)))
            && !declared.iter().any(|d| naming(source, target, d, p.name).is_some())
    };
    let sources = p.inline.iter().map(|(kind, target, _, _)| (*kind, *target));
    let sources = sources.chain(p.attachments.iter().filter(|(_, _, arn)| arn.is_some()).map(|(k, t, _)| (*k, *t)));
    let mut targets: BTreeMap<String, (&Resource, &str)> = BTreeMap::new();
    for (kind, target) in sources {
        for source in inv.of_kind(kind).filter(|r| !r.data && external(r, target)) {
            let first = targets.entry(external_target(source, target)).or_insert((source, target));
            if (&source.file, source.span.start) < (&first.0.file, first.0.span.start) {
                *first = (source, target);
            }
        }
    }
    for (key, (first, target)) in targets {
        let mut e = Entity::external(first, "iam", collection);
        attr(&mut e, "name", first, target, Json::Null, string);
        policies(&mut e, inv, p, None, |source, target| {
            (external(source, target) && external_target(source, target) == key).then(|| target.to_string())
        });
        model.push("iam", collection, e);
    }
}

/// The inline policies and attached managed policies of one principal: written on the
/// principal itself (`own`) and on the resources that `belongs` says grant to it (returning the
/// pointer that names it).
fn policies<'a>(
    e: &mut Entity,
    inv: &'a Inventory,
    p: &Principal,
    own: Option<&'a Resource>,
    belongs: impl Fn(&Resource, &str) -> Option<String>,
) {
    // (name, document) sources: resource, name pointer, document pointer, entry pointer.
    let mut inline: Vec<(&Resource, String, String, String)> = Vec::new();
    if let (Some((list, name, doc)), Some(res)) = (p.own_inline, own) {
        for (pointer, value) in elements(res, list) {
            // Terraform's empty `inline_policy {}` removes inline policies; it adds none.
            if value.get(doc).is_some() {
                inline.push((res, format!("{pointer}/{name}"), format!("{pointer}/{doc}"), pointer));
            }
        }
    }
    for (kind, target, name, doc) in p.inline {
        for source in inv.of_kind(kind).filter(|r| !r.data && belongs(r, target).is_some()) {
            inline.push((source, name.to_string(), doc.to_string(), String::new()));
        }
    }
    // Entity paths do not index into arrays: build the list whole, then locate its parts.
    let docs: Vec<Option<Json>> =
        inline.iter().map(|(source, _, doc, _)| policy_document::resolve(inv, source, doc)).collect();
    let entries = inline.iter().zip(&docs).map(|((source, name, _, _), doc)| {
        json!({"name": source.get(name).cloned().unwrap_or(Json::Null), "document": doc.clone().unwrap_or(Json::Null)})
    });
    e.set("policies", Json::Array(entries.collect()));
    for (i, ((source, name, doc, entry), resolved)) in inline.iter().zip(&docs).enumerate() {
        e.locate(&format!("policies/{i}"), source, entry);
        if source.get(name).is_some() {
            e.locate(&format!("policies/{i}/name"), source, name);
        }
        if resolved.is_some() {
            policy_document::locate(e, &format!("policies/{i}/document"), inv, source, doc);
        }
    }

    let mut attached = Vec::new();
    if let (Some(list), Some(res)) = (p.own_managed, own) {
        for (pointer, value) in elements(res, list) {
            attached.push((attachment(inv, res, &pointer, value), res, pointer));
        }
    }
    for (kind, target, arn) in p.attachments {
        for source in inv.of_kind(kind).filter(|r| !r.data) {
            let Some(at) = belongs(source, target) else { continue };
            let entry = match arn {
                Some(arn) => {
                    let value = source.get(arn).cloned().unwrap_or(Json::Null);
                    (attachment(inv, source, arn, value), source, arn.to_string())
                }
                None => (json!({"arn": null, "ref": source.address}), source, at),
            };
            attached.push(entry);
        }
    }
    set_list(e, "attached_policies", attached);
}

/// An attached managed policy: its ARN when written (or given by an `aws_iam_policy` data
/// source), and the managed policy resource of this unit it refers to.
fn attachment(inv: &Inventory, res: &Resource, pointer: &str, value: Json) -> Json {
    let targets: Vec<&Resource> = res.refs.get(pointer).into_iter().flatten().filter_map(|a| inv.get(a)).collect();
    let arn = match value {
        Json::String(_) => value,
        _ => targets
            .iter()
            .find(|t| t.data && t.kind == "aws_iam_policy")
            .and_then(|t| t.get("/arn"))
            .filter(|a| a.is_string())
            .cloned()
            .unwrap_or(Json::Null),
    };
    let policy = targets.iter().find(|t| !t.data && MANAGED_POLICY_KINDS.contains(&t.kind.as_str()));
    json!({"arn": arn, "ref": policy.map(|t| t.address.clone())})
}

/// A group membership entry: the group's name when written and the group resource it refers to.
fn group(inv: &Inventory, res: &Resource, pointer: &str, value: Json) -> Json {
    let name = if value.is_string() { value } else { Json::Null };
    let group = res
        .refs
        .get(pointer)
        .into_iter()
        .flatten()
        .filter_map(|a| inv.get(a))
        .find(|t| !t.data && (t.kind == "aws_iam_group" || t.kind == "AWS::IAM::Group"));
    // A membership by name finds the group of this unit with that name.
    let group = group.map(|g| g.address.clone()).or_else(|| {
        let name = name.as_str()?;
        inv.of_kind("aws_iam_group")
            .chain(inv.of_kind("AWS::IAM::Group"))
            .find(|g| !g.data && [g.get("/name"), g.get("/GroupName")].contains(&Some(&json!(name))))
            .map(|g| g.address.clone())
    });
    json!({"name": name, "ref": group})
}

/// Access keys of a user: how many, how many active (`null` when a status is unknown).
fn access_keys(e: &mut Entity, keys: &[&Resource], status: &str) {
    let mut active = Some(0u64);
    for k in keys {
        let on = match k.get(status) {
            None => Some(true),
            Some(Json::String(s)) => Some(s == "Active"),
            Some(_) => None,
        };
        add(&mut active, on.map(u64::from));
    }
    e.set("access_keys", json!(keys.len()));
    e.set("active_access_keys", active.map_or(Json::Null, Json::from));
    if let (Some(first), Some(last)) = (keys.first(), keys.last()) {
        e.locate_block("access_keys", first);
        // The key that makes one too many.
        e.locate_block("active_access_keys", last);
    }
}

fn add(total: &mut Option<u64>, n: Option<u64>) {
    *total = total.zip(n).map(|(a, b)| a + b);
}

/// How many principals the list at `pointer` names: `None` when unknown, 0 when omitted.
fn target_count(res: &Resource, pointer: &str) -> Option<u64> {
    match res.get(pointer) {
        None => Some(0),
        Some(Json::Null) => None,
        Some(Json::Array(items)) => Some(items.len() as u64),
        Some(_) => Some(1),
    }
}

fn set_list(e: &mut Entity, path: &str, entries: Vec<(Json, &Resource, String)>) {
    e.set(path, Json::Array(entries.iter().map(|(v, _, _)| v.clone()).collect()));
    for (i, (_, res, pointer)) in entries.iter().enumerate() {
        e.locate(&format!("{path}/{i}"), res, pointer);
    }
}

/// A policy document at `path`: `null` when omitted or unknown.
fn set_document(e: &mut Entity, path: &str, inv: &Inventory, res: &Resource, pointer: &str) {
    match policy_document::resolve(inv, res, pointer) {
        Some(doc) => {
            e.set(path, doc);
            policy_document::locate(e, path, inv, res, pointer);
        }
        None => {
            e.set(path, Json::Null);
        }
    }
}

/// The elements of the list at `pointer` with their pointers; a single value as one element.
fn elements(res: &Resource, pointer: &str) -> Vec<(String, Json)> {
    match res.get(pointer) {
        None => Vec::new(),
        Some(Json::Array(items)) => {
            items.iter().enumerate().map(|(i, v)| (format!("{pointer}/{i}"), v.clone())).collect()
        }
        Some(other) => vec![(pointer.to_string(), other.clone())],
    }
}

/// Where the attribute at `pointer` of `res` (a name, or a list of names) names `target`, by
/// reference or by the target's literal name at `name`: the pointer of the naming element.
fn naming(res: &Resource, pointer: &str, target: &Resource, name_pointer: &str) -> Option<String> {
    let name = target.get(name_pointer).and_then(Json::as_str);
    let expr = target.exprs.get(name_pointer);
    let names = |p: &str, v: &Json| {
        res.refers_to(p, &target.address)
            || (name.is_some() && v.as_str() == name)
            || (expr.is_some() && res.exprs.get(p) == expr)
    };
    if let Some(Json::Array(items)) = res.get(pointer) {
        if let Some(i) = items.iter().enumerate().position(|(i, v)| names(&format!("{pointer}/{i}"), v)) {
            return Some(format!("{pointer}/{i}"));
        }
    }
    let value = res.get(pointer).cloned().unwrap_or(Json::Null);
    (res.refers_to(pointer, &target.address) || (!value.is_array() && names(pointer, &value)))
        .then(|| pointer.to_string())
}

#[cfg(test)]
mod tests {
    use super::super::testing::resource_top_level as resource;
    use super::*;
    use crate::cloud::aws::build;
    use crate::document::Span;
    use crate::iac::Source;

    fn iam(source: Source, resources: Vec<Resource>) -> Json {
        build(&Inventory::new(source, resources)).finish().0["aws"]["iam"].clone()
    }

    const ADMIN: &str =
        r#"{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "*", "Resource": "*"}]}"#;

    #[test]
    fn terraform_user_with_everything_folded_in() {
        let u = [("/user", "aws_iam_user.alice")];
        let model = iam(
            Source::Terraform,
            vec![
                resource("aws_iam_user", "aws_iam_user.alice", json!({"name": "alice"}), &[]),
                resource("aws_iam_group", "aws_iam_group.ops", json!({"name": "ops"}), &[]),
                resource("aws_iam_policy", "aws_iam_policy.admin", json!({"name": "admin", "policy": ADMIN}), &[]),
                resource(
                    "aws_iam_user_policy",
                    "aws_iam_user_policy.inline",
                    json!({"user": null, "name": "inline", "policy": ADMIN}),
                    &u,
                ),
                resource(
                    "aws_iam_user_policy_attachment",
                    "aws_iam_user_policy_attachment.a",
                    json!({"user": null, "policy_arn": null}),
                    &[("/user", "aws_iam_user.alice"), ("/policy_arn", "aws_iam_policy.admin")],
                ),
                // By literal name.
                resource(
                    "aws_iam_user_policy_attachment",
                    "aws_iam_user_policy_attachment.b",
                    json!({"user": "alice", "policy_arn": "arn:aws:iam::aws:policy/AdministratorAccess"}),
                    &[],
                ),
                resource(
                    "aws_iam_policy_attachment",
                    "aws_iam_policy_attachment.c",
                    json!({"name": "c", "users": [null, "bob"], "roles": ["r"], "policy_arn": null}),
                    &[("/users/0", "aws_iam_user.alice"), ("/policy_arn", "aws_iam_policy.admin")],
                ),
                resource(
                    "aws_iam_user_group_membership",
                    "aws_iam_user_group_membership.m",
                    json!({"user": null, "groups": [null, "other"]}),
                    &[("/user", "aws_iam_user.alice"), ("/groups/0", "aws_iam_group.ops")],
                ),
                resource("aws_iam_user_login_profile", "aws_iam_user_login_profile.p", json!({"user": null}), &u),
                resource("aws_iam_access_key", "aws_iam_access_key.k1", json!({"user": null}), &u),
                resource(
                    "aws_iam_access_key",
                    "aws_iam_access_key.k2",
                    json!({"user": "alice", "status": "Inactive"}),
                    &[],
                ),
            ],
        );
        let alice = &model["users"][0];
        assert_eq!(alice["name"], json!("alice"));
        assert_eq!(alice["policies"][0]["name"], json!("inline"));
        assert_eq!(alice["policies"][0]["document"]["Statement"][0]["Action"], json!(["*"]));
        assert_eq!(
            alice["attached_policies"],
            json!([{"arn": null, "ref": "aws_iam_policy.admin"},
                   {"arn": "arn:aws:iam::aws:policy/AdministratorAccess", "ref": null},
                   {"arn": null, "ref": "aws_iam_policy.admin"}])
        );
        assert_eq!(
            alice["groups"],
            json!([{"name": null, "ref": "aws_iam_group.ops"}, {"name": "other", "ref": null}])
        );
        assert_eq!(alice["login_profile"], json!(true));
        assert_eq!(alice["access_keys"], json!(2));
        assert_eq!(alice["active_access_keys"], json!(1));
        assert_eq!(alice["mfa_enabled"], Json::Null);
        // One user attachment plus three principals of the shared attachment.
        assert_eq!(model["policies"][0]["attachment_count"], json!(4));
        assert_eq!(model["policies"][0]["document"]["Statement"][0]["Resource"], json!(["*"]));
        assert_eq!(model["access_keys"][0]["user_ref"], json!("aws_iam_user.alice"));
        assert_eq!(model["access_keys"][1]["active"], json!(false));
        assert_eq!(model["groups"][0]["policies"], json!([]));
    }

    #[test]
    fn terraform_role() {
        let model = iam(
            Source::Terraform,
            vec![
                resource(
                    "aws_iam_role",
                    "aws_iam_role.r",
                    json!({
                        "name": "r",
                        "assume_role_policy": null,
                        "inline_policy": [{"name": "x", "policy": ADMIN}, {}],
                        "managed_policy_arns": ["arn:aws:iam::aws:policy/ReadOnlyAccess", null]
                    }),
                    &[
                        ("/assume_role_policy", "data.aws_iam_policy_document.trust"),
                        ("/managed_policy_arns/1", "data.aws_iam_policy.admin"),
                    ],
                ),
                resource(
                    "aws_iam_policy_document",
                    "data.aws_iam_policy_document.trust",
                    json!({
                        "statement": [{"actions": ["sts:AssumeRole"]}],
                        "json": r#"{"Statement": [{"Effect": "Allow", "Action": "sts:AssumeRole", "Principal": {"Service": "ec2.amazonaws.com"}}]}"#
                    }),
                    &[],
                ),
                resource(
                    "aws_iam_policy",
                    "data.aws_iam_policy.admin",
                    json!({"arn": "arn:aws:iam::aws:policy/AdministratorAccess"}),
                    &[],
                ),
                resource(
                    "aws_iam_role_policy",
                    "aws_iam_role_policy.p",
                    json!({"role": "r", "policy": "not json"}),
                    &[],
                ),
                resource(
                    "aws_iam_role_policy_attachment",
                    "aws_iam_role_policy_attachment.a",
                    json!({"role": "other", "policy_arn": "arn:aws:iam::aws:policy/PowerUserAccess"}),
                    &[],
                ),
            ],
        );
        let r = &model["roles"][0];
        assert_eq!(r["assume_role_policy"]["Statement"][0]["Principal"], json!({"Service": ["ec2.amazonaws.com"]}));
        assert_eq!(r["policies"].as_array().map(Vec::len), Some(2));
        assert_eq!(r["policies"][1]["document"], Json::Null);
        assert_eq!(
            r["attached_policies"],
            json!([{"arn": "arn:aws:iam::aws:policy/ReadOnlyAccess", "ref": null},
                   {"arn": "arn:aws:iam::aws:policy/AdministratorAccess", "ref": null}])
        );
        // The data source is not a managed policy of this unit.
        assert!(model.get("policies").is_none());
    }

    #[test]
    fn terraform_password_policy_defaults() {
        let model = iam(
            Source::Terraform,
            vec![resource(
                "aws_iam_account_password_policy",
                "aws_iam_account_password_policy.p",
                // Strings where numbers and booleans belong (a variable typed string, HCL
                // quoting) are read as the numbers and booleans they say.
                json!({"minimum_password_length": "14", "require_symbols": null, "require_numbers": "true"}),
                &[],
            )],
        );
        assert_eq!(
            model["password_policy"][0],
            json!({"__ref": "aws_iam_account_password_policy.p", "minimum_length": 14, "require_lowercase": false,
                   "require_uppercase": false, "require_numbers": true, "require_symbols": null,
                   "allow_users_to_change": true, "max_age": 0, "reuse_prevention": 0, "hard_expiry": false})
        );
    }

    #[test]
    fn cloudformation_principals_and_policies() {
        let doc = json!({"Statement": {"Effect": "Allow", "Action": "s3:*", "Resource": "*"}});
        let model = iam(
            Source::CloudFormation,
            vec![
                resource(
                    "AWS::IAM::User",
                    "Resources.Alice",
                    json!({
                        "Groups": ["ops"], "LoginProfile": {"Password": null},
                        "ManagedPolicyArns": ["arn:aws:iam::aws:policy/AdministratorAccess"],
                        "Policies": [{"PolicyName": "own", "PolicyDocument": doc}]
                    }),
                    &[],
                ),
                resource("AWS::IAM::Group", "Resources.Ops", json!({"GroupName": "ops"}), &[]),
                resource(
                    "AWS::IAM::Role",
                    "Resources.Role",
                    json!({"AssumeRolePolicyDocument": {
                    "Statement": [{"Effect": "Allow", "Principal": {"AWS": "*"}, "Action": "sts:AssumeRole"}]}}),
                    &[],
                ),
                resource(
                    "AWS::IAM::Policy",
                    "Resources.Shared",
                    json!({"PolicyName": "shared", "PolicyDocument": doc,
                    "Roles": [null], "Users": [null]}),
                    &[("/Roles/0", "Resources.Role"), ("/Users/0", "Resources.Alice")],
                ),
                resource(
                    "AWS::IAM::ManagedPolicy",
                    "Resources.Managed",
                    json!({"PolicyDocument": doc, "Roles": [null]}),
                    &[("/Roles/0", "Resources.Role")],
                ),
                resource(
                    "AWS::IAM::AccessKey",
                    "Resources.Key",
                    json!({"UserName": null, "Status": null}),
                    &[("/UserName", "Resources.Alice")],
                ),
            ],
        );
        let alice = &model["users"][0];
        assert_eq!(alice["groups"], json!([{"name": "ops", "ref": "Resources.Ops"}]));
        assert_eq!(alice["login_profile"], json!(true));
        assert_eq!(alice["policies"][0]["name"], json!("own"));
        assert_eq!(alice["policies"][1]["name"], json!("shared"));
        assert_eq!(alice["access_keys"], json!(1));
        assert_eq!(alice["active_access_keys"], Json::Null);
        let role = &model["roles"][0];
        assert_eq!(role["assume_role_policy"]["Statement"][0]["Principal"], json!({"AWS": ["*"]}));
        assert_eq!(role["policies"][0]["document"]["Statement"][0]["Action"], json!(["s3:*"]));
        assert_eq!(role["attached_policies"], json!([{"arn": null, "ref": "Resources.Managed"}]));
        assert_eq!(model["policies"][0]["attachment_count"], json!(1));
        assert_eq!(model["access_keys"][0]["active"], Json::Null);
    }

    #[test]
    fn statements_are_located_in_the_template_and_the_data_source() {
        let role = resource(
            "AWS::IAM::Role",
            "Resources.Role",
            json!({"AssumeRolePolicyDocument": {
            "Statement": [{"Effect": "Allow", "Action": "sts:AssumeRole"}]}}),
            &[],
        );
        let mut role = role;
        role.spans.insert("/AssumeRolePolicyDocument/Statement/0".into(), Span::new(7, 9));
        role.spans.insert("/AssumeRolePolicyDocument/Statement/0/Action".into(), Span::new(8, 8));
        let (_, map) = build(&Inventory::new(Source::CloudFormation, vec![role])).finish();
        let at = |path: Json| map.locate("Resources.Role", path.as_array().unwrap()).unwrap().span;
        assert_eq!(at(json!(["assume_role_policy", "Statement", 0, "Action"])), Span::new(8, 8));
        assert_eq!(at(json!(["assume_role_policy", "Statement", 0, "Resource"])), Span::new(7, 9));

        let mut data = resource(
            "aws_iam_policy_document",
            "data.aws_iam_policy_document.d",
            json!({
                "statement": [{"actions": ["*"]}],
                "json": r#"{"Statement": [{"Effect": "Allow", "Action": "*", "Resource": "*"}]}"#
            }),
            &[],
        );
        data.file = "data.tf".into();
        data.spans.insert("/statement/0".into(), Span::new(30, 33));
        data.spans.insert("/statement/0/actions".into(), Span::new(31, 31));
        let policy = resource(
            "aws_iam_policy",
            "aws_iam_policy.p",
            json!({"policy": null}),
            &[("/policy", "data.aws_iam_policy_document.d")],
        );
        let (input, map) = build(&Inventory::new(Source::Terraform, vec![data, policy])).finish();
        assert_eq!(input["aws"]["iam"]["policies"][0]["document"]["Statement"][0]["Action"], json!(["*"]));
        let loc = map
            .locate("aws_iam_policy.p", &[json!("document"), json!("Statement"), json!(0), json!("Action")])
            .unwrap();
        assert_eq!((&*loc.file, loc.span), ("data.tf", Span::new(31, 31)));
        let loc = map.locate("aws_iam_policy.p", &[json!("document")]).unwrap();
        assert_eq!((&*loc.file, loc.span), ("main.tf", Span::new(2, 2)));
    }
}
