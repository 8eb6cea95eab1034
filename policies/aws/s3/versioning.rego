# METADATA
# title: S3 bucket versioning is disabled
# description: >-
#   Without versioning, an overwritten or deleted object is gone: a mistake, a compromised
#   credential or ransomware can destroy data with no way back.
# scope: package
# related_resources:
#   - https://docs.aws.amazon.com/AmazonS3/latest/userguide/Versioning.html
# custom:
#   id: AWS-S3-006
#   severity: MEDIUM
#   recommended_action: Enable versioning (aws_s3_bucket_versioning with status Enabled, or VersioningConfiguration Status Enabled) and expire old versions with a lifecycle rule.
#   input:
#     selector:
#       - type: cloud
#         service: s3
#   frameworks:
#     nist-800-53-r5: ["SI-12"]
#     soc2: ["CC7.5", "CC9.1"]
package rampart.aws.s3.versioning

import rego.v1

deny contains {"msg": msg, "ref": b.__ref, "path": ["versioning", "enabled"]} if {
	some b in input.aws.s3.buckets
	b.versioning.enabled == false
	msg := sprintf("%s: versioning is not enabled; enable it so that overwritten and deleted objects can be recovered", [b.__ref])
}
