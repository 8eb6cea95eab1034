//! Collector tests: whole modules in, inventory, raw model and diagnostics out.

use std::path::{Path, PathBuf};

use serde_json::{json, Value as Json};

use super::*;
use crate::diagnostic::Level;

fn files(list: &[(&str, &str)]) -> Vec<TfFile> {
    list.iter().map(|(rel, text)| TfFile { rel: Arc::from(*rel), text: text.to_string() }).collect()
}

fn eval(src: &str) -> TfModuleOutput {
    evaluate_files(files(&[("m/main.tf", src)]), &TfOptions::default())
}

fn res<'a>(out: &'a TfModuleOutput, address: &str) -> &'a Resource {
    out.inventory.get(address).unwrap_or_else(|| {
        let all: Vec<&str> = out.inventory.resources.iter().map(|r| r.address.as_str()).collect();
        panic!("no resource {address}; have {all:?}")
    })
}

fn attr<'a>(out: &'a TfModuleOutput, address: &str, pointer: &str) -> &'a Json {
    res(out, address).get(pointer).unwrap_or_else(|| panic!("{address} has no {pointer}: {}", res(out, address).attrs))
}

fn addresses(out: &TfModuleOutput) -> Vec<&str> {
    out.inventory.resources.iter().map(|r| r.address.as_str()).collect()
}

fn write(dir: &Path, rel: &str, text: &str) {
    let path = dir.join(rel);
    std::fs::create_dir_all(path.parent().unwrap()).unwrap();
    std::fs::write(path, text).unwrap();
}

fn errors(out: &TfModuleOutput) -> Vec<String> {
    out.diagnostics.iter().filter(|d| d.level == Level::Error).map(|d| d.to_string()).collect()
}

#[test]
fn variables_take_terraform_precedence() {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path();
    write(
        root,
        "main.tf",
        r#"
variable "a" { default = "default" }
variable "b" { default = "default" }
variable "c" { default = "default" }
variable "d" { default = "default" }
variable "e" { default = "default" }
variable "f" { default = "default" }
variable "n" { type = number }
variable "s" { type = string }
variable "l" {}
resource "x" "y" {
  a = var.a
  b = var.b
  c = var.c
  d = var.d
  e = var.e
  f = var.f
  n = var.n
  s = var.s
  l = var.l
}
"#,
    );
    write(root, "terraform.tfvars", "b = \"tfvars\"\nc = \"tfvars\"\nd = \"tfvars\"\ne = \"tfvars\"\nf = \"tfvars\"\n");
    write(root, "a.auto.tfvars", "c = \"auto-a\"\nd = \"auto-a\"\ne = \"auto-a\"\nf = \"auto-a\"\n");
    write(root, "b.auto.tfvars.json", "{\"d\": \"auto-b\", \"e\": \"auto-b\", \"f\": \"auto-b\"}");
    write(root, "other.tfvars", "e = \"not loaded\"\n");
    let var_file = root.join("cli.tfvars");
    std::fs::write(&var_file, "e = \"var-file\"\nf = \"var-file\"\n").unwrap();
    let opts = TfOptions {
        vars: vec![
            ("f".into(), "cli".into()),
            ("n".into(), "\"42\"".into()),
            ("s".into(), "true".into()),
            ("l".into(), "[\"x\", 1]".into()),
        ],
        var_files: vec![var_file],
        ..TfOptions::default()
    };
    let out = collect_dir(root, root, &opts);
    assert!(errors(&out).is_empty(), "{:?}", out.diagnostics);
    let r = res(&out, "x.y");
    assert_eq!(
        r.attrs,
        json!({"a": "default", "b": "tfvars", "c": "auto-a", "d": "auto-b", "e": "var-file", "f": "cli", "n": 42, "s": "true", "l": ["x", 1]})
    );
    assert_eq!(out.terraform["variable"]["f"]["value"], json!("cli"));
    assert_eq!(out.terraform["variable"]["f"]["default"], json!("default"));
    assert_eq!(out.terraform["variable"]["n"]["type"], json!("number"));
    assert_eq!(out.terraform["variable"]["a"]["__ref"], json!("var.a"));
}

#[test]
fn locals_across_files_and_unknown_variables() {
    let out = evaluate_files(
        files(&[
            ("m/a.tf", "locals {\n  name = \"${local.prefix}-logs\"\n  tags = merge(local.base, { Name = local.name })\n}\n"),
            (
                "m/b.tf",
                "locals {\n  prefix = \"acme\"\n  base = { Team = \"sec\" }\n}\nvariable \"v\" {}\nresource \"aws_s3_bucket\" \"b\" {\n  bucket = local.name\n  tags = local.tags\n  other = var.v\n  both = \"${var.v}-x\"\n}\n",
            ),
        ]),
        &TfOptions::default(),
    );
    let r = res(&out, "aws_s3_bucket.b");
    assert_eq!(
        r.attrs,
        json!({"bucket": "acme-logs", "tags": {"Team": "sec", "Name": "acme-logs"}, "other": null, "both": null})
    );
    assert_eq!(&*r.file, "m/b.tf");
    assert_eq!(r.span, Span::new(6, 11));
    assert_eq!(r.spans["/bucket"], Span::new(7, 7));
}

#[test]
fn references_to_resources_known_and_computed() {
    let out = eval(
        r#"
resource "aws_s3_bucket" "logs" {
  bucket = "my-logs"
  versioning {
    enabled = true
  }
}
resource "aws_s3_bucket_policy" "p" {
  bucket  = aws_s3_bucket.logs.bucket
  id_ref  = aws_s3_bucket.logs.id
  arn     = "${aws_s3_bucket.logs.arn}/*"
  enabled = aws_s3_bucket.logs.versioning[0].enabled
  missing = aws_s3_bucket.nope.id
}
"#,
    );
    let p = res(&out, "aws_s3_bucket_policy.p");
    assert_eq!(p.attrs, json!({"bucket": "my-logs", "id_ref": null, "arn": null, "enabled": true, "missing": null}));
    assert_eq!(p.refs["/bucket"], vec!["aws_s3_bucket.logs"]);
    assert_eq!(p.refs["/arn"], vec!["aws_s3_bucket.logs"]);
    assert_eq!(p.refs["/missing"], vec!["aws_s3_bucket.nope"]);
    assert!(p.refers_to("/id_ref", "aws_s3_bucket.logs"));
    let logs = res(&out, "aws_s3_bucket.logs");
    let found: Vec<_> =
        crate::cloud::read::attached_to(&out.inventory, "aws_s3_bucket_policy", "/bucket", logs, Some("/bucket"))
            .collect();
    assert_eq!(found.len(), 1);
}

