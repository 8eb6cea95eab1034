# METADATA
# title: Secret variable is not marked sensitive
# description: >-
#   A variable whose name says it holds a secret (a password, secret, token, passphrase,
#   private or API key) without `sensitive = true` is printed in clear text by `terraform plan`
#   and `apply`, and so in CI logs and pull request comments. Not reported: numbers and
#   booleans (`password_length`, `create_secret`) and names that describe a secret rather than
#   hold one (ending in `_arn`, `_name`, `_id`, `_length`, `_policy`, …).
# scope: package
# related_resources:
#   - https://developer.hashicorp.com/terraform/language/values/variables#suppressing-values-in-cli-output
#   - https://developer.hashicorp.com/terraform/tutorials/configuration-language/sensitive-variables
# custom:
#   id: TF-004
#   severity: MEDIUM
#   recommended_action: >-
#     Add `sensitive = true` to the variable, and pass the value from a secret store (an
#     environment variable `TF_VAR_…` set by CI, or a data source reading Secrets Manager).
#   input:
#     selector:
#       - type: terraform
#   frameworks:
#     nist-800-53-r5: ["IA-5", "SC-28"]
#     pci-dss-4.0: ["8.6.2"]
#     soc2: ["CC6.1"]
package rampart.terraform.variable_not_sensitive

import rego.v1

import data.rampart.lib.secrets

deny contains {"msg": msg, "ref": v.__ref, "path": ["sensitive"]} if {
	some name, v in object.get(input, "variable", {})
	secrets.secret_name(name)
	not object.get(v, "type", "") in {"bool", "number"}
	not v.sensitive == true
	msg := sprintf("variable %s looks like a secret but is not marked sensitive; add sensitive = true", [name])
}
