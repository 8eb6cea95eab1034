# Shared helpers for the data and operations services (RDS, CloudTrail, KMS, CloudWatch Logs,
# Lambda, SQS, SNS, DynamoDB, ECR) of the cloud model; docs/cloud-model/data-ops.md describes
# the entities.
#
# Resource policies (key, queue, topic and repository policies) are normalised documents (see
# scanner/src/cloud/aws/policy_document.rs): every list is an array, a principal is "*" or an
# object of arrays, a condition is {operator: {key: [values]}}, and anything unknown is null,
# which none of these helpers reads as public.
package rampart.lib.aws.data_ops

import rego.v1

import data.rampart.lib.aws.iam

# A statement for any principal is public unless its condition pins the caller: the IAM
# library's restricting keys (account, organisation, source, network, principal) with fixed
# values, or kms:CallerAccount in a key policy. An unknown condition, or an unknown value of a
# restricting key (an unresolved `!Ref` or attribute), is taken as restricting, so that
# nothing fires on what cannot be known.
restricted(stmt) if not well_formed_condition(stmt)

restricted(stmt) if {
	well_formed_condition(stmt)
	iam.restricted_by_condition(stmt)
}

restricted(stmt) if {
	well_formed_condition(stmt)
	some op, keys in stmt.Condition
	iam.positive_operator(op)
	some key, values in keys
	lower(key) in (iam.restricting_keys | {"kms:calleraccount"})
	unknown_values(values)
}

restricted(stmt) if {
	well_formed_condition(stmt)
	some op, keys in stmt.Condition
	iam.positive_operator(op)
	some key, values in keys
	lower(key) == "kms:calleraccount"
	is_array(values)
	count(values) > 0
	every v in values {
		is_string(v)
		not contains(v, "*")
	}
}

# A condition that is known down to its keys (values may still be unknown).
well_formed_condition(stmt) if {
	is_object(stmt.Condition)
	every _, keys in stmt.Condition {
		is_object(keys)
	}
}

unknown_values(values) if values == null

unknown_values(values) if {
	is_array(values)
	null in values
}

# The statement names every principal: "*" or {"AWS": [.., "*", ..]}.
wildcard_principal(stmt) if stmt.Principal == "*"

wildcard_principal(stmt) if {
	is_object(stmt.Principal)
	is_array(stmt.Principal.AWS)
	"*" in stmt.Principal.AWS
}

# An Allow statement any AWS principal in any account (or anonymous caller) can use.
public_statement(stmt) if {
	stmt.Effect == "Allow"
	wildcard_principal(stmt)
	not restricted(stmt)
}

# The document allows every action on every resource (administrator access). Statements
# with unknown parts are skipped rather than guessed.
admin_document(doc) if {
	is_object(doc)
	is_array(doc.Statement)
	some stmt in doc.Statement
	is_object(stmt)
	is_array(stmt.Action)
	is_array(stmt.Resource)
	iam.is_admin_statement(stmt)
}

# Indexes of the public statements of a policy document (none for a null document).
public_statements(doc) := {i |
	is_object(doc)
	is_array(doc.Statement)
	some i, stmt in doc.Statement
	is_object(stmt)
	public_statement(stmt)
}

# The actions of a statement, for messages.
actions_text(stmt) := concat(", ", [a | some a in stmt.Action; is_string(a)]) if {
	is_array(stmt.Action)
	count(stmt.Action) > 0
}

actions_text(stmt) := "every action but those in NotAction" if {
	is_array(stmt.Action)
	count(stmt.Action) == 0
}

actions_text(stmt) := "unknown actions" if not is_array(stmt.Action)
