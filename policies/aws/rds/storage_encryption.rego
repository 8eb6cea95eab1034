# METADATA
# title: RDS storage is not encrypted
# description: >-
#   Without storage encryption the database files, automated backups, read replicas and
#   snapshots of a DB instance or cluster are stored in clear text, and encryption cannot be
#   turned on later without copying a snapshot and restoring it. Aurora instances take
#   encryption from their cluster, and replicas and restores from their source: they are
#   reported only where the setting is written.
# scope: package
# related_resources:
#   - https://docs.aws.amazon.com/AmazonRDS/latest/UserGuide/Overview.Encryption.html
#   - https://docs.aws.amazon.com/AmazonRDS/latest/AuroraUserGuide/Overview.Encryption.html
# custom:
#   id: AWS-RDS-002
#   severity: HIGH
#   recommended_action: >-
#     Set storage_encrypted = true (CloudFormation: StorageEncrypted: true), preferably with a
#     customer managed KMS key (kms_key_id / KmsKeyId). An existing database must be migrated
#     through an encrypted snapshot copy.
#   input:
#     selector:
#       - type: cloud
#         service: rds
#   frameworks:
#     cis-aws-3.0: ["2.3.1"]
#     nist-800-53-r5: ["SC-28"]
#     pci-dss-4.0: ["3.5.1"]
#     soc2: ["CC6.1"]
package rampart.aws.rds.storage_encryption

import rego.v1

import data.rampart.lib.aws.source

deny contains {"msg": msg, "ref": db.__ref, "path": ["encryption", "enabled"]} if {
	some collection in ["instances", "clusters"]
	some db in object.get(input.aws.rds, collection, [])
	db.encryption.enabled == false
	msg := sprintf("%s does not encrypt its storage; set %s to true, with a customer managed KMS key", [db.__ref, source.name(db, {"terraform": "storage_encrypted", "cloudformation": "StorageEncrypted"})])
}