#[test]
fn nested_blocks_are_arrays_with_spans_and_meta_arguments_are_left_out() {
    let out = eval(
        r#"resource "aws_s3_bucket" "b" {
  provider   = aws.west
  depends_on = [aws_kms_key.k]
  tags = {
    Name = "b"
    Env  = "prod"
  }
  rule {
    apply_server_side_encryption_by_default {
      kms_master_key_id = aws_kms_key.k.arn
      sse_algorithm     = "aws:kms"
    }
  }
  rule {
    bucket_key_enabled = true
  }
  lifecycle {
    prevent_destroy = true
  }
  provisioner "local-exec" {
    command = "echo"
  }
}
resource "aws_kms_key" "k" {}
"#,
    );
    let b = res(&out, "aws_s3_bucket.b");
    assert_eq!(
        b.attrs,
        json!({
            "tags": {"Name": "b", "Env": "prod"},
            "rule": [
                {"apply_server_side_encryption_by_default": [{"kms_master_key_id": null, "sse_algorithm": "aws:kms"}]},
                {"bucket_key_enabled": true}
            ]
        })
    );
    assert_eq!(b.spans["/tags"], Span::new(4, 7));
    assert_eq!(b.spans["/tags/Env"], Span::new(6, 6));
    assert_eq!(b.spans["/rule"], Span::new(8, 13));
    assert_eq!(b.spans["/rule/0"], Span::new(8, 13));
    assert_eq!(b.spans["/rule/1"], Span::new(14, 16));
    assert_eq!(b.spans["/rule/0/apply_server_side_encryption_by_default/0/kms_master_key_id"], Span::new(10, 10));
    assert_eq!(b.refs["/rule/0/apply_server_side_encryption_by_default/0/kms_master_key_id"], vec!["aws_kms_key.k"]);
    assert!(!b.refs.contains_key("/depends_on"));
}

#[test]
fn conditionals_and_operators() {
    let out = eval(
        r#"
variable "env" { default = "prod" }
variable "unknown" {}
variable "nothing" { default = null }
resource "x" "y" {
  a = var.env == "prod" ? "big" : "small"
  b = var.unknown ? "same" : "same"
  c = var.unknown ? "one" : "other"
  d = var.nothing == null
  e = 1 + 2 * 3 - 4 / 2 % 3
  f = !(1 < 2) || 3 >= 3
  g = -var.unknown
  h = false && var.unknown
  i = true || var.unknown
  j = "5" + 1
  k = 1 / 0
}
"#,
    );
    assert_eq!(
        res(&out, "x.y").attrs,
        json!({"a": "big", "b": "same", "c": null, "d": true, "e": 5, "f": true, "g": null, "h": false, "i": true, "j": 6, "k": null})
    );
}

#[test]
fn for_expressions_and_splats() {
    let out = eval(
        r#"
variable "users" {
  default = [{ name = "a", admin = true }, { name = "b", admin = false }, { name = "c", admin = true }]
}
variable "m" { default = { x = 1, y = 2 } }
resource "aws_instance" "web" {
  count = 2
  ami   = "ami-${count.index}"
}
resource "x" "y" {
  names  = [for u in var.users : upper(u.name)]
  admins = [for u in var.users : u.name if u.admin]
  byname = { for u in var.users : u.name => u.admin }
  group  = { for u in var.users : u.admin => u.name... }
  pairs  = [for k, v in var.m : "${k}=${v}"]
  idx    = [for i, u in var.users : i]
  splat  = var.users[*].name
  legacy = var.users.*.name
  amis   = aws_instance.web[*].ami
  ids    = aws_instance.web.*.id
  first  = aws_instance.web[0].ami
  one    = var.m[*]
  none   = null[*]
}
"#,
    );
    let y = res(&out, "x.y");
    assert_eq!(
        y.attrs,
        json!({
            "names": ["A", "B", "C"],
            "admins": ["a", "c"],
            "byname": {"a": true, "b": false, "c": true},
            "group": {"false": ["b"], "true": ["a", "c"]},
            "pairs": ["x=1", "y=2"],
            "idx": [0, 1, 2],
            "splat": ["a", "b", "c"],
            "legacy": ["a", "b", "c"],
            "amis": ["ami-0", "ami-1"],
            "ids": [null, null],
            "first": "ami-0",
            "one": [{"x": 1, "y": 2}],
            "none": []
        })
    );
    assert_eq!(y.refs["/amis"], vec!["aws_instance.web"]);
    assert_eq!(y.refs["/first"], vec!["aws_instance.web[0]"]);
}

#[test]
fn templates_heredocs_and_directives() {
    let out = eval(
        r#"
variable "names" { default = ["a", "b"] }
variable "unknown" {}
resource "x" "y" {
  plain  = "v-${1 + 1}-$${literal}"
  heredoc = <<EOT
line ${var.names[0]}
EOT
  indented = <<-EOT
    one
      two
    EOT
  cond   = "%{ if length(var.names) > 1 }many%{ else }one%{ endif }"
  loop   = "%{ for i, n in var.names }${i}:${n} %{ endfor }"
  strip  = <<-EOT
    %{~ for n in var.names ~}
    [${n}]
    %{~ endfor ~}
  EOT
  partial = "x-${var.unknown}"
  whole   = "${var.names}"
}
"#,
    );
    assert_eq!(
        res(&out, "x.y").attrs,
        json!({
            "plain": "v-2-${literal}",
            "heredoc": "line a\n",
            "indented": "one\n  two\n",
            "cond": "many",
            "loop": "0:a 1:b ",
            "strip": "[a][b]",
            "partial": null,
            "whole": ["a", "b"]
        })
    );
}

