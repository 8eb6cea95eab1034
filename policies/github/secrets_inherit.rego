# METADATA
# title: Reusable workflow is handed every secret
# description: >-
#   `secrets: inherit` passes all of the caller's secrets (repository, environment and
#   organisation) to the called workflow, whatever it needs. Should the called workflow, or an
#   action it runs, be compromised or simply log too much, every secret is exposed, not only the
#   one it uses. Passing secrets by name documents and limits what each workflow gets.
# scope: package
# related_resources:
#   - https://docs.github.com/en/actions/sharing-automations/reusing-workflows#passing-secrets-to-nested-workflows
# custom:
#   id: GHA-007
#   severity: MEDIUM
#   recommended_action: 'Pass only the secrets the called workflow declares: `secrets: {DEPLOY_KEY: ${{ secrets.DEPLOY_KEY }}}`.'
#   input:
#     selector:
#       - type: github_workflow
#   frameworks:
#     nist-800-53-r5: ["AC-6"]
package rampart.github.secrets_inherit

import rego.v1

deny contains {"msg": msg, "path": ["jobs", j, "secrets"]} if {
	some j, job in input.jobs
	job.secrets == "inherit"
	msg := sprintf("job `%s` passes every secret to `%s` (`secrets: inherit`)", [j, job.uses])
}
