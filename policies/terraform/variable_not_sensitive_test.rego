package rampart.terraform.variable_not_sensitive_test

import rego.v1

import data.rampart.lib.secrets as v

test_secret_names if {
	v.secret_name("db_password")
	v.secret_name("GitHubToken")
	v.secret_name("client_secret")
	v.secret_name("tls_private_key")
	not v.secret_name("db_secret_arn")
	not v.secret_name("password_length")
	not v.secret_name("token_ttl")
	not v.secret_name("secret_name")
	not v.secret_name("region")
}