#[test]
fn functions_in_context() {
    let out = eval(
        r#"
variable "unknown" {}
locals { m = { a = 1 } }
resource "x" "y" {
  t1 = try(local.m.b, "fallback")
  t2 = try(local.m.a, "fallback")
  c1 = can(local.m.b)
  c2 = can(local.m.a)
  co = coalesce(null, "", "first")
  ln = length([var.unknown, 2])
  js = jsonencode({ Statement = [{ Action = "*", Resource = var.unknown }] })
  ws = terraform.workspace
  pm = path.module
  nf = no_such_function(1)
  ts = timestamp()
  ex = max([3, 7, 5]...)
  rg = regex("^(\\w+)-", "prod-x")[0]
  cs = cidrsubnet("10.0.0.0/16", 8, 3)
}
"#,
    );
    assert_eq!(
        res(&out, "x.y").attrs,
        json!({
            "t1": "fallback", "t2": 1, "c1": false, "c2": true, "co": "first", "ln": 2,
            "js": "{\"Statement\":[{\"Action\":\"*\",\"Resource\":null}]}",
            "ws": "default", "pm": "m", "nf": null, "ts": null, "ex": 7, "rg": "prod", "cs": "10.0.3.0/24"
        })
    );
    let infos: Vec<_> = out.diagnostics.iter().filter(|d| d.message.contains("no_such_function")).collect();
    assert_eq!(infos.len(), 1);
    assert_eq!(infos[0].level, Level::Info);
    assert_eq!(infos[0].line, Some(14));
}

#[test]
fn count_and_for_each_addresses() {
    let out = eval(
        r#"
variable "unknown" {}
resource "a" "count" {
  count = 2
  name  = "n-${count.index}"
}
resource "a" "zero" {
  count = 0
}
resource "a" "set" {
  for_each = toset(["b", "a", "b"])
  name     = each.key
  v        = each.value
}
resource "a" "map" {
  for_each = { "x y" = 1, "q\"" = 2 }
  v        = each.value
}
resource "a" "empty" {
  for_each = {}
}
resource "a" "unknown_count" {
  count = var.unknown
  name  = "u-${count.index}"
  fixed = "known"
}
resource "a" "unknown_each" {
  for_each = var.unknown
  fixed    = "known"
}
resource "a" "ref" {
  count = 2
  other = a.count[count.index].name
  byset = a.set["a"].name
}
data "b" "d" {
  count = 1
}
resource "a" "map2" {
  for_each = { "1" = "one" }
  name     = each.value
}
resource "a" "numkeys" {
  v = a.map2[1].name
}
"#,
    );
    assert_eq!(
        addresses(&out),
        vec![
            "a.count[0]",
            "a.count[1]",
            "a.set[\"a\"]",
            "a.set[\"b\"]",
            "a.map[\"q\\\"\"]",
            "a.map[\"x y\"]",
            "a.unknown_count",
            "a.unknown_each",
            "a.ref[0]",
            "a.ref[1]",
            "data.b.d[0]",
            "a.map2[\"1\"]",
            "a.numkeys"
        ]
    );
    assert_eq!(attr(&out, "a.count[1]", "/name"), "n-1");
    assert_eq!(attr(&out, "a.set[\"a\"]", "/v"), "a");
    assert_eq!(attr(&out, "a.unknown_count", "/name"), &Json::Null);
    assert_eq!(attr(&out, "a.unknown_count", "/fixed"), "known");
    assert_eq!(attr(&out, "a.ref[1]", "/other"), "n-1");
    assert_eq!(res(&out, "a.ref[1]").refs["/other"], vec!["a.count[1]"]);
    assert_eq!(res(&out, "a.ref[1]").refs["/byset"], vec!["a.set[\"a\"]"]);
    assert_eq!(res(&out, "a.numkeys").refs["/v"], vec!["a.map2[\"1\"]"]);
    assert_eq!(attr(&out, "a.numkeys", "/v"), "one");
    assert!(res(&out, "data.b.d[0]").data);
    assert_eq!(out.terraform["resource"]["a"]["count[1]"]["__ref"], json!("a.count[1]"));
    assert_eq!(out.terraform["data"]["b"]["d[0]"]["__ref"], json!("data.b.d[0]"));
}

#[test]
fn expansion_is_capped_with_a_warning() {
    let out = evaluate_files(
        files(&[("main.tf", "resource \"a\" \"b\" {\n  count = 100000000\n}\nresource \"a\" \"c\" {\n  for_each = toset([for i in range(50) : tostring(i)])\n}\n")]),
        &TfOptions { max_expansion: 10, ..TfOptions::default() },
    );
    assert_eq!(out.inventory.of_kind("a").count(), 20);
    let warnings: Vec<_> = out.diagnostics.iter().filter(|d| d.level == Level::Warning).collect();
    assert_eq!(warnings.len(), 2, "{warnings:?}");
    assert_eq!(warnings[0].line, Some(1));
    assert_eq!(warnings[1].line, Some(4));
    let out = eval("resource \"a\" \"b\" {\n  count = 5000\n}\n");
    assert_eq!(out.inventory.resources.len(), 1000);
}

