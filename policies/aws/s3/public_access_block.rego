# METADATA
# title: S3 bucket public access block is not fully enabled
# description: >-
#   The four Block Public Access settings of a bucket stop public ACLs and public bucket
#   policies from being set or from taking effect. A setting that is off leaves the bucket one
#   ACL or policy change away from being public. S3 turns all four on for buckets created since
#   April 2023, but code that does not set them does not keep them on, nor does it for older
#   buckets.
# scope: package
# related_resources:
#   - https://docs.aws.amazon.com/AmazonS3/latest/userguide/access-control-block-public-access.html
#   - https://registry.terraform.io/providers/hashicorp/aws/latest/docs/resources/s3_bucket_public_access_block
# custom:
#   id: AWS-S3-003
#   severity: MEDIUM
#   recommended_action: Turn on block_public_acls, block_public_policy, ignore_public_acls and restrict_public_buckets (aws_s3_bucket_public_access_block, or PublicAccessBlockConfiguration), or enable them for the whole account.
#   input:
#     selector:
#       - type: cloud
#         service: s3
#   frameworks:
#     cis-aws-3.0: ["2.1.4"]
#     nist-800-53-r5: ["AC-3", "SC-7"]
#     pci-dss-4.0: ["1.4.4"]
#     soc2: ["CC6.1", "CC6.6"]
package rampart.aws.s3.public_access_block

import rego.v1

import data.rampart.lib.aws.source

settings := ["block_public_acls", "block_public_policy", "ignore_public_acls", "restrict_public_buckets"]

# The account's public access block turns the setting on for every bucket.
on_for_account(setting) if {
	some a in input.aws.s3.account
	a.public_access_block[setting] == true
}

off(b) := [s | some s in settings; b.public_access_block[s] == false; not on_for_account(s)]

# Every setting off: one finding for the whole block.
deny contains {"msg": msg, "ref": b.__ref, "path": ["public_access_block"]} if {
	some b in input.aws.s3.buckets
	count(off(b)) == count(settings)
	msg := sprintf("%s: no Block Public Access setting is on; enable %s, %s, %s and %s", array.concat([b.__ref], [setting_name(b, s) | some s in settings]))
}

deny contains {"msg": msg, "ref": b.__ref, "path": ["public_access_block", s]} if {
	some b in input.aws.s3.buckets
	missing := off(b)
	count(missing) < count(settings)
	some s in missing
	msg := sprintf("%s: Block Public Access setting %s is off; turn it on", [b.__ref, setting_name(b, s)])
}

api_names := {
	"block_public_acls": "BlockPublicAcls",
	"block_public_policy": "BlockPublicPolicy",
	"ignore_public_acls": "IgnorePublicAcls",
	"restrict_public_buckets": "RestrictPublicBuckets",
}

setting_name(b, s) := source.name(b, {
	"terraform": s,
	"cloudformation": sprintf("PublicAccessBlockConfiguration.%s", [api_names[s]]),
	"live": api_names[s],
})
