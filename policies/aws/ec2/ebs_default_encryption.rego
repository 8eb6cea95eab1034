# METADATA
# title: EBS encryption by default is turned off
# description: >-
#   With EBS encryption by default, every new volume and snapshot copy in the region is
#   encrypted whatever the template that creates it says. Declaring the setting disabled leaves
#   each volume to remember encryption on its own.
# scope: package
# related_resources:
#   - https://docs.aws.amazon.com/ebs/latest/userguide/encryption-by-default.html
# custom:
#   id: AWS-EC2-010
#   severity: MEDIUM
#   recommended_action: >-
#     Set enabled = true on aws_ebs_encryption_by_default (or remove the argument: it defaults
#     to true).
#   input:
#     selector:
#       - type: cloud
#         service: ec2
#   frameworks:
#     cis-aws-3.0: ["2.2.1"]
#     nist-800-53-r5: ["SC-28"]
#     pci-dss-4.0: ["3.5.1"]
#     soc2: ["CC6.1"]
package rampart.aws.ec2.ebs_default_encryption

import rego.v1

deny contains {"msg": msg, "ref": a.__ref, "path": ["ebs_encryption_by_default", "enabled"]} if {
	some a in input.aws.ec2.account
	a.ebs_encryption_by_default.enabled == false
	msg := sprintf("%s turns EBS encryption by default off; set enabled to true", [a.__ref])
}
