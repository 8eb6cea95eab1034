# METADATA
# title: Third-party action or image not pinned to an immutable version
# description: >-
#   A tag or branch of someone else's action can be moved to new code at any time, and the next
#   run executes it with the job's token and secrets: that is how the tj-actions/changed-files
#   compromise of March 2025 reached thousands of repositories. Only a full commit SHA (or, for
#   `docker://` images, a `sha256` digest) names code that cannot change. Actions published by
#   GitHub itself (`actions/*`, `github/*`) may keep their tags, as they do in GitHub's own
#   guidance; so may the owners and repositories a project lists in `trusted_actions:` in
#   `.rampart.yaml` (the collector marks their `uses_ref` `trusted`), which should be only
#   publishers it controls or audits. Local actions (`./…`) come with the repository. A branch,
#   or no version at all, is HIGH; a tag is MEDIUM.
# scope: package
# related_resources:
#   - https://docs.github.com/en/actions/security-for-github-actions/security-guides/security-hardening-for-github-actions#using-third-party-actions
#   - https://github.com/step-security/harden-runner
# custom:
#   id: GHA-002
#   severity: HIGH
#   recommended_action: 'Pin the action to the full commit SHA of the release you reviewed, with the tag in a comment (`uses: owner/action@<40-hex sha> # v1.2.3`); let Dependabot or Renovate update the pins. Pin `docker://` images by digest.'
#   input:
#     selector:
#       - type: github_workflow
#       - type: github_action
#   frameworks:
#     openssf-scorecard: ["Pinned-Dependencies"]
#     nist-800-53-r5: ["SI-7", "CM-5"]
#     soc2: ["CC8.1"]
package rampart.github.unpinned_uses

import rego.v1

import data.rampart.lib.github

# GitHub's own actions, which may be used by tag.
trusted_owners := {"actions", "github"}

deny contains {"msg": msg, "path": array.concat(path, ["uses"]), "severity": severity} if {
	some [path, ref] in github.uses
	ref.kind == "action"
	not ref.pinned
	not lower(ref.owner) in trusted_owners
	not ref.trusted == true
	severity := action_severity(ref)
	msg := sprintf("`%s` runs %s; pin it to a full commit SHA", [name(ref), version(ref)])
}

deny contains {"msg": msg, "path": array.concat(path, ["uses"]), "severity": severity} if {
	some [path, ref] in github.uses
	ref.kind == "docker"
	not ref.pinned
	severity := docker_severity(ref)
	msg := sprintf("image `%s` is not pinned by digest; pin it (`docker://%s@sha256:…`)", [ref.image, ref.image])
}

name(ref) := concat("/", [ref.owner, ref.repo]) if ref.path == ""

name(ref) := concat("/", [ref.owner, ref.repo, ref.path]) if ref.path != ""

version(ref) := "whatever is on its default branch" if not is_string(ref.ref)

version(ref) := sprintf("branch `%s`, which moves with every commit", [ref.ref]) if branch_like(ref.ref)

version(ref) := sprintf("tag `%s`, which can be moved to other code", [ref.ref]) if {
	is_string(ref.ref)
	not branch_like(ref.ref)
}

# A ref with no digit is a branch name (`main`, `master`, `develop`), not a release tag.
branch_like(r) if {
	is_string(r)
	not regex.match(`[0-9]`, r)
}

action_severity(ref) := "HIGH" if not is_string(ref.ref)

action_severity(ref) := "HIGH" if branch_like(ref.ref)

action_severity(ref) := "MEDIUM" if {
	is_string(ref.ref)
	not branch_like(ref.ref)
}

docker_severity(ref) := "HIGH" if not is_string(ref.tag)

docker_severity(ref) := "HIGH" if ref.tag == "latest"

docker_severity(ref) := "MEDIUM" if {
	is_string(ref.tag)
	ref.tag != "latest"
}
