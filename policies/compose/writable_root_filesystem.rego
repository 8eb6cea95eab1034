# METADATA
# title: Service's root filesystem is writable
# description: >-
#   A container whose root filesystem is writable lets a process that has been compromised
#   change the service's own programs and configuration, plant tools and persist until the
#   container is recreated. A service that says what it runs (with an `image` or a `build`)
#   without `read_only: true` is reported, at `read_only` when it is written, else at the
#   service. A fragment of a file used with `-f` (a service with neither `image` nor `build`)
#   is not: the file it adjusts decides.
# scope: package
# related_resources:
#   - https://docs.docker.com/reference/compose-file/services/#read_only
#   - https://docs.docker.com/reference/compose-file/services/#tmpfs
# custom:
#   id: COMPOSE-008
#   severity: LOW
#   recommended_action: 'Set `read_only: true` on the service and give the paths it writes a `tmpfs:` entry (`/tmp`, `/run`) or a volume.'
#   input:
#     selector:
#       - type: compose
#   frameworks:
#     cis-docker: ["5.12"]
package rampart.compose.writable_root_filesystem

import rego.v1

import data.rampart.lib.compose

deny contains {"msg": msg, "path": ["services", name, "read_only"]} if {
	some name, service in compose.services
	compose.complete(service)
	"read_only" in object.keys(service)
	service.read_only != true
	msg := sprintf("service `%s` has a writable root filesystem: set `read_only: true`", [name])
}

deny contains {"msg": msg, "path": ["services", name]} if {
	some name, service in compose.services
	compose.complete(service)
	not "read_only" in object.keys(service)
	msg := sprintf("service `%s` has a writable root filesystem: set `read_only: true`", [name])
}
