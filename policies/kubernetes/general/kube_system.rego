# METADATA
# title: Application object placed in kube-system
# description: >-
#   kube-system holds the cluster's own components (DNS, the network plugin, the cloud
#   controllers), whose service accounts are highly privileged. An application deployed there
#   shares their namespace: it can mount their Secrets and service accounts, escapes the
#   policies and quotas set on application namespaces, and makes a compromise of the
#   application a compromise of the control plane's helpers.
# scope: package
# related_resources:
#   - https://kubernetes.io/docs/concepts/overview/working-with-objects/namespaces/
# custom:
#   id: K8S-049
#   severity: MEDIUM
#   recommended_action: >-
#     Deploy applications into namespaces of their own; keep kube-system to the components the
#     cluster's distribution installs (suppress this rule on those manifests, with the reason).
#   input:
#     selector:
#       - type: kubernetes
#         kinds: [Pod, Deployment, StatefulSet, DaemonSet, ReplicaSet, ReplicationController, Job, CronJob, Service, ConfigMap, Secret, ServiceAccount, Role, RoleBinding, Ingress, PersistentVolumeClaim]
#   frameworks:
#     cis-kubernetes: ["5.7.1"]
package rampart.kubernetes.general.kube_system

import rego.v1

import data.rampart.lib.kubernetes as k8s

deny contains {"msg": msg, "path": ["metadata", "namespace"]} if {
	input.metadata.namespace == "kube-system"
	msg := sprintf("%s is placed in kube-system, beside the cluster's own components; give the application a namespace of its own", [k8s.label])
}
