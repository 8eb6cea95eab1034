# METADATA
# title: SQS queue is not encrypted at rest
# description: >-
#   SQS encrypts new queues with SQS-managed keys (SSE-SQS) by default; a queue with
#   sqs_managed_sse_enabled set to false and no KMS key stores its messages unencrypted. Queues
#   that omit both settings keep the default and are not reported.
# scope: package
# related_resources:
#   - https://docs.aws.amazon.com/AWSSimpleQueueService/latest/SQSDeveloperGuide/sqs-server-side-encryption.html
#   - https://docs.aws.amazon.com/securityhub/latest/userguide/sqs-controls.html#sqs-1
# custom:
#   id: AWS-SQS-001
#   severity: MEDIUM
#   recommended_action: >-
#     Remove sqs_managed_sse_enabled = false (CloudFormation: SqsManagedSseEnabled: false), or
#     set kms_master_key_id (KmsMasterKeyId) to a KMS key.
#   input:
#     selector:
#       - type: cloud
#         service: sqs
#   frameworks:
#     nist-800-53-r5: ["SC-28"]
#     soc2: ["CC6.1"]
package rampart.aws.sqs.unencrypted

import rego.v1

import data.rampart.lib.aws.source

deny contains {"msg": msg, "ref": q.__ref, "path": ["encryption", "enabled"]} if {
	some q in input.aws.sqs.queues
	q.encryption.enabled == false
	msg := sprintf("%s stores messages unencrypted; enable SSE-SQS or set %s", [q.__ref, source.name(q, {"terraform": "kms_master_key_id", "cloudformation": "KmsMasterKeyId"})])
}
