# METADATA
# title: IAM policy allows iam:PassRole on every role
# description: >-
#   iam:PassRole lets a principal hand a role to a service (EC2, Lambda, ECS, CloudFormation…),
#   which then acts with that role's permissions. Allowed on all roles, it lets the principal
#   run code with any role of the account, including administrator roles: a privilege
#   escalation path.
# scope: package
# related_resources:
#   - https://docs.aws.amazon.com/IAM/latest/UserGuide/id_roles_use_passrole.html
# custom:
#   id: AWS-IAM-002
#   severity: HIGH
#   recommended_action: Limit iam:PassRole to the ARNs of the roles the principal must pass, and add an iam:PassedToService condition.
#   input:
#     selector:
#       - type: cloud
#         service: iam
#   frameworks:
#     nist-800-53-r5: ["AC-6"]
#     pci-dss-4.0: ["7.2.1", "7.2.2"]
#     soc2: ["CC6.3"]
package rampart.aws.iam.pass_role_wildcard

import rego.v1

import data.rampart.lib.aws.iam

# Resource patterns that match every role of an account.
all_roles(r) if r == "*"

all_roles(r) if {
	is_string(r)
	regex.match(`^arn:[a-z*-]*:iam::[0-9*]*:role/\*$`, r)
}

deny contains {"msg": msg, "ref": d.ref, "path": array.concat(d.path, ["Statement", k, "Resource"])} if {
	some d in iam.identity_documents
	some k, s in iam.allow_statements(d.doc)
	# Administrator statements are AWS-IAM-001's.
	not iam.is_admin_statement(s)
	iam.allows_action(s, "iam:PassRole")
	some r in iam.list(s.Resource)
	all_roles(r)
	msg := sprintf("%s: statement %d allows iam:PassRole on %q; list the roles that may be passed and add an iam:PassedToService condition", [d.label, k, r])
}
