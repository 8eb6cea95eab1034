# METADATA
# title: RDS automatic minor version upgrades are turned off
# description: >-
#   Minor engine versions carry security fixes. With automatic minor version upgrades off, a
#   database keeps running a version with known vulnerabilities until someone upgrades it by
#   hand.
# scope: package
# related_resources:
#   - https://docs.aws.amazon.com/AmazonRDS/latest/UserGuide/USER_UpgradeDBInstance.Upgrading.html#USER_UpgradeDBInstance.Upgrading.AutoMinorVersionUpgrades
#   - https://docs.aws.amazon.com/securityhub/latest/userguide/rds-controls.html#rds-13
# custom:
#   id: AWS-RDS-006
#   severity: LOW
#   recommended_action: >-
#     Remove auto_minor_version_upgrade = false, or set it to true (CloudFormation:
#     AutoMinorVersionUpgrade: true).
#   input:
#     selector:
#       - type: cloud
#         service: rds
#   frameworks:
#     cis-aws-3.0: ["2.3.2"]
#     nist-800-53-r5: ["SI-2"]
#     pci-dss-4.0: ["6.3.3"]
#     soc2: ["CC7.1"]
package rampart.aws.rds.auto_minor_version_upgrade

import rego.v1

import data.rampart.lib.aws.source

deny contains {"msg": msg, "ref": db.__ref, "path": ["auto_minor_version_upgrade"]} if {
	some collection in ["instances", "clusters"]
	some db in object.get(input.aws.rds, collection, [])
	db.auto_minor_version_upgrade == false
	msg := sprintf("%s does not apply minor engine upgrades automatically; set %s to true", [db.__ref, source.name(db, {"terraform": "auto_minor_version_upgrade", "cloudformation": "AutoMinorVersionUpgrade"})])
}
