# METADATA
# title: Container has a secret as a literal environment variable
# description: >-
#   A password, token or key written as a literal env value is stored in plain text in the
#   manifest, in version control, in the object in etcd and in every kubectl describe output,
#   and cannot be rotated without a redeploy. Whatever the variable is called, a value in a
#   well-known credential format (a private key block, an AWS access key ID, a code-host or
#   chat token, a signed JWT, a password in a URL) is reported too.
# scope: package
# related_resources:
#   - https://kubernetes.io/docs/concepts/configuration/secret/#using-secrets-as-environment-variables
# custom:
#   id: K8S-027
#   severity: HIGH
#   recommended_action: >-
#     Move the value into a Secret (or an external secret store) and reference it with
#     valueFrom.secretKeyRef, or better mount it as a file; then rotate the exposed secret.
#   input:
#     selector:
#       - type: kubernetes
#         kinds: [Pod, Deployment, StatefulSet, DaemonSet, ReplicaSet, ReplicationController, Job, CronJob]
#   frameworks:
#     cis-kubernetes: ["5.4.1"]
#     nsa-cisa-k8s: ["secrets"]
#     nist-800-53-r5: ["IA-5", "SC-28"]
#     pci-dss-4.0: ["8.3.2", "8.6.2"]
#     soc2: ["CC6.1"]
package rampart.kubernetes.pod.secret_env

import rego.v1

import data.rampart.lib.kubernetes as k8s
import data.rampart.lib.secrets

looks_like_secret_value(v) if {
	is_string(v)
	count(trim_space(v)) >= 4
	not lower(v) in {"true", "false", "none", "null"}
	not startswith(v, "/") # a path to a mounted file
	not startswith(v, "$(") # a reference to another variable
	not regex.match(`^[0-9]+[smhd]?$`, v) # a number or a duration
}

deny contains {"msg": msg, "path": array.concat(c.path, ["env", j, "value"])} if {
	some c in k8s.containers
	some j, e in k8s.array_at(c.container, ["env"])
	is_string(e.name)
	secrets.secret_name(e.name)
	looks_like_secret_value(e.value)
	msg := sprintf("%s: container %q sets %s as a literal value; reference a Secret with valueFrom.secretKeyRef (or mount it as a file)", [k8s.label, c.name, e.name])
}

# A value in a credential format is a secret whatever the variable is called.
deny contains {"msg": msg, "path": array.concat(c.path, ["env", j, "value"])} if {
	some c in k8s.containers
	some j, e in k8s.array_at(c.container, ["env"])
	is_string(e.name)
	not secrets.secret_name(e.name)
	secrets.credential(e.value)
	msg := sprintf("%s: container %q sets %s to a literal credential; reference a Secret with valueFrom.secretKeyRef (or mount it as a file), and rotate it", [k8s.label, c.name, e.name])
}
