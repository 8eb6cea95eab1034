package rampart.lib.aws.iam_test

import rego.v1

import data.rampart.lib.aws.iam

stmt(fields) := object.union(
	{
		"Sid": null, "Effect": "Allow", "Action": [], "NotAction": [], "Resource": [], "NotResource": [],
		"Principal": null, "NotPrincipal": null, "Condition": {},
	},
	fields,
)

test_wildcard_match if {
	iam.wildcard_match("s3:*", "S3:GetObject")
	iam.wildcard_match("iam:Pass?ole", "iam:PassRole")
	iam.wildcard_match("*", "kms:Decrypt")
	not iam.wildcard_match("s3:Get*", "s3:PutObject")
	not iam.wildcard_match("s3:Get", "s3:GetObject")
	# A pattern that is not an IAM name matches nothing instead of breaking the regex.
	not iam.wildcard_match("s3:(G?t", "s3:(Get")
	iam.wildcard_match("s3:getobject", "S3:GetObject")
	iam.wildcard_match("s3:Get*Acl", "s3:GetObjectAcl")
	not iam.wildcard_match("s3:Get*Acl", "s3:GetObject")
	not iam.wildcard_match("s3:Get*", "s3:Ge")
	iam.wildcard_match("s3:Get*", "s3:Get")
	not iam.wildcard_match(null, "s3:GetObject")
}

test_admin if {
	iam.is_admin_document({"Statement": [stmt({"Action": ["*"], "Resource": ["*"]})]})
	iam.is_admin_document({"Statement": [stmt({"Action": ["*:*"], "Resource": ["*"]})]})
	not iam.is_admin_document({"Statement": [stmt({"Action": ["*"], "Resource": ["arn:aws:s3:::b"]})]})
	not iam.is_admin_document({"Statement": [stmt({"Effect": "Deny", "Action": ["*"], "Resource": ["*"]})]})
	not iam.is_admin_document({"Statement": [stmt({"Action": null, "Resource": ["*"]})]})
	not iam.is_admin_document({"Statement": [null]})
	iam.allows_all_actions({"Statement": [stmt({"Action": ["*"], "Resource": ["arn:aws:s3:::b"]})]})
}

test_allows_action if {
	iam.allows_action(stmt({"Action": ["iam:Pass*"]}), "iam:PassRole")
	iam.allows_action(stmt({"NotAction": ["s3:*"]}), "iam:PassRole")
	not iam.allows_action(stmt({"NotAction": ["iam:*"]}), "iam:PassRole")
	not iam.allows_action(stmt({"NotAction": [null]}), "iam:PassRole")
	not iam.allows_action(stmt({"Effect": "Deny", "Action": ["*"]}), "iam:PassRole")
	not iam.allows_action(stmt({"Action": ["iam:GetRole"]}), "iam:PassRole")
}

test_public_principal if {
	iam.public_principal(stmt({"Principal": "*"}))
	iam.public_principal(stmt({"Principal": {"AWS": ["arn:aws:iam::111122223333:root", "*"]}}))
	not iam.public_principal(stmt({"Principal": {"Service": ["*"]}}))
	not iam.public_principal(stmt({"Principal": {"AWS": ["arn:aws:iam::111122223333:root"]}}))
	not iam.public_principal(stmt({"Principal": null}))
}

test_restricted_by_condition if {
	iam.restricted_by_condition(stmt({"Condition": {"StringEquals": {"aws:SourceAccount": ["111122223333"]}}}))
	iam.restricted_by_condition(stmt({"Condition": {"IpAddress": {"aws:SourceIp": ["203.0.113.0/24"]}}}))
	iam.restricted_by_condition(stmt({"Condition": {"ArnLike": {"AWS:SourceArn": ["arn:aws:cloudfront::111122223333:distribution/E1"]}}}))
	not iam.restricted_by_condition(stmt({"Condition": {}}))
	not iam.restricted_by_condition(stmt({"Condition": {"StringNotEquals": {"aws:SourceAccount": ["111122223333"]}}}))
	not iam.restricted_by_condition(stmt({"Condition": {"StringLike": {"aws:PrincipalOrgID": ["o-*"]}}}))
	not iam.restricted_by_condition(stmt({"Condition": {"IpAddress": {"aws:SourceIp": ["0.0.0.0/0"]}}}))
	not iam.restricted_by_condition(stmt({"Condition": {"Bool": {"aws:SecureTransport": ["true"]}}}))
	not iam.restricted_by_condition(stmt({"Condition": {"StringEquals": {"aws:SourceAccount": []}}}))
	not iam.restricted_by_condition(stmt({"Condition": {"StringEquals": {"aws:SourceAccount": [null, "*"]}}}))

	# Unknown values are references to specific resources; an unknown block may restrict anything.
	iam.restricted_by_condition(stmt({"Condition": {"StringEquals": {"aws:SourceArn": [null]}}}))
	iam.restricted_by_condition(stmt({"Condition": {"StringEquals": {"aws:SourceArn": null}}}))
	iam.restricted_by_condition(stmt({"Condition": null}))
}

test_list_and_entries if {
	iam.list(null) == []
	iam.list(["a"]) == ["a"]
	iam.entries(null) == {}
	iam.entries("x") == {}
	iam.entries({"a": 1}) == {"a": 1}
}

test_condition_values if {
	iam.condition_values(stmt({"Condition": {"StringEquals": {"STS:ExternalId": ["a", "b"]}}}), "sts:ExternalId") == ["a", "b"]
	iam.condition_values(stmt({"Condition": {"StringNotEquals": {"sts:ExternalId": ["a"]}}}), "sts:ExternalId") == []
}

test_aws_managed_policy_name if {
	iam.aws_managed_policy_name("arn:aws:iam::aws:policy/AdministratorAccess") == "AdministratorAccess"
	iam.aws_managed_policy_name("arn:aws-us-gov:iam::aws:policy/job-function/Billing") == "Billing"
	not iam.aws_managed_policy_name("arn:aws:iam::111122223333:policy/AdministratorAccess")
	not iam.aws_managed_policy_name(null)
}

test_identity_documents if {
	doc := {"Version": "2012-10-17", "Statement": [stmt({"Action": ["*"], "Resource": ["*"]})]}
	model := {"aws": {"iam": {
		"policies": [{"__ref": "aws_iam_policy.p", "name": "p", "document": doc}, {"__ref": "aws_iam_policy.q", "document": null}],
		"roles": [{"__ref": "aws_iam_role.r", "policies": [{"name": "inline", "document": doc}]}],
	}}}
	docs := iam.identity_documents with input as model
	count(docs) == 2
	{"ref": "aws_iam_role.r", "path": ["policies", 0, "document"], "doc": doc, "label": "inline policy \"inline\" of role aws_iam_role.r"} in docs
}
