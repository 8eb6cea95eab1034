# METADATA
# title: CloudWatch log group keeps events forever
# description: >-
#   A log group without a retention period never expires its events. Logs often carry personal
#   data, tokens and request payloads; keeping them indefinitely grows what a breach exposes
#   and works against a records-retention policy (and the bill). A deliberate retention
#   period, long enough for investigations, is the control.
# scope: package
# related_resources:
#   - https://docs.aws.amazon.com/AmazonCloudWatch/latest/logs/Working-with-log-groups-and-streams.html#SettingLogRetention
#   - https://docs.aws.amazon.com/securityhub/latest/userguide/cloudwatch-controls.html#cloudwatch-16
# custom:
#   id: AWS-LOGS-001
#   severity: LOW
#   recommended_action: >-
#     Set retention_in_days (CloudFormation: RetentionInDays) to the period your retention
#     policy requires, for example 365.
#   input:
#     selector:
#       - type: cloud
#         service: logs
#   frameworks:
#     nist-800-53-r5: ["AU-11", "SI-12"]
package rampart.aws.logs.retention

import rego.v1

import data.rampart.lib.aws.source

deny contains {"msg": msg, "ref": g.__ref, "path": ["retention_in_days"]} if {
	some g in input.aws.logs.log_groups
	g.retention_in_days == 0
	msg := sprintf("%s keeps its log events forever; set %s to the period your retention policy requires", [g.__ref, source.name(g, {"terraform": "retention_in_days", "cloudformation": "RetentionInDays"})])
}
