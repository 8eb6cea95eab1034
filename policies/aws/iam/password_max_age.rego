# METADATA
# title: IAM passwords do not expire within 90 days
# description: >-
#   Where passwords are the only factor, PCI DSS requires them to change at least every 90
#   days so that a leaked password stops working. A max_password_age of 0 means passwords never
#   expire.
# scope: package
# related_resources:
#   - https://docs.aws.amazon.com/IAM/latest/UserGuide/id_credentials_passwords_account-policy.html
# custom:
#   id: AWS-IAM-011
#   severity: LOW
#   recommended_action: Set max_password_age to 90 or less on aws_iam_account_password_policy, or require MFA for every console user.
#   input:
#     selector:
#       - type: cloud
#         service: iam
#   frameworks:
#     nist-800-53-r5: ["IA-5"]
#     pci-dss-4.0: ["8.3.9"]
package rampart.aws.iam.password_max_age

import rego.v1

deny contains {"msg": msg, "ref": p.__ref, "path": ["max_age"]} if {
	some p in input.aws.iam.password_policy
	p.max_age == 0
	msg := sprintf("%s: passwords never expire; set a maximum age of 90 days or less", [p.__ref])
}

deny contains {"msg": msg, "ref": p.__ref, "path": ["max_age"]} if {
	some p in input.aws.iam.password_policy
	is_number(p.max_age)
	p.max_age > 90
	msg := sprintf("%s: passwords expire after %d days; set a maximum age of 90 days or less", [p.__ref, p.max_age])
}
