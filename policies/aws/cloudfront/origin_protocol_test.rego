package rampart.aws.cloudfront.origin_protocol_test

import rego.v1

import data.rampart.aws.cloudfront.origin_protocol as p

distribution(origins) := {"aws": {"cloudfront": {"distributions": [{"__ref": "Resources.Cdn", "origins": origins}]}}}

messages(origins) := {d.msg | some d in p.deny with input as distribution(origins)}

test_an_origin_is_named_by_id_then_domain_then_place if {
	messages([{"id": "app", "domain_name": "app.example.com", "origin_protocol_policy": "http-only"}]) == {"Resources.Cdn reaches origin app over plain HTTP; set CustomOriginConfig.OriginProtocolPolicy to https-only"}

	# An Id written as Fn::Sub of a parameter evaluates to nothing.
	messages([{"id": null, "domain_name": "app.example.com", "origin_protocol_policy": "http-only"}]) == {"Resources.Cdn reaches origin app.example.com over plain HTTP; set CustomOriginConfig.OriginProtocolPolicy to https-only"}
	messages([
		{"id": "s3", "domain_name": "b.s3.amazonaws.com", "origin_protocol_policy": null},
		{"id": null, "domain_name": null, "origin_protocol_policy": "match-viewer", "origin_ssl_protocols": ["SSLv3", "TLSv1.2"]},
	]) == {"Resources.Cdn allows SSLv3 to origin #2; set CustomOriginConfig.OriginSSLProtocols to [\"TLSv1.2\"]"}
}
