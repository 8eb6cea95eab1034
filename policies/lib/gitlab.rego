# Shared helpers for GitLab CI/CD policies.
#
# The model is the pipeline file as written, with its jobs and templates under `jobs`, plus
# derived parts (see docs/writing-policies.md): `includes`, `images`, `commands` (every script
# line) and `references` (every `$NAME` a script expands), each with its path and, for script
# lines, the line and column. These helpers give every rule the same view of variables and of
# the values a stranger writes.
package rampart.lib.gitlab

import rego.v1

jobs := object.get(input, "jobs", {})

# The value of variable `name` for the job at `path` (`["jobs", NAME]`), or of the pipeline:
# a job's own wins over the global one. A variable may be `{value: …, description: …}`.
variable(path, name) := value(job_variables(path)[name])

variable(path, name) := value(input.variables[name]) if not has_key(job_variables(path), name)

job_variables(path) := object.get(jobs[path[1]], "variables", {}) if {
	count(path) >= 2
	path[0] == "jobs"
} else := {}

has_key(obj, key) if _ = obj[key]

value(v) := v.value if is_object(v)

value(v) := v if not is_object(v)

# Predefined variables whose text a stranger writes, with who: `HIGH` for a merge request's
# text (anyone who can open one, from a fork too), `MEDIUM` for commit and branch text (anyone
# who can push a branch or open a merge request from one).
attacker_variables := {
	"CI_MERGE_REQUEST_TITLE": ["the merge request's title", "HIGH"],
	"CI_MERGE_REQUEST_DESCRIPTION": ["the merge request's description", "HIGH"],
	"CI_MERGE_REQUEST_SOURCE_BRANCH_NAME": ["the merge request's branch name", "HIGH"],
	"CI_EXTERNAL_PULL_REQUEST_SOURCE_BRANCH_NAME": ["the external pull request's branch name", "HIGH"],
	"CI_COMMIT_MESSAGE": ["the commit message", "MEDIUM"],
	"CI_COMMIT_TITLE": ["the commit title", "MEDIUM"],
	"CI_COMMIT_DESCRIPTION": ["the commit description", "MEDIUM"],
	"CI_COMMIT_TAG_MESSAGE": ["the tag message", "MEDIUM"],
	"CI_COMMIT_AUTHOR": ["the commit author", "MEDIUM"],
	"CI_COMMIT_BRANCH": ["the branch name", "MEDIUM"],
	"CI_COMMIT_REF_NAME": ["the branch or tag name", "MEDIUM"],
}

# `line L, column C`, for messages that point inside a script.
at(e) := sprintf("line %d, column %d", [e.line, e.column])

# What to call the owner of a path: `job `build``, `the template `.setup``, `default:`.
owner(path) := sprintf("the template `%s`", [path[1]]) if {
	path[0] == "jobs"
	startswith(path[1], ".")
} else := sprintf("job `%s`", [path[1]]) if {
	path[0] == "jobs"
} else := "`default:`" if {
	path[0] == "default"
} else := "the pipeline"
