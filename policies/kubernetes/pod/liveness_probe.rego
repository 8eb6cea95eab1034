# METADATA
# title: Container has no liveness probe
# description: >-
#   Without a liveness probe Kubernetes cannot detect a container that is running but hung
#   (deadlocked, out of connections) and will never restart it, degrading availability.
# scope: package
# related_resources:
#   - https://kubernetes.io/docs/concepts/configuration/liveness-readiness-startup-probes/
# custom:
#   id: K8S-022
#   severity: LOW
#   recommended_action: Add a livenessProbe (httpGet, tcpSocket, grpc or exec) that fails when the process can no longer make progress.
#   input:
#     selector:
#       - type: kubernetes
#         kinds: [Pod, Deployment, StatefulSet, DaemonSet, ReplicaSet, ReplicationController]
package rampart.kubernetes.pod.liveness_probe

import rego.v1

import data.rampart.lib.kubernetes as k8s

# Only long-running containers: init and ephemeral containers, Jobs and CronJobs are not probed.
deny contains {"msg": msg, "path": array.concat(c.path, ["livenessProbe"])} if {
	some c in k8s.main_containers
	not is_object(c.container.livenessProbe)
	msg := sprintf("%s: container %q has no livenessProbe; add one so a hung container is restarted", [k8s.label, c.name])
}
