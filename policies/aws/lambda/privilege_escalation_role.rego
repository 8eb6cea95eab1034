# METADATA
# title: Lambda function's role can escalate its own privileges
# description: >-
#   A function's execution role is what its code, its dependencies and anyone who can inject
#   input into it act with. A role allowed iam:AttachRolePolicy, iam:PutRolePolicy,
#   iam:CreatePolicyVersion, iam:CreateAccessKey or the like on every resource is one API call
#   away from administrator access, even though none of its policies says so: a bug in the
#   function (SSRF, deserialisation, a compromised package) becomes control of the account.
#   Roles with administrator access are reported by AWS-LAMBDA-001; the role is the function's
#   Role (an IAM role of the same module or template) or the one SAM generates from Policies.
# scope: package
# related_resources:
#   - https://docs.aws.amazon.com/lambda/latest/dg/lambda-intro-execution-role.html
#   - https://docs.aws.amazon.com/IAM/latest/UserGuide/access_policies_boundaries.html
# custom:
#   id: AWS-LAMBDA-007
#   severity: HIGH
#   recommended_action: >-
#     Remove the IAM write actions from the function's role, or scope them to the exact ARNs the
#     function must manage and require a permissions boundary (iam:PermissionsBoundary
#     condition) on what it creates.
#   input:
#     selector:
#       - type: cloud
#         service: lambda
#   frameworks:
#     nist-800-53-r5: ["AC-6"]
#     pci-dss-4.0: ["7.2.1"]
#     soc2: ["CC6.3"]
package rampart.aws.lambda.privilege_escalation_role

import rego.v1

import data.rampart.lib.aws.iam

# The role's documents that let it escalate, each with the actions: "inline policy "x" (iam:…)".
escalating(role) := inline_escalations(role) | managed_escalations(role)

inline_escalations(role) := {sprintf("inline policy %s (%s)", [iam.policy_name(pol), concat(", ", sort(actions))]) |
	is_array(role.policies)
	some pol in role.policies
	actions := document_escalations(pol.document)
	count(actions) > 0
}

managed_escalations(role) := {sprintf("managed policy %s (%s)", [a.ref, concat(", ", sort(actions))]) |
	is_array(role.attached_policies)
	some a in role.attached_policies
	is_string(a.ref)
	actions := document_escalations(iam.policies_by_ref[a.ref].document)
	count(actions) > 0
}

document_escalations(doc) := {action |
	some s in iam.allow_statements(doc)
	some action in iam.escalations(s)
}

deny contains {"msg": msg, "ref": f.__ref, "path": ["role_ref"]} if {
	some f in input.aws.lambda.functions
	is_string(f.role_ref)
	grants := escalating(iam.roles_by_ref[f.role_ref])
	count(grants) > 0
	msg := sprintf("%s runs as %s, which can grant itself more permissions through %s; remove or scope these IAM actions", [f.__ref, f.role_ref, concat("; ", sort(grants))])
}

deny contains {"msg": msg, "ref": f.__ref, "path": ["generated_role", "policies", i]} if {
	some f in input.aws.lambda.functions
	is_array(f.generated_role.policies)
	some i, doc in f.generated_role.policies
	actions := document_escalations(doc)
	count(actions) > 0
	msg := sprintf("%s: its generated role is allowed %s on every resource, enough to grant itself more permissions; remove or scope these IAM actions", [f.__ref, concat(", ", sort(actions))])
}
