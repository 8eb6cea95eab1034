# METADATA
# title: Container adds a capability the restricted profile forbids
# description: >-
#   The restricted Pod Security Standard allows a container to add back only NET_BIND_SERVICE
#   after dropping ALL. Capabilities the baseline profile tolerates, such as CHOWN, SETUID or
#   DAC_OVERRIDE, still widen what a compromised process can do. (Capabilities outside the
#   baseline set are reported by K8S-011.)
# scope: package
# related_resources:
#   - https://kubernetes.io/docs/concepts/security/pod-security-standards/#restricted
# custom:
#   id: K8S-013
#   severity: LOW
#   recommended_action: Remove the capability from securityContext.capabilities.add; only NET_BIND_SERVICE may be added.
#   input:
#     selector:
#       - type: kubernetes
#         kinds: [Pod, Deployment, StatefulSet, DaemonSet, ReplicaSet, ReplicationController, Job, CronJob]
#   frameworks:
#     pss-restricted: ["capabilities"]
#     cis-kubernetes: ["5.2.9"]
#     nsa-cisa-k8s: ["pod-security"]
#     nist-800-53-r5: ["AC-6"]
#     pci-dss-4.0: ["2.2.6", "7.2.5"]
#     soc2: ["CC6.3"]
package rampart.kubernetes.pod.capabilities_restricted

import rego.v1

import data.rampart.lib.kubernetes as k8s

# Allowed by baseline, forbidden by restricted.
baseline_only := {
	"AUDIT_WRITE", "CHOWN", "DAC_OVERRIDE", "FOWNER", "FSETID", "KILL", "MKNOD",
	"SETFCAP", "SETGID", "SETPCAP", "SETUID", "SYS_CHROOT",
}

deny contains {"msg": msg, "path": array.concat(k8s.security_path(c, "capabilities"), ["add", j])} if {
	not k8s.is_windows
	some c in k8s.containers
	some j, cap in k8s.array_at(c.container, ["securityContext", "capabilities", "add"])
	is_string(cap)
	trim_prefix(upper(cap), "CAP_") in baseline_only
	msg := sprintf("%s: container %q adds capability %s, which the restricted profile forbids; add back only NET_BIND_SERVICE", [k8s.label, c.name, cap])
}
