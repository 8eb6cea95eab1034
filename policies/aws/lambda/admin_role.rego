# METADATA
# title: Lambda function runs with administrator permissions
# description: >-
#   A function's execution role is what its code, its dependencies and anyone who can inject
#   input into it act with. A role with AdministratorAccess, or with a policy allowing every
#   action on every resource, turns any bug in the function (SSRF, deserialisation, a
#   compromised package) into control of the whole account. The role is the function's Role
#   (an IAM role of the same module or template), or the role SAM generates from Policies.
# scope: package
# related_resources:
#   - https://docs.aws.amazon.com/lambda/latest/dg/lambda-intro-execution-role.html
#   - https://docs.aws.amazon.com/IAM/latest/UserGuide/best-practices.html#grant-least-privilege
# custom:
#   id: AWS-LAMBDA-001
#   severity: HIGH
#   recommended_action: >-
#     Give the function a role of its own with only the actions and resources its code uses
#     (start from AWSLambdaBasicExecutionRole and add scoped statements, or SAM policy
#     templates).
#   input:
#     selector:
#       - type: cloud
#         service: lambda
#   frameworks:
#     cis-aws-3.0: ["1.16"]
#     nist-800-53-r5: ["AC-6"]
#     pci-dss-4.0: ["7.2.1", "7.2.5"]
#     soc2: ["CC6.3"]
package rampart.aws.lambda.admin_role

import rego.v1

import data.rampart.lib.aws.data_ops
import data.rampart.lib.aws.iam

# Why a role grants administrator access, for messages: one entry per reason.
admin_grants(role) := (managed_admin(role) | custom_admin(role)) | inline_admin(role)

managed_admin(role) := {"the AdministratorAccess managed policy" |
	is_array(role.attached_policies)
	some a in role.attached_policies
	iam.aws_managed_policy_name(a.arn) == "AdministratorAccess"
}

custom_admin(role) := {sprintf("managed policy %s", [a.ref]) |
	is_array(role.attached_policies)
	some a in role.attached_policies
	is_string(a.ref)
	data_ops.admin_document(iam.policies_by_ref[a.ref].document)
}

inline_admin(role) := {sprintf("inline policy %s", [iam.policy_name(pol)]) |
	is_array(role.policies)
	some pol in role.policies
	data_ops.admin_document(pol.document)
}

deny contains {"msg": msg, "ref": f.__ref, "path": ["role_ref"]} if {
	some f in input.aws.lambda.functions
	is_string(f.role_ref)
	grants := admin_grants(iam.roles_by_ref[f.role_ref])
	count(grants) > 0
	msg := sprintf("%s runs as %s, which has administrator access (%s); give the function a least-privilege role", [f.__ref, f.role_ref, concat(", ", sort(grants))])
}

deny contains {"msg": msg, "ref": f.__ref, "path": ["generated_role", "managed_policy_arns", i]} if {
	some f in input.aws.lambda.functions
	is_array(f.generated_role.managed_policy_arns)
	some i, arn in f.generated_role.managed_policy_arns
	iam.aws_managed_policy_name(arn) == "AdministratorAccess"
	msg := sprintf("%s: its generated role has the AdministratorAccess managed policy; list only the policies the function needs", [f.__ref])
}

deny contains {"msg": msg, "ref": f.__ref, "path": ["generated_role", "policies", i]} if {
	some f in input.aws.lambda.functions
	is_array(f.generated_role.policies)
	some i, doc in f.generated_role.policies
	data_ops.admin_document(doc)
	msg := sprintf("%s: its generated role has an inline policy allowing every action on every resource; scope the policy to what the function uses", [f.__ref])
}
