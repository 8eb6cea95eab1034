# METADATA
# title: Container does not drop all capabilities
# description: >-
#   Container runtimes grant a default set of capabilities (NET_RAW, CHOWN, SETUID, …) that most
#   applications never use; NET_RAW alone allows ARP and DNS spoofing inside the cluster
#   network. The restricted Pod Security Standard requires every container to drop ALL and add
#   back only NET_BIND_SERVICE.
# scope: package
# related_resources:
#   - https://kubernetes.io/docs/concepts/security/pod-security-standards/#restricted
# custom:
#   id: K8S-012
#   severity: LOW
#   recommended_action: Add ALL to securityContext.capabilities.drop and add back only the capabilities the process needs.
#   input:
#     selector:
#       - type: kubernetes
#         kinds: [Pod, Deployment, StatefulSet, DaemonSet, ReplicaSet, ReplicationController, Job, CronJob]
#   frameworks:
#     pss-restricted: ["capabilities"]
#     cis-kubernetes: ["5.2.8", "5.2.10"]
#     nsa-cisa-k8s: ["pod-security"]
#     nist-800-53-r5: ["AC-6", "CM-7"]
#     pci-dss-4.0: ["2.2.6", "7.2.5"]
#     soc2: ["CC6.3"]
package rampart.kubernetes.pod.capabilities_drop_all

import rego.v1

import data.rampart.lib.kubernetes as k8s

drops_all(c) if {
	some cap in k8s.array_at(c.container, ["securityContext", "capabilities", "drop"])
	is_string(cap)
	upper(cap) in {"ALL", "CAP_ALL"}
}

deny contains {"msg": msg, "path": array.concat(k8s.security_path(c, "capabilities"), ["drop"])} if {
	not k8s.is_windows
	some c in k8s.containers
	not drops_all(c)
	msg := sprintf("%s: container %q does not drop all capabilities; add ALL to securityContext.capabilities.drop", [k8s.label, c.name])
}
