# METADATA
# title: Final image has no HEALTHCHECK
# description: >-
#   Without a HEALTHCHECK, Docker and Swarm only know whether the main process is alive, not
#   whether it still serves: a hung application keeps receiving traffic and is never
#   restarted. Only the shipped image (the final stage and the stages it is built FROM) is
#   checked. An explicit `HEALTHCHECK NONE` is a deliberate choice (e.g. the image runs on
#   Kubernetes, which uses its own probes) and is not reported.
# scope: package
# related_resources:
#   - https://docs.docker.com/reference/dockerfile/#healthcheck
#   - https://www.cisecurity.org/benchmark/docker
# custom:
#   id: DOCKER-015
#   severity: LOW
#   recommended_action: >-
#     Add `HEALTHCHECK CMD <command that fails when the service is unhealthy>` to the final
#     stage, or `HEALTHCHECK NONE` if the platform probes the container itself.
#   input:
#     selector:
#       - type: dockerfile
#   frameworks:
#     cis-docker: ["4.6"]
package rampart.docker.missing_healthcheck

import rego.v1

import data.rampart.lib.docker

deny contains {"msg": msg, "path": ["stages", i]} if {
	i := docker.final_index
	not docker.effective("HEALTHCHECK")
	msg := sprintf(
		"%s (final stage): no HEALTHCHECK instruction; add `HEALTHCHECK CMD …`, or `HEALTHCHECK NONE` if the orchestrator probes the container",
		[docker.stage_label(i)],
	)
}
