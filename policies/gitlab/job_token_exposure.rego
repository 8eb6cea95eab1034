# METADATA
# title: The job token is sent or shown where GitLab cannot protect it
# description: >-
#   `CI_JOB_TOKEN` acts as the user who started the pipeline on the projects that allow it
#   (their repositories, packages, registry, releases) until the job ends. GitLab masks it in
#   the log and expects it to be sent only to GitLab itself. Reported: a script line that sends
#   it to another host, named literally in an `http(s)://` URL (MEDIUM: use `$CI_SERVER_URL`,
#   `$CI_API_V4_URL` or `$CI_REGISTRY` for the instance's own addresses, which also covers
#   self-managed hosts); a line that prints it through an encoder (`base64`, `xxd`, `od`,
#   `rev`, `hexdump`), whose output masking does not recognise (HIGH); and a line that passes it
#   as a password on the command line (`-p`, `--password`), where every process of the job can
#   read it (LOW).
# scope: package
# related_resources:
#   - https://docs.gitlab.com/ci/jobs/ci_job_token/
#   - https://docs.docker.com/reference/cli/docker/login/#password-stdin
# custom:
#   id: GITLAB-006
#   severity: HIGH
#   recommended_action: 'Send the token only to `$CI_SERVER_URL`, `$CI_API_V4_URL` or `$CI_REGISTRY`; never print it, encoded or not; give it to tools on standard input (`echo "$CI_JOB_TOKEN" | docker login -u gitlab-ci-token --password-stdin "$CI_REGISTRY"`).'
#   input:
#     selector:
#       - type: gitlab_ci
#   frameworks:
#     nist-800-53-r5: ["IA-5", "SC-28"]
#     soc2: ["CC6.1"]
package rampart.gitlab.job_token_exposure

import rego.v1

import data.rampart.lib.gitlab

# Hosts that are GitLab's own whatever the instance: its variables, and GitLab.com.
gitlab_host(host) if startswith(host, "$")

gitlab_host(host) if lower(host) in {"gitlab.com", "registry.gitlab.com"}

deny contains {"msg": msg, "path": ["references", k], "severity": "MEDIUM"} if {
	some k, r in token_references
	hosts := {m[1] |
		some m in regex.find_all_string_submatch_n(`https?://(?:[^/\s"'@]*@)?([^/\s"':]+)`, r.command, -1)
		not gitlab_host(m[1])
	}
	count(hosts) > 0
	msg := sprintf(
		"%s: sends $CI_JOB_TOKEN to `%s`, which is not this GitLab; name the instance with $CI_SERVER_URL or $CI_API_V4_URL",
		[gitlab.at(r), min(hosts)],
	)
}

deny contains {"msg": msg, "path": ["references", k], "severity": "HIGH"} if {
	some k, r in token_references
	regex.match(`^(echo|printf)\b`, r.command)
	# Counted before indexing: the bytecode engine does not fail an index past the end.
	encoders := regex.find_all_string_submatch_n(`\|\s*(base64|xxd|od|rev|hexdump)\b`, r.command, 1)
	count(encoders) > 0
	encoder := encoders[0][1]
	not contains(r.command, ">")
	msg := sprintf(
		"%s: prints $CI_JOB_TOKEN through `%s` into the job log, where masking does not recognise it",
		[gitlab.at(r), encoder],
	)
}

deny contains {"msg": msg, "path": ["references", k], "severity": "LOW"} if {
	some k, r in token_references
	regex.match(`(^|\s)(-p|--password)(\s+|=)["']?\$\{?CI_JOB_TOKEN\b`, r.command)
	msg := sprintf(
		"%s: passes $CI_JOB_TOKEN as a command-line password, which every process of the job can read; use --password-stdin",
		[gitlab.at(r)],
	)
}

token_references[k] := r if {
	some k, r in input.references
	r.name == "CI_JOB_TOKEN"
	r.quote != "'"
}
