# METADATA
# title: Service adds a capability that reaches the host
# description: >-
#   `cap_add` gives the container's root user Linux capabilities beyond Docker's default set.
#   Some of them open the host kernel to it: ALL (as good as `privileged`), SYS_ADMIN (mounts
#   and most of the kernel's administrative interfaces, the usual container escape), SYS_MODULE
#   (loads kernel modules), SYS_PTRACE (reads and injects code into other processes),
#   SYS_RAWIO (raw device and I/O port access), SYS_BOOT (reboots the host or loads another
#   kernel), SYS_TIME (sets the clock every container shares), DAC_READ_SEARCH (opens host files
#   by handle, the "shocker" escape), NET_ADMIN (rewrites interfaces, routes and firewall
#   rules), BPF and PERFMON (load BPF programs and read kernel memory), MAC_ADMIN and
#   MAC_OVERRIDE (change or bypass AppArmor and SELinux). Each of these entries is reported at
#   its line, written in any case, with or without the `CAP_` prefix; other capabilities
#   (NET_BIND_SERVICE, CHOWN, …) and `cap_drop` are not reported, nor is a value left to a
#   variable that `.env` does not set.
# scope: package
# related_resources:
#   - https://docs.docker.com/reference/compose-file/services/#cap_add
#   - https://docs.docker.com/engine/containers/run/#runtime-privilege-and-linux-capabilities
#   - https://man7.org/linux/man-pages/man7/capabilities.7.html
# custom:
#   id: COMPOSE-002
#   severity: HIGH
#   recommended_action: 'Remove the capability from `cap_add`; start from `cap_drop: [ALL]` and add back only what the process needs (often `NET_BIND_SERVICE`), or give the task to a separate, trusted tool on the host.'
#   input:
#     selector:
#       - type: compose
#   frameworks:
#     cis-docker: ["5.3"]
#     nist-800-53-r5: ["AC-6"]
package rampart.compose.dangerous_capabilities

import rego.v1

import data.rampart.lib.compose

# What a process in the container can do with each capability.
dangerous := {
	"ALL": "it has every capability, as good as `privileged`",
	"SYS_ADMIN": "it can mount filesystems and use most of the kernel's administrative interfaces, the usual way out of a container",
	"SYS_MODULE": "it can load modules into the host kernel",
	"SYS_PTRACE": "it can read and inject code into other processes",
	"SYS_RAWIO": "it can reach devices and I/O ports directly",
	"SYS_BOOT": "it can reboot the host or load another kernel",
	"SYS_TIME": "it can set the clock of the host and of every container on it",
	"DAC_READ_SEARCH": "it can open the host's files by handle, outside its own filesystem",
	"NET_ADMIN": "it can rewrite network interfaces, routes and firewall rules (the host's with `network_mode: host`)",
	"BPF": "it can load BPF programs into the host kernel",
	"PERFMON": "it can read kernel and process data through performance monitoring",
	"MAC_ADMIN": "it can change the AppArmor or SELinux policy",
	"MAC_OVERRIDE": "it can bypass AppArmor and SELinux",
}

canonical(cap) := trim_prefix(upper(trim_space(cap)), "CAP_")

deny contains {"msg": msg, "path": ["services", name, "cap_add", i]} if {
	some name, service in compose.services
	some i, cap in object.get(service, "cap_add", [])
	is_string(cap)
	what := dangerous[canonical(cap)]
	msg := sprintf("service `%s` adds capability %s: %s", [name, cap, what])
}
