# METADATA
# title: Default security group allows traffic
# description: >-
#   Every VPC has a default security group that resources join when nobody picks one. When it
#   has rules, whatever lands in it by accident can talk to everything else in it (and beyond).
#   Keeping it empty forces every resource to use a purpose-made group.
# scope: package
# related_resources:
#   - https://docs.aws.amazon.com/vpc/latest/userguide/default-security-group.html
#   - https://docs.aws.amazon.com/securityhub/latest/userguide/ec2-controls.html#ec2-2
# custom:
#   id: AWS-EC2-005
#   severity: MEDIUM
#   recommended_action: >-
#     Remove every ingress and egress rule from the default security group (Terraform: an
#     aws_default_security_group with no rules), and give resources their own groups.
#   input:
#     selector:
#       - type: cloud
#         service: ec2
#   frameworks:
#     cis-aws-3.0: ["5.4"]
#     nist-800-53-r5: ["AC-4", "SC-7"]
#     pci-dss-4.0: ["1.2.1", "1.3.1"]
#     soc2: ["CC6.6"]
package rampart.aws.ec2.default_security_group

import rego.v1

deny contains {"msg": msg, "ref": g.__ref, "path": [direction, i]} if {
	some g in input.aws.ec2.security_groups
	g.is_default == true
	some direction in ["ingress", "egress"]
	is_array(g[direction])
	some i, _ in g[direction]
	msg := sprintf(
		"%s is a default security group with an %s rule; remove its rules and use purpose-made groups",
		[g.__ref, direction],
	)
}
