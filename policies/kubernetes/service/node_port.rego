# METADATA
# title: Service is exposed on a NodePort
# description: >-
#   A NodePort Service opens the port on every node of the cluster, on the nodes' own IP
#   addresses, bypassing load balancer controls and exposing the workload to anything that can
#   reach a node.
# scope: package
# related_resources:
#   - https://kubernetes.io/docs/concepts/services-networking/service/#type-nodeport
# custom:
#   id: K8S-040
#   severity: LOW
#   recommended_action: Use a ClusterIP Service behind an Ingress or Gateway, or a LoadBalancer with loadBalancerSourceRanges.
#   input:
#     selector:
#       - type: kubernetes
#         kinds: [Service]
#   frameworks:
#     nsa-cisa-k8s: ["network-separation"]
#     nist-800-53-r5: ["SC-7"]
#     pci-dss-4.0: ["1.3.1"]
#     soc2: ["CC6.6"]
package rampart.kubernetes.service.node_port

import rego.v1

import data.rampart.lib.kubernetes as k8s

deny contains {"msg": msg, "path": ["spec", "type"]} if {
	input.spec.type == "NodePort"
	msg := sprintf("%s: type NodePort opens the service on every node's IP address; use ClusterIP behind an Ingress, or a LoadBalancer with loadBalancerSourceRanges", [k8s.label])
}
