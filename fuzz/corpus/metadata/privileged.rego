# METADATA
# title: Container runs privileged
# description: >-
#   A privileged container has every capability of the host, sees all host devices and can
#   trivially escape to the node.
# scope: package
# related_resources:
#   - https://kubernetes.io/docs/concepts/security/pod-security-standards/#baseline
# custom:
#   id: K8S-001
#   severity: HIGH
#   recommended_action: Remove securityContext.privileged or set it to false.
#   input:
#     selector:
#       - type: kubernetes
#         kinds: [Pod, Deployment, StatefulSet, DaemonSet, ReplicaSet, ReplicationController, Job, CronJob]
#   frameworks:
#     pss-baseline: ["privileged-containers"]
#     pss-restricted: ["privileged-containers"]
#     cis-kubernetes: ["5.2.2"]
#     nsa-cisa-k8s: ["privileged"]
#     nist-800-53-r5: ["AC-6"]
#     pci-dss-4.0: ["2.2.6", "7.2.5"]
#     soc2: ["CC6.1", "CC6.3"]
package rampart.kubernetes.pod.privileged

import rego.v1

import data.rampart.lib.kubernetes as k8s

deny contains {"msg": msg, "path": k8s.security_path(c, "privileged")} if {
	some c in k8s.containers
	c.container.securityContext.privileged == true
	msg := sprintf("%s: container %q runs privileged; remove securityContext.privileged or set it to false", [k8s.label, c.name])
}
