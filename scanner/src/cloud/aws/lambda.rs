//! Lambda adapter: functions (`aws_lambda_function`, `AWS::Lambda::Function`,
//! `AWS::Serverless::Function`) with their execution role, environment, tracing and network
//! settings, and what exposes them: function URLs (`aws_lambda_function_url`,
//! `AWS::Lambda::Url`, SAM `FunctionUrlConfig`) and resource-based permissions
//! (`aws_lambda_permission`, `AWS::Lambda::Permission`).
//!
//! Environment values are never copied into the model: each variable only says whether its
//! value is a literal that looks like a credential, so that findings and reports cannot leak it.

use serde_json::{json, Map, Value as Json};

use super::kms::{customer_managed, kms_key};
use super::{policy_document, Adapter};
use crate::cloud::read::{
    attached_to, attr, integer, literal, lookup, read_fields, reference, refs_under, string, DefaultValue, Field,
    Lookup,
};
use crate::cloud::{CloudModel, Entity};
use crate::iac::{Inventory, Resource};

pub const ADAPTER: Adapter =
    Adapter { service: "lambda", fields: &[("functions", FUNCTION)], terraform, cloudformation };

/// What a function reads the same way from Terraform, CloudFormation and SAM. The runtime is
/// omitted for container images, which bring their own.
const FUNCTION: &[Field] = &[
    Field::new("name", "/function_name", "/FunctionName", DefaultValue::Null, string),
    Field::new("package_type", "/package_type", "/PackageType", DefaultValue::Str("Zip"), string),
    Field::new("runtime", "/runtime", "/Runtime", DefaultValue::Null, string),
    Field::new(
        "reserved_concurrency",
        "/reserved_concurrent_executions",
        "/ReservedConcurrentExecutions",
        DefaultValue::Int(-1),
        integer,
    ),
];

const ROLE_KINDS: &[&str] = &["aws_iam_role", "AWS::IAM::Role"];

/// The managed policy SAM attaches to every role it generates for a function.
const SAM_BASIC_EXECUTION: &str = "arn:aws:iam::aws:policy/service-role/AWSLambdaBasicExecutionRole";

struct Names {
    role: &'static str,
    variables: &'static str,
    kms: &'static str,
    tracing: &'static str,
    subnets: &'static str,
    dead_letter: &'static str,
    code_signing: &'static str,
}

const TERRAFORM: Names = Names {
    role: "/role",
    variables: "/environment/0/variables",
    kms: "/kms_key_arn",
    tracing: "/tracing_config/0/mode",
    subnets: "/vpc_config/0/subnet_ids",
    dead_letter: "/dead_letter_config/0/target_arn",
    code_signing: "/code_signing_config_arn",
};

const CLOUDFORMATION: Names = Names {
    role: "/Role",
    variables: "/Environment/Variables",
    kms: "/KmsKeyArn",
    tracing: "/TracingConfig/Mode",
    subnets: "/VpcConfig/SubnetIds",
    dead_letter: "/DeadLetterConfig/TargetArn",
    code_signing: "/CodeSigningConfigArn",
};

const SAM: Names = Names { tracing: "/Tracing", dead_letter: "/DeadLetterQueue/TargetArn", ..CLOUDFORMATION };

fn terraform(inv: &Inventory, model: &mut CloudModel) {
    for res in inv.of_kind("aws_lambda_function").filter(|r| !r.data) {
        let mut e = function(inv, res, &TERRAFORM);
        e.set("generated_role", Json::Null);
        let urls: Vec<_> =
            attached_to(inv, "aws_lambda_function_url", "/function_name", res, Some("/function_name")).collect();
        let mut list = Vec::new();
        for url in &urls {
            list.push(json!({
                "auth_type": string_at(url, "/authorization_type"),
                "qualifier": string_at(url, "/qualifier"),
            }));
        }
        e.set("urls", Json::Array(list));
        for (i, url) in urls.iter().enumerate() {
            locate_item(
                &mut e,
                &format!("urls/{i}"),
                url,
                &[("auth_type", "/authorization_type"), ("qualifier", "/qualifier")],
            );
        }
        let perms: Vec<_> =
            attached_to(inv, "aws_lambda_permission", "/function_name", res, Some("/function_name")).collect();
        permissions(&mut e, &perms, &TF_PERMISSION);
        model.push("lambda", "functions", e);
    }
}

