# METADATA
# title: S3 bucket ACL grants public access
# description: >-
#   The canned ACLs public-read, public-read-write and authenticated-read, and grants to the
#   AllUsers or AuthenticatedUsers groups, let anyone on the internet (or any AWS account) list,
#   read or write the bucket. Unless the bucket's or the account's public access block ignores or
#   blocks public ACLs, the bucket is public.
# scope: package
# related_resources:
#   - https://docs.aws.amazon.com/AmazonS3/latest/userguide/acl-overview.html#canned-acl
#   - https://docs.aws.amazon.com/AmazonS3/latest/userguide/about-object-ownership.html
# custom:
#   id: AWS-S3-001
#   severity: HIGH
#   recommended_action: Use the private ACL (or disable ACLs with object ownership BucketOwnerEnforced) and grant access through bucket policies to specific principals; serve public content through CloudFront with origin access control.
#   input:
#     selector:
#       - type: cloud
#         service: s3
#   frameworks:
#     cis-aws-3.0: ["2.1.4"]
#     nist-800-53-r5: ["AC-3", "AC-6"]
#     pci-dss-4.0: ["1.4.4", "7.2.1"]
#     soc2: ["CC6.1", "CC6.6"]
package rampart.aws.s3.public_acl

import rego.v1

public_acls := {
	"public-read": "lets anyone on the internet list and read",
	"public-read-write": "lets anyone on the internet list, read and write",
	"authenticated-read": "lets any AWS account list and read",
}

public_groups := {
	"http://acs.amazonaws.com/groups/global/AllUsers": "anyone on the internet",
	"http://acs.amazonaws.com/groups/global/AuthenticatedUsers": "any AWS account",
}

# A public access block that refuses or ignores public ACLs makes them harmless.
acls_neutralised(b) if b.public_access_block.block_public_acls == true

acls_neutralised(b) if b.public_access_block.ignore_public_acls == true

acls_neutralised(_) if {
	some a in input.aws.s3.account
	a.public_access_block.ignore_public_acls == true
}

acls_neutralised(_) if {
	some a in input.aws.s3.account
	a.public_access_block.block_public_acls == true
}

deny contains {"msg": msg, "ref": b.__ref, "path": ["acl"], "severity": severity} if {
	some b in input.aws.s3.buckets
	what := public_acls[b.acl]
	not acls_neutralised(b)
	severity := {true: "CRITICAL", false: "HIGH"}[b.acl == "public-read-write"]
	msg := sprintf("%s: canned ACL %q %s the bucket; use the private ACL and grant access to specific principals", [b.__ref, b.acl, what])
}

deny contains {"msg": msg, "ref": b.__ref, "path": ["grants", i], "severity": severity} if {
	some b in input.aws.s3.buckets
	is_array(b.grants)
	some i, g in b.grants
	who := public_groups[g.grantee_uri]
	not acls_neutralised(b)
	severity := {true: "CRITICAL", false: "HIGH"}[g.permission in {"WRITE", "WRITE_ACP", "FULL_CONTROL"}]
	msg := sprintf("%s: ACL grants %s to %s; remove the grant and give access to specific principals", [b.__ref, g.permission, who])
}
