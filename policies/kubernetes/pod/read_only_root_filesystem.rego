# METADATA
# title: Container root filesystem is writable
# description: >-
#   A writable root filesystem lets an attacker who gains code execution download tools,
#   modify binaries and persist in the container. An immutable root filesystem, with emptyDir
#   volumes for the few paths that must be written, blocks that.
# scope: package
# related_resources:
#   - https://kubernetes.io/docs/tasks/configure-pod-container/security-context/
# custom:
#   id: K8S-014
#   severity: LOW
#   recommended_action: >-
#     Set securityContext.readOnlyRootFilesystem to true and mount emptyDir volumes for the
#     directories the application writes (for example /tmp).
#   input:
#     selector:
#       - type: kubernetes
#         kinds: [Pod, Deployment, StatefulSet, DaemonSet, ReplicaSet, ReplicationController, Job, CronJob]
#   frameworks:
#     cis-kubernetes: ["5.7.3"]
#     nsa-cisa-k8s: ["immutable-fs"]
#     nist-800-53-r5: ["CM-5", "SI-7"]
#     pci-dss-4.0: ["2.2.6"]
#     soc2: ["CC6.8"]
package rampart.kubernetes.pod.read_only_root_filesystem

import rego.v1

import data.rampart.lib.kubernetes as k8s

deny contains {"msg": msg, "path": k8s.security_path(c, "readOnlyRootFilesystem")} if {
	some c in k8s.containers
	not c.container.securityContext.readOnlyRootFilesystem == true
	msg := sprintf("%s: container %q has a writable root filesystem; set securityContext.readOnlyRootFilesystem to true", [k8s.label, c.name])
}
