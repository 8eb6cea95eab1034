# METADATA
# title: Secret stored in ENV, ARG or a RUN command
# description: >-
#   ENV values are stored in the image configuration and visible to anyone who can pull
#   the image (`docker inspect`); ARG defaults are recorded in the build history. A literal
#   value for a name such as PASSWORD, SECRET, TOKEN, API_KEY, PRIVATE_KEY or ACCESS_KEY is
#   therefore a leaked credential, and so is `ENV NPM_TOKEN=$NPM_TOKEN`, which copies the
#   build-time value into the image's environment. Not reported: an ARG without default or
#   with a variable as default, an empty value, an absolute path, a boolean (`true`, `off`,
#   …), and names that describe rather than hold a secret (ending in _FILE, _PATH, _DIR,
#   _NAME, _URL, _ENDPOINT, _LENGTH, …). Whatever the name, a value in a well-known credential
#   format (a private key block, an AWS access key ID, a GitHub, GitLab, Slack, Stripe or Google
#   token, a signed JWT, a password in a URL) in ENV, ARG or a RUN command is reported too.
# scope: package
# related_resources:
#   - https://docs.docker.com/build/building/secrets/
#   - https://docs.docker.com/reference/build-checks/secrets-used-in-arg-or-env/
#   - https://www.cisecurity.org/benchmark/docker
# custom:
#   id: DOCKER-010
#   severity: HIGH
#   recommended_action: >-
#     Remove the value from the Dockerfile, rotate the credential, and pass it at build time
#     with a secret mount (`RUN --mount=type=secret,id=…`) or at run time from a secret store.
#   input:
#     selector:
#       - type: dockerfile
#   frameworks:
#     cis-docker: ["4.10"]
#     nist-800-53-r5: ["IA-5", "SC-28"]
#     pci-dss-4.0: ["8.3.2", "8.6.2"]
#     soc2: ["CC6.1"]
package rampart.docker.secret_in_env_arg

import rego.v1

import data.rampart.lib.docker
import data.rampart.lib.secrets

deny contains {"msg": msg, "path": docker.instruction_path(i, j)} if {
	some i, s in docker.stages
	some j, ins in s.instructions
	ins.cmd in {"ENV", "ARG"}
	some p in ins.pairs
	secrets.secret_name(p.key)
	literal(p.value)
	msg := sprintf(
		"%s: %s %s holds a literal value that ends up in the image metadata or build history; remove it, rotate it, and use a build secret mount or a runtime secret",
		[docker.stage_label(i), ins.cmd, p.key],
	)
}

# ENV NPM_TOKEN=$NPM_TOKEN bakes the build argument into the image configuration.
deny contains {"msg": msg, "path": docker.instruction_path(i, j)} if {
	some i, s in docker.stages
	some j, ins in s.instructions
	ins.cmd == "ENV"
	some p in ins.pairs
	secrets.secret_name(p.key)
	variable(p.value)
	msg := sprintf(
		"%s: ENV %s copies a build-time value into the image environment, visible to anyone who can pull the image; use a build secret mount or a runtime secret",
		[docker.stage_label(i), p.key],
	)
}

# ARGs declared before the first FROM.
deny contains {"msg": msg, "path": ["args", key]} if {
	some key, value in object.get(input, "args", {})
	secrets.secret_name(key)
	literal(value)
	msg := sprintf(
		"global ARG %s holds a literal default that ends up in the build history; remove it, rotate it, and use a build secret mount",
		[key],
	)
}

# A value in a credential format is a secret whatever it is called.
deny contains {"msg": msg, "path": docker.instruction_path(i, j)} if {
	some i, s in docker.stages
	some j, ins in s.instructions
	ins.cmd in {"ENV", "ARG"}
	some p in ins.pairs
	not secrets.secret_name(p.key)
	secrets.credential(p.value)
	msg := sprintf(
		"%s: %s %s holds a literal credential that ends up in the image metadata or build history; remove it, rotate it, and use a build secret mount or a runtime secret",
		[docker.stage_label(i), ins.cmd, p.key],
	)
}

deny contains {"msg": msg, "path": r.path} if {
	some r in docker.runs
	secrets.credential(docker.script(r.ins))
	msg := sprintf(
		"%s: a RUN command holds a literal credential, kept in the build history of every image built from it; remove it, rotate it, and use a build secret mount (RUN --mount=type=secret)",
		[docker.stage_label(r.stage)],
	)
}

literal(value) if {
	is_string(value)
	v := trim(trim_space(value), `"'`)
	v != ""
	not variable(v)
	not regex.match(`^/[A-Za-z0-9_./-]*$`, v)
	not lower(v) in {"true", "false", "yes", "no", "on", "off", "none", "null"}
}

# A value that is only a variable reference: $TOKEN, ${TOKEN}, ${TOKEN:-}.
variable(value) if {
	is_string(value)
	regex.match(`^\$(\{[A-Za-z_][A-Za-z0-9_]*(:?[-+=?][^}]*)?\}|[A-Za-z_][A-Za-z0-9_]*)$`, trim(trim_space(value), `"'`))
}
