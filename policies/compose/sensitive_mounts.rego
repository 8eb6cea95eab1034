# METADATA
# title: Service mounts the runtime socket or a sensitive host directory
# description: >-
#   A bind mount puts part of the host's filesystem in the container. The container runtime's
#   socket (`docker.sock`, `podman.sock`, `containerd.sock`, `crio.sock`) is its API: whoever
#   reaches it starts a privileged container with the host's disk mounted and owns the host,
#   and `:ro` does not change that, since connecting to a socket is not writing to a file
#   (CRITICAL, wherever the socket file is). The host's root `/` and its system directories
#   (`/etc`, `/proc`, `/sys`, `/boot`, `/dev`, `/root`, `/lib/modules`, `/usr`,
#   `/var/lib/docker`, `/var/run`, `/run`), a path below one of them or a directory above one
#   (`/var`, `/lib`) give away credentials, kernel settings, devices and other containers'
#   data, and when writable let the container plant files that the host runs: HIGH, MEDIUM
#   when mounted read-only, except a directory that holds the runtime socket where the runtimes
#   put it (`/`, `/run`, `/var/run`, `/run/containerd`, …), which stays HIGH read-only. One
#   finding is reported per `volumes` entry, short or long syntax, at the entry. Named and
#   anonymous volumes, relative paths (`./data`), home directories (`~/…`), other host paths
#   and sources left to a variable that `.env` does not set are not reported, nor are
#   `devices:` or volumes that a driver binds.
# scope: package
# related_resources:
#   - https://docs.docker.com/reference/compose-file/services/#volumes
#   - https://docs.docker.com/engine/security/#docker-daemon-attack-surface
#   - https://owasp.org/www-project-docker-top-10/
# custom:
#   id: COMPOSE-004
#   severity: CRITICAL
#   recommended_action: 'Remove the bind mount. Give a service that must drive containers a socket proxy that allows only the API calls it needs (or a rootless runtime of its own); mount the one file or subdirectory a service needs, read-only (`./config/app.conf:/etc/app.conf:ro`), or use a named volume.'
#   input:
#     selector:
#       - type: compose
#   frameworks:
#     cis-docker: ["5.5", "5.31"]
#     nist-800-53-r5: ["AC-6", "SC-39"]
package rampart.compose.sensitive_mounts

import rego.v1

import data.rampart.lib.compose

socket_names := {"docker.sock", "podman.sock", "containerd.sock", "crio.sock", "cri-dockerd.sock"}

# The host directories a container must not see, and what is in them.
sensitive_dirs := {
	"/etc": "host configuration, users and password hashes",
	"/proc": "the host's processes and kernel settings",
	"/sys": "kernel, cgroup and device settings",
	"/boot": "the host's kernels and boot loader",
	"/dev": "the host's devices, its disks included",
	"/root": "root's home, with its SSH keys and credentials",
	"/lib/modules": "the kernel modules the host loads",
	"/usr": "the host's programs and libraries",
	"/var/lib/docker": "the filesystems, images and volumes of every container",
	"/var/run": "the host's runtime sockets and state",
	"/run": "the host's runtime sockets and state",
}

# Where the runtimes put their sockets (`/var/run` is `/run`).
socket_paths := {
	"/run/docker.sock",
	"/run/containerd/containerd.sock",
	"/run/crio/crio.sock",
	"/run/podman/podman.sock",
	"/run/cri-dockerd.sock",
}

# "/etc/" -> "/etc", "/" -> "".
normalized(p) := trim_right(p, "/")

runtime_socket(source) if {
	parts := split(normalized(source), "/")
	parts[count(parts) - 1] in socket_names
}

# `p` (normalized) is `dir` or below it.
within(p, dir) if p == dir

within(p, dir) if startswith(p, concat("", [dir, "/"]))

covering(p) := {d | some d, _ in sensitive_dirs; within(p, d)}

# The sensitive directories strictly below `p`: what mounting a parent gives away.
holds(p) := {d | some d, _ in sensitive_dirs; startswith(d, concat("", [p, "/"]))}

as_run(p) := concat("", ["/run", substring(p, count("/var/run"), -1)]) if within(p, "/var/run")

as_run(p) := p if not within(p, "/var/run")

# A directory that holds a runtime socket where the runtimes put it.
holds_socket(p) if {
	some s in socket_paths
	within(s, as_run(p))
}

what(p) := "`/` (the host's whole filesystem)" if p == ""

what(p) := sprintf("`%s` (%s)", [p, sensitive_dirs[p]]) if p in object.keys(sensitive_dirs)

what(p) := sprintf("`%s` (in `%s`: %s)", [p, d, sensitive_dirs[d]]) if {
	some d in covering(p)
	p != d
}

what(p) := sprintf("`%s` (which holds %s)", [p, concat(" and ", held)]) if {
	p != ""
	count(covering(p)) == 0
	held := [sprintf("`%s`", [d]) | some d in sort(holds(p))]
	count(held) > 0
}

severity(p, _) := "HIGH" if holds_socket(p)

severity(p, false) := "HIGH" if not holds_socket(p)

severity(p, true) := "MEDIUM" if not holds_socket(p)

deny contains {"msg": msg, "path": ["services", name, "mounts", i], "severity": "CRITICAL"} if {
	some name, service in compose.services
	some i, m in object.get(service, "mounts", [])
	m.type == "bind"
	is_string(m.source)
	runtime_socket(m.source)
	msg := sprintf(
		"service `%s` mounts the container runtime socket `%s`: it can start a privileged container and take over the host, read-only or not",
		[name, m.source],
	)
}

deny contains {"msg": msg, "path": ["services", name, "mounts", i], "severity": severity(p, ro)} if {
	some name, service in compose.services
	some i, m in object.get(service, "mounts", [])
	m.type == "bind"
	is_string(m.source)
	startswith(m.source, "/")
	not runtime_socket(m.source)
	p := normalized(m.source)
	ro := read_only(m)
	msg := sprintf("service `%s` mounts host path %s%s", [name, what(p), note(p, ro)])
}

read_only(m) := true if m.read_only == true

read_only(m) := false if not m.read_only == true

note(p, true) := " read-only, but the runtime socket in it stays usable" if holds_socket(p)

note(p, true) := " read-only" if not holds_socket(p)

note(_, false) := " read-write"
