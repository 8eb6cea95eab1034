# METADATA
# title: IAM password policy allows passwords shorter than 14 characters
# description: >-
#   Short passwords fall to guessing and cracking. The account password policy should require at
#   least 14 characters (Terraform and the API default to 6).
# scope: package
# related_resources:
#   - https://docs.aws.amazon.com/IAM/latest/UserGuide/id_credentials_passwords_account-policy.html
# custom:
#   id: AWS-IAM-008
#   severity: MEDIUM
#   recommended_action: Set minimum_password_length to 14 or more on aws_iam_account_password_policy.
#   input:
#     selector:
#       - type: cloud
#         service: iam
#   frameworks:
#     cis-aws-3.0: ["1.8"]
#     nist-800-53-r5: ["IA-5"]
#     pci-dss-4.0: ["8.3.6"]
#     soc2: ["CC6.1"]
package rampart.aws.iam.password_min_length

import rego.v1

deny contains {"msg": msg, "ref": p.__ref, "path": ["minimum_length"]} if {
	some p in input.aws.iam.password_policy
	is_number(p.minimum_length)
	p.minimum_length < 14
	msg := sprintf("%s: passwords may be %d characters long; require at least 14", [p.__ref, p.minimum_length])
}
