# METADATA
# title: Pod sets an unsafe sysctl
# description: >-
#   Sysctls outside the safe, namespaced set can change kernel behaviour for every pod on the
#   node or weaken isolation between them. The baseline Pod Security Standard allows only the
#   safe set (kernel.shm_rmid_forced, net.ipv4.ip_local_port_range,
#   net.ipv4.ip_unprivileged_port_start, net.ipv4.tcp_syncookies, net.ipv4.ping_group_range,
#   net.ipv4.ip_local_reserved_ports, net.ipv4.tcp_keepalive_time, net.ipv4.tcp_fin_timeout,
#   net.ipv4.tcp_keepalive_intvl, net.ipv4.tcp_keepalive_probes).
# scope: package
# related_resources:
#   - https://kubernetes.io/docs/concepts/security/pod-security-standards/#baseline
#   - https://kubernetes.io/docs/tasks/administer-cluster/sysctl-cluster/
# custom:
#   id: K8S-029
#   severity: MEDIUM
#   recommended_action: Remove the sysctl from securityContext.sysctls, or tune it on the node for a dedicated node pool.
#   input:
#     selector:
#       - type: kubernetes
#         kinds: [Pod, Deployment, StatefulSet, DaemonSet, ReplicaSet, ReplicationController, Job, CronJob]
#   frameworks:
#     pss-baseline: ["sysctls"]
#     pss-restricted: ["sysctls"]
#     nsa-cisa-k8s: ["pod-security"]
#     nist-800-53-r5: ["CM-7", "SC-39"]
#     pci-dss-4.0: ["2.2.6"]
#     soc2: ["CC6.1"]
package rampart.kubernetes.pod.sysctls

import rego.v1

import data.rampart.lib.kubernetes as k8s

safe_sysctls := {
	"kernel.shm_rmid_forced",
	"net.ipv4.ip_local_port_range",
	"net.ipv4.ip_unprivileged_port_start",
	"net.ipv4.tcp_syncookies",
	"net.ipv4.ping_group_range",
	"net.ipv4.ip_local_reserved_ports",
	"net.ipv4.tcp_keepalive_time",
	"net.ipv4.tcp_fin_timeout",
	"net.ipv4.tcp_keepalive_intvl",
	"net.ipv4.tcp_keepalive_probes",
}

deny contains {"msg": msg, "path": array.concat(k8s.pod_security_path("sysctls"), [i, "name"])} if {
	some i, s in k8s.array_at(k8s.pod_spec, ["securityContext", "sysctls"])
	is_string(s.name)
	not replace(s.name, "/", ".") in safe_sysctls
	msg := sprintf("%s: the pod sets the unsafe sysctl %s; remove it from securityContext.sysctls", [k8s.label, s.name])
}
