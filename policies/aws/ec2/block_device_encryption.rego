# METADATA
# title: Instance or launch template block device is not encrypted
# description: >-
#   Root and data volumes created with an instance (or by a launch template or configuration)
#   are unencrypted unless the mapping, the snapshot or the region's EBS default says otherwise.
#   Their data and snapshots are then stored in clear text.
# scope: package
# related_resources:
#   - https://docs.aws.amazon.com/ebs/latest/userguide/ebs-encryption.html
#   - https://docs.aws.amazon.com/AWSEC2/latest/UserGuide/block-device-mapping-concepts.html
# custom:
#   id: AWS-EC2-009
#   severity: HIGH
#   recommended_action: >-
#     Set encrypted = true in root_block_device / ebs_block_device / block_device_mappings
#     (CloudFormation: BlockDeviceMappings[].Ebs.Encrypted: true), or turn on EBS encryption by
#     default for the region.
#   input:
#     selector:
#       - type: cloud
#         service: ec2
#   frameworks:
#     nist-800-53-r5: ["SC-28"]
#     pci-dss-4.0: ["3.5.1"]
#     soc2: ["CC6.1"]
package rampart.aws.ec2.block_device_encryption

import rego.v1

import data.rampart.lib.aws.source

describe(d) := "the root volume" if {
	d.root == true
	not is_string(d.device_name)
}

# A mapping is taken for the root by its device name, the image's root device name being
# unknown here (except for Amazon Linux 2023's, /dev/xvda).
describe(d) := sprintf("block device %s (the root volume on most images)", [d.device_name]) if {
	d.root == true
	is_string(d.device_name)
}

describe(d) := sprintf("block device %s", [d.device_name]) if {
	d.root != true
	is_string(d.device_name)
}

describe(d) := "a block device" if {
	d.root != true
	not is_string(d.device_name)
}

deny contains {"msg": msg, "ref": e.__ref, "path": ["block_devices", i, "encrypted"]} if {
	some collection in ["instances", "launch_templates"]
	some e in input.aws.ec2[collection]
	is_array(e.block_devices)
	some i, d in e.block_devices
	d.encrypted == false
	msg := sprintf("%s: %s is not encrypted; set %s to true", [e.__ref, describe(d), source.name(e, {"terraform": "encrypted", "cloudformation": "Ebs.Encrypted"})])
}
