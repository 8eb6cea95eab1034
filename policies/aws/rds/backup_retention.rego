# METADATA
# title: RDS backups are kept for less than 7 days
# description: >-
#   Automated backups are what point-in-time recovery restores from. The RDS API (and so
#   Terraform and CloudFormation) keeps them for 1 day unless told otherwise, and 0 turns them
#   off: a corruption or a destructive change noticed after a weekend can no longer be undone.
#   Read replicas, restores, and Aurora instances (whose cluster keeps the backups) are
#   reported only where the setting is written.
# scope: package
# related_resources:
#   - https://docs.aws.amazon.com/AmazonRDS/latest/UserGuide/USER_WorkingWithAutomatedBackups.BackupRetention.html
#   - https://docs.aws.amazon.com/securityhub/latest/userguide/rds-controls.html#rds-11
# custom:
#   id: AWS-RDS-003
#   severity: LOW
#   recommended_action: >-
#     Set backup_retention_period (CloudFormation: BackupRetentionPeriod) to 7 days or more.
#   input:
#     selector:
#       - type: cloud
#         service: rds
#   frameworks:
#     soc2: ["CC7.5"]
package rampart.aws.rds.backup_retention

import rego.v1

import data.rampart.lib.aws.source

deny contains {"msg": msg, "ref": db.__ref, "path": ["backup_retention_period"]} if {
	some collection in ["instances", "clusters"]
	some db in object.get(input.aws.rds, collection, [])
	is_number(db.backup_retention_period)
	db.backup_retention_period < 7
	msg := sprintf("%s %s; set %s to at least 7 days", [db.__ref, kept(db.backup_retention_period), source.name(db, {"terraform": "backup_retention_period", "cloudformation": "BackupRetentionPeriod"})])
}

kept(0) := "has automated backups turned off (retention 0)"

kept(days) := sprintf("keeps automated backups for only %d day(s)", [days]) if days != 0
