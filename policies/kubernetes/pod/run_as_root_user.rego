# METADATA
# title: Pod or container runs as UID 0
# description: >-
#   runAsUser 0 explicitly runs the process as root, whatever the image says. Root in a
#   container owns every file of mounted volumes and is the first step of most container
#   escapes. Forbidden by the restricted Pod Security Standard.
# scope: package
# related_resources:
#   - https://kubernetes.io/docs/concepts/security/pod-security-standards/#restricted
# custom:
#   id: K8S-004
#   severity: MEDIUM
#   recommended_action: Set securityContext.runAsUser to a non-zero UID (for example 10001), or remove it and use a non-root image.
#   input:
#     selector:
#       - type: kubernetes
#         kinds: [Pod, Deployment, StatefulSet, DaemonSet, ReplicaSet, ReplicationController, Job, CronJob]
#   frameworks:
#     pss-restricted: ["running-as-non-root-user"]
#     cis-kubernetes: ["5.2.7"]
#     nsa-cisa-k8s: ["non-root"]
#     nist-800-53-r5: ["AC-6"]
#     pci-dss-4.0: ["2.2.6", "7.2.5"]
#     soc2: ["CC6.3"]
package rampart.kubernetes.pod.run_as_root_user

import rego.v1

import data.rampart.lib.kubernetes as k8s

deny contains {"msg": msg, "path": k8s.pod_security_path("runAsUser")} if {
	k8s.pod_spec.securityContext.runAsUser == 0
	msg := sprintf("%s: the pod securityContext sets runAsUser: 0 (root); use a non-zero UID", [k8s.label])
}

deny contains {"msg": msg, "path": k8s.security_path(c, "runAsUser")} if {
	some c in k8s.containers
	c.container.securityContext.runAsUser == 0
	msg := sprintf("%s: container %q sets runAsUser: 0 (root); use a non-zero UID", [k8s.label, c.name])
}
