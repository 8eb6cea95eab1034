# METADATA
# title: Dependabot registry credential written in the file
# description: >-
#   A private registry's `password`, `token`, `key` or `auth-key` in `dependabot.yml` must be a
#   reference to a Dependabot secret (`${{secrets.NAME}}`): a value written in the file is in
#   the repository's history for everyone who can read it, forks and clones included, and
#   stays there after it is removed. The value is never quoted in the finding.
# scope: package
# related_resources:
#   - https://docs.github.com/en/code-security/dependabot/working-with-dependabot/configuring-access-to-private-registries-for-dependabot
#   - https://docs.github.com/en/code-security/dependabot/working-with-dependabot/dependabot-options-reference#registries--
# custom:
#   id: GHA-015
#   severity: HIGH
#   recommended_action: 'Rotate the credential, store the new one as a Dependabot secret (Settings, Secrets and variables, Dependabot) and reference it: `password: ${{secrets.REGISTRY_PASSWORD}}`.'
#   input:
#     selector:
#       - type: dependabot
#   frameworks:
#     nist-800-53-r5: ["IA-5", "SC-28"]
#     soc2: ["CC6.1"]
package rampart.github.dependabot_registry_credentials

import rego.v1

# The fields of a registry that hold a secret (the others name a user, a URL, an account or an
# OIDC role, none of them a credential).
credential_fields := {"password", "token", "key", "auth-key"}

deny contains {"msg": msg, "path": ["registries", name, field]} if {
	some name, registry in input.registries
	is_object(registry)
	some field, value in registry
	field in credential_fields
	value != null
	value != ""
	not secret_reference(value)
	msg := sprintf(
		"registry `%s` has its `%s` written in the file, not as a Dependabot secret (`${{secrets.NAME}}`)",
		[name, field],
	)
}

secret_reference(value) if {
	is_string(value)
	regex.match(`^\$\{\{\s*secrets\.[A-Za-z_][A-Za-z0-9_]*\s*\}\}$`, trim_space(value))
}
