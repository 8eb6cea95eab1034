# METADATA
# title: VPC has no flow logs
# description: >-
#   Flow logs record the accepted and rejected connections of a VPC's network interfaces.
#   Without them there is no record to investigate exfiltration, lateral movement or a
#   misconfigured security group after the fact.
# scope: package
# related_resources:
#   - https://docs.aws.amazon.com/vpc/latest/userguide/flow-logs.html
#   - https://docs.aws.amazon.com/securityhub/latest/userguide/ec2-controls.html#ec2-6
# custom:
#   id: AWS-EC2-011
#   severity: MEDIUM
#   recommended_action: >-
#     Add an aws_flow_log with vpc_id set to the VPC (CloudFormation: AWS::EC2::FlowLog with
#     ResourceType VPC and ResourceId the VPC), capturing at least REJECT traffic.
#   input:
#     selector:
#       - type: cloud
#         service: ec2
#   frameworks:
#     cis-aws-3.0: ["3.7"]
#     nist-800-53-r5: ["AU-2", "AU-12", "SI-4"]
#     pci-dss-4.0: ["10.2.1"]
#     soc2: ["CC7.2"]
package rampart.aws.ec2.vpc_flow_logs

import rego.v1

deny contains {"msg": msg, "ref": v.__ref, "path": ["flow_logs_enabled"]} if {
	some v in input.aws.ec2.vpcs
	v.flow_logs_enabled == false
	msg := sprintf("%s has no flow logs; add a flow log for the VPC", [v.__ref])
}
