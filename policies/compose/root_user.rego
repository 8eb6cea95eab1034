# METADATA
# title: Service runs as root
# description: >-
#   A process running as root in the container owns every file of the container, can use every
#   capability the container has, and is root on the host for everything it reaches through a
#   mount or an escape. A service whose `user` is root (`root`, `0`, or `root:<group>` /
#   `0:<group>`) is reported. A service without `user` is not: the image's `USER` decides, and
#   the Dockerfile rules judge it.
# scope: package
# related_resources:
#   - https://docs.docker.com/reference/compose-file/services/#user
#   - https://docs.docker.com/engine/security/userns-remap/
# custom:
#   id: COMPOSE-010
#   severity: MEDIUM
#   recommended_action: 'Set `user:` to an unprivileged user and group (`user: "1000:1000"`) or remove it if the image has a non-root `USER`; give the service only the capabilities it needs with `cap_add`.'
#   input:
#     selector:
#       - type: compose
#   frameworks:
#     nist-800-53-r5: ["AC-6"]
package rampart.compose.root_user

import rego.v1

import data.rampart.lib.compose

deny contains {"msg": msg, "path": ["services", name, "user"]} if {
	some name, service in compose.services
	"user" in object.keys(service)
	root(service.user)
	msg := sprintf("service `%s` runs as root (`user: %v`): set an unprivileged `user`", [name, service.user])
}

root(user) if user == 0

root(user) if {
	is_string(user)
	account := split(trim_space(user), ":")
	count(account) > 0
	account[0] in {"root", "0"}
}