#[test]
fn dynamic_blocks_join_static_ones() {
    let out = eval(
        r#"
variable "rules" {
  default = { ssh = 22, https = 443 }
}
variable "unknown" {}
resource "aws_security_group" "sg" {
  ingress {
    from_port = 80
  }
  dynamic "ingress" {
    for_each = var.rules
    content {
      from_port   = ingress.value
      description = ingress.key
    }
  }
  dynamic "egress" {
    for_each = [1]
    iterator = e
    content {
      to_port = e.value
      dynamic "nested" {
        for_each = ["n"]
        content {
          v = nested.value
        }
      }
    }
  }
  dynamic "maybe" {
    for_each = var.unknown
    content {
      fixed = "yes"
    }
  }
}
"#,
    );
    let sg = res(&out, "aws_security_group.sg");
    assert_eq!(
        sg.attrs,
        json!({
            "ingress": [{"from_port": 80}, {"from_port": 443, "description": "https"}, {"from_port": 22, "description": "ssh"}],
            "egress": [{"to_port": 1, "nested": [{"v": "n"}]}],
            "maybe": [{"fixed": "yes"}]
        })
    );
    assert_eq!(sg.spans["/ingress/0"], Span::new(7, 9));
    assert_eq!(sg.spans["/ingress/2"], Span::new(12, 15));
    assert_eq!(sg.spans["/ingress/2/description"], Span::new(14, 14));
}

#[test]
fn local_modules_with_inputs_outputs_and_attribution() {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path();
    write(
        root,
        "infra/main.tf",
        r#"
resource "aws_kms_key" "k" {}
module "logs" {
  source = "./modules/bucket"
  name   = "logs"
  key    = aws_kms_key.k.arn
}
module "many" {
  source   = "./modules/bucket"
  for_each = toset(["eu", "us"])
  name     = "b-${each.key}"
}
module "counted" {
  source = "./modules/bucket"
  count  = 1
  name   = "c"
}
resource "aws_s3_bucket_policy" "p" {
  bucket = module.logs.bucket_id
  name   = module.logs.name
  eu     = module.many["eu"].name
  all    = module.counted[0].name
}
"#,
    );
    write(
        root,
        "infra/modules/bucket/main.tf",
        r#"variable "name" {}
variable "key" { default = null }
resource "aws_s3_bucket" "this" {
  bucket = var.name
  kms    = var.key
}
resource "aws_s3_bucket_versioning" "v" {
  bucket = aws_s3_bucket.this.id
  dir    = path.module
}
output "bucket_id" { value = aws_s3_bucket.this.id }
output "name" { value = aws_s3_bucket.this.bucket }
"#,
    );
    let out = collect_dir(&root.join("infra"), root, &TfOptions::default());
    assert!(errors(&out).is_empty(), "{:?}", out.diagnostics);
    assert_eq!(
        addresses(&out),
        vec![
            "aws_kms_key.k",
            "module.logs.aws_s3_bucket.this",
            "module.logs.aws_s3_bucket_versioning.v",
            "module.many[\"eu\"].aws_s3_bucket.this",
            "module.many[\"eu\"].aws_s3_bucket_versioning.v",
            "module.many[\"us\"].aws_s3_bucket.this",
            "module.many[\"us\"].aws_s3_bucket_versioning.v",
            "module.counted[0].aws_s3_bucket.this",
            "module.counted[0].aws_s3_bucket_versioning.v",
            "aws_s3_bucket_policy.p"
        ]
    );
    let b = res(&out, "module.logs.aws_s3_bucket.this");
    assert_eq!(&*b.file, "infra/modules/bucket/main.tf");
    assert_eq!(b.span, Span::new(3, 6));
    assert_eq!(b.attrs, json!({"bucket": "logs", "kms": null}));
    assert_eq!(b.refs["/kms"], vec!["aws_kms_key.k"]);
    let v = res(&out, "module.logs.aws_s3_bucket_versioning.v");
    assert_eq!(v.refs["/bucket"], vec!["module.logs.aws_s3_bucket.this"]);
    assert_eq!(v.attrs["dir"], json!("infra/modules/bucket"));
    let p = res(&out, "aws_s3_bucket_policy.p");
    assert_eq!(p.attrs, json!({"bucket": null, "name": "logs", "eu": "b-eu", "all": "c"}));
    assert_eq!(p.refs["/bucket"], vec!["module.logs.aws_s3_bucket.this"]);
    assert_eq!(p.refs["/eu"], vec!["module.many[\"eu\"].aws_s3_bucket.this"]);
    assert_eq!(out.terraform["module"]["logs"]["source"], json!("./modules/bucket"));
    assert_eq!(out.terraform["module"]["logs"]["name"], json!("logs"));
    assert_eq!(out.terraform["module"]["logs"]["__ref"], json!("module.logs"));
    assert_eq!(
        out.terraform["resource"]["aws_s3_bucket"]["module.many[\"eu\"].this"]["__ref"],
        json!("module.many[\"eu\"].aws_s3_bucket.this")
    );
    let loc = out.source_map.locate("module.logs.aws_s3_bucket.this", &[json!("bucket")]).unwrap();
    assert_eq!((&*loc.file, loc.span), ("infra/modules/bucket/main.tf", Span::new(4, 4)));
    let loc = out
        .source_map
        .locate(&out.root_ref, &[json!("resource"), json!("aws_s3_bucket"), json!("module.logs.this"), json!("bucket")])
        .unwrap();
    assert_eq!((&*loc.file, loc.span), ("infra/modules/bucket/main.tf", Span::new(4, 4)));
    assert_eq!(out.root_ref, "infra");
    assert_eq!(
        out.call_sites["module.many[\"us\"].aws_s3_bucket.this"],
        vec![(Arc::from("infra/main.tf"), Span::new(8, 12))]
    );
    assert!(!out.call_sites.contains_key("aws_kms_key.k"));
    assert!(out.ignores.contains_key("infra/modules/bucket/main.tf"));
}

