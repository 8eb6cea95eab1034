# METADATA
# title: Instance gets a public IP address
# description: >-
#   An instance with a public address is reachable from the internet whenever its security
#   groups allow it, and one permissive rule is enough to expose it. Instances behind a load
#   balancer or NAT gateway rarely need one.
# scope: package
# related_resources:
#   - https://docs.aws.amazon.com/AWSEC2/latest/UserGuide/using-instance-addressing.html
#   - https://docs.aws.amazon.com/securityhub/latest/userguide/ec2-controls.html#ec2-9
# custom:
#   id: AWS-EC2-007
#   severity: LOW
#   recommended_action: >-
#     Set associate_public_ip_address = false (CloudFormation: AssociatePublicIpAddress: false),
#     place the instance in a private subnet, and publish it through a load balancer if needed.
#   input:
#     selector:
#       - type: cloud
#         service: ec2
#   frameworks:
#     nist-800-53-r5: ["SC-7"]
#     pci-dss-4.0: ["1.3.1", "1.4.4"]
#     soc2: ["CC6.6"]
package rampart.aws.ec2.public_ip

import rego.v1

import data.rampart.lib.aws.source

deny contains {"msg": msg, "ref": e.__ref, "path": ["associate_public_ip_address"]} if {
	some e in input.aws.ec2.instances
	e.associate_public_ip_address == true
	msg := sprintf("%s gets a public IP address; set %s to false", [e.__ref, public_ip_setting(e)])
}

deny contains {"msg": msg, "ref": e.__ref, "path": ["associate_public_ip_address"]} if {
	some e in input.aws.ec2.launch_templates
	e.associate_public_ip_address == true
	msg := sprintf(
		"%s gives the instances it launches a public IP address; set %s to false",
		[e.__ref, public_ip_setting(e)],
	)
}

# A launch configuration writes the setting itself; instances and launch templates on their
# primary network interface.
public_ip_setting(e) := source.name(e, {"terraform": "associate_public_ip_address", "cloudformation": "AssociatePublicIpAddress"}) if e.kind == "launch_configuration"

public_ip_setting(e) := source.name(e, {"terraform": "associate_public_ip_address", "cloudformation": "NetworkInterfaces[DeviceIndex 0].AssociatePublicIpAddress"}) if not e.kind == "launch_configuration"
