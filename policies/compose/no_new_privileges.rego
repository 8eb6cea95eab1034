# METADATA
# title: Service's processes can gain privileges
# description: >-
#   Without `no-new-privileges`, a process in the container can gain privileges by running a
#   setuid or setgid program or one with file capabilities (`su`, `sudo`, a planted binary), which
#   turns a compromise of an unprivileged process into root in the container. A service that
#   says what it runs (with an `image` or a `build`) whose `security_opt` has no
#   `no-new-privileges:true` (or `no-new-privileges=true`, or a bare `no-new-privileges`) is
#   reported, at `no-new-privileges:false` when it is written, else at the service. A fragment
#   of a file used with `-f` (a service with neither `image` nor `build`) is not: the file it
#   adjusts decides.
# scope: package
# related_resources:
#   - https://docs.docker.com/reference/compose-file/services/#security_opt
#   - https://docs.docker.com/reference/cli/docker/container/run/#security-opt
# custom:
#   id: COMPOSE-012
#   severity: LOW
#   recommended_action: 'Add `security_opt: ["no-new-privileges:true"]` to the service.'
#   input:
#     selector:
#       - type: compose
#   frameworks:
#     cis-docker: ["5.25"]
package rampart.compose.no_new_privileges

import rego.v1

import data.rampart.lib.compose

deny contains {"msg": msg, "path": ["services", name, "security_opt", i]} if {
	some name, service in compose.services
	compose.complete(service)
	not restricted(service)
	is_array(service.security_opt)
	some i, option in service.security_opt
	is_string(option)
	normalize(option) in {"no-new-privileges:false", "no-new-privileges=false"}
	msg := sprintf("service `%s` lets its processes gain privileges: set `no-new-privileges:true`", [name])
}

deny contains {"msg": msg, "path": ["services", name]} if {
	some name, service in compose.services
	compose.complete(service)
	not restricted(service)
	not turned_off(service)
	msg := sprintf("service `%s` lets its processes gain privileges: add `no-new-privileges:true` to `security_opt`", [name])
}

options(service) := [o | some o in object.get(service, "security_opt", []); is_string(o)] if {
	is_array(object.get(service, "security_opt", []))
}

normalize(option) := lower(replace(option, " ", ""))

restricted(service) if {
	some option in options(service)
	normalize(option) in {"no-new-privileges:true", "no-new-privileges=true", "no-new-privileges"}
}

turned_off(service) if {
	some option in options(service)
	normalize(option) in {"no-new-privileges:false", "no-new-privileges=false"}
}
