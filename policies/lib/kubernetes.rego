# Shared helpers for Kubernetes policies.
#
# Workload kinds nest the pod spec at different depths; these helpers give every
# policy one view of "the pod spec" and "the containers of this object", each with
# the JSON path where it sits, so findings land on the right line.
package rampart.lib.kubernetes

import rego.v1

workload_kinds := {
	"Pod", "Deployment", "StatefulSet", "DaemonSet", "ReplicaSet",
	"ReplicationController", "Job", "CronJob",
}

pod_spec_path := ["spec"] if input.kind == "Pod"

pod_spec_path := ["spec", "template", "spec"] if {
	input.kind in {"Deployment", "StatefulSet", "DaemonSet", "ReplicaSet", "ReplicationController", "Job"}
}

pod_spec_path := ["spec", "jobTemplate", "spec", "template", "spec"] if input.kind == "CronJob"

# Other kinds (Argo Rollout, OpenShift DeploymentConfig, Knative Service and Revision, any
# custom resource that runs pods) are searched for a pod spec where these put one: a template
# like a Deployment's, a job template like a CronJob's, or the spec itself like a Pod's. The
# selectors of rules that name `Pod` select such objects too.
pod_spec_path := ["spec", "template", "spec"] if {
	not input.kind in workload_kinds
	is_array(input.spec.template.spec.containers)
}

pod_spec_path := ["spec", "jobTemplate", "spec", "template", "spec"] if {
	not input.kind in workload_kinds
	not is_array(input.spec.template.spec.containers)
	is_array(input.spec.jobTemplate.spec.template.spec.containers)
}

pod_spec_path := ["spec"] if {
	not input.kind in workload_kinds
	not is_array(input.spec.template.spec.containers)
	not is_array(input.spec.jobTemplate.spec.template.spec.containers)
	is_array(input.spec.containers)
}

# The pod spec of a workload; undefined for other kinds.
pod_spec := object.get(input, pod_spec_path, {})

# Path of the pod metadata (where pod annotations and labels live).
pod_metadata_path := ["metadata"] if input.kind == "Pod"

pod_metadata_path := array.concat(array.slice(pod_spec_path, 0, count(pod_spec_path) - 1), ["metadata"]) if {
	input.kind != "Pod"
	pod_spec_path
}

pod_metadata := object.get(input, pod_metadata_path, {})

container_types := ["containers", "initContainers", "ephemeralContainers"]

# Every container of the object (containers, initContainers, ephemeralContainers):
# {"container": obj, "type": "containers", "index": 0, "name": "app", "path": [...]}.
containers contains entry if {
	some type in container_types
	list := pod_spec[type]
	is_array(list)
	some i, c in list
	is_object(c)
	entry := {
		"container": c,
		"type": type,
		"index": i,
		"name": object.get(c, "name", sprintf("#%d", [i])),
		"path": array.concat(pod_spec_path, [type, i]),
	}
}

# Containers that run the workload (not init or ephemeral ones).
main_containers contains entry if {
	some entry in containers
	entry.type == "containers"
}

name := object.get(input, ["metadata", "name"], "<unnamed>")

namespace := object.get(input, ["metadata", "namespace"], "default")

# What the manifest set (the file, the Kustomize overlay, the live cluster) says about the
# object's pods, when it holds it: `service_account` (`name`, `automountServiceAccountToken`,
# null when the ServiceAccount does not say) and `network_policies` (`namespace`,
# `in_namespace`: how many it holds there, `selecting`: the names of those that select the
# pods). Absent when the set does not hold the ServiceAccount, nor the namespace or a policy
# of it.
context := object.get(input, "__context", {})

# "Deployment web", for messages.
label := sprintf("%s %s", [input.kind, name])

# A container's effective security setting: the container's own value, else the pod's.
# Undefined when neither sets it.
effective_security(entry, field) := entry.container.securityContext[field]

effective_security(entry, field) := pod_spec.securityContext[field] if {
	not has_key(object.get(entry.container, "securityContext", {}), field)
}

# Path to report for a container setting: the container's own securityContext field.
security_path(entry, field) := array.concat(entry.path, ["securityContext", field])

has_key(obj, key) if {
	_ = obj[key]
}

# ---------------------------------------------------------------------------
# Additional helpers (added for the built-in Kubernetes rules).
# ---------------------------------------------------------------------------

# Path of a pod-level securityContext field.
pod_security_path(field) := array.concat(pod_spec_path, ["securityContext", field])

# Path to report for a container's effective security setting: the container's own
# field when written, else the pod's when written, else where the container's would go.
effective_security_path(entry, field) := security_path(entry, field) if {
	has_key(object.get(entry.container, "securityContext", {}), field)
}

effective_security_path(entry, field) := pod_security_path(field) if {
	not has_key(object.get(entry.container, "securityContext", {}), field)
	has_key(object.get(pod_spec, "securityContext", {}), field)
}

effective_security_path(entry, field) := security_path(entry, field) if {
	not has_key(object.get(entry.container, "securityContext", {}), field)
	not has_key(object.get(pod_spec, "securityContext", {}), field)
}

# The pod declares it runs on Windows (the restricted profile exempts some Linux-only controls).
is_windows if pod_spec.os.name == "windows"

# The array at `path` under `obj`; [] when it (or `obj`) is missing, null or of another type
# (regorus fails on `some x in null`, and YAML `key:` with no value is null).
array_at(obj, path) := v if {
	is_object(obj)
	v := object.get(obj, path, [])
	is_array(v)
}

array_at(obj, path) := [] if not _array_at_defined(obj, path)

_array_at_defined(obj, path) if {
	is_object(obj)
	is_array(object.get(obj, path, []))
}

# The object at `path` under `obj`; {} when it (or `obj`) is missing, null or of another type.
object_at(obj, path) := v if {
	is_object(obj)
	v := object.get(obj, path, {})
	is_object(v)
}

object_at(obj, path) := {} if not _object_at_defined(obj, path)

_object_at_defined(obj, path) if {
	is_object(obj)
	is_object(object.get(obj, path, {}))
}

# Every volume of the pod: {"volume": obj, "index": 0, "name": "data", "path": [...]}.
volumes contains entry if {
	some i, v in array_at(pod_spec, ["volumes"])
	is_object(v)
	entry := {
		"volume": v,
		"index": i,
		"name": object.get(v, "name", sprintf("#%d", [i])),
		"path": array.concat(pod_spec_path, ["volumes", i]),
	}
}
