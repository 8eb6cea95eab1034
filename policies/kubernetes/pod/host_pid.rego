# METADATA
# title: Pod shares the host's process namespace
# description: >-
#   With hostPID the containers see every process on the node, can read their environment and,
#   with enough privilege, ptrace or signal them, which leads to node compromise.
# scope: package
# related_resources:
#   - https://kubernetes.io/docs/concepts/security/pod-security-standards/#baseline
# custom:
#   id: K8S-007
#   severity: HIGH
#   recommended_action: Remove hostPID from the pod spec or set it to false.
#   input:
#     selector:
#       - type: kubernetes
#         kinds: [Pod, Deployment, StatefulSet, DaemonSet, ReplicaSet, ReplicationController, Job, CronJob]
#   frameworks:
#     pss-baseline: ["host-namespaces"]
#     pss-restricted: ["host-namespaces"]
#     cis-kubernetes: ["5.2.3"]
#     nsa-cisa-k8s: ["pod-security"]
#     nist-800-53-r5: ["SC-39"]
#     pci-dss-4.0: ["2.2.6"]
#     soc2: ["CC6.1"]
package rampart.kubernetes.pod.host_pid

import rego.v1

import data.rampart.lib.kubernetes as k8s

deny contains {"msg": msg, "path": array.concat(k8s.pod_spec_path, ["hostPID"])} if {
	k8s.pod_spec.hostPID == true
	msg := sprintf("%s: the pod sets hostPID: true and shares the host's process namespace; remove it", [k8s.label])
}
