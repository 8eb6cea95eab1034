# METADATA
# title: Setuid bit set on a file
# description: >-
#   `chmod u+s`, `chmod +s` or a numeric mode with the setuid bit (`4755`), in a RUN step or
#   in `COPY/ADD --chmod=`, makes a program run with its owner's privileges, usually root,
#   whoever starts it. Every setuid binary in an image is a privilege-escalation path for an
#   attacker who gets code execution as the unprivileged runtime user. (setgid alone, common
#   on shared directories, is not reported.) Every stage is checked.
# scope: package
# related_resources:
#   - https://www.cisecurity.org/benchmark/docker
#   - https://docs.docker.com/reference/dockerfile/#copy---chmod
# custom:
#   id: DOCKER-013
#   severity: MEDIUM
#   recommended_action: >-
#     Do not add setuid bits; grant the specific capability the program needs at run time
#     (or run it as the right user) instead.
#   input:
#     selector:
#       - type: dockerfile
#   frameworks:
#     cis-docker: ["4.8"]
#     nist-800-53-r5: ["AC-6"]
#     pci-dss-4.0: ["2.2.6"]
#     soc2: ["CC6.3"]
package rampart.docker.setuid

import rego.v1

import data.rampart.lib.docker

deny contains {"msg": msg, "path": r.path} if {
	some r in docker.runs
	some c in docker.run_commands(r.ins)
	some mode in docker.chmod_modes(c)
	docker.setuid_mode(mode)
	msg := sprintf(
		"%s: RUN chmod %s sets the setuid bit; remove it and grant the program only the capability it needs",
		[docker.stage_label(r.stage), mode],
	)
}

deny contains {"msg": msg, "path": docker.instruction_path(i, j)} if {
	some i, s in docker.stages
	some j, ins in s.instructions
	ins.cmd in {"COPY", "ADD"}
	some f in object.get(ins, "flags", [])
	startswith(f, "--chmod=")
	mode := trim_prefix(f, "--chmod=")
	docker.setuid_mode(mode)
	msg := sprintf(
		"%s: %s --chmod=%s sets the setuid bit on the copied files; use a mode without it (e.g. 0755)",
		[docker.stage_label(i), ins.cmd, mode],
	)
}
