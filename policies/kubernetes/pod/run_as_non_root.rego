# METADATA
# title: Container is not required to run as non-root
# description: >-
#   Without runAsNonRoot set to true (on the container, or on the pod and not overridden),
#   the kubelet lets the container start as UID 0, and a root process in a container is one
#   kernel bug away from root on the node. Required by the restricted Pod Security Standard.
# scope: package
# related_resources:
#   - https://kubernetes.io/docs/concepts/security/pod-security-standards/#restricted
# custom:
#   id: K8S-003
#   severity: MEDIUM
#   recommended_action: >-
#     Set securityContext.runAsNonRoot to true on the pod (and do not set it to false on any
#     container), and run the image as a non-zero UID.
#   input:
#     selector:
#       - type: kubernetes
#         kinds: [Pod, Deployment, StatefulSet, DaemonSet, ReplicaSet, ReplicationController, Job, CronJob]
#   frameworks:
#     pss-restricted: ["running-as-non-root"]
#     cis-kubernetes: ["5.2.7"]
#     nsa-cisa-k8s: ["non-root"]
#     nist-800-53-r5: ["AC-6"]
#     pci-dss-4.0: ["2.2.6", "7.2.5"]
#     soc2: ["CC6.3"]
package rampart.kubernetes.pod.run_as_non_root

import rego.v1

import data.rampart.lib.kubernetes as k8s

deny contains {"msg": msg, "path": k8s.effective_security_path(c, "runAsNonRoot")} if {
	some c in k8s.containers
	k8s.effective_security(c, "runAsNonRoot") == false
	msg := sprintf("%s: container %q has runAsNonRoot: false; set securityContext.runAsNonRoot to true", [k8s.label, c.name])
}

deny contains {"msg": msg, "path": k8s.effective_security_path(c, "runAsNonRoot")} if {
	some c in k8s.containers
	not k8s.effective_security(c, "runAsNonRoot") == false
	not k8s.effective_security(c, "runAsNonRoot") == true
	msg := sprintf("%s: container %q may run as root; set securityContext.runAsNonRoot to true on the pod or the container", [k8s.label, c.name])
}
