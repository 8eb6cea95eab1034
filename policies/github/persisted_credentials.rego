# METADATA
# title: Checked-out token is uploaded with an artifact
# description: >-
#   actions/checkout writes the job's token into `.git/config` unless `persist-credentials:
#   false` is set, and leaves it there for the rest of the job. A job that then uploads an
#   artifact of the working directory (or of anything that includes `.git`) publishes the token
#   to everyone who can download the run's artifacts, which for a public repository is everyone
#   (the "ArtiPACKED" research, Palo Alto Networks Unit 42, 2024). Reported when a later step of
#   the same job uploads the working directory (`.`, `*`, `${{ github.workspace }}`, or `.git`
#   itself) with hidden files: actions/upload-artifact before v4.4, or any version with
#   `include-hidden-files: true`. Later versions leave hidden files out, and
#   actions/upload-pages-artifact always leaves `.git` out, so those uploads are not reported.
# scope: package
# related_resources:
#   - https://unit42.paloaltonetworks.com/github-repo-artifacts-leak-tokens/
#   - https://github.com/actions/checkout#usage
# custom:
#   id: GHA-009
#   severity: MEDIUM
#   recommended_action: 'Set `persist-credentials: false` on actions/checkout (pass a token explicitly to the steps that push), upload only the paths the artifact needs, and use actions/upload-artifact v4.4 or later without `include-hidden-files`.'
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
		"job `%s` checks out with the token saved in .git/config, then uploads the working directory with its hidden files as an artifact (step %d): set `persist-credentials: false`",
		[j, later + 1],
	)
}

credentials_dropped(step) if {
	value := step["with"]["persist-credentials"]
	lower(sprintf("%v", [value])) == "false"
}

# An upload of the checkout's root, `.git/config` included.
uploads(step) if {
	github.step_uses(step, "actions", "upload-artifact")
	includes_hidden(step)
	some p in split(sprintf("%v", [object.get(step, ["with", "path"], "")]), "\n")
	workspace_root(trim_space(p))
}

includes_hidden(step) if lower(sprintf("%v", [step["with"]["include-hidden-files"]])) == "true"

# Before v4.4.0 (September 2024), hidden files were uploaded by default.
includes_hidden(step) if regex.match(`^v(1|2|3|4\.[0-3])(\.|$)`, step.uses_ref.ref)

workspace_root(p) if p in {".", "./", "*", "./*", "${{ github.workspace }}", "${{github.workspace}}", ".git", ".git/"}

workspace_root(p) if startswith(p, ".git/")
