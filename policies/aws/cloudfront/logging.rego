# METADATA
# title: CloudFront access logging is off
# description: >-
#   Standard logs record every viewer request (client address, path, status, TLS protocol).
#   Without them there is no record to investigate abuse of the distribution or of the origin
#   behind it.
# scope: package
# related_resources:
#   - https://docs.aws.amazon.com/AmazonCloudFront/latest/DeveloperGuide/AccessLogs.html
#   - https://docs.aws.amazon.com/securityhub/latest/userguide/cloudfront-controls.html#cloudfront-5
# custom:
#   id: AWS-CLOUDFRONT-004
#   severity: LOW
#   recommended_action: >-
#     Add a logging_config block with a log bucket (CloudFormation: DistributionConfig.Logging).
#   input:
#     selector:
#       - type: cloud
#         service: cloudfront
#   frameworks:
#     nist-800-53-r5: ["AU-2", "AU-12"]
#     pci-dss-4.0: ["10.2.1"]
#     soc2: ["CC7.2"]
package rampart.aws.cloudfront.logging

import rego.v1

import data.rampart.lib.aws.source

deny contains {"msg": msg, "ref": d.__ref, "path": ["logging", "enabled"]} if {
	some d in input.aws.cloudfront.distributions
	d.logging.enabled == false
	msg := sprintf("%s does not log viewer requests; add a %s with an S3 bucket", [d.__ref, source.name(d, {"terraform": "logging_config", "cloudformation": "Logging"})])
}
