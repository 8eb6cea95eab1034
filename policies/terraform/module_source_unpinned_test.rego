package rampart.terraform.module_source_unpinned_test

import rego.v1

import data.rampart.terraform.module_source_unpinned as m

test_registry_sources if {
	m.registry_source("terraform-aws-modules/vpc/aws")
	m.registry_source("app.terraform.io/acme/iam/aws")
	m.registry_source("hashicorp/consul/aws//modules/consul-cluster")
	not m.registry_source("./modules/app")
	not m.registry_source("../app")
	not m.registry_source("github.com/acme/repo")
	not m.registry_source("git::https://example.com/x.git")
	not m.registry_source("s3::https://s3.amazonaws.com/bucket/x.zip")
	not m.registry_source("https://example.com/x.zip")
	not m.registry_source("acme/app")
}

test_vcs_sources_and_refs if {
	m.vcs_source("git::https://example.com/x.git")
	m.vcs_source("git@github.com:acme/x.git")
	m.vcs_source("github.com/acme/x")
	m.vcs_source("https://example.com/acme/x.git?ref=v1")
	not m.vcs_source("https://example.com/x.zip")
	m.pinned_ref("git::https://example.com/x.git?ref=v1.2.0")
	m.pinned_ref("github.com/acme/x?depth=1&ref=3f2a9c1")
	not m.pinned_ref("git::https://example.com/x.git")
	not m.pinned_ref("git::https://example.com/x.git?ref=main")
	not m.pinned_ref("github.com/acme/x?ref=HEAD")
}

test_module_results if {
	modules := {
		"a": {"source": "terraform-aws-modules/vpc/aws", "__ref": "module.a"},
		"b": {"source": "terraform-aws-modules/vpc/aws", "version": "5.0.0", "__ref": "module.b"},
		"c": {"source": "git::https://example.com/x.git?ref=master", "__ref": "module.c"},
		"d": {"source": null, "__ref": "module.d"},
	}
	results := m.deny with input as {"module": modules}
	{r.ref | some r in results} == {"module.a", "module.c"}
}
