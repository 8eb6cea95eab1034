# METADATA
# title: AWS resource has no tags
# description: >-
#   Tags are how AWS resources are attributed to an owner, a cost centre and an environment,
#   and how tag-based access policies and cost reports find them. A common taggable resource
#   without `tags`, when no `aws` provider sets `default_tags`, is an orphan nobody answers for.
#   Tags that are only known when Terraform runs are not reported.
# scope: package
# related_resources:
#   - https://docs.aws.amazon.com/tag-editor/latest/userguide/tagging.html
#   - https://registry.terraform.io/providers/hashicorp/aws/latest/docs/guides/resource-tagging
# custom:
#   id: TF-003
#   severity: LOW
#   recommended_action: >-
#     Add `tags` (owner, environment, cost centre) to the resource, or set `default_tags` once
#     on the `aws` provider so that every resource gets them.
#   input:
#     selector:
#       - type: terraform
#   frameworks:
#     nist-800-53-r5: ["CM-8"]
#     soc2: ["CC2.1"]
package rampart.terraform.resource_missing_tags

import rego.v1

_taggable := {
	"aws_s3_bucket", "aws_instance", "aws_db_instance", "aws_rds_cluster", "aws_vpc", "aws_subnet",
	"aws_security_group", "aws_lb", "aws_alb", "aws_ebs_volume", "aws_dynamodb_table",
	"aws_lambda_function", "aws_kms_key", "aws_sqs_queue", "aws_sns_topic", "aws_ecr_repository",
	"aws_eks_cluster", "aws_iam_role", "aws_cloudwatch_log_group", "aws_efs_file_system",
	"aws_elasticache_replication_group", "aws_nat_gateway", "aws_internet_gateway", "aws_route_table",
	"aws_ecs_cluster", "aws_secretsmanager_secret", "aws_launch_template",
}

deny contains {"msg": msg, "ref": r.__ref, "path": ["tags"]} if {
	not default_tags
	some type, by_name in object.get(input, "resource", {})
	type in _taggable
	some r in by_name
	untagged(r)
	msg := sprintf("%s has no tags and no aws provider sets default_tags; add tags or provider default_tags", [r.__ref])
}

default_tags if {
	some p in object.get(object.get(input, "provider", {}), "aws", [])
	some d in object.get(p, "default_tags", [])
	tags := object.get(d, "tags", null)
	not empty_tags(tags)
}

empty_tags(tags) if tags == null
empty_tags(tags) if count(tags) == 0

untagged(r) if not "tags" in object.keys(r)

untagged(r) if {
	is_object(r.tags)
	count(r.tags) == 0
}
