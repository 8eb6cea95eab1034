# METADATA
# title: Container image uses the latest tag or no tag
# description: >-
#   An image without a tag means :latest, and :latest (like any tag) is mutable: every pull can
#   run different code, rollbacks are impossible to reason about, and a compromised registry
#   push reaches the cluster on the next restart.
# scope: package
# related_resources:
#   - https://kubernetes.io/docs/concepts/containers/images/#image-names
# custom:
#   id: K8S-019
#   severity: MEDIUM
#   recommended_action: Pin the image to a specific version tag, or better to a digest (image@sha256:…).
#   input:
#     selector:
#       - type: kubernetes
#         kinds: [Pod, Deployment, StatefulSet, DaemonSet, ReplicaSet, ReplicationController, Job, CronJob]
#   frameworks:
#     nsa-cisa-k8s: ["image-scanning"]
#     nist-800-53-r5: ["CM-2"]
#     pci-dss-4.0: ["6.3.2"]
#     soc2: ["CC7.1", "CC8.1"]
package rampart.kubernetes.pod.image_tag

import rego.v1

import data.rampart.lib.kubernetes as k8s

# "registry:5000/team/app:1.2" -> "app:1.2"
last_segment(image) := parts[count(parts) - 1] if {
	parts := split(image, "/")
}

deny contains {"msg": msg, "path": array.concat(c.path, ["image"])} if {
	some c in k8s.containers
	image := c.container.image
	is_string(image)
	image != ""
	not contains(image, "@")
	not contains(last_segment(image), ":")
	msg := sprintf("%s: container %q uses image %q without a tag (implicitly :latest); pin a version tag or digest", [k8s.label, c.name, image])
}

deny contains {"msg": msg, "path": array.concat(c.path, ["image"])} if {
	some c in k8s.containers
	image := c.container.image
	is_string(image)
	not contains(image, "@")
	endswith(last_segment(image), ":latest")
	msg := sprintf("%s: container %q uses image %q with the mutable latest tag; pin a version tag or digest", [k8s.label, c.name, image])
}