#[test]
fn downloaded_modules_from_the_manifest() {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path();
    write(
        root,
        "main.tf",
        "module \"logs\" {\n  source  = \"terraform-aws-modules/s3-bucket/aws\"\n  version = \"4.0.0\"\n  bucket  = \"x\"\n}\nmodule \"gone\" {\n  source = \"git::https://example.com/m.git?ref=v1\"\n}\nmodule \"missing\" {\n  source = \"./nope\"\n}\n",
    );
    write(
        root,
        ".terraform/modules/modules.json",
        r#"{"Modules":[{"Key":"","Source":"","Dir":"."},{"Key":"logs","Source":"registry.terraform.io/terraform-aws-modules/s3-bucket/aws","Version":"4.0.0","Dir":".terraform/modules/logs"},{"Key":"logs.inner","Source":"./inner","Dir":".terraform/modules/logs/inner"}]}"#,
    );
    write(root, ".terraform/modules/logs/main.tf", "variable \"bucket\" {}\nresource \"aws_s3_bucket\" \"this\" {\n  bucket = var.bucket\n}\nmodule \"inner\" {\n  source = \"./inner\"\n}\n");
    write(root, ".terraform/modules/logs/inner/main.tf", "resource \"aws_sqs_queue\" \"q\" {}\n");
    let out = collect_dir(root, root, &TfOptions::default());
    assert_eq!(addresses(&out), vec!["module.logs.aws_s3_bucket.this", "module.logs.module.inner.aws_sqs_queue.q"]);
    assert_eq!(&*res(&out, "module.logs.aws_s3_bucket.this").file, ".terraform/modules/logs/main.tf");
    assert_eq!(attr(&out, "module.logs.aws_s3_bucket.this", "/bucket"), "x");
    let gone: Vec<_> = out.diagnostics.iter().filter(|d| d.message.contains("\"gone\"")).collect();
    assert_eq!(gone.len(), 1);
    assert_eq!(gone[0].level, Level::Info);
    assert_eq!(gone[0].line, Some(6));
    assert!(gone[0].message.contains("git::https://example.com/m.git?ref=v1"));
    let missing: Vec<_> = out.diagnostics.iter().filter(|d| d.message.contains("\"missing\"")).collect();
    assert_eq!(missing.len(), 1);
    assert_eq!(missing[0].level, Level::Warning);
    assert_eq!(out.root_ref, ".");
}

#[test]
fn modules_in_memory_are_reported_unavailable() {
    let out = eval("module \"m\" {\n  source = \"./m\"\n}\nresource \"a\" \"b\" {\n  v = module.m.out\n}\n");
    let d: Vec<_> = out.diagnostics.iter().filter(|d| d.message.contains("module \"m\"")).collect();
    assert_eq!(d.len(), 1);
    assert_eq!(d[0].level, Level::Info);
    assert_eq!(attr(&out, "a.b", "/v"), &Json::Null);
}

#[test]
fn module_calls_that_loop_are_cut() {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path();
    write(root, "a/main.tf", "module \"b\" {\n  source = \"../b\"\n}\nresource \"x\" \"a\" {}\n");
    write(root, "b/main.tf", "module \"a\" {\n  source = \"../a\"\n}\nresource \"x\" \"b\" {}\n");
    let out = collect_dir(&root.join("a"), root, &TfOptions::default());
    assert_eq!(addresses(&out), vec!["module.b.x.b", "x.a"]);
    assert!(out.diagnostics.iter().any(|d| d.message.contains("calls itself")), "{:?}", out.diagnostics);
    let roots = roots(&[root.join("b"), root.join("a")]);
    assert_eq!(roots, vec![root.join("a")]);
}

#[test]
fn roots_leave_out_called_directories() {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path();
    write(root, "prod/main.tf", "module \"app\" {\n  source = \"../modules/app\"\n}\n");
    write(root, "stage/main.tf.json", "{\"module\": {\"app\": {\"source\": \"../modules/app\"}}}");
    write(
        root,
        "modules/app/main.tf",
        "module \"db\" {\n  source = \"./db\"\n}\n# module \"x\" { source = \"../../other\" }\n",
    );
    write(root, "modules/app/db/main.tf", "resource \"x\" \"y\" {}\n");
    write(root, "other/main.tf", "resource \"x\" \"y\" {}\n");
    let dirs: Vec<PathBuf> =
        ["other", "modules/app/db", "prod", "modules/app", "stage"].iter().map(|d| root.join(d)).collect();
    assert_eq!(roots(&dirs), vec![root.join("other"), root.join("prod"), root.join("stage")]);
}

#[test]
fn json_syntax_modules() {
    let out = evaluate_files(
        files(&[(
            "main.tf.json",
            r#"{
  "variable": {"name": {"default": "data"}},
  "locals": {"full": "${var.name}-bucket"},
  "resource": {
    "aws_s3_bucket": {
      "b": {
        "bucket": "${local.full}",
        "count": 2,
        "tags": {"Name": "${local.full}-${count.index}"},
        "versioning": {"enabled": true},
        "dynamic": {"rule": {"for_each": "${[1, 2]}", "content": {"n": "${rule.value}"}}}
      }
    }
  },
  "provider": {"aws": [{"region": "us-east-1"}, {"alias": "west", "region": "us-west-2"}]}
}"#,
        )]),
        &TfOptions::default(),
    );
    assert!(errors(&out).is_empty(), "{:?}", out.diagnostics);
    let b = res(&out, "aws_s3_bucket.b[1]");
    assert_eq!(
        b.attrs,
        json!({"bucket": "data-bucket", "tags": {"Name": "data-bucket-1"}, "versioning": [{"enabled": true}], "rule": [{"n": 1}, {"n": 2}]})
    );
    assert_eq!(b.spans["/bucket"], Span::new(7, 7));
    assert_eq!(b.spans["/versioning/0/enabled"], Span::new(10, 10));
    assert_eq!(out.terraform["provider"]["aws"][1]["__ref"], json!("provider.aws.west"));
}

