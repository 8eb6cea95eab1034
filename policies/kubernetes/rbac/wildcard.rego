# METADATA
# title: Role grants wildcard verbs, resources or API groups
# description: >-
#   A "*" in verbs, resources or apiGroups grants access to everything of that kind, including
#   verbs, resources and API groups added later (CRDs, subresources such as pods/exec and
#   secrets). A rule with "*" verbs on "*" resources is equivalent to cluster-admin within its
#   scope.
# scope: package
# related_resources:
#   - https://kubernetes.io/docs/concepts/security/rbac-good-practices/#least-privilege
# custom:
#   id: K8S-034
#   severity: MEDIUM
#   recommended_action: Replace "*" with the explicit verbs, resources and API groups the subject needs.
#   input:
#     selector:
#       - type: kubernetes
#         kinds: [Role, ClusterRole]
#   frameworks:
#     cis-kubernetes: ["5.1.3"]
#     nsa-cisa-k8s: ["rbac"]
#     nist-800-53-r5: ["AC-6"]
#     pci-dss-4.0: ["7.2.2", "7.2.5"]
#     soc2: ["CC6.3"]
package rampart.kubernetes.rbac.wildcard

import rego.v1

import data.rampart.lib.kubernetes as k8s

field_words := {"verbs": "verbs", "resources": "resources", "apiGroups": "API groups"}

full_wildcard(rule) if {
	"*" in k8s.array_at(rule, ["verbs"])
	"*" in k8s.array_at(rule, ["resources"])
}

severity(rule) := "HIGH" if full_wildcard(rule)

severity(rule) := "MEDIUM" if not full_wildcard(rule)

deny contains result if {
	some i, rule in k8s.array_at(input, ["rules"])
	is_object(rule)
	some field, word in field_words
	some j, value in k8s.array_at(rule, [field])
	value == "*"
	result := {
		"msg": sprintf("%s: rules[%d] grants all %s (\"*\" in %s); list only the %s that are needed", [k8s.label, i, word, field, word]),
		"path": ["rules", i, field, j],
		"severity": severity(rule),
	}
}
