# METADATA
# title: Object is in the default namespace
# description: >-
#   The default namespace is where everything lands when nobody decided otherwise: it usually
#   has no resource quotas, NetworkPolicies, Pod Security admission level or RBAC boundaries of
#   its own, so workloads there are not isolated from each other. An object without
#   metadata.namespace goes to the namespace of the kubectl context, which is often default.
# scope: package
# related_resources:
#   - https://kubernetes.io/docs/concepts/overview/working-with-objects/namespaces/
# custom:
#   id: K8S-042
#   severity: LOW
#   recommended_action: Set metadata.namespace to a dedicated namespace for the application (or set it through kustomize/Helm).
#   input:
#     selector:
#       - type: kubernetes
#         kinds: [Pod, Deployment, StatefulSet, DaemonSet, ReplicaSet, ReplicationController, Job, CronJob, Service, ConfigMap, Secret, ServiceAccount, Role, RoleBinding, Ingress, NetworkPolicy, PersistentVolumeClaim, HorizontalPodAutoscaler, PodDisruptionBudget, Endpoints, EndpointSlice, LimitRange, ResourceQuota]
#   frameworks:
#     cis-kubernetes: ["5.7.4"]
#     nsa-cisa-k8s: ["network-separation"]
#     nist-800-53-r5: ["SC-7"]
package rampart.kubernetes.general.default_namespace

import rego.v1

import data.rampart.lib.kubernetes as k8s

deny contains {"msg": msg, "path": ["metadata", "namespace"]} if {
	input.metadata.namespace == "default"
	msg := sprintf("%s: metadata.namespace is default; move the object to a dedicated namespace", [k8s.label])
}

deny contains {"msg": msg, "path": ["metadata", "namespace"]} if {
	not has_namespace
	msg := sprintf("%s: metadata.namespace is not set, so the object lands in the current context's namespace (often default); set a dedicated namespace", [k8s.label])
}

has_namespace if {
	ns := input.metadata.namespace
	is_string(ns)
	ns != ""
}
