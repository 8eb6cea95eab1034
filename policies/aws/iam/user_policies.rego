# METADATA
# title: IAM user has policies attached directly
# description: >-
#   Permissions granted to users one by one drift apart and are hard to review and revoke.
#   Granting them through groups (or, better, roles assumed through federation) keeps one
#   place per job function.
# scope: package
# related_resources:
#   - https://docs.aws.amazon.com/IAM/latest/UserGuide/id_groups_manage_attach-policy.html
# custom:
#   id: AWS-IAM-004
#   severity: LOW
#   recommended_action: Attach the policies to an IAM group (or a role) and add the user to it.
#   input:
#     selector:
#       - type: cloud
#         service: iam
#   frameworks:
#     cis-aws-3.0: ["1.15"]
#     nist-800-53-r5: ["AC-2", "AC-6"]
#     pci-dss-4.0: ["7.2.2", "7.3.2"]
#     soc2: ["CC6.2", "CC6.3"]
package rampart.aws.iam.user_policies

import rego.v1

deny contains {"msg": msg, "ref": u.__ref, "path": ["policies", i]} if {
	some u in input.aws.iam.users
	some i, p in u.policies
	msg := sprintf("%s: inline policy %s is attached to the user; grant it through a group", [u.__ref, name(p.name)])
}

deny contains {"msg": msg, "ref": u.__ref, "path": ["attached_policies", i]} if {
	some u in input.aws.iam.users
	some i, a in u.attached_policies
	msg := sprintf("%s: managed policy %s is attached to the user; attach it to a group instead", [u.__ref, policy(a)])
}

name(n) := sprintf("%q", [n]) if is_string(n)

name(n) := "(unnamed)" if not is_string(n)

policy(a) := a.arn if is_string(a.arn)

policy(a) := a.ref if {
	not is_string(a.arn)
	is_string(a.ref)
}

policy(a) := "(unknown)" if {
	not is_string(a.arn)
	not is_string(a.ref)
}
