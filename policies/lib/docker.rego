# Shared helpers for Dockerfile policies.
#
# The Dockerfile model is described in docs/writing-policies.md. These helpers give every
# policy the same view of: which stages make up the shipped image (the final stage and the
# earlier stages it is built FROM), how to name a stage in a message, and what a RUN
# instruction executes, split into simple shell commands.
package rampart.lib.docker

import rego.v1

stages := object.get(input, "stages", [])

# Index of the last stage: the image that ships.
final_index := count(stages) - 1 if count(stages) > 0

# `stage "build"` or `stage 2`, for messages.
stage_label(i) := sprintf("stage %q", [stages[i].name]) if is_string(stages[i].name)

stage_label(i) := sprintf("stage %d", [i]) if not is_string(stages[i].name)

instruction_path(i, j) := ["stages", i, "instructions", j]

# The image a FROM names, as written after ARG substitution: "ubuntu:22.04", "alpine@sha256:…".
image_ref(from) := concat("", [from.image, tag_part(from), digest_part(from)])

tag_part(from) := sprintf(":%s", [from.tag]) if is_string(from.tag)

tag_part(from) := "" if not is_string(from.tag)

digest_part(from) := sprintf("@%s", [from.digest]) if is_string(from.digest)

digest_part(from) := "" if not is_string(from.digest)

# A stage whose base is an image pulled from a registry (not scratch, not an earlier stage,
# and fully resolved, so that image/tag/digest are known).
external_base(i) if {
	from := stages[i].from
	from.stage == false
	from.scratch == false
	from.resolved == true
	is_string(from.image)
}

# ---------------------------------------------------------------------------------------
# Stage lineage: `FROM build AS final` inherits USER, HEALTHCHECK, EXPOSE, CMD, … from the
# stage named build. Rego has no recursion, so the chain is unrolled (8 levels).

# The name a stage-referencing FROM points to.
_ref_name(from) := from.image if is_string(from.image)

_ref_name(from) := name if {
	not is_string(from.image)
	toks := [t | some t in split(trim_space(from.raw), " "); t != ""; not startswith(t, "--")]
	name := toks[0]
}

# parent_of[i] is the index of the earlier stage stage i is built FROM.
parent_of[i] := k if {
	some i, s in stages
	s.from.stage == true
	ks := {k |
		some k, t in stages
		k < i
		is_string(t.name)
		lower(t.name) == lower(_ref_name(s.from))
	}
	count(ks) > 0
	k := max(ks)
}

# Stage i and every stage it (transitively) builds on.
lineage(i) := (((((({i} | {k | k := parent_of[i]}) | {k | k := parent_of[parent_of[i]]}) | {k | k := parent_of[parent_of[parent_of[i]]]}) | {k | k := parent_of[parent_of[parent_of[parent_of[i]]]]}) | {k | k := parent_of[parent_of[parent_of[parent_of[parent_of[i]]]]]}) | {k | k := parent_of[parent_of[parent_of[parent_of[parent_of[parent_of[i]]]]]]}) | {k | k := parent_of[parent_of[parent_of[parent_of[parent_of[parent_of[parent_of[i]]]]]]]}

# The stages whose instructions make up the shipped image.
final_lineage := lineage(final_index)

# [i, j] of the instruction `cmd` that takes effect in the shipped image: the last one in
# the nearest stage of the final lineage that has one. Undefined when there is none.
effective(cmd) := [i, j] if {
	holders := {k |
		some k in final_lineage
		some ins in stages[k].instructions
		ins.cmd == cmd
	}
	count(holders) > 0
	i := max(holders)
	j := max({n | some n, ins in stages[i].instructions; ins.cmd == cmd})
}

# ---------------------------------------------------------------------------------------
# Shell commands of a RUN instruction.

# Every RUN instruction: {"stage": i, "index": j, "ins": instruction, "path": [...]}.
runs contains {"stage": i, "index": j, "ins": ins, "path": instruction_path(i, j)} if {
	some i, s in stages
	some j, ins in s.instructions
	ins.cmd == "RUN"
}

