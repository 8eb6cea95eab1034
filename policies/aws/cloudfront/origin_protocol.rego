# METADATA
# title: CloudFront reaches its origin over HTTP or SSLv3
# description: >-
#   An origin with protocol policy http-only receives every request, including viewers'
#   cookies and authorization headers, in clear text across the internet; allowing SSLv3 to a
#   custom origin permits a protocol broken since POODLE.
# scope: package
# related_resources:
#   - https://docs.aws.amazon.com/AmazonCloudFront/latest/DeveloperGuide/using-https-cloudfront-to-custom-origin.html
#   - https://docs.aws.amazon.com/securityhub/latest/userguide/cloudfront-controls.html#cloudfront-9
#   - https://docs.aws.amazon.com/securityhub/latest/userguide/cloudfront-controls.html#cloudfront-10
# custom:
#   id: AWS-CLOUDFRONT-003
#   severity: MEDIUM
#   recommended_action: >-
#     Set origin_protocol_policy (CloudFormation: OriginProtocolPolicy) to https-only and
#     origin_ssl_protocols (OriginSSLProtocols) to ["TLSv1.2"].
#   input:
#     selector:
#       - type: cloud
#         service: cloudfront
#   frameworks:
#     nist-800-53-r5: ["SC-8", "SC-13"]
#     pci-dss-4.0: ["4.2.1"]
#     soc2: ["CC6.7"]
package rampart.aws.cloudfront.origin_protocol

import rego.v1

import data.rampart.lib.aws.source

deny contains {"msg": msg, "ref": d.__ref, "path": ["origins", i, "origin_protocol_policy"]} if {
	some d in input.aws.cloudfront.distributions
	is_array(d.origins)
	some i, o in d.origins
	o.origin_protocol_policy == "http-only"
	msg := sprintf("%s reaches origin %s over plain HTTP; set %s to https-only", [d.__ref, name(o, i), source.name(d, {"terraform": "origin_protocol_policy", "cloudformation": "CustomOriginConfig.OriginProtocolPolicy"})])
}

deny contains {"msg": msg, "ref": d.__ref, "path": ["origins", i, "origin_ssl_protocols"]} if {
	some d in input.aws.cloudfront.distributions
	is_array(d.origins)
	some i, o in d.origins
	o.origin_protocol_policy != "http-only"
	is_array(o.origin_ssl_protocols)
	"SSLv3" in o.origin_ssl_protocols
	msg := sprintf("%s allows SSLv3 to origin %s; set %s to [\"TLSv1.2\"]", [d.__ref, name(o, i), source.name(d, {"terraform": "origin_ssl_protocols", "cloudformation": "CustomOriginConfig.OriginSSLProtocols"})])
}

# An origin by its ID, else by its domain, else by its place in the list (an ID written as an
# expression that cannot be evaluated, e.g. a Fn::Sub of a parameter).
name(o, _) := o.id if is_string(o.id)

name(o, _) := o.domain_name if {
	not is_string(o.id)
	is_string(o.domain_name)
}

name(o, i) := sprintf("#%d", [i + 1]) if {
	not is_string(o.id)
	not is_string(o.domain_name)
}
