# METADATA
# title: A secret is written into a service's environment
# description: >-
#   A value written in the Compose file is in the repository for everyone who can read it (its
#   forks and clones, and forever in its history), and `docker inspect` shows it to anyone on the
#   host. An `environment` entry whose name ends like a secret (`PASSWORD`, `PASSWD`, `SECRET`,
#   `TOKEN`, `API_KEY`, `ACCESS_KEY`, `SECRET_KEY`, `PRIVATE_KEY`, in any case) holding a text of
#   six characters or more written literally is reported, in either form of `environment` (a
#   list of `KEY=value` or a mapping). A value written with a variable (`${DB_PASSWORD}`, filled
#   from a `.env` file that is not committed) is not reported, nor is a shorter value, an entry
#   without a value (passed through from the shell) or a name that only contains such a word
#   (`POSTGRES_PASSWORD_FILE`). The value is never quoted in the report.
#   Whatever the name, a value in a well-known credential format (a private key block, an AWS
#   access key ID, a code-host or chat token, a signed JWT, a password in a URL) is reported
#   too.
# scope: package
# related_resources:
#   - https://docs.docker.com/compose/how-tos/use-secrets/
#   - https://docs.docker.com/compose/how-tos/environment-variables/variable-interpolation/
# custom:
#   id: COMPOSE-007
#   severity: HIGH
#   recommended_action: 'Rotate the secret, then give it to the service with Compose `secrets:` (a file mounted at `/run/secrets/<name>`, read through variables such as `POSTGRES_PASSWORD_FILE`) or as `${VAR}` from a `.env` file that is not committed, and remove it from the file.'
#   input:
#     selector:
#       - type: compose
#   frameworks:
#     nist-800-53-r5: ["IA-5", "SC-28"]
#     soc2: ["CC6.1"]
package rampart.compose.literal_secrets

import rego.v1

import data.rampart.lib.compose
import data.rampart.lib.secrets

deny contains {"msg": msg, "path": ["services", name, "environment", key]} if {
	some name, service in compose.services
	environment := object.get(service, "environment", {})
	is_object(environment)
	some key, value in environment
	regex.match(`(?i)(password|passwd|secret|token|api_?key|access_?key|secret_?key|private_?key)$`, key)
	is_string(value)
	count(value) >= 6
	not pointer(name, key) in interpolated
	msg := sprintf("service `%s` sets `%s` to a secret written in the file (%d characters): use Compose `secrets:` or `${VAR}` from an untracked `.env`", [name, key, count(value)])
}

# A value in a credential format is a secret whatever the variable is called.
deny contains {"msg": msg, "path": ["services", name, "environment", key]} if {
	some name, service in compose.services
	environment := object.get(service, "environment", {})
	is_object(environment)
	some key, value in environment
	not regex.match(`(?i)(password|passwd|secret|token|api_?key|access_?key|secret_?key|private_?key)$`, key)
	secrets.credential(value)
	not pointer(name, key) in interpolated
	msg := sprintf("service `%s` sets `%s` to a credential written in the file: use Compose `secrets:` or `${VAR}` from an untracked `.env`, and rotate it", [name, key])
}

interpolated := {p | some p in object.get(input, "interpolated", [])}

pointer(name, key) := concat("/", ["", "services", escape(name), "environment", escape(key)])

# A JSON pointer segment: `~` is `~0` and `/` is `~1`.
escape(segment) := replace(replace(segment, "~", "~0"), "/", "~1")
