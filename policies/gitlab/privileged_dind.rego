# METADATA
# title: Docker-in-Docker service needs a privileged runner
# description: >-
#   The `docker:dind` service only starts on a runner that runs containers privileged. From a
#   privileged container every line of the job's script can mount the host's disks and load
#   kernel modules: take over the runner host, read the other jobs it runs and their variables,
#   and stay there. With TLS turned off (`DOCKER_TLS_CERTDIR: ""`, or `DOCKER_HOST` on port
#   2375) the daemon also answers anyone on the job's network without a certificate (HIGH).
#   Images can be built without a Docker daemon (BuildKit rootless, Buildah, Kaniko's
#   successors), or on a dedicated runner that only trusted branches reach.
# scope: package
# related_resources:
#   - https://docs.gitlab.com/ci/docker/using_docker_build/#use-docker-in-docker
#   - https://docs.gitlab.com/runner/security/#usage-of-docker-executor
# custom:
#   id: GITLAB-002
#   severity: MEDIUM
#   recommended_action: 'Build images without a privileged daemon (rootless BuildKit or Buildah), or run these jobs on a dedicated runner tagged for them with `rules:` limiting them to protected branches; never set `DOCKER_TLS_CERTDIR: ""`.'
#   input:
#     selector:
#       - type: gitlab_ci
#   frameworks:
#     nist-800-53-r5: ["AC-6", "CM-7"]
#     soc2: ["CC6.1"]
package rampart.gitlab.privileged_dind

import rego.v1

import data.rampart.lib.gitlab

deny contains {"msg": msg, "path": ["images", k], "severity": severity} if {
	some k, image in input.images
	image.service
	regex.match(`(?i)(^|/)docker:([^@]*-)?dind`, image.image)
	owner := gitlab.owner(image.path)
	severity := tls_severity(image.path)
	msg := sprintf(
		"%s runs `%s`, which needs a privileged runner: any line of its script can take over the runner host%s",
		[owner, image.image, tls_note(image.path)],
	)
}

tls_off(path) if gitlab.variable(path, "DOCKER_TLS_CERTDIR") == ""

tls_off(path) if regex.match(`^tcp://[^/]*:2375\b`, gitlab.variable(path, "DOCKER_HOST"))

tls_severity(path) := "HIGH" if tls_off(path)

tls_severity(path) := "MEDIUM" if not tls_off(path)

tls_note(path) := ", and with TLS off its daemon obeys anyone on the job's network" if tls_off(path)

tls_note(path) := "" if not tls_off(path)
