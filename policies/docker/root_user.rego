# METADATA
# title: Final USER of the image is root
# description: >-
#   The last USER instruction that applies to the shipped image (in the final stage, or in
#   an earlier stage the final stage is built FROM) switches to root (`root`, `0`,
#   `root:root`, `0:0`, …). The container's processes then run as UID 0, so a compromise of
#   the application is a compromise of root inside the container. Switching to root for
#   installation steps is fine as long as a non-root USER follows.
# scope: package
# related_resources:
#   - https://docs.docker.com/reference/dockerfile/#user
#   - https://docs.docker.com/build/building/best-practices/#user
#   - https://www.cisecurity.org/benchmark/docker
# custom:
#   id: DOCKER-002
#   severity: HIGH
#   recommended_action: >-
#     End the final stage with `USER <non-root user or UID>`; keep `USER root` only around the
#     steps that need it.
#   input:
#     selector:
#       - type: dockerfile
#   frameworks:
#     cis-docker: ["4.1"]
#     nist-800-53-r5: ["AC-6"]
#     pci-dss-4.0: ["2.2.6", "7.2.5"]
#     soc2: ["CC6.3"]
package rampart.docker.root_user

import rego.v1

import data.rampart.lib.docker

deny contains {"msg": msg, "path": docker.instruction_path(i, j)} if {
	[i, j] := docker.effective("USER")
	ins := docker.stages[i].instructions[j]
	user := trim(split(trim_space(ins.value), ":")[0], `"'`)
	user in {"root", "0"}
	msg := sprintf(
		"%s: USER %s is the last USER of the final image, so it runs as root; switch to a non-root user (name or UID) after the steps that need root",
		[docker.stage_label(i), trim_space(ins.value)],
	)
}
