# METADATA
# title: Container allows privilege escalation
# description: >-
#   Unless allowPrivilegeEscalation is explicitly false, a process in the container can gain
#   more privileges than its parent (setuid binaries, file capabilities). The restricted Pod
#   Security Standard requires it to be false on every container.
# scope: package
# related_resources:
#   - https://kubernetes.io/docs/concepts/security/pod-security-standards/#restricted
# custom:
#   id: K8S-002
#   severity: MEDIUM
#   recommended_action: Set securityContext.allowPrivilegeEscalation to false on every container.
#   input:
#     selector:
#       - type: kubernetes
#         kinds: [Pod, Deployment, StatefulSet, DaemonSet, ReplicaSet, ReplicationController, Job, CronJob]
#   frameworks:
#     pss-restricted: ["privilege-escalation"]
#     cis-kubernetes: ["5.2.6"]
#     nsa-cisa-k8s: ["pod-security"]
#     nist-800-53-r5: ["AC-6"]
#     pci-dss-4.0: ["2.2.6", "7.2.5"]
#     soc2: ["CC6.3"]
package rampart.kubernetes.pod.allow_privilege_escalation

import rego.v1

import data.rampart.lib.kubernetes as k8s

deny contains {"msg": msg, "path": k8s.security_path(c, "allowPrivilegeEscalation")} if {
	not k8s.is_windows
	some c in k8s.containers
	c.container.securityContext.allowPrivilegeEscalation == true
	msg := sprintf("%s: container %q sets allowPrivilegeEscalation: true; set it to false", [k8s.label, c.name])
}

deny contains {"msg": msg, "path": k8s.security_path(c, "allowPrivilegeEscalation")} if {
	not k8s.is_windows
	some c in k8s.containers
	not c.container.securityContext.allowPrivilegeEscalation == true
	not c.container.securityContext.allowPrivilegeEscalation == false
	msg := sprintf("%s: container %q does not set securityContext.allowPrivilegeEscalation; set it to false", [k8s.label, c.name])
}
