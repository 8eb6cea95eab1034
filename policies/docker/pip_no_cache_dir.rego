# METADATA
# title: pip install without --no-cache-dir
# description: >-
#   pip keeps every downloaded wheel and source archive in ~/.cache/pip, so the layer carries
#   a second copy of the installed packages. Not reported when the command has
#   `--no-cache-dir`, when PIP_NO_CACHE_DIR is set (as ENV in the stage or the stages it is
#   built FROM, or in front of the command), or when the RUN mounts a build cache on the pip
#   cache directory. Every stage is checked.
# scope: package
# related_resources:
#   - https://pip.pypa.io/en/stable/topics/caching/
#   - https://docs.docker.com/build/cache/optimize/#use-cache-mounts
# custom:
#   id: DOCKER-021
#   severity: LOW
#   recommended_action: >-
#     Add `--no-cache-dir` to `pip install`, set `ENV PIP_NO_CACHE_DIR=1`, or use
#     `RUN --mount=type=cache,target=/root/.cache/pip …`.
#   input:
#     selector:
#       - type: dockerfile
package rampart.docker.pip_no_cache_dir

import rego.v1

import data.rampart.lib.docker

deny contains {"msg": msg, "path": r.path} if {
	some r in docker.runs
	some c in docker.run_commands(r.ins)
	docker.pip_sub(c) == "install"
	not docker.has_option(c, {"--no-cache-dir"})
	not inline_env(c)
	not env_in_lineage(r.stage)
	not docker.cache_mount(r.ins, {"/root/.cache", "/root/.cache/pip"})
	msg := sprintf(
		"%s: RUN pip install keeps downloaded packages in ~/.cache/pip; add --no-cache-dir",
		[docker.stage_label(r.stage)],
	)
}

inline_env(c) if {
	some t in c.pre
	startswith(t, "PIP_NO_CACHE_DIR=")
}

env_in_lineage(i) if {
	some k in docker.lineage(i)
	some ins in docker.stages[k].instructions
	ins.cmd in {"ENV", "ARG"}
	some p in ins.pairs
	p.key == "PIP_NO_CACHE_DIR"
	is_string(p.value)
}
