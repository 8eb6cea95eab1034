# METADATA
# title: Service shares a host namespace
# description: >-
#   Namespaces are what separate a container from the host. `network_mode: host` puts the
#   container on the host's network stack: it listens on the host's interfaces, reaches
#   services bound to the host's loopback and sniffs or spoofs its traffic with NET_RAW.
#   `pid: host` shows it every host process and its command line, for its root to kill them
#   and, with SYS_PTRACE, to read their memory. `ipc: host` opens the host's shared memory and
#   message queues; `uts: host` shares the host's name (that SYS_ADMIN changes);
#   `userns_mode: host` opts out of the daemon's user-namespace remapping (`userns-remap`), so
#   that root in the container is root on the host. Each of these keys set to `host` is
#   reported at its line; `bridge`, `none`, a named network and another service's or
#   container's namespace (`service:db`, `container:x`) are not reported, nor is a value left
#   to a variable that `.env` does not set.
# scope: package
# related_resources:
#   - https://docs.docker.com/reference/compose-file/services/#network_mode
#   - https://docs.docker.com/reference/compose-file/services/#pid
#   - https://docs.docker.com/reference/compose-file/services/#ipc
#   - https://docs.docker.com/engine/security/userns-remap/
# custom:
#   id: COMPOSE-003
#   severity: HIGH
#   recommended_action: 'Remove the `host` setting: publish the ports the service needs with `ports:` (bound to 127.0.0.1 when only the host uses them), share a namespace with one other service (`pid: service:app`) when a sidecar needs it, and run host-level tools on the host.'
#   input:
#     selector:
#       - type: compose
#   frameworks:
#     cis-docker: ["5.9", "5.15", "5.16", "5.20", "5.30"]
#     nist-800-53-r5: ["AC-6", "SC-39"]
package rampart.compose.host_namespaces

import rego.v1

import data.rampart.lib.compose

# What sharing each namespace with the host gives the container.
namespaces := {
	"network_mode": "it is on the host's network stack, with its interfaces and the services on its loopback",
	"pid": "it sees every host process with its command line, and its root can kill them",
	"ipc": "it opens the host's shared memory and message queues",
	"uts": "it shares the host's name, which SYS_ADMIN lets it change",
	"userns_mode": "it opts out of user-namespace remapping, so its root is the host's root",
}

deny contains {"msg": msg, "path": ["services", name, key]} if {
	some name, service in compose.services
	some key, what in namespaces
	object.get(service, key, null) == "host"
	msg := sprintf("service `%s` sets `%s: host`: %s", [name, key, what])
}
