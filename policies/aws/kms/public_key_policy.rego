# METADATA
# title: KMS key policy allows any principal
# description: >-
#   A key policy statement that allows "*" (any AWS principal, in any account) without a
#   condition restricting the caller's account, organisation or source lets anyone use or
#   manage the key, and so read every piece of data it protects. Conditions on
#   kms:CallerAccount, aws:PrincipalOrgID, aws:PrincipalAccount, aws:PrincipalArn,
#   aws:SourceArn, aws:SourceAccount and similar keys count as restricting.
# scope: package
# related_resources:
#   - https://docs.aws.amazon.com/kms/latest/developerguide/key-policy-overview.html
#   - https://docs.aws.amazon.com/kms/latest/developerguide/conditions-kms.html#conditions-kms-caller-account
# custom:
#   id: AWS-KMS-002
#   severity: HIGH
#   recommended_action: >-
#     Name the principals that need the key in the statement, or add a condition such as
#     kms:CallerAccount or aws:PrincipalOrgID that limits it to your accounts.
#   input:
#     selector:
#       - type: cloud
#         service: kms
#   frameworks:
#     nist-800-53-r5: ["AC-3", "AC-6", "SC-12"]
#     pci-dss-4.0: ["3.6.1", "7.2.1"]
#     soc2: ["CC6.1", "CC6.3"]
package rampart.aws.kms.public_key_policy

import rego.v1

import data.rampart.lib.aws.data_ops

deny contains {"msg": msg, "ref": k.__ref, "path": ["policy", "Statement", i]} if {
	some k in input.aws.kms.keys
	some i in data_ops.public_statements(k.policy)
	stmt := k.policy.Statement[i]
	msg := sprintf("%s key policy statement %d allows any principal (%s) without a condition on the caller; name the principals or restrict the caller's account", [k.__ref, i, data_ops.actions_text(stmt)])
}
