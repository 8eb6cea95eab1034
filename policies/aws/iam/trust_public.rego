# METADATA
# title: IAM role can be assumed by anyone
# description: >-
#   A trust policy that allows Principal "*" (or {"AWS": "*"}) without a condition tying it to
#   an account, organisation or principal lets any AWS identity in the world assume the role
#   and act with its permissions. An sts:ExternalId condition does not help: the value is not a
#   secret.
# scope: package
# related_resources:
#   - https://docs.aws.amazon.com/IAM/latest/UserGuide/id_roles_terms-and-concepts.html#term_trust-policy
#   - https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_principal.html#principal-anonymous
# custom:
#   id: AWS-IAM-006
#   severity: CRITICAL
#   recommended_action: Name the accounts, roles or services allowed to assume the role, or add an aws:PrincipalOrgID, aws:PrincipalAccount or aws:PrincipalArn condition.
#   input:
#     selector:
#       - type: cloud
#         service: iam
#   frameworks:
#     nist-800-53-r5: ["AC-3", "AC-6"]
#     pci-dss-4.0: ["7.2.1", "8.2.2"]
#     soc2: ["CC6.1", "CC6.6"]
package rampart.aws.iam.trust_public

import rego.v1

import data.rampart.lib.aws.iam

deny contains {"msg": msg, "ref": r.__ref, "path": ["assume_role_policy", "Statement", k, "Principal"]} if {
	some r in input.aws.iam.roles
	some k, s in iam.allow_statements(r.assume_role_policy)
	iam.public_principal(s)
	not iam.restricted_by_condition(s)
	msg := sprintf("%s: trust policy statement %d lets any AWS principal assume the role; name the trusted principals or restrict them with a condition", [r.__ref, k])
}
