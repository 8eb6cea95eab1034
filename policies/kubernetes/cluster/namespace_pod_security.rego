# METADATA
# title: Namespace does not enforce a Pod Security Standard
# description: >-
#   Pod Security admission enforces the baseline or restricted Pod Security Standard on a
#   namespace through its `pod-security.kubernetes.io/enforce` label. Without the label, the
#   cluster-wide default applies, which is `privileged` unless the API server was configured
#   otherwise: anyone who can create a pod there can run it privileged, on the host network or
#   with host paths, whatever the manifests in the repository say.
# scope: package
# related_resources:
#   - https://kubernetes.io/docs/concepts/security/pod-security-admission/
# custom:
#   id: K8S-044
#   severity: MEDIUM
#   recommended_action: Label the namespace pod-security.kubernetes.io/enforce=restricted (or baseline where restricted is not possible).
#   input:
#     selector:
#       - type: kubernetes
#         kinds: [ClusterInventory]
#   frameworks:
#     cis-kubernetes: ["5.2.1"]
#     nsa-cisa-k8s: ["pod-security"]
#     nist-800-53-r5: ["CM-7"]
#     soc2: ["CC6.8"]
package rampart.kubernetes.cluster.namespace_pod_security

import rego.v1

import data.rampart.lib.kubernetes as k8s

label := "pod-security.kubernetes.io/enforce"

deny contains {"msg": msg, "ref": sprintf("Namespace/%s", [ns.name]), "path": ["metadata", "labels"]} if {
	some ns in k8s.array_at(input, ["namespaces"])
	is_string(ns.name)
	not is_string(k8s.object_at(ns, ["labels"])[label])
	msg := sprintf("Namespace %s has no %s label: pods there are admitted under the cluster default (privileged unless configured); label it restricted or baseline", [ns.name, label])
}
