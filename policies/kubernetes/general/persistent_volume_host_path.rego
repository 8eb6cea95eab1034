# METADATA
# title: PersistentVolume is a host path
# description: >-
#   A PersistentVolume of type `hostPath` hands a directory of whichever node the pod lands on
#   to any pod that claims it, around the Pod Security controls that forbid hostPath volumes in
#   the pod itself: through it a workload reads or writes the node's files (kubelet
#   credentials, other pods' data, the container runtime's socket).
# scope: package
# related_resources:
#   - https://kubernetes.io/docs/concepts/storage/volumes/#hostpath
# custom:
#   id: K8S-047
#   severity: MEDIUM
#   recommended_action: >-
#     Use a storage class backed by network or local volumes (`local` volumes with node
#     affinity for node-local disks) instead of `hostPath`; keep hostPath to single-node test
#     clusters.
#   input:
#     selector:
#       - type: kubernetes
#         kinds: [PersistentVolume]
#   frameworks:
#     nsa-cisa-k8s: ["pod-security"]
package rampart.kubernetes.general.persistent_volume_host_path

import rego.v1

import data.rampart.lib.kubernetes as k8s

deny contains {"msg": msg, "path": ["spec", "hostPath"]} if {
	host := input.spec.hostPath
	is_object(host)
	msg := sprintf("PersistentVolume %s maps host path %s of its node; use a storage class instead", [k8s.name, object.get(host, "path", "?")])
}
