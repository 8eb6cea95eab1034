# METADATA
# title: TLS or package signature verification disabled
# description: >-
#   Options such as `curl -k`/`--insecure`, `wget --no-check-certificate`,
#   `apt-get --allow-unauthenticated`/`--force-yes`, an apt source marked `[trusted=yes]`,
#   `apk --allow-untrusted`, `yum/dnf --nogpgcheck`, `rpm --nosignature`, `pip --trusted-host`,
#   `npm config set strict-ssl false`, `git -c http.sslVerify=false`, and environment
#   variables such as `NODE_TLS_REJECT_UNAUTHORIZED=0`, `GIT_SSL_NO_VERIFY` or
#   `PYTHONHTTPSVERIFY=0` turn off the checks that prove a download or package comes from
#   who it claims to. Anyone on the network path can then replace what goes into the image.
#   Every stage is checked.
# scope: package
# related_resources:
#   - https://www.cisecurity.org/benchmark/docker
#   - https://curl.se/docs/sslcerts.html
# custom:
#   id: DOCKER-009
#   severity: HIGH
#   recommended_action: >-
#     Remove the option or variable; install the CA certificate or signing key the source
#     needs instead (e.g. COPY a corporate CA and run update-ca-certificates).
#   input:
#     selector:
#       - type: dockerfile
#   frameworks:
#     cis-docker: ["4.11"]
#     nist-800-53-r5: ["SI-7"]
#     soc2: ["CC6.8"]
package rampart.docker.verification_disabled

import rego.v1

import data.rampart.lib.docker

deny contains {"msg": msg, "path": hit.path} if {
	some hit in hits
	msg := sprintf(
		"%s: %s disables TLS or signature verification; remove it and trust the needed CA certificate or signing key instead",
		[docker.stage_label(hit.stage), hit.what],
	)
}

# RUN commands -------------------------------------------------------------------------

run_hits contains {"r": r, "c": c} if {
	some r in docker.runs
	some c in docker.run_commands(r.ins)
}

hits contains {"stage": x.r.stage, "path": x.r.path, "what": what} if {
	some x in run_hits
	some what in command_flags(x.c)
}

# curl: --insecure, or -k alone or in a group of short flags (-fsSLk).
_curl_argflags := "oHdXuAebcTwxrmCEKQYyzUF"

command_flags(c) := {"RUN curl --insecure" |
	some t in c.argv
	curl_insecure(t)
} if docker.name(c) == "curl"

curl_insecure(t) if t == "--insecure"

curl_insecure(t) if {
	regex.match(`^-[a-zA-Z]*k[a-zA-Z]*$`, t)
	before := split(trim_prefix(t, "-"), "k")[0]
	not regex.match(sprintf("[%s]", [_curl_argflags]), before)
}

command_flags(c) := {"RUN wget --no-check-certificate" |
	"--no-check-certificate" in c.argv
} if docker.name(c) == "wget"

command_flags(c) := {sprintf("RUN %s %s", [docker.name(c), t]) |
	some t in c.argv
	apt_insecure(t)
} if docker.name(c) in {"apt-get", "apt", "aptitude"}

apt_insecure(t) if t in {"--allow-unauthenticated", "--force-yes", "--allow-insecure-repositories"}

apt_insecure(t) if regex.match(`(?i)^(acquire::https?::verify-(peer|host)=(false|0|no)|apt::get::allowunauthenticated=(true|1|yes)|acquire::allowinsecurerepositories=(true|1|yes))$`, t)

command_flags(c) := {sprintf("RUN apk %s", [t]) |
	some t in c.argv
	t == "--allow-untrusted"
} if docker.name(c) == "apk"

command_flags(c) := {sprintf("RUN %s %s", [docker.name(c), t]) |
	some t in c.argv
	yum_insecure(t)
} if docker.name(c) in {"yum", "dnf", "microdnf", "tdnf", "zypper"}

yum_insecure(t) if t in {"--nogpgcheck", "--no-gpg-checks"}

yum_insecure(t) if regex.match(`(?i)^--setopt=([^=]*\.)?(sslverify|gpgcheck|repo_gpgcheck)=(0|false|no)$`, t)

command_flags(c) := {sprintf("RUN rpm %s", [t]) |
	some t in c.argv
	t in {"--nosignature", "--nodigest", "--nogpgcheck"}
} if docker.name(c) == "rpm"

command_flags(c) := {"RUN pip --trusted-host" |
	docker.has_option(c, {"--trusted-host"})
} if docker.pip_sub(c)

command_flags(c) := {sprintf("RUN %s strict-ssl false", [docker.name(c)]) |
	regex.match(`(?i)(^|\s)(--)?strict-ssl(=|\s+)false(\s|$)`, concat(" ", c.argv))
} if docker.name(c) in {"npm", "yarn", "pnpm"}

command_flags(c) := {"RUN git http.sslVerify false" |
	regex.match(`(?i)(^|\s)http\.sslverify(=|\s+)(false|0|no|off)(\s|$)`, concat(" ", c.argv))
} if docker.name(c) == "git"

# An apt source marked [trusted=yes] is used without checking its signature.
hits contains {"stage": r.stage, "path": r.path, "what": "RUN apt source [trusted=yes]"} if {
	some r in docker.runs
	regex.match(`\[[^\]]*\btrusted=yes\b[^\]]*\]`, docker.script(r.ins))
}

# FOO=bar in front of any command.
hits contains {"stage": x.r.stage, "path": x.r.path, "what": sprintf("RUN %s=…", [key])} if {
	some x in run_hits
	some t in x.c.pre
	contains(t, "=")
	key := split(t, "=")[0]
	insecure_env(key, trim_prefix(t, sprintf("%s=", [key])))
}

# ENV instructions ---------------------------------------------------------------------

hits contains {"stage": i, "path": docker.instruction_path(i, j), "what": sprintf("ENV %s", [p.key])} if {
	some i, s in docker.stages
	some j, ins in s.instructions
	ins.cmd == "ENV"
	some p in ins.pairs
	insecure_env(p.key, p.value)
}

insecure_env(key, value) if {
	upper(key) == "NODE_TLS_REJECT_UNAUTHORIZED"
	trim(value, `"'`) == "0"
}

insecure_env(key, value) if {
	upper(key) == "PYTHONHTTPSVERIFY"
	trim(value, `"'`) == "0"
}

# git disables verification whenever the variable is set.
insecure_env(key, value) if {
	upper(key) == "GIT_SSL_NO_VERIFY"
	is_string(value)
}

insecure_env(key, value) if {
	upper(key) in {"NPM_CONFIG_STRICT_SSL", "YARN_STRICT_SSL"}
	lower(trim(value, `"'`)) == "false"
}

insecure_env(key, value) if {
	upper(key) == "PIP_TRUSTED_HOST"
	trim(value, `"'`) != ""
}
