# METADATA
# title: Pods not selected by any NetworkPolicy
# description: >-
#   Pods that no NetworkPolicy selects accept connections from, and open them to, any pod of
#   the cluster: one compromised workload reaches every other, databases included. Judged
#   only where the manifest set (the file, the Kustomize overlay, the cluster) holds the pods'
#   namespace or NetworkPolicies of it, so that policies kept elsewhere are not taken as
#   missing; the message says which set was searched.
# scope: package
# related_resources:
#   - https://kubernetes.io/docs/concepts/services-networking/network-policies/
# custom:
#   id: K8S-051
#   severity: MEDIUM
#   recommended_action: >-
#     Add a NetworkPolicy that selects these pods (a namespace-wide default deny with
#     `podSelector: {}` plus policies allowing the traffic they need).
#   input:
#     selector:
#       - type: kubernetes
#         kinds: [Pod, Deployment, StatefulSet, DaemonSet, ReplicaSet, ReplicationController, Job, CronJob]
#   frameworks:
#     cis-kubernetes: ["5.3.2"]
#     nsa-cisa-k8s: ["network-policies"]
package rampart.kubernetes.pod.network_policy

import rego.v1

import data.rampart.lib.kubernetes as k8s

deny contains {"msg": msg, "path": array.concat(k8s.pod_metadata_path, ["labels"])} if {
	set := k8s.context.network_policies
	count(set.selecting) == 0
	msg := sprintf("%s: %s; its pods accept and open any connection", [k8s.label, searched(set)])
}

searched(set) := sprintf("this manifest set defines namespace %s but no NetworkPolicy in it", [set.namespace]) if {
	set.in_namespace == 0
}

searched(set) := sprintf("none of the %d NetworkPolicies of namespace %s in this manifest set selects it", [set.in_namespace, set.namespace]) if {
	set.in_namespace > 0
}
