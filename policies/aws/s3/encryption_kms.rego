# METADATA
# title: S3 bucket is not encrypted with a KMS key
# description: >-
#   Every bucket is encrypted at rest, by default with S3-managed keys (SSE-S3, AES256). Those
#   keys cannot be restricted, audited in CloudTrail or revoked separately from S3 permissions;
#   SSE-KMS with a customer managed key adds a second, auditable access control on the data.
#   Buckets receiving an application or classic load balancer's access logs are exempt: those
#   load balancers can only write to buckets encrypted with S3-managed keys.
# scope: package
# related_resources:
#   - https://docs.aws.amazon.com/AmazonS3/latest/userguide/UsingKMSEncryption.html
#   - https://docs.aws.amazon.com/AmazonS3/latest/userguide/default-bucket-encryption.html
#   - https://docs.aws.amazon.com/elasticloadbalancing/latest/application/enable-access-logging.html
# custom:
#   id: AWS-S3-005
#   severity: LOW
#   recommended_action: Set default encryption to aws:kms with a customer managed KMS key (and bucket keys enabled to limit KMS requests).
#   input:
#     selector:
#       - type: cloud
#         service: s3
#   frameworks:
#     nist-800-53-r5: ["SC-12", "SC-28"]
#     pci-dss-4.0: ["3.5.1", "3.6.1"]
#     soc2: ["CC6.1"]
package rampart.aws.s3.encryption_kms

import rego.v1

deny contains {"msg": msg, "ref": b.__ref, "path": ["encryption", "algorithm"]} if {
	some b in input.aws.s3.buckets
	b.encryption.algorithm == "AES256"
	not alb_log_bucket(b)
	msg := sprintf("%s: default encryption uses S3-managed keys (AES256); use aws:kms with a customer managed key", [b.__ref])
}

# Application and classic load balancers write access logs only to buckets with SSE-S3; network
# load balancers accept KMS keys, so their log buckets are not exempt.
alb_log_bucket(b) if {
	some lb in object.get(input, ["aws", "elb", "load_balancers"], [])
	lb.type in {"application", "classic"}
	lb.access_logs.enabled == true
	receives(lb.access_logs, b)
}

receives(logs, b) if logs.bucket_ref == b.__ref

receives(logs, b) if {
	is_string(logs.bucket)
	logs.bucket == b.name
}
