//! ECR adapter: repositories (`aws_ecr_repository`, `AWS::ECR::Repository`) with tag
//! mutability, scanning, encryption and repository policy (inline or
//! `aws_ecr_repository_policy`).
//!
//! Scanning on push can also be set for the whole registry (`aws_ecr_registry_scanning_configuration`,
//! `AWS::ECR::RegistryScanningConfiguration`); a registry rule whose filter matches the
//! repository counts as scanning it on push.

use serde_json::{json, Value as Json};

use super::kms::{customer_managed, kms_key, KeyChoice};
use super::Adapter;
use crate::cloud::read::{
    attached_to, attr, boolean, literal, lookup, policy, read_fields, string, DefaultValue, Field, Lookup,
};
use crate::cloud::{CloudModel, Entity};
use crate::iac::{Inventory, Resource};

pub const ADAPTER: Adapter =
    Adapter { service: "ecr", fields: &[("repositories", REPOSITORY)], terraform, cloudformation };

/// The repository's name, which the registry's scanning rules match.
const NAME: Field = Field::new("name", "/name", "/RepositoryName", DefaultValue::Null, string);

/// What a repository reads the same way from both sources.
const REPOSITORY: &[Field] = &[
    NAME,
    Field::new(
        "image_tag_mutability",
        "/image_tag_mutability",
        "/ImageTagMutability",
        DefaultValue::Str("MUTABLE"),
        string,
    ),
];

struct Names {
    scan_on_push: &'static str,
    encryption_type: &'static str,
    kms: &'static str,
    registry_kind: &'static str,
    /// In a registry scanning configuration: the rules, and in each rule its frequency, its
    /// filters, and in each filter the pattern.
    rules: &'static str,
    frequency: &'static str,
    filters: &'static str,
    filter: &'static str,
}

const TERRAFORM: Names = Names {
    scan_on_push: "/image_scanning_configuration/0/scan_on_push",
    encryption_type: "/encryption_configuration/0/encryption_type",
    kms: "/encryption_configuration/0/kms_key",
    registry_kind: "aws_ecr_registry_scanning_configuration",
    rules: "/rule",
    frequency: "/scan_frequency",
    filters: "/repository_filter",
    filter: "/filter",
};

const CLOUDFORMATION: Names = Names {
    scan_on_push: "/ImageScanningConfiguration/ScanOnPush",
    encryption_type: "/EncryptionConfiguration/EncryptionType",
    kms: "/EncryptionConfiguration/KmsKey",
    registry_kind: "AWS::ECR::RegistryScanningConfiguration",
    rules: "/Rules",
    frequency: "/ScanFrequency",
    filters: "/RepositoryFilters",
    filter: "/Filter",
};

fn terraform(inv: &Inventory, model: &mut CloudModel) {
    for res in inv.of_kind("aws_ecr_repository").filter(|r| !r.data) {
        let mut e = repository(inv, res, &TERRAFORM);
        e.set("policy", Json::Null);
        for split in attached_to(inv, "aws_ecr_repository_policy", "/repository", res, Some("/name")) {
            policy(&mut e, "policy", inv, split, "/policy", Json::Null);
        }
        model.push("ecr", "repositories", e);
    }
}

fn cloudformation(inv: &Inventory, model: &mut CloudModel) {
    for res in inv.of_kind("AWS::ECR::Repository") {
        let mut e = repository(inv, res, &CLOUDFORMATION);
        policy(&mut e, "policy", inv, res, "/RepositoryPolicyText", Json::Null);
        model.push("ecr", "repositories", e);
    }
}

fn repository(inv: &Inventory, res: &Resource, names: &Names) -> Entity {
    let mut e = Entity::new(res);
    read_fields(&mut e, res, REPOSITORY);
    let scan = attr(&mut e, "scan_on_push", res, names.scan_on_push, json!(false), boolean);
    if scan != json!(true) {
        if let Some(registry) = registry_scan(inv, literal(res, NAME.pointer(res)), names) {
            e.set("scan_on_push", json!(true)).locate_block("scan_on_push", registry);
        }
    }
    // Images are always encrypted: AES256 unless KMS is chosen, then with the AWS managed
    // `aws/ecr` key unless a customer key is given.
    e.set("encryption/enabled", json!(true));
    let kind = attr(&mut e, "encryption/type", res, names.encryption_type, json!("AES256"), string);
    let choice = kms_key(&mut e, "encryption", inv, res, names.kms);
    let choice = match kind.as_str() {
        Some("AES256") => KeyChoice::Omitted,
        Some(_) => choice,
        None => KeyChoice::Unknown,
    };
    customer_managed(&mut e, "encryption", res, names.kms, choice);
    if lookup(res, names.kms) == Lookup::Omitted && lookup(res, names.encryption_type) != Lookup::Omitted {
        e.locate("encryption/customer_managed_key", res, names.encryption_type);
    }
    e
}

