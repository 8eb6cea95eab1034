# METADATA
# title: Lambda environment variable holds a literal secret
# description: >-
#   Environment variables are part of the function's configuration: anyone who can read the
#   function (lambda:GetFunctionConfiguration), its CloudFormation template or the Terraform
#   state sees them, and the code repository keeps them forever. A literal value for a name
#   such as PASSWORD, SECRET, TOKEN, API_KEY or PRIVATE_KEY, or a value shaped like a known
#   credential (AWS access key, private key, GitHub, Slack, Stripe or GitLab token), is a
#   leaked credential. Values that point to a secret (ARNs, parameter paths, dynamic references,
#   references to other resources) are not reported.
# scope: package
# related_resources:
#   - https://docs.aws.amazon.com/lambda/latest/dg/configuration-envvars.html#configuration-envvars-encryption
#   - https://docs.aws.amazon.com/secretsmanager/latest/userguide/retrieving-secrets_lambda.html
# custom:
#   id: AWS-LAMBDA-005
#   severity: HIGH
#   recommended_action: >-
#     Rotate the credential, store it in Secrets Manager or SSM Parameter Store, and pass only
#     its name or ARN in the environment (read it at run time, for example with the Parameters
#     and Secrets Lambda extension).
#   input:
#     selector:
#       - type: cloud
#         service: lambda
#   frameworks:
#     nist-800-53-r5: ["IA-5", "SC-28"]
#     pci-dss-4.0: ["8.3.2", "8.6.2"]
#     soc2: ["CC6.1"]
package rampart.aws.lambda.env_secrets

import rego.v1

deny contains {"msg": msg, "ref": f.__ref, "path": ["environment", "variables", i]} if {
	some f in input.aws.lambda.functions
	is_array(f.environment.variables)
	some i, v in f.environment.variables
	v.secret_literal == true
	msg := sprintf("%s: environment variable %s holds a literal secret; move it to Secrets Manager or Parameter Store and rotate it", [f.__ref, v.name])
}
