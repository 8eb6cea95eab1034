# METADATA
# title: Image exposes the SSH port 22
# description: >-
#   EXPOSE 22 advertises an SSH server in the container. Running sshd in a container adds
#   an unnecessary remote-login service with its own credentials to manage; `docker exec`
#   or `kubectl exec` give shell access without it. Only the shipped image (the final stage
#   and the stages it is built FROM) is checked; port ranges that include 22 count.
# scope: package
# related_resources:
#   - https://docs.docker.com/reference/dockerfile/#expose
# custom:
#   id: DOCKER-014
#   severity: MEDIUM
#   recommended_action: >-
#     Remove EXPOSE 22 and the SSH server; use `docker exec` / `kubectl exec` for debugging.
#   input:
#     selector:
#       - type: dockerfile
#   frameworks:
#     nist-800-53-r5: ["CM-7"]
#     pci-dss-4.0: ["2.2.4"]
#     soc2: ["CC6.6"]
package rampart.docker.expose_ssh

import rego.v1

import data.rampart.lib.docker

deny contains {"msg": msg, "path": docker.instruction_path(i, j)} if {
	some i in docker.final_lineage
	some j, ins in docker.stages[i].instructions
	ins.cmd == "EXPOSE"
	some port in ins.args
	covers_22(port)
	msg := sprintf(
		"%s: EXPOSE %s publishes the SSH port; remove it and the SSH server, and use docker/kubectl exec instead",
		[docker.stage_label(i), port],
	)
}

covers_22(port) if {
	p := split(port, "/")
	regex.match(`^[0-9]+$`, p[0])
	to_number(p[0]) == 22
	not udp(p)
}

covers_22(port) if {
	p := split(port, "/")
	regex.match(`^[0-9]+-[0-9]+$`, p[0])
	r := split(p[0], "-")
	to_number(r[0]) <= 22
	to_number(r[1]) >= 22
	not udp(p)
}

udp(p) if lower(p[1]) == "udp"
