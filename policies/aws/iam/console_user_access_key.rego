# METADATA
# title: IAM user has both a console password and an access key
# description: >-
#   A person who signs in to the console rarely needs long-lived access keys as well; creating
#   both when the user is set up doubles the credentials that can leak and keeps keys that are
#   never used. People should use temporary credentials (IAM Identity Center, assumed roles).
# scope: package
# related_resources:
#   - https://docs.aws.amazon.com/IAM/latest/UserGuide/best-practices.html#rotate-credentials
#   - https://docs.aws.amazon.com/IAM/latest/UserGuide/id_credentials_access-keys.html
# custom:
#   id: AWS-IAM-016
#   severity: LOW
#   recommended_action: Do not create access keys for users who sign in to the console; give them temporary credentials through IAM Identity Center or roles, and keep access keys for machine users only.
#   input:
#     selector:
#       - type: cloud
#         service: iam
#   frameworks:
#     cis-aws-3.0: ["1.11"]
#     nist-800-53-r5: ["IA-2", "IA-5"]
#     pci-dss-4.0: ["8.6.1"]
#     soc2: ["CC6.1"]
package rampart.aws.iam.console_user_access_key

import rego.v1

deny contains {"msg": msg, "ref": u.__ref, "path": ["access_keys"]} if {
	some u in input.aws.iam.users
	u.login_profile == true
	is_number(u.access_keys)
	u.access_keys > 0
	msg := sprintf("%s: the user signs in to the console and also has an access key; remove the key and use temporary credentials", [u.__ref])
}
