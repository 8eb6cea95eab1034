# METADATA
# title: Whole-system package upgrade in a RUN
# description: >-
#   `apt-get upgrade`/`dist-upgrade`/`full-upgrade`, `apk upgrade`, `yum/dnf update` or
#   `upgrade` without package names upgrade every package of the base image at build time.
#   What the image contains then depends on the day it was built rather than on the
#   Dockerfile, and it drifts away from the base image that was scanned and tested. Prefer a
#   patched base image, and upgrade named packages when a fix cannot wait. Every stage is
#   checked.
# scope: package
# related_resources:
#   - https://docs.docker.com/build/building/best-practices/#apt-get
# custom:
#   id: DOCKER-017
#   severity: INFO
#   recommended_action: >-
#     Move to a newer, patched base image tag or digest; if one package needs a fix now,
#     upgrade it by name (`apt-get install --only-upgrade <pkg>`, `apk upgrade <pkg>`).
#   input:
#     selector:
#       - type: dockerfile
package rampart.docker.package_upgrade

import rego.v1

import data.rampart.lib.docker

deny contains {"msg": msg, "path": r.path} if {
	some r in docker.runs
	some c in docker.run_commands(r.ins)
	what := whole_upgrade(c)
	msg := sprintf(
		"%s: RUN %s upgrades every package at build time; use a newer base image, or upgrade named packages only",
		[docker.stage_label(r.stage), what],
	)
}

# Non-option words after the subcommand (skipping the value of -o/-X/… options).
packages_after(c, sub, argopts) := [t |
	some k, t in c.argv
	k > sub
	not startswith(t, "-")
	not c.argv[k - 1] in argopts
]

whole_upgrade(c) := sprintf("%s %s", [docker.name(c), sub]) if {
	sub := docker.apt_sub(c)
	sub in {"upgrade", "dist-upgrade", "full-upgrade"}
	k := index_of(c.argv, sub)
	count(packages_after(c, k, {"-o", "-c", "-t"})) == 0
}

whole_upgrade(c) := "apk upgrade" if {
	docker.apk_sub(c) == "upgrade"
	k := index_of(c.argv, "upgrade")
	count(packages_after(c, k, {"-X", "--repository", "-p", "--root"})) == 0
}

whole_upgrade(c) := sprintf("%s %s", [docker.name(c), sub]) if {
	sub := docker.yum_sub(c)
	sub in {"update", "upgrade", "distro-sync", "upgrade-minimal", "update-minimal"}
	count(docker.yum_packages(c)) == 0
}

index_of(arr, x) := min({k | some k, t in arr; t == x})
