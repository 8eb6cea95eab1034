# METADATA
# title: Pod mounts a hostPath volume
# description: >-
#   A hostPath volume exposes a directory of the node to the pod. Depending on the path it
#   leaks node credentials, logs and other pods' data, and when writable it lets the pod
#   plant files on the node. The baseline Pod Security Standard forbids hostPath volumes.
# scope: package
# related_resources:
#   - https://kubernetes.io/docs/concepts/security/pod-security-standards/#baseline
#   - https://kubernetes.io/docs/concepts/storage/volumes/#hostpath
# custom:
#   id: K8S-009
#   severity: MEDIUM
#   recommended_action: >-
#     Replace the hostPath volume with an emptyDir, a ConfigMap/Secret, a persistentVolumeClaim
#     or a CSI volume; if node access is unavoidable, mount it readOnly and isolate the workload.
#   input:
#     selector:
#       - type: kubernetes
#         kinds: [Pod, Deployment, StatefulSet, DaemonSet, ReplicaSet, ReplicationController, Job, CronJob]
#   frameworks:
#     pss-baseline: ["host-path-volumes"]
#     pss-restricted: ["volume-types", "host-path-volumes"]
#     cis-kubernetes: ["5.2.12"]
#     nsa-cisa-k8s: ["pod-security"]
#     nist-800-53-r5: ["AC-6"]
#     pci-dss-4.0: ["2.2.6", "7.2.5"]
#     soc2: ["CC6.1"]
package rampart.kubernetes.pod.host_path

import rego.v1

import data.rampart.lib.kubernetes as k8s

deny contains {"msg": msg, "path": array.concat(v.path, ["hostPath"])} if {
	some v in k8s.volumes
	is_object(v.volume.hostPath)
	host := object.get(v.volume.hostPath, "path", "")
	msg := sprintf("%s: volume %q mounts the host path %q; use an emptyDir, ConfigMap, Secret or persistentVolumeClaim instead", [k8s.label, v.name, host])
}
