# METADATA
# title: Container runs without AppArmor
# description: >-
#   An AppArmor profile of Unconfined (the securityContext.appArmorProfile field or the
#   container.apparmor.security.beta.kubernetes.io annotation) removes the mandatory access
#   control that the runtime's default profile applies, such as denying writes to /proc and
#   /sys and mounting file systems. The baseline Pod Security Standard forbids it.
# scope: package
# related_resources:
#   - https://kubernetes.io/docs/concepts/security/pod-security-standards/#baseline
#   - https://kubernetes.io/docs/tutorials/security/apparmor/
# custom:
#   id: K8S-026
#   severity: MEDIUM
#   recommended_action: Remove the Unconfined AppArmor setting, or set securityContext.appArmorProfile.type to RuntimeDefault (or Localhost with a reviewed profile).
#   input:
#     selector:
#       - type: kubernetes
#         kinds: [Pod, Deployment, StatefulSet, DaemonSet, ReplicaSet, ReplicationController, Job, CronJob]
#   frameworks:
#     pss-baseline: ["apparmor"]
#     pss-restricted: ["apparmor"]
#     nsa-cisa-k8s: ["pod-security"]
#     nist-800-53-r5: ["AC-3", "CM-7"]
#     pci-dss-4.0: ["2.2.6"]
#     soc2: ["CC6.1"]
package rampart.kubernetes.pod.apparmor_unconfined

import rego.v1

import data.rampart.lib.kubernetes as k8s

annotation_prefix := "container.apparmor.security.beta.kubernetes.io/"

deny contains {"msg": msg, "path": array.concat(k8s.pod_metadata_path, ["annotations", key])} if {
	some key, value in k8s.object_at(k8s.pod_metadata, ["annotations"])
	startswith(key, annotation_prefix)
	is_string(value)
	lower(value) == "unconfined"
	name := trim_prefix(key, annotation_prefix)
	msg := sprintf("%s: annotation %s makes container %q run without AppArmor; use runtime/default", [k8s.label, key, name])
}

deny contains {"msg": msg, "path": array.concat(k8s.pod_security_path("appArmorProfile"), ["type"])} if {
	k8s.pod_spec.securityContext.appArmorProfile.type == "Unconfined"
	msg := sprintf("%s: the pod securityContext sets appArmorProfile type Unconfined; use RuntimeDefault", [k8s.label])
}

deny contains {"msg": msg, "path": array.concat(k8s.security_path(c, "appArmorProfile"), ["type"])} if {
	some c in k8s.containers
	c.container.securityContext.appArmorProfile.type == "Unconfined"
	msg := sprintf("%s: container %q sets appArmorProfile type Unconfined; use RuntimeDefault", [k8s.label, c.name])
}
