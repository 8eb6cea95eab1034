# METADATA
# title: Remote include without an integrity hash
# description: >-
#   `include: remote` fetches pipeline code from a URL each time a pipeline is created. Whoever
#   controls that server, or the network path to it over `http`, rewrites this pipeline's jobs
#   and runs them with its variables and token. GitLab checks an `integrity:` hash (`sha256-`
#   and the file's base64 SHA-256) and refuses a file that changed.
# scope: package
# related_resources:
#   - https://docs.gitlab.com/ci/yaml/#includeintegrity
# custom:
#   id: GITLAB-004
#   severity: HIGH
#   recommended_action: 'Add `integrity: sha256-<base64 of the file''s SHA-256>` to the include (`curl -s URL | openssl dgst -sha256 -binary | base64`), or copy the file into the repository and include it with `local:`.'
#   input:
#     selector:
#       - type: gitlab_ci
#   frameworks:
#     openssf-scorecard: ["Pinned-Dependencies"]
#     nist-800-53-r5: ["SI-7", "CM-5"]
#     soc2: ["CC8.1"]
package rampart.gitlab.remote_include

import rego.v1

deny contains {"msg": msg, "path": ["includes", k]} if {
	some k, include in input.includes
	include.kind == "remote"
	not include.pinned
	msg := sprintf("includes `%s` %s: whoever controls that server rewrites this pipeline", [include.location, why(include)])
}

why(include) := "without `integrity:`" if include.integrity == null

why(include) := "with an `integrity:` that is not a `sha256-` hash" if include.integrity != null
