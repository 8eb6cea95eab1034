# METADATA
# title: IAM group grants permissions without requiring MFA
# description: >-
#   When none of a group's policies asks for multi-factor authentication (a condition on
#   aws:MultiFactorAuthPresent or aws:MultiFactorAuthAge, usually a Deny of everything but MFA
#   self-service while it is false), a member who signs in to the console uses every
#   permission the group grants with a password alone, so a phished password is enough. Only
#   groups with a member who has a console password are reported (groups of deployment users
#   with access keys only cannot use MFA), and only on what the scan can read: a group whose
#   policies cannot all be read is not reported.
# scope: package
# related_resources:
#   - https://docs.aws.amazon.com/IAM/latest/UserGuide/id_credentials_mfa_configure-api-require.html
#   - https://docs.aws.amazon.com/IAM/latest/UserGuide/tutorial_users-self-manage-mfa-and-creds.html
# custom:
#   id: AWS-IAM-026
#   severity: LOW
#   recommended_action: >-
#     Attach to the group a policy that denies every action except MFA self-service while
#     aws:MultiFactorAuthPresent is false (BoolIfExists), or add an aws:MultiFactorAuthPresent
#     condition to its Allow statements.
#   input:
#     selector:
#       - type: cloud
#         service: iam
#   frameworks:
#     nist-800-53-r5: ["IA-2"]
#     pci-dss-4.0: ["8.4.2"]
#     soc2: ["CC6.1"]
package rampart.aws.iam.group_without_mfa

import rego.v1

import data.rampart.lib.aws.iam

mfa_keys := {"aws:multifactorauthpresent", "aws:multifactorauthage"}

# The group's readable documents: inline ones and the customer managed policies of the unit.
documents(g) := array.concat(
	[pol.document | some pol in iam.list(g.policies); is_object(pol.document)],
	[iam.policies_by_ref[a.ref].document |
		some a in iam.list(g.attached_policies)
		is_string(a.ref)
		is_object(iam.policies_by_ref[a.ref].document)
	],
)

# Something the group grants: an Allow statement it can read, or an attached AWS managed policy.
grants(g) if {
	some doc in documents(g)
	count(iam.allow_statements(doc)) > 0
}

grants(g) if {
	some a in iam.list(g.attached_policies)
	is_string(iam.aws_managed_policy_name(a.arn))
}

requires_mfa(g) if {
	some doc in documents(g)
	some s in iam.list(doc.Statement)
	some _, keys in iam.entries(s.Condition)
	some key, _ in iam.entries(keys)
	lower(key) in mfa_keys
}

# A policy the scan cannot read (unknown document, a managed policy outside the unit) may be
# the one that requires MFA.
unreadable(g) if g.policies == null

unreadable(g) if g.attached_policies == null

unreadable(g) if {
	some pol in iam.list(g.policies)
	not is_object(pol.document)
}

unreadable(g) if {
	some a in iam.list(g.attached_policies)
	not is_string(iam.aws_managed_policy_name(a.arn))
	not is_object(iam.policies_by_ref[a.ref].document)
}

# Members who sign in to the console with a password.
console_members(g) := {u.__ref |
	some u in object.get(input.aws.iam, "users", [])
	u.login_profile == true
	some m in iam.list(u.groups)
	m.ref == g.__ref
}

deny contains {"msg": msg, "ref": g.__ref, "path": ["policies"]} if {
	some g in input.aws.iam.groups
	members := console_members(g)
	count(members) > 0
	grants(g)
	not requires_mfa(g)
	not unreadable(g)
	msg := sprintf("%s: no policy of the group requires MFA, so its console users (%s) use its permissions with a password alone; deny actions while aws:MultiFactorAuthPresent is false", [g.__ref, concat(", ", sort(members))])
}
