//! CloudWatch Logs adapter: log groups (`aws_cloudwatch_log_group`, `AWS::Logs::LogGroup`) with
//! their retention and KMS key.

use serde_json::json;

use super::kms::{customer_managed, kms_key};
use super::Adapter;
use crate::cloud::read::{integer, read_fields, string, DefaultValue, Field};
use crate::cloud::{CloudModel, Entity};
use crate::iac::{Inventory, Resource};

pub const ADAPTER: Adapter =
    Adapter { service: "logs", fields: &[("log_groups", LOG_GROUP)], terraform, cloudformation };

/// What a log group reads the same way from both sources. An omitted retention (and 0 in
/// Terraform) both mean the events never expire.
const LOG_GROUP: &[Field] = &[
    Field::new("name", "/name", "/LogGroupName", DefaultValue::Null, string),
    Field::new("retention_in_days", "/retention_in_days", "/RetentionInDays", DefaultValue::Int(0), integer),
    Field::new("class", "/log_group_class", "/LogGroupClass", DefaultValue::Str("STANDARD"), string),
];

/// Field names of one source's vocabulary.
struct Names {
    kind: &'static str,
    kms: &'static str,
}

const TERRAFORM: Names = Names { kind: "aws_cloudwatch_log_group", kms: "/kms_key_id" };

const CLOUDFORMATION: Names = Names { kind: "AWS::Logs::LogGroup", kms: "/KmsKeyId" };

fn terraform(inv: &Inventory, model: &mut CloudModel) {
    adapt(inv, model, &TERRAFORM);
}

fn cloudformation(inv: &Inventory, model: &mut CloudModel) {
    adapt(inv, model, &CLOUDFORMATION);
}

fn adapt(inv: &Inventory, model: &mut CloudModel, names: &Names) {
    for res in inv.of_kind(names.kind).filter(|r| !r.data) {
        model.push("logs", "log_groups", log_group(inv, res, names));
    }
}

fn log_group(inv: &Inventory, res: &Resource, names: &Names) -> Entity {
    let mut e = Entity::new(res);
    read_fields(&mut e, res, LOG_GROUP);
    // Log data is always encrypted at rest; a KMS key (always customer managed: CloudWatch Logs
    // takes no AWS managed key) is what this records.
    e.set("encryption/enabled", json!(true));
    let choice = kms_key(&mut e, "encryption", inv, res, names.kms);
    customer_managed(&mut e, "encryption", res, names.kms, choice);
    e
}

#[cfg(test)]
mod tests {
    use super::super::testing::{build, resource};
    use super::*;
    use crate::iac::Source;

    #[test]
    fn retention_and_key_defaults() {
        let bare = resource("aws_cloudwatch_log_group", "aws_cloudwatch_log_group.a", json!({"name": "/app/a"}), &[]);
        let set = resource(
            "aws_cloudwatch_log_group",
            "aws_cloudwatch_log_group.b",
            json!({"retention_in_days": 365, "kms_key_id": null}),
            &[("/kms_key_id", "aws_kms_key.logs")],
        );
        let key = resource("aws_kms_key", "aws_kms_key.logs", json!({}), &[]);
        let input = build(Source::Terraform, vec![bare, set, key], &ADAPTER);
        let groups = &input["aws"]["logs"]["log_groups"];
        assert_eq!(groups[0]["retention_in_days"], json!(0));
        assert_eq!(groups[0]["encryption"]["customer_managed_key"], json!(false));
        assert_eq!(groups[1]["retention_in_days"], json!(365));
        assert_eq!(groups[1]["encryption"]["customer_managed_key"], json!(true));
        assert_eq!(groups[1]["encryption"]["kms_key_ref"], json!("aws_kms_key.logs"));
    }

    #[test]
    fn cloudformation_retention_string() {
        let group = resource("AWS::Logs::LogGroup", "Resources.Logs", json!({"RetentionInDays": "90"}), &[]);
        let input = build(Source::CloudFormation, vec![group], &ADAPTER);
        assert_eq!(input["aws"]["logs"]["log_groups"][0]["retention_in_days"], json!(90));
    }
}
