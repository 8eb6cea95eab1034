# METADATA
# title: ECR repository policy allows any principal
# description: >-
#   A repository policy statement that allows "*" without a condition restricting the caller
#   (aws:PrincipalOrgID, aws:PrincipalAccount, aws:SourceArn, …) lets every AWS account pull
#   the images (and with push actions, replace them). Private images often contain proprietary
#   code and embedded configuration.
# scope: package
# related_resources:
#   - https://docs.aws.amazon.com/AmazonECR/latest/userguide/repository-policies.html
#   - https://docs.aws.amazon.com/AmazonECR/latest/userguide/repository-policy-examples.html
# custom:
#   id: AWS-ECR-003
#   severity: HIGH
#   recommended_action: >-
#     Name the accounts or roles that need the repository, or add an aws:PrincipalOrgID
#     condition.
#   input:
#     selector:
#       - type: cloud
#         service: ecr
#   frameworks:
#     nist-800-53-r5: ["AC-3", "AC-6"]
#     pci-dss-4.0: ["7.2.1"]
#     soc2: ["CC6.1", "CC6.3"]
package rampart.aws.ecr.public_policy

import rego.v1

import data.rampart.lib.aws.data_ops

deny contains {"msg": msg, "ref": r.__ref, "path": ["policy", "Statement", i]} if {
	some r in input.aws.ecr.repositories
	some i in data_ops.public_statements(r.policy)
	stmt := r.policy.Statement[i]
	msg := sprintf("%s policy statement %d allows any principal (%s) without restricting the caller; name the accounts or add an aws:PrincipalOrgID condition", [r.__ref, i, data_ops.actions_text(stmt)])
}
