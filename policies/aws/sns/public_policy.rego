# METADATA
# title: SNS topic policy allows any principal
# description: >-
#   A topic policy statement that allows "*" without a condition restricting the caller (such
#   as aws:SourceArn, aws:SourceAccount, aws:SourceOwner or aws:PrincipalOrgID) lets anyone
#   with an AWS account publish to the topic or subscribe to it, and so inject messages into
#   every consumer or read everything published.
# scope: package
# related_resources:
#   - https://docs.aws.amazon.com/sns/latest/dg/sns-access-policy-use-cases.html
#   - https://docs.aws.amazon.com/sns/latest/dg/sns-security-best-practices.html
# custom:
#   id: AWS-SNS-002
#   severity: HIGH
#   recommended_action: >-
#     Name the principals in the statement, or add a condition on aws:SourceArn,
#     aws:SourceAccount or aws:PrincipalOrgID.
#   input:
#     selector:
#       - type: cloud
#         service: sns
#   frameworks:
#     nist-800-53-r5: ["AC-3", "AC-6"]
#     pci-dss-4.0: ["7.2.1"]
#     soc2: ["CC6.1", "CC6.3"]
package rampart.aws.sns.public_policy

import rego.v1

import data.rampart.lib.aws.data_ops

deny contains {"msg": msg, "ref": t.__ref, "path": ["policy", "Statement", i]} if {
	some t in input.aws.sns.topics
	some i in data_ops.public_statements(t.policy)
	stmt := t.policy.Statement[i]
	msg := sprintf("%s policy statement %d allows any principal (%s) without restricting the caller; name the principals or add an aws:SourceArn or aws:PrincipalOrgID condition", [t.__ref, i, data_ops.actions_text(stmt)])
}
