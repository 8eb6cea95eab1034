# METADATA
# title: Secret parameter is shown in clear text
# description: >-
#   A template parameter whose name says it holds a secret (a password, secret, token,
#   passphrase, API or private key, credential) without `NoEcho: true` is displayed in clear
#   text by the console, `aws cloudformation describe-stacks` and the stack events, to anyone
#   with read access to the stack. Not reported: parameters read from Systems Manager
#   (`AWS::SSM::Parameter::Value<…>`) and other AWS-specific types, which hold names rather
#   than values, and names that describe a secret rather than hold one (ending in Arn, Name,
#   Id, Length, Policy, …).
# scope: package
# related_resources:
#   - https://docs.aws.amazon.com/AWSCloudFormation/latest/UserGuide/parameters-section-structure.html
#   - https://docs.aws.amazon.com/AWSCloudFormation/latest/UserGuide/security-best-practices.html#creds
# custom:
#   id: CFN-001
#   severity: MEDIUM
#   recommended_action: >-
#     Set `NoEcho: true` on the parameter, or better, keep the secret in Secrets Manager or an
#     SSM SecureString and read it with a dynamic reference (`{{resolve:secretsmanager:…}}`).
#   input:
#     selector:
#       - type: cloudformation
#   frameworks:
#     nist-800-53-r5: ["IA-6", "SC-28"]
#     soc2: ["CC6.1"]
package rampart.cloudformation.parameter_no_echo

import rego.v1

deny contains {"msg": msg, "ref": input.__ref, "path": path} if {
	some name, p in object.get(input, "Parameters", {})
	is_object(p)
	secret_name(name)
	value_type(p)
	not no_echo(p)
	path := echo_path(name, p)
	msg := sprintf(
		"parameter %s looks like a secret but is displayed in clear text; set NoEcho: true or read the secret with a dynamic reference",
		[name],
	)
}

no_echo(p) if p.NoEcho == true

no_echo(p) if {
	is_string(p.NoEcho)
	lower(p.NoEcho) == "true"
}

# Reported at `NoEcho: false` when written, else at the parameter.
echo_path(name, p) := ["Parameters", name, "NoEcho"] if "NoEcho" in object.keys(p)

echo_path(name, p) := ["Parameters", name] if not "NoEcho" in object.keys(p)

# Types that hold a value typed in by whoever deploys the stack.
value_type(p) if not "Type" in object.keys(p)

value_type(p) if p.Type in {"String", "Number", "CommaDelimitedList", "List<Number>"}

_secret_parts := ["password", "passwd", "passphrase", "secret", "token", "apikey", "privatekey", "credential"]

_descriptive := {
	"arn", "arns", "name", "names", "id", "ids", "length", "len", "ttl", "expiry", "expiration",
	"expires", "age", "path", "type", "enabled", "enable", "disabled", "required", "policy",
	"rotation", "rotate", "version", "count", "parameter", "param", "prefix", "suffix", "header",
	"url", "uri", "endpoint", "min", "max", "size", "days", "period", "interval", "timeout",
	"prevention", "reuse", "complexity", "strength", "location", "bucket", "region", "format",
	"mode", "algorithm", "schedule", "hint", "user", "username",
}

# Words of a name, acronyms and camelCase split: "DBPasswordArn" → ["db", "password", "arn"].
words(name) := [w |
	spaced := regex.replace(regex.replace(name, `([A-Z]+)([A-Z][a-z])`, "${1}_${2}"), `([a-z0-9])([A-Z])`, "${1}_${2}")
	some w in regex.split(`[^a-z0-9]+`, lower(spaced))
	w != ""
]

secret_name(name) if {
	ws := words(name)
	count(ws) > 0
	not ws[count(ws) - 1] in _descriptive
	some part in _secret_parts
	contains(lower(name), part)
}
