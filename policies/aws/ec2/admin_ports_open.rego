# METADATA
# title: Security group exposes an administration or database port to the internet
# description: >-
#   Telnet, FTP, SMB, RPC, VNC, WinRM, Docker, etcd, kubelet and database ports (SQL Server,
#   Oracle, MySQL, PostgreSQL, Redis, Memcached, MongoDB, Elasticsearch, Cassandra, CouchDB…)
#   are not meant to face the internet: they are scanned continuously and many have no or weak
#   authentication by default. SSH, RDP and all-port rules have rules of their own
#   (AWS-EC2-001, -002, -003).
# scope: package
# related_resources:
#   - https://docs.aws.amazon.com/vpc/latest/userguide/security-group-rules.html
#   - https://docs.aws.amazon.com/securityhub/latest/userguide/ec2-controls.html#ec2-19
# custom:
#   id: AWS-EC2-004
#   severity: HIGH
#   recommended_action: >-
#     Remove the internet source from the rule; allow the port only from the application's
#     security group or private address ranges, and reach administrative services over a VPN or
#     Session Manager.
#   input:
#     selector:
#       - type: cloud
#         service: ec2
#   frameworks:
#     nist-800-53-r5: ["AC-4", "SC-7", "CM-7"]
#     pci-dss-4.0: ["1.3.1", "1.4.4", "2.2.4"]
#     soc2: ["CC6.6"]
package rampart.aws.ec2.admin_ports_open

import rego.v1

import data.rampart.lib.aws.network as net

services := [
	{"port": 20, "name": "FTP data"},
	{"port": 21, "name": "FTP"},
	{"port": 23, "name": "Telnet"},
	{"port": 135, "name": "MS RPC"},
	{"port": 137, "name": "NetBIOS"},
	{"port": 138, "name": "NetBIOS"},
	{"port": 139, "name": "NetBIOS"},
	{"port": 445, "name": "SMB"},
	{"port": 1433, "name": "SQL Server"},
	{"port": 1434, "name": "SQL Server browser"},
	{"port": 1521, "name": "Oracle"},
	{"port": 2375, "name": "Docker API"},
	{"port": 2376, "name": "Docker API"},
	{"port": 2379, "name": "etcd"},
	{"port": 2380, "name": "etcd"},
	{"port": 3306, "name": "MySQL"},
	{"port": 5432, "name": "PostgreSQL"},
	{"port": 5601, "name": "Kibana"},
	{"port": 5900, "name": "VNC"},
	{"port": 5984, "name": "CouchDB"},
	{"port": 5985, "name": "WinRM"},
	{"port": 5986, "name": "WinRM"},
	{"port": 6379, "name": "Redis"},
	{"port": 7000, "name": "Cassandra"},
	{"port": 7001, "name": "Cassandra"},
	{"port": 9042, "name": "Cassandra"},
	{"port": 9200, "name": "Elasticsearch"},
	{"port": 9300, "name": "Elasticsearch"},
	{"port": 10250, "name": "kubelet"},
	{"port": 11211, "name": "Memcached"},
	{"port": 27017, "name": "MongoDB"},
	{"port": 27018, "name": "MongoDB"},
]

deny contains {"msg": msg, "ref": o.group.__ref, "path": o.path} if {
	some o in net.open_ingress
	not net.all_traffic(o.rule)
	exposed := [sprintf("%d (%s)", [s.port, s.name]) |
		some s in services
		net.covers_port(o.rule, s.port, {"tcp", "udp"})
	]
	count(exposed) > 0
	msg := sprintf(
		"%s exposes %s to %s; allow these ports only from private ranges or the application's security group",
		[o.group.__ref, concat(", ", exposed), concat(", ", o.cidrs)],
	)
}
