# METADATA
# title: EKS API endpoint is open to the internet
# description: >-
#   By default the Kubernetes API server of an EKS cluster is public and accepts connections
#   from 0.0.0.0/0. Anyone can then probe it, try stolen credentials against it or exploit the
#   next API server vulnerability.
# scope: package
# related_resources:
#   - https://docs.aws.amazon.com/eks/latest/userguide/cluster-endpoint.html
#   - https://docs.aws.amazon.com/securityhub/latest/userguide/eks-controls.html#eks-1
# custom:
#   id: AWS-EKS-001
#   severity: HIGH
#   recommended_action: >-
#     Set endpoint_public_access = false with endpoint_private_access = true (CloudFormation:
#     ResourcesVpcConfig.EndpointPublicAccess / EndpointPrivateAccess), or restrict
#     public_access_cidrs (PublicAccessCidrs) to your own address ranges.
#   input:
#     selector:
#       - type: cloud
#         service: eks
#   frameworks:
#     nist-800-53-r5: ["AC-3", "SC-7"]
#     pci-dss-4.0: ["1.3.1", "1.4.1"]
#     soc2: ["CC6.6"]
package rampart.aws.eks.public_endpoint

import rego.v1

import data.rampart.lib.aws.network as net
import data.rampart.lib.aws.source

deny contains {"msg": msg, "ref": c.__ref, "path": ["endpoint", "public_access_cidrs"]} if {
	some c in input.aws.eks.clusters
	c.endpoint.public_access == true
	is_array(c.endpoint.public_access_cidrs)
	open := [cidr | some cidr in c.endpoint.public_access_cidrs; net.is_open_cidr(cidr)]
	count(open) > 0
	msg := sprintf(
		"%s exposes its API endpoint to %s; disable public access or restrict %s",
		[c.__ref, concat(", ", open), source.name(c, {"terraform": "public_access_cidrs", "cloudformation": "ResourcesVpcConfig.PublicAccessCidrs"})],
	)
}
