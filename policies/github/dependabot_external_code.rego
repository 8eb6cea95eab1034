# METADATA
# title: Dependabot may run code from the manifests it updates
# description: >-
#   `insecure-external-code-execution: allow` lets the package manager (Bundler, Mix, pip) run
#   code from the manifests while Dependabot updates them: a `setup.py`, a `Gemfile` or a
#   `mix.exs` is a program, and a dependency or a contributor who changes it then runs code in
#   Dependabot's update job, where the credentials of every registry the update may use are
#   available to it. Dependabot refuses such code by default; this setting turns that off.
# scope: package
# related_resources:
#   - https://docs.github.com/en/code-security/dependabot/working-with-dependabot/dependabot-options-reference#insecure-external-code-execution--
# custom:
#   id: GHA-014
#   severity: HIGH
#   recommended_action: 'Remove `insecure-external-code-execution: allow` (or set it to `deny`); if the update cannot work without running manifest code, keep that update''s `registries` to the ones it needs and give them read-only credentials.'
#   input:
#     selector:
#       - type: dependabot
#   frameworks:
#     nist-800-53-r5: ["CM-7", "AC-6"]
#     soc2: ["CC6.8"]
package rampart.github.dependabot_external_code

import rego.v1

deny contains {"msg": msg, "path": ["updates", i, "insecure-external-code-execution"]} if {
	some i, update in input.updates
	lower(sprintf("%v", [update["insecure-external-code-execution"]])) == "allow"
	msg := sprintf(
		"the %s update of %s lets the package manager run code from the manifests (`insecure-external-code-execution: allow`)%s",
		[ecosystem(update), directories(update), reach(update)],
	)
}

ecosystem(update) := sprintf("`%v`", [update["package-ecosystem"]]) if update["package-ecosystem"]

ecosystem(update) := "unnamed" if not update["package-ecosystem"]

directories(update) := sprintf("`%s`", [concat("`, `", [sprintf("%v", [d]) | some d in update.directories])]) if {
	is_array(update.directories)
}

directories(update) := sprintf("`%v`", [update.directory]) if {
	not is_array(update.directories)
	update.directory
}

directories(update) := "its directory" if {
	not is_array(update.directories)
	not update.directory
}

# Which credentials the manifest code can reach.
reach(update) := sprintf(", with the credentials of the registries %s", [names]) if {
	is_array(update.registries)
	count(update.registries) > 0
	names := concat(", ", [sprintf("`%v`", [r]) | some r in update.registries])
}

reach(update) := ", with the credentials of every registry of the file" if update.registries == "*"

reach(update) := "" if {
	not is_array(update.registries)
	not update.registries == "*"
}

reach(update) := "" if {
	is_array(update.registries)
	count(update.registries) == 0
}
