# METADATA
# title: RDS database does not use IAM database authentication
# description: >-
#   With IAM database authentication, clients connect with short-lived tokens issued to IAM
#   principals instead of long-lived database passwords, so access is granted, audited and
#   revoked in IAM. Only MySQL, MariaDB and PostgreSQL engines (including Aurora) support it;
#   other engines, and Aurora instances (whose cluster holds the setting), are not reported.
# scope: package
# related_resources:
#   - https://docs.aws.amazon.com/AmazonRDS/latest/UserGuide/UsingWithRDS.IAMDBAuth.html
#   - https://docs.aws.amazon.com/securityhub/latest/userguide/rds-controls.html#rds-10
# custom:
#   id: AWS-RDS-005
#   severity: LOW
#   recommended_action: >-
#     Set iam_database_authentication_enabled = true (CloudFormation:
#     EnableIAMDatabaseAuthentication: true) and grant rds-db:connect to the principals that
#     need the database.
#   input:
#     selector:
#       - type: cloud
#         service: rds
#   frameworks:
#     nist-800-53-r5: ["AC-2", "IA-5"]
#     soc2: ["CC6.1"]
package rampart.aws.rds.iam_authentication

import rego.v1

import data.rampart.lib.aws.source

supported_engines := {"mysql", "mariadb", "postgres", "aurora", "aurora-mysql", "aurora-postgresql"}

deny contains {"msg": msg, "ref": db.__ref, "path": ["iam_database_authentication"]} if {
	some collection in ["instances", "clusters"]
	some db in object.get(input.aws.rds, collection, [])
	db.iam_database_authentication == false
	is_string(db.engine)
	lower(db.engine) in supported_engines
	msg := sprintf("%s (%s) does not use IAM database authentication; set %s to true", [db.__ref, db.engine, source.name(db, {"terraform": "iam_database_authentication_enabled", "cloudformation": "EnableIAMDatabaseAuthentication"})])
}
