# METADATA
# title: Pod or container sets a custom SELinux user, role or type
# description: >-
#   Setting a custom SELinux user or role, or a type other than the container types, can lift
#   the SELinux confinement that separates containers from the host and from each other (for
#   example spc_t runs unconfined). The baseline Pod Security Standard allows only the types
#   container_t, container_init_t, container_kvm_t and container_engine_t and no user or role.
# scope: package
# related_resources:
#   - https://kubernetes.io/docs/concepts/security/pod-security-standards/#baseline
# custom:
#   id: K8S-030
#   severity: MEDIUM
#   recommended_action: Remove seLinuxOptions.user and seLinuxOptions.role and use one of the container_* types (or leave seLinuxOptions unset).
#   input:
#     selector:
#       - type: kubernetes
#         kinds: [Pod, Deployment, StatefulSet, DaemonSet, ReplicaSet, ReplicationController, Job, CronJob]
#   frameworks:
#     pss-baseline: ["selinux"]
#     pss-restricted: ["selinux"]
#     nsa-cisa-k8s: ["pod-security"]
#     nist-800-53-r5: ["AC-3"]
#     pci-dss-4.0: ["2.2.6"]
#     soc2: ["CC6.1"]
package rampart.kubernetes.pod.selinux

import rego.v1

import data.rampart.lib.kubernetes as k8s

allowed_types := {"", "container_t", "container_init_t", "container_kvm_t", "container_engine_t"}

# Every seLinuxOptions block: the pod's and each container's.
options contains {"where": "the pod securityContext", "opts": opts, "path": k8s.pod_security_path("seLinuxOptions")} if {
	opts := k8s.pod_spec.securityContext.seLinuxOptions
	is_object(opts)
}

options contains {"where": sprintf("container %q", [c.name]), "opts": opts, "path": k8s.security_path(c, "seLinuxOptions")} if {
	some c in k8s.containers
	opts := c.container.securityContext.seLinuxOptions
	is_object(opts)
}

deny contains {"msg": msg, "path": array.concat(o.path, ["type"])} if {
	some o in options
	t := o.opts.type
	is_string(t)
	not t in allowed_types
	msg := sprintf("%s: %s sets SELinux type %s; use container_t (or leave it unset)", [k8s.label, o.where, t])
}

deny contains {"msg": msg, "path": array.concat(o.path, [field])} if {
	some o in options
	some field in ["user", "role"]
	v := o.opts[field]
	is_string(v)
	v != ""
	msg := sprintf("%s: %s sets a custom SELinux %s %s; remove seLinuxOptions.%s", [k8s.label, o.where, field, v, field])
}
