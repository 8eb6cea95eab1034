# METADATA
# title: Load balancer listener allows TLS versions older than 1.2
# description: >-
#   The listener's security policy decides which protocol versions and ciphers clients may
#   negotiate. Predefined policies outside the TLS 1.2+ families (including
#   ELBSecurityPolicy-2016-08, the API's default) still accept TLS 1.0 and 1.1, which have known
#   weaknesses and are no longer allowed by PCI DSS.
# scope: package
# related_resources:
#   - https://docs.aws.amazon.com/elasticloadbalancing/latest/application/describe-ssl-policies.html
#   - https://docs.aws.amazon.com/elasticloadbalancing/latest/network/describe-ssl-policies.html
#   - https://docs.aws.amazon.com/elasticloadbalancing/latest/classic/elb-security-policy-table.html
# custom:
#   id: AWS-ELB-002
#   severity: HIGH
#   recommended_action: >-
#     Set ssl_policy (CloudFormation: SslPolicy) to ELBSecurityPolicy-TLS13-1-2-2021-06 or another
#     TLS 1.2+ policy; for a classic load balancer reference ELBSecurityPolicy-TLS-1-2-2017-01.
#   input:
#     selector:
#       - type: cloud
#         service: elb
#   frameworks:
#     nist-800-53-r5: ["SC-8", "SC-13"]
#     pci-dss-4.0: ["4.2.1", "2.2.7"]
#     soc2: ["CC6.7"]
package rampart.aws.elb.weak_tls_policy

import rego.v1

import data.rampart.lib.aws.network as net

deny contains {"msg": msg, "ref": l.__ref, "path": ["ssl_policy"]} if {
	some l in input.aws.elb.listeners
	l.protocol in {"HTTPS", "TLS", "SSL"}
	is_string(l.ssl_policy)
	not net.tls12_elb_policy(l.ssl_policy)
	msg := sprintf(
		"%s uses security policy %s, which allows TLS older than 1.2; use ELBSecurityPolicy-TLS13-1-2-2021-06 or another TLS 1.2+ policy",
		[l.__ref, l.ssl_policy],
	)
}
