# METADATA
# title: Binding grants cluster-admin
# description: >-
#   cluster-admin is unrestricted superuser access: in a ClusterRoleBinding to the whole
#   cluster, in a RoleBinding to everything in the namespace, including its Secrets and RBAC.
#   It should be held by very few break-glass identities, not by workloads or everyday users.
# scope: package
# related_resources:
#   - https://kubernetes.io/docs/reference/access-authn-authz/rbac/#user-facing-roles
# custom:
#   id: K8S-038
#   severity: HIGH
#   recommended_action: Bind a role with only the permissions the subjects need instead of cluster-admin.
#   input:
#     selector:
#       - type: kubernetes
#         kinds: [RoleBinding, ClusterRoleBinding]
#   frameworks:
#     cis-kubernetes: ["5.1.1"]
#     nsa-cisa-k8s: ["rbac"]
#     nist-800-53-r5: ["AC-6"]
#     pci-dss-4.0: ["7.2.2", "7.2.5"]
#     soc2: ["CC6.3"]
package rampart.kubernetes.rbac.cluster_admin_binding

import rego.v1

import data.rampart.lib.kubernetes as k8s

subject_names := [sprintf("%s %s", [s.kind, s.name]) | some s in k8s.array_at(input, ["subjects"])]

subjects := concat(", ", subject_names) if count(subject_names) > 0

subjects := "no subjects yet" if count(subject_names) == 0

deny contains {"msg": msg, "path": ["roleRef", "name"]} if {
	input.roleRef.kind == "ClusterRole"
	input.roleRef.name == "cluster-admin"
	msg := sprintf("%s: grants cluster-admin to %s; bind a least-privilege role instead", [k8s.label, subjects])
}
