# METADATA
# title: CloudTrail trail does not send events to CloudWatch Logs
# description: >-
#   Trail files in S3 are good for investigation but not for alerting. Sending the trail to a
#   CloudWatch Logs group lets metric filters and alarms react to root sign-ins, IAM or
#   security group changes and failed console logins within minutes.
# scope: package
# related_resources:
#   - https://docs.aws.amazon.com/awscloudtrail/latest/userguide/send-cloudtrail-events-to-cloudwatch-logs.html
#   - https://docs.aws.amazon.com/securityhub/latest/userguide/cloudtrail-controls.html#cloudtrail-5
# custom:
#   id: AWS-CLOUDTRAIL-004
#   severity: LOW
#   recommended_action: >-
#     Set cloud_watch_logs_group_arn and cloud_watch_logs_role_arn (CloudFormation:
#     CloudWatchLogsLogGroupArn and CloudWatchLogsRoleArn).
#   input:
#     selector:
#       - type: cloud
#         service: cloudtrail
#   frameworks:
#     nist-800-53-r5: ["AU-6", "SI-4"]
#     pci-dss-4.0: ["10.4.1"]
#     soc2: ["CC7.2"]
package rampart.aws.cloudtrail.cloudwatch_logs

import rego.v1

import data.rampart.lib.aws.source

deny contains {"msg": msg, "ref": t.__ref, "path": ["cloudwatch_logs", "enabled"]} if {
	some t in input.aws.cloudtrail.trails
	t.cloudwatch_logs.enabled == false
	msg := sprintf("%s does not deliver events to CloudWatch Logs; set %s so they can be alarmed on", [t.__ref, source.name(t, {"terraform": "cloud_watch_logs_group_arn", "cloudformation": "CloudWatchLogsLogGroupArn"})])
}
