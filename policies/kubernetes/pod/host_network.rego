# METADATA
# title: Pod shares the host's network namespace
# description: >-
#   With hostNetwork the pod uses the node's network stack: it can bind any node port, sniff node
#   traffic, reach services listening on localhost of the node and bypass NetworkPolicies.
# scope: package
# related_resources:
#   - https://kubernetes.io/docs/concepts/security/pod-security-standards/#baseline
# custom:
#   id: K8S-006
#   severity: HIGH
#   recommended_action: Remove hostNetwork from the pod spec or set it to false.
#   input:
#     selector:
#       - type: kubernetes
#         kinds: [Pod, Deployment, StatefulSet, DaemonSet, ReplicaSet, ReplicationController, Job, CronJob]
#   frameworks:
#     pss-baseline: ["host-namespaces"]
#     pss-restricted: ["host-namespaces"]
#     cis-kubernetes: ["5.2.5"]
#     nsa-cisa-k8s: ["pod-security", "network-separation"]
#     nist-800-53-r5: ["SC-39"]
#     pci-dss-4.0: ["2.2.6"]
#     soc2: ["CC6.1"]
package rampart.kubernetes.pod.host_network

import rego.v1

import data.rampart.lib.kubernetes as k8s

deny contains {"msg": msg, "path": array.concat(k8s.pod_spec_path, ["hostNetwork"])} if {
	k8s.pod_spec.hostNetwork == true
	msg := sprintf("%s: the pod sets hostNetwork: true and shares the host's network namespace; remove it", [k8s.label])
}
