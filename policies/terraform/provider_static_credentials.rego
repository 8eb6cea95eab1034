# METADATA
# title: AWS provider has hard-coded credentials
# description: >-
#   An `aws` provider block whose `access_key`, `secret_key` or `token` is a value written in
#   the configuration (directly, or as the default of a variable or a local) puts long-lived
#   AWS credentials in the repository, where every clone, fork, CI log and backup keeps them.
#   Values that are only known when Terraform runs (a variable without default, a data source)
#   are not reported.
# scope: package
# related_resources:
#   - https://registry.terraform.io/providers/hashicorp/aws/latest/docs#authentication-and-configuration
#   - https://docs.aws.amazon.com/IAM/latest/UserGuide/best-practices.html#bp-users-federation-idp
# custom:
#   id: TF-001
#   severity: CRITICAL
#   recommended_action: >-
#     Remove the keys from the provider block and rotate them. Let the provider find
#     credentials itself: environment variables, a shared credentials profile, SSO, or an IAM
#     role (OIDC federation in CI, an instance or task role in AWS).
#   input:
#     selector:
#       - type: terraform
#   frameworks:
#     nist-800-53-r5: ["IA-5", "SC-28"]
#     pci-dss-4.0: ["8.6.2"]
#     soc2: ["CC6.1"]
package rampart.terraform.provider_static_credentials

import rego.v1

_credential_args := ["access_key", "secret_key", "token"]

deny contains {"msg": msg, "ref": p.__ref, "path": [arg]} if {
	some p in object.get(object.get(input, "provider", {}), "aws", [])
	some arg in _credential_args
	value := p[arg]
	is_string(value)
	trim_space(value) != ""
	msg := sprintf(
		"%s: %s is written in the configuration; remove it, rotate the key, and let the provider read credentials from the environment, a profile or an IAM role",
		[p.__ref, arg],
	)
}
