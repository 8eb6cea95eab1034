# Helpers for IAM policy documents in the cloud model.
#
# Documents are normalised by the adapters (scanner/src/cloud/aws/policy_document.rs): every
# statement has Sid, Effect, Action, NotAction, Resource, NotResource (arrays), Principal and
# NotPrincipal ("*", an object of arrays, or null) and Condition ({operator: {key: [strings]}}).
# Action names and condition keys keep the case they were written in; IAM compares them
# case-insensitively, so these helpers do too. Unknown values are null and match nothing.
#
# regorus stops a rule with an error on `some x in null` (OPA would leave it undefined):
# iterate `list(...)` and `entries(...)` of anything that may be unknown.
package rampart.lib.aws.iam

import rego.v1

# An array as itself, anything else (null, undefined) as [].
list(x) := x if is_array(x)

list(x) := [] if not is_array(x)

# An object as itself, anything else as {}.
entries(x) := x if is_object(x)

entries(x) := {} if not is_object(x)

# Every identity policy document of the model, with where it sits:
# {"ref": entity ref, "path": model path of the document, "doc": the document,
#  "label": what it is, for messages}.
identity_documents contains {"ref": p.__ref, "path": ["document"], "doc": p.document, "label": label} if {
	some p in input.aws.iam.policies
	is_object(p.document)
	label := sprintf("managed policy %s", [p.__ref])
}

identity_documents contains {"ref": e.__ref, "path": ["policies", i, "document"], "doc": pol.document, "label": label} if {
	some collection, kind in principal_kinds
	some e in input.aws.iam[collection]
	some i, pol in list(e.policies)
	is_object(pol.document)
	label := sprintf("inline policy %s of %s %s", [policy_name(pol), kind, e.__ref])
}

principal_kinds := {"users": "user", "groups": "group", "roles": "role"}

# The unit's roles and customer managed policies by ref, for rules that follow a reference
# (a function's role_ref, an attachment's ref).
roles_by_ref := {r.__ref: r | some r in object.get(object.get(input.aws, "iam", {}), "roles", [])}

policies_by_ref := {p.__ref: p | some p in object.get(object.get(input.aws, "iam", {}), "policies", [])}

policy_name(pol) := sprintf("%q", [pol.name]) if is_string(pol.name)

policy_name(pol) := "(unnamed)" if not is_string(pol.name)

# Allow statements of a document, with their index: {k: statement}.
allow_statements(doc) := {k: s |
	some k, s in list(doc.Statement)
	s.Effect == "Allow"
}

# `pattern` (an IAM action or resource with * and ? wildcards) matches `value`, ignoring case.
# Most patterns are a plain name or end in their only `*` (`s3:Get*`, `iam:*`, `*`): those are
# compared as strings, since a regex is compiled per pattern and this runs for every action of
# every statement against every sensitive action.
wildcard_match(pattern, value) if {
	is_string(pattern)
	is_string(value)
	not _has_wildcard(pattern)
	lower(pattern) == lower(value)
}

wildcard_match(pattern, value) if {
	is_string(pattern)
	is_string(value)
	endswith(pattern, "*")
	prefix := substring(pattern, 0, count(pattern) - 1)
	not _has_wildcard(prefix)
	startswith(lower(value), lower(prefix))
}

# Other wildcards go through a regex. Anything but letters, digits and : * ? - _ . / is
# refused rather than risked in one.
wildcard_match(pattern, value) if {
	is_string(pattern)
	is_string(value)
	_has_inner_wildcard(pattern)
	regex.match(`^[A-Za-z0-9:*?_./-]*$`, pattern)
	expr := replace(replace(replace(lower(pattern), ".", `\.`), "?", "."), "*", ".*")
	regex.match(concat("", ["^", expr, "$"]), lower(value))
}

_has_wildcard(p) if contains(p, "*")

_has_wildcard(p) if contains(p, "?")

_has_inner_wildcard(p) if contains(p, "?")

_has_inner_wildcard(p) if contains(substring(p, 0, count(p) - 1), "*")

# The statement's Action covers every action ("*", or "*:*" which IAM reads the same way).
all_actions(stmt) if {
	some a in list(stmt.Action)
	a in {"*", "*:*"}
}

# The statement applies to every resource.
all_resources(stmt) if "*" in stmt.Resource

# IAM actions that, on every resource, let their holder give itself more permissions: attach
# or write policies, rewrite a policy version it already has, or take over other identities.
escalation_actions := [
	"iam:AddUserToGroup",
	"iam:AttachGroupPolicy",
	"iam:AttachRolePolicy",
	"iam:AttachUserPolicy",
	"iam:CreateAccessKey",
	"iam:CreateLoginProfile",
	"iam:CreatePolicyVersion",
	"iam:PutGroupPolicy",
	"iam:PutRolePolicy",
	"iam:PutUserPolicy",
	"iam:SetDefaultPolicyVersion",
	"iam:UpdateAssumeRolePolicy",
	"iam:UpdateLoginProfile",
]

