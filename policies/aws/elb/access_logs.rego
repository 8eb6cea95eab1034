# METADATA
# title: Load balancer access logs are off
# description: >-
#   Access logs record every request a load balancer receives (client, path, status, TLS
#   protocol and cipher). Without them, investigating an attack on the application behind it
#   starts with no record of what reached it.
# scope: package
# related_resources:
#   - https://docs.aws.amazon.com/elasticloadbalancing/latest/application/enable-access-logging.html
#   - https://docs.aws.amazon.com/elasticloadbalancing/latest/classic/enable-access-logs.html
#   - https://docs.aws.amazon.com/securityhub/latest/userguide/elb-controls.html#elb-5
# custom:
#   id: AWS-ELB-004
#   severity: LOW
#   recommended_action: >-
#     Add access_logs { bucket = …, enabled = true } (CloudFormation: LoadBalancerAttributes
#     access_logs.s3.enabled "true" with access_logs.s3.bucket, or AccessLoggingPolicy for a
#     classic load balancer).
#   input:
#     selector:
#       - type: cloud
#         service: elb
#   frameworks:
#     nist-800-53-r5: ["AU-2", "AU-12"]
#     pci-dss-4.0: ["10.2.1"]
#     soc2: ["CC7.2"]
package rampart.aws.elb.access_logs

import rego.v1

import data.rampart.lib.aws.source

deny contains {"msg": msg, "ref": lb.__ref, "path": ["access_logs", "enabled"]} if {
	some lb in input.aws.elb.load_balancers
	lb.access_logs.enabled == false
	msg := sprintf("%s does not write access logs; enable %s to an S3 bucket", [lb.__ref, access_logs_setting(lb)])
}

# Classic load balancers have a property of their own; the others a load balancer attribute.
access_logs_setting(lb) := source.name(lb, {"terraform": "access_logs", "cloudformation": "AccessLoggingPolicy"}) if lb.type == "classic"

access_logs_setting(lb) := source.name(lb, {"terraform": "access_logs", "cloudformation": "access_logs.s3.enabled"}) if not lb.type == "classic"
