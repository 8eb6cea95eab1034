# METADATA
# title: apt package lists left in the image
# description: >-
#   `apt-get update` downloads package lists into /var/lib/apt/lists (tens of MB). Unless
#   the same RUN removes them, they are committed into that layer for good: removing them in
#   a later RUN does not shrink the image. Not reported when the RUN mounts a build cache on
#   /var/lib/apt or /var/lib/apt/lists. Every stage is checked.
# scope: package
# related_resources:
#   - https://docs.docker.com/build/building/best-practices/#apt-get
# custom:
#   id: DOCKER-019
#   severity: LOW
#   recommended_action: >-
#     End the RUN that runs `apt-get update` with `&& rm -rf /var/lib/apt/lists/*`, or mount a
#     cache: `RUN --mount=type=cache,target=/var/lib/apt/lists …`.
#   input:
#     selector:
#       - type: dockerfile
package rampart.docker.apt_lists_kept

import rego.v1

import data.rampart.lib.docker

deny contains {"msg": msg, "path": r.path} if {
	some r in docker.runs
	cmds := docker.run_commands(r.ins)
	some c in cmds
	docker.apt_sub(c) == "update"
	not lists_removed(cmds)
	not docker.cache_mount(r.ins, {"/var/lib/apt", "/var/lib/apt/lists"})
	msg := sprintf(
		"%s: RUN %s update leaves /var/lib/apt/lists in the layer; end the same RUN with `rm -rf /var/lib/apt/lists/*`",
		[docker.stage_label(r.stage), docker.name(c)],
	)
}

lists_removed(cmds) if {
	some c in cmds
	docker.name(c) in {"rm", "find"}
	some t in c.argv
	startswith(t, "/var/lib/apt/lists")
}

lists_removed(cmds) if {
	some c in cmds
	docker.apt_sub(c) in {"distclean", "dist-clean"}
}
