# METADATA
# title: S3 bucket policy allows public access
# description: >-
#   A bucket policy statement that allows the principal "*" (or {"AWS": "*"}) without a
#   condition tying it to specific accounts, organisations, networks or source resources grants
#   its actions to anyone on the internet. Unless the bucket's or the account's public access
#   block blocks or restricts public policies, the bucket is public.
# scope: package
# related_resources:
#   - https://docs.aws.amazon.com/AmazonS3/latest/userguide/access-control-block-public-access.html#access-control-block-public-access-policy-status
#   - https://docs.aws.amazon.com/AmazonS3/latest/userguide/example-bucket-policies.html
# custom:
#   id: AWS-S3-002
#   severity: HIGH
#   recommended_action: Name the principals that need access, or add a condition on aws:SourceArn, aws:SourceAccount, aws:PrincipalOrgID, aws:SourceVpce or aws:SourceIp; serve public content through CloudFront with origin access control.
#   input:
#     selector:
#       - type: cloud
#         service: s3
#   frameworks:
#     cis-aws-3.0: ["2.1.4"]
#     nist-800-53-r5: ["AC-3", "AC-6"]
#     pci-dss-4.0: ["1.4.4", "7.2.1"]
#     soc2: ["CC6.1", "CC6.6"]
package rampart.aws.s3.public_policy

import rego.v1

import data.rampart.lib.aws.iam

# A public access block that refuses public policies or limits them to AWS principals and
# the bucket owner's account.
policies_neutralised(b) if b.public_access_block.block_public_policy == true

policies_neutralised(b) if b.public_access_block.restrict_public_buckets == true

policies_neutralised(_) if {
	some a in input.aws.s3.account
	a.public_access_block.block_public_policy == true
}

policies_neutralised(_) if {
	some a in input.aws.s3.account
	a.public_access_block.restrict_public_buckets == true
}

write_actions := ["s3:PutObject", "s3:DeleteObject", "s3:PutBucketPolicy", "s3:PutObjectAcl", "s3:DeleteBucket"]

writes(s) if {
	some action in write_actions
	iam.allows_action(s, action)
}

deny contains {"msg": msg, "ref": b.__ref, "path": ["policy", "Statement", k, "Principal"], "severity": severity} if {
	some b in input.aws.s3.buckets
	some k, s in iam.allow_statements(b.policy)
	iam.public_principal(s)
	not iam.restricted_by_condition(s)
	not policies_neutralised(b)
	severity := severity_of(s)
	actions := concat(", ", [a | some a in iam.list(s.Action); is_string(a)])
	msg := sprintf("%s: bucket policy statement %d allows anyone (Principal \"*\") %s; name the principals or restrict the statement with a condition", [b.__ref, k, describe(actions)])
}

# Anyone able to write or delete objects, or change the policy, is CRITICAL.
severity_of(s) := "CRITICAL" if writes(s)

severity_of(s) := "HIGH" if not writes(s)

describe(actions) := sprintf("to %s", [actions]) if actions != ""

describe(actions) := "every action but its NotAction" if actions == ""
