# METADATA
# title: Active access key older than 90 days
# description: >-
#   The longer an access key lives, the more places it has been copied to (CI variables,
#   laptops, old containers) and the longer a leaked copy stays useful. Rotating keys at least
#   every 90 days bounds that exposure.
# scope: package
# related_resources:
#   - https://docs.aws.amazon.com/IAM/latest/UserGuide/id_credentials_access-keys.html#rotating_access_keys_console
# custom:
#   id: AWS-IAM-022
#   severity: MEDIUM
#   recommended_action: Create a second key, move every consumer to it, deactivate and then delete the old key; better, replace long-lived keys with roles (OIDC, instance profiles).
#   input:
#     selector:
#       - type: cloud
#         service: iam
#   frameworks:
#     cis-aws-3.0: ["1.14"]
#     nist-800-53-r5: ["IA-5"]
#     pci-dss-4.0: ["8.3.9"]
#     soc2: ["CC6.1"]
package rampart.aws.iam.access_key_rotation

import rego.v1

max_age_days := 90

# age_days is only known for a live account (or its snapshot): IaC cannot say when a key was made.
deny contains {"msg": msg, "ref": k.__ref, "path": ["age_days"]} if {
	some k in input.aws.iam.access_keys
	k.active == true
	is_number(k.age_days)
	k.age_days > max_age_days
	msg := sprintf("%s: the access key is %d days old (more than %d); rotate it", [k.__ref, k.age_days, max_age_days])
}
