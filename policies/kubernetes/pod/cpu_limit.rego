# METADATA
# title: Container has no CPU limit
# description: >-
#   Without a CPU limit a single container can consume all CPU of its node and starve other
#   workloads, which turns a bug or a compromise into a denial of service.
# scope: package
# related_resources:
#   - https://kubernetes.io/docs/concepts/configuration/manage-resources-containers/
# custom:
#   id: K8S-015
#   severity: LOW
#   recommended_action: Set resources.limits.cpu for every container (or enforce a LimitRange default in the namespace).
#   input:
#     selector:
#       - type: kubernetes
#         kinds: [Pod, Deployment, StatefulSet, DaemonSet, ReplicaSet, ReplicationController, Job, CronJob]
#   frameworks:
#     nsa-cisa-k8s: ["resource-limits"]
#     nist-800-53-r5: ["SC-6"]
package rampart.kubernetes.pod.cpu_limit

import rego.v1

import data.rampart.lib.kubernetes as k8s

# Ephemeral containers cannot declare resources.
deny contains {"msg": msg, "path": array.concat(c.path, ["resources", "limits", "cpu"])} if {
	some c in k8s.containers
	c.type in {"containers", "initContainers"}
	not has_value(c.container)
	msg := sprintf("%s: container %q has no CPU limit; set resources.limits.cpu", [k8s.label, c.name])
}

has_value(container) if {
	v := container.resources.limits.cpu
	v != null
	v != ""
}
