# METADATA
# title: LoadBalancer Service is open to any source address
# description: >-
#   A LoadBalancer Service without loadBalancerSourceRanges (or with 0.0.0.0/0) is reachable
#   from the whole internet on most cloud providers. Internal load balancers (marked with the
#   provider's internal annotation) are not reported.
# scope: package
# related_resources:
#   - https://kubernetes.io/docs/tasks/access-application-cluster/create-external-load-balancer/#restricting-access
# custom:
#   id: K8S-041
#   severity: LOW
#   recommended_action: Set spec.loadBalancerSourceRanges to the client CIDRs that need access, or make the load balancer internal.
#   input:
#     selector:
#       - type: kubernetes
#         kinds: [Service]
#   frameworks:
#     nsa-cisa-k8s: ["network-separation"]
#     nist-800-53-r5: ["SC-7"]
#     pci-dss-4.0: ["1.3.1", "1.4.2"]
#     soc2: ["CC6.6"]
package rampart.kubernetes.service.load_balancer_source_ranges

import rego.v1

import data.rampart.lib.kubernetes as k8s

annotations := k8s.object_at(input, ["metadata", "annotations"])

internal_annotations := {
	"service.beta.kubernetes.io/aws-load-balancer-internal": {"true", "0.0.0.0/0"},
	"service.beta.kubernetes.io/aws-load-balancer-scheme": {"internal"},
	"service.beta.kubernetes.io/azure-load-balancer-internal": {"true"},
	"networking.gke.io/load-balancer-type": {"internal"},
	"cloud.google.com/load-balancer-type": {"internal"},
	"service.beta.kubernetes.io/oci-load-balancer-internal": {"true"},
	"service.beta.kubernetes.io/openstack-internal-load-balancer": {"true"},
	"service.kubernetes.io/ibm-load-balancer-cloud-provider-ip-type": {"private"},
}

internal if {
	some key, values in internal_annotations
	v := annotations[key]
	is_string(v)
	lower(v) in values
}

has_ranges if {
	some r in k8s.array_at(input, ["spec", "loadBalancerSourceRanges"])
	is_string(r)
}

# The legacy annotation form of loadBalancerSourceRanges.
has_ranges if {
	v := annotations["service.beta.kubernetes.io/load-balancer-source-ranges"]
	is_string(v)
	trim_space(v) != ""
}

open_cidrs := {"0.0.0.0/0", "::/0"}

deny contains {"msg": msg, "path": ["spec", "loadBalancerSourceRanges"]} if {
	input.spec.type == "LoadBalancer"
	not internal
	not has_ranges
	msg := sprintf("%s: the LoadBalancer has no loadBalancerSourceRanges and accepts traffic from any address; restrict it to the client CIDRs", [k8s.label])
}

deny contains {"msg": msg, "path": ["spec", "loadBalancerSourceRanges", i]} if {
	input.spec.type == "LoadBalancer"
	not internal
	some i, r in k8s.array_at(input, ["spec", "loadBalancerSourceRanges"])
	r in open_cidrs
	msg := sprintf("%s: loadBalancerSourceRanges allows %s (any address); restrict it to the client CIDRs", [k8s.label, r])
}
