# METADATA
# title: EKS secrets are not encrypted with a customer managed KMS key
# description: >-
#   Envelope encryption with your own KMS key protects Kubernetes secrets in etcd with a key
#   whose use you control and audit in CloudTrail, and that you can revoke. Without an
#   encryption configuration for secrets, only AWS-managed encryption applies.
# scope: package
# related_resources:
#   - https://docs.aws.amazon.com/eks/latest/userguide/enable-kms.html
#   - https://docs.aws.amazon.com/securityhub/latest/userguide/eks-controls.html#eks-3
# custom:
#   id: AWS-EKS-002
#   severity: MEDIUM
#   recommended_action: >-
#     Add encryption_config { resources = ["secrets"] provider { key_arn = <KMS key ARN> } }
#     (CloudFormation: EncryptionConfig with Resources [secrets] and Provider.KeyArn).
#   input:
#     selector:
#       - type: cloud
#         service: eks
#   frameworks:
#     nist-800-53-r5: ["SC-12", "SC-28"]
#     soc2: ["CC6.1"]
package rampart.aws.eks.secrets_encryption

import rego.v1

import data.rampart.lib.aws.source

deny contains {"msg": msg, "ref": c.__ref, "path": ["secrets_encryption", "enabled"]} if {
	some c in input.aws.eks.clusters
	c.secrets_encryption.enabled == false
	msg := sprintf(
		"%s does not encrypt Kubernetes secrets with a KMS key; add an %s for \"secrets\"",
		[c.__ref, source.name(c, {"terraform": "encryption_config", "cloudformation": "EncryptionConfig"})],
	)
}
