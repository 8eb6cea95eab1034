# METADATA
# title: CloudTrail logs are not encrypted with a customer managed KMS key
# description: >-
#   By default CloudTrail log files get SSE-S3, which anyone allowed to read the bucket can
#   decrypt. With a customer managed KMS key, reading the logs also needs kms:Decrypt on the
#   key, whose policy and use are audited separately from the bucket.
# scope: package
# related_resources:
#   - https://docs.aws.amazon.com/awscloudtrail/latest/userguide/encrypting-cloudtrail-log-files-with-aws-kms.html
#   - https://docs.aws.amazon.com/securityhub/latest/userguide/cloudtrail-controls.html#cloudtrail-2
# custom:
#   id: AWS-CLOUDTRAIL-003
#   severity: MEDIUM
#   recommended_action: >-
#     Set kms_key_id (CloudFormation: KMSKeyId) to a customer managed KMS key whose policy lets
#     CloudTrail encrypt and your auditors decrypt.
#   input:
#     selector:
#       - type: cloud
#         service: cloudtrail
#   frameworks:
#     cis-aws-3.0: ["3.5"]
#     nist-800-53-r5: ["AU-9", "SC-28"]
#     pci-dss-4.0: ["10.3.1"]
#     soc2: ["CC6.1"]
package rampart.aws.cloudtrail.kms_encryption

import rego.v1

import data.rampart.lib.aws.source

deny contains {"msg": msg, "ref": t.__ref, "path": ["encryption", "customer_managed_key"]} if {
	some t in input.aws.cloudtrail.trails
	t.encryption.customer_managed_key == false
	msg := sprintf("%s does not encrypt its logs with a customer managed KMS key; set %s", [t.__ref, source.name(t, {"terraform": "kms_key_id", "cloudformation": "KMSKeyId"})])
}
