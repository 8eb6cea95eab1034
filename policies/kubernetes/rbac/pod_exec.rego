# METADATA
# title: Role allows exec or attach into pods
# description: >-
#   pods/exec and pods/attach let the subject run commands inside any pod in scope, with that
#   pod's service account token, mounted Secrets and network position, which usually means
#   escalating to everything those pods can reach.
# scope: package
# related_resources:
#   - https://kubernetes.io/docs/concepts/security/rbac-good-practices/#workload-creation
# custom:
#   id: K8S-036
#   severity: HIGH
#   recommended_action: Remove pods/exec and pods/attach from the role; grant them only to break-glass administrators, ideally time-bound.
#   input:
#     selector:
#       - type: kubernetes
#         kinds: [Role, ClusterRole]
#   frameworks:
#     nsa-cisa-k8s: ["rbac"]
#     nist-800-53-r5: ["AC-6"]
#     pci-dss-4.0: ["7.2.2", "7.2.5"]
#     soc2: ["CC6.3"]
package rampart.kubernetes.rbac.pod_exec

import rego.v1

import data.rampart.lib.kubernetes as k8s

exec_resources := {"pods/exec", "pods/attach", "pods/*"}

# Exec upgrades a POST (create); older clients used a GET (get) for websockets.
exec_verbs := {"create", "get", "*"}

deny contains {"msg": msg, "path": ["rules", i, "resources", j]} if {
	some i, rule in k8s.array_at(input, ["rules"])
	is_object(rule)
	some g in k8s.array_at(rule, ["apiGroups"])
	g in {"", "*"}
	some j, resource in k8s.array_at(rule, ["resources"])
	resource in exec_resources
	verbs := sort([v | some v in k8s.array_at(rule, ["verbs"]); v in exec_verbs])
	count(verbs) > 0
	msg := sprintf("%s: rules[%d] grants %s on %s, which allows running commands in pods; remove it", [k8s.label, i, concat("/", verbs), resource])
}
