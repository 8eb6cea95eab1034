# METADATA
# title: Network ACL allows SSH or RDP from the internet
# description: >-
#   A network ACL entry that allows port 22 (SSH) or 3389 (RDP), or all traffic, from 0.0.0.0/0
#   or ::/0 lets the whole internet reach the remote administration ports of every instance in
#   the subnets it guards; only their security groups stand in the way. Entries are read in
#   rule-number order, as AWS evaluates them: an allow that a lower-numbered deny of the same
#   ports and address family already blocks is not reported.
# scope: package
# related_resources:
#   - https://docs.aws.amazon.com/vpc/latest/userguide/vpc-network-acls.html
#   - https://docs.aws.amazon.com/vpc/latest/userguide/nacl-rules.html
# custom:
#   id: AWS-EC2-012
#   severity: MEDIUM
#   recommended_action: >-
#     Remove the entry or narrow its CIDR to the addresses that administer the instances (a VPN or
#     bastion range), or add a lower-numbered deny entry for ports 22 and 3389 from 0.0.0.0/0 and
#     ::/0; reach instances through AWS Systems Manager Session Manager instead.
#   input:
#     selector:
#       - type: cloud
#         service: ec2
#   frameworks:
#     cis-aws-3.0: ["5.1"]
#     nist-800-53-r5: ["AC-4", "SC-7"]
#     pci-dss-4.0: ["1.3.1"]
#     soc2: ["CC6.6"]
package rampart.aws.ec2.nacl_admin_ports_open

import rego.v1

import data.rampart.lib.aws.network as net

admin_ports := {22: "SSH", 3389: "RDP"}

deny contains {"msg": msg, "ref": acl.__ref, "path": ["ingress", i, net.open_field(e)]} if {
	some acl in input.aws.ec2.network_acls
	is_array(acl.ingress)
	some i, e in acl.ingress
	e.action == "allow"
	exposed := [sprintf("%s (%d)", [name, port]) |
		some port, name in admin_ports
		admits(e, port)
		some c in net.open_cidrs(e)
		not denied_before(acl.ingress, e, port, family(c))
	]
	count(exposed) > 0
	msg := sprintf(
		"%s: entry %v allows %s from %s; remove it or narrow its CIDR, and administer instances through Session Manager",
		[acl.__ref, e.rule_number, concat(" and ", sort({x | some x in exposed})), concat(", ", net.open_cidrs(e))],
	)
}

admits(e, _) if net.all_traffic(e)

admits(e, port) if net.covers_port(e, port, {"tcp"})

family(cidr) := "ipv6" if contains(cidr, ":")

family(cidr) := "ipv4" if not contains(cidr, ":")

# A lower-numbered deny entry blocks `port` from the whole `fam` address family first.
denied_before(entries, e, port, fam) if {
	some d in entries
	d.action == "deny"
	is_number(d.rule_number)
	is_number(e.rule_number)
	d.rule_number < e.rule_number
	admits(d, port)
	some c in net.open_cidrs(d)
	family(c) == fam
}
