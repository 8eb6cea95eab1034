# METADATA
# title: IAM user has more than one active access key
# description: >-
#   A second active key is meant for rotation only. Keys left active side by side double the
#   long-lived credentials that can leak, and one of them is usually forgotten.
# scope: package
# related_resources:
#   - https://docs.aws.amazon.com/IAM/latest/UserGuide/id_credentials_access-keys.html#rotating_access_keys_console
# custom:
#   id: AWS-IAM-015
#   severity: MEDIUM
#   recommended_action: Keep one active access key per user (set status = "Inactive" on, then delete, the old one), or better, use roles instead of access keys.
#   input:
#     selector:
#       - type: cloud
#         service: iam
#   frameworks:
#     cis-aws-3.0: ["1.13"]
#     nist-800-53-r5: ["IA-5"]
#     pci-dss-4.0: ["8.6.3"]
#     soc2: ["CC6.1"]
package rampart.aws.iam.multiple_access_keys

import rego.v1

deny contains {"msg": msg, "ref": u.__ref, "path": ["active_access_keys"]} if {
	some u in input.aws.iam.users
	is_number(u.active_access_keys)
	u.active_access_keys > 1
	msg := sprintf("%s: the user has %d active access keys; keep one and deactivate the others", [u.__ref, u.active_access_keys])
}
