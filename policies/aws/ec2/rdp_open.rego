# METADATA
# title: Security group allows RDP from the internet
# description: >-
#   An ingress rule that admits port 3389 from 0.0.0.0/0 or ::/0 exposes Remote Desktop to the
#   whole internet, a favourite entry point for ransomware crews brute-forcing credentials or
#   exploiting RDP vulnerabilities. Rules that open every port are reported by AWS-EC2-003.
# scope: package
# related_resources:
#   - https://docs.aws.amazon.com/vpc/latest/userguide/vpc-security-groups.html
#   - https://docs.aws.amazon.com/systems-manager/latest/userguide/session-manager.html
# custom:
#   id: AWS-EC2-002
#   severity: HIGH
#   recommended_action: >-
#     Restrict the rule's source to known address ranges, or reach instances through Session
#     Manager port forwarding or Fleet Manager instead of opening RDP.
#   input:
#     selector:
#       - type: cloud
#         service: ec2
#   frameworks:
#     cis-aws-3.0: ["5.2", "5.3"]
#     nist-800-53-r5: ["AC-4", "SC-7"]
#     pci-dss-4.0: ["1.3.1", "1.4.2"]
#     soc2: ["CC6.6"]
package rampart.aws.ec2.rdp_open

import rego.v1

import data.rampart.lib.aws.network as net

deny contains {"msg": msg, "ref": o.group.__ref, "path": o.path} if {
	some o in net.open_ingress
	not net.all_traffic(o.rule)
	net.covers_port(o.rule, 3389, {"tcp", "udp"})
	msg := sprintf(
		"%s allows RDP (port 3389) from %s; restrict the source to known addresses or use Session Manager",
		[o.group.__ref, concat(", ", o.cidrs)],
	)
}
