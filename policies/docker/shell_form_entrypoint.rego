# METADATA
# title: ENTRYPOINT or CMD in shell form
# description: >-
#   In shell form (`CMD node server.js`) the container's PID 1 is `/bin/sh -c`, which does
#   not forward SIGTERM to the application: `docker stop` and Kubernetes wait for the grace
#   period and then kill it, with no graceful shutdown. Checked on the ENTRYPOINT that takes
#   effect in the shipped image, and on its CMD when there is no ENTRYPOINT. A shell form that
#   starts with `exec` replaces the shell and is not reported.
# scope: package
# related_resources:
#   - https://docs.docker.com/reference/dockerfile/#shell-and-exec-form
#   - https://docs.docker.com/reference/build-checks/json-args-recommended/
# custom:
#   id: DOCKER-025
#   severity: LOW
#   recommended_action: >-
#     Use the exec (JSON) form, e.g. `CMD ["node", "server.js"]`, or prefix the shell form
#     with `exec`.
#   input:
#     selector:
#       - type: dockerfile
package rampart.docker.shell_form_entrypoint

import rego.v1

import data.rampart.lib.docker

deny contains {"msg": msg, "path": docker.instruction_path(i, j)} if {
	[i, j] := docker.effective("ENTRYPOINT")
	shell_form(docker.stages[i].instructions[j])
	msg := sprintf(
		"%s: ENTRYPOINT in shell form runs under /bin/sh, which does not forward stop signals; use the JSON form [\"executable\", \"arg\"]",
		[docker.stage_label(i)],
	)
}

deny contains {"msg": msg, "path": docker.instruction_path(i, j)} if {
	not docker.effective("ENTRYPOINT")
	[i, j] := docker.effective("CMD")
	shell_form(docker.stages[i].instructions[j])
	msg := sprintf(
		"%s: CMD in shell form runs under /bin/sh, which does not forward stop signals; use the JSON form [\"executable\", \"arg\"]",
		[docker.stage_label(i)],
	)
}

shell_form(ins) if {
	ins.exec == false
	not startswith(trim_space(ins.value), "exec ")
}