fn cloudformation(inv: &Inventory, model: &mut CloudModel) {
    for (kind, names) in [("AWS::Lambda::Function", &CLOUDFORMATION), ("AWS::Serverless::Function", &SAM)] {
        for res in inv.of_kind(kind) {
            let mut e = function(inv, res, names);
            let sam = kind == "AWS::Serverless::Function";
            if sam && lookup(res, "/Role") == Lookup::Omitted {
                generated_role(&mut e, inv, res);
            } else {
                e.set("generated_role", Json::Null);
            }
            let urls: Vec<_> =
                attached_to(inv, "AWS::Lambda::Url", "/TargetFunctionArn", res, Some("/FunctionName")).collect();
            let mut list = Vec::new();
            for url in &urls {
                list.push(json!({"auth_type": string_at(url, "/AuthType"), "qualifier": string_at(url, "/Qualifier")}));
            }
            let sam_url = sam && lookup(res, "/FunctionUrlConfig") != Lookup::Omitted;
            if sam_url {
                list.push(json!({"auth_type": string_at(res, "/FunctionUrlConfig/AuthType"), "qualifier": Json::Null}));
            }
            e.set("urls", Json::Array(list));
            for (i, url) in urls.iter().enumerate() {
                locate_item(
                    &mut e,
                    &format!("urls/{i}"),
                    url,
                    &[("auth_type", "/AuthType"), ("qualifier", "/Qualifier")],
                );
            }
            if sam_url {
                let i = urls.len();
                e.locate(&format!("urls/{i}"), res, "/FunctionUrlConfig");
                e.locate(&format!("urls/{i}/auth_type"), res, "/FunctionUrlConfig/AuthType");
            }
            let perms: Vec<_> =
                attached_to(inv, "AWS::Lambda::Permission", "/FunctionName", res, Some("/FunctionName")).collect();
            permissions(&mut e, &perms, &CFN_PERMISSION);
            model.push("lambda", "functions", e);
        }
    }
}

fn string_at(res: &Resource, pointer: &str) -> Json {
    match lookup(res, pointer) {
        Lookup::Known(v) => string(v),
        _ => Json::Null,
    }
}

/// Locate an item folded in from another resource: the item at that resource's block, each
/// field at its attribute.
fn locate_item(e: &mut Entity, path: &str, res: &Resource, fields: &[(&str, &str)]) {
    e.locate_block(path, res);
    for (field, pointer) in fields {
        e.locate(&format!("{path}/{field}"), res, pointer);
    }
}

fn function(inv: &Inventory, res: &Resource, names: &Names) -> Entity {
    let mut e = Entity::new(res);
    read_fields(&mut e, res, FUNCTION);
    reference(&mut e, "role_ref", inv, res, names.role, ROLE_KINDS);
    if e.get("role_ref").is_some_and(Json::is_null) {
        if let Some(role) = role_by_arn(inv, res, names.role) {
            e.set("role_ref", Json::String(role.address.clone()));
        }
    }
    environment(&mut e, inv, res, names);
    let mode = attr(&mut e, "tracing_mode", res, names.tracing, json!("PassThrough"), string);
    if mode == json!("Disabled") {
        // SAM's `Tracing: Disabled` leaves Lambda's default.
        e.set("tracing_mode", json!("PassThrough"));
    }
    let subnets = match lookup(res, names.subnets) {
        Lookup::Omitted => json!(false),
        Lookup::Known(Json::Array(items)) => json!(!items.is_empty()),
        _ if refs_under(res, names.subnets).next().is_some() => json!(true),
        _ => Json::Null,
    };
    flag(&mut e, "vpc_configured", res, names.subnets, subnets);
    let dead_letter = configured(res, names.dead_letter);
    flag(&mut e, "dead_letter_configured", res, names.dead_letter, dead_letter);
    let signing = configured(res, names.code_signing);
    flag(&mut e, "code_signing_configured", res, names.code_signing, signing);
    e
}

/// Set a computed flag, located at `pointer` when that is written.
fn flag(e: &mut Entity, path: &str, res: &Resource, pointer: &str, value: Json) {
    e.set(path, value);
    if lookup(res, pointer) != Lookup::Omitted {
        e.locate(path, res, pointer);
    }
}

/// Whether an optional ARN-like argument is set: `false` omitted or empty, `true` when a
/// literal or a reference, `null` when unknown.
fn configured(res: &Resource, pointer: &str) -> Json {
    match lookup(res, pointer) {
        Lookup::Omitted => json!(false),
        Lookup::Known(Json::String(s)) => json!(!s.trim().is_empty()),
        Lookup::Known(_) => Json::Null,
        Lookup::Unknown if refs_under(res, pointer).next().is_some() => json!(true),
        Lookup::Unknown => Json::Null,
    }
}

