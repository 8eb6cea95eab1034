# METADATA
# title: ADD downloads a remote file without verifying it
# description: >-
#   `ADD https://…` (or a Git URL) fetches content at build time. Without `--checksum`
#   (or, for Git, a pinned commit), nothing checks that the download is the file that was
#   reviewed: a compromised or changed server changes the image silently. Every stage is
#   checked.
# scope: package
# related_resources:
#   - https://docs.docker.com/reference/dockerfile/#add
#   - https://docs.docker.com/reference/dockerfile/#add---checksum
#   - https://docs.docker.com/build/building/best-practices/#add-or-copy
# custom:
#   id: DOCKER-006
#   severity: MEDIUM
#   recommended_action: >-
#     Add `--checksum=sha256:<hash>` to the ADD, pin Git sources to a commit
#     (`#<40-hex commit>`), or download in a RUN step and verify the checksum there.
#   input:
#     selector:
#       - type: dockerfile
#   frameworks:
#     cis-docker: ["4.9"]
#     nist-800-53-r5: ["SI-7"]
#     soc2: ["CC6.8"]
package rampart.docker.add_remote

import rego.v1

import data.rampart.lib.docker

deny contains {"msg": msg, "path": docker.instruction_path(i, j)} if {
	some i, s in docker.stages
	some j, ins in s.instructions
	ins.cmd == "ADD"
	not checksum(ins)
	some src in sources(ins)
	unverified(src)
	msg := sprintf(
		"%s: ADD downloads a remote source without a checksum; add --checksum=sha256:<hash>, pin Git sources to a commit, or download and verify in RUN",
		[docker.stage_label(i)],
	)
}

# Every argument but the destination.
sources(ins) := [t |
	some k, t in ins.args
	k < count(ins.args) - 1
	not startswith(t, "--")
]

checksum(ins) if {
	some f in object.get(ins, "flags", [])
	startswith(f, "--checksum=")
}

git_source(src) if startswith(src, "git@")

git_source(src) if regex.match(`^(?i)(git|ssh)://`, src)

git_source(src) if regex.match(`^(?i)https?://[^#]+\.git(#.*)?$`, src)

# An HTTP(S)/FTP download.
unverified(src) if {
	regex.match(`^(?i)(https?|ftp)://`, src)
	not git_source(src)
}

# A Git repository not pinned to a full commit id.
unverified(src) if {
	git_source(src)
	not regex.match(`#[0-9a-fA-F]{40}(:.*)?$`, src)
}
