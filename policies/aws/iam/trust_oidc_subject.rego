# METADATA
# title: IAM role trusts an OIDC provider without restricting the subject
# description: >-
#   A role assumable with sts:AssumeRoleWithWebIdentity from an OIDC provider (GitHub Actions,
#   GitLab, EKS service accounts, Terraform Cloud…) must say which subject may assume it. With
#   only an audience condition, or a subject of "*", every repository, pipeline or service
#   account that the provider issues tokens for, including other customers', can take the role.
# scope: package
# related_resources:
#   - https://docs.github.com/en/actions/security-for-github-actions/security-hardening-your-deployments/configuring-openid-connect-in-amazon-web-services
#   - https://docs.aws.amazon.com/IAM/latest/UserGuide/id_roles_create_for-idp_oidc.html#idp_oidc_Create_GitHub
# custom:
#   id: AWS-IAM-018
#   severity: HIGH
#   recommended_action: Add a StringEquals or StringLike condition on the provider's sub claim (for GitHub, token.actions.githubusercontent.com:sub = "repo:ORG/REPO:ref:refs/heads/main" or an environment).
#   input:
#     selector:
#       - type: cloud
#         service: iam
#   frameworks:
#     nist-800-53-r5: ["AC-3", "IA-8"]
#     pci-dss-4.0: ["7.2.1", "8.2.2"]
#     soc2: ["CC6.1", "CC6.6"]
package rampart.aws.iam.trust_oidc_subject

import rego.v1

import data.rampart.lib.aws.iam

# Cognito identity pools restrict with their own aud and amr claims.
cognito := "cognito-identity.amazonaws.com"

# The statement trusts a web identity provider other than Cognito (an unknown provider, such as
# a reference to an aws_iam_openid_connect_provider, is an OIDC provider).
oidc_provider(s) if {
	is_object(s.Principal)
	"Federated" in object.keys(s.Principal)
	not only_cognito(s)
}

only_cognito(s) if {
	count(iam.list(s.Principal.Federated)) > 0
	every p in iam.list(s.Principal.Federated) {
		p == cognito
	}
}

# Subject patterns that admit every subject of the provider.
broad_subjects := {"*", "repo:*", "system:serviceaccount:*", "project_path:*", "organization:*"}

# A positive condition on a `<provider>:sub` key whose values all name specific subjects (or
# are unknown); an unknown condition block may hold one.
subject_restricted(s) if s.Condition == null

subject_restricted(s) if {
	some op, keys in iam.entries(s.Condition)
	iam.positive_operator(op)
	some key, values in iam.entries(keys)
	endswith(lower(key), ":sub")
	specific_subjects(values)
}

specific_subjects(values) if values == null

specific_subjects(values) if {
	count(iam.list(values)) > 0
	every v in iam.list(values) {
		specific_subject(v)
	}
}

specific_subject(v) if v == null

specific_subject(v) if {
	is_string(v)
	not v in broad_subjects
}

deny contains {"msg": msg, "ref": r.__ref, "path": ["assume_role_policy", "Statement", k, "Condition"]} if {
	some r in input.aws.iam.roles
	some k, s in iam.allow_statements(r.assume_role_policy)
	iam.allows_action(s, "sts:AssumeRoleWithWebIdentity")
	oidc_provider(s)
	not subject_restricted(s)
	msg := sprintf("%s: trust policy statement %d lets any subject of the OIDC provider assume the role; add a condition on the provider's sub claim naming the repositories, branches or service accounts allowed", [r.__ref, k])
}
