# METADATA
# title: Container uses an unmasked /proc
# description: >-
#   procMount Unmasked disables the masking and read-only paths the runtime applies to /proc,
#   exposing kernel interfaces such as /proc/sys and /proc/sysrq-trigger to the container. The
#   baseline Pod Security Standard requires the Default proc mount.
# scope: package
# related_resources:
#   - https://kubernetes.io/docs/concepts/security/pod-security-standards/#baseline
# custom:
#   id: K8S-028
#   severity: MEDIUM
#   recommended_action: Remove securityContext.procMount or set it to Default.
#   input:
#     selector:
#       - type: kubernetes
#         kinds: [Pod, Deployment, StatefulSet, DaemonSet, ReplicaSet, ReplicationController, Job, CronJob]
#   frameworks:
#     pss-baseline: ["proc-mount-type"]
#     pss-restricted: ["proc-mount-type"]
#     nsa-cisa-k8s: ["pod-security"]
#     nist-800-53-r5: ["SC-39"]
#     pci-dss-4.0: ["2.2.6"]
#     soc2: ["CC6.1"]
package rampart.kubernetes.pod.proc_mount

import rego.v1

import data.rampart.lib.kubernetes as k8s

deny contains {"msg": msg, "path": k8s.security_path(c, "procMount")} if {
	some c in k8s.containers
	mount := c.container.securityContext.procMount
	is_string(mount)
	mount != "Default"
	msg := sprintf("%s: container %q sets procMount: %s; remove it or set it to Default", [k8s.label, c.name, mount])
}
