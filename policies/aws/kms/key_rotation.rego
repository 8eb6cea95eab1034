# METADATA
# title: KMS key rotation is off
# description: >-
#   Automatic rotation gives a symmetric customer managed key new key material every year (or
#   the period you choose), limiting how much data one key version protects and how long a
#   leaked version is useful, without re-encrypting anything. Only symmetric encryption keys
#   with AWS-generated material can rotate automatically: asymmetric, HMAC, imported and
#   custom key store keys, and replicas (which follow their primary), are not reported.
# scope: package
# related_resources:
#   - https://docs.aws.amazon.com/kms/latest/developerguide/rotate-keys.html
#   - https://docs.aws.amazon.com/securityhub/latest/userguide/kms-controls.html#kms-4
# custom:
#   id: AWS-KMS-001
#   severity: MEDIUM
#   recommended_action: >-
#     Set enable_key_rotation = true (CloudFormation: EnableKeyRotation: true).
#   input:
#     selector:
#       - type: cloud
#         service: kms
#   frameworks:
#     cis-aws-3.0: ["3.6"]
#     nist-800-53-r5: ["SC-12"]
#     pci-dss-4.0: ["3.7.4"]
#     soc2: ["CC6.1"]
package rampart.aws.kms.key_rotation

import rego.v1

import data.rampart.lib.aws.source

deny contains {"msg": msg, "ref": k.__ref, "path": ["rotation_enabled"]} if {
	some k in input.aws.kms.keys
	k.rotation_enabled == false
	k.key_spec == "SYMMETRIC_DEFAULT"
	k.key_usage == "ENCRYPT_DECRYPT"
	k.origin == "AWS_KMS"
	msg := sprintf("%s does not rotate its key material; set %s to true", [k.__ref, source.name(k, {"terraform": "enable_key_rotation", "cloudformation": "EnableKeyRotation"})])
}