# The escalation actions an Allow statement grants on every resource, unless it requires a
# permissions boundary. "*", "*:*" and "service:*" are left to the rules on broad grants.
escalations(stmt) := {action |
	all_resources(stmt)
	not count(condition_values(stmt, "iam:PermissionsBoundary")) > 0
	some action in escalation_actions
	some a in list(stmt.Action)
	is_string(a)
	not broad_action(a)
	wildcard_match(a, action)
}

broad_action(a) if a in {"*", "*:*"}

broad_action(a) if regex.match(`^[A-Za-z0-9-]+:\*$`, a)

# An Allow of every action on every resource: administrator access (CIS "*:*").
is_admin_statement(stmt) if {
	stmt.Effect == "Allow"
	all_actions(stmt)
	all_resources(stmt)
}

is_admin_document(doc) if {
	some s in list(doc.Statement)
	is_admin_statement(s)
}

# The document allows every action (on some resource).
allows_all_actions(doc) if {
	some s in list(doc.Statement)
	s.Effect == "Allow"
	all_actions(s)
}

# The Allow statement grants `action` (an exact action name): through Action, or through a
# NotAction that does not exclude it.
allows_action(stmt, action) if {
	stmt.Effect == "Allow"
	some a in list(stmt.Action)
	wildcard_match(a, action)
}

allows_action(stmt, action) if {
	stmt.Effect == "Allow"
	is_array(stmt.NotAction)
	count(stmt.NotAction) > 0
	every a in stmt.NotAction {
		is_string(a)
		not wildcard_match(a, action)
	}
}

# The statement's Action entry that grants `action`, if any (for messages).
granting_action(stmt, action) := a if {
	some a in list(stmt.Action)
	wildcard_match(a, action)
}

# Everyone: "Principal": "*" or {"AWS": "*"} (resource and trust policies).
public_principal(stmt) if stmt.Principal == "*"

public_principal(stmt) if "*" in stmt.Principal.AWS

# Condition keys that tie a public statement to specific callers, networks or resources; AWS
# does not consider a policy public when one of them has a fixed value
# (https://docs.aws.amazon.com/AmazonS3/latest/userguide/access-control-block-public-access.html#access-control-block-public-access-policy-status).
restricting_keys := {
	"aws:principalaccount",
	"aws:principalarn",
	"aws:principalorgid",
	"aws:principalorgpaths",
	"aws:sourceaccount",
	"aws:sourcearn",
	"aws:sourceip",
	"aws:sourceowner",
	"aws:sourcevpc",
	"aws:sourcevpce",
	"aws:sourceorgid",
	"aws:sourceorgpaths",
	"aws:userid",
	"s3:dataaccesspointaccount",
	"s3:dataaccesspointarn",
}

# Operators that match fixed values (not negations, not "any value but").
positive_operator(op) if {
	base := trim_suffix(lower(op), "ifexists")
	not startswith(base, "stringnot")
	not startswith(base, "arnnot")
	not startswith(base, "notip")
	not startswith(base, "numericnot")
	not startswith(base, "datenot")
	base != "null"
	not startswith(base, "forallvalues:stringnot")
	not startswith(base, "foranyvalue:stringnot")
}

# The statement is limited by a restricting key compared with fixed, non-wildcard values. An
# unknown value counts as fixed: it is almost always a reference to a specific resource
# (`aws:SourceArn = aws_cloudfront_distribution.site.arn`). An unknown condition block may
# restrict anything, so it counts too: rules built on this never fire on what they cannot see.
restricted_by_condition(stmt) if stmt.Condition == null

restricted_by_condition(stmt) if {
	some op, keys in entries(stmt.Condition)
	positive_operator(op)
	some key, values in entries(keys)
	lower(key) in restricting_keys
	fixed_values(values)
}

# Condition values that name specific things: unknown, or non-empty strings without wildcards
# that are not "any address".
fixed_values(values) if values == null

fixed_values(values) if {
	is_array(values)
	count(values) > 0
	every v in values {
		fixed_value(v)
	}
}

fixed_value(v) if v == null

fixed_value(v) if {
	is_string(v)
	not contains(v, "*")
	not v in {"", "0.0.0.0/0", "::/0"}
}

# The values a statement's condition compares `key` with (any positive operator, any case).
condition_values(stmt, key) := [v |
	some op, keys in entries(stmt.Condition)
	positive_operator(op)
	some k, values in entries(keys)
	lower(k) == lower(key)
	some v in list(values)
]

# The name of an AWS managed policy ARN (arn:<partition>:iam::aws:policy/[path/]Name).
aws_managed_policy_name(arn) := name if {
	is_string(arn)
	regex.match(`^arn:[a-z-]+:iam::aws:policy/([^/]+/)*[^/]+$`, arn)
	parts := split(arn, "/")
	name := parts[count(parts) - 1]
}

# Attached managed policies of a principal that are the AWS managed policy `name`:
# {index: attachment}.
attached_aws_policy(entity, name) := {i: a |
	some i, a in list(entity.attached_policies)
	aws_managed_policy_name(a.arn) == name
}
