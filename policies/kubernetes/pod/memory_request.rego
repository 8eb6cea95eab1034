# METADATA
# title: Container has no memory request
# description: >-
#   Without a memory request the scheduler cannot reserve memory for the container; it may land
#   on a node without room for it and is among the first evicted under memory pressure. (A
#   container with only a memory limit is not reported: Kubernetes then uses the limit as the
#   request.)
# scope: package
# related_resources:
#   - https://kubernetes.io/docs/concepts/configuration/manage-resources-containers/
# custom:
#   id: K8S-018
#   severity: LOW
#   recommended_action: Set resources.requests.memory for every container.
#   input:
#     selector:
#       - type: kubernetes
#         kinds: [Pod, Deployment, StatefulSet, DaemonSet, ReplicaSet, ReplicationController, Job, CronJob]
#   frameworks:
#     nsa-cisa-k8s: ["resource-limits"]
#     nist-800-53-r5: ["SC-6"]
package rampart.kubernetes.pod.memory_request

import rego.v1

import data.rampart.lib.kubernetes as k8s

# Ephemeral containers cannot declare resources.
deny contains {"msg": msg, "path": array.concat(c.path, ["resources", "requests", "memory"])} if {
	some c in k8s.containers
	c.type in {"containers", "initContainers"}
	not has_value(c.container)
	msg := sprintf("%s: container %q has no memory request; set resources.requests.memory", [k8s.label, c.name])
}

has_value(container) if {
	v := container.resources.requests.memory
	v != null
	v != ""
}

# Kubernetes uses the limit as the request when only the limit is written.
has_value(container) if {
	v := container.resources.limits.memory
	v != null
	v != ""
}
