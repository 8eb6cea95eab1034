# METADATA
# title: Namespace has no NetworkPolicy
# description: >-
#   Without any NetworkPolicy selecting its pods, every pod of a namespace accepts traffic from
#   every other pod of the cluster and can reach all of them: one compromised workload can talk
#   to databases, internal APIs and the pods of other teams. Only a live cluster shows which
#   namespaces have no policy at all (rampart audit k8s).
# scope: package
# related_resources:
#   - https://kubernetes.io/docs/concepts/services-networking/network-policies/#default-policies
# custom:
#   id: K8S-043
#   severity: MEDIUM
#   recommended_action: Add a default-deny NetworkPolicy to the namespace, then allow the traffic its workloads need.
#   input:
#     selector:
#       - type: kubernetes
#         kinds: [ClusterInventory]
#   frameworks:
#     cis-kubernetes: ["5.3.2"]
#     nsa-cisa-k8s: ["network-policies", "network-separation"]
#     nist-800-53-r5: ["SC-7"]
#     pci-dss-4.0: ["1.2.1", "1.3.1"]
#     soc2: ["CC6.6"]
package rampart.kubernetes.cluster.namespace_network_policy

import rego.v1

import data.rampart.lib.kubernetes as k8s

# Namespaces with at least one NetworkPolicy.
covered contains np.namespace if {
	some np in k8s.array_at(input, ["networkPolicies"])
	is_string(np.namespace)
}

deny contains {"msg": msg, "ref": sprintf("Namespace/%s", [ns.name]), "path": []} if {
	# NetworkPolicies that could not be listed are not missing: say nothing rather than guess.
	not "networkPolicies" in k8s.array_at(input, ["incomplete"])
	some ns in k8s.array_at(input, ["namespaces"])
	is_string(ns.name)
	not covered[ns.name]
	msg := sprintf("Namespace %s has no NetworkPolicy: its pods accept traffic from any pod of the cluster; add a default-deny policy and allow what is needed", [ns.name])
}
