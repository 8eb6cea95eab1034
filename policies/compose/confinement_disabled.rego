# METADATA
# title: Service runs without seccomp, AppArmor or SELinux confinement
# description: >-
#   Docker confines every container with a seccomp profile (which blocks the system calls used to
#   escape, such as `mount`, `unshare` and `keyctl`), an AppArmor profile or SELinux labels, and
#   masks the sensitive paths of `/proc` and `/sys`. Turning one of them off leaves a process in
#   the container one kernel bug or one mistake away from the host. Each `security_opt` entry
#   that turns one off is reported (`seccomp:unconfined`, `apparmor:unconfined`,
#   `label:disable`, `systempaths=unconfined`, with `:` or `=`, in any case); a custom profile
#   (`seccomp:profile.json`, `apparmor:my-profile`) and other SELinux `label:` options are not.
#   `privileged: true`, which also drops them, is COMPOSE-001.
# scope: package
# related_resources:
#   - https://docs.docker.com/reference/compose-file/services/#security_opt
#   - https://docs.docker.com/engine/security/seccomp/
#   - https://docs.docker.com/engine/security/apparmor/
# custom:
#   id: COMPOSE-009
#   severity: HIGH
#   recommended_action: 'Remove the `security_opt` entry; if the service needs a system call or path the defaults block, write a custom seccomp or AppArmor profile that allows only that one (`seccomp:./seccomp.json`).'
#   input:
#     selector:
#       - type: compose
#   frameworks:
#     cis-docker: ["5.21", "5.1"]
package rampart.compose.confinement_disabled

import rego.v1

import data.rampart.lib.compose

deny contains {"msg": msg, "path": ["services", name, "security_opt", i]} if {
	some name, service in compose.services
	options := object.get(service, "security_opt", [])
	is_array(options)
	some i, option in options
	is_string(option)
	what := disabled[normalize(option)]
	msg := sprintf("service `%s` runs %s (`%s`): remove it", [name, what, trim_space(option)])
}

# `seccomp : unconfined` → `seccomp:unconfined`.
normalize(option) := lower(replace(option, " ", ""))

disabled := {
	"seccomp:unconfined": "without a seccomp profile",
	"seccomp=unconfined": "without a seccomp profile",
	"apparmor:unconfined": "without an AppArmor profile",
	"apparmor=unconfined": "without an AppArmor profile",
	"label:disable": "without SELinux labels",
	"label=disable": "without SELinux labels",
	"systempaths=unconfined": "with the sensitive paths of /proc and /sys unmasked",
}
