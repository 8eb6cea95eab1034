package rampart.lib.aws.source_test

import rego.v1

import data.rampart.lib.aws.source

names := {"terraform": "storage_encrypted", "cloudformation": "StorageEncrypted", "live": "StorageEncrypted"}

test_each_source_speaks_its_own_vocabulary if {
	source.name({"__ref": "aws_db_instance.main"}, names) == "storage_encrypted"
	source.name({"__ref": "module.db.aws_db_instance.this[0]"}, names) == "storage_encrypted"
	source.name({"__ref": "Resources.OrdersDb"}, names) == "StorageEncrypted"
	source.name({"__ref": "arn:aws:rds:eu-west-1:111122223333:db:orders"}, names) == "StorageEncrypted"
}

test_a_source_without_a_name_of_its_own_gets_terraform_s if {
	source.name({"__ref": "Resources.Bucket"}, {"terraform": "mfa_delete"}) == "mfa_delete"
}
