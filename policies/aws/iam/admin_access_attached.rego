# METADATA
# title: AdministratorAccess is attached to an IAM principal
# description: >-
#   The AWS managed policy AdministratorAccess allows every action on every resource. A user,
#   group or role holding it controls the whole account; its long-lived credentials or anyone
#   able to assume it are a full compromise away.
# scope: package
# related_resources:
#   - https://docs.aws.amazon.com/aws-managed-policy/latest/reference/AdministratorAccess.html
#   - https://docs.aws.amazon.com/IAM/latest/UserGuide/best-practices.html#grant-least-privilege
# custom:
#   id: AWS-IAM-005
#   severity: HIGH
#   recommended_action: Attach a policy limited to what the principal does; keep administrator access to a few break-glass roles assumed with MFA.
#   input:
#     selector:
#       - type: cloud
#         service: iam
#   frameworks:
#     cis-aws-3.0: ["1.16"]
#     nist-800-53-r5: ["AC-6"]
#     pci-dss-4.0: ["7.2.1", "7.2.2"]
#     soc2: ["CC6.3"]
package rampart.aws.iam.admin_access_attached

import rego.v1

import data.rampart.lib.aws.iam

deny contains {"msg": msg, "ref": e.__ref, "path": ["attached_policies", i]} if {
	some collection, kind in iam.principal_kinds
	some e in input.aws.iam[collection]
	some i, _ in iam.attached_aws_policy(e, "AdministratorAccess")
	msg := sprintf("%s: the %s has the AdministratorAccess managed policy; attach a least-privilege policy instead", [e.__ref, kind])
}
