# METADATA
# title: Lambda permission lets any principal invoke the function
# description: >-
#   A resource-based permission for principal "*" without a source ARN, source account,
#   organisation or event source token lets any AWS account (or anyone, for a function URL)
#   invoke the function. Permissions for services should name the service and pin the source
#   resource; permissions for accounts should name the account.
# scope: package
# related_resources:
#   - https://docs.aws.amazon.com/lambda/latest/dg/access-control-resource-based.html
#   - https://docs.aws.amazon.com/securityhub/latest/userguide/lambda-controls.html#lambda-1
# custom:
#   id: AWS-LAMBDA-004
#   severity: HIGH
#   recommended_action: >-
#     Set principal to the service or account that invokes the function, and restrict it with
#     source_arn, source_account or principal_org_id (CloudFormation: SourceArn, SourceAccount,
#     PrincipalOrgID).
#   input:
#     selector:
#       - type: cloud
#         service: lambda
#   frameworks:
#     nist-800-53-r5: ["AC-3", "AC-6"]
#     pci-dss-4.0: ["7.2.1"]
#     soc2: ["CC6.1", "CC6.3"]
package rampart.aws.lambda.public_permission

import rego.v1

import data.rampart.lib.aws.source

deny contains {"msg": msg, "ref": f.__ref, "path": ["permissions", i, "principal"]} if {
	some f in input.aws.lambda.functions
	some i, perm in f.permissions
	perm.principal == "*"
	perm.source_restricted == false
	msg := sprintf("%s grants %s to any principal without a source restriction; name the invoking principal and set %s or %s", [f.__ref, action(perm), source.name(f, {"terraform": "source_arn", "cloudformation": "SourceArn"}), source.name(f, {"terraform": "source_account", "cloudformation": "SourceAccount"})])
}

action(perm) := perm.action if is_string(perm.action)

action(perm) := "invocation" if not is_string(perm.action)
