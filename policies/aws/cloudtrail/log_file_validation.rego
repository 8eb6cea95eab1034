# METADATA
# title: CloudTrail log file validation is off
# description: >-
#   Log file validation makes CloudTrail deliver signed digest files, so anyone can prove
#   whether a log file was modified or deleted after delivery. Without it, an intruder who
#   reaches the bucket can cover their tracks undetected.
# scope: package
# related_resources:
#   - https://docs.aws.amazon.com/awscloudtrail/latest/userguide/cloudtrail-log-file-validation-intro.html
#   - https://docs.aws.amazon.com/securityhub/latest/userguide/cloudtrail-controls.html#cloudtrail-4
# custom:
#   id: AWS-CLOUDTRAIL-002
#   severity: MEDIUM
#   recommended_action: >-
#     Set enable_log_file_validation = true (CloudFormation: EnableLogFileValidation: true).
#   input:
#     selector:
#       - type: cloud
#         service: cloudtrail
#   frameworks:
#     cis-aws-3.0: ["3.2"]
#     nist-800-53-r5: ["AU-9", "SI-7"]
#     pci-dss-4.0: ["10.3.2", "10.3.4"]
#     soc2: ["CC7.2"]
package rampart.aws.cloudtrail.log_file_validation

import rego.v1

import data.rampart.lib.aws.source

deny contains {"msg": msg, "ref": t.__ref, "path": ["log_file_validation"]} if {
	some t in input.aws.cloudtrail.trails
	t.log_file_validation == false
	msg := sprintf("%s does not validate its log files; set %s to true", [t.__ref, source.name(t, {"terraform": "enable_log_file_validation", "cloudformation": "EnableLogFileValidation"})])
}
