# METADATA
# title: Container has no CPU request
# description: >-
#   Without a CPU request the scheduler cannot reserve CPU for the container, so it may be packed
#   onto an overloaded node and starved under contention. (A container with only a CPU limit is
#   not reported: Kubernetes then uses the limit as the request.)
# scope: package
# related_resources:
#   - https://kubernetes.io/docs/concepts/configuration/manage-resources-containers/
# custom:
#   id: K8S-017
#   severity: LOW
#   recommended_action: Set resources.requests.cpu for every container.
#   input:
#     selector:
#       - type: kubernetes
#         kinds: [Pod, Deployment, StatefulSet, DaemonSet, ReplicaSet, ReplicationController, Job, CronJob]
#   frameworks:
#     nsa-cisa-k8s: ["resource-limits"]
#     nist-800-53-r5: ["SC-6"]
package rampart.kubernetes.pod.cpu_request

import rego.v1

import data.rampart.lib.kubernetes as k8s

# Ephemeral containers cannot declare resources.
deny contains {"msg": msg, "path": array.concat(c.path, ["resources", "requests", "cpu"])} if {
	some c in k8s.containers
	c.type in {"containers", "initContainers"}
	not has_value(c.container)
	msg := sprintf("%s: container %q has no CPU request; set resources.requests.cpu", [k8s.label, c.name])
}

has_value(container) if {
	v := container.resources.requests.cpu
	v != null
	v != ""
}

# Kubernetes uses the limit as the request when only the limit is written.
has_value(container) if {
	v := container.resources.limits.cpu
	v != null
	v != ""
}
