# METADATA
# title: S3 bucket is not encrypted with a KMS key
# description: >-
#   Every bucket is encrypted at rest, by default with S3-managed keys (SSE-S3, AES256). Those
#   keys cannot be restricted, audited in CloudTrail or revoked separately from S3 permissions;
#   SSE-KMS with a customer managed key adds a second, auditable access control on the data.
# scope: package
# related_resources:
#   - https://docs.aws.amazon.com/AmazonS3/latest/userguide/UsingKMSEncryption.html
#   - https://docs.aws.amazon.com/AmazonS3/latest/userguide/default-bucket-encryption.html
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
	msg := sprintf("%s: default encryption uses S3-managed keys (AES256); use aws:kms with a customer managed key", [b.__ref])
}
