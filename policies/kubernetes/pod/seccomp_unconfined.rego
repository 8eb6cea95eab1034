# METADATA
# title: Pod or container disables seccomp
# description: >-
#   A seccomp profile of type Unconfined lets the container make every system call, including
#   the rarely used ones behind most kernel privilege-escalation exploits. The baseline Pod
#   Security Standard forbids it.
# scope: package
# related_resources:
#   - https://kubernetes.io/docs/concepts/security/pod-security-standards/#baseline
#   - https://kubernetes.io/docs/tutorials/security/seccomp/
# custom:
#   id: K8S-024
#   severity: MEDIUM
#   recommended_action: Set securityContext.seccompProfile.type to RuntimeDefault (or Localhost with a reviewed profile).
#   input:
#     selector:
#       - type: kubernetes
#         kinds: [Pod, Deployment, StatefulSet, DaemonSet, ReplicaSet, ReplicationController, Job, CronJob]
#   frameworks:
#     pss-baseline: ["seccomp"]
#     pss-restricted: ["seccomp"]
#     cis-kubernetes: ["5.7.2"]
#     nsa-cisa-k8s: ["pod-security"]
#     nist-800-53-r5: ["CM-7", "SC-39"]
#     pci-dss-4.0: ["2.2.6"]
#     soc2: ["CC6.1"]
package rampart.kubernetes.pod.seccomp_unconfined

import rego.v1

import data.rampart.lib.kubernetes as k8s

deny contains {"msg": msg, "path": array.concat(k8s.pod_security_path("seccompProfile"), ["type"])} if {
	k8s.pod_spec.securityContext.seccompProfile.type == "Unconfined"
	msg := sprintf("%s: the pod securityContext sets seccompProfile type Unconfined; use RuntimeDefault", [k8s.label])
}

deny contains {"msg": msg, "path": array.concat(k8s.security_path(c, "seccompProfile"), ["type"])} if {
	some c in k8s.containers
	c.container.securityContext.seccompProfile.type == "Unconfined"
	msg := sprintf("%s: container %q sets seccompProfile type Unconfined; use RuntimeDefault", [k8s.label, c.name])
}
