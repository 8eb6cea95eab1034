//! CloudTrail adapter: trails (`aws_cloudtrail`, `AWS::CloudTrail::Trail`) with their coverage,
//! integrity, encryption and delivery settings.

use serde_json::{json, Value as Json};

use super::kms::{customer_managed, kms_key};
use super::Adapter;
use crate::cloud::read::{
    attr, boolean, lookup, read_fields, reference, refs_under, string, DefaultValue, Field, Lookup,
};
use crate::cloud::{CloudModel, Entity};
use crate::iac::{Inventory, Resource};

pub const ADAPTER: Adapter = Adapter { service: "cloudtrail", fields: &[("trails", TRAIL)], terraform, cloudformation };

/// What a trail reads the same way from both sources (`logging` is not: CloudFormation
/// requires `IsLogging`, so nothing is assumed when it is missing).
const TRAIL: &[Field] = &[
    Field::new("name", "/name", "/TrailName", DefaultValue::Null, string),
    Field::new("multi_region", "/is_multi_region_trail", "/IsMultiRegionTrail", DefaultValue::Bool(false), boolean),
    Field::new(
        "log_file_validation",
        "/enable_log_file_validation",
        "/EnableLogFileValidation",
        DefaultValue::Bool(false),
        boolean,
    ),
    Field::new(
        "include_global_service_events",
        "/include_global_service_events",
        "/IncludeGlobalServiceEvents",
        DefaultValue::Bool(true),
        boolean,
    ),
    Field::new(
        "organization_trail",
        "/is_organization_trail",
        "/IsOrganizationTrail",
        DefaultValue::Bool(false),
        boolean,
    ),
    Field::new("s3_bucket_name", "/s3_bucket_name", "/S3BucketName", DefaultValue::Null, string),
];

struct Names {
    kind: &'static str,
    bucket: &'static str,
    kms: &'static str,
    log_group: &'static str,
    logging: &'static str,
    /// CloudFormation requires `IsLogging`: nothing is assumed when it is missing.
    logging_default: Json,
}

const TERRAFORM: Names = Names {
    kind: "aws_cloudtrail",
    bucket: "/s3_bucket_name",
    kms: "/kms_key_id",
    log_group: "/cloud_watch_logs_group_arn",
    logging: "/enable_logging",
    logging_default: Json::Bool(true),
};

const CLOUDFORMATION: Names = Names {
    kind: "AWS::CloudTrail::Trail",
    bucket: "/S3BucketName",
    kms: "/KMSKeyId",
    log_group: "/CloudWatchLogsLogGroupArn",
    logging: "/IsLogging",
    logging_default: Json::Null,
};

fn terraform(inv: &Inventory, model: &mut CloudModel) {
    adapt(inv, model, &TERRAFORM);
}

fn cloudformation(inv: &Inventory, model: &mut CloudModel) {
    adapt(inv, model, &CLOUDFORMATION);
}

fn adapt(inv: &Inventory, model: &mut CloudModel, names: &Names) {
    for res in inv.of_kind(names.kind).filter(|r| !r.data) {
        model.push("cloudtrail", "trails", trail(inv, res, names));
    }
}

fn trail(inv: &Inventory, res: &Resource, names: &Names) -> Entity {
    let mut e = Entity::new(res);
    read_fields(&mut e, res, TRAIL);
    attr(&mut e, "logging", res, names.logging, names.logging_default.clone(), boolean);
    reference(&mut e, "s3_bucket_ref", inv, res, names.bucket, &["aws_s3_bucket", "AWS::S3::Bucket"]);
    // Log files are always encrypted at rest (SSE-S3 unless a KMS key is given).
    e.set("encryption/enabled", json!(true));
    let choice = kms_key(&mut e, "encryption", inv, res, names.kms);
    customer_managed(&mut e, "encryption", res, names.kms, choice);
    let delivered = match lookup(res, names.log_group) {
        Lookup::Omitted => json!(false),
        Lookup::Known(Json::String(s)) if s.trim().is_empty() => json!(false),
        Lookup::Known(Json::String(_)) => json!(true),
        _ if refs_under(res, names.log_group).next().is_some() => json!(true),
        _ => Json::Null,
    };
    e.set("cloudwatch_logs/enabled", delivered);
    if lookup(res, names.log_group) != Lookup::Omitted {
        e.locate("cloudwatch_logs/enabled", res, names.log_group);
    }
    attr(&mut e, "cloudwatch_logs/log_group_arn", res, names.log_group, Json::Null, string);
    let group_kinds = ["aws_cloudwatch_log_group", "AWS::Logs::LogGroup"];
    reference(&mut e, "cloudwatch_logs/log_group_ref", inv, res, names.log_group, &group_kinds);
    e
}

#[cfg(test)]
mod tests {
    use super::super::testing::{build, resource};
    use super::*;
    use crate::iac::Source;

    #[test]
    fn terraform_defaults_and_references() {
        let bare = resource("aws_cloudtrail", "aws_cloudtrail.a", json!({"name": "a", "s3_bucket_name": "logs"}), &[]);
        let full = resource(
            "aws_cloudtrail",
            "aws_cloudtrail.b",
            json!({
                "is_multi_region_trail": true,
                "enable_log_file_validation": true,
                "kms_key_id": null,
                "cloud_watch_logs_group_arn": null,
                "enable_logging": false
            }),
            &[("/kms_key_id", "aws_kms_key.trail"), ("/cloud_watch_logs_group_arn", "aws_cloudwatch_log_group.trail")],
        );
        let key = resource("aws_kms_key", "aws_kms_key.trail", json!({}), &[]);
        let group = resource("aws_cloudwatch_log_group", "aws_cloudwatch_log_group.trail", json!({}), &[]);
        let input = build(Source::Terraform, vec![bare, full, key, group], &ADAPTER);
        let trails = &input["aws"]["cloudtrail"]["trails"];
        assert_eq!(trails[0]["multi_region"], json!(false));
        assert_eq!(trails[0]["log_file_validation"], json!(false));
        assert_eq!(trails[0]["logging"], json!(true));
        assert_eq!(trails[0]["encryption"]["customer_managed_key"], json!(false));
        assert_eq!(trails[0]["cloudwatch_logs"]["enabled"], json!(false));
        assert_eq!(trails[1]["encryption"]["kms_key_ref"], json!("aws_kms_key.trail"));
        assert_eq!(trails[1]["encryption"]["customer_managed_key"], json!(true));
        assert_eq!(trails[1]["cloudwatch_logs"]["enabled"], json!(true));
        assert_eq!(trails[1]["cloudwatch_logs"]["log_group_ref"], json!("aws_cloudwatch_log_group.trail"));
        assert_eq!(trails[1]["logging"], json!(false));
    }

    #[test]
    fn cloudformation_logging_is_required_not_assumed() {
        let trail = resource("AWS::CloudTrail::Trail", "Resources.Trail", json!({"S3BucketName": "logs"}), &[]);
        let input = build(Source::CloudFormation, vec![trail], &ADAPTER);
        let t = &input["aws"]["cloudtrail"]["trails"][0];
        assert_eq!(t["logging"], Json::Null);
        assert_eq!(t["include_global_service_events"], json!(true));
    }
}
