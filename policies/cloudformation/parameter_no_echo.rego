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

import data.rampart.lib.secrets

deny contains {"msg": msg, "ref": input.__ref, "path": path} if {
	some name, p in object.get(input, "Parameters", {})
	is_object(p)
	secrets.secret_name(name)
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
