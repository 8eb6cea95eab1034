# METADATA
# title: Packages installed without a version
# description: >-
#   `apt-get install curl`, `apk add curl` or `pip install requests` take whatever version the
#   mirror serves on the day of the build, so two builds of the same Dockerfile can hold
#   different code, a compromised or broken release slips in unnoticed, and a vulnerability
#   report cannot say which image has which version. Pinning each package (`curl=7.88.1-10`,
#   `curl=8.5.0-r0`, `requests==2.32.3`) makes the build reproducible and every upgrade a
#   reviewed change. Requirements files, local files and URLs are not reported: they carry
#   their own versions. Every stage is checked.
# scope: package
# related_resources:
#   - https://docs.docker.com/build/building/best-practices/#apt-get
#   - https://pip.pypa.io/en/stable/topics/repeatable-installs/
# custom:
#   id: DOCKER-026
#   severity: LOW
#   recommended_action: >-
#     Pin every package: `apt-get install curl=7.88.1-10+deb12u5`, `apk add curl=8.5.0-r0`,
#     `pip install requests==2.32.3` (or install from a requirements file with hashes), and let a
#     dependency bot raise the pins.
#   input:
#     selector:
#       - type: dockerfile
#   frameworks:
#     nist-800-53-r5: ["CM-2"]
package rampart.docker.package_versions

import rego.v1

import data.rampart.lib.docker

deny contains {"msg": msg, "path": r.path} if {
	some r in docker.runs
	some c in docker.run_commands(r.ins)
	unpinned := [p | some p in docker.installed_packages(c); not pinned(c, p)]
	count(unpinned) > 0
	msg := sprintf(
		"%s: RUN %s installs %s without a version; pin each package",
		[docker.stage_label(r.stage), verb(c), concat(", ", unpinned)],
	)
}

verb(c) := "apt-get install" if docker.apt_sub(c) == "install"

verb(c) := "apk add" if docker.apk_sub(c) == "add"

verb(c) := "pip install" if docker.pip_sub(c) == "install"

pinned(c, p) if {
	docker.name(c) in {"apt-get", "apt"}
	contains(p, "=")
}

pinned(c, p) if {
	docker.name(c) == "apk"
	regex.match(`[=~<>]`, p)
}

pinned(c, p) if {
	not docker.name(c) in {"apt-get", "apt", "apk"}
	regex.match(`==|~=|[<>]|!=|@`, p)
}
