# METADATA
# title: EKS control plane logging is incomplete
# description: >-
#   EKS sends no control plane logs to CloudWatch unless asked. The api, audit and
#   authenticator logs record who did what to the cluster, and the controllerManager and
#   scheduler logs explain what the cluster did about it; without them an incident cannot be
#   reconstructed.
# scope: package
# related_resources:
#   - https://docs.aws.amazon.com/eks/latest/userguide/control-plane-logs.html
#   - https://docs.aws.amazon.com/securityhub/latest/userguide/eks-controls.html#eks-8
# custom:
#   id: AWS-EKS-003
#   severity: MEDIUM
#   recommended_action: >-
#     Set enabled_cluster_log_types = ["api", "audit", "authenticator", "controllerManager",
#     "scheduler"] (CloudFormation: Logging.ClusterLogging.EnabledTypes).
#   input:
#     selector:
#       - type: cloud
#         service: eks
#   frameworks:
#     nist-800-53-r5: ["AU-2", "AU-12"]
#     pci-dss-4.0: ["10.2.1", "10.2.2"]
#     soc2: ["CC7.2"]
package rampart.aws.eks.control_plane_logging

import rego.v1

log_types := ["api", "audit", "authenticator", "controllerManager", "scheduler"]

deny contains {"msg": msg, "ref": c.__ref, "path": ["logging", "enabled_types"]} if {
	some c in input.aws.eks.clusters
	is_array(c.logging.enabled_types)
	missing := [t | some t in log_types; not t in c.logging.enabled_types]
	count(missing) > 0
	msg := sprintf("%s does not log %s; enable every control plane log type", [c.__ref, concat(", ", missing)])
}