# The text a RUN instruction hands to the shell (exec form: its arguments joined), without
# comments. For a heredoc RUN the `<<EOF` markers are removed, and the heredoc bodies are
# part of the script only when a shell runs them: `RUN <<EOF`, `RUN <<EOF bash`, or a body
# whose #! line names a shell. `RUN python3 <<EOF` or `RUN cat <<EOF >file` do not run their
# bodies as shell.
script(ins) := _drop_comments(concat(" ", ins.args)) if ins.exec == true

script(ins) := _drop_comments(ins.value) if {
	ins.exec != true
	count(object.get(ins, "heredocs", [])) == 0
}

script(ins) := _drop_comments(concat("\n", array.concat([_heredoc_cmdline(ins)], bodies))) if {
	ins.exec != true
	count(object.get(ins, "heredocs", [])) > 0
	bodies := [h.body | some h in ins.heredocs; _shell_body(ins, h)]
}

# The command line of a heredoc RUN, markers removed: "python3", "bash", "".
_heredoc_cmdline(ins) := trim_space(regex.replace(
	split(ins.value, "\n")[0],
	`<<-?[ \t]*["']?[A-Za-z_][A-Za-z0-9_]*["']?`,
	" ",
))

_heredoc_interpreter(ins) := basename(_tokens(_heredoc_cmdline(ins))[0])

_shell_body(ins, h) if {
	_heredoc_cmdline(ins) == ""
	not startswith(h.body, "#!")
}

_shell_body(ins, h) if {
	_heredoc_cmdline(ins) == ""
	startswith(h.body, "#!")
	shebang := _tokens(trim_prefix(split(h.body, "\n")[0], "#!"))
	_shebang_shell(shebang)
}

_shell_body(ins, _) if _heredoc_interpreter(ins) in _shells

_shebang_shell(toks) if basename(toks[0]) in _shells

_shebang_shell(toks) if {
	basename(toks[0]) == "env"
	basename(toks[1]) in _shells
}

_drop_comments(s) := regex.replace(s, `(?m)(^|\s)#.*$`, "${1}")

# Separators between simple commands: && || ; | newline, command substitution, subshells.
_separators := `&&|\|\||;|\||\n|\$\(|[()\x60]`

_tokens(seg) := [u |
	some t in regex.split(`\s+`, trim_space(seg))
	u := trim(t, `"'`)
	u != ""
	u != "\\"
]

basename(t) := parts[count(parts) - 1] if parts := split(t, "/")

_prefix_words := {
	"then", "do", "else", "elif", "if", "while", "until", "!", "{", "}",
	"time", "exec", "command", "nohup", "sudo", "env", "doas",
}

_letters := "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz"

_name_chars := concat("", [_letters, "_0123456789"])

# `NAME=value`, an assignment in front of the command. String builtins rather than a regex:
# this runs on every word of every RUN line, and a regex match costs ten times as much.
_is_prefix(t) if {
	i := indexof(t, "=")
	i > 0
	trim_left(substring(t, 0, i), _name_chars) == ""
	contains(concat("", [_letters, "_"]), substring(t, 0, 1))
}

_is_prefix(t) if basename(t) in _prefix_words

_is_prefix(t) if startswith(t, "-")

# Split a token list into the wrapper words in front of the command (`sudo`, `env`,
# `FOO=bar`, `then`, …) and the command's argv.
_split_prefix(toks) := {"pre": array.slice(toks, 0, k), "argv": array.slice(toks, k, count(toks))} if {
	ks := [k | some k, t in toks; not _is_prefix(t)]
	k := ks[0]
}

_shells := {"sh", "bash", "dash", "ash", "zsh", "ksh"}

# Index of the -c option of `sh -c …` / `bash -euxc …`.
_shell_c(argv) := cs[0] if {
	basename(argv[0]) in _shells
	cs := [k | some k, t in argv; k > 0; _c_flag(t)]
	count(cs) > 0
}

