# METADATA
# title: DynamoDB table is not encrypted with a customer managed KMS key
# description: >-
#   DynamoDB always encrypts tables, by default with a key AWS owns and that you cannot see,
#   audit or revoke. A customer managed KMS key puts access to the data under a key policy you
#   control, logs each use in CloudTrail, and lets you cut off access by disabling the key.
# scope: package
# related_resources:
#   - https://docs.aws.amazon.com/amazondynamodb/latest/developerguide/EncryptionAtRest.html
#   - https://docs.aws.amazon.com/kms/latest/developerguide/services-dynamodb.html
# custom:
#   id: AWS-DYNAMODB-002
#   severity: LOW
#   recommended_action: >-
#     Add server_side_encryption { enabled = true, kms_key_arn = <customer managed key> }
#     (CloudFormation: SSESpecification with SSEEnabled: true, SSEType: KMS and
#     KMSMasterKeyId).
#   input:
#     selector:
#       - type: cloud
#         service: dynamodb
#   frameworks:
#     nist-800-53-r5: ["SC-12", "SC-28"]
#     soc2: ["CC6.1"]
package rampart.aws.dynamodb.customer_managed_key

import rego.v1

import data.rampart.lib.aws.source

deny contains {"msg": msg, "ref": t.__ref, "path": ["encryption", "customer_managed_key"]} if {
	some t in input.aws.dynamodb.tables
	t.encryption.customer_managed_key == false
	msg := sprintf("%s is encrypted with an %s key, not a customer managed KMS key; set %s", [t.__ref, key_kind(t), source.name(t, {"terraform": "server_side_encryption.kms_key_arn", "cloudformation": "SSESpecification.KMSMasterKeyId"})])
}

key_kind(t) := "AWS managed" if t.encryption.key_type == "AWS_MANAGED"

key_kind(t) := "AWS owned" if t.encryption.key_type != "AWS_MANAGED"
