# METADATA
# title: CloudWatch log group is not encrypted with a KMS key
# description: >-
#   CloudWatch Logs encrypts log data with a service key that anyone allowed to read the log
#   group can use. Associating a customer managed KMS key makes reading the logs also depend on
#   the key policy, and lets you revoke access to all of them at once.
# scope: package
# related_resources:
#   - https://docs.aws.amazon.com/AmazonCloudWatch/latest/logs/encrypt-log-data-kms.html
# custom:
#   id: AWS-LOGS-002
#   severity: LOW
#   recommended_action: >-
#     Set kms_key_id (CloudFormation: KmsKeyId) to a customer managed KMS key whose policy
#     allows the CloudWatch Logs service principal of the region.
#   input:
#     selector:
#       - type: cloud
#         service: logs
#   frameworks:
#     nist-800-53-r5: ["AU-9", "SC-28"]
#     soc2: ["CC6.1"]
package rampart.aws.logs.kms_encryption

import rego.v1

import data.rampart.lib.aws.source

deny contains {"msg": msg, "ref": g.__ref, "path": ["encryption", "customer_managed_key"]} if {
	some g in input.aws.logs.log_groups
	g.encryption.customer_managed_key == false
	msg := sprintf("%s is not encrypted with a customer managed KMS key; set %s", [g.__ref, source.name(g, {"terraform": "kms_key_id", "cloudformation": "KmsKeyId"})])
}
