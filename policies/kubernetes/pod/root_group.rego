# METADATA
# title: Pod or container runs with the root group
# description: >-
#   runAsGroup 0, fsGroup 0 or a supplemental group 0 gives the process the root group, and
#   with it write access to files on the node and in volumes that are group-writable by root.
# scope: package
# related_resources:
#   - https://kubernetes.io/docs/tasks/configure-pod-container/security-context/
# custom:
#   id: K8S-005
#   severity: LOW
#   recommended_action: Use non-zero GIDs for runAsGroup, fsGroup and supplementalGroups.
#   input:
#     selector:
#       - type: kubernetes
#         kinds: [Pod, Deployment, StatefulSet, DaemonSet, ReplicaSet, ReplicationController, Job, CronJob]
#   frameworks:
#     cis-kubernetes: ["5.7.3"]
#     nsa-cisa-k8s: ["non-root"]
#     nist-800-53-r5: ["AC-6"]
#     pci-dss-4.0: ["2.2.6", "7.2.5"]
#     soc2: ["CC6.3"]
package rampart.kubernetes.pod.root_group

import rego.v1

import data.rampart.lib.kubernetes as k8s

deny contains {"msg": msg, "path": k8s.pod_security_path(field)} if {
	some field in ["runAsGroup", "fsGroup"]
	k8s.pod_spec.securityContext[field] == 0
	msg := sprintf("%s: the pod securityContext sets %s: 0 (root group); use a non-zero GID", [k8s.label, field])
}

deny contains {"msg": msg, "path": array.concat(k8s.pod_security_path("supplementalGroups"), [i])} if {
	some i, gid in k8s.array_at(k8s.pod_spec, ["securityContext", "supplementalGroups"])
	gid == 0
	msg := sprintf("%s: the pod securityContext adds supplemental group 0 (root group); remove it", [k8s.label])
}

deny contains {"msg": msg, "path": k8s.security_path(c, "runAsGroup")} if {
	some c in k8s.containers
	c.container.securityContext.runAsGroup == 0
	msg := sprintf("%s: container %q sets runAsGroup: 0 (root group); use a non-zero GID", [k8s.label, c.name])
}