/// A role named by a literal ARN (`arn:aws:iam::111122223333:role/path/name`) whose literal
/// name matches a role of the inventory.
fn role_by_arn<'a>(inv: &'a Inventory, res: &Resource, pointer: &str) -> Option<&'a Resource> {
    let arn = literal(res, pointer)?;
    let (_, name) = arn.split_once(":role/")?;
    let name = name.rsplit('/').next()?;
    inv.resources.iter().find(|r| {
        !r.data
            && ROLE_KINDS.contains(&r.kind.as_str())
            && (literal(r, "/name") == Some(name) || literal(r, "/RoleName") == Some(name))
    })
}

fn environment(e: &mut Entity, inv: &Inventory, res: &Resource, names: &Names) {
    let mut variables = Vec::new();
    let mut located = Vec::new();
    if let Lookup::Known(Json::Object(vars)) = lookup(res, names.variables) {
        for (name, value) in vars {
            let pointer = format!("{}/{}", names.variables, name.replace('~', "~0").replace('/', "~1"));
            let referenced = refs_under(res, &pointer).next().is_some();
            let secret = match value {
                Json::Null if referenced => json!(false),
                Json::Null => Json::Null,
                Json::String(s) => json!(!referenced && secret_literal(name, s)),
                _ => json!(false),
            };
            let mut item = Map::new();
            item.insert("name".into(), Json::String(name.clone()));
            item.insert("secret_literal".into(), secret);
            variables.push(Json::Object(item));
            located.push(pointer);
        }
    }
    match lookup(res, names.variables) {
        Lookup::Unknown => {
            e.set("environment/variables", Json::Null).locate("environment/variables", res, names.variables);
        }
        _ => {
            e.set("environment/variables", Json::Array(variables));
            if lookup(res, names.variables) != Lookup::Omitted {
                e.locate("environment/variables", res, names.variables);
            }
            for (i, pointer) in located.iter().enumerate() {
                e.locate(&format!("environment/variables/{i}"), res, pointer);
                e.locate(&format!("environment/variables/{i}/secret_literal"), res, pointer);
            }
        }
    }
    // Without a key, Lambda encrypts the environment with the AWS managed `aws/lambda` key.
    let choice = kms_key(e, "environment/encryption", inv, res, names.kms);
    customer_managed(e, "environment/encryption", res, names.kms, choice);
}

/// Whether a literal environment value looks like a credential: its value has the shape of a
/// well-known secret, or its name says it holds one and the value is a plausible secret rather
/// than a pointer to one (an ARN, a parameter path, a dynamic reference, a flag).
fn secret_literal(name: &str, value: &str) -> bool {
    let value = value.trim();
    if crate::secrets::has_credential(value) {
        return true;
    }
    if !crate::secrets::is_secret_name(name) || value.chars().count() < 6 || value.contains("{{resolve:") {
        return false;
    }
    let lower = value.to_ascii_lowercase();
    let pointer_like = lower.starts_with("arn:")
        || value.starts_with('/')
        || ((lower.starts_with("https://") || lower.starts_with("http://")) && !value.contains('@'))
        || matches!(lower.as_str(), "true" | "false" | "enabled" | "disabled" | "none" | "null");
    !pointer_like
}

