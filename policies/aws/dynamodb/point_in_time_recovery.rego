# METADATA
# title: DynamoDB table has no point-in-time recovery
# description: >-
#   Point-in-time recovery keeps continuous backups of a table for up to 35 days, so a bad
#   deployment, a buggy batch job or a malicious delete can be undone to the second. It is off
#   unless enabled, and without it only on-demand backups (if any) remain.
# scope: package
# related_resources:
#   - https://docs.aws.amazon.com/amazondynamodb/latest/developerguide/PointInTimeRecovery.html
#   - https://docs.aws.amazon.com/securityhub/latest/userguide/dynamodb-controls.html#dynamodb-2
# custom:
#   id: AWS-DYNAMODB-001
#   severity: MEDIUM
#   recommended_action: >-
#     Add point_in_time_recovery { enabled = true } (CloudFormation:
#     PointInTimeRecoverySpecification: {PointInTimeRecoveryEnabled: true}).
#   input:
#     selector:
#       - type: cloud
#         service: dynamodb
#   frameworks:
#     soc2: ["CC7.5"]
package rampart.aws.dynamodb.point_in_time_recovery

import rego.v1

import data.rampart.lib.aws.source

deny contains {"msg": msg, "ref": t.__ref, "path": ["point_in_time_recovery"]} if {
	some t in input.aws.dynamodb.tables
	t.point_in_time_recovery == false
	msg := sprintf("%s has no point-in-time recovery; enable %s", [t.__ref, source.name(t, {"terraform": "point_in_time_recovery", "cloudformation": "PointInTimeRecoverySpecification.PointInTimeRecoveryEnabled"})])
}
