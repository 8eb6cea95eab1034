# METADATA
# title: SNS topic is not encrypted at rest
# description: >-
#   SNS stores messages until they are delivered. Without a KMS key (kms_master_key_id) they
#   are not encrypted at rest with a key you control, and published payloads, often carrying
#   personal or operational data, are readable by the service's storage layer in clear.
# scope: package
# related_resources:
#   - https://docs.aws.amazon.com/sns/latest/dg/sns-server-side-encryption.html
#   - https://docs.aws.amazon.com/securityhub/latest/userguide/sns-controls.html#sns-1
# custom:
#   id: AWS-SNS-001
#   severity: MEDIUM
#   recommended_action: >-
#     Set kms_master_key_id (CloudFormation: KmsMasterKeyId) to a KMS key, preferably customer
#     managed, whose policy lets the publishing services use it.
#   input:
#     selector:
#       - type: cloud
#         service: sns
#   frameworks:
#     nist-800-53-r5: ["SC-28"]
#     soc2: ["CC6.1"]
package rampart.aws.sns.unencrypted

import rego.v1

import data.rampart.lib.aws.source

deny contains {"msg": msg, "ref": t.__ref, "path": ["encryption", "enabled"]} if {
	some t in input.aws.sns.topics
	t.encryption.enabled == false
	msg := sprintf("%s is not encrypted at rest; set %s to a KMS key", [t.__ref, source.name(t, {"terraform": "kms_master_key_id", "cloudformation": "KmsMasterKeyId"})])
}
