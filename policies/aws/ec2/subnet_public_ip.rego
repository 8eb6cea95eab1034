# METADATA
# title: Subnet gives instances a public IP address by default
# description: >-
#   With map_public_ip_on_launch, every instance launched in the subnet gets a public IPv4
#   address unless its launch says otherwise, so a workload meant to be private becomes reachable
#   from the internet as soon as a security group or network ACL is too open. Public addresses
#   belong on the few resources that must be reached directly (load balancers, NAT gateways),
#   requested explicitly. Default subnets (aws_default_subnet) have it on unless the code turns it
#   off.
# scope: package
# related_resources:
#   - https://docs.aws.amazon.com/vpc/latest/userguide/vpc-ip-addressing.html#subnet-public-ip
#   - https://docs.aws.amazon.com/securityhub/latest/userguide/ec2-controls.html
# custom:
#   id: AWS-EC2-013
#   severity: LOW
#   recommended_action: >-
#     Set map_public_ip_on_launch (MapPublicIpOnLaunch) to false and give a public address only to
#     the instances that need one (associate_public_ip_address on the instance or launch template),
#     or put them behind a load balancer or NAT gateway.
#   input:
#     selector:
#       - type: cloud
#         service: ec2
#   frameworks:
#     nist-800-53-r5: ["AC-4", "SC-7"]
#     pci-dss-4.0: ["1.4.4"]
#     soc2: ["CC6.6"]
package rampart.aws.ec2.subnet_public_ip

import rego.v1

import data.rampart.lib.aws.source

deny contains {"msg": msg, "ref": s.__ref, "path": ["map_public_ip_on_launch"]} if {
	some s in input.aws.ec2.subnets
	s.map_public_ip_on_launch == true
	msg := sprintf("%s: instances launched in the subnet get a public IP address by default; set %s to false", [s.__ref, source.name(s, {"terraform": "map_public_ip_on_launch", "cloudformation": "MapPublicIpOnLaunch"})])
}
