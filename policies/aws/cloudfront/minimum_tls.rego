# METADATA
# title: CloudFront accepts TLS older than 1.2
# description: >-
#   The viewer certificate's security policy sets the oldest protocol viewers may use. Policies
#   before TLSv1.2_2021, and the default *.cloudfront.net certificate (which always allows
#   TLSv1), accept TLS 1.0/1.1 or weak ciphers.
# scope: package
# related_resources:
#   - https://docs.aws.amazon.com/AmazonCloudFront/latest/DeveloperGuide/secure-connections-supported-viewer-protocols-ciphers.html
#   - https://docs.aws.amazon.com/AmazonCloudFront/latest/DeveloperGuide/distribution-web-values-specify.html#DownloadDistValues-security-policy
# custom:
#   id: AWS-CLOUDFRONT-002
#   severity: HIGH
#   recommended_action: >-
#     Serve the distribution with your own ACM certificate (sni-only) and set
#     minimum_protocol_version (CloudFormation: MinimumProtocolVersion) to TLSv1.2_2021 or later.
#   input:
#     selector:
#       - type: cloud
#         service: cloudfront
#   frameworks:
#     nist-800-53-r5: ["SC-8", "SC-13"]
#     pci-dss-4.0: ["4.2.1"]
#     soc2: ["CC6.7"]
package rampart.aws.cloudfront.minimum_tls

import rego.v1

import data.rampart.lib.aws.source

strong_policies := {"TLSv1.2_2021", "TLSv1.2_2025", "TLSv1.3_2025"}

deny contains {"msg": msg, "ref": d.__ref, "path": ["viewer_certificate", "default_certificate"]} if {
	some d in input.aws.cloudfront.distributions
	d.viewer_certificate.default_certificate == true
	msg := sprintf(
		"%s uses the default CloudFront certificate, which allows TLSv1; use an ACM certificate with %s TLSv1.2_2021",
		[d.__ref, source.name(d, {"terraform": "minimum_protocol_version", "cloudformation": "ViewerCertificate.MinimumProtocolVersion"})],
	)
}

deny contains {"msg": msg, "ref": d.__ref, "path": ["viewer_certificate", "minimum_protocol_version"]} if {
	some d in input.aws.cloudfront.distributions
	d.viewer_certificate.default_certificate == false
	version := d.viewer_certificate.minimum_protocol_version
	is_string(version)
	not version in strong_policies
	msg := sprintf("%s allows %s; set %s to TLSv1.2_2021 or later", [d.__ref, version, source.name(d, {"terraform": "minimum_protocol_version", "cloudformation": "ViewerCertificate.MinimumProtocolVersion"})])
}
