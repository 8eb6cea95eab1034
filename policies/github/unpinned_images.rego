# METADATA
# title: Job container or service image not pinned by digest
# description: >-
#   A job's `container:` and its `services:` run images pulled at every run. A tag can be
#   pushed again with other content (by the publisher, or by whoever takes over their registry
#   account), and the job then runs it with the job's token and secrets, on the same network as
#   the steps. Only a `sha256` digest names one image. `latest` and no tag are HIGH, other tags
#   MEDIUM; images built from an expression (`${{ matrix.image }}`) are not judged.
# scope: package
# related_resources:
#   - https://docs.github.com/en/actions/writing-workflows/choosing-where-your-workflow-runs/running-jobs-in-a-container
#   - https://docs.docker.com/reference/cli/docker/image/pull/#pull-an-image-by-digest-immutable-identifier
# custom:
#   id: GHA-010
#   severity: HIGH
#   recommended_action: 'Pin the image by digest, with the tag in a comment: `image: postgres:16@sha256:<digest> # 16.4`; let Dependabot or Renovate update it.'
#   input:
#     selector:
#       - type: github_workflow
#   frameworks:
#     openssf-scorecard: ["Pinned-Dependencies"]
#     nist-800-53-r5: ["SI-7", "CM-5"]
package rampart.github.unpinned_images

import rego.v1

deny contains {"msg": msg, "path": path, "severity": severity(image)} if {
	some [path, image, what] in images
	is_string(image)
	not contains(image, "${{")
	not contains(image, "@sha256:")
	msg := sprintf("%s runs image `%s`, which is not pinned by digest", [what, image])
}

images contains [["jobs", j, "container"], job.container, sprintf("job `%s`'s container", [j])] if {
	some j, job in input.jobs
	is_string(job.container)
}

images contains [["jobs", j, "container", "image"], job.container.image, sprintf("job `%s`'s container", [j])] if {
	some j, job in input.jobs
	is_object(job.container)
}

images contains [["jobs", j, "services", s, "image"], service.image, sprintf("job `%s`'s service `%s`", [j, s])] if {
	some j, job in input.jobs
	some s, service in object.get(job, "services", {})
}

# The tag is after the last `:` of the last path segment (a registry may have a port).
tag(image) := t if {
	last := regex.replace(image, `^.*/`, "")
	parts := split(last, ":")
	count(parts) > 1
	t := parts[count(parts) - 1]
}

severity(image) := "HIGH" if not tag(image)

severity(image) := "HIGH" if tag(image) == "latest"

severity(image) := "MEDIUM" if {
	t := tag(image)
	t != "latest"
}