#[test]
fn policy_documents_render_to_json() {
    let out = eval(
        r#"
resource "aws_s3_bucket" "b" {
  bucket = "b"
}
data "aws_iam_policy_document" "p" {
  statement {
    sid     = "DenyInsecure"
    effect  = "Deny"
    actions = ["s3:*"]
    resources = [aws_s3_bucket.b.arn, "arn:aws:s3:::${aws_s3_bucket.b.bucket}/*"]
    principals {
      type        = "*"
      identifiers = ["*"]
    }
    condition {
      test     = "Bool"
      variable = "aws:SecureTransport"
      values   = ["false"]
    }
  }
}
resource "aws_s3_bucket_policy" "p" {
  bucket = aws_s3_bucket.b.id
  policy = data.aws_iam_policy_document.p.json
}
"#,
    );
    let policy = attr(&out, "aws_s3_bucket_policy.p", "/policy").as_str().unwrap().to_string();
    assert_eq!(
        policy,
        r#"{"Version":"2012-10-17","Statement":[{"Sid":"DenyInsecure","Effect":"Deny","Action":"s3:*","Resource":[null,"arn:aws:s3:::b/*"],"Principal":"*","Condition":{"Bool":{"aws:SecureTransport":"false"}}}]}"#
    );
    assert_eq!(res(&out, "aws_s3_bucket_policy.p").refs["/policy"], vec!["data.aws_iam_policy_document.p"]);
    let doc = res(&out, "data.aws_iam_policy_document.p");
    assert!(doc.data);
    assert_eq!(doc.refs["/statement/0/resources"], vec!["aws_s3_bucket.b"]);
    assert_eq!(doc.attrs["json"], json!(policy));
}

#[test]
fn cycles_are_reported_once_and_unknown() {
    let out = eval(
        "locals {\n  a = local.b\n  b = local.a\n  c = \"ok\"\n}\nresource \"x\" \"y\" {\n  a = local.a\n  c = local.c\n  s = x.y.c\n}\n",
    );
    assert_eq!(res(&out, "x.y").attrs, json!({"a": null, "c": "ok", "s": null}));
    let cycles: Vec<_> = out.diagnostics.iter().filter(|d| d.message.contains("cycle")).collect();
    assert_eq!(cycles.len(), 2, "{cycles:?}");
}

#[test]
fn syntax_errors_are_located_and_other_files_still_count() {
    let out = evaluate_files(
        files(&[
            ("m/bad.tf", "resource \"x\" \"y\" {\n  a = \n}\n"),
            ("m/bad.tf.json", "{\n  \"resource\": {\n    \"x\": [1, }\n}"),
            ("m/good.tf", "resource \"x\" \"z\" {\n  a = 1\n}\n"),
        ]),
        &TfOptions::default(),
    );
    assert_eq!(addresses(&out), vec!["x.z"]);
    let errs: Vec<_> = out.diagnostics.iter().filter(|d| d.level == Level::Error).collect();
    assert_eq!(errs.len(), 2, "{errs:?}");
    assert_eq!((errs[0].file.as_deref(), errs[0].line), (Some("m/bad.tf"), Some(2)));
    assert!(errs[0].message.contains("expected"));
    assert_eq!(errs[1].file.as_deref(), Some("m/bad.tf.json"));
    assert!(errs[1].line.is_some());
}

#[test]
fn raw_model_has_providers_terraform_blocks_and_source_map() {
    let out = eval(
        r#"terraform {
  required_providers {
    aws = { source = "hashicorp/aws", version = "~> 5.0" }
  }
  backend "s3" {
    bucket = "state"
  }
}
provider "aws" {
  region     = "us-east-1"
  access_key = "AKIAEXAMPLE"
  default_tags {
    tags = { Team = "sec" }
  }
}
variable "db_password" {
  type        = string
  description = "pw"
}
"#,
    );
    let t = &out.terraform;
    assert_eq!(t["terraform"][0]["required_providers"][0]["aws"]["source"], json!("hashicorp/aws"));
    assert_eq!(t["terraform"][0]["backend"][0]["__labels"], json!(["s3"]));
    assert_eq!(t["provider"]["aws"][0]["access_key"], json!("AKIAEXAMPLE"));
    assert_eq!(t["provider"]["aws"][0]["default_tags"][0]["tags"]["Team"], json!("sec"));
    assert_eq!(t["provider"]["aws"][0]["__ref"], json!("provider.aws"));
    assert_eq!(
        t["variable"]["db_password"],
        json!({"type": "string", "description": "pw", "value": null, "__ref": "var.db_password"})
    );
    let loc = out.source_map.locate("provider.aws", &[json!("access_key")]).unwrap();
    assert_eq!(loc.span, Span::new(11, 11));
    let loc = out.source_map.locate("var.db_password", &[json!("sensitive")]).unwrap();
    assert_eq!(loc.span, Span::new(16, 19));
    let loc =
        out.source_map.locate(&out.root_ref, &[json!("provider"), json!("aws"), json!(0), json!("region")]).unwrap();
    assert_eq!(loc.span, Span::new(10, 10));
    assert_eq!(out.root_ref, "m");
}

/// A link inside the module that leads out of it is not followed by `file()`.
#[cfg(unix)]
#[test]
fn file_function_does_not_follow_links_out_of_the_module() {
    let tmp = tempfile::tempdir().unwrap();
    let outside = tempfile::tempdir().unwrap();
    std::fs::write(outside.path().join("secret.txt"), "hunter2").unwrap();
    let root = tmp.path();
    write(root, "infra/main.tf", "resource \"x\" \"y\" {\n  a = file(\"${path.module}/secret.txt\")\n  b = file(\"${path.module}/local.txt\")\n}\n");
    write(root, "infra/local.txt", "fine");
    std::os::unix::fs::symlink(outside.path().join("secret.txt"), root.join("infra/secret.txt")).unwrap();
    let out = collect_dir(&root.join("infra"), root, &TfOptions::default());
    let attrs = &res(&out, "x.y").attrs;
    assert_eq!(attrs["a"], Json::Null, "a link out of the module was followed");
    assert_eq!(attrs["b"], json!("fine"));
}

