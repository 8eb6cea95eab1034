# METADATA
# title: Service has no memory limit
# description: >-
#   A container without a memory limit can take all the memory of the host: a leak, a large
#   request or an attacker makes the kernel kill other services, or the host's own processes, to
#   free memory. A service that says what it runs (with an `image` or a `build`) with neither
#   `mem_limit` nor `deploy.resources.limits.memory` is reported, at the service. A fragment of a
#   file used with `-f` (a service with neither `image` nor `build`) is not: the file it adjusts
#   decides.
# scope: package
# related_resources:
#   - https://docs.docker.com/reference/compose-file/deploy/#resources
#   - https://docs.docker.com/reference/compose-file/services/#mem_limit
# custom:
#   id: COMPOSE-011
#   severity: LOW
#   recommended_action: 'Set `deploy.resources.limits.memory` (or `mem_limit`) to what the service needs, e.g. `512M`.'
#   input:
#     selector:
#       - type: compose
#   frameworks:
#     cis-docker: ["5.10"]
package rampart.compose.no_memory_limit

import rego.v1

import data.rampart.lib.compose

deny contains {"msg": msg, "path": ["services", name]} if {
	some name, service in compose.services
	compose.complete(service)
	not limited(service)
	msg := sprintf("service `%s` has no memory limit: set `deploy.resources.limits.memory`", [name])
}

limited(service) if object.get(service, "mem_limit", null) != null

limited(service) if object.get(service, ["deploy", "resources", "limits", "memory"], null) != null
