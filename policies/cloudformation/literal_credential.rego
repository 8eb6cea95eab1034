# METADATA
# title: Credential written in the template
# description: >-
#   A value in a well-known credential format (a private key block, an AWS access key ID, a
#   GitHub, GitLab, Slack, Stripe or Google token, a signed JWT, a password in a URL) written in
#   a template is in the repository for everyone who can read it, in every clone and fork and
#   forever in its history, and in the stack's description in the account. Reported wherever
#   it is written: a resource's properties or a parameter's default (one named like a secret
#   is CFN-002's).
# scope: package
# related_resources:
#   - https://docs.aws.amazon.com/AWSCloudFormation/latest/UserGuide/dynamic-references.html
# custom:
#   id: CFN-003
#   severity: HIGH
#   recommended_action: >-
#     Rotate the credential, remove it from the template (and its history), and read it with a
#     dynamic reference (`{{resolve:secretsmanager:…}}`, `{{resolve:ssm-secure:…}}`) or a
#     `NoEcho` parameter without a default.
#   input:
#     selector:
#       - type: cloudformation
#   frameworks:
#     nist-800-53-r5: ["IA-5"]
package rampart.cloudformation.literal_credential

import rego.v1

import data.rampart.lib.secrets

# Parameter defaults: a resource given one through `!Ref` is reported at the default, where
# the value is written, not again at the property that refers to it.
defaults contains value if {
	some [path, value] in secrets.credential_paths
	path[0] == "Parameters"
	path[2] == "Default"
}

deny contains {"msg": msg, "ref": r.__ref, "path": inner} if {
	some [path, value] in secrets.credential_paths
	path[0] == "Resources"
	path[2] == "Properties"
	r := input.Resources[path[1]]
	inner := array.slice(path, 2, count(path))
	not value in defaults
	msg := sprintf("%s: a property holds a literal credential; rotate it and read it with a dynamic reference", [r.__ref])
}

deny contains {"msg": msg, "ref": input.__ref, "path": ["Parameters", name, "Default"]} if {
	some [path, _] in secrets.credential_paths
	path[0] == "Parameters"
	path[2] == "Default"
	name := path[1]
	not secrets.secret_name(name)
	msg := sprintf("parameter %s has a literal credential as its default; rotate it and remove the default", [name])
}
