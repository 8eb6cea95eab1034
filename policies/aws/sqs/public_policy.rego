# METADATA
# title: SQS queue policy allows any principal
# description: >-
#   A queue policy statement that allows "*" without a condition restricting the caller (such
#   as aws:SourceArn for an SNS topic or EventBridge rule, aws:SourceAccount or
#   aws:PrincipalOrgID) lets anyone with an AWS account send, read or delete the queue's
#   messages, depending on the actions it grants.
# scope: package
# related_resources:
#   - https://docs.aws.amazon.com/AWSSimpleQueueService/latest/SQSDeveloperGuide/sqs-basic-examples-of-sqs-policies.html
#   - https://docs.aws.amazon.com/securityhub/latest/userguide/sqs-controls.html
# custom:
#   id: AWS-SQS-002
#   severity: HIGH
#   recommended_action: >-
#     Name the principals in the statement, or add a condition on aws:SourceArn,
#     aws:SourceAccount or aws:PrincipalOrgID.
#   input:
#     selector:
#       - type: cloud
#         service: sqs
#   frameworks:
#     nist-800-53-r5: ["AC-3", "AC-6"]
#     pci-dss-4.0: ["7.2.1"]
#     soc2: ["CC6.1", "CC6.3"]
package rampart.aws.sqs.public_policy

import rego.v1

import data.rampart.lib.aws.data_ops

deny contains {"msg": msg, "ref": q.__ref, "path": ["policy", "Statement", i]} if {
	some q in input.aws.sqs.queues
	some i in data_ops.public_statements(q.policy)
	stmt := q.policy.Statement[i]
	msg := sprintf("%s policy statement %d allows any principal (%s) without restricting the caller; name the principals or add an aws:SourceArn or aws:PrincipalOrgID condition", [q.__ref, i, data_ops.actions_text(stmt)])
}
