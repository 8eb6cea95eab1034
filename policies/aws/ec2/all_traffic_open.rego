# METADATA
# title: Security group allows all traffic from the internet
# description: >-
#   An ingress rule for every protocol (-1) or every TCP/UDP port from 0.0.0.0/0 or ::/0 leaves
#   the security group doing nothing: every service listening on the instance, including SSH,
#   RDP, databases and debug ports, is reachable from the internet.
# scope: package
# related_resources:
#   - https://docs.aws.amazon.com/vpc/latest/userguide/security-group-rules.html
# custom:
#   id: AWS-EC2-003
#   severity: CRITICAL
#   recommended_action: >-
#     Replace the rule with rules for the specific ports the workload serves, and restrict their
#     sources to the addresses that need them.
#   input:
#     selector:
#       - type: cloud
#         service: ec2
#   frameworks:
#     cis-aws-3.0: ["5.2", "5.3"]
#     nist-800-53-r5: ["AC-4", "SC-7", "CM-7"]
#     pci-dss-4.0: ["1.2.5", "1.3.1", "1.4.2"]
#     soc2: ["CC6.6"]
package rampart.aws.ec2.all_traffic_open

import rego.v1

import data.rampart.lib.aws.network as net

deny contains {"msg": msg, "ref": o.group.__ref, "path": o.path} if {
	some o in net.open_ingress
	net.all_traffic(o.rule)
	msg := sprintf(
		"%s allows all traffic from %s; open only the ports the workload serves, to the sources that need them",
		[o.group.__ref, concat(", ", o.cidrs)],
	)
}
