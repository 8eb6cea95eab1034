# METADATA
# title: Release job restores a cache other runs can write
# description: >-
#   GitHub Actions caches are shared by every run on the default branch, and a workflow that
#   runs a fork's code there (`pull_request_target`, a ChatOps comment) or any compromised step
#   can write an entry under the key a release build restores: the poisoned dependencies or
#   build outputs are then shipped, signed, to every user. That is how the Ultralytics release
#   of December 2024 was compromised. A job that publishes (a `release` or tag-push workflow,
#   or a step that publishes to a registry) should build from clean sources. Reported: the
#   steps of such a job that restore a cache (actions/cache, `cache:` on the setup actions,
#   the default caches of actions/setup-go, actions/setup-node v5+ and Gradle's setup action,
#   Swatinem/rust-cache, `bundler-cache`).
# scope: package
# related_resources:
#   - https://adnanthekhan.com/2024/05/06/the-monsters-in-your-build-cache-github-actions-cache-poisoning/
#   - https://blog.yossarian.net/2024/12/06/zizmor-ultralytics-injection
# custom:
#   id: GHA-011
#   severity: MEDIUM
#   recommended_action: 'Do not restore caches in jobs that publish: drop `cache:` from the setup actions (`cache: false` for actions/setup-go), remove actions/cache, or restore only with `actions/cache/restore` in jobs that do not publish.'
#   input:
#     selector:
#       - type: github_workflow
#   frameworks:
#     nist-800-53-r5: ["SI-7"]
#     soc2: ["CC8.1"]
package rampart.github.release_cache

import rego.v1

import data.rampart.lib.github

deny contains {"msg": msg, "path": ["jobs", j, "steps", i, "uses"]} if {
	some j, job in input.jobs
	publishes(job)
	some i, step in job.steps
	what := restores_cache(step)
	msg := sprintf("job `%s` publishes a release and restores a cache (%s) that other runs of the default branch can write", [j, what])
}

# The whole workflow is a release: published releases, pushed tags.
release_workflow if "release" in github.triggers

release_workflow if input.on.push.tags

publishes(_) if release_workflow

publishes(job) if {
	some step in job.steps
	publish_step(step)
}

# Actions that publish what the job built: packages, releases, deployed applications.
publish_actions := {
	"pypa/gh-action-pypi-publish",
	"softprops/action-gh-release",
	"goreleaser/goreleaser-action",
	"ncipollo/release-action",
	"rubygems/release-gem",
	"azure/webapps-deploy",
	"azure/functions-action",
	"google-github-actions/deploy-cloudrun",
	"aws-actions/amazon-ecs-deploy-task-definition",
}

publish_step(step) if {
	github.step_uses(step, "docker", "build-push-action")
	lower(sprintf("%v", [step["with"].push])) == "true"
}

publish_step(step) if {
	step.uses_ref.kind == "action"
	concat("/", [lower(step.uses_ref.owner), lower(step.uses_ref.repo)]) in publish_actions
}

publish_step(step) if {
	regex.match(`(^|[;&|\s])(npm publish|yarn npm publish|pnpm publish|cargo publish|twine upload|gem push|gh release create|poetry publish)\b`, step.run)
}

restores_cache(step) := "actions/cache" if {
	github.step_uses(step, "actions", "cache")
	step.uses_ref.path != "save"
}

restores_cache(step) := sprintf("`cache: %v` on %s/%s", [step["with"].cache, step.uses_ref.owner, step.uses_ref.repo]) if {
	step.uses_ref.owner == "actions"
	step.uses_ref.repo in {"setup-node", "setup-python", "setup-java", "setup-dotnet"}
	cache := step["with"].cache
	not cache in {false, "false", ""}
}

restores_cache(step) := "actions/setup-go, which caches by default" if {
	github.step_uses(step, "actions", "setup-go")
	not lower(sprintf("%v", [object.get(step, ["with", "cache"], true)])) == "false"
}

# actions/setup-node caches by default from v5 on, unless `package-manager-cache: false`.
restores_cache(step) := "actions/setup-node v5 or later, which caches by default" if {
	github.step_uses(step, "actions", "setup-node")
	not step["with"].cache
	regex.match(`^v?([5-9]|[1-9][0-9])(\.|$)`, step.uses_ref.ref)
	not lower(sprintf("%v", [object.get(step, ["with", "package-manager-cache"], true)])) == "false"
}

# gradle/actions/setup-gradle (and the older gradle-build-action) cache unless disabled.
restores_cache(step) := sprintf("%s/%s, which caches unless `cache-disabled: true`", [step.uses_ref.owner, step.uses_ref.repo]) if {
	step.uses_ref.kind == "action"
	lower(step.uses_ref.owner) == "gradle"
	some pair in [["actions", "setup-gradle"], ["gradle-build-action", ""]]
	lower(step.uses_ref.repo) == pair[0]
	step.uses_ref.path == pair[1]
	not lower(sprintf("%v", [object.get(step, ["with", "cache-disabled"], false)])) == "true"
}

restores_cache(step) := "Swatinem/rust-cache" if github.step_uses(step, "swatinem", "rust-cache")

restores_cache(step) := "`bundler-cache: true` on ruby/setup-ruby" if {
	github.step_uses(step, "ruby", "setup-ruby")
	lower(sprintf("%v", [step["with"]["bundler-cache"]])) == "true"
}
