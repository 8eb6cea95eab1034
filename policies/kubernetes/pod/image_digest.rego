# METADATA
# title: Container image is not pinned by digest
# description: >-
#   Tags can be moved to point at a different image. Only a digest (image@sha256:…) guarantees
#   that the image that was scanned and approved is the one that runs.
# scope: package
# related_resources:
#   - https://kubernetes.io/docs/concepts/containers/images/#image-names
# custom:
#   id: K8S-020
#   severity: LOW
#   recommended_action: Reference the image by digest (for example app:1.4.2@sha256:…), updated by your CD tooling or Renovate.
#   input:
#     selector:
#       - type: kubernetes
#         kinds: [Pod, Deployment, StatefulSet, DaemonSet, ReplicaSet, ReplicationController, Job, CronJob]
#   frameworks:
#     nsa-cisa-k8s: ["image-scanning"]
#     nist-800-53-r5: ["CM-2", "SI-7"]
#     pci-dss-4.0: ["6.3.2"]
#     soc2: ["CC6.8", "CC7.1", "CC8.1"]
package rampart.kubernetes.pod.image_digest

import rego.v1

import data.rampart.lib.kubernetes as k8s

deny contains {"msg": msg, "path": array.concat(c.path, ["image"])} if {
	some c in k8s.containers
	image := c.container.image
	is_string(image)
	image != ""
	not regex.match(`@sha(256|384|512):[0-9a-fA-F]{32,}$`, image)
	msg := sprintf("%s: container %q uses image %q without a digest; pin it as image@sha256:<digest>", [k8s.label, c.name, image])
}
