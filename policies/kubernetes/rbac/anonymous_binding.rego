# METADATA
# title: Binding grants access to anonymous or all authenticated users
# description: >-
#   Subjects system:anonymous and system:unauthenticated are anyone who can reach the API
#   server; system:authenticated is every identity the cluster trusts, which on managed
#   clusters can include any account of the cloud provider. Permissions bound to them are
#   effectively public.
# scope: package
# related_resources:
#   - https://kubernetes.io/docs/reference/access-authn-authz/rbac/#discovery-roles
# custom:
#   id: K8S-039
#   severity: HIGH
#   recommended_action: Bind the role to specific users, groups or service accounts instead of system:anonymous, system:unauthenticated or system:authenticated.
#   input:
#     selector:
#       - type: kubernetes
#         kinds: [RoleBinding, ClusterRoleBinding]
#   frameworks:
#     nsa-cisa-k8s: ["rbac"]
#     nist-800-53-r5: ["AC-6", "AC-14"]
#     pci-dss-4.0: ["7.2.2", "8.3.1"]
#     soc2: ["CC6.1", "CC6.3"]
package rampart.kubernetes.rbac.anonymous_binding

import rego.v1

import data.rampart.lib.kubernetes as k8s

public_subjects := {
	"system:anonymous": "anonymous users",
	"system:unauthenticated": "unauthenticated users",
	"system:authenticated": "every authenticated user",
}

deny contains {"msg": msg, "path": ["subjects", i, "name"]} if {
	some i, s in k8s.array_at(input, ["subjects"])
	s.kind in {"User", "Group"}
	who := public_subjects[s.name]
	role := sprintf("%s %s", [object.get(input, ["roleRef", "kind"], "role"), object.get(input, ["roleRef", "name"], "<unnamed>")])
	msg := sprintf("%s: grants %s to %s (%s); bind specific subjects instead", [k8s.label, role, s.name, who])
}
