# METADATA
# title: Checked-out token is left on disk in a job that uploads artifacts
# description: >-
#   actions/checkout writes the job's token into `.git/config` unless `persist-credentials:
#   false` is set, and leaves it there for the rest of the job. A job that then uploads an
#   artifact of the working directory (or of anything that includes `.git`) publishes the token
#   to everyone who can download the run's artifacts, which for a public repository is everyone
#   (the "ArtiPACKED" research, Palo Alto Networks Unit 42, 2024). Only checkouts followed by
#   an artifact upload in the same job are reported.
# scope: package
# related_resources:
#   - https://unit42.paloaltonetworks.com/github-repo-artifacts-leak-tokens/
#   - https://github.com/actions/checkout#usage
# custom:
#   id: GHA-009
#   severity: MEDIUM
#   recommended_action: 'Set `persist-credentials: false` on actions/checkout (pass a token explicitly to the steps that push), and upload only the paths the artifact needs.'
#   input:
#     selector:
#       - type: github_workflow
#   frameworks:
#     nist-800-53-r5: ["SC-28"]
package rampart.github.persisted_credentials

import rego.v1

import data.rampart.lib.github

deny contains {"msg": msg, "path": ["jobs", j, "steps", i, "uses"]} if {
	some j, job in input.jobs
	some i, step in job.steps
	github.step_uses(step, "actions", "checkout")
	not credentials_dropped(step)
	some later, upload in job.steps
	later > i
	uploads(upload)
	msg := sprintf(
		"job `%s` checks out with the token saved in .git/config, then uploads an artifact (step %d): set `persist-credentials: false`",
		[j, later + 1],
	)
}

credentials_dropped(step) if {
	value := step["with"]["persist-credentials"]
	lower(sprintf("%v", [value])) == "false"
}

uploads(step) if github.step_uses(step, "actions", "upload-artifact")

uploads(step) if github.step_uses(step, "actions", "upload-pages-artifact")
