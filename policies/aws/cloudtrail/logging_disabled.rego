# METADATA
# title: CloudTrail trail is not logging
# description: >-
#   A trail that exists but does not log records nothing: the account looks audited while
#   every API call goes unrecorded. Stopping a trail is a classic step of an intrusion.
# scope: package
# related_resources:
#   - https://docs.aws.amazon.com/awscloudtrail/latest/APIReference/API_StopLogging.html
#   - https://docs.aws.amazon.com/AWSCloudFormation/latest/UserGuide/aws-resource-cloudtrail-trail.html#cfn-cloudtrail-trail-islogging
# custom:
#   id: AWS-CLOUDTRAIL-005
#   severity: HIGH
#   recommended_action: >-
#     Set enable_logging = true or remove it (CloudFormation: IsLogging: true).
#   input:
#     selector:
#       - type: cloud
#         service: cloudtrail
#   frameworks:
#     cis-aws-3.0: ["3.1"]
#     nist-800-53-r5: ["AU-2", "AU-12"]
#     pci-dss-4.0: ["10.2.1"]
#     soc2: ["CC7.2"]
package rampart.aws.cloudtrail.logging_disabled

import rego.v1

import data.rampart.lib.aws.source

deny contains {"msg": msg, "ref": t.__ref, "path": ["logging"]} if {
	some t in input.aws.cloudtrail.trails
	t.logging == false
	msg := sprintf("%s is not logging; set %s to true", [t.__ref, source.name(t, {"terraform": "enable_logging", "cloudformation": "IsLogging"})])
}
