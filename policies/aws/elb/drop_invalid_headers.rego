# METADATA
# title: Application load balancer forwards invalid HTTP headers
# description: >-
#   Unless told to drop them, an Application Load Balancer passes headers with invalid names to
#   the targets. Servers that parse such headers differently from the load balancer are open to
#   HTTP request smuggling and header injection.
# scope: package
# related_resources:
#   - https://docs.aws.amazon.com/elasticloadbalancing/latest/application/application-load-balancers.html#load-balancer-attributes
#   - https://docs.aws.amazon.com/securityhub/latest/userguide/elb-controls.html#elb-4
# custom:
#   id: AWS-ELB-003
#   severity: MEDIUM
#   recommended_action: >-
#     Set drop_invalid_header_fields = true (CloudFormation: LoadBalancerAttributes key
#     routing.http.drop_invalid_header_fields.enabled, value "true").
#   input:
#     selector:
#       - type: cloud
#         service: elb
#   frameworks:
#     nist-800-53-r5: ["SI-10"]
#     pci-dss-4.0: ["6.4.1"]
#     soc2: ["CC6.6"]
package rampart.aws.elb.drop_invalid_headers

import rego.v1

import data.rampart.lib.aws.source

deny contains {"msg": msg, "ref": lb.__ref, "path": ["drop_invalid_header_fields"]} if {
	some lb in input.aws.elb.load_balancers
	lb.type == "application"
	lb.drop_invalid_header_fields == false
	msg := sprintf("%s forwards invalid HTTP headers; set %s to true", [lb.__ref, source.name(lb, {"terraform": "drop_invalid_header_fields", "cloudformation": "routing.http.drop_invalid_header_fields.enabled"})])
}