# `-c`, alone or among other one-letter options (`-euxc`).
_c_flag(t) if {
	startswith(t, "-")
	flags := trim_prefix(t, "-")
	contains(flags, "c")
	trim_left(flags, _letters) == ""
}

# `sh -c "apt-get install …"` is the command apt-get.
_unwrap(c) := {"pre": array.concat(c.pre, inner.pre), "argv": inner.argv} if {
	k := _shell_c(c.argv)
	inner := _split_prefix(array.slice(c.argv, k + 1, count(c.argv)))
}

_unwrap(c) := c if not _shell_c(c.argv)

# The simple commands of a script, each {"pre": [...], "argv": [...]}. Quotes are
# stripped from tokens; a command inside `sh -c "…"` or `$(…)` is a command of its own.
commands(text) := [u |
	some seg in regex.split(_separators, text)
	c := _split_prefix(_tokens(seg))
	u := _unwrap(c)
]

# The simple commands a RUN instruction executes.
run_commands(ins) := commands(script(ins))

# The command's name without its directory: "/usr/bin/apt-get" → "apt-get".
name(c) := basename(c.argv[0])

# True if some argument of the command equals one of `opts` or starts with `opt=`.
has_option(c, opts) if {
	some t in c.argv
	t in opts
}

has_option(c, opts) if {
	some t in c.argv
	some o in opts
	startswith(t, sprintf("%s=", [o]))
}

# The subcommand of a tool such as apt-get, apk, yum or pip: the first argument that is not
# an option or the value of an option listed in `argopts`. `start` is the index of the
# tool's own name in argv.
_subcommand_index(argv, start, argopts) := ks[0] if {
	ks := [k |
		some k, t in argv
		k > start
		not startswith(t, "-")
		not argv[k - 1] in argopts
	]
	count(ks) > 0
}

_apt_argopts := {"-o", "-c", "-t", "--option", "--config-file", "--target-release", "--default-release"}

# apt-get / apt subcommand: "install", "update", "upgrade", …
apt_sub(c) := c.argv[_subcommand_index(c.argv, 0, _apt_argopts)] if name(c) in {"apt-get", "apt"}

_apk_argopts := {"-X", "--repository", "-p", "--root", "--arch", "--cache-dir", "--keys-dir", "--repositories-file"}

apk_sub(c) := c.argv[_subcommand_index(c.argv, 0, _apk_argopts)] if name(c) == "apk"

_yum_argopts := {
	"-c", "--config", "--installroot", "--releasever", "--setopt", "--enablerepo",
	"--disablerepo", "-x", "--exclude", "-d", "--debuglevel", "-e", "--errorlevel",
	"--repo", "--repoid", "--nodocs-placeholder",
}

yum_sub(c) := c.argv[_subcommand_index(c.argv, 0, _yum_argopts)] if name(c) in {"yum", "dnf", "microdnf", "tdnf"}

# Arguments after the subcommand (packages, options).
args_after(c, k) := array.slice(c.argv, k + 1, count(c.argv))

# Non-option arguments after the subcommand of yum/dnf.
yum_packages(c) := [t |
	k := _subcommand_index(c.argv, 0, _yum_argopts)
	some t in args_after(c, k)
	not startswith(t, "-")
]

_pip_argopts := {
	"--cache-dir", "--log", "--proxy", "--retries", "--timeout", "--exists-action",
	"--trusted-host", "--cert", "--client-cert", "-i", "--index-url", "--extra-index-url",
	"--python",
}

# Index in argv of the word `pip` for `pip …`, `pip3.12 …`, `python3 -m pip …`.
_pip_index(c) := 0 if regex.match(`^pip[0-9.]*$`, name(c))

_pip_index(c) := k + 1 if {
	regex.match(`^python[0-9.]*$`, name(c))
	some k, t in c.argv
	t == "-m"
	c.argv[k + 1] == "pip"
}

pip_sub(c) := c.argv[_subcommand_index(c.argv, _pip_index(c), _pip_argopts)]

