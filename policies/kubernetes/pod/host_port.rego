# METADATA
# title: Container binds a host port
# description: >-
#   A hostPort publishes the container on the node's own IP address, bypassing Services and
#   most NetworkPolicy implementations, and limits scheduling to one such pod per node. The
#   baseline Pod Security Standard forbids host ports.
# scope: package
# related_resources:
#   - https://kubernetes.io/docs/concepts/security/pod-security-standards/#baseline
#   - https://kubernetes.io/docs/concepts/configuration/overview/#services
# custom:
#   id: K8S-032
#   severity: MEDIUM
#   recommended_action: Remove ports[].hostPort and expose the container through a Service (ClusterIP, or a LoadBalancer/Ingress for external traffic).
#   input:
#     selector:
#       - type: kubernetes
#         kinds: [Pod, Deployment, StatefulSet, DaemonSet, ReplicaSet, ReplicationController, Job, CronJob]
#   frameworks:
#     pss-baseline: ["host-ports"]
#     pss-restricted: ["host-ports"]
#     cis-kubernetes: ["5.2.13"]
#     nsa-cisa-k8s: ["network-separation"]
#     nist-800-53-r5: ["SC-7"]
#     pci-dss-4.0: ["1.3.1"]
#     soc2: ["CC6.6"]
package rampart.kubernetes.pod.host_port

import rego.v1

import data.rampart.lib.kubernetes as k8s

deny contains {"msg": msg, "path": array.concat(c.path, ["ports", j, "hostPort"])} if {
	some c in k8s.containers
	some j, p in k8s.array_at(c.container, ["ports"])
	is_number(p.hostPort)
	p.hostPort != 0
	msg := sprintf("%s: container %q binds host port %v; remove hostPort and expose it through a Service", [k8s.label, c.name, p.hostPort])
}
