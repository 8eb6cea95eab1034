# METADATA
# title: Files made world-writable
# description: >-
#   `chmod 777`, `chmod 666`, `chmod o+w`, `chmod -R a+rwx` in a RUN step, or
#   `COPY/ADD --chmod=777`, let every user in the container (and any process that gains a
#   foothold as an unprivileged user) modify the files: replace binaries, scripts or
#   configuration that a more privileged process later runs. Modes with the sticky bit
#   (`1777`, `+t`), as used for shared temporary directories, are not reported. Every stage
#   is checked.
# scope: package
# related_resources:
#   - https://docs.docker.com/reference/dockerfile/#copy---chmod
# custom:
#   id: DOCKER-012
#   severity: MEDIUM
#   recommended_action: >-
#     Grant write access only to the user that needs it: `chown <app user>` the directory (or
#     `COPY --chown=`) and use modes such as 755/644, or 775 with a shared group.
#   input:
#     selector:
#       - type: dockerfile
#   frameworks:
#     nist-800-53-r5: ["AC-6"]
#     pci-dss-4.0: ["2.2.6"]
#     soc2: ["CC6.8"]
package rampart.docker.world_writable

import rego.v1

import data.rampart.lib.docker

deny contains {"msg": msg, "path": r.path} if {
	some r in docker.runs
	some c in docker.run_commands(r.ins)
	some mode in docker.chmod_modes(c)
	docker.world_writable_mode(mode)
	msg := sprintf(
		"%s: RUN chmod %s makes files world-writable; chown them to the user that needs write access and use a mode such as 755 or 775",
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
	docker.world_writable_mode(mode)
	msg := sprintf(
		"%s: %s --chmod=%s makes the copied files world-writable; use --chown=<user> with a mode such as 755 or 644",
		[docker.stage_label(i), ins.cmd, mode],
	)
}
