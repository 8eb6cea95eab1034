# METADATA
# title: Database or control port published on every interface
# description: >-
#   A `ports` entry without a host address publishes the container on every interface of the
#   host, and Docker opens it in its own iptables rules, ahead of the host's firewall (ufw,
#   firewalld). Databases, caches and search engines often run with a default or no password
#   when a stack starts locally, and their ports are scanned for around the clock: the data is
#   read, wiped or ransomed within hours. The Docker API (2375, 2376) and etcd (2379) hand out
#   the host or the cluster: HIGH. MySQL and MariaDB (3306), PostgreSQL (5432), SQL Server
#   (1433), Oracle (1521), MongoDB (27017), Redis (6379), Memcached (11211), Elasticsearch
#   (9200, 9300), CouchDB (5984), Cassandra (9042), InfluxDB (8086), Neo4j (7474), the RabbitMQ
#   management UI (15672), Kibana (5601) and Consul (8500) are MEDIUM. The container port
#   (`target`, the first of a range) says what listens, whatever the host port; an entry bound
#   to an address (`127.0.0.1:5432:5432`, `[::1]:6379:6379`, `host_ip` in the long syntax),
#   UDP entries and other ports are not reported, nor is `expose`, which publishes nothing.
# scope: package
# related_resources:
#   - https://docs.docker.com/reference/compose-file/services/#ports
#   - https://docs.docker.com/engine/network/packet-filtering-firewalls/#docker-and-ufw
#   - https://docs.docker.com/engine/security/protect-access/
# custom:
#   id: COMPOSE-006
#   severity: HIGH
#   recommended_action: 'Remove the `ports` entry when only other services use the port (they reach it over the Compose network by service name), or bind it to the loopback: `127.0.0.1:5432:5432`.'
#   input:
#     selector:
#       - type: compose
#   frameworks:
#     cis-docker: ["5.13"]
#     nist-800-53-r5: ["SC-7", "CM-7"]
package rampart.compose.exposed_admin_ports

import rego.v1

import data.rampart.lib.compose

# The container ports judged: what listens there, and how bad it is to publish it.
admin_ports := {
	"2375": ["the unencrypted Docker API", "HIGH"],
	"2376": ["the Docker API over TLS", "HIGH"],
	"2379": ["etcd", "HIGH"],
	"3306": ["MySQL/MariaDB", "MEDIUM"],
	"5432": ["PostgreSQL", "MEDIUM"],
	"1433": ["SQL Server", "MEDIUM"],
	"1521": ["Oracle Database", "MEDIUM"],
	"27017": ["MongoDB", "MEDIUM"],
	"6379": ["Redis", "MEDIUM"],
	"11211": ["Memcached", "MEDIUM"],
	"9200": ["Elasticsearch", "MEDIUM"],
	"9300": ["Elasticsearch's transport", "MEDIUM"],
	"5984": ["CouchDB", "MEDIUM"],
	"9042": ["Cassandra", "MEDIUM"],
	"8086": ["InfluxDB", "MEDIUM"],
	"7474": ["Neo4j", "MEDIUM"],
	"15672": ["the RabbitMQ management UI", "MEDIUM"],
	"5601": ["Kibana", "MEDIUM"],
	"8500": ["Consul's API", "MEDIUM"],
}

# `host_ip` values that mean every interface.
every_interface := {"", "0.0.0.0", "::", "[::]"}

# "5432" -> "5432", "9200-9300" -> "9200".
first_port(target) := trim_space(split(target, "-")[0])

host_port(b) := sprintf("host port %s", [b.published]) if {
	is_string(b.published)
	not contains(b.published, "-")
}

host_port(b) := sprintf("host ports %s", [b.published]) if {
	is_string(b.published)
	contains(b.published, "-")
}

host_port(b) := "a host port Docker picks" if not is_string(b.published)

what("2375") := "anyone who reaches the host can run containers on it and take it over"

what("2376") := "whoever gets past its TLS can run containers on the host and take it over"

what("2379") := "anyone who reaches the host can read and rewrite the cluster's state"

what(port) := "anyone who reaches the host can try its login, or use it if it has none" if not port in {"2375", "2376", "2379"}

deny contains {"msg": msg, "path": ["services", name, "port_bindings", i], "severity": info[1]} if {
	some name, service in compose.services
	some i, b in object.get(service, "port_bindings", [])
	b.host_ip in every_interface
	lower(object.get(b, "protocol", "tcp")) != "udp"
	is_string(b.target)
	port := first_port(b.target)
	info := admin_ports[port]
	msg := sprintf(
		"service `%s` publishes %s (container port %s) on every host interface, at %s: %s",
		[name, info[0], port, host_port(b), what(port)],
	)
}