/// SAM generates the execution role when `Role` is omitted, from `Policies`: managed policy
/// names or ARNs, inline documents, and policy templates (which never grant more than their
/// service's scoped actions, so they are not modelled).
fn generated_role(e: &mut Entity, inv: &Inventory, res: &Resource) {
    if lookup(res, "/Policies") == Lookup::Unknown {
        e.set("generated_role", json!({"managed_policy_arns": Json::Null, "policies": Json::Null}));
        e.locate("generated_role", res, "/Policies");
        return;
    }
    // (value, pointer of the item that wrote it); the basic execution policy is SAM's own.
    let mut arns: Vec<(Json, Option<String>)> = vec![(json!(SAM_BASIC_EXECUTION), None)];
    let mut documents = Vec::new();
    let mut doc_pointers = Vec::new();
    let items: Vec<(String, &Json)> = match lookup(res, "/Policies") {
        Lookup::Known(Json::Array(items)) => {
            items.iter().enumerate().map(|(i, v)| (format!("/Policies/{i}"), v)).collect()
        }
        Lookup::Known(v) => vec![("/Policies".to_string(), v)],
        Lookup::Omitted | Lookup::Unknown => Vec::new(),
    };
    for (pointer, item) in items {
        match item {
            Json::String(s) if s.starts_with("arn:") => arns.push((json!(s), Some(pointer))),
            Json::String(s) => arns.push((json!(format!("arn:aws:iam::aws:policy/{s}")), Some(pointer))),
            Json::Object(doc) if doc.contains_key("Statement") => {
                documents.push(policy_document::parse(item));
                doc_pointers.push(pointer);
            }
            Json::Object(_) => {}
            _ => arns.push((Json::Null, Some(pointer))),
        }
    }
    let values = arns.iter().map(|(v, _)| v.clone()).collect();
    e.set("generated_role/managed_policy_arns", Json::Array(values));
    e.set("generated_role/policies", Json::Array(documents));
    if lookup(res, "/Policies") != Lookup::Omitted {
        e.locate("generated_role", res, "/Policies");
        e.locate("generated_role/managed_policy_arns", res, "/Policies");
        e.locate("generated_role/policies", res, "/Policies");
    }
    for (i, (_, pointer)) in arns.iter().enumerate() {
        if let Some(pointer) = pointer {
            e.locate(&format!("generated_role/managed_policy_arns/{i}"), res, pointer);
        }
    }
    for (i, pointer) in doc_pointers.iter().enumerate() {
        policy_document::locate(e, &format!("generated_role/policies/{i}"), inv, res, pointer);
    }
}

struct PermissionNames {
    action: &'static str,
    principal: &'static str,
    /// Arguments that narrow who may invoke through the principal.
    restrictions: &'static [&'static str],
    url_auth: &'static str,
    qualifier: &'static str,
}

const TF_PERMISSION: PermissionNames = PermissionNames {
    action: "/action",
    principal: "/principal",
    restrictions: &["/source_arn", "/source_account", "/principal_org_id", "/event_source_token"],
    url_auth: "/function_url_auth_type",
    qualifier: "/qualifier",
};

const CFN_PERMISSION: PermissionNames = PermissionNames {
    action: "/Action",
    principal: "/Principal",
    restrictions: &["/SourceArn", "/SourceAccount", "/PrincipalOrgID", "/EventSourceToken"],
    url_auth: "/FunctionUrlAuthType",
    qualifier: "/Qualifier",
};

/// `permissions`: each statement added to the function's resource-based policy, with whether
/// a source ARN, source account, organization or event token restricts it (`false` when none
/// is written, `null` when one is written but unknown).
fn permissions(e: &mut Entity, perms: &[&Resource], names: &PermissionNames) {
    let mut list = Vec::new();
    for perm in perms {
        let mut restricted = json!(false);
        for pointer in names.restrictions {
            match configured(perm, pointer) {
                Json::Bool(true) => {
                    restricted = json!(true);
                    break;
                }
                Json::Bool(false) => {}
                _ => restricted = Json::Null,
            }
        }
        list.push(json!({
            "action": string_at(perm, names.action),
            "principal": string_at(perm, names.principal),
            "source_restricted": restricted,
            "function_url_auth_type": string_at(perm, names.url_auth),
            "qualifier": string_at(perm, names.qualifier),
        }));
    }
    e.set("permissions", Json::Array(list));
    for (i, perm) in perms.iter().enumerate() {
        let path = format!("permissions/{i}");
        locate_item(
            e,
            &path,
            perm,
            &[
                ("action", names.action),
                ("principal", names.principal),
                ("function_url_auth_type", names.url_auth),
                ("qualifier", names.qualifier),
            ],
        );
    }
}

#[cfg(test)]
mod tests {
    use super::super::testing::{build, resource};
    use super::*;
    use crate::iac::Source;

    #[test]
    fn secret_values() {
        assert!(secret_literal("DB_PASSWORD", "Sup3rS3cret!"));
        assert!(!secret_literal("DB_PASSWORD", "/prod/db/password"));
        assert!(!secret_literal("DB_PASSWORD", "arn:aws:secretsmanager:eu-west-1:111122223333:secret:db"));
        assert!(!secret_literal("DB_PASSWORD", "{{resolve:secretsmanager:db:SecretString:password}}"));
        assert!(!secret_literal("DB_PASSWORD", "abc"));
        assert!(!secret_literal("LOG_LEVEL", "debug-verbose"));
        assert!(secret_literal("SETTINGS", "AKIAIOSFODNN7EXAMPLE"));
        assert!(secret_literal("HOOK", "https://hooks.slack.com/services/T000/B000/XXXXXXXX"));
        assert!(!secret_literal("TOKEN_ISSUER", "https://auth.example.com"));
    }

