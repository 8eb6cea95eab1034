# METADATA
# title: Base image has no tag
# description: >-
#   A FROM without a tag or digest pulls `latest` implicitly: every build may get a
#   different image, so builds are not reproducible and a reviewed base image can be
#   replaced silently. `scratch`, references to earlier stages and images named through an
#   ARG that has no value are not reported.
# scope: package
# related_resources:
#   - https://docs.docker.com/build/building/best-practices/#from
#   - https://docs.docker.com/reference/dockerfile/#from
# custom:
#   id: DOCKER-004
#   severity: MEDIUM
#   recommended_action: >-
#     Add a specific version tag (e.g. `FROM debian:12-slim`) and, better, pin the digest.
#   input:
#     selector:
#       - type: dockerfile
#   frameworks:
#     nist-800-53-r5: ["CM-2"]
#     pci-dss-4.0: ["6.3.2"]
#     soc2: ["CC7.1", "CC8.1"]
package rampart.docker.untagged_base

import rego.v1

import data.rampart.lib.docker

deny contains {"msg": msg, "path": ["stages", i, "from"]} if {
	some i, s in docker.stages
	docker.external_base(i)
	not is_string(s.from.tag)
	not is_string(s.from.digest)
	msg := sprintf(
		"%s: FROM %s has no tag, so it pulls latest implicitly; add a specific version tag, ideally with a digest",
		[docker.stage_label(i), s.from.image],
	)
}
