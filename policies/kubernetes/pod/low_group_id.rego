# METADATA
# title: Pod or container runs with a group ID of 10000 or less
# description: >-
#   Group IDs up to 10000 are the ones a node's own system and users hold. A container that
#   runs with one of them (through `runAsGroup`) and escapes, or shares a host path, acts on
#   the node's files with that group's rights. A GID above 10000 belongs to no one on the
#   node. Group 0 is reported by K8S-005.
# scope: package
# related_resources:
#   - https://kubernetes.io/docs/tasks/configure-pod-container/security-context/
# custom:
#   id: K8S-048
#   severity: LOW
#   recommended_action: Set securityContext.runAsGroup to a GID above 10000 (for example 10001).
#   input:
#     selector:
#       - type: kubernetes
#         kinds: [Pod, Deployment, StatefulSet, DaemonSet, ReplicaSet, ReplicationController, Job, CronJob]
#   frameworks:
#     cis-kubernetes: ["5.7.3"]
package rampart.kubernetes.pod.low_group_id

import rego.v1

import data.rampart.lib.kubernetes as k8s

low(gid) if {
	is_number(gid)
	gid > 0
	gid <= 10000
}

deny contains {"msg": msg, "path": k8s.pod_security_path("runAsGroup")} if {
	gid := k8s.pod_spec.securityContext.runAsGroup
	low(gid)
	msg := sprintf("%s: the pod securityContext sets runAsGroup: %d, a GID the node's own users may hold; use one above 10000", [k8s.label, gid])
}

deny contains {"msg": msg, "path": k8s.security_path(c, "runAsGroup")} if {
	some c in k8s.containers
	gid := c.container.securityContext.runAsGroup
	low(gid)
	msg := sprintf("%s: container %q sets runAsGroup: %d, a GID the node's own users may hold; use one above 10000", [k8s.label, c.name, gid])
}
