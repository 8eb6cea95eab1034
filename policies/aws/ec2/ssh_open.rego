# METADATA
# title: Security group allows SSH from the internet
# description: >-
#   An ingress rule that admits port 22 from 0.0.0.0/0 or ::/0 exposes SSH to every scanner and
#   password-spraying bot on the internet; one weak key or unpatched daemon is enough to get in.
#   Rules that open every port are reported by AWS-EC2-003 instead.
# scope: package
# related_resources:
#   - https://docs.aws.amazon.com/vpc/latest/userguide/vpc-security-groups.html
#   - https://docs.aws.amazon.com/systems-manager/latest/userguide/session-manager.html
# custom:
#   id: AWS-EC2-001
#   severity: HIGH
#   recommended_action: >-
#     Restrict the rule's source to known address ranges (or a bastion's security group), or drop
#     it and reach instances through AWS Systems Manager Session Manager.
#   input:
#     selector:
#       - type: cloud
#         service: ec2
#   frameworks:
#     cis-aws-3.0: ["5.2", "5.3"]
#     nist-800-53-r5: ["AC-4", "SC-7"]
#     pci-dss-4.0: ["1.3.1", "1.4.2"]
#     soc2: ["CC6.6"]
package rampart.aws.ec2.ssh_open

import rego.v1

import data.rampart.lib.aws.network as net

deny contains {"msg": msg, "ref": o.group.__ref, "path": o.path} if {
	some o in net.open_ingress
	not net.all_traffic(o.rule)
	net.covers_port(o.rule, 22, {"tcp"})
	msg := sprintf(
		"%s allows SSH (port 22) from %s; restrict the source to known addresses or use Session Manager",
		[o.group.__ref, concat(", ", o.cidrs)],
	)
}
