# METADATA
# title: Root user used in the last 30 days
# description: >-
#   The root user cannot be limited by any policy, so every task done as root is done with no
#   guard rail and outside the roles whose use is reviewed. A few tasks need it (closing the
#   account, some billing settings); daily administration does not. A sign-in or an access-key
#   call as root in the last 30 days is worth a look. Only an audit of a live account knows
#   (from the IAM credential report); infrastructure code cannot say.
# scope: package
# related_resources:
#   - https://docs.aws.amazon.com/IAM/latest/UserGuide/root-user-tasks.html
#   - https://docs.aws.amazon.com/IAM/latest/UserGuide/id_credentials_getting-report.html
# custom:
#   id: AWS-IAM-025
#   severity: MEDIUM
#   recommended_action: Find out what was done as root (CloudTrail, userIdentity.type Root); do it with an IAM role next time, and waive this finding with an expiry when the task truly needed root.
#   input:
#     selector:
#       - type: cloud
#         service: iam
#   frameworks:
#     cis-aws-3.0: ["1.7"]
#     nist-800-53-r5: ["AC-6"]
#     soc2: ["CC6.1"]
package rampart.aws.iam.root_recent_use

import rego.v1

window_days := 30

deny contains {"msg": msg, "ref": a.__ref, "path": ["root_last_used_days"]} if {
	some a in input.aws.iam.account
	is_number(a.root_last_used_days)
	a.root_last_used_days < window_days
	msg := sprintf("%s: the root user was used %d days ago; use IAM roles for administration", [a.__ref, a.root_last_used_days])
}
