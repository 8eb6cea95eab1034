# METADATA
# title: Role can read Secrets
# description: >-
#   get, list or watch on secrets reveals every Secret in scope: service account tokens,
#   database passwords, TLS keys. list and watch return the contents too, not only the names.
#   Granted in a ClusterRole it covers every namespace once bound cluster-wide.
# scope: package
# related_resources:
#   - https://kubernetes.io/docs/concepts/security/rbac-good-practices/#listing-secrets
# custom:
#   id: K8S-035
#   severity: MEDIUM
#   recommended_action: >-
#     Remove read access to secrets, or restrict it with resourceNames to the specific Secrets
#     the subject needs (and prefer get over list/watch).
#   input:
#     selector:
#       - type: kubernetes
#         kinds: [Role, ClusterRole]
#   frameworks:
#     cis-kubernetes: ["5.1.2"]
#     nsa-cisa-k8s: ["rbac", "secrets"]
#     nist-800-53-r5: ["AC-6"]
#     pci-dss-4.0: ["7.2.2", "7.2.5"]
#     soc2: ["CC6.1", "CC6.3"]
package rampart.kubernetes.rbac.secrets_access

import rego.v1

import data.rampart.lib.kubernetes as k8s

read_verbs := {"get", "list", "watch", "*"}

core_group(rule) if {
	some g in k8s.array_at(rule, ["apiGroups"])
	g in {"", "*"}
}

# A rule limited to named Secrets is the recommended way to grant access.
unscoped(rule) if count(k8s.array_at(rule, ["resourceNames"])) == 0

severity := "HIGH" if input.kind == "ClusterRole"

severity := "MEDIUM" if input.kind != "ClusterRole"

deny contains result if {
	some i, rule in k8s.array_at(input, ["rules"])
	is_object(rule)
	core_group(rule)
	unscoped(rule)
	some j, resource in k8s.array_at(rule, ["resources"])
	resource == "secrets"
	verbs := sort([v | some v in k8s.array_at(rule, ["verbs"]); v in read_verbs])
	count(verbs) > 0
	result := {
		"msg": sprintf("%s: rules[%d] grants %s on every Secret in scope; remove it or restrict it with resourceNames", [k8s.label, i, concat("/", verbs)]),
		"path": ["rules", i, "resources", j],
		"severity": severity,
	}
}