    #[test]
    fn terraform_function_with_url_permission_and_role() {
        let role = resource("aws_iam_role", "aws_iam_role.fn", json!({"name": "fn"}), &[]);
        let func = resource(
            "aws_lambda_function",
            "aws_lambda_function.fn",
            json!({
                "function_name": "fn",
                "runtime": "python3.8",
                "role": null,
                "environment": [{"variables": {"DB_PASSWORD": "hunter2hunter2", "TABLE": null, "MODE": "fast"}}]
            }),
            &[("/role", "aws_iam_role.fn"), ("/environment/0/variables/TABLE", "aws_dynamodb_table.t")],
        );
        let url = resource(
            "aws_lambda_function_url",
            "aws_lambda_function_url.fn",
            json!({"function_name": null, "authorization_type": "NONE"}),
            &[("/function_name", "aws_lambda_function.fn")],
        );
        let perm = resource(
            "aws_lambda_permission",
            "aws_lambda_permission.any",
            json!({"function_name": "fn", "action": "lambda:InvokeFunction", "principal": "*"}),
            &[],
        );
        let input = build(Source::Terraform, vec![role, func, url, perm], &ADAPTER);
        let f = &input["aws"]["lambda"]["functions"][0];
        assert_eq!(f["role_ref"], json!("aws_iam_role.fn"));
        assert_eq!(f["runtime"], json!("python3.8"));
        assert_eq!(f["tracing_mode"], json!("PassThrough"));
        assert_eq!(f["vpc_configured"], json!(false));
        assert_eq!(f["reserved_concurrency"], json!(-1));
        assert_eq!(
            f["environment"]["variables"],
            json!([
                {"name": "DB_PASSWORD", "secret_literal": true},
                {"name": "MODE", "secret_literal": false},
                {"name": "TABLE", "secret_literal": false}
            ])
        );
        assert_eq!(f["urls"], json!([{"auth_type": "NONE", "qualifier": null}]));
        assert_eq!(f["permissions"][0]["principal"], json!("*"));
        assert_eq!(f["permissions"][0]["source_restricted"], json!(false));
        assert_eq!(f["generated_role"], Json::Null);
    }

    #[test]
    fn sam_function_generated_role_and_url() {
        let func = resource(
            "AWS::Serverless::Function",
            "Resources.Fn",
            json!({
                "Runtime": "nodejs22.x",
                "Tracing": "Active",
                "Policies": ["AdministratorAccess", {"Statement": [{"Effect": "Allow", "Action": "*", "Resource": "*"}]}, {"S3ReadPolicy": {"BucketName": "b"}}],
                "FunctionUrlConfig": {"AuthType": "AWS_IAM"}
            }),
            &[],
        );
        let input = build(Source::CloudFormation, vec![func], &ADAPTER);
        let f = &input["aws"]["lambda"]["functions"][0];
        assert_eq!(f["role_ref"], Json::Null);
        assert_eq!(
            f["generated_role"]["managed_policy_arns"],
            json!([SAM_BASIC_EXECUTION, "arn:aws:iam::aws:policy/AdministratorAccess"])
        );
        assert_eq!(f["generated_role"]["policies"][0]["Statement"][0]["Action"], json!(["*"]));
        assert_eq!(f["urls"], json!([{"auth_type": "AWS_IAM", "qualifier": null}]));
        assert_eq!(f["tracing_mode"], json!("Active"));
    }

    #[test]
    fn cloudformation_permission_with_unknown_source_is_not_unrestricted() {
        let func =
            resource("AWS::Lambda::Function", "Resources.Fn", json!({"Runtime": "python3.13", "Role": null}), &[]);
        let perm = resource(
            "AWS::Lambda::Permission",
            "Resources.Perm",
            json!({"FunctionName": null, "Principal": "*", "Action": "lambda:InvokeFunction", "SourceArn": null}),
            &[("/FunctionName", "Resources.Fn")],
        );
        let input = build(Source::CloudFormation, vec![func, perm], &ADAPTER);
        let f = &input["aws"]["lambda"]["functions"][0];
        assert_eq!(f["permissions"][0]["source_restricted"], Json::Null);
        assert_eq!(f["role_ref"], Json::Null);
        assert_eq!(f["generated_role"], Json::Null);
    }
}
