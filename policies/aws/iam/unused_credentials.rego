# METADATA
# title: Active access key unused for 45 days or more
# description: >-
#   A key nobody uses still works for whoever finds it. Keys that have not been used for 45 days
#   (or never, 45 days after they were made) are forgotten credentials: deactivating them costs
#   nothing and removes a way in.
# scope: package
# related_resources:
#   - https://docs.aws.amazon.com/IAM/latest/UserGuide/id_credentials_finding-unused.html
# custom:
#   id: AWS-IAM-023
#   severity: MEDIUM
#   recommended_action: Deactivate the key (status Inactive), wait for anything that breaks, then delete it.
#   input:
#     selector:
#       - type: cloud
#         service: iam
#   frameworks:
#     cis-aws-3.0: ["1.12"]
#     nist-800-53-r5: ["AC-2", "IA-4"]
#     pci-dss-4.0: ["8.2.6"]
#     soc2: ["CC6.2"]
package rampart.aws.iam.unused_credentials

import rego.v1

max_idle_days := 45

deny contains {"msg": msg, "ref": k.__ref, "path": ["last_used_days"]} if {
	some k in input.aws.iam.access_keys
	k.active == true
	is_number(k.last_used_days)
	k.last_used_days >= max_idle_days
	msg := sprintf("%s: the access key was last used %d days ago; deactivate it", [k.__ref, k.last_used_days])
}

deny contains {"msg": msg, "ref": k.__ref, "path": ["ever_used"]} if {
	some k in input.aws.iam.access_keys
	k.active == true
	k.ever_used == false
	is_number(k.age_days)
	k.age_days >= max_idle_days
	msg := sprintf("%s: the access key was never used in the %d days since it was made; deactivate it", [k.__ref, k.age_days])
}
