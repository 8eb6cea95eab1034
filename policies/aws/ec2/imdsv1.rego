# METADATA
# title: Instance metadata service allows IMDSv1
# description: >-
#   With http_tokens "optional" the instance metadata service answers plain GET requests, so a
#   server-side request forgery or an open proxy on the instance can read the instance role's
#   credentials. IMDSv2 requires a session token obtained with a PUT, which such bugs cannot send.
# scope: package
# related_resources:
#   - https://docs.aws.amazon.com/AWSEC2/latest/UserGuide/configuring-instance-metadata-service.html
#   - https://docs.aws.amazon.com/securityhub/latest/userguide/ec2-controls.html#ec2-8
# custom:
#   id: AWS-EC2-006
#   severity: HIGH
#   recommended_action: >-
#     Set metadata_options { http_tokens = "required" } on the instance, launch template or
#     launch configuration (CloudFormation: MetadataOptions.HttpTokens: required in the launch
#     template the instance uses), or disable the endpoint if nothing needs it.
#   input:
#     selector:
#       - type: cloud
#         service: ec2
#   frameworks:
#     cis-aws-3.0: ["5.6"]
#     nist-800-53-r5: ["AC-3", "CM-6"]
#     pci-dss-4.0: ["2.2.6"]
#     soc2: ["CC6.1"]
package rampart.aws.ec2.imdsv1

import rego.v1

import data.rampart.lib.aws.source

imdsv1(e) if {
	e.metadata_options.http_tokens == "optional"
	e.metadata_options.http_endpoint == "enabled"
}

deny contains {"msg": msg, "ref": e.__ref, "path": ["metadata_options", "http_tokens"]} if {
	some e in input.aws.ec2.instances
	imdsv1(e)
	msg := sprintf("%s allows IMDSv1; set %s to \"required\"", [e.__ref, source.name(e, {"terraform": "metadata_options http_tokens", "cloudformation": "LaunchTemplateData.MetadataOptions.HttpTokens"})])
}

deny contains {"msg": msg, "ref": e.__ref, "path": ["metadata_options", "http_tokens"]} if {
	some e in input.aws.ec2.launch_templates
	imdsv1(e)
	msg := sprintf(
		"%s launches instances that allow IMDSv1; set %s to \"required\"",
		[e.__ref, source.name(e, {"terraform": "metadata_options http_tokens", "cloudformation": "MetadataOptions.HttpTokens"})],
	)
}
