# METADATA
# title: Remote script piped into a shell
# description: >-
#   `curl … | sh`, `wget -O- … | bash`, `bash -c "$(curl …)"` and `bash <(curl …)` run
#   whatever the server returns at build time, with no integrity check: a compromised
#   server, DNS or proxy executes code in the image build. The same applies to piping into
#   python, perl, ruby, node or php. Every stage is checked.
# scope: package
# related_resources:
#   - https://docs.docker.com/build/building/best-practices/#using-pipes
#   - https://www.cisecurity.org/benchmark/docker
# custom:
#   id: DOCKER-008
#   severity: HIGH
#   recommended_action: >-
#     Download the script to a file, verify its checksum or signature (`sha256sum -c`,
#     `gpg --verify`), then run it; or install the software from a signed package.
#   input:
#     selector:
#       - type: dockerfile
#   frameworks:
#     cis-docker: ["4.11"]
#     nist-800-53-r5: ["SI-7"]
#     soc2: ["CC6.8"]
package rampart.docker.curl_pipe_shell

import rego.v1

import data.rampart.lib.docker

_fetch := `(^|[\s/;&|(])(curl|wget)\s`

_interp := `(\S*/)?(sh|bash|dash|ash|zsh|ksh|python[0-9.]*|perl|ruby|node|php)`

# curl … | [sudo [-E]] [env] sh
_patterns contains sprintf(`%s[^|;&\n]*\|\s*((sudo|doas)\s+(-\S+\s+)*)?(env\s+)?%s(\s|$)`, [_fetch, _interp])

# sh -c "$(curl …)"  /  eval "$(curl …)"
_patterns contains sprintf(`(^|[\s;&|(])(%s|eval)\s+(-\S+\s+)*["']?\$\(\s*(curl|wget)\s`, [_interp])

# bash <(curl …)  /  source <(curl …)
_patterns contains sprintf(`(^|[\s;&|(])(%s|source|\.)\s+(-\S+\s+)*<\(\s*(curl|wget)\s`, [_interp])

deny contains {"msg": msg, "path": r.path} if {
	some r in docker.runs
	text := docker.script(r.ins)
	some p in _patterns
	regex.match(p, text)
	msg := sprintf(
		"%s: RUN pipes a downloaded script straight into an interpreter; download it to a file, verify its checksum or signature, then run it",
		[docker.stage_label(r.stage)],
	)
}
