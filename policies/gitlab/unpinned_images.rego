# METADATA
# title: Job image or service not pinned by digest
# description: >-
#   Every `image:` and `services:` entry is pulled when the job starts. A tag can be pushed
#   again with other content (by the publisher, or by whoever takes over their registry
#   account), and the job then runs it with the job's variables and token. Only a `sha256`
#   digest names one image. `latest` and no tag are HIGH, other tags MEDIUM; images built from
#   variables (`$CI_REGISTRY_IMAGE:$CI_COMMIT_SHA`) are known only when the pipeline runs and
#   are not judged.
# scope: package
# related_resources:
#   - https://docs.gitlab.com/ci/yaml/#image
#   - https://docs.docker.com/reference/cli/docker/image/pull/#pull-an-image-by-digest-immutable-identifier
# custom:
#   id: GITLAB-003
#   severity: HIGH
#   recommended_action: 'Pin the image by digest, with the tag kept for people: `image: python:3.12@sha256:<digest>`; let Renovate update it.'
#   input:
#     selector:
#       - type: gitlab_ci
#   frameworks:
#     openssf-scorecard: ["Pinned-Dependencies"]
#     nist-800-53-r5: ["SI-7", "CM-5"]
package rampart.gitlab.unpinned_images

import rego.v1

import data.rampart.lib.gitlab

deny contains {"msg": msg, "path": ["images", k], "severity": severity(image)} if {
	some k, image in input.images
	not image.variable
	not image.pinned
	what := {true: "service", false: "image"}[image.service]
	msg := sprintf("%s runs %s `%s`, which is not pinned by digest", [gitlab.owner(image.path), what, image.image])
}

severity(image) := "HIGH" if image.tag == null

severity(image) := "HIGH" if image.tag == "latest"

severity(image) := "MEDIUM" if not image.tag in {null, "latest"}