#[test]
fn file_function_reads_only_inside_the_module() {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path();
    write(root, "secret.txt", "outside");
    write(root, "app/policy.json", "{\"Version\": \"2012-10-17\"}");
    write(
        root,
        "app/main.tf",
        "resource \"x\" \"y\" {\n  a = file(\"${path.module}/policy.json\")\n  b = file(\"policy.json\")\n  c = file(\"../secret.txt\")\n  d = fileexists(\"${path.module}/nope\")\n  e = jsondecode(file(\"${path.module}/policy.json\")).Version\n}\n",
    );
    let out = collect_dir(&root.join("app"), root, &TfOptions::default());
    assert_eq!(
        res(&out, "x.y").attrs,
        json!({"a": "{\"Version\": \"2012-10-17\"}", "b": "{\"Version\": \"2012-10-17\"}", "c": null, "d": false, "e": "2012-10-17"})
    );
}

#[test]
fn override_files_are_merged() {
    let out = evaluate_files(
        files(&[
            ("m/main.tf", "resource \"x\" \"y\" {\n  a = 1\n  b = 2\n}\n"),
            ("m/main_override.tf", "resource \"x\" \"y\" {\n  b = 3\n}\n"),
        ]),
        &TfOptions::default(),
    );
    assert_eq!(res(&out, "x.y").attrs, json!({"a": 1, "b": 3}));
    assert_eq!(&*res(&out, "x.y").file, "m/main.tf");
}

#[test]
fn hostile_input_does_not_panic() {
    let deep_locals: String = (0..3000).map(|i| format!("locals {{\n  l{i} = local.l{}\n}}\n", i + 1)).collect();
    let cases = [
        format!("a = {}1{}\n", "[".repeat(100_000), "]".repeat(100_000)),
        format!("resource \"x\" \"y\" {{\n  v = {}\n}}\n", "!".repeat(50_000) + "true"),
        "resource \"x\" \"y\" {\n  count = 1e300\n}\nresource \"x\" \"z\" {\n  count = -1\n}\n".to_string(),
        "resource \"🙂\" \"ñ\u{202e}\" {\n  \"k\" = \"\u{0}\"\n  v = \"${\"\\u00e9\"}\"\n}\n".to_string(),
        format!("{deep_locals}resource \"x\" \"y\" {{\n  v = local.l0\n}}\n"),
        "resource \"x\" \"y\" {\n  v = range(1e15)\n  w = format(\"%999999999d\", 1)\n  z = [for i in range(100000) : i][99999]\n}\n".to_string(),
        "variable \"v\" {\n  default = \"${var.v}\"\n}\nresource \"x\" \"y\" {\n  v = var.v\n}\n".to_string(),
        "module \"m\" {\n  source = \"./m\"\n  count = \"x\"\n}\n".to_string(),
        "\u{feff}resource \"x\" \"y\" {}\n".to_string(),
        String::new(),
    ];
    for case in cases {
        let out = eval(&case);
        let _ = out.inventory.resources.len();
    }
    let doubling: String =
        (0..40).map(|i| format!("locals {{\n  d{} = \"${{local.d{i}}}${{local.d{i}}}\"\n}}\n", i + 1)).collect();
    let bombs = [
        "locals {\n  a = [for i in range(1000000) : range(1000000)]\n}\nresource \"x\" \"y\" {\n  v = length(local.a)\n}\n".to_string(),
        format!("locals {{\n  d0 = \"0123456789abcdef\"\n}}\n{doubling}resource \"x\" \"y\" {{\n  v = length(local.d40)\n}}\n"),
    ];
    for (i, bomb) in bombs.iter().enumerate() {
        let start = std::time::Instant::now();
        let out = eval(bomb);
        // The budget counts operations, not time: this only catches a runaway (an unbounded
        // evaluation takes hours), with room for a debug build on a loaded machine.
        assert!(start.elapsed() < std::time::Duration::from_secs(90), "{:?}", start.elapsed());
        assert_eq!(attr(&out, "x.y", "/v"), &Json::Null);
        // The first runs out of budget; the second is cut by the size limit of one string.
        if i == 0 {
            assert!(out.diagnostics.iter().any(|d| d.message.contains("too large")), "{:?}", out.diagnostics);
        }
    }
    let out = eval(&format!("{deep_locals}resource \"x\" \"y\" {{\n  v = local.l0\n}}\n"));
    assert_eq!(attr(&out, "x.y", "/v"), &Json::Null);
    assert!(out.diagnostics.iter().any(|d| d.message.contains("too deep")));
}

#[test]
fn a_thousand_resources_evaluate_quickly() {
    let mut src = String::from("locals {\n  tags = { Team = \"x\" }\n}\n");
    for i in 0..1000 {
        src.push_str(&format!(
            "resource \"aws_s3_bucket\" \"b{i}\" {{\n  bucket = \"b-{i}\"\n  tags = local.tags\n}}\nresource \"aws_s3_bucket_versioning\" \"v{i}\" {{\n  bucket = aws_s3_bucket.b{i}.id\n  versioning_configuration {{\n    status = \"Enabled\"\n  }}\n}}\n"
        ));
    }
    let start = std::time::Instant::now();
    let out = eval(&src);
    let took = start.elapsed();
    assert_eq!(out.inventory.resources.len(), 2000);
    // Debug builds are ~10x slower than release; the budget is for release (< 100 ms).
    assert!(took < std::time::Duration::from_secs(3), "took {took:?}");
}

#[test]
fn oversized_and_binary_files_are_skipped_with_a_diagnostic() {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path();
    write(root, "big.tf", &format!("resource \"x\" \"big\" {{\n  v = \"{}\"\n}}\n", "a".repeat(2000)));
    write(root, "small.tf", "resource \"x\" \"small\" {}\n");
    std::fs::write(root.join("bin.tf"), b"resource \0\0").unwrap();
    let out = collect_dir(root, root, &TfOptions { max_file_size: 1000, ..TfOptions::default() });
    assert_eq!(addresses(&out), vec!["x.small"]);
    let skipped: Vec<_> = out.diagnostics.iter().filter(|d| d.message.starts_with("skipped")).collect();
    assert_eq!(skipped.len(), 2, "{:?}", out.diagnostics);
}

