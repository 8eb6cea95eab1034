# METADATA
# title: apk add without --no-cache
# description: >-
#   `apk add` without `--no-cache` leaves the downloaded package index in /var/cache/apk,
#   committed into the layer. Not reported when the same RUN removes /var/cache/apk or the
#   RUN mounts a build cache on /var/cache/apk or /etc/apk/cache. Every stage is checked.
# scope: package
# related_resources:
#   - https://wiki.alpinelinux.org/wiki/Alpine_Package_Keeper
#   - https://docs.docker.com/build/building/best-practices/
# custom:
#   id: DOCKER-020
#   severity: LOW
#   recommended_action: Use `apk add --no-cache …` (and drop a separate `apk update`).
#   input:
#     selector:
#       - type: dockerfile
package rampart.docker.apk_no_cache

import rego.v1

import data.rampart.lib.docker

deny contains {"msg": msg, "path": r.path} if {
	some r in docker.runs
	cmds := docker.run_commands(r.ins)
	some c in cmds
	docker.apk_sub(c) == "add"
	not "--no-cache" in c.argv
	not cache_removed(cmds)
	not docker.cache_mount(r.ins, {"/var/cache/apk", "/etc/apk/cache"})
	msg := sprintf(
		"%s: RUN apk add keeps the package index in /var/cache/apk; use apk add --no-cache",
		[docker.stage_label(r.stage)],
	)
}

cache_removed(cmds) if {
	some c in cmds
	docker.name(c) in {"rm", "find"}
	some t in c.argv
	startswith(t, "/var/cache/apk")
}
