# METADATA
# title: RDS database has no deletion protection
# description: >-
#   Without deletion protection a single API call, console click or `terraform destroy` (or a
#   replacement forced by a changed argument) deletes the database. With it, deletion first
#   needs a deliberate change that turns protection off. Aurora instances are protected by
#   their cluster and are not reported.
# scope: package
# related_resources:
#   - https://docs.aws.amazon.com/AmazonRDS/latest/UserGuide/USER_DeleteInstance.html#USER_DeletionProtection
#   - https://docs.aws.amazon.com/securityhub/latest/userguide/rds-controls.html#rds-8
# custom:
#   id: AWS-RDS-004
#   severity: LOW
#   recommended_action: >-
#     Set deletion_protection = true (CloudFormation: DeletionProtection: true) on production
#     instances and clusters.
#   input:
#     selector:
#       - type: cloud
#         service: rds
package rampart.aws.rds.deletion_protection

import rego.v1

import data.rampart.lib.aws.source

deny contains {"msg": msg, "ref": db.__ref, "path": ["deletion_protection"]} if {
	some collection in ["instances", "clusters"]
	some db in object.get(input.aws.rds, collection, [])
	db.deletion_protection == false
	msg := sprintf("%s has no deletion protection; set %s to true", [db.__ref, source.name(db, {"terraform": "deletion_protection", "cloudformation": "DeletionProtection"})])
}
