# METADATA
# title: Lambda function does not use active X-Ray tracing
# description: >-
#   Without active tracing, Lambda samples no requests itself: only callers that already carry
#   a trace header are traced. An incident then has no record of which downstream services a
#   request reached, how long each call took or where it failed, and unusual call paths (a
#   function suddenly calling IAM or STS) go unseen. SAM's Tracing Disabled and an omitted
#   setting both leave the function in PassThrough mode.
# scope: package
# related_resources:
#   - https://docs.aws.amazon.com/lambda/latest/dg/services-xray.html
#   - https://docs.aws.amazon.com/securityhub/latest/userguide/lambda-controls.html
# custom:
#   id: AWS-LAMBDA-006
#   severity: LOW
#   recommended_action: >-
#     Set the tracing mode to Active (Terraform tracing_config { mode = "Active" },
#     CloudFormation TracingConfig.Mode Active, SAM Tracing Active) and give the execution role
#     the AWSXRayDaemonWriteAccess permissions.
#   input:
#     selector:
#       - type: cloud
#         service: lambda
#   frameworks:
#     nist-800-53-r5: ["AU-12"]
#     soc2: ["CC7.2"]
package rampart.aws.lambda.xray_tracing

import rego.v1

deny contains {"msg": msg, "ref": f.__ref, "path": ["tracing_mode"]} if {
	some f in input.aws.lambda.functions
	f.tracing_mode == "PassThrough"
	msg := sprintf("%s: X-Ray tracing is not active (mode PassThrough); set the tracing mode to Active", [f.__ref])
}
