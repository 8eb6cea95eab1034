# METADATA
# title: Pod automounts a service account token
# description: >-
#   Unless automountServiceAccountToken is false, every pod gets a token for its service
#   account mounted at /var/run/secrets/kubernetes.io/serviceaccount. Most applications never
#   call the Kubernetes API, and a stolen token lets an attacker act with the account's RBAC
#   permissions. A pod that does not set it follows its ServiceAccount: not reported when the
#   same manifest set (the file, the Kustomize overlay, the cluster) holds that ServiceAccount
#   with automountServiceAccountToken: false.
# scope: package
# related_resources:
#   - https://kubernetes.io/docs/tasks/configure-pod-container/configure-service-account/#opt-out-of-api-credential-automounting
# custom:
#   id: K8S-021
#   severity: LOW
#   recommended_action: >-
#     Set automountServiceAccountToken: false in the pod spec, unless the application talks to
#     the Kubernetes API; then give it a dedicated service account with minimal RBAC.
#   input:
#     selector:
#       - type: kubernetes
#         kinds: [Pod, Deployment, StatefulSet, DaemonSet, ReplicaSet, ReplicationController, Job, CronJob]
#   frameworks:
#     cis-kubernetes: ["5.1.6"]
#     nsa-cisa-k8s: ["service-account-tokens"]
#     nist-800-53-r5: ["AC-6", "IA-5"]
#     pci-dss-4.0: ["7.2.5"]
#     soc2: ["CC6.3"]
package rampart.kubernetes.pod.automount_service_account_token

import rego.v1

import data.rampart.lib.kubernetes as k8s

deny contains {"msg": msg, "path": array.concat(k8s.pod_spec_path, ["automountServiceAccountToken"])} if {
	k8s.pod_spec_path
	k8s.pod_spec.automountServiceAccountToken == true
	msg := sprintf("%s: the pod sets automountServiceAccountToken: true; set it to false unless the application calls the Kubernetes API", [k8s.label])
}

deny contains {"msg": msg, "path": array.concat(k8s.pod_spec_path, ["automountServiceAccountToken"])} if {
	k8s.pod_spec_path
	not k8s.pod_spec.automountServiceAccountToken == true
	not k8s.pod_spec.automountServiceAccountToken == false
	# Unset in the pod, the ServiceAccount decides: one in the manifest set that turns it off
	# is enough.
	not k8s.context.service_account.automountServiceAccountToken == false
	msg := sprintf("%s: the pod automounts a service account token; set automountServiceAccountToken: false unless the application calls the Kubernetes API", [k8s.label])
}
