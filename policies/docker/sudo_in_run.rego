# METADATA
# title: sudo used in RUN
# description: >-
#   RUN steps already run as the current USER; using sudo means the image ships sudo and a
#   sudoers configuration that lets the runtime user become root, and sudo's TTY and signal
#   handling is unreliable in containers. Switch users with USER instead. Every stage is
#   checked.
# scope: package
# related_resources:
#   - https://docs.docker.com/build/building/best-practices/#user
# custom:
#   id: DOCKER-011
#   severity: MEDIUM
#   recommended_action: >-
#     Remove sudo: put `USER root` before the steps that need root and `USER <app user>` after
#     them (use gosu or su-exec in an entrypoint if you must drop privileges at run time).
#   input:
#     selector:
#       - type: dockerfile
#   frameworks:
#     nist-800-53-r5: ["AC-6"]
#     pci-dss-4.0: ["2.2.6", "7.2.5"]
#     soc2: ["CC6.3"]
package rampart.docker.sudo_in_run

import rego.v1

import data.rampart.lib.docker

deny contains {"msg": msg, "path": r.path} if {
	some r in docker.runs
	some c in docker.run_commands(r.ins)
	some t in c.pre
	docker.basename(t) in {"sudo", "doas"}
	msg := sprintf(
		"%s: RUN uses %s; switch with USER root / USER <app user> around the step instead",
		[docker.stage_label(r.stage), docker.basename(t)],
	)
}
