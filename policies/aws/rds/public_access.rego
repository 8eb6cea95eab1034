# METADATA
# title: RDS database is publicly accessible
# description: >-
#   A publicly accessible DB instance (or Multi-AZ DB cluster) gets a DNS name that resolves to
#   a public IP address, so anyone on the internet who is let through its security group can
#   reach the database port and try its credentials. Databases belong in private subnets,
#   reached through the application tier, a bastion or a VPN. CloudFormation decides public
#   access from the subnet group when PubliclyAccessible is omitted, so only an explicit true
#   is reported there; Terraform defaults to false.
# scope: package
# related_resources:
#   - https://docs.aws.amazon.com/AmazonRDS/latest/UserGuide/USER_VPC.WorkingWithRDSInstanceinaVPC.html#USER_VPC.Hiding
#   - https://docs.aws.amazon.com/securityhub/latest/userguide/rds-controls.html#rds-2
# custom:
#   id: AWS-RDS-001
#   severity: HIGH
#   recommended_action: >-
#     Set publicly_accessible = false (CloudFormation: PubliclyAccessible: false) and place the
#     database in private subnets.
#   input:
#     selector:
#       - type: cloud
#         service: rds
#   frameworks:
#     cis-aws-3.0: ["2.3.3"]
#     nist-800-53-r5: ["AC-3", "SC-7"]
#     pci-dss-4.0: ["1.3.1", "1.4.4"]
#     soc2: ["CC6.1", "CC6.6"]
package rampart.aws.rds.public_access

import rego.v1

import data.rampart.lib.aws.source

deny contains {"msg": msg, "ref": db.__ref, "path": ["publicly_accessible"]} if {
	some collection in ["instances", "clusters"]
	some db in object.get(input.aws.rds, collection, [])
	db.publicly_accessible == true
	msg := sprintf("%s is publicly accessible; set %s to false and keep the database in private subnets", [db.__ref, source.name(db, {"terraform": "publicly_accessible", "cloudformation": "PubliclyAccessible"})])
}
