# METADATA
# title: IAM policy allows reading secrets or decrypting data on every resource
# description: >-
#   Actions that read secrets, parameters, objects or decrypt data (kms:Decrypt,
#   secretsmanager:GetSecretValue, ssm:GetParameter*, s3:GetObject…) allowed on
#   "Resource": "*" without a condition reach every secret, key and object of the account, not
#   only the ones the workload owns.
# scope: package
# related_resources:
#   - https://docs.aws.amazon.com/kms/latest/developerguide/iam-policies-best-practices.html
#   - https://docs.aws.amazon.com/secretsmanager/latest/userguide/auth-and-access_examples.html
# custom:
#   id: AWS-IAM-013
#   severity: MEDIUM
#   recommended_action: Scope the statement to the ARNs of the keys, secrets, parameters or buckets the principal uses, or add a condition such as kms:ViaService.
#   input:
#     selector:
#       - type: cloud
#         service: iam
#   frameworks:
#     nist-800-53-r5: ["AC-6", "SC-28"]
#     pci-dss-4.0: ["3.6.1", "7.2.1"]
#     soc2: ["CC6.1", "CC6.3"]
package rampart.aws.iam.sensitive_wildcard_resource

import rego.v1

import data.rampart.lib.aws.iam

sensitive_actions := [
	"kms:Decrypt",
	"secretsmanager:GetSecretValue",
	"ssm:GetParameter",
	"ssm:GetParameters",
	"ssm:GetParametersByPath",
	"s3:GetObject",
	"dynamodb:Scan",
	"dynamodb:Query",
	"dynamodb:GetItem",
]

# "*" and "service:*" are reported by AWS-IAM-001 and AWS-IAM-012.
broad(a) if a in {"*", "*:*"}

broad(a) if regex.match(`^[A-Za-z0-9-]+:\*$`, a)

deny contains {"msg": msg, "ref": d.ref, "path": array.concat(d.path, ["Statement", k, "Action"])} if {
	some d in iam.identity_documents
	some k, s in iam.allow_statements(d.doc)
	iam.all_resources(s)
	s.Condition == {}
	granted := {action |
		some action in sensitive_actions
		some a in iam.list(s.Action)
		is_string(a)
		not broad(a)
		iam.wildcard_match(a, action)
	}
	count(granted) > 0
	msg := sprintf("%s: statement %d allows %s on every resource; scope it to the resources the principal uses", [d.label, k, concat(", ", sort(granted))])
}
