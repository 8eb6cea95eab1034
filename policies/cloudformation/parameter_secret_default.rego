# METADATA
# title: Secret parameter has a default value
# description: >-
#   A template parameter whose name says it holds a secret (a password, secret, token,
#   passphrase, API or private key, credential) with a literal `Default` puts the secret in
#   the template, and so in version control, in every copy of the template and in the S3
#   bucket CloudFormation uploads it to; every stack deployed without overriding it shares
#   the same, known secret. `NoEcho` does not help: it masks the value in the console, not in
#   the template. Not reported: an empty default and dynamic references
#   (`{{resolve:secretsmanager:…}}`).
# scope: package
# related_resources:
#   - https://docs.aws.amazon.com/AWSCloudFormation/latest/UserGuide/security-best-practices.html#creds
#   - https://docs.aws.amazon.com/AWSCloudFormation/latest/UserGuide/dynamic-references.html
# custom:
#   id: CFN-002
#   severity: HIGH
#   recommended_action: >-
#     Remove the Default, rotate the secret, and pass it at deployment time (with NoEcho: true)
#     or, better, keep it in Secrets Manager or an SSM SecureString and read it with a dynamic
#     reference.
#   input:
#     selector:
#       - type: cloudformation
#   frameworks:
#     nist-800-53-r5: ["IA-5", "SC-28"]
#     pci-dss-4.0: ["8.3.2", "8.6.2"]
#     soc2: ["CC6.1"]
package rampart.cloudformation.parameter_secret_default

import rego.v1

import data.rampart.lib.secrets

deny contains {"msg": msg, "ref": input.__ref, "path": ["Parameters", name, "Default"]} if {
	some name, p in object.get(input, "Parameters", {})
	is_object(p)
	secrets.secret_name(name)
	value_type(p)
	literal(p.Default)
	msg := sprintf(
		"parameter %s looks like a secret and has a literal Default; remove the default, rotate the secret, and pass it at deployment or read it with a dynamic reference",
		[name],
	)
}

literal(v) if {
	is_string(v)
	trim_space(v) != ""
	not contains(v, "{{resolve:")
}

literal(v) if is_number(v)

literal(v) if {
	is_array(v)
	some item in v
	literal(item)
}

# Types that hold a value typed in by whoever deploys the stack.
value_type(p) if not "Type" in object.keys(p)

value_type(p) if p.Type in {"String", "Number", "CommaDelimitedList", "List<Number>"}
