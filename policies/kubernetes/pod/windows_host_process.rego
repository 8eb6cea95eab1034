# METADATA
# title: Pod or container runs as a Windows HostProcess container
# description: >-
#   A Windows HostProcess container runs directly on the node with the privileges of a host
#   process (the equivalent of a privileged Linux container). The baseline Pod Security
#   Standard forbids it.
# scope: package
# related_resources:
#   - https://kubernetes.io/docs/concepts/security/pod-security-standards/#baseline
#   - https://kubernetes.io/docs/tasks/configure-pod-container/create-hostprocess-pod/
# custom:
#   id: K8S-033
#   severity: HIGH
#   recommended_action: Remove securityContext.windowsOptions.hostProcess or set it to false.
#   input:
#     selector:
#       - type: kubernetes
#         kinds: [Pod, Deployment, StatefulSet, DaemonSet, ReplicaSet, ReplicationController, Job, CronJob]
#   frameworks:
#     pss-baseline: ["host-process"]
#     pss-restricted: ["host-process"]
#     cis-kubernetes: ["5.2.11"]
#     nsa-cisa-k8s: ["privileged"]
#     nist-800-53-r5: ["AC-6"]
#     pci-dss-4.0: ["2.2.6", "7.2.5"]
#     soc2: ["CC6.1", "CC6.3"]
package rampart.kubernetes.pod.windows_host_process

import rego.v1

import data.rampart.lib.kubernetes as k8s

deny contains {"msg": msg, "path": array.concat(k8s.pod_security_path("windowsOptions"), ["hostProcess"])} if {
	k8s.pod_spec.securityContext.windowsOptions.hostProcess == true
	msg := sprintf("%s: the pod securityContext sets windowsOptions.hostProcess: true; remove it", [k8s.label])
}

deny contains {"msg": msg, "path": array.concat(k8s.security_path(c, "windowsOptions"), ["hostProcess"])} if {
	some c in k8s.containers
	c.container.securityContext.windowsOptions.hostProcess == true
	msg := sprintf("%s: container %q sets windowsOptions.hostProcess: true; remove it", [k8s.label, c.name])
}
