# METADATA
# title: Service runs privileged
# description: >-
#   `privileged: true` gives the container every capability, every device of the host and no
#   seccomp or AppArmor confinement: a process in it can load kernel modules, mount the host's
#   disks and take over the host and every other container on it.
# scope: package
# related_resources:
#   - https://docs.docker.com/reference/compose-file/services/#privileged
#   - https://docs.docker.com/engine/containers/run/#runtime-privilege-and-linux-capabilities
# custom:
#   id: COMPOSE-001
#   severity: HIGH
#   recommended_action: 'Remove `privileged: true`; add only the capabilities the service needs with `cap_add` and the devices with `devices:`.'
#   input:
#     selector:
#       - type: compose
#   frameworks:
#     cis-docker: ["5.4"]
#     nist-800-53-r5: ["AC-6"]
package rampart.compose.privileged

import rego.v1

import data.rampart.lib.compose

deny contains {"msg": msg, "path": ["services", name, "privileged"]} if {
	some name, service in compose.services
	service.privileged == true
	msg := sprintf("service `%s` runs privileged: it can take over the host", [name])
}
