# METADATA
# title: Base image is not pinned by digest
# description: >-
#   Tags are mutable: a registry owner, or an attacker who controls the registry account,
#   can point the same tag at different content. Only a digest (`image@sha256:…`) guarantees
#   that the build uses exactly the image that was reviewed and scanned. `scratch`,
#   references to earlier stages and images named through an ARG that has no value are not
#   reported.
# scope: package
# related_resources:
#   - https://docs.docker.com/build/building/best-practices/#pin-base-image-versions
#   - https://docs.docker.com/reference/dockerfile/#from
# custom:
#   id: DOCKER-005
#   severity: LOW
#   recommended_action: >-
#     Pin the base image by digest, e.g. `FROM alpine:3.20@sha256:<digest>`, and let a
#     dependency bot (Dependabot, Renovate) update the digest.
#   input:
#     selector:
#       - type: dockerfile
#   frameworks:
#     openssf-scorecard: ["Pinned-Dependencies"]
#     nist-800-53-r5: ["SI-7"]
#     pci-dss-4.0: ["6.3.2"]
#     soc2: ["CC6.8", "CC7.1", "CC8.1"]
package rampart.docker.base_digest

import rego.v1

import data.rampart.lib.docker

deny contains {"msg": msg, "path": ["stages", i, "from"]} if {
	some i, s in docker.stages
	docker.external_base(i)
	not is_string(s.from.digest)
	msg := sprintf(
		"%s: FROM %s is not pinned by digest; append @sha256:<digest> so the build always uses the reviewed image",
		[docker.stage_label(i), docker.image_ref(s.from)],
	)
}
