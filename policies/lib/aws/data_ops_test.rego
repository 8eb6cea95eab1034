package rampart.lib.aws.data_ops_test

import rego.v1

import data.rampart.lib.aws.data_ops

test_public_statement_needs_wildcard_and_no_restriction if {
	data_ops.public_statement({"Effect": "Allow", "Principal": "*", "Action": ["sqs:SendMessage"], "Condition": {}})
	data_ops.public_statement({"Effect": "Allow", "Principal": {"AWS": ["*"]}, "Action": ["sqs:*"], "Condition": {"Bool": {"aws:SecureTransport": ["true"]}}})
	not data_ops.public_statement({"Effect": "Deny", "Principal": "*", "Action": ["sqs:*"], "Condition": {}})
	not data_ops.public_statement({"Effect": "Allow", "Principal": {"AWS": ["arn:aws:iam::111122223333:root"]}, "Action": ["sqs:*"], "Condition": {}})
	not data_ops.public_statement({"Effect": "Allow", "Principal": "*", "Action": ["sqs:*"], "Condition": {"ArnEquals": {"aws:SourceArn": ["arn:aws:sns:eu-west-1:111122223333:t"]}}})
	not data_ops.public_statement({"Effect": "Allow", "Principal": "*", "Action": ["kms:Decrypt"], "Condition": {"StringEquals": {"kms:CallerAccount": ["111122223333"]}}})
	not data_ops.public_statement({"Effect": "Allow", "Principal": "*", "Action": ["sqs:*"], "Condition": null})
	not data_ops.public_statement({"Effect": "Allow", "Principal": "*", "Action": ["sqs:*"], "Condition": {"ArnEquals": {"aws:SourceArn": [null]}}})
	data_ops.public_statement({"Effect": "Allow", "Principal": "*", "Action": ["sqs:*"], "Condition": {"StringNotEquals": {"aws:SourceAccount": ["111122223333"]}}})
	data_ops.public_statement({"Effect": "Allow", "Principal": "*", "Action": ["sqs:*"], "Condition": {"StringLike": {"aws:SourceArn": ["*"]}}})
	not data_ops.public_statement({"Effect": "Allow", "Principal": null, "Action": ["sqs:*"], "Condition": {}})
}

test_public_statements_of_unknown_documents_are_empty if {
	count(data_ops.public_statements(null)) == 0
	data_ops.public_statements({"Statement": [null, {"Effect": "Allow", "Principal": "*", "Action": ["sns:Publish"], "Condition": {}}]}) == {1}
}

test_admin_document_skips_unknown_parts if {
	data_ops.admin_document({"Statement": [{"Effect": "Allow", "Action": ["*"], "Resource": ["*"]}]})
	data_ops.admin_document({"Statement": [null, {"Effect": "Allow", "Action": ["*:*"], "Resource": ["*"]}]})
	not data_ops.admin_document({"Statement": [{"Effect": "Allow", "Action": null, "Resource": ["*"]}]})
	not data_ops.admin_document({"Statement": [{"Effect": "Allow", "Action": ["s3:*"], "Resource": ["*"]}]})
	not data_ops.admin_document(null)
}

test_unknown_conditions_restrict if {
	not data_ops.public_statement({"Effect": "Allow", "Principal": "*", "Action": ["sqs:*"], "Condition": {"StringEquals": null}})
	not data_ops.public_statement({"Effect": "Allow", "Principal": {"AWS": null}, "Action": ["sqs:*"], "Condition": {}})
}
