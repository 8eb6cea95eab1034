# METADATA
# title: ADD used where COPY suffices
# description: >-
#   ADD has implicit behaviour COPY lacks: it downloads URLs and unpacks local tar archives.
#   For plain local files that magic is a trap (a file that happens to be a tar archive is
#   unpacked instead of copied) and makes the Dockerfile harder to review. ADD of local tar
#   archives (`.tar`, `.tar.gz`, `.tgz`, …), where unpacking is the point, of remote sources
#   (see DOCKER-006), of heredocs, and of paths built from variables is not reported.
# scope: package
# related_resources:
#   - https://docs.docker.com/build/building/best-practices/#add-or-copy
#   - https://docs.docker.com/reference/dockerfile/#copy
# custom:
#   id: DOCKER-007
#   severity: LOW
#   recommended_action: Replace ADD with COPY for local files and directories.
#   input:
#     selector:
#       - type: dockerfile
#   frameworks:
#     cis-docker: ["4.9"]
package rampart.docker.add_instead_of_copy

import rego.v1

import data.rampart.lib.docker

deny contains {"msg": msg, "path": docker.instruction_path(i, j)} if {
	some i, s in docker.stages
	some j, ins in s.instructions
	ins.cmd == "ADD"
	count(object.get(ins, "heredocs", [])) == 0
	srcs := sources(ins)
	count(srcs) > 0
	every src in srcs {
		plain_local(src)
	}
	msg := sprintf(
		"%s: ADD copies local files only; use COPY, which does not unpack archives or fetch URLs",
		[docker.stage_label(i)],
	)
}

sources(ins) := [t |
	some k, t in ins.args
	k < count(ins.args) - 1
	not startswith(t, "--")
]

plain_local(src) if {
	not regex.match(`^(?i)[a-z][a-z0-9+.-]*://`, src)
	not startswith(src, "git@")
	not contains(src, "$")
	not startswith(src, "<<")
	not regex.match(`(?i)\.(tar|tgz|tbz|tbz2|txz|tzst|tlz|taz|tar\.(gz|bz2|xz|zst|lz|lzma|lz4|z))$`, src)
}
