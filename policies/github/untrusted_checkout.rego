# METADATA
# title: Privileged workflow checks out a pull request's code
# description: >-
#   `pull_request_target`, `workflow_run` and comment-triggered workflows run with the base
#   repository's secrets and a token that can write, on purpose: they are meant to label, comment
#   or report on a pull request without running its code. Checking out the pull request's head
#   (`ref: ${{ github.event.pull_request.head.sha }}`, `refs/pull/N/merge`, the
#   `workflow_run` head) and then building, testing or even installing it hands those secrets
#   to the pull request's author: a `package.json` script, a Makefile or a test runs their code.
#   This is the "pwn request" of GitHub Security Lab.
# scope: package
# related_resources:
#   - https://securitylab.github.com/resources/github-actions-preventing-pwn-requests/
#   - https://docs.github.com/en/actions/writing-workflows/choosing-when-your-workflow-runs/events-that-trigger-workflows#pull_request_target
# custom:
#   id: GHA-003
#   severity: CRITICAL
#   recommended_action: 'Run untrusted code in a `pull_request` workflow (no secrets, read-only token) and pass its results to the privileged workflow as an artifact that is only read, never executed; or check out the base branch only.'
#   input:
#     selector:
#       - type: github_workflow
#   frameworks:
#     openssf-scorecard: ["Dangerous-Workflow"]
#     nist-800-53-r5: ["AC-6", "CM-5"]
#     soc2: ["CC8.1"]
package rampart.github.untrusted_checkout

import rego.v1

import data.rampart.lib.github

deny contains {"msg": msg, "path": array.concat(path, ["with", "ref"])} if {
	github.privileged
	some [path, step] in github.steps
	github.step_uses(step, "actions", "checkout")
	ref := step["with"].ref
	untrusted(ref, path)
	msg := sprintf(
		"a `%s` workflow checks out the pull request's code (`ref: %s`) with the base repository's secrets and token",
		[github.privileged_trigger, ref],
	)
}

# The ref is an expression reading the pull request's head.
untrusted(_, path) if {
	some e in input.expressions
	array.slice(e.path, 0, count(path) + 2) == array.concat(path, ["with", "ref"])
	some ctx in e.contexts
	github.untrusted_ref(ctx)
}

# Or a literal pull request ref.
untrusted(ref, _) if {
	is_string(ref)
	regex.match(`refs/pull/`, ref)
}
