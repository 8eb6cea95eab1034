# METADATA
# title: RUN starts with cd instead of using WORKDIR
# description: >-
#   `RUN cd /dir && …` changes directory for that one RUN only; later instructions silently
#   run elsewhere, which is a common source of files written to the wrong place. WORKDIR
#   states the directory once and applies to every following instruction. Only a `cd` that
#   starts the RUN is reported: a `cd` into a directory created earlier in the same RUN (after
#   `git clone` or `tar x`) cannot be replaced by WORKDIR. Every stage is checked.
# scope: package
# related_resources:
#   - https://docs.docker.com/build/building/best-practices/#workdir
# custom:
#   id: DOCKER-023
#   severity: INFO
#   recommended_action: Replace the leading `cd <dir> &&` with `WORKDIR <dir>` on the line before the RUN.
#   input:
#     selector:
#       - type: dockerfile
package rampart.docker.run_cd

import rego.v1

import data.rampart.lib.docker

deny contains {"msg": msg, "path": r.path} if {
	some r in docker.runs
	cmds := docker.run_commands(r.ins)
	c := cmds[0]
	docker.name(c) == "cd"
	count(c.argv) > 1
	dir := c.argv[1]
	dir != "-"
	msg := sprintf(
		"%s: RUN starts with cd %s; put `WORKDIR %s` before the RUN instead",
		[docker.stage_label(r.stage), dir, dir],
	)
}
