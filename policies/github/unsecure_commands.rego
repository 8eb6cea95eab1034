# METADATA
# title: Deprecated set-env and add-path workflow commands are re-enabled
# description: >-
#   `ACTIONS_ALLOW_UNSECURE_COMMANDS: true` turns back on the `::set-env` and `::add-path`
#   workflow commands, which GitHub disabled in 2020 because any text a step prints (a log line,
#   a test name, a commit message) can then set environment variables such as `NODE_OPTIONS` or
#   `LD_PRELOAD` for every later step, and so run code.
# scope: package
# related_resources:
#   - https://github.blog/changelog/2020-10-01-github-actions-deprecating-set-env-and-add-path-commands/
#   - https://github.com/advisories/GHSA-mfwh-5m23-j46w
# custom:
#   id: GHA-006
#   severity: HIGH
#   recommended_action: 'Remove ACTIONS_ALLOW_UNSECURE_COMMANDS and write to the `$GITHUB_ENV` and `$GITHUB_PATH` files instead; update actions that still need the old commands.'
#   input:
#     selector:
#       - type: github_workflow
#       - type: github_action
#   frameworks:
#     nist-800-53-r5: ["CM-7"]
package rampart.github.unsecure_commands

import rego.v1

import data.rampart.lib.github

deny contains {"msg": msg, "path": array.concat(path, ["env", "ACTIONS_ALLOW_UNSECURE_COMMANDS"])} if {
	some path in env_owners
	value := object.get(input, array.concat(path, ["env", "ACTIONS_ALLOW_UNSECURE_COMMANDS"]), null)
	lower(sprintf("%v", [value])) == "true"
	msg := "ACTIONS_ALLOW_UNSECURE_COMMANDS re-enables `::set-env` and `::add-path`: any printed text can set the environment of later steps"
}

# Everything that can hold `env`: the workflow, its jobs, every step.
env_owners contains [] if input.env

env_owners contains ["jobs", j] if {
	some j, job in object.get(input, "jobs", {})
	job.env
}

env_owners contains path if {
	some [path, step] in github.steps
	step.env
}
