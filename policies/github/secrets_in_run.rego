# METADATA
# title: Secret expanded into a step's script
# description: >-
#   GitHub replaces `${{ secrets.X }}` (and `${{ github.token }}`) in a `run:` script before the
#   shell starts, so the secret's value becomes part of the script's text: it is written to the
#   script file on the runner's disk, it can reach the command line of every process the script
#   starts (where any other process on the runner can read it), and log masking only hides the
#   value exactly as stored, not once the script has encoded, split or transformed it. MEDIUM;
#   HIGH when the script line holding the expression prints: an `echo` or `printf` command or a
#   `cat <<<` here-string on it with no pipe (`|`; `||` is not one) and no `>` anywhere on the
#   line, or the line is in the body of a `cat <<WORD` here-document whose `cat` line does
#   nothing else. A folded script (`run: >`) is judged by the lines the shell gets. Lines with
#   `::add-mask::`, which exists to hide a value, are not counted as printing.
# scope: package
# related_resources:
#   - https://docs.github.com/en/actions/security-for-github-actions/security-guides/using-secrets-in-github-actions#using-secrets-in-a-workflow
#   - https://docs.github.com/en/actions/security-for-github-actions/security-guides/security-hardening-for-github-actions#using-secrets
# custom:
#   id: GHA-013
#   severity: MEDIUM
#   recommended_action: 'Pass the secret through the step''s environment (`env: TOKEN: ${{ secrets.TOKEN }}`) and use the variable in the script (`"$TOKEN"`); never print it.'
#   input:
#     selector:
#       - type: github_workflow
#       - type: github_action
#   frameworks:
#     nist-800-53-r5: ["IA-5", "SC-28"]
#     soc2: ["CC6.1"]
package rampart.github.secrets_in_run

import rego.v1

import data.rampart.lib.github

deny contains {"msg": msg, "path": ["expressions", k], "severity": severity} if {
	some k, e in input.expressions
	run_script(e.path)
	names := sort([ctx | some ctx in e.contexts; secret(ctx)])
	count(names) > 0
	severity := severity_of(k, e)
	msg := sprintf(
		"%s: `${{ %s }}` pastes %s into the step's script%s; pass it through the step's `env:` and use the variable instead",
		[github.at(e), e.expr, concat(", ", names), printed(severity)],
	)
}

# The whole `secrets` context (`toJSON(secrets)`), one secret, or the job's token.
secret(ctx) if ctx == "secrets"

secret(ctx) if startswith(ctx, "secrets.")

secret(ctx) if ctx == "github.token"

# A step's `run:` (jobs' steps and composite actions' steps).
run_script(path) if {
	count(path) >= 3
	path[count(path) - 1] == "run"
	path[count(path) - 3] == "steps"
}

# The script line holding expression `k`: the n-th place its text appears in the script, n
# being how many expressions before it have the same text in the same script (the collector
# lists them in the order they are written). A folded script's lines are the shell's lines.
script_line(k, e) := line if {
	lines := split(object.get(input, e.path, ""), "\n")
	nth := count([j | some j, o in input.expressions; j < k; o.path == e.path; o.expr == e.expr])
	# Counted before indexing: regorus's bytecode binds an out-of-range index to an undefined
	# value instead of failing the body.
	hits := [i |
		some i, l in lines
		n := count(split(l, e.expr)) - 1
		n > 0
		some _ in numbers.range(1, n)
	]
	nth < count(hits)
	line := {"lines": lines, "index": hits[nth]}
}

severity_of(k, e) := "HIGH" if prints(script_line(k, e))

severity_of(k, e) := "MEDIUM" if not prints(script_line(k, e))

printed("HIGH") := ", and the line prints it to the log, where masking misses any transformed copy"

printed("MEDIUM") := ""

# `echo`, `printf` or `cat <<<` as a command on the line, with nothing taking its output.
prints(line) if {
	text := line.lines[line.index]
	not contains(text, "::add-mask::")
	regex.match(`(^|[;&|({]|\bthen|\bdo|\belse)\s*((echo|printf)(\s|$)|cat\s+<<<)`, text)
	not piped_or_redirected(text)
}

# The body of a `cat <<WORD` here-document (the `cat` line doing nothing else) not yet ended.
prints(line) if {
	text := line.lines[line.index]
	not contains(text, "::add-mask::")
	some j, opener in line.lines
	j < line.index
	match := regex.find_all_string_submatch_n(`^\s*cat\s+<<-?\s*['"]?([A-Za-z_][A-Za-z0-9_]*)['"]?\s*$`, opener, 1)
	count(match) == 1
	word := match[0][1]
	not ended(line.lines, j, line.index, word)
}

ended(lines, start, end, word) if {
	some t, l in lines
	t > start
	t < end
	trim_space(l) == word
}

piped_or_redirected(text) if regex.match(`(^|[^|])\|([^|]|$)`, text)

piped_or_redirected(text) if contains(text, ">")
