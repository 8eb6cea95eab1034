# METADATA
# title: IAM password policy does not require a mix of character types
# description: >-
#   A policy that does not require upper-case and lower-case letters, numbers and symbols lets
#   users choose passwords from a much smaller space, easier to guess or crack.
# scope: package
# related_resources:
#   - https://docs.aws.amazon.com/IAM/latest/UserGuide/id_credentials_passwords_account-policy.html
# custom:
#   id: AWS-IAM-010
#   severity: LOW
#   recommended_action: Set require_uppercase_characters, require_lowercase_characters, require_numbers and require_symbols to true on aws_iam_account_password_policy.
#   input:
#     selector:
#       - type: cloud
#         service: iam
#   frameworks:
#     nist-800-53-r5: ["IA-5"]
#     pci-dss-4.0: ["8.3.6"]
#     soc2: ["CC6.1"]
package rampart.aws.iam.password_complexity

import rego.v1

requirements := {
	"require_uppercase": "an upper-case letter",
	"require_lowercase": "a lower-case letter",
	"require_numbers": "a number",
	"require_symbols": "a symbol",
}

deny contains {"msg": msg, "ref": p.__ref, "path": [setting]} if {
	some p in input.aws.iam.password_policy
	some setting, what in requirements
	p[setting] == false
	msg := sprintf("%s: passwords need not contain %s; require it", [p.__ref, what])
}
