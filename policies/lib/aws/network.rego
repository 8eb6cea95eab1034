# Shared helpers for AWS network and compute policies (EC2, ELB, CloudFront, EKS).
#
# Security group rule items come from several source shapes but share one model:
# {"protocol": "-1"|"tcp"|"udp"|"icmp"|…, "from_port", "to_port", "cidr_ipv4": [],
#  "cidr_ipv6": [], …}. Ports are null when not written (and meaningless for "-1"), so every
# comparison checks the type first: in Rego `null <= 22` is true.
package rampart.lib.aws.network

import rego.v1

# A CIDR that matches every address: 0.0.0.0/0, ::/0 (or any other spelling of a /0).
is_open_cidr(cidr) if {
	is_string(cidr)
	endswith(trim_space(cidr), "/0")
}

list(x) := x if is_array(x)

list(x) := [] if not is_array(x)

# The CIDRs of a rule item that match the whole internet.
open_cidrs(rule) := array.concat(open_in(rule.cidr_ipv4), open_in(rule.cidr_ipv6))

# Every ingress rule item open to the internet, with the group it belongs to, its index and
# the path of the field that opens it (where a finding points):
# {"group": group, "index": i, "rule": item, "cidrs": ["0.0.0.0/0", …], "path": ["ingress", i, "cidr_ipv4"]}.
open_ingress contains {"group": g, "index": i, "rule": r, "cidrs": cidrs, "path": ["ingress", i, open_field(r)]} if {
	some g in input.aws.ec2.security_groups
	is_array(g.ingress)
	some i, r in g.ingress
	cidrs := open_cidrs(r)
	count(cidrs) > 0
}

open_in(cidrs) := [c | some c in list(cidrs); is_open_cidr(c)]

open_field(rule) := "cidr_ipv4" if count(open_in(rule.cidr_ipv4)) > 0

open_field(rule) := "cidr_ipv6" if count(open_in(rule.cidr_ipv4)) == 0

# The rule item admits every protocol, or every TCP/UDP port.
all_traffic(rule) if rule.protocol == "-1"

all_traffic(rule) if {
	rule.protocol in {"tcp", "udp"}
	is_number(rule.from_port)
	is_number(rule.to_port)
	rule.from_port <= 1
	rule.to_port >= 65535
}

# `port` lies in the rule item's port range (a range that includes it counts).
port_in_range(rule, port) if {
	is_number(rule.from_port)
	is_number(rule.to_port)
	rule.from_port <= port
	port <= rule.to_port
}

# The rule item admits `port` over one of `protocols` (a set of "tcp"/"udp").
covers_port(rule, port, protocols) if {
	rule.protocol in protocols
	port_in_range(rule, port)
}

# A predefined ELB security policy whose minimum protocol is TLS 1.2 or later: the
# TLS13-1-2/TLS13-1-3 families (including their Res, Ext, FIPS and PQ variants), TLS-1-2 and
# FS-1-2. Every other predefined policy (ELBSecurityPolicy-2016-08, TLS-1-1, FS-2018-06,
# TLS13-1-0, TLS13-1-1, …) still negotiates TLS 1.0 or 1.1.
tls12_elb_policy(name) if {
	is_string(name)
	regex.match(`^ELBSecurityPolicy-(TLS13-1-[23]|TLS-1-2|FS-1-2)-`, name)
}

test_open_cidr if {
	is_open_cidr("0.0.0.0/0")
	is_open_cidr("::/0")
	not is_open_cidr("10.0.0.0/8")
	not is_open_cidr(null)
}

test_all_traffic if {
	all_traffic({"protocol": "-1", "from_port": null, "to_port": null})
	all_traffic({"protocol": "tcp", "from_port": 0, "to_port": 65535})
	not all_traffic({"protocol": "tcp", "from_port": 22, "to_port": 65535})
	not all_traffic({"protocol": "icmp", "from_port": -1, "to_port": -1})
}

test_ports if {
	covers_port({"protocol": "tcp", "from_port": 20, "to_port": 25}, 22, {"tcp"})
	not covers_port({"protocol": "udp", "from_port": 22, "to_port": 22}, 22, {"tcp"})
	not covers_port({"protocol": "tcp", "from_port": null, "to_port": null}, 22, {"tcp"})
	not port_in_range({"from_port": 23, "to_port": 80}, 22)
}

test_tls_policies if {
	tls12_elb_policy("ELBSecurityPolicy-TLS13-1-2-2021-06")
	tls12_elb_policy("ELBSecurityPolicy-TLS-1-2-Ext-2018-06")
	tls12_elb_policy("ELBSecurityPolicy-FS-1-2-Res-2020-10")
	tls12_elb_policy("ELBSecurityPolicy-TLS13-1-3-2021-06")
	not tls12_elb_policy("ELBSecurityPolicy-2016-08")
	not tls12_elb_policy("ELBSecurityPolicy-TLS-1-1-2017-01")
	not tls12_elb_policy("ELBSecurityPolicy-TLS13-1-1-2021-06")
	not tls12_elb_policy("ELBSecurityPolicy-FS-1-1-2019-08")
	not tls12_elb_policy(null)
}
