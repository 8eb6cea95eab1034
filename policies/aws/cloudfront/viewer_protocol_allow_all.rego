# METADATA
# title: CloudFront serves content over plain HTTP
# description: >-
#   A cache behaviour with viewer protocol policy allow-all answers HTTP requests without
#   redirecting them, so viewers' requests, cookies and the content returned travel in clear
#   text and can be read or altered on the way.
# scope: package
# related_resources:
#   - https://docs.aws.amazon.com/AmazonCloudFront/latest/DeveloperGuide/using-https-viewers-to-cloudfront.html
#   - https://docs.aws.amazon.com/securityhub/latest/userguide/cloudfront-controls.html#cloudfront-3
# custom:
#   id: AWS-CLOUDFRONT-001
#   severity: HIGH
#   recommended_action: >-
#     Set viewer_protocol_policy (CloudFormation: ViewerProtocolPolicy) to redirect-to-https or
#     https-only on the default and every ordered cache behaviour.
#   input:
#     selector:
#       - type: cloud
#         service: cloudfront
#   frameworks:
#     nist-800-53-r5: ["SC-8"]
#     pci-dss-4.0: ["4.2.1"]
#     soc2: ["CC6.7"]
package rampart.aws.cloudfront.viewer_protocol_allow_all

import rego.v1

import data.rampart.lib.aws.source

deny contains {"msg": msg, "ref": d.__ref, "path": ["default_cache_behavior", "viewer_protocol_policy"]} if {
	some d in input.aws.cloudfront.distributions
	d.default_cache_behavior.viewer_protocol_policy == "allow-all"
	msg := sprintf(
		"%s: the default cache behaviour allows plain HTTP; set %s to redirect-to-https or https-only",
		[d.__ref, source.name(d, {"terraform": "viewer_protocol_policy", "cloudformation": "DefaultCacheBehavior.ViewerProtocolPolicy"})],
	)
}

deny contains {"msg": msg, "ref": d.__ref, "path": ["ordered_cache_behaviors", i, "viewer_protocol_policy"]} if {
	some d in input.aws.cloudfront.distributions
	is_array(d.ordered_cache_behaviors)
	some i, b in d.ordered_cache_behaviors
	b.viewer_protocol_policy == "allow-all"
	msg := sprintf(
		"%s: the cache behaviour for %s allows plain HTTP; set %s to redirect-to-https or https-only",
		[d.__ref, name(b.path_pattern), source.name(d, {"terraform": "viewer_protocol_policy", "cloudformation": "ViewerProtocolPolicy"})],
	)
}

name(x) := x if is_string(x)

name(x) := "an unknown path" if not is_string(x)
