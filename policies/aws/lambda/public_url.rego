# METADATA
# title: Lambda function URL requires no authentication
# description: >-
#   A function URL with auth type NONE is a public HTTPS endpoint: anyone who finds the URL can
#   invoke the function, with its role's permissions, as often as they like (and run up the
#   bill). Unless the function is meant to be a public endpoint and authenticates requests
#   itself, use AWS_IAM and sign requests, or put it behind API Gateway or CloudFront with
#   origin access control.
# scope: package
# related_resources:
#   - https://docs.aws.amazon.com/lambda/latest/dg/urls-auth.html
#   - https://docs.aws.amazon.com/securityhub/latest/userguide/lambda-controls.html
# custom:
#   id: AWS-LAMBDA-003
#   severity: HIGH
#   recommended_action: >-
#     Set authorization_type = "AWS_IAM" on the function URL (CloudFormation: AuthType:
#     AWS_IAM) and sign requests with SigV4, or front the function with an authenticating
#     service.
#   input:
#     selector:
#       - type: cloud
#         service: lambda
#   frameworks:
#     nist-800-53-r5: ["AC-3", "AC-14", "SC-7"]
#     pci-dss-4.0: ["7.2.1", "8.3.1"]
#     soc2: ["CC6.1", "CC6.6"]
package rampart.aws.lambda.public_url

import rego.v1

deny contains {"msg": msg, "ref": f.__ref, "path": ["urls", i, "auth_type"]} if {
	some f in input.aws.lambda.functions
	some i, url in f.urls
	url.auth_type == "NONE"
	msg := sprintf("%s has a function URL anyone can invoke without authentication; set its auth type to AWS_IAM", [f.__ref])
}
