# METADATA
# title: Write scope granted to every job of the workflow
# description: >-
#   A `write` scope in the workflow's top-level `permissions` reaches every job that does not
#   declare its own: the lint and test jobs, and every action they run, get the token that can
#   push code, publish packages or mint cloud credentials (`id-token: write`) that only the
#   release or deploy job needs. Reported when two or more jobs inherit the scope (with one job,
#   the top level is that job's block).
# scope: package
# related_resources:
#   - https://docs.github.com/en/actions/writing-workflows/choosing-what-your-workflow-does/controlling-permissions-for-github_token
# custom:
#   id: GHA-012
#   severity: LOW
#   recommended_action: 'Set the top level to read (`permissions: {contents: read}`) and grant the write scope in the one job that needs it.'
#   input:
#     selector:
#       - type: github_workflow
#   frameworks:
#     nist-800-53-r5: ["AC-6"]
#     openssf-scorecard: ["Token-Permissions"]
package rampart.github.workflow_write_scopes

import rego.v1

deny contains {"msg": msg, "path": ["permissions", scope]} if {
	is_object(input.permissions)
	some scope, level in input.permissions
	level == "write"
	# Reusable-workflow calls inherit too: the called workflow can only lower what it gets.
	inheriting := sort([j |
		some j, job in input.jobs
		not "permissions" in object.keys(job)
	])
	count(inheriting) > 1
	msg := sprintf(
		"`%s: write` is granted to every job that sets no permissions (%s); grant it only in the job that needs it",
		[scope, concat(", ", inheriting)],
	)
}
