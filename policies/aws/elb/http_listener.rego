# METADATA
# title: Load balancer listener serves plain HTTP
# description: >-
#   An HTTP listener that forwards requests (instead of redirecting them to HTTPS) carries
#   sessions, credentials and data in clear text between clients and the load balancer, where
#   anyone on the path can read or alter them.
# scope: package
# related_resources:
#   - https://docs.aws.amazon.com/elasticloadbalancing/latest/application/load-balancer-listeners.html#redirect-actions
#   - https://docs.aws.amazon.com/securityhub/latest/userguide/elb-controls.html#elb-1
# custom:
#   id: AWS-ELB-001
#   severity: HIGH
#   recommended_action: >-
#     Make the HTTP listener's default action a redirect with protocol HTTPS (status HTTP_301)
#     and serve the application from an HTTPS listener; a classic load balancer needs an HTTPS
#     listener instead.
#   input:
#     selector:
#       - type: cloud
#         service: elb
#   frameworks:
#     nist-800-53-r5: ["SC-8"]
#     pci-dss-4.0: ["4.2.1"]
#     soc2: ["CC6.7"]
package rampart.aws.elb.http_listener

import rego.v1

deny contains {"msg": msg, "ref": l.__ref, "path": ["protocol"]} if {
	some l in input.aws.elb.listeners
	l.protocol == "HTTP"
	l.redirects_to_https == false
	msg := sprintf(
		"%s serves plain HTTP; redirect it to HTTPS (default action redirect with protocol HTTPS) or use an HTTPS listener",
		[l.__ref],
	)
}
