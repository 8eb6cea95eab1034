# METADATA
# title: Account-level S3 public access block is not fully enabled
# description: >-
#   The account's Block Public Access settings apply to every bucket, existing and future, and
#   override bucket settings. Leaving one off lets a single bucket ACL or policy make data
#   public.
# scope: package
# related_resources:
#   - https://docs.aws.amazon.com/AmazonS3/latest/userguide/configuring-block-public-access-account.html
#   - https://registry.terraform.io/providers/hashicorp/aws/latest/docs/resources/s3_account_public_access_block
# custom:
#   id: AWS-S3-004
#   severity: MEDIUM
#   recommended_action: Set block_public_acls, block_public_policy, ignore_public_acls and restrict_public_buckets to true on aws_s3_account_public_access_block.
#   input:
#     selector:
#       - type: cloud
#         service: s3
#   frameworks:
#     cis-aws-3.0: ["2.1.4"]
#     nist-800-53-r5: ["AC-3", "SC-7"]
#     pci-dss-4.0: ["1.4.4"]
#     soc2: ["CC6.1", "CC6.6"]
package rampart.aws.s3.account_public_access_block

import rego.v1

settings := ["block_public_acls", "block_public_policy", "ignore_public_acls", "restrict_public_buckets"]

off(a) := [s | some s in settings; a.public_access_block[s] == false]

deny contains {"msg": msg, "ref": a.__ref, "path": ["public_access_block"]} if {
	some a in input.aws.s3.account
	count(off(a)) == count(settings)
	msg := sprintf("%s: no account-level Block Public Access setting is on; enable all four", [a.__ref])
}

deny contains {"msg": msg, "ref": a.__ref, "path": ["public_access_block", s]} if {
	some a in input.aws.s3.account
	missing := off(a)
	count(missing) < count(settings)
	some s in missing
	msg := sprintf("%s: account-level Block Public Access setting %s is off; turn it on", [a.__ref, s])
}
