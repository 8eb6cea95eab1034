# METADATA
# title: Pipeline code from another project not pinned to a commit
# description: >-
#   `include: project` and `include: component` run another project's pipeline code with this
#   pipeline's variables and token. Without `ref:` the file comes from that project's default
#   branch and `~latest` follows every release (HIGH): whoever can push there changes this
#   pipeline. A branch or tag can be moved too (MEDIUM). Only a commit SHA names one version.
#   GitLab's own `include: template` files ship with the instance and are not reported; refs
#   built from variables are known only when the pipeline runs and are not judged.
# scope: package
# related_resources:
#   - https://docs.gitlab.com/ci/yaml/#includeproject
#   - https://docs.gitlab.com/ci/components/#component-versions
# custom:
#   id: GITLAB-005
#   severity: HIGH
#   recommended_action: 'Pin the include to a commit: `ref: <40-character SHA>` for `include: project`, `component: host/group/project/name@<SHA>` for components, with the version in a comment; let Renovate update it.'
#   input:
#     selector:
#       - type: gitlab_ci
#   frameworks:
#     openssf-scorecard: ["Pinned-Dependencies"]
#     nist-800-53-r5: ["SI-7", "CM-5"]
#     soc2: ["CC8.1"]
package rampart.gitlab.unpinned_include

import rego.v1

deny contains {"msg": msg, "path": ["includes", k], "severity": "HIGH"} if {
	some k, include in input.includes
	include.kind == "project"
	include.ref == null
	msg := sprintf(
		"includes `%s` from the default branch of `%s`: whoever can push there changes this pipeline",
		[concat(", ", include.files), include.project],
	)
}

deny contains {"msg": msg, "path": ["includes", k], "severity": "HIGH"} if {
	some k, include in input.includes
	include.kind == "component"
	floating(include.ref)
	msg := sprintf("uses the component `%s`, which follows every new release", [include.location])
}

deny contains {"msg": msg, "path": ["includes", k], "severity": "MEDIUM"} if {
	some k, include in input.includes
	include.kind in {"project", "component"}
	is_string(include.ref)
	not include.pinned
	not floating(include.ref)
	not contains(include.ref, "$")
	msg := sprintf("includes `%s` at `%s`, a branch or tag that can be moved, not a commit SHA", [include.location, include.ref])
}

floating(ref) if ref == null

floating(ref) if ref == "~latest"
