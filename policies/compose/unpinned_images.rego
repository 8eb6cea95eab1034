# METADATA
# title: Service image not pinned by digest
# description: >-
#   Compose pulls each service's `image` by name. A tag can be pushed again with other content
#   (by the publisher, or by whoever takes over their registry account), and the next `docker
#   compose pull` or `up` on a new host then runs it with the service's secrets, volumes and
#   network. No tag means `latest`, which moves with every release: no tag and `latest` are
#   MEDIUM; a version tag without an `@sha256:` digest is LOW. The tag is what follows the
#   last `:` of the last `/` segment, so a registry port (`registry:5000/app`) is not taken
#   for a tag. An image still holding a variable that `.env` does not set (`app:${TAG}`) is
#   known only when Compose runs and is not judged, nor are services that `build` their image
#   (`image` then names what they build; DOCKER rules judge the Dockerfile's base images).
# scope: package
# related_resources:
#   - https://docs.docker.com/reference/compose-file/services/#image
#   - https://docs.docker.com/reference/cli/docker/image/pull/#pull-an-image-by-digest-immutable-identifier
# custom:
#   id: COMPOSE-005
#   severity: MEDIUM
#   recommended_action: 'Pin the image by digest, with the tag kept for people: `image: postgres:16.4@sha256:<digest>`; let Renovate or Dependabot update it.'
#   input:
#     selector:
#       - type: compose
#   frameworks:
#     openssf-scorecard: ["Pinned-Dependencies"]
#     nist-800-53-r5: ["SI-7", "CM-5"]
package rampart.compose.unpinned_images

import rego.v1

import data.rampart.lib.compose

pinned(image) if regex.match(`@sha256:[0-9a-fA-F]{64}$`, image)

# The tag of `image` (without its digest), "" when it has none.
tag(image) := t if {
	name := split(image, "@")[0]
	segments := split(name, "/")
	parts := split(segments[count(segments) - 1], ":")
	count(parts) > 1
	t := parts[count(parts) - 1]
}

tag(image) := "" if {
	name := split(image, "@")[0]
	segments := split(name, "/")
	parts := split(segments[count(segments) - 1], ":")
	count(parts) == 1
}

severity("") := "MEDIUM"

severity("latest") := "MEDIUM"

severity(t) := "LOW" if not t in {"", "latest"}

problem("") := "has no tag, so Compose pulls `latest`, a tag that moves with every release"

problem("latest") := "uses `latest`, a tag that moves with every release"

problem(t) := "is not pinned by digest: its tag can be pushed again with other content" if not t in {"", "latest"}

pointer(name) := concat("", ["/services/", replace(replace(name, "~", "~0"), "/", "~1"), "/image"])

# Where the image was written with a variable that `.env` or a default resolved.
origin(name) := " (written with a variable)" if pointer(name) in object.get(input, "interpolated", [])

origin(name) := "" if not pointer(name) in object.get(input, "interpolated", [])

deny contains {"msg": msg, "path": ["services", name, "image"], "severity": severity(t)} if {
	some name, service in compose.services
	image := compose.image(service)
	image != ""
	not service.build
	not contains(image, "$")
	not pinned(image)
	t := tag(image)
	msg := sprintf("service `%s` runs image `%s`, which %s%s", [name, image, problem(t), origin(name)])
}
