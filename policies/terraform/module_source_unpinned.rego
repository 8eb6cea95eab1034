# METADATA
# title: Module source is not pinned to a version
# description: >-
#   A module from the Terraform registry without `version`, or from a Git or Mercurial
#   repository without `?ref=` (or with `?ref=` naming a branch such as main or master), is
#   fetched at whatever its latest code is on the next `terraform init`. An upstream change, or
#   a compromised upstream, then reaches your infrastructure without review. Local modules
#   (`./…`) and archives are not reported.
# scope: package
# related_resources:
#   - https://developer.hashicorp.com/terraform/language/modules/sources
#   - https://developer.hashicorp.com/terraform/language/meta-arguments/module#version
# custom:
#   id: TF-002
#   severity: MEDIUM
#   recommended_action: >-
#     Set `version` to an exact release (or a `~>` constraint you review) for registry modules;
#     add `?ref=` with a tag or a commit SHA to Git sources.
#   input:
#     selector:
#       - type: terraform
#   frameworks:
#     nist-800-53-r5: ["CM-2", "SI-7"]
#     pci-dss-4.0: ["6.3.2"]
#     soc2: ["CC8.1"]
package rampart.terraform.module_source_unpinned

import rego.v1

deny contains {"msg": msg, "ref": m.__ref, "path": ["version"]} if {
	some name, m in object.get(input, "module", {})
	registry_source(m.source)
	not has_version(m)
	msg := sprintf("module %s: registry source %q has no version; set `version` to a release", [name, m.source])
}

deny contains {"msg": msg, "ref": m.__ref, "path": ["source"]} if {
	some name, m in object.get(input, "module", {})
	vcs_source(m.source)
	not pinned_ref(m.source)
	msg := sprintf("module %s: source %q is not pinned; add ?ref= with a tag or a commit SHA", [name, m.source])
}

has_version(m) if {
	is_string(m.version)
	trim_space(m.version) != ""
}

# `[host/]namespace/name/provider`, optionally `//subdir`.
registry_source(source) if {
	is_string(source)
	not contains(source, "::")
	not startswith(source, ".")
	not startswith(source, "/")
	not vcs_host(source)
	not regex.match(`^[a-z]+://`, source)
	module_path := split(source, "//")[0]
	parts := split(module_path, "/")
	count(parts) in {3, 4}
	every p in parts {
		p != ""
	}
}

vcs_host(source) if regex.match(`^(github\.com|bitbucket\.org|gitlab\.com)/`, source)

vcs_source(source) if {
	is_string(source)
	regex.match(`^(git::|hg::|git@|github\.com/|bitbucket\.org/|gitlab\.com/)`, source)
}

vcs_source(source) if {
	is_string(source)
	regex.match(`^https?://[^?]*\.git($|[/?])`, source)
}

_branches := {"main", "master", "develop", "dev", "trunk", "head", "latest"}

pinned_ref(source) if {
	some ref in regex.find_all_string_submatch_n(`[?&]ref=([^&]+)`, source, -1)
	not lower(ref[1]) in _branches
}
