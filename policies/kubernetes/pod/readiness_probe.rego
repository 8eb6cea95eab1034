# METADATA
# title: Container has no readiness probe
# description: >-
#   Without a readiness probe a container receives Service traffic as soon as it starts and keeps
#   receiving it while it cannot serve, so rollouts and overloads turn into failed requests.
# scope: package
# related_resources:
#   - https://kubernetes.io/docs/concepts/configuration/liveness-readiness-startup-probes/
# custom:
#   id: K8S-023
#   severity: LOW
#   recommended_action: Add a readinessProbe that succeeds only when the container can serve traffic.
#   input:
#     selector:
#       - type: kubernetes
#         kinds: [Pod, Deployment, StatefulSet, DaemonSet, ReplicaSet, ReplicationController]
package rampart.kubernetes.pod.readiness_probe

import rego.v1

import data.rampart.lib.kubernetes as k8s

# Only long-running containers: init and ephemeral containers, Jobs and CronJobs are not probed.
deny contains {"msg": msg, "path": array.concat(c.path, ["readinessProbe"])} if {
	some c in k8s.main_containers
	not is_object(c.container.readinessProbe)
	msg := sprintf("%s: container %q has no readinessProbe; add one so traffic reaches it only when it can serve", [k8s.label, c.name])
}
