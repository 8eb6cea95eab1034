# METADATA
# title: WORKDIR uses a relative path
# description: >-
#   A relative WORKDIR is resolved against the previous WORKDIR, which may be set by the base
#   image and change when the base image changes; the directory the build and the container
#   use then moves silently. Paths starting with a variable (`$HOME/app`) and Windows drive
#   paths are not reported. Every stage is checked.
# scope: package
# related_resources:
#   - https://docs.docker.com/reference/dockerfile/#workdir
#   - https://docs.docker.com/build/building/best-practices/#workdir
# custom:
#   id: DOCKER-022
#   severity: LOW
#   recommended_action: Use an absolute path, e.g. `WORKDIR /app`.
#   input:
#     selector:
#       - type: dockerfile
package rampart.docker.workdir_relative

import rego.v1

import data.rampart.lib.docker

deny contains {"msg": msg, "path": docker.instruction_path(i, j)} if {
	some i, s in docker.stages
	some j, ins in s.instructions
	ins.cmd == "WORKDIR"
	dir := trim(trim_space(ins.value), `"'`)
	dir != ""
	not absolute(dir)
	msg := sprintf(
		"%s: WORKDIR %s is relative to whatever the previous WORKDIR was; use an absolute path",
		[docker.stage_label(i), dir],
	)
}

absolute(dir) if startswith(dir, "/")

absolute(dir) if startswith(dir, "$")

absolute(dir) if startswith(dir, "\\")

absolute(dir) if regex.match(`^[A-Za-z]:([\\/]|$)`, dir)
