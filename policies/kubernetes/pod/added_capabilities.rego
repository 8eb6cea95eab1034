# METADATA
# title: Container adds capabilities beyond the baseline set
# description: >-
#   Linux capabilities such as SYS_ADMIN, NET_ADMIN, SYS_PTRACE or NET_RAW give a container
#   powers that are rarely needed and that are routinely used to escape to the node. The
#   baseline Pod Security Standard allows adding only AUDIT_WRITE, CHOWN, DAC_OVERRIDE, FOWNER,
#   FSETID, KILL, MKNOD, NET_BIND_SERVICE, SETFCAP, SETGID, SETPCAP, SETUID and SYS_CHROOT.
# scope: package
# related_resources:
#   - https://kubernetes.io/docs/concepts/security/pod-security-standards/#baseline
# custom:
#   id: K8S-011
#   severity: MEDIUM
#   recommended_action: Remove the capability from securityContext.capabilities.add.
#   input:
#     selector:
#       - type: kubernetes
#         kinds: [Pod, Deployment, StatefulSet, DaemonSet, ReplicaSet, ReplicationController, Job, CronJob]
#   frameworks:
#     pss-baseline: ["capabilities"]
#     pss-restricted: ["capabilities"]
#     cis-kubernetes: ["5.2.8", "5.2.9"]
#     nsa-cisa-k8s: ["pod-security"]
#     nist-800-53-r5: ["AC-6"]
#     pci-dss-4.0: ["2.2.6", "7.2.5"]
#     soc2: ["CC6.3"]
package rampart.kubernetes.pod.added_capabilities

import rego.v1

import data.rampart.lib.kubernetes as k8s

baseline_capabilities := {
	"AUDIT_WRITE", "CHOWN", "DAC_OVERRIDE", "FOWNER", "FSETID", "KILL", "MKNOD",
	"NET_BIND_SERVICE", "SETFCAP", "SETGID", "SETPCAP", "SETUID", "SYS_CHROOT",
}

# Capabilities that amount to (or directly lead to) root on the node.
dangerous_capabilities := {
	"ALL", "SYS_ADMIN", "SYS_MODULE", "SYS_PTRACE", "SYS_RAWIO", "NET_ADMIN",
	"BPF", "PERFMON", "DAC_READ_SEARCH", "SYS_BOOT", "MAC_ADMIN", "MAC_OVERRIDE",
}

canonical(cap) := trim_prefix(upper(cap), "CAP_")

deny contains result if {
	some c in k8s.containers
	some j, cap in k8s.array_at(c.container, ["securityContext", "capabilities", "add"])
	is_string(cap)
	not canonical(cap) in baseline_capabilities
	severity := severity_of(canonical(cap))
	result := {
		"msg": sprintf("%s: container %q adds capability %s; remove it from securityContext.capabilities.add", [k8s.label, c.name, cap]),
		"path": array.concat(k8s.security_path(c, "capabilities"), ["add", j]),
		"severity": severity,
	}
}

severity_of(cap) := "HIGH" if cap in dangerous_capabilities

severity_of(cap) := "MEDIUM" if not cap in dangerous_capabilities
