//! SQS adapter: queues (`aws_sqs_queue`, `AWS::SQS::Queue`) with their server-side encryption
//! and access policy (inline, `aws_sqs_queue_policy`, `AWS::SQS::QueuePolicy`,
//! `AWS::SQS::QueueInlinePolicy`).

use serde_json::{json, Value as Json};

use super::kms::{customer_managed, kms_key, KeyChoice};
use super::Adapter;
use crate::cloud::read::{attached_to, boolean, lookup, policy, read_fields, string, DefaultValue, Field, Lookup};
use crate::cloud::{CloudModel, Entity};
use crate::iac::{Inventory, Resource};

pub const ADAPTER: Adapter = Adapter { service: "sqs", fields: &[("queues", QUEUE)], terraform, cloudformation };

/// What a queue reads the same way from both sources.
const QUEUE: &[Field] = &[
    Field::new("name", "/name", "/QueueName", DefaultValue::Null, string),
    Field::new("fifo", "/fifo_queue", "/FifoQueue", DefaultValue::Bool(false), boolean),
];

fn terraform(inv: &Inventory, model: &mut CloudModel) {
    for res in inv.of_kind("aws_sqs_queue").filter(|r| !r.data) {
        let mut e = Entity::new(res);
        read_fields(&mut e, res, QUEUE);
        encryption(&mut e, inv, res, "/kms_master_key_id", "/sqs_managed_sse_enabled");
        policy(&mut e, "policy", inv, res, "/policy", Json::Null);
        for split in attached_to(inv, "aws_sqs_queue_policy", "/queue_url", res, Some("/name")) {
            policy(&mut e, "policy", inv, split, "/policy", Json::Null);
        }
        model.push("sqs", "queues", e);
    }
}

fn cloudformation(inv: &Inventory, model: &mut CloudModel) {
    for res in inv.of_kind("AWS::SQS::Queue") {
        let mut e = Entity::new(res);
        read_fields(&mut e, res, QUEUE);
        encryption(&mut e, inv, res, "/KmsMasterKeyId", "/SqsManagedSseEnabled");
        e.set("policy", Json::Null);
        for split in attached_to(inv, "AWS::SQS::QueuePolicy", "/Queues", res, Some("/QueueName")) {
            policy(&mut e, "policy", inv, split, "/PolicyDocument", Json::Null);
        }
        for split in attached_to(inv, "AWS::SQS::QueueInlinePolicy", "/Queue", res, Some("/QueueName")) {
            policy(&mut e, "policy", inv, split, "/PolicyDocument", Json::Null);
        }
        model.push("sqs", "queues", e);
    }
}

/// `encryption`: SSE-KMS when a key is given, else SSE-SQS unless explicitly turned off. SQS
/// has enabled SSE-SQS on every new queue by default since October 2022, and neither the
/// Terraform provider nor CloudFormation sends a value when the argument is omitted.
fn encryption(e: &mut Entity, inv: &Inventory, res: &Resource, key: &str, managed: &str) {
    let choice = kms_key(e, "encryption", inv, res, key);
    customer_managed(e, "encryption", res, key, choice);
    let sse_sqs = match lookup(res, managed) {
        Lookup::Omitted => json!(true),
        Lookup::Known(v) => boolean(v),
        Lookup::Unknown => Json::Null,
    };
    let (enabled, kind, at) = match (choice, &sse_sqs) {
        (KeyChoice::Customer | KeyChoice::AwsManaged, _) => (json!(true), json!("SSE_KMS"), key),
        (KeyChoice::Omitted, Json::Bool(true)) => (json!(true), json!("SSE_SQS"), managed),
        (KeyChoice::Omitted, Json::Bool(false)) => (json!(false), json!("NONE"), managed),
        // An unknown key may still be none: then the SSE-SQS setting decides.
        (KeyChoice::Unknown, Json::Bool(true)) => (json!(true), Json::Null, key),
        (KeyChoice::Omitted | KeyChoice::Unknown, _) => (Json::Null, Json::Null, managed),
    };
    e.set("encryption/enabled", enabled).set("encryption/type", kind);
    for path in ["encryption/enabled", "encryption/type"] {
        if lookup(res, at) != Lookup::Omitted {
            e.locate(path, res, at);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::super::testing::{build, resource};
    use super::*;
    use crate::iac::Source;

    #[test]
    fn encryption_defaults_to_sse_sqs() {
        let queues = vec![
            resource("aws_sqs_queue", "aws_sqs_queue.a", json!({"name": "a"}), &[]),
            resource("aws_sqs_queue", "aws_sqs_queue.b", json!({"sqs_managed_sse_enabled": false}), &[]),
            resource("aws_sqs_queue", "aws_sqs_queue.c", json!({"kms_master_key_id": "alias/aws/sqs"}), &[]),
            resource("aws_sqs_queue", "aws_sqs_queue.d", json!({"sqs_managed_sse_enabled": null}), &[]),
        ];
        let input = build(Source::Terraform, queues, &ADAPTER);
        let q = &input["aws"]["sqs"]["queues"];
        assert_eq!(
            q[0]["encryption"],
            json!({"enabled": true, "type": "SSE_SQS", "customer_managed_key": false, "kms_key_id": null, "kms_key_ref": null})
        );
        assert_eq!(q[1]["encryption"]["enabled"], json!(false));
        assert_eq!(q[2]["encryption"]["type"], json!("SSE_KMS"));
        assert_eq!(q[2]["encryption"]["customer_managed_key"], json!(false));
        assert_eq!(q[3]["encryption"]["enabled"], Json::Null);
        assert_eq!(q[0]["policy"], Json::Null);
    }

    #[test]
    fn cloudformation_queue_policies_attach_by_list_reference() {
        let queue = resource("AWS::SQS::Queue", "Resources.Jobs", json!({"SqsManagedSseEnabled": "false"}), &[]);
        let other = resource("AWS::SQS::Queue", "Resources.Other", json!({}), &[]);
        let policy = resource(
            "AWS::SQS::QueuePolicy",
            "Resources.JobsPolicy",
            json!({"Queues": [null], "PolicyDocument": {"Statement": [{"Effect": "Allow", "Principal": "*", "Action": "sqs:SendMessage"}]}}),
            &[("/Queues/0", "Resources.Jobs")],
        );
        let input = build(Source::CloudFormation, vec![queue, other, policy], &ADAPTER);
        let q = &input["aws"]["sqs"]["queues"];
        assert_eq!(q[0]["encryption"]["enabled"], json!(false));
        assert_eq!(q[0]["policy"]["Statement"][0]["Action"], json!(["sqs:SendMessage"]));
        assert_eq!(q[1]["policy"], Json::Null);
    }
}