/// A registry scanning configuration of the inventory with a rule that scans on push (or
/// continuously) every repository named `name` (an unknown name matches only `*`).
fn registry_scan<'a>(inv: &'a Inventory, name: Option<&str>, names: &Names) -> Option<&'a Resource> {
    inv.of_kind(names.registry_kind).filter(|r| !r.data).find(|registry| {
        let Lookup::Known(Json::Array(rules)) = lookup(registry, names.rules) else {
            return false;
        };
        rules.iter().any(|rule| {
            let frequency = rule.pointer(names.frequency).and_then(Json::as_str);
            let scans = matches!(frequency, Some("SCAN_ON_PUSH" | "CONTINUOUS_SCAN"));
            let filters = rule.pointer(names.filters).and_then(Json::as_array).into_iter().flatten();
            scans
                && filters.filter_map(|f| f.pointer(names.filter).and_then(Json::as_str)).any(|pattern| match name {
                    Some(name) => wildcard(pattern, name),
                    None => pattern == "*",
                })
        })
    })
}

/// ECR's repository filters: `*` matches any run of characters, everything else itself.
fn wildcard(pattern: &str, name: &str) -> bool {
    let parts: Vec<&str> = pattern.split('*').collect();
    let (first, rest) = match parts.split_first() {
        Some(split) => split,
        None => return name.is_empty(),
    };
    let Some(mut left) = name.strip_prefix(first) else {
        return false;
    };
    let Some((last, middle)) = rest.split_last() else {
        return left.is_empty();
    };
    for part in middle {
        match left.find(part) {
            Some(i) => left = &left[i + part.len()..],
            None => return false,
        }
    }
    left.len() >= last.len() && left.ends_with(last)
}

#[cfg(test)]
mod tests {
    use super::super::testing::{build, resource};
    use super::*;
    use crate::iac::Source;

    #[test]
    fn wildcard_filters() {
        assert!(wildcard("*", "anything"));
        assert!(wildcard("prod-*", "prod-api"));
        assert!(!wildcard("prod-*", "dev-api"));
        assert!(wildcard("*-api", "prod-api"));
        assert!(wildcard("a*b*c", "a1b2c"));
        assert!(!wildcard("a*b*c", "a1c2b"));
        assert!(wildcard("exact", "exact"));
        assert!(!wildcard("ab*ab", "ab"));
    }

    #[test]
    fn defaults_and_registry_scanning() {
        let plain = resource("aws_ecr_repository", "aws_ecr_repository.a", json!({"name": "api"}), &[]);
        let other = resource("aws_ecr_repository", "aws_ecr_repository.b", json!({"name": "tools"}), &[]);
        let registry = resource(
            "aws_ecr_registry_scanning_configuration",
            "aws_ecr_registry_scanning_configuration.this",
            json!({"scan_type": "BASIC", "rule": [{"scan_frequency": "SCAN_ON_PUSH", "repository_filter": [{"filter": "ap*", "filter_type": "WILDCARD"}]}]}),
            &[],
        );
        let input = build(Source::Terraform, vec![plain, other, registry], &ADAPTER);
        let r = &input["aws"]["ecr"]["repositories"];
        assert_eq!(r[0]["scan_on_push"], json!(true));
        assert_eq!(r[0]["image_tag_mutability"], json!("MUTABLE"));
        assert_eq!(r[0]["encryption"]["type"], json!("AES256"));
        assert_eq!(r[0]["encryption"]["customer_managed_key"], json!(false));
        assert_eq!(r[1]["scan_on_push"], json!(false));
        assert_eq!(r[1]["policy"], Json::Null);
    }

    #[test]
    fn cloudformation_kms_without_key_is_aws_managed() {
        let repo = resource(
            "AWS::ECR::Repository",
            "Resources.Repo",
            json!({"EncryptionConfiguration": {"EncryptionType": "KMS"}, "ImageScanningConfiguration": {"ScanOnPush": "true"}}),
            &[],
        );
        let input = build(Source::CloudFormation, vec![repo], &ADAPTER);
        let r = &input["aws"]["ecr"]["repositories"][0];
        assert_eq!(r["encryption"]["type"], json!("KMS"));
        assert_eq!(r["encryption"]["customer_managed_key"], json!(false));
        assert_eq!(r["scan_on_push"], json!(true));
    }
}
