# METADATA
# title: Pod uses a volume type the restricted profile forbids
# description: >-
#   The restricted Pod Security Standard allows only configMap, csi, downwardAPI, emptyDir,
#   ephemeral, persistentVolumeClaim, projected and secret volumes. In-tree network and node
#   volume types (nfs, iscsi, rbd, gitRepo, …) mount storage with node credentials, bypass the
#   PersistentVolume access controls, or, for gitRepo, run git on the node. (hostPath volumes
#   are reported by K8S-009.)
# scope: package
# related_resources:
#   - https://kubernetes.io/docs/concepts/security/pod-security-standards/#restricted
# custom:
#   id: K8S-031
#   severity: LOW
#   recommended_action: Use a persistentVolumeClaim (backed by a PersistentVolume or a CSI driver) or one of the allowed volume types.
#   input:
#     selector:
#       - type: kubernetes
#         kinds: [Pod, Deployment, StatefulSet, DaemonSet, ReplicaSet, ReplicationController, Job, CronJob]
#   frameworks:
#     pss-restricted: ["volume-types"]
#     nsa-cisa-k8s: ["pod-security"]
#     nist-800-53-r5: ["CM-7"]
#     pci-dss-4.0: ["2.2.6"]
#     soc2: ["CC6.1"]
package rampart.kubernetes.pod.volume_types

import rego.v1

import data.rampart.lib.kubernetes as k8s

allowed_types := {
	"configMap", "csi", "downwardAPI", "emptyDir", "ephemeral",
	"persistentVolumeClaim", "projected", "secret",
}

# Not volume sources: the name, and hostPath which K8S-009 reports.
ignored_keys := {"name", "hostPath"}

deny contains {"msg": msg, "path": array.concat(v.path, [key])} if {
	some v in k8s.volumes
	is_object(v.volume)
	some key, source in v.volume
	not key in allowed_types
	not key in ignored_keys
	source != null
	msg := sprintf("%s: volume %q uses the %s volume type, which the restricted profile forbids; use a persistentVolumeClaim or an allowed type", [k8s.label, v.name, key])
}
