# METADATA
# title: Root user has access keys
# description: >-
#   The root user can do anything in the account, including closing it, and no policy can limit
#   it. An access key for root is a permanent, unrestrictable credential that can leak from a
#   script or a laptop; AWS recommends that root has none.
# scope: package
# related_resources:
#   - https://docs.aws.amazon.com/IAM/latest/UserGuide/id_root-user_manage_delete-key.html
# custom:
#   id: AWS-IAM-019
#   severity: CRITICAL
#   recommended_action: Sign in as root, delete its access keys (Security credentials → Access keys), and give automation an IAM role or user with only the permissions it needs.
#   input:
#     selector:
#       - type: cloud
#         service: iam
#   frameworks:
#     cis-aws-3.0: ["1.4"]
#     nist-800-53-r5: ["AC-6", "IA-5"]
#     pci-dss-4.0: ["8.2.2"]
#     soc2: ["CC6.1"]
package rampart.aws.iam.root_access_keys

import rego.v1

deny contains {"msg": msg, "ref": a.__ref, "path": ["root_access_keys_present"]} if {
	some a in input.aws.iam.account
	a.root_access_keys_present == true
	msg := sprintf("%s: the root user has access keys; delete them and use IAM roles for automation", [a.__ref])
}