#[test]
fn cli_vars_apply_to_in_memory_modules() {
    let opts = TfOptions {
        vars: vec![("region".into(), "us-east-1".into()), ("n".into(), "3".into()), ("m".into(), "{ a = 1 }".into())],
        ..TfOptions::default()
    };
    let out = evaluate_files(
        files(&[("main.tf", "variable \"region\" {}\nvariable \"n\" {}\nvariable \"m\" {}\nresource \"x\" \"y\" {\n  r = var.region\n  n = var.n + 1\n  m = var.m.a\n}\n")]),
        &opts,
    );
    assert_eq!(res(&out, "x.y").attrs, json!({"r": "us-east-1", "n": 4, "m": 1}));
    assert_eq!(out.root_ref, ".");
}

#[test]
fn mutated_configurations_never_panic() {
    let seed_text = r#"
variable "v" { default = { a = [1, 2], b = "x" } }
locals { l = { for k, v in var.v : k => v } }
resource "aws_s3_bucket" "b" {
  count  = length(var.v.a)
  bucket = "${local.l.b}-${count.index}"
  tags   = merge({ A = "1" }, { B = format("%s/%d", var.v.b, 2) })
  dynamic "rule" {
    for_each = var.v.a
    content { id = rule.value * 2 }
  }
}
data "aws_iam_policy_document" "d" {
  statement {
    actions   = ["s3:*"]
    resources = aws_s3_bucket.b[*].arn
  }
}
output "o" { value = [for b in aws_s3_bucket.b : b.bucket if b.bucket != ""] }
"#;
    let tokens = [
        "{", "}", "[", "]", "(", ")", "\"", "${", "%{", "=", ".", "*", "?", ":", "\n", "<<EOT\n", "for", "if", "null",
        "0", "-1", "ü", "\\",
    ];
    let mut state: u64 = 0x9e37_79b9_7f4a_7c15;
    let mut next = || {
        state ^= state << 13;
        state ^= state >> 7;
        state ^= state << 17;
        state
    };
    for _ in 0..300 {
        let mut text: Vec<char> = seed_text.chars().collect();
        for _ in 0..(next() % 4 + 1) {
            let pos = (next() as usize) % (text.len() + 1);
            match next() % 3 {
                0 if pos < text.len() => {
                    text.remove(pos);
                }
                _ => {
                    let t = tokens[(next() as usize) % tokens.len()];
                    for (i, c) in t.chars().enumerate() {
                        text.insert(pos + i, c);
                    }
                }
            }
        }
        let src: String = text.into_iter().collect();
        let out = eval(&src);
        let _ = serde_json::to_string(&out.terraform);
    }
}

#[test]
fn duplicate_provider_blocks_keep_their_own_lines() {
    let out = evaluate_files(
        files(&[
            ("m/a.tf", "provider \"aws\" {\n  region = \"a\"\n}\n"),
            ("m/b.tf.json", "{\"provider\": {\"aws\": {\n  \"region\": \"b\"\n}}}"),
        ]),
        &TfOptions::default(),
    );
    let refs: Vec<&Json> = out.terraform["provider"]["aws"].as_array().unwrap().iter().map(|p| &p["__ref"]).collect();
    assert_eq!(refs, vec!["provider.aws", "provider.aws[2]"]);
    let loc = out.source_map.locate("provider.aws[2]", &[json!("region")]).unwrap();
    assert_eq!((&*loc.file, loc.span), ("m/b.tf.json", Span::new(2, 2)));
}

#[test]
fn an_address_declared_twice_is_a_located_error_naming_the_first() {
    let out = evaluate_files(
        files(&[
            ("m/a.tf", "resource \"aws_s3_bucket\" \"logs\" {\n  bucket = \"a\"\n}\nlocals {\n  x = 1\n}\n"),
            ("m/b.tf", "locals {\n  x = 2\n}\n\nresource \"aws_s3_bucket\" \"logs\" {\n  bucket = \"b\"\n}\n"),
        ]),
        &TfOptions::default(),
    );
    let found: Vec<(String, Option<u32>, String)> =
        out.diagnostics.iter().map(|d| (d.file.clone().unwrap_or_default(), d.line, d.message.clone())).collect();
    assert_eq!(found.len(), 2, "{found:?}");
    assert!(out.diagnostics.iter().all(|d| d.level == Level::Error));
    assert_eq!((found[0].0.as_str(), found[0].1), ("m/b.tf", Some(2)));
    assert!(found[0].2.starts_with("duplicate local value x (first declared at m/a.tf:5)"), "{found:?}");
    assert_eq!((found[1].0.as_str(), found[1].1), ("m/b.tf", Some(5)));
    assert!(found[1].2.starts_with("duplicate resource aws_s3_bucket.logs (first declared at m/a.tf:1)"), "{found:?}");
    // The first declaration is the one evaluated.
    assert_eq!(out.terraform["resource"]["aws_s3_bucket"]["logs"]["bucket"], "a");
}

#[test]
fn unknown_values_keep_their_expression_in_canonical_form() {
    let out = eval(
        r#"
variable "prefix" { type = string }
resource "aws_s3_bucket" "a" {
  bucket = "${var.prefix}-logs"
}
resource "aws_s3_bucket_policy" "b" {
  bucket = "${ var.prefix }-logs"
  known  = "x-${"y"}"
  other  = "${var.prefix}-archive"
}
resource "aws_s3_bucket_policy" "each" {
  for_each = toset(var.names)
  bucket   = "${each.key}-logs"
}
variable "names" { type = list(string) }
"#,
    );
    let a = &res(&out, "aws_s3_bucket.a").exprs;
    let b = &res(&out, "aws_s3_bucket_policy.b").exprs;
    assert_eq!(a.get("/bucket"), b.get("/bucket"), "{a:?} {b:?}");
    assert!(a.contains_key("/bucket"));
    assert_ne!(a.get("/bucket"), b.get("/other"));
    assert!(!b.contains_key("/known"), "known values need no expression");
    let each: Vec<_> = out.inventory.of_kind("aws_s3_bucket_policy").filter(|r| r.address.contains("each")).collect();
    assert!(each.iter().all(|r| r.exprs.is_empty()), "each.key differs between instances");
}
