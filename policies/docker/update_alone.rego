# METADATA
# title: Package index updated in a RUN of its own
# description: >-
#   `RUN apt-get update` (or `apk update`) in its own instruction creates a cached layer:
#   later builds reuse the old package index while a changed `RUN apt-get install …` below
#   it installs outdated packages, or fails when the mirror has dropped them. Update and
#   install belong in the same RUN. Every stage is checked.
# scope: package
# related_resources:
#   - https://docs.docker.com/build/building/best-practices/#apt-get
#   - https://www.cisecurity.org/benchmark/docker
# custom:
#   id: DOCKER-016
#   severity: LOW
#   recommended_action: >-
#     Combine the update with the install in one RUN:
#     `RUN apt-get update && apt-get install -y --no-install-recommends … && rm -rf /var/lib/apt/lists/*`.
#   input:
#     selector:
#       - type: dockerfile
#   frameworks:
#     cis-docker: ["4.7"]
#     nist-800-53-r5: ["SI-2"]
#     pci-dss-4.0: ["6.3.3"]
package rampart.docker.update_alone

import rego.v1

import data.rampart.lib.docker

_apt_installs := {"install", "upgrade", "dist-upgrade", "full-upgrade", "build-dep", "reinstall", "source"}

deny contains {"msg": msg, "path": r.path} if {
	some r in docker.runs
	cmds := docker.run_commands(r.ins)
	some c in cmds
	docker.apt_sub(c) == "update"
	not apt_install_in(cmds)
	msg := sprintf(
		"%s: RUN %s update without an install in the same RUN; the cached index goes stale, so update and install in one RUN",
		[docker.stage_label(r.stage), docker.name(c)],
	)
}

deny contains {"msg": msg, "path": r.path} if {
	some r in docker.runs
	cmds := docker.run_commands(r.ins)
	some c in cmds
	docker.apk_sub(c) == "update"
	not apk_install_in(cmds)
	msg := sprintf(
		"%s: RUN apk update without an apk add in the same RUN; use `apk add --no-cache …` instead",
		[docker.stage_label(r.stage)],
	)
}

apt_install_in(cmds) if {
	some c in cmds
	docker.apt_sub(c) in _apt_installs
}

apk_install_in(cmds) if {
	some c in cmds
	docker.apk_sub(c) in {"add", "upgrade", "fix"}
}
