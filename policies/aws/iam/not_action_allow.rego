# METADATA
# title: IAM policy allows everything except a list of actions (Allow with NotAction)
# description: >-
#   "Effect": "Allow" with "NotAction" grants every action of every AWS service except the ones
#   listed, including actions and services added later. It is almost always far broader than
#   intended.
# scope: package
# related_resources:
#   - https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_notaction.html
# custom:
#   id: AWS-IAM-003
#   severity: MEDIUM
#   recommended_action: Replace NotAction with an Action list of what is allowed; keep NotAction for Deny statements.
#   input:
#     selector:
#       - type: cloud
#         service: iam
#   frameworks:
#     nist-800-53-r5: ["AC-6"]
#     pci-dss-4.0: ["7.2.1"]
#     soc2: ["CC6.3"]
package rampart.aws.iam.not_action_allow

import rego.v1

import data.rampart.lib.aws.iam

deny contains {"msg": msg, "ref": d.ref, "path": array.concat(d.path, ["Statement", k, "NotAction"])} if {
	some d in iam.identity_documents
	some k, s in iam.allow_statements(d.doc)
	count(iam.list(s.NotAction)) > 0
	msg := sprintf("%s: statement %d allows every action except %s; list the allowed actions with Action instead", [d.label, k, concat(", ", [a | some a in iam.list(s.NotAction); is_string(a)])])
}
