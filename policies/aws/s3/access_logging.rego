# METADATA
# title: S3 bucket server access logging is disabled
# description: >-
#   Server access logs record every request made to a bucket (who, what, when, from where).
#   Without them, access to the data cannot be reviewed or investigated. Buckets that receive
#   other buckets' access logs are not reported.
# scope: package
# related_resources:
#   - https://docs.aws.amazon.com/AmazonS3/latest/userguide/ServerLogs.html
#   - https://registry.terraform.io/providers/hashicorp/aws/latest/docs/resources/s3_bucket_logging
# custom:
#   id: AWS-S3-008
#   severity: MEDIUM
#   recommended_action: Enable server access logging to a dedicated log bucket (aws_s3_bucket_logging, or LoggingConfiguration with DestinationBucketName).
#   input:
#     selector:
#       - type: cloud
#         service: s3
#   frameworks:
#     nist-800-53-r5: ["AU-2", "AU-12"]
#     pci-dss-4.0: ["10.2.1"]
#     soc2: ["CC7.2"]
package rampart.aws.s3.access_logging

import rego.v1

# The bucket receives access logs: another bucket logs to it, or it carries the ACL that lets
# the log delivery group write.
log_target(b) if {
	some other in input.aws.s3.buckets
	other.__ref != b.__ref
	other.logging.target_bucket_ref == b.__ref
}

log_target(b) if {
	is_string(b.name)
	some other in input.aws.s3.buckets
	other.__ref != b.__ref
	other.logging.target_bucket == b.name
}

log_target(b) if b.acl == "log-delivery-write"

deny contains {"msg": msg, "ref": b.__ref, "path": ["logging", "enabled"]} if {
	some b in input.aws.s3.buckets
	b.logging.enabled == false
	not log_target(b)
	msg := sprintf("%s: server access logging is disabled; log requests to a dedicated log bucket", [b.__ref])
}
