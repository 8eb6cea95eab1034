# METADATA
# title: Pod shares the host's IPC namespace
# description: >-
#   With hostIPC the containers share System V IPC and POSIX shared memory with every process on
#   the node and can read or tamper with their shared memory.
# scope: package
# related_resources:
#   - https://kubernetes.io/docs/concepts/security/pod-security-standards/#baseline
# custom:
#   id: K8S-008
#   severity: HIGH
#   recommended_action: Remove hostIPC from the pod spec or set it to false.
#   input:
#     selector:
#       - type: kubernetes
#         kinds: [Pod, Deployment, StatefulSet, DaemonSet, ReplicaSet, ReplicationController, Job, CronJob]
#   frameworks:
#     pss-baseline: ["host-namespaces"]
#     pss-restricted: ["host-namespaces"]
#     cis-kubernetes: ["5.2.4"]
#     nsa-cisa-k8s: ["pod-security"]
#     nist-800-53-r5: ["SC-39"]
#     pci-dss-4.0: ["2.2.6"]
#     soc2: ["CC6.1"]
package rampart.kubernetes.pod.host_ipc

import rego.v1

import data.rampart.lib.kubernetes as k8s

deny contains {"msg": msg, "path": array.concat(k8s.pod_spec_path, ["hostIPC"])} if {
	k8s.pod_spec.hostIPC == true
	msg := sprintf("%s: the pod sets hostIPC: true and shares the host's IPC namespace; remove it", [k8s.label])
}
