# METADATA
# title: Workflow or job grants the token every write permission
# description: >-
#   `permissions: write-all` gives the job's GITHUB_TOKEN write access to the code, releases,
#   packages, deployments, issues and the rest: any step that is compromised (an injected
#   script, a repointed action, a malicious dependency) can push to the repository or publish a
#   release. Each job needs a few scopes; name them.
# scope: package
# related_resources:
#   - https://docs.github.com/en/actions/writing-workflows/choosing-what-your-workflow-does/controlling-permissions-for-github_token
# custom:
#   id: GHA-004
#   severity: HIGH
#   recommended_action: 'Replace `write-all` with the scopes the job needs (`permissions: {contents: read, pull-requests: write}`), at the job level when only one job needs them.'
#   input:
#     selector:
#       - type: github_workflow
#   frameworks:
#     openssf-scorecard: ["Token-Permissions"]
#     nist-800-53-r5: ["AC-6"]
#     soc2: ["CC6.1"]
package rampart.github.write_all_permissions

import rego.v1

deny contains {"msg": "the workflow's token has every write permission (`permissions: write-all`)", "path": ["permissions"]} if {
	input.permissions == "write-all"
}

deny contains {"msg": msg, "path": ["jobs", j, "permissions"]} if {
	some j, job in input.jobs
	job.permissions == "write-all"
	msg := sprintf("job `%s`'s token has every write permission (`permissions: write-all`)", [j])
}
