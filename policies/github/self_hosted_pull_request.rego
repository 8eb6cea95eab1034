# METADATA
# title: Pull requests run on a self-hosted runner
# description: >-
#   A workflow triggered by pull requests runs the pull request's code; on a self-hosted runner
#   that code runs on your machine, which is not wiped between jobs: it can read what other jobs
#   left (credentials, caches, source), stay resident and wait for a privileged job, or reach
#   the internal network the runner sits in. In a public repository anyone can open a pull
#   request. GitHub-hosted runners are fresh virtual machines for every job.
# scope: package
# related_resources:
#   - https://docs.github.com/en/actions/hosting-your-own-runners/managing-self-hosted-runners/about-self-hosted-runners#self-hosted-runner-security
# custom:
#   id: GHA-008
#   severity: HIGH
#   recommended_action: 'Run pull request jobs on GitHub-hosted runners, or on ephemeral self-hosted runners (one job each, then destroyed) in a network of their own; require approval for workflows from outside contributors.'
#   input:
#     selector:
#       - type: github_workflow
#   frameworks:
#     nist-800-53-r5: ["SC-7"]
package rampart.github.self_hosted_pull_request

import rego.v1

import data.rampart.lib.github

deny contains {"msg": msg, "path": ["jobs", j, "runs-on"]} if {
	some t in github.triggers
	t in {"pull_request", "pull_request_target"}
	some j, job in input.jobs
	some label in labels(job["runs-on"])
	lower(label) == "self-hosted"
	msg := sprintf("job `%s` runs `%s` code on a self-hosted runner", [j, t])
}

labels(runs_on) := [runs_on] if is_string(runs_on)

labels(runs_on) := runs_on if is_array(runs_on)

labels(runs_on) := object.get(runs_on, "labels", []) if is_object(runs_on)
