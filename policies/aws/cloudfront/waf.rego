# METADATA
# title: CloudFront distribution has no web ACL
# description: >-
#   A distribution is the public front door of an application. Without an AWS WAF web ACL there
#   is nothing at the edge to block common web exploits, bad bots or request floods before they
#   reach the origin.
# scope: package
# related_resources:
#   - https://docs.aws.amazon.com/waf/latest/developerguide/cloudfront-features.html
#   - https://docs.aws.amazon.com/securityhub/latest/userguide/cloudfront-controls.html#cloudfront-6
# custom:
#   id: AWS-CLOUDFRONT-005
#   severity: LOW
#   recommended_action: >-
#     Associate a WAFv2 web ACL (scope CLOUDFRONT) with web_acl_id (CloudFormation: WebACLId),
#     starting from the AWS managed core rule set.
#   input:
#     selector:
#       - type: cloud
#         service: cloudfront
#   frameworks:
#     nist-800-53-r5: ["SC-7", "SI-4"]
#     pci-dss-4.0: ["6.4.2"]
#     soc2: ["CC6.6"]
package rampart.aws.cloudfront.waf

import rego.v1

import data.rampart.lib.aws.source

deny contains {"msg": msg, "ref": d.__ref, "path": ["waf", "web_acl_id"]} if {
	some d in input.aws.cloudfront.distributions
	d.waf.enabled == false
	msg := sprintf("%s has no WAF web ACL; associate one with %s", [d.__ref, source.name(d, {"terraform": "web_acl_id", "cloudformation": "WebACLId"})])
}
