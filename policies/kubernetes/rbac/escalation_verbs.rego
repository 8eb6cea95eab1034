# METADATA
# title: Role grants escalate, bind or impersonate
# description: >-
#   escalate lets the subject create or edit roles with permissions it does not hold, bind lets
#   it bind any role (including cluster-admin) to itself, and impersonate lets it act as any
#   user, group or service account. Each one is a direct path to cluster-admin.
# scope: package
# related_resources:
#   - https://kubernetes.io/docs/concepts/security/rbac-good-practices/#escalate-verb
#   - https://kubernetes.io/docs/reference/access-authn-authz/authentication/#user-impersonation
# custom:
#   id: K8S-037
#   severity: HIGH
#   recommended_action: Remove the escalate, bind and impersonate verbs; if needed, restrict them with resourceNames to specific roles or identities.
#   input:
#     selector:
#       - type: kubernetes
#         kinds: [Role, ClusterRole]
#   frameworks:
#     cis-kubernetes: ["5.1.8"]
#     nsa-cisa-k8s: ["rbac"]
#     nist-800-53-r5: ["AC-6"]
#     pci-dss-4.0: ["7.2.2", "7.2.5"]
#     soc2: ["CC6.3"]
package rampart.kubernetes.rbac.escalation_verbs

import rego.v1

import data.rampart.lib.kubernetes as k8s

escalation_verbs := {"escalate", "bind", "impersonate"}

deny contains {"msg": msg, "path": ["rules", i, "verbs", j]} if {
	some i, rule in k8s.array_at(input, ["rules"])
	is_object(rule)
	some j, verb in k8s.array_at(rule, ["verbs"])
	is_string(verb)
	lower(verb) in escalation_verbs
	resources := concat(", ", [r | some r in k8s.array_at(rule, ["resources"]); is_string(r)])
	msg := sprintf("%s: rules[%d] grants %s (on %s), a privilege-escalation verb; remove it", [k8s.label, i, verb, resources])
}
