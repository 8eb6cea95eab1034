# METADATA
# title: Container reads a Secret into environment variables
# description: >-
#   A Secret passed as an environment variable (`valueFrom.secretKeyRef`, `envFrom.secretRef`)
#   is visible to every process of the container and its children, is written into crash
#   dumps and debug output that print the environment, and does not change when the Secret is
#   rotated until the pod restarts. A Secret mounted as a file has none of these problems and
#   is updated in place.
# scope: package
# related_resources:
#   - https://kubernetes.io/docs/concepts/security/secrets-good-practices/
# custom:
#   id: K8S-046
#   severity: LOW
#   recommended_action: >-
#     Mount the Secret as a volume (`volumes[].secret`) and have the application read the file,
#     instead of `env[].valueFrom.secretKeyRef` or `envFrom[].secretRef`.
#   input:
#     selector:
#       - type: kubernetes
#         kinds: [Pod, Deployment, StatefulSet, DaemonSet, ReplicaSet, ReplicationController, Job, CronJob]
#   frameworks:
#     cis-kubernetes: ["5.4.1"]
#     nsa-cisa-k8s: ["secrets"]
package rampart.kubernetes.pod.secret_env_reference

import rego.v1

import data.rampart.lib.kubernetes as k8s

deny contains {"msg": msg, "path": array.concat(c.path, ["env", j, "valueFrom", "secretKeyRef"])} if {
	some c in k8s.containers
	some j, e in k8s.array_at(c.container, ["env"])
	is_object(e)
	ref := e.valueFrom.secretKeyRef
	is_object(ref)
	msg := sprintf(
		"%s: container %q reads Secret %q into environment variable %s; mount it as a file instead",
		[k8s.label, c.name, object.get(ref, "name", "?"), object.get(e, "name", "?")],
	)
}

deny contains {"msg": msg, "path": array.concat(c.path, ["envFrom", j, "secretRef"])} if {
	some c in k8s.containers
	some j, e in k8s.array_at(c.container, ["envFrom"])
	is_object(e)
	ref := e.secretRef
	is_object(ref)
	msg := sprintf(
		"%s: container %q loads every key of Secret %q as environment variables; mount it as a file instead",
		[k8s.label, c.name, object.get(ref, "name", "?")],
	)
}
