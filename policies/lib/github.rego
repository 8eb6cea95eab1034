# Shared helpers for GitHub Actions policies (workflows and actions).
#
# The model is the file as GitHub reads it plus derived parts (see docs/writing-policies.md):
# `triggers` (event names), `uses_ref` beside every `uses` ({kind, owner, repo, path, ref,
# pinned}) and `expressions` (every `${{ }}`, with the contexts it reads, its path, line and
# column). These helpers give every rule the same view of the steps, of who can start a run,
# and of which contexts a stranger writes.
package rampart.lib.github

import rego.v1

triggers := object.get(input, "triggers", [])

# Events whose runs a stranger can start and that run with the base repository's secrets and
# a token that can write: a fork's pull request (`pull_request_target`), a run that follows one
# (`workflow_run`), an issue, a comment, a discussion.
privileged_triggers := {
	"pull_request_target",
	"workflow_run",
	"issue_comment",
	"issues",
	"discussion",
	"discussion_comment",
}

# Events a stranger can start whose runs from a fork get no secrets and a read-only token.
untrusted_triggers := {"pull_request", "pull_request_review", "pull_request_review_comment"}

privileged if {
	some t in triggers
	t in privileged_triggers
}

# The first privileged trigger, for messages.
privileged_trigger := min({t | some t in triggers; t in privileged_triggers})

untrusted if {
	some t in triggers
	t in untrusted_triggers
}

# Every step: [path, step], for workflows' jobs and composite actions alike.
steps contains [["jobs", j, "steps", i], step] if {
	some j, job in object.get(input, "jobs", {})
	some i, step in object.get(job, "steps", [])
}

steps contains [["runs", "steps", i], step] if {
	some i, step in object.get(object.get(input, "runs", {}), "steps", [])
}

# Every `uses`: [path of the object holding it, its uses_ref] (steps and reusable-workflow jobs).
uses contains [path, step.uses_ref] if {
	some [path, step] in steps
	step.uses_ref
}

uses contains [["jobs", j], job.uses_ref] if {
	some j, job in object.get(input, "jobs", {})
	job.uses_ref
}

# Whether a step runs `owner/repo` (any version, any path).
step_uses(step, owner, repo) if {
	step.uses_ref.kind == "action"
	lower(step.uses_ref.owner) == owner
	lower(step.uses_ref.repo) == repo
}

# Contexts a stranger writes: titles, bodies and branch names of pull requests, issues,
# comments, reviews and discussions; commit messages and authors; wiki page names.
attacker_controlled(ctx) if {
	some pattern in attacker_patterns
	regex.match(pattern, ctx)
}

attacker_patterns := [
	`^github\.event\.(issue|pull_request|discussion)\.(title|body)$`,
	`^github\.event\.(comment|review|review_comment)\.body$`,
	`^github\.event\.pull_request\.head\.(ref|label|repo\.default_branch)$`,
	`^github\.event\.pages\.[^.]+\.page_name$`,
	`^github\.event\.(commits\.[^.]+|head_commit)\.(message|author\.(email|name)|committer\.(email|name))$`,
	`^github\.event\.workflow_run\.(head_branch|display_title|head_commit\.(message|author\.(email|name)|committer\.(email|name))|pull_requests\.[^.]+\.head\.ref)$`,
	`^github\.head_ref$`,
]

# Contexts that name the pull request's code rather than the base branch's.
untrusted_ref(ctx) if {
	some pattern in [
		`^github\.event\.pull_request\.head\.(sha|ref)$`,
		`^github\.event\.pull_request\.merge_commit_sha$`,
		`^github\.head_ref$`,
		`^github\.event\.workflow_run\.(head_sha|head_branch)$`,
		`^github\.event\.workflow_run\.head_repository\.full_name$`,
	]
	regex.match(pattern, ctx)
}

# `line L, column C`, for messages that point inside a value.
at(e) := sprintf("line %d, column %d", [e.line, e.column])
