# METADATA
# title: IAM password policy does not prevent reuse of the last 24 passwords
# description: >-
#   Without reuse prevention, users can rotate back to an old, possibly leaked password. The
#   password policy should remember the last 24 passwords.
# scope: package
# related_resources:
#   - https://docs.aws.amazon.com/IAM/latest/UserGuide/id_credentials_passwords_account-policy.html
# custom:
#   id: AWS-IAM-009
#   severity: MEDIUM
#   recommended_action: Set password_reuse_prevention to 24 on aws_iam_account_password_policy.
#   input:
#     selector:
#       - type: cloud
#         service: iam
#   frameworks:
#     cis-aws-3.0: ["1.9"]
#     nist-800-53-r5: ["IA-5"]
#     pci-dss-4.0: ["8.3.7"]
#     soc2: ["CC6.1"]
package rampart.aws.iam.password_reuse

import rego.v1

deny contains {"msg": msg, "ref": p.__ref, "path": ["reuse_prevention"]} if {
	some p in input.aws.iam.password_policy
	is_number(p.reuse_prevention)
	p.reuse_prevention < 24
	msg := sprintf("%s: %s; remember the last 24 passwords", [p.__ref, remembered(p.reuse_prevention)])
}

remembered(0) := "passwords may be reused"

remembered(n) := sprintf("only the last %d passwords are remembered", [n]) if n > 0
