# METADATA
# title: ConfigMap holds a secret
# description: >-
#   ConfigMaps are for configuration: they are not encrypted at rest by the Secret encryption
#   provider, any role that may read configuration reads them, and they are printed by
#   `kubectl describe` and kept in plain text in the repository. A key named like a password,
#   token or private key with a value, or a value in a well-known credential format (a private
#   key block, an AWS access key ID, a GitHub, GitLab or Slack token), belongs in a Secret or
#   an external secret store.
# scope: package
# related_resources:
#   - https://kubernetes.io/docs/concepts/configuration/configmap/
#   - https://kubernetes.io/docs/concepts/configuration/secret/
# custom:
#   id: K8S-050
#   severity: MEDIUM
#   recommended_action: >-
#     Move the value into a Secret (or an external secret store), reference it from the pod, and
#     rotate the credential that was exposed.
#   input:
#     selector:
#       - type: kubernetes
#         kinds: [ConfigMap]
#   frameworks:
#     nsa-cisa-k8s: ["secrets"]
#     cis-kubernetes: ["5.4.2"]
package rampart.kubernetes.general.configmap_secret

import rego.v1

import data.rampart.lib.kubernetes as k8s
import data.rampart.lib.secrets

value_is_secret(key, value) if {
	secrets.secret_name(key)
	count(trim_space(value)) >= 4
	not lower(value) in {"true", "false", "none", "null", "changeme"}
	not startswith(value, "/")
	not startswith(value, "$(")
	not regex.match(`^\$\{[^}]*\}$`, value)
}

value_is_secret(_, value) if secrets.credential(value)

# Rampart lists the keys named like a secret or holding a credential (`__secret_keys`, one
# pass over a ConfigMap that may hold many thousands); they are judged here.
deny contains {"msg": msg, "path": ["data", key]} if {
	some key in object.get(input, "__secret_keys", [])
	value := input.data[key]
	is_string(value)
	value_is_secret(key, value)
	msg := sprintf("ConfigMap %s holds a secret under %s; move it into a Secret", [k8s.name, key])
}