# The packages a command installs, as written (`curl`, `curl=7.88.1-10`, `requests==2.32.3`):
# the non-option arguments after `install` / `add`, without option values, local files, URLs
# and shell variables.
installed_packages(c) := _packages(c, _subcommand_index(c.argv, 0, _apt_argopts), _apt_install_argopts) if {
	apt_sub(c) == "install"
}

installed_packages(c) := _packages(c, _subcommand_index(c.argv, 0, _apk_argopts), _apk_add_argopts) if {
	apk_sub(c) == "add"
}

installed_packages(c) := _packages(c, _subcommand_index(c.argv, _pip_index(c), _pip_argopts), _pip_install_argopts) if {
	pip_sub(c) == "install"
}

_apt_install_argopts := _apt_argopts

_apk_add_argopts := _apk_argopts | {"-t", "--virtual"}

_pip_install_argopts := _pip_argopts | {
	"-r", "--requirement", "-c", "--constraint", "-e", "--editable", "-t", "--target",
	"--prefix", "--root", "-f", "--find-links", "--platform", "--python-version",
	"--implementation", "--abi", "--upgrade-strategy", "--src", "--progress-bar",
	"--global-option", "--config-settings", "-C", "--report",
}

_packages(c, k, argopts) := [t |
	some i, t in c.argv
	i > k
	not startswith(t, "-")
	not c.argv[i - 1] in argopts
	not _not_a_package_name(t)
]

_not_a_package_name(t) if contains(t, "/")

_not_a_package_name(t) if contains(t, "$")

_not_a_package_name(t) if startswith(t, ".")

_not_a_package_name(t) if startswith(t, "~")

_not_a_package_name(t) if regex.match(`\.(deb|apk|whl|zip|tar\.gz|tgz)$`, t)

# ---------------------------------------------------------------------------------------
# RUN --mount flags.

# True if the RUN instruction mounts a build cache at `target` (or at a parent of it).
cache_mount(ins, targets) if {
	some f in object.get(ins, "flags", [])
	startswith(f, "--mount=")
	opts := split(trim_prefix(f, "--mount="), ",")
	"type=cache" in opts
	some o in opts
	kv := split(o, "=")
	kv[0] in {"target", "dst", "destination"}
	trim_right(kv[1], "/") in targets
}

# ---------------------------------------------------------------------------------------
# chmod modes.

_chmod_argopts := {"--reference"}

# The mode argument of every chmod found in the command (also `find … -exec chmod MODE`).
chmod_modes(c) := {mode |
	some k, t in c.argv
	basename(t) == "chmod"
	m := _subcommand_index(c.argv, k, _chmod_argopts)
	mode := c.argv[m]
}

# Octal mode string: world-writable without the sticky bit.
world_writable_mode(mode) if {
	regex.match(`^[0-7]{3,4}$`, mode)
	digits := split(mode, "")
	digits[count(digits) - 1] in {"2", "3", "6", "7"}
	not _sticky(mode)
}

# Symbolic mode (`o+w`, `a+rwx`, `ugo=rwx`): gives others write permission, no sticky bit.
world_writable_mode(mode) if {
	not regex.match(`^[0-7]{3,4}$`, mode)
	some clause in split(mode, ",")
	regex.match(`^[ugoa]*[oa][ugoa]*[+=][rwxXst]*w`, clause)
	not _sticky(mode)
}

_sticky(mode) if {
	regex.match(`^[0-7]{4}$`, mode)
	substring(mode, 0, 1) in {"1", "3", "5", "7"}
}

_sticky(mode) if {
	not regex.match(`^[0-7]{3,4}$`, mode)
	some clause in split(mode, ",")
	regex.match(`^[ugoa]*[+=][rwxXs]*t`, clause)
}

# Mode that sets the setuid bit.
setuid_mode(mode) if {
	regex.match(`^[0-7]{4}$`, mode)
	substring(mode, 0, 1) in {"4", "5", "6", "7"}
}

setuid_mode(mode) if {
	not regex.match(`^[0-7]{3,4}$`, mode)
	some clause in split(mode, ",")
	regex.match(`^(|[ugoa]*[ua][ugoa]*)[+=][rwxXt]*s`, clause)
}
