# METADATA
# title: Console password unused for 45 days or more
# description: >-
#   A console password nobody signs in with still opens the console for whoever guesses or
#   phishes it, and nobody would notice its use. Passwords unused for 45 days (or never used, 45
#   days after they were set) belong to people who left or never needed the console. Only an
#   audit of a live account knows (from the IAM credential report); Terraform and
#   CloudFormation cannot say, so nothing fires on them.
# scope: package
# related_resources:
#   - https://docs.aws.amazon.com/IAM/latest/UserGuide/id_credentials_getting-report.html
#   - https://docs.aws.amazon.com/IAM/latest/UserGuide/id_credentials_finding-unused.html
# custom:
#   id: AWS-IAM-024
#   severity: MEDIUM
#   recommended_action: Delete the user's login profile (console password); give it back, with MFA, if the person turns out to need the console.
#   input:
#     selector:
#       - type: cloud
#         service: iam
#   frameworks:
#     cis-aws-3.0: ["1.12"]
#     nist-800-53-r5: ["AC-2", "IA-4"]
#     pci-dss-4.0: ["8.2.6"]
#     soc2: ["CC6.2"]
package rampart.aws.iam.unused_password

import rego.v1

max_idle_days := 45

deny contains {"msg": msg, "ref": u.__ref, "path": ["password_last_used_days"]} if {
	some u in input.aws.iam.users
	u.login_profile == true
	is_number(u.password_last_used_days)
	u.password_last_used_days >= max_idle_days
	msg := sprintf("%s: the console password was last used %d days ago; remove it", [u.__ref, u.password_last_used_days])
}

deny contains {"msg": msg, "ref": u.__ref, "path": ["password_ever_used"]} if {
	some u in input.aws.iam.users
	u.login_profile == true
	u.password_ever_used == false
	is_number(u.password_age_days)
	u.password_age_days >= max_idle_days
	msg := sprintf("%s: the console password was never used in the %d days since it was set; remove it", [u.__ref, u.password_age_days])
}
