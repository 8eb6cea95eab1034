# METADATA
# title: Service account is bound to cluster-admin
# description: >-
#   A pod running as this service account holds cluster-admin: whoever gets code execution in
#   the pod, or reads its token, owns the cluster (or the whole namespace, for a RoleBinding).
#   The grant may come through a group (`system:serviceaccounts`, `system:serviceaccounts:NS`,
#   `system:authenticated`) or a ClusterRole as broad as cluster-admin, which the binding alone
#   does not show; the audit resolves the chain against the live cluster.
# scope: package
# related_resources:
#   - https://kubernetes.io/docs/reference/access-authn-authz/rbac/#service-account-permissions
# custom:
#   id: K8S-045
#   severity: CRITICAL
#   recommended_action: Remove the binding (or the subject from it) and bind a role with only the permissions the workload needs.
#   input:
#     selector:
#       - type: kubernetes
#         kinds: [ClusterInventory]
#   frameworks:
#     cis-kubernetes: ["5.1.1"]
#     nsa-cisa-k8s: ["rbac"]
#     nist-800-53-r5: ["AC-6"]
#     pci-dss-4.0: ["7.2.2", "7.2.5"]
#     soc2: ["CC6.3"]
package rampart.kubernetes.cluster.service_account_cluster_admin

import rego.v1

import data.rampart.lib.kubernetes as k8s

# ClusterRoles that grant everything: cluster-admin itself and any copy of it.
admin_roles contains "cluster-admin"

admin_roles contains role.name if {
	some role in k8s.array_at(input, ["clusterRoles"])
	some rule in k8s.array_at(role, ["rules"])
	"*" in k8s.array_at(rule, ["apiGroups"])
	"*" in k8s.array_at(rule, ["resources"])
	"*" in k8s.array_at(rule, ["verbs"])
}

# Every binding with the namespace its subjects default to (none for a ClusterRoleBinding).
bindings contains {"binding": b, "namespace": null, "label": sprintf("ClusterRoleBinding %s", [b.metadata.name])} if {
	some b in k8s.array_at(input, ["clusterRoleBindings"])
}

bindings contains {"binding": b, "namespace": ns, "label": sprintf("RoleBinding %s/%s", [ns, b.metadata.name])} if {
	some b in k8s.array_at(input, ["roleBindings"])
	ns := b.metadata.namespace
}

grants_admin(b) if {
	b.roleRef.kind == "ClusterRole"
	b.roleRef.name in admin_roles
}

names(subject, entry, sa) if {
	subject.kind == "ServiceAccount"
	subject.name == sa.name
	object.get(subject, "namespace", entry.namespace) == sa.namespace
}

names(subject, _, sa) if {
	subject.kind == "User"
	subject.name == sprintf("system:serviceaccount:%s:%s", [sa.namespace, sa.name])
}

names(subject, _, _) if {
	subject.kind == "Group"
	subject.name in {"system:serviceaccounts", "system:authenticated"}
}

names(subject, _, sa) if {
	subject.kind == "Group"
	subject.name == sprintf("system:serviceaccounts:%s", [sa.namespace])
}

deny contains {"msg": msg, "ref": sprintf("ServiceAccount/%s/%s", [sa.namespace, sa.name]), "path": []} if {
	some sa in k8s.array_at(input, ["serviceAccounts"])
	is_string(sa.name)
	is_string(sa.namespace)
	through := sort({entry.label |
		some entry in bindings
		grants_admin(entry.binding)
		some subject in k8s.array_at(entry.binding, ["subjects"])
		names(subject, entry, sa)
	})
	count(through) > 0
	msg := sprintf("ServiceAccount %s/%s is bound to cluster-admin through %s: any pod running as it controls the cluster; bind a least-privilege role instead", [sa.namespace, sa.name, concat(", ", through)])
}
