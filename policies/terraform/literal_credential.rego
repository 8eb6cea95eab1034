# METADATA
# title: Credential written in the configuration
# description: >-
#   A value in a well-known credential format (a private key block, an AWS access key ID, a
#   GitHub, GitLab, Slack, Stripe or Google token, a signed JWT, a password in a URL) written in
#   a `.tf` file is in the repository for everyone who can read it, in every clone and fork and
#   forever in its history, and in the state file of every apply. Reported wherever it is
#   written: a resource's, data source's, provider's or module call's arguments, or a
#   variable's default.
# scope: package
# related_resources:
#   - https://developer.hashicorp.com/terraform/language/values/variables#suppressing-values-in-cli-output
#   - https://developer.hashicorp.com/terraform/language/state/sensitive-data
# custom:
#   id: TF-005
#   severity: HIGH
#   recommended_action: >-
#     Rotate the credential, remove it from the configuration (and its history), and pass it
#     at apply time through a sensitive variable, or read it from a secret store (a data source
#     of AWS Secrets Manager, SSM Parameter Store or Vault).
#   input:
#     selector:
#       - type: terraform
#   frameworks:
#     nist-800-53-r5: ["IA-5"]
package rampart.terraform.literal_credential

import rego.v1

import data.rampart.lib.secrets

# Literal defaults: a resource given one through a variable is reported at the default, where
# the value is written, not again at the argument that names the variable.
defaults contains value if {
	some [path, value] in secrets.credential_paths
	path[0] == "variable"
	path[2] == "default"
}

# Resources and data sources (TYPE.NAME), providers (NAME[i]) and module calls (NAME).
deny contains {"msg": msg, "ref": obj.__ref, "path": inner} if {
	some [path, value] in secrets.credential_paths
	path[0] in {"resource", "data", "provider"}
	count(path) > 3
	obj := input[path[0]][path[1]][path[2]]
	inner := array.slice(path, 3, count(path))
	not value in defaults
	msg := sprintf("%s: %s holds a literal credential; rotate it and pass it as a sensitive variable or read it from a secret store", [obj.__ref, dotted(inner)])
}

deny contains {"msg": msg, "ref": obj.__ref, "path": inner} if {
	some [path, value] in secrets.credential_paths
	path[0] == "module"
	count(path) > 2
	obj := input.module[path[1]]
	inner := array.slice(path, 2, count(path))
	not value in defaults
	msg := sprintf("%s: %s holds a literal credential; rotate it and pass it as a sensitive variable or read it from a secret store", [obj.__ref, dotted(inner)])
}

deny contains {"msg": msg, "ref": v.__ref, "path": ["default"]} if {
	some [path, _] in secrets.credential_paths
	path[0] == "variable"
	path[2] == "default"
	v := input.variable[path[1]]
	msg := sprintf("variable %s has a literal credential as its default; rotate it and remove the default", [path[1]])
}

dotted(path) := concat(".", [format_segment(s) | some s in path])

format_segment(s) := s if is_string(s)

format_segment(s) := sprintf("[%v]", [s]) if not is_string(s)
