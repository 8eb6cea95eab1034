# METADATA
# title: Base image uses the latest tag
# description: >-
#   `latest` is a moving tag: every build may pull a different image, with different
#   packages and vulnerabilities, so builds are not reproducible and a reviewed base image
#   can be replaced silently. A reference that also carries a digest (`image:latest@sha256:…`)
#   is pinned and not reported. Every stage is checked, since build stages shape what ships.
# scope: package
# related_resources:
#   - https://docs.docker.com/build/building/best-practices/#from
#   - https://docs.docker.com/reference/dockerfile/#from
# custom:
#   id: DOCKER-003
#   severity: MEDIUM
#   recommended_action: >-
#     Use a specific version tag (e.g. `python:3.12-slim`) and, better, pin the digest
#     (`python:3.12-slim@sha256:…`).
#   input:
#     selector:
#       - type: dockerfile
#   frameworks:
#     nist-800-53-r5: ["CM-2"]
#     pci-dss-4.0: ["6.3.2"]
#     soc2: ["CC7.1", "CC8.1"]
package rampart.docker.latest_tag

import rego.v1

import data.rampart.lib.docker

deny contains {"msg": msg, "path": ["stages", i, "from"]} if {
	some i, s in docker.stages
	docker.external_base(i)
	s.from.tag == "latest"
	not is_string(s.from.digest)
	msg := sprintf(
		"%s: FROM %s uses the moving tag latest; pin a specific version tag, ideally with a digest",
		[docker.stage_label(i), docker.image_ref(s.from)],
	)
}
