# METADATA
# title: IAM policy allows full administrative privileges ("*:*")
# description: >-
#   A statement that allows every action on every resource makes whoever holds the policy an
#   administrator of the account: they can read all data, change every control and grant
#   themselves anything else. Least privilege starts with not writing such statements in
#   customer managed or inline policies.
# scope: package
# related_resources:
#   - https://docs.aws.amazon.com/IAM/latest/UserGuide/best-practices.html#grant-least-privilege
#   - https://docs.aws.amazon.com/IAM/latest/UserGuide/access_policies_elements_action.html
# custom:
#   id: AWS-IAM-001
#   severity: HIGH
#   recommended_action: 'Replace "Action": "*" on "Resource": "*" with the actions and resources the principal needs (IAM Access Analyzer can generate a policy from CloudTrail activity).'
#   input:
#     selector:
#       - type: cloud
#         service: iam
#   frameworks:
#     cis-aws-3.0: ["1.16"]
#     nist-800-53-r5: ["AC-6"]
#     pci-dss-4.0: ["7.2.1", "7.2.2"]
#     soc2: ["CC6.3"]
package rampart.aws.iam.admin_policy

import rego.v1

import data.rampart.lib.aws.iam

deny contains {"msg": msg, "ref": d.ref, "path": array.concat(d.path, ["Statement", k, "Action"])} if {
	some d in iam.identity_documents
	some k, s in iam.list(d.doc.Statement)
	iam.is_admin_statement(s)
	msg := sprintf("%s: statement %d allows every action on every resource; grant only the actions and resources needed", [d.label, k])
}
