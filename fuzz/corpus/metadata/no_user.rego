# METADATA
# title: Image runs as root because the final stage sets no USER
# description: >-
#   Without a USER instruction in the final stage (or in an earlier stage it is built FROM),
#   the container's processes run as root (UID 0). A compromise of the application then has
#   root inside the container, which widens the impact of container escapes, writable host
#   mounts and kernel bugs. Only the shipped (last) stage is checked; build stages may run
#   as root. Base images that are published to run as a non-root user (a tag or name with
#   the word nonroot, rootless or unprivileged, such as distroless `:nonroot`) are not
#   reported, since their USER is inherited.
# scope: package
# related_resources:
#   - https://docs.docker.com/reference/dockerfile/#user
#   - https://docs.docker.com/build/building/best-practices/#user
#   - https://www.cisecurity.org/benchmark/docker
# custom:
#   id: DOCKER-001
#   severity: HIGH
#   recommended_action: >-
#     Create an unprivileged user and add `USER <name or UID>` to the final stage after the
#     steps that need root, e.g. `RUN useradd --uid 10001 app` then `USER 10001`.
#   input:
#     selector:
#       - type: dockerfile
#   frameworks:
#     cis-docker: ["4.1"]
#     nist-800-53-r5: ["AC-6"]
#     pci-dss-4.0: ["2.2.6", "7.2.5"]
#     soc2: ["CC6.3"]
package rampart.docker.no_user

import rego.v1

import data.rampart.lib.docker

deny contains {"msg": msg, "path": ["stages", i]} if {
	i := docker.final_index
	not docker.effective("USER")
	not nonroot_base
	msg := sprintf(
		"%s (final stage): no USER instruction, so the image runs as root; add `USER <non-root user>` after the steps that need root",
		[docker.stage_label(i)],
	)
}

# The final image is built on a base image published to run as a non-root user.
nonroot_base if {
	some k in docker.final_lineage
	docker.external_base(k)
	some word in regex.split(`[^a-z0-9]+`, lower(docker.image_ref(docker.stages[k].from)))
	word in {"nonroot", "rootless", "unprivileged"}
}
