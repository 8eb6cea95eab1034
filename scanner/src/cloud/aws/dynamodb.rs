//! DynamoDB adapter: tables (`aws_dynamodb_table`, `AWS::DynamoDB::Table`,
//! `AWS::Serverless::SimpleTable`) with point-in-time recovery, encryption key and deletion
//! protection.

use serde_json::{json, Value as Json};

use super::kms::{customer_managed, kms_key, KeyChoice};
use super::Adapter;
use crate::cloud::read::{attr, boolean, lookup, read_fields, string, DefaultValue, Field, Lookup};
use crate::cloud::{CloudModel, Entity};
use crate::iac::{Inventory, Resource};

pub const ADAPTER: Adapter = Adapter { service: "dynamodb", fields: &[("tables", TABLE)], terraform, cloudformation };

/// What a table reads the same way from Terraform, CloudFormation and SAM.
const TABLE: &[Field] = &[
    Field::new("name", "/name", "/TableName", DefaultValue::Null, string),
    Field::new(
        "point_in_time_recovery",
        "/point_in_time_recovery/0/enabled",
        "/PointInTimeRecoverySpecification/PointInTimeRecoveryEnabled",
        DefaultValue::Bool(false),
        boolean,
    ),
];

struct Names {
    sse_enabled: &'static str,
    kms: &'static str,
    deletion_protection: Option<&'static str>,
}

const TERRAFORM: Names = Names {
    sse_enabled: "/server_side_encryption/0/enabled",
    kms: "/server_side_encryption/0/kms_key_arn",
    deletion_protection: Some("/deletion_protection_enabled"),
};

const CLOUDFORMATION: Names = Names {
    sse_enabled: "/SSESpecification/SSEEnabled",
    kms: "/SSESpecification/KMSMasterKeyId",
    deletion_protection: Some("/DeletionProtectionEnabled"),
};

/// SAM's SimpleTable passes these through to the table it generates; it has no deletion
/// protection property.
const SAM: Names = Names { deletion_protection: None, ..CLOUDFORMATION };

fn terraform(inv: &Inventory, model: &mut CloudModel) {
    for res in inv.of_kind("aws_dynamodb_table").filter(|r| !r.data) {
        model.push("dynamodb", "tables", table(inv, res, &TERRAFORM));
    }
}

fn cloudformation(inv: &Inventory, model: &mut CloudModel) {
    for res in inv.of_kind("AWS::DynamoDB::Table") {
        model.push("dynamodb", "tables", table(inv, res, &CLOUDFORMATION));
    }
    for res in inv.of_kind("AWS::Serverless::SimpleTable") {
        model.push("dynamodb", "tables", table(inv, res, &SAM));
    }
}

fn table(inv: &Inventory, res: &Resource, names: &Names) -> Entity {
    let mut e = Entity::new(res);
    read_fields(&mut e, res, TABLE);
    match names.deletion_protection {
        Some(p) => {
            attr(&mut e, "deletion_protection", res, p, json!(false), boolean);
        }
        None => {
            e.set("deletion_protection", json!(false));
        }
    }
    // Tables are always encrypted: with an AWS owned key unless SSE is turned on, then with the
    // AWS managed `aws/dynamodb` key unless a customer key is given.
    e.set("encryption/enabled", json!(true));
    let sse = attr(&mut e, "encryption/sse_enabled", res, names.sse_enabled, json!(false), boolean);
    let choice = kms_key(&mut e, "encryption", inv, res, names.kms);
    let (choice, key_type) = match (&sse, choice) {
        (Json::Bool(false), _) => (KeyChoice::Omitted, json!("AWS_OWNED")),
        (Json::Bool(true), KeyChoice::Omitted | KeyChoice::AwsManaged) => (choice, json!("AWS_MANAGED")),
        (Json::Bool(true), KeyChoice::Customer) => (choice, json!("CUSTOMER_MANAGED")),
        _ => (KeyChoice::Unknown, Json::Null),
    };
    customer_managed(&mut e, "encryption", res, names.kms, choice);
    e.set("encryption/key_type", key_type);
    let at = if lookup(res, names.kms) != Lookup::Omitted { names.kms } else { names.sse_enabled };
    if lookup(res, at) != Lookup::Omitted {
        e.locate("encryption/key_type", res, at);
        e.locate("encryption/customer_managed_key", res, at);
    }
    e
}

#[cfg(test)]
mod tests {
    use super::super::testing::{build, resource};
    use super::*;
    use crate::iac::Source;

    #[test]
    fn key_types() {
        let tables = vec![
            resource("aws_dynamodb_table", "aws_dynamodb_table.a", json!({"name": "a"}), &[]),
            resource(
                "aws_dynamodb_table",
                "aws_dynamodb_table.b",
                json!({"server_side_encryption": [{"enabled": true}]}),
                &[],
            ),
            resource(
                "aws_dynamodb_table",
                "aws_dynamodb_table.c",
                json!({"server_side_encryption": [{"enabled": true, "kms_key_arn": null}], "point_in_time_recovery": [{"enabled": true}]}),
                &[("/server_side_encryption/0/kms_key_arn", "aws_kms_key.k")],
            ),
            resource("aws_dynamodb_table", "aws_dynamodb_table.d", json!({"point_in_time_recovery": null}), &[]),
            resource("aws_kms_key", "aws_kms_key.k", json!({}), &[]),
        ];
        let input = build(Source::Terraform, tables, &ADAPTER);
        let t = &input["aws"]["dynamodb"]["tables"];
        assert_eq!(t[0]["encryption"]["key_type"], json!("AWS_OWNED"));
        assert_eq!(t[0]["point_in_time_recovery"], json!(false));
        assert_eq!(t[1]["encryption"]["key_type"], json!("AWS_MANAGED"));
        assert_eq!(t[1]["encryption"]["customer_managed_key"], json!(false));
        assert_eq!(t[2]["encryption"]["key_type"], json!("CUSTOMER_MANAGED"));
        assert_eq!(t[2]["encryption"]["customer_managed_key"], json!(true));
        assert_eq!(t[2]["point_in_time_recovery"], json!(true));
        assert_eq!(t[3]["point_in_time_recovery"], Json::Null);
    }

    #[test]
    fn sam_simple_table() {
        let t = resource(
            "AWS::Serverless::SimpleTable",
            "Resources.T",
            json!({"PointInTimeRecoverySpecification": {"PointInTimeRecoveryEnabled": true}}),
            &[],
        );
        let input = build(Source::CloudFormation, vec![t], &ADAPTER);
        let t = &input["aws"]["dynamodb"]["tables"][0];
        assert_eq!(t["point_in_time_recovery"], json!(true));
        assert_eq!(t["deletion_protection"], json!(false));
        assert_eq!(t["encryption"]["key_type"], json!("AWS_OWNED"));
    }
}
