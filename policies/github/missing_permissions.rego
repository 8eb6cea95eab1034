# METADATA
# title: Workflow does not limit its token's permissions
# description: >-
#   Without a `permissions` block, a job's GITHUB_TOKEN gets the repository's default, which is
#   read and write to everything for repositories and organisations created before February
#   2023 and for any that changed the setting. The workflow file is where the least privilege
#   is written down and reviewed: a top-level `permissions` block (even `{}` or
#   `contents: read`) or one on every job.
# scope: package
# related_resources:
#   - https://docs.github.com/en/actions/writing-workflows/choosing-what-your-workflow-does/controlling-permissions-for-github_token
#   - https://github.com/ossf/scorecard/blob/main/docs/checks.md#token-permissions
# custom:
#   id: GHA-005
#   severity: MEDIUM
#   recommended_action: 'Add `permissions: {contents: read}` at the top of the workflow, and grant more to the jobs that need it.'
#   input:
#     selector:
#       - type: github_workflow
#   frameworks:
#     openssf-scorecard: ["Token-Permissions"]
#     nist-800-53-r5: ["AC-6"]
#     soc2: ["CC6.1"]
package rampart.github.missing_permissions

import rego.v1

deny contains {"msg": msg, "path": ["jobs", j]} if {
	not "permissions" in object.keys(input)
	some j, job in input.jobs
	not "permissions" in object.keys(job)
	# A reusable workflow's call gets the permissions its callee declares.
	not job.uses
	msg := sprintf("job `%s` runs with the repository's default token permissions: the workflow sets none", [j])
}
