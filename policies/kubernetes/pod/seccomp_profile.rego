# METADATA
# title: Container has no seccomp profile
# description: >-
#   When neither the container nor the pod sets a seccomp profile, most runtimes run the
#   container unconfined and every system call is allowed. The restricted Pod Security
#   Standard requires RuntimeDefault or Localhost on the pod or on every container.
#   (An explicit Unconfined profile is reported by K8S-024.)
# scope: package
# related_resources:
#   - https://kubernetes.io/docs/concepts/security/pod-security-standards/#restricted
#   - https://kubernetes.io/docs/tutorials/security/seccomp/
# custom:
#   id: K8S-025
#   severity: LOW
#   recommended_action: Set securityContext.seccompProfile.type to RuntimeDefault in the pod spec (or Localhost on each container).
#   input:
#     selector:
#       - type: kubernetes
#         kinds: [Pod, Deployment, StatefulSet, DaemonSet, ReplicaSet, ReplicationController, Job, CronJob]
#   frameworks:
#     pss-restricted: ["seccomp"]
#     cis-kubernetes: ["5.7.2"]
#     nsa-cisa-k8s: ["pod-security"]
#     nist-800-53-r5: ["CM-7"]
#     pci-dss-4.0: ["2.2.6"]
#     soc2: ["CC6.1"]
package rampart.kubernetes.pod.seccomp_profile

import rego.v1

import data.rampart.lib.kubernetes as k8s

allowed := {"RuntimeDefault", "Localhost"}

profile_type(c) := t if {
	profile := k8s.effective_security(c, "seccompProfile")
	t := profile.type
}

deny contains {"msg": msg, "path": array.concat(k8s.effective_security_path(c, "seccompProfile"), ["type"])} if {
	not k8s.is_windows
	some c in k8s.containers
	not profile_type(c) in allowed
	not profile_type(c) == "Unconfined"
	msg := sprintf("%s: container %q has no seccomp profile; set securityContext.seccompProfile.type to RuntimeDefault on the pod or the container", [k8s.label, c.name])
}
