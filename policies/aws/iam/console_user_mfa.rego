# METADATA
# title: IAM user with a console password has no MFA
# description: >-
#   A console password alone is one phishing page away from an attacker. Users who sign in to
#   the console need a second factor so that a leaked password is not enough.
# scope: package
# related_resources:
#   - https://docs.aws.amazon.com/IAM/latest/UserGuide/id_credentials_mfa_enable.html
# custom:
#   id: AWS-IAM-021
#   severity: HIGH
#   recommended_action: Assign an MFA device to the user (or remove its console password), and enforce MFA with a policy that denies actions when aws:MultiFactorAuthPresent is false.
#   input:
#     selector:
#       - type: cloud
#         service: iam
#   frameworks:
#     cis-aws-3.0: ["1.10"]
#     nist-800-53-r5: ["IA-2"]
#     pci-dss-4.0: ["8.4.2"]
#     soc2: ["CC6.1"]
package rampart.aws.iam.console_user_mfa

import rego.v1

# mfa_enabled is null from IaC (it cannot say), so only a live account or snapshot fires this.
deny contains {"msg": msg, "ref": u.__ref, "path": ["mfa_enabled"]} if {
	some u in input.aws.iam.users
	u.login_profile == true
	u.mfa_enabled == false
	msg := sprintf("%s: the user signs in to the console without MFA; assign an MFA device", [u.__ref])
}
