# METADATA
# title: IAM policy allows a principal to grant itself more permissions
# description: >-
#   Actions such as iam:AttachUserPolicy, iam:PutRolePolicy, iam:CreatePolicyVersion or
#   iam:UpdateAssumeRolePolicy on every resource let the holder attach administrator policies
#   to itself, rewrite a policy it already has, or take over other identities (new access keys,
#   login profiles): a privilege escalation path to full control of the account.
# scope: package
# related_resources:
#   - https://docs.aws.amazon.com/IAM/latest/UserGuide/access_policies_boundaries.html
#   - https://docs.aws.amazon.com/IAM/latest/UserGuide/best-practices.html#grant-least-privilege
# custom:
#   id: AWS-IAM-014
#   severity: HIGH
#   recommended_action: Grant IAM write actions only on the ARNs they must manage, and require a permissions boundary (iam:PermissionsBoundary condition) for principals that create or change identities.
#   input:
#     selector:
#       - type: cloud
#         service: iam
#   frameworks:
#     nist-800-53-r5: ["AC-5", "AC-6"]
#     pci-dss-4.0: ["7.2.1", "7.2.2"]
#     soc2: ["CC6.3"]
package rampart.aws.iam.privilege_escalation

import rego.v1

import data.rampart.lib.aws.iam

deny contains {"msg": msg, "ref": d.ref, "path": array.concat(d.path, ["Statement", k, "Action"])} if {
	some d in iam.identity_documents
	some k, s in iam.allow_statements(d.doc)
	granted := iam.escalations(s)
	count(granted) > 0
	msg := sprintf("%s: statement %d allows %s on every resource, enough to escalate privileges; scope it to specific ARNs", [d.label, k, concat(", ", sort(granted))])
}
