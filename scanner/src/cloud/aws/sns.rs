//! SNS adapter: topics (`aws_sns_topic`, `AWS::SNS::Topic`) with their encryption and access
//! policy (inline, `aws_sns_topic_policy`, `AWS::SNS::TopicPolicy`, `AWS::SNS::TopicInlinePolicy`).

use serde_json::{json, Value as Json};

use super::kms::{customer_managed, kms_key, KeyChoice};
use super::Adapter;
use crate::cloud::read::{attached_to, boolean, lookup, policy, read_fields, string, DefaultValue, Field, Lookup};
use crate::cloud::{CloudModel, Entity};
use crate::iac::{Inventory, Resource};

pub const ADAPTER: Adapter = Adapter { service: "sns", fields: &[("topics", TOPIC)], terraform, cloudformation };

/// What a topic reads the same way from both sources.
const TOPIC: &[Field] = &[
    Field::new("name", "/name", "/TopicName", DefaultValue::Null, string),
    Field::new("fifo", "/fifo_topic", "/FifoTopic", DefaultValue::Bool(false), boolean),
];

fn terraform(inv: &Inventory, model: &mut CloudModel) {
    for res in inv.of_kind("aws_sns_topic").filter(|r| !r.data) {
        let mut e = Entity::new(res);
        read_fields(&mut e, res, TOPIC);
        encryption(&mut e, inv, res, "/kms_master_key_id");
        policy(&mut e, "policy", inv, res, "/policy", default_topic_policy());
        for split in attached_to(inv, "aws_sns_topic_policy", "/arn", res, Some("/name")) {
            policy(&mut e, "policy", inv, split, "/policy", default_topic_policy());
        }
        model.push("sns", "topics", e);
    }
}

fn cloudformation(inv: &Inventory, model: &mut CloudModel) {
    for res in inv.of_kind("AWS::SNS::Topic") {
        let mut e = Entity::new(res);
        read_fields(&mut e, res, TOPIC);
        encryption(&mut e, inv, res, "/KmsMasterKeyId");
        e.set("policy", default_topic_policy());
        for split in attached_to(inv, "AWS::SNS::TopicPolicy", "/Topics", res, Some("/TopicName")) {
            policy(&mut e, "policy", inv, split, "/PolicyDocument", default_topic_policy());
        }
        for split in attached_to(inv, "AWS::SNS::TopicInlinePolicy", "/TopicArn", res, Some("/TopicName")) {
            policy(&mut e, "policy", inv, split, "/PolicyDocument", default_topic_policy());
        }
        model.push("sns", "topics", e);
    }
}

/// `encryption`: SNS encrypts messages at rest only when a KMS key is given.
fn encryption(e: &mut Entity, inv: &Inventory, res: &Resource, key: &str) {
    let choice = kms_key(e, "encryption", inv, res, key);
    customer_managed(e, "encryption", res, key, choice);
    let enabled = match choice {
        KeyChoice::Customer | KeyChoice::AwsManaged => json!(true),
        KeyChoice::Omitted => json!(false),
        KeyChoice::Unknown => Json::Null,
    };
    e.set("encryption/enabled", enabled);
    if lookup(res, key) != Lookup::Omitted {
        e.locate("encryption/enabled", res, key);
    }
}

/// The policy SNS gives a topic created without one: the owning account may manage and publish
/// (any principal, conditioned on `AWS:SourceOwner` being the owner). The account id is not
/// known from the code.
fn default_topic_policy() -> Json {
    json!({
        "Version": "2008-10-17",
        "Statement": [{
            "Sid": "__default_statement_ID",
            "Effect": "Allow",
            "Action": [
                "SNS:GetTopicAttributes", "SNS:SetTopicAttributes", "SNS:AddPermission",
                "SNS:RemovePermission", "SNS:DeleteTopic", "SNS:Subscribe", "SNS:ListSubscriptionsByTopic",
                "SNS:Publish"
            ],
            "NotAction": [],
            "Resource": ["*"],
            "NotResource": [],
            "Principal": {"AWS": ["*"]},
            "NotPrincipal": null,
            "Condition": {"StringEquals": {"AWS:SourceOwner": ["ACCOUNT_ID"]}}
        }]
    })
}

#[cfg(test)]
mod tests {
    use super::super::testing::{build, resource};
    use super::*;
    use crate::iac::Source;

    #[test]
    fn encryption_needs_a_key() {
        let topics = vec![
            resource("aws_sns_topic", "aws_sns_topic.a", json!({"name": "a"}), &[]),
            resource("aws_sns_topic", "aws_sns_topic.b", json!({"kms_master_key_id": "alias/aws/sns"}), &[]),
            resource("aws_sns_topic", "aws_sns_topic.c", json!({"kms_master_key_id": null}), &[]),
        ];
        let input = build(Source::Terraform, topics, &ADAPTER);
        let t = &input["aws"]["sns"]["topics"];
        assert_eq!(t[0]["encryption"]["enabled"], json!(false));
        assert_eq!(t[1]["encryption"]["enabled"], json!(true));
        assert_eq!(t[1]["encryption"]["customer_managed_key"], json!(false));
        assert_eq!(t[2]["encryption"]["enabled"], Json::Null);
        assert_eq!(t[0]["policy"]["Statement"][0]["Sid"], json!("__default_statement_ID"));
    }

    #[test]
    fn topic_policy_folds_in_by_reference() {
        let topic = resource("aws_sns_topic", "aws_sns_topic.a", json!({"name": "alerts"}), &[]);
        let split = resource(
            "aws_sns_topic_policy",
            "aws_sns_topic_policy.a",
            json!({"arn": null, "policy": "{\"Statement\":[{\"Effect\":\"Allow\",\"Principal\":\"*\",\"Action\":\"sns:Publish\"}]}"}),
            &[("/arn", "aws_sns_topic.a")],
        );
        let input = build(Source::Terraform, vec![topic, split], &ADAPTER);
        let p = &input["aws"]["sns"]["topics"][0]["policy"];
        assert_eq!(p["Statement"][0]["Action"], json!(["sns:Publish"]));
    }
}
