# METADATA
# title: A script prints every CI/CD variable into the job log
# description: >-
#   `env`, `printenv`, `export -p`, `set` and `declare -p` print every variable the job has.
#   Masking hides only variables marked masked whose value it can match; the others (variables
#   defined in the pipeline file, unmasked project and group variables, values masking cannot
#   take) land in the job log, which everyone who can see the pipeline reads (in a public
#   project, everyone), and which is kept with the job. Printing one named variable, or
#   filtering the output (`env | grep '^CI_COMMIT'`), is not reported.
# scope: package
# related_resources:
#   - https://docs.gitlab.com/ci/variables/#mask-a-cicd-variable
#   - https://docs.gitlab.com/ci/variables/#cicd-variable-security
# custom:
#   id: GITLAB-007
#   severity: MEDIUM
#   recommended_action: 'Print only the variables you need (`echo "$CI_COMMIT_SHA"`), or filter the dump to known names (`env | grep ''^CI_COMMIT_''`); mark every secret variable masked and protected.'
#   input:
#     selector:
#       - type: gitlab_ci
#   frameworks:
#     nist-800-53-r5: ["SC-28", "AU-9"]
#     soc2: ["CC6.1"]
package rampart.gitlab.environment_dump

import rego.v1

import data.rampart.lib.gitlab

deny contains {"msg": msg, "path": ["commands", k]} if {
	some k, c in input.commands
	# Counted before indexing: the bytecode engine does not fail an index past the end.
	matches := regex.find_all_string_submatch_n(dump, c.command, 1)
	count(matches) > 0
	m := matches[0]
	not regex.match(`\|\s*(grep|egrep|fgrep|awk|sed)\b`, c.command)
	msg := sprintf("%s: `%s` prints every CI/CD variable into the job log", [gitlab.at(c), trim_space(m[1])])
}

dump := `^(env|printenv|export(?:\s+-p)?|set|declare\s+-[a-zA-Z]*[px][a-zA-Z]*|compgen\s+-v)\s*(?:$|[|;&>])`
