# METADATA
# title: Several CMD or ENTRYPOINT instructions in one stage
# description: >-
#   Only the last CMD and the last ENTRYPOINT of a stage take effect; earlier ones are
#   silently ignored, so the Dockerfile says one thing and the image does another. Each
#   overridden instruction is reported. Every stage is checked.
# scope: package
# related_resources:
#   - https://docs.docker.com/reference/dockerfile/#cmd
#   - https://docs.docker.com/reference/dockerfile/#entrypoint
# custom:
#   id: DOCKER-024
#   severity: LOW
#   recommended_action: Keep one CMD and one ENTRYPOINT per stage; delete the overridden ones.
#   input:
#     selector:
#       - type: dockerfile
package rampart.docker.duplicate_cmd_entrypoint

import rego.v1

import data.rampart.lib.docker

deny contains {"msg": msg, "path": docker.instruction_path(i, j)} if {
	some i, s in docker.stages
	some j, ins in s.instructions
	ins.cmd in {"CMD", "ENTRYPOINT"}
	some k, later in s.instructions
	k > j
	later.cmd == ins.cmd
	msg := sprintf(
		"%s: this %s is overridden by a later %s in the same stage and has no effect; remove it",
		[docker.stage_label(i), ins.cmd, ins.cmd],
	)
}
