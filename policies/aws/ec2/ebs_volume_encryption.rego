# METADATA
# title: EBS volume is not encrypted
# description: >-
#   An unencrypted EBS volume stores its data, and every snapshot taken from it, in clear text;
#   a snapshot shared or copied by mistake exposes everything on it. Encryption with KMS costs
#   nothing in performance and cannot be added to an existing volume in place.
# scope: package
# related_resources:
#   - https://docs.aws.amazon.com/ebs/latest/userguide/ebs-encryption.html
#   - https://docs.aws.amazon.com/securityhub/latest/userguide/ec2-controls.html#ec2-3
# custom:
#   id: AWS-EC2-008
#   severity: HIGH
#   recommended_action: >-
#     Set encrypted = true (CloudFormation: Encrypted: true), optionally with a customer managed
#     kms_key_id, or turn on EBS encryption by default for the region.
#   input:
#     selector:
#       - type: cloud
#         service: ec2
#   frameworks:
#     nist-800-53-r5: ["SC-28"]
#     pci-dss-4.0: ["3.5.1"]
#     soc2: ["CC6.1"]
package rampart.aws.ec2.ebs_volume_encryption

import rego.v1

import data.rampart.lib.aws.source

deny contains {"msg": msg, "ref": v.__ref, "path": ["encrypted"]} if {
	some v in input.aws.ec2.volumes
	v.encrypted == false
	msg := sprintf("%s is not encrypted; set %s to true", [v.__ref, source.name(v, {"terraform": "encrypted", "cloudformation": "Encrypted"})])
}
