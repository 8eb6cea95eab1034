# METADATA
# title: IAM role trusts a whole AWS account without an external ID
# description: >-
#   Trusting an account (its root, or its bare ID) lets every principal of that account that is
#   allowed sts:AssumeRole take the role. When the account is a third party acting for several
#   customers, the missing sts:ExternalId condition leaves the role open to the confused deputy
#   problem: another customer of that party can make it assume your role.
# scope: package
# related_resources:
#   - https://docs.aws.amazon.com/IAM/latest/UserGuide/id_roles_create_for-user_externalid.html
#   - https://docs.aws.amazon.com/IAM/latest/UserGuide/confused-deputy.html
# custom:
#   id: AWS-IAM-007
#   severity: MEDIUM
#   recommended_action: Require an sts:ExternalId condition for third-party accounts, or trust specific roles (aws:PrincipalArn) or your organisation (aws:PrincipalOrgID) instead of the whole account.
#   input:
#     selector:
#       - type: cloud
#         service: iam
#   frameworks:
#     nist-800-53-r5: ["AC-3", "AC-6"]
#     pci-dss-4.0: ["7.2.1"]
#     soc2: ["CC6.1", "CC9.2"]
package rampart.aws.iam.trust_cross_account

import rego.v1

import data.rampart.lib.aws.iam

account_principal(p) := p if regex.match(`^[0-9]{12}$`, p)

account_principal(p) := account if {
	regex.match(`^arn:[a-z-]+:iam::[0-9]{12}:root$`, p)
	account := split(p, ":")[4]
}

# Conditions that narrow an account trust to known callers or an MFA session.
narrowed(s) if count(iam.condition_values(s, "sts:ExternalId")) > 0

narrowed(s) if iam.restricted_by_condition(s)

narrowed(s) if "true" in iam.condition_values(s, "aws:MultiFactorAuthPresent")

deny contains {"msg": msg, "ref": r.__ref, "path": ["assume_role_policy", "Statement", k, "Principal"]} if {
	some r in input.aws.iam.roles
	some k, s in iam.allow_statements(r.assume_role_policy)
	some p in iam.list(s.Principal.AWS)
	is_string(p)
	account := account_principal(p)
	not narrowed(s)
	msg := sprintf("%s: trust policy statement %d trusts every principal of account %s with no sts:ExternalId or principal condition; require an external ID or trust specific roles", [r.__ref, k, account])
}
