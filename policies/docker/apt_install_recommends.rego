# METADATA
# title: apt-get install without --no-install-recommends
# description: >-
#   By default apt installs every "recommended" package along with the requested ones,
#   which often means dozens of packages the image never uses: a larger attack surface and
#   more CVEs to triage. Not reported when the same command sets
#   `-o APT::Install-Recommends=false`, or when the Dockerfile configures apt itself (any
#   instruction mentions `Install-Recommends` or copies into `apt.conf.d`). Every stage is
#   checked.
# scope: package
# related_resources:
#   - https://docs.docker.com/build/building/best-practices/#apt-get
#   - https://www.cisecurity.org/benchmark/docker
# custom:
#   id: DOCKER-018
#   severity: LOW
#   recommended_action: Add `--no-install-recommends` to the `apt-get install` command.
#   input:
#     selector:
#       - type: dockerfile
#   frameworks:
#     cis-docker: ["4.3"]
#     nist-800-53-r5: ["CM-7"]
#     pci-dss-4.0: ["2.2.4"]
package rampart.docker.apt_install_recommends

import rego.v1

import data.rampart.lib.docker

deny contains {"msg": msg, "path": r.path} if {
	not apt_configured
	some r in docker.runs
	some c in docker.run_commands(r.ins)
	docker.apt_sub(c) == "install"
	not "--no-install-recommends" in c.argv
	not recommends_off(c)
	msg := sprintf(
		"%s: RUN %s install pulls in recommended packages; add --no-install-recommends",
		[docker.stage_label(r.stage), docker.name(c)],
	)
}

recommends_off(c) if {
	some t in c.argv
	regex.match(`(?i)^apt::install-recommends=("?)(false|0|no|off)("?)$`, t)
}

apt_configured if {
	some s in docker.stages
	some ins in s.instructions
	regex.match(`(?i)install-recommends|apt\.conf\.d`, ins.original)
}
