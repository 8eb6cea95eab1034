# METADATA
# title: Container has no memory limit
# description: >-
#   Without a memory limit a container can exhaust the memory of its node, triggering the OOM
#   killer on other pods and node components.
# scope: package
# related_resources:
#   - https://kubernetes.io/docs/concepts/configuration/manage-resources-containers/
# custom:
#   id: K8S-016
#   severity: MEDIUM
#   recommended_action: Set resources.limits.memory for every container (or enforce a LimitRange default in the namespace).
#   input:
#     selector:
#       - type: kubernetes
#         kinds: [Pod, Deployment, StatefulSet, DaemonSet, ReplicaSet, ReplicationController, Job, CronJob]
#   frameworks:
#     nsa-cisa-k8s: ["resource-limits"]
#     nist-800-53-r5: ["SC-6"]
package rampart.kubernetes.pod.memory_limit

import rego.v1

import data.rampart.lib.kubernetes as k8s

# Ephemeral containers cannot declare resources.
deny contains {"msg": msg, "path": array.concat(c.path, ["resources", "limits", "memory"])} if {
	some c in k8s.containers
	c.type in {"containers", "initContainers"}
	not has_value(c.container)
	msg := sprintf("%s: container %q has no memory limit; set resources.limits.memory", [k8s.label, c.name])
}

has_value(container) if {
	v := container.resources.limits.memory
	v != null
	v != ""
}
