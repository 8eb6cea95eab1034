#!/usr/bin/env python3
"""Deterministic generator of a realistic infrastructure-as-code corpus for benchmarks.

    python3 bench/gen_iac.py OUT_DIR --files 1000 --seed 42 [--mix tf=50,cfn=20,k8s=25,docker=5]
                             [--labels FILE] [--check] [--force] [--quiet]

Writes about ``--files`` files under OUT_DIR, split by ``--mix`` (weights, normalised):

- ``tf/svc-XX-<name>/env-YY-<env>/``: Terraform root modules (main.tf, variables.tf, s3.tf,
  iam.tf, network.tf, outputs.tf, terraform.tfvars) that call local modules under
  ``tf/modules/<name>/`` through ``source = "../../modules/<name>"``. They use variables with
  defaults (some overridden in terraform.tfvars), locals, ``count``, ``for_each``, ``dynamic``
  blocks, string templates, ``for`` expressions, splats, heredocs, ``jsonencode`` policies and
  ``data "aws_iam_policy_document"``, and cover S3 (split into versioning, encryption, public
  access block, ACL, policy, logging, lifecycle resources), VPC, security groups with inline
  rules, ``aws_security_group_rule`` and ``aws_vpc_security_group_ingress_rule``, EC2 instances
  and launch templates with metadata_options, EBS, RDS, KMS, CloudTrail, Lambda, SQS/SNS, EKS,
  ALB listeners and CloudFront.
- ``cfn/<team>/``: CloudFormation templates, mostly YAML with short-form intrinsics (``!Ref``,
  ``!Sub``, ``!GetAtt``, ``!If``, ``!Join``, ``!Equals``, ``!FindInMap``, ``!Select``), some JSON,
  with Parameters, Conditions, Mappings and Outputs, over the same services; about one in six is
  a SAM template (``Transform: AWS::Serverless-2016-10-31``).
- ``k8s/``: Kubernetes manifests and Dockerfiles from ``bench/gen_k8s.py`` (imported, not copied).

About 30% of the security-relevant resources (and module calls) carry one deliberate
misconfiguration, drawn by the seeded RNG: public ACLs and bucket policies, disabled public
access blocks, missing encryption, open SSH/RDP, IMDSv1, unencrypted volumes, public RDS,
admin IAM policies, disabled key rotation, single-region trails, public Lambda URLs, plain-HTTP
listeners, old TLS policies, public EKS endpoints, ... Some are only visible through a variable
default, a terraform.tfvars value, a module argument or a CloudFormation parameter default.
``--labels FILE`` writes them as TSV (file, start line, end line, resource, misconfiguration) so
that a benchmark can check which of them each scanner reports.

The same arguments always give byte-identical output (Terraform, CloudFormation and Kubernetes
parts each draw from their own RNG stream, so changing one share does not reshuffle the others).
Standard library only, except ``--check`` which parses the YAML with PyYAML and runs
``terraform fmt``/``terraform validate`` and ``cfn-lint`` when they are installed (see
bench/README.md).
"""

from __future__ import annotations

import argparse
import json
import os
import random
import re
import shutil
import subprocess
import sys
import tempfile

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import gen_k8s  # noqa: E402  (the Kubernetes/Dockerfile generator and its vocabulary)

BAD_RATE = 0.3  # share of security-relevant resources that carry a misconfiguration

# --------------------------------------------------------------------------- HCL emitter


class Raw(str):
    """An HCL expression written verbatim (reference, function call, conditional)."""


class Tmpl(str):
    """A quoted string whose ``${...}`` interpolations are kept."""


class Heredoc(str):
    """A ``<<-EOT`` heredoc (interpolations kept)."""


class Inline(dict):
    """An object written on one line: ``{ a = 1, b = "x" }``."""


class Call:
    """A function call with HCL-valued arguments, e.g. ``jsonencode({...})``."""

    def __init__(self, name: str, *args):
        self.name = name
        self.args = args


class Attr:
    def __init__(self, name: str, value):
        self.name = name
        self.value = value


class Block:
    def __init__(self, type_: str, labels=(), items=None):
        self.type = type_
        self.labels = list(labels)
        self.items = [i for i in (items or []) if i is not None]

    def add(self, *items):
        self.items.extend(i for i in items if i is not None)
        return self


class HComment:
    def __init__(self, text: str):
        self.text = text


BLANK = "__blank__"
IDENT = re.compile(r"^[A-Za-z_][A-Za-z0-9_-]*$")


def hstr(s: str) -> str:
    s = s.replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\n").replace("\t", "\\t")
    return '"' + s.replace("${", "$${").replace("%{", "%%{") + '"'


def hkey(k: str) -> str:
    return k if IDENT.match(k) else hstr(k)


def is_multiline(text: str) -> bool:
    return "\n" in text


def expr(v, ind: int) -> str:
    """Renders a value as an HCL expression; continuation lines are indented from ``ind``."""
    pad = " " * ind
    if isinstance(v, Heredoc):
        body = "\n".join((pad + "  " + line) if line else "" for line in v.rstrip("\n").split("\n"))
        return "<<-EOT\n" + body + "\n" + pad + "  EOT"
    if isinstance(v, Tmpl):
        return '"' + v.replace('"', '\\"') + '"'
    if isinstance(v, Raw):
        return str(v)
    if v is True:
        return "true"
    if v is False:
        return "false"
    if v is None:
        return "null"
    if isinstance(v, (int, float)):
        return str(v)
    if isinstance(v, str):
        return hstr(v)
    if isinstance(v, Call):
        text = v.name + "(" + ", ".join(expr(a, ind) for a in v.args)
        # A heredoc's closing marker must stand alone on its line.
        return text + ("\n" + pad + ")" if v.args and isinstance(v.args[-1], Heredoc) else ")")
    if isinstance(v, Inline):
        if not v:
            return "{}"
        return "{ " + ", ".join(f"{hkey(k)} = {expr(x, ind)}" for k, x in v.items()) + " }"
    if isinstance(v, (list, tuple)):
        if not v:
            return "[]"
        parts = [expr(x, ind + 2) for x in v]
        one = "[" + ", ".join(parts) + "]"
        if not any(is_multiline(p) for p in parts) and len(one) + ind < 90 and not any(
            isinstance(x, (dict, Call)) for x in v
        ):
            return one
        return "[\n" + "".join(f"{pad}  {p},\n" for p in parts) + pad + "]"
    if isinstance(v, dict):
        if not v:
            return "{}"
        lines = render_attrs([(hkey(k), x) for k, x in v.items()], ind + 2)
        return "{\n" + "\n".join(lines) + "\n" + pad + "}"
    raise TypeError(f"no HCL rendering for {type(v).__name__}")


def render_attrs(pairs: list, ind: int) -> list[str]:
    """``key = value`` lines aligned the way ``terraform fmt`` aligns them: a run of
    consecutive single-line attributes shares one column; an attribute with a multi-line value
    stands alone and ends the run."""
    out: list[str] = []
    group: list[tuple[str, str]] = []

    def flush():
        if group:
            width = max(len(k) for k, _ in group)
            for k, text in group:
                out.append(" " * ind + k.ljust(width) + " = " + text)
            group.clear()

    for k, v in pairs:
        text = expr(v, ind)
        if is_multiline(text):
            flush()
            out.append(" " * ind + k + " = " + text)
        else:
            group.append((k, text))
    flush()
    return out


def render_items(items: list, ind: int) -> list[str]:
    out: list[str] = []
    run: list = []

    def flush():
        if run:
            out.extend(render_attrs([(a.name, a.value) for a in run], ind))
            run.clear()

    for it in items:
        if isinstance(it, Attr):
            if it.value is not None:  # None drops the attribute; Raw("null") writes null
                run.append(it)
            continue
        flush()
        if it == BLANK:
            out.append("")
        elif isinstance(it, HComment):
            out.append(" " * ind + "# " + it.text)
        elif isinstance(it, Block):
            out.extend(render_block(it, ind))
        else:
            raise TypeError(f"unexpected block item {it!r}")
    flush()
    return out


def render_block(b: Block, ind: int = 0) -> list[str]:
    pad = " " * ind
    head = pad + b.type + "".join(" " + hstr(label) for label in b.labels)
    if not b.items:
        return [head + " {}"]
    return [head + " {"] + render_items(b.items, ind + 2) + [pad + "}"]


def render_hcl(top: list) -> tuple[str, dict]:
    """Renders a file's top-level items; also returns each top-level block's line span."""
    lines: list[str] = []
    spans: dict = {}
    first = True
    for it in top:
        if isinstance(it, HComment):
            lines.append("# " + it.text)
            continue
        if not first:
            lines.append("")
        first = False
        start = len(lines) + 1
        # multi-line expressions come back as one string: split them to count real lines
        lines.extend("\n".join(render_block(it, 0)).split("\n"))
        spans[id(it)] = (start, len(lines))
    return "\n".join(lines) + "\n", spans


def A(name, value):
    return Attr(name, value)


def B(type_, *labels, items=None):
    return Block(type_, labels, items)


def policy_doc(statements: list) -> Call:
    return Call("jsonencode", {"Version": "2012-10-17", "Statement": statements})


def pd_statement(sid, effect, actions, resources, principals=None, conditions=None) -> Block:
    st = B("statement", items=[A("sid", sid) if sid else None, A("effect", effect), A("actions", actions),
                                A("resources", resources)])
    for ptype, ids in principals or []:
        st.add(B("principals", items=[A("type", ptype), A("identifiers", ids)]))
    for test, var, values in conditions or []:
        st.add(B("condition", items=[A("test", test), A("variable", var), A("values", values)]))
    return st


# --------------------------------------------------------------------------- vocabulary

REGIONS = ["eu-west-1", "us-east-1", "us-west-2", "eu-central-1", "ap-southeast-2"]
ENVS = ["dev", "staging", "prod"]
RUNTIMES = ["python3.12", "python3.13", "nodejs22.x", "python3.12", "java21", "provided.al2023"]
INSTANCE_TYPES = ["t3.micro", "t3.small", "t3.medium", "m6i.large", "c6i.xlarge", "r6g.large"]
DB_CLASSES = ["db.t3.micro", "db.t4g.medium", "db.r6g.large", "db.m6i.large"]
OLD_TLS = ["ELBSecurityPolicy-2016-08", "ELBSecurityPolicy-TLS-1-0-2015-04", "ELBSecurityPolicy-TLS-1-1-2017-01"]
GOOD_TLS = ["ELBSecurityPolicy-TLS13-1-2-2021-06", "ELBSecurityPolicy-TLS13-1-2-Res-2021-06", "ELBSecurityPolicy-FS-1-2-Res-2020-10"]
ACCOUNT = "123456789012"
EKS_VERSIONS = ["1.29", "1.30", "1.31"]
ADMIN_ARN = "arn:aws:iam::aws:policy/AdministratorAccess"
FAKE_SECRETS = [
    ("DB_PASSWORD", "Sup3rS3cret!2024"),
    ("API_KEY", "sk_live_51HxQ2eLkd8f9a0b7c6d5e4f3"),
    ("BACKUP_AWS_SECRET_ACCESS_KEY", "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY"),
    ("STRIPE_SECRET", "sk_live_4eC39HqLyjWDarjtT1zdp7dc"),
]

TF_FILES = ["main.tf", "variables.tf", "s3.tf", "iam.tf", "network.tf", "outputs.tf", "terraform.tfvars"]


def snake(s: str) -> str:
    return s.replace("-", "_")


# --------------------------------------------------------------------------- Terraform modules


def var_block(name, type_, default=..., description=None, sensitive=False, validation=None) -> Block:
    b = B("variable", name, items=[A("description", description) if description else None, A("type", Raw(type_))])
    if default is not ...:
        b.add(A("default", Raw("null") if default is None else default))
    if sensitive:
        b.add(A("sensitive", True))
    if validation:
        cond, msg = validation
        b.add(B("validation", items=[A("condition", Raw(cond)), A("error_message", msg)]))
    return b


def out_block(name, value, description=None, sensitive=False) -> Block:
    return B("output", name, items=[A("description", description) if description else None, A("value", value),
                                    A("sensitive", True) if sensitive else None])


TAGS_VAR = var_block("tags", "map(string)", {}, "Tags added to every resource.")


def module_s3_bucket() -> dict:
    main = [
        B("resource", "aws_s3_bucket", "this", items=[
            A("bucket", Raw("var.name")), A("force_destroy", Raw("var.force_destroy")), A("tags", Raw("var.tags"))]),
        B("resource", "aws_s3_bucket_versioning", "this", items=[
            A("bucket", Raw("aws_s3_bucket.this.id")),
            B("versioning_configuration", items=[A("status", Raw('var.versioning ? "Enabled" : "Suspended"'))])]),
        B("resource", "aws_s3_bucket_server_side_encryption_configuration", "this", items=[
            A("bucket", Raw("aws_s3_bucket.this.id")), BLANK,
            B("rule", items=[
                B("apply_server_side_encryption_by_default", items=[
                    A("sse_algorithm", Raw("var.sse_algorithm")),
                    A("kms_master_key_id", Raw('var.sse_algorithm == "aws:kms" ? var.kms_key_arn : null'))]),
                A("bucket_key_enabled", Raw('var.sse_algorithm == "aws:kms"'))])]),
        B("resource", "aws_s3_bucket_public_access_block", "this", items=[
            A("bucket", Raw("aws_s3_bucket.this.id")), BLANK,
            A("block_public_acls", Raw("var.block_public_access")),
            A("block_public_policy", Raw("var.block_public_access")),
            A("ignore_public_acls", Raw("var.block_public_access")),
            A("restrict_public_buckets", Raw("var.block_public_access"))]),
        B("resource", "aws_s3_bucket_ownership_controls", "this", items=[
            A("count", Raw("var.acl == null ? 0 : 1")), A("bucket", Raw("aws_s3_bucket.this.id")), BLANK,
            B("rule", items=[A("object_ownership", "BucketOwnerPreferred")])]),
        B("resource", "aws_s3_bucket_acl", "this", items=[
            A("count", Raw("var.acl == null ? 0 : 1")), A("bucket", Raw("aws_s3_bucket.this.id")),
            A("acl", Raw("var.acl")), BLANK, A("depends_on", [Raw("aws_s3_bucket_ownership_controls.this")])]),
        B("resource", "aws_s3_bucket_logging", "this", items=[
            A("count", Raw("var.logging_bucket == null ? 0 : 1")), A("bucket", Raw("aws_s3_bucket.this.id")),
            A("target_bucket", Raw("var.logging_bucket")), A("target_prefix", Tmpl("s3/${var.name}/"))]),
        B("resource", "aws_s3_bucket_lifecycle_configuration", "this", items=[
            A("count", Raw("var.expire_after_days > 0 ? 1 : 0")), A("bucket", Raw("aws_s3_bucket.this.id")), BLANK,
            B("rule", items=[A("id", "expire"), A("status", "Enabled"), BLANK, B("filter"), BLANK,
                             B("expiration", items=[A("days", Raw("var.expire_after_days"))]), BLANK,
                             B("noncurrent_version_expiration", items=[A("noncurrent_days", 30)])])]),
    ]
    variables = [
        var_block("name", "string", description="Bucket name."),
        var_block("versioning", "bool", True, "Keep every version of every object."),
        var_block("sse_algorithm", "string", "aws:kms", "AES256 or aws:kms.",
                  validation=('contains(["AES256", "aws:kms"], var.sse_algorithm)', "sse_algorithm must be AES256 or aws:kms.")),
        var_block("kms_key_arn", "string", None, "KMS key for aws:kms encryption (null: the AWS managed key)."),
        var_block("block_public_access", "bool", True, "Turn on all four S3 public access block settings."),
        var_block("acl", "string", None, "Canned ACL; null keeps ACLs disabled."),
        var_block("logging_bucket", "string", None, "Bucket that receives access logs (null: no logging)."),
        var_block("expire_after_days", "number", 0, "Expire objects after this many days (0: never)."),
        var_block("force_destroy", "bool", False),
        TAGS_VAR,
    ]
    outputs = [
        out_block("id", Raw("aws_s3_bucket.this.id")),
        out_block("arn", Raw("aws_s3_bucket.this.arn")),
        out_block("bucket_regional_domain_name", Raw("aws_s3_bucket.this.bucket_regional_domain_name")),
    ]
    return {"main.tf": main, "variables.tf": variables, "outputs.tf": outputs}


def module_vpc() -> dict:
    main = [
        B("resource", "aws_vpc", "this", items=[
            A("cidr_block", Raw("var.cidr")), A("enable_dns_support", True), A("enable_dns_hostnames", True), BLANK,
            A("tags", Call("merge", Raw("var.tags"), {"Name": Raw("var.name")}))]),
        B("resource", "aws_subnet", "public", items=[
            A("count", Raw("length(var.azs)")), BLANK, A("vpc_id", Raw("aws_vpc.this.id")),
            A("cidr_block", Raw("cidrsubnet(var.cidr, 8, count.index)")),
            A("availability_zone", Raw("var.azs[count.index]")), A("map_public_ip_on_launch", True), BLANK,
            A("tags", Call("merge", Raw("var.tags"), {"Name": Tmpl("${var.name}-public-${var.azs[count.index]}"),
                                                      "kubernetes.io/role/elb": "1"}))]),
        B("resource", "aws_subnet", "private", items=[
            A("count", Raw("length(var.azs)")), BLANK, A("vpc_id", Raw("aws_vpc.this.id")),
            A("cidr_block", Raw("cidrsubnet(var.cidr, 8, count.index + 100)")),
            A("availability_zone", Raw("var.azs[count.index]")), BLANK,
            A("tags", Call("merge", Raw("var.tags"), {"Name": Tmpl("${var.name}-private-${var.azs[count.index]}"),
                                                      "kubernetes.io/role/internal-elb": "1"}))]),
        B("resource", "aws_internet_gateway", "this", items=[A("vpc_id", Raw("aws_vpc.this.id")), A("tags", Raw("var.tags"))]),
        B("resource", "aws_eip", "nat", items=[A("count", Raw("var.enable_nat ? 1 : 0")), A("domain", "vpc")]),
        B("resource", "aws_nat_gateway", "this", items=[
            A("count", Raw("var.enable_nat ? 1 : 0")), A("allocation_id", Raw("aws_eip.nat[0].id")),
            A("subnet_id", Raw("aws_subnet.public[0].id")), A("tags", Raw("var.tags"))]),
        B("resource", "aws_route_table", "public", items=[
            A("vpc_id", Raw("aws_vpc.this.id")), BLANK,
            B("route", items=[A("cidr_block", "0.0.0.0/0"), A("gateway_id", Raw("aws_internet_gateway.this.id"))])]),
        B("resource", "aws_route_table_association", "public", items=[
            A("count", Raw("length(var.azs)")), A("subnet_id", Raw("aws_subnet.public[count.index].id")),
            A("route_table_id", Raw("aws_route_table.public.id"))]),
        B("resource", "aws_flow_log", "this", items=[
            A("count", Raw("var.enable_flow_logs ? 1 : 0")), A("vpc_id", Raw("aws_vpc.this.id")),
            A("traffic_type", "ALL"), A("log_destination_type", "s3"), A("log_destination", Raw("var.flow_log_bucket_arn"))]),
        B("resource", "aws_default_security_group", "this", items=[A("vpc_id", Raw("aws_vpc.this.id"))]),
    ]
    variables = [
        var_block("name", "string"),
        var_block("cidr", "string", "10.0.0.0/16", validation=("can(cidrhost(var.cidr, 0))", "cidr must be a CIDR block.")),
        var_block("azs", "list(string)", description="Availability zones, one public and one private subnet each."),
        var_block("enable_nat", "bool", True),
        var_block("enable_flow_logs", "bool", True, "Send VPC flow logs to flow_log_bucket_arn."),
        var_block("flow_log_bucket_arn", "string", None),
        TAGS_VAR,
    ]
    outputs = [
        out_block("vpc_id", Raw("aws_vpc.this.id")),
        out_block("cidr_block", Raw("aws_vpc.this.cidr_block")),
        out_block("public_subnet_ids", Raw("aws_subnet.public[*].id")),
        out_block("private_subnet_ids", Raw("aws_subnet.private[*].id")),
    ]
    return {"main.tf": main, "variables.tf": variables, "outputs.tf": outputs}


def module_security_group() -> dict:
    main = [
        B("resource", "aws_security_group", "this", items=[
            A("name_prefix", Tmpl("${var.name}-")), A("description", Raw("var.description")),
            A("vpc_id", Raw("var.vpc_id")), BLANK,
            B("dynamic", "ingress", items=[
                A("for_each", Raw("var.ingress_rules")),
                B("content", items=[
                    A("description", Raw("ingress.value.description")), A("from_port", Raw("ingress.value.port")),
                    A("to_port", Raw("ingress.value.port")), A("protocol", Raw("ingress.value.protocol")),
                    A("cidr_blocks", Raw("ingress.value.cidr_blocks"))])]),
            BLANK,
            B("egress", items=[A("description", "All outbound"), A("from_port", 0), A("to_port", 0),
                               A("protocol", "-1"), A("cidr_blocks", Raw("var.egress_cidr_blocks"))]),
            BLANK, A("tags", Raw("var.tags")), BLANK,
            B("lifecycle", items=[A("create_before_destroy", True)])]),
    ]
    variables = [
        var_block("name", "string"),
        var_block("description", "string", "Managed by Terraform"),
        var_block("vpc_id", "string"),
        var_block("ingress_rules", "list(object({\n    description = string\n    port        = number\n    protocol    = string\n    cidr_blocks = list(string)\n  }))", []),
        var_block("egress_cidr_blocks", "list(string)", ["0.0.0.0/0"]),
        TAGS_VAR,
    ]
    outputs = [out_block("id", Raw("aws_security_group.this.id")), out_block("arn", Raw("aws_security_group.this.arn"))]
    return {"main.tf": main, "variables.tf": variables, "outputs.tf": outputs}


def module_instance() -> dict:
    main = [
        B("resource", "aws_instance", "this", items=[
            A("ami", Raw("var.ami_id")), A("instance_type", Raw("var.instance_type")),
            A("subnet_id", Raw("var.subnet_id")), A("vpc_security_group_ids", Raw("var.security_group_ids")),
            A("iam_instance_profile", Raw("var.iam_instance_profile")),
            A("associate_public_ip_address", Raw("var.associate_public_ip")), A("user_data", Raw("var.user_data")),
            A("monitoring", True), A("ebs_optimized", True), BLANK,
            B("metadata_options", items=[
                A("http_endpoint", "enabled"), A("http_tokens", Raw('var.require_imdsv2 ? "required" : "optional"')),
                A("http_put_response_hop_limit", 1)]),
            BLANK,
            B("root_block_device", items=[
                A("volume_type", "gp3"), A("volume_size", Raw("var.root_volume_size")),
                A("encrypted", Raw("var.root_volume_encrypted")), A("kms_key_id", Raw("var.kms_key_arn"))]),
            BLANK,
            B("dynamic", "ebs_block_device", items=[
                A("for_each", Raw("var.extra_volumes")),
                B("content", items=[
                    A("device_name", Raw("ebs_block_device.value.device_name")),
                    A("volume_size", Raw("ebs_block_device.value.size")), A("volume_type", "gp3"),
                    A("encrypted", Raw("var.root_volume_encrypted")), A("kms_key_id", Raw("var.kms_key_arn"))])]),
            BLANK, A("tags", Call("merge", Raw("var.tags"), {"Name": Raw("var.name")}))]),
    ]
    variables = [
        var_block("name", "string"), var_block("ami_id", "string"), var_block("instance_type", "string", "t3.small"),
        var_block("subnet_id", "string"), var_block("security_group_ids", "list(string)"),
        var_block("iam_instance_profile", "string", None),
        var_block("associate_public_ip", "bool", False),
        var_block("user_data", "string", None),
        var_block("require_imdsv2", "bool", True, "Require IMDSv2 session tokens (http_tokens = required)."),
        var_block("root_volume_size", "number", 20),
        var_block("root_volume_encrypted", "bool", True),
        var_block("kms_key_arn", "string", None),
        var_block("extra_volumes", "list(object({\n    device_name = string\n    size        = number\n  }))", []),
        TAGS_VAR,
    ]
    outputs = [out_block("id", Raw("aws_instance.this.id")), out_block("private_ip", Raw("aws_instance.this.private_ip"))]
    return {"main.tf": main, "variables.tf": variables, "outputs.tf": outputs}


def module_postgres() -> dict:
    main = [
        B("resource", "aws_db_subnet_group", "this", items=[
            A("name", Raw("var.identifier")), A("subnet_ids", Raw("var.subnet_ids")), A("tags", Raw("var.tags"))]),
        B("resource", "aws_db_parameter_group", "this", items=[
            A("name", Tmpl("${var.identifier}-pg16")), A("family", "postgres16"), BLANK,
            B("parameter", items=[A("name", "rds.force_ssl"), A("value", "1")]), BLANK,
            B("parameter", items=[A("name", "log_min_duration_statement"), A("value", "500")])]),
        B("resource", "aws_db_instance", "this", items=[
            A("identifier", Raw("var.identifier")), A("engine", "postgres"), A("engine_version", Raw("var.engine_version")),
            A("instance_class", Raw("var.instance_class")), A("allocated_storage", Raw("var.allocated_storage")),
            A("storage_type", "gp3"), A("storage_encrypted", Raw("var.storage_encrypted")),
            A("kms_key_id", Raw("var.kms_key_arn")), BLANK,
            A("username", "app"), A("manage_master_user_password", True), BLANK,
            A("db_subnet_group_name", Raw("aws_db_subnet_group.this.name")),
            A("parameter_group_name", Raw("aws_db_parameter_group.this.name")),
            A("vpc_security_group_ids", Raw("var.security_group_ids")),
            A("publicly_accessible", Raw("var.publicly_accessible")), A("multi_az", Raw("var.multi_az")), BLANK,
            A("backup_retention_period", Raw("var.backup_retention_days")),
            A("deletion_protection", Raw("var.deletion_protection")),
            A("skip_final_snapshot", False), A("final_snapshot_identifier", Tmpl("${var.identifier}-final")),
            A("copy_tags_to_snapshot", True), A("auto_minor_version_upgrade", True),
            A("iam_database_authentication_enabled", True),
            A("performance_insights_enabled", True),
            A("enabled_cloudwatch_logs_exports", ["postgresql", "upgrade"]), BLANK, A("tags", Raw("var.tags"))]),
    ]
    variables = [
        var_block("identifier", "string"), var_block("engine_version", "string", "16.8"),
        var_block("instance_class", "string", "db.t4g.medium"), var_block("allocated_storage", "number", 50),
        var_block("subnet_ids", "list(string)"), var_block("security_group_ids", "list(string)"),
        var_block("storage_encrypted", "bool", True), var_block("kms_key_arn", "string", None),
        var_block("publicly_accessible", "bool", False), var_block("multi_az", "bool", False),
        var_block("backup_retention_days", "number", 7,
                  validation=("var.backup_retention_days >= 0 && var.backup_retention_days <= 35", "Between 0 and 35 days.")),
        var_block("deletion_protection", "bool", True),
        TAGS_VAR,
    ]
    outputs = [
        out_block("endpoint", Raw("aws_db_instance.this.endpoint")),
        out_block("arn", Raw("aws_db_instance.this.arn")),
        out_block("master_user_secret_arn", Raw("aws_db_instance.this.master_user_secret[0].secret_arn"), sensitive=True),
    ]
    return {"main.tf": main, "variables.tf": variables, "outputs.tf": outputs}


def module_lambda() -> dict:
    main = [
        B("resource", "aws_iam_role", "this", items=[
            A("name", Tmpl("${var.function_name}-role")),
            A("assume_role_policy", policy_doc([{"Effect": "Allow", "Action": "sts:AssumeRole",
                                                 "Principal": {"Service": "lambda.amazonaws.com"}}])),
            A("tags", Raw("var.tags"))]),
        B("resource", "aws_iam_role_policy_attachment", "this", items=[
            A("for_each", Raw('toset(concat(["arn:aws:iam::aws:policy/service-role/AWSLambdaBasicExecutionRole"], var.policy_arns))')),
            A("role", Raw("aws_iam_role.this.name")), A("policy_arn", Raw("each.value"))]),
        B("resource", "aws_cloudwatch_log_group", "this", items=[
            A("name", Tmpl("/aws/lambda/${var.function_name}")), A("retention_in_days", Raw("var.log_retention_days")),
            A("kms_key_id", Raw("var.kms_key_arn"))]),
        B("resource", "aws_lambda_function", "this", items=[
            A("function_name", Raw("var.function_name")), A("role", Raw("aws_iam_role.this.arn")),
            A("handler", Raw("var.handler")), A("runtime", Raw("var.runtime")),
            A("s3_bucket", Raw("var.s3_bucket")), A("s3_key", Raw("var.s3_key")),
            A("timeout", Raw("var.timeout")), A("memory_size", Raw("var.memory_size")),
            A("kms_key_arn", Raw("var.kms_key_arn")), BLANK,
            B("dynamic", "environment", items=[
                A("for_each", Raw("length(var.environment) > 0 ? [var.environment] : []")),
                B("content", items=[A("variables", Raw("environment.value"))])]),
            BLANK,
            B("dynamic", "vpc_config", items=[
                A("for_each", Raw("length(var.subnet_ids) > 0 ? [1] : []")),
                B("content", items=[A("subnet_ids", Raw("var.subnet_ids")),
                                    A("security_group_ids", Raw("var.security_group_ids"))])]),
            BLANK,
            B("tracing_config", items=[A("mode", Raw("var.tracing_mode"))]),
            BLANK, A("depends_on", [Raw("aws_cloudwatch_log_group.this")]), A("tags", Raw("var.tags"))]),
        B("resource", "aws_lambda_function_url", "this", items=[
            A("count", Raw("var.public_url ? 1 : 0")), A("function_name", Raw("aws_lambda_function.this.function_name")),
            A("authorization_type", "NONE")]),
    ]
    variables = [
        var_block("function_name", "string"), var_block("handler", "string", "app.handler"),
        var_block("runtime", "string", "python3.12"), var_block("s3_bucket", "string"), var_block("s3_key", "string"),
        var_block("environment", "map(string)", {}, "Environment variables (use Secrets Manager for secrets)."),
        var_block("timeout", "number", 30), var_block("memory_size", "number", 256),
        var_block("tracing_mode", "string", "Active"),
        var_block("policy_arns", "list(string)", [], "Extra managed policies for the function's role."),
        var_block("subnet_ids", "list(string)", []), var_block("security_group_ids", "list(string)", []),
        var_block("log_retention_days", "number", 30), var_block("kms_key_arn", "string", None),
        var_block("public_url", "bool", False, "Expose an unauthenticated function URL."),
        TAGS_VAR,
    ]
    outputs = [
        out_block("function_arn", Raw("aws_lambda_function.this.arn")),
        out_block("function_name", Raw("aws_lambda_function.this.function_name")),
        out_block("role_name", Raw("aws_iam_role.this.name")),
        out_block("url", Raw("one(aws_lambda_function_url.this[*].function_url)")),
    ]
    return {"main.tf": main, "variables.tf": variables, "outputs.tf": outputs}


def module_kms_key() -> dict:
    main = [
        B("data", "aws_caller_identity", "current"),
        B("data", "aws_iam_policy_document", "this", items=[
            pd_statement("RootAccount", "Allow", ["kms:*"], ["*"],
                         principals=[("AWS", [Tmpl("arn:aws:iam::${data.aws_caller_identity.current.account_id}:root")])]),
            BLANK,
            B("dynamic", "statement", items=[
                A("for_each", Raw("length(var.admin_role_arns) > 0 ? [1] : []")),
                B("content", items=[
                    A("sid", "KeyAdministrators"),
                    A("actions", ["kms:Create*", "kms:Describe*", "kms:Enable*", "kms:List*", "kms:Put*",
                                  "kms:Update*", "kms:Revoke*", "kms:Disable*", "kms:Get*", "kms:Delete*",
                                  "kms:ScheduleKeyDeletion", "kms:CancelKeyDeletion"]),
                    A("resources", ["*"]),
                    B("principals", items=[A("type", "AWS"), A("identifiers", Raw("var.admin_role_arns"))])])]),
            BLANK,
            B("dynamic", "statement", items=[
                A("for_each", Raw("toset(var.service_principals)")),
                B("content", items=[
                    A("sid", Raw('"Service${replace(title(replace(statement.value, ".", " ")), " ", "")}"')),
                    A("actions", ["kms:Encrypt", "kms:Decrypt", "kms:ReEncrypt*", "kms:GenerateDataKey*", "kms:DescribeKey"]),
                    A("resources", ["*"]),
                    B("principals", items=[A("type", "Service"), A("identifiers", [Raw("statement.value")])])])])]),
        B("resource", "aws_kms_key", "this", items=[
            A("description", Raw("var.description")), A("deletion_window_in_days", Raw("var.deletion_window_in_days")),
            A("enable_key_rotation", Raw("var.enable_key_rotation")),
            A("policy", Raw("data.aws_iam_policy_document.this.json")), A("tags", Raw("var.tags"))]),
        B("resource", "aws_kms_alias", "this", items=[
            A("name", Tmpl("alias/${var.alias}")), A("target_key_id", Raw("aws_kms_key.this.key_id"))]),
    ]
    variables = [
        var_block("description", "string"), var_block("alias", "string"),
        var_block("enable_key_rotation", "bool", True), var_block("deletion_window_in_days", "number", 30),
        var_block("admin_role_arns", "list(string)", []), var_block("service_principals", "list(string)", []),
        TAGS_VAR,
    ]
    outputs = [out_block("key_arn", Raw("aws_kms_key.this.arn")), out_block("key_id", Raw("aws_kms_key.this.key_id")),
               out_block("alias_arn", Raw("aws_kms_alias.this.arn"))]
    return {"main.tf": main, "variables.tf": variables, "outputs.tf": outputs}


def module_sqs_queue() -> dict:
    main = [
        B("resource", "aws_sqs_queue", "dlq", items=[
            A("name", Raw('var.fifo ? "${var.name}-dlq.fifo" : "${var.name}-dlq"')), A("fifo_queue", Raw("var.fifo")),
            A("message_retention_seconds", 1209600), A("kms_master_key_id", Raw("var.kms_key_arn")),
            A("sqs_managed_sse_enabled", Raw("var.kms_key_arn == null ? var.sse_enabled : null")), A("tags", Raw("var.tags"))]),
        B("resource", "aws_sqs_queue", "this", items=[
            A("name", Raw('var.fifo ? "${var.name}.fifo" : var.name')), A("fifo_queue", Raw("var.fifo")),
            A("visibility_timeout_seconds", Raw("var.visibility_timeout")),
            A("kms_master_key_id", Raw("var.kms_key_arn")),
            A("sqs_managed_sse_enabled", Raw("var.kms_key_arn == null ? var.sse_enabled : null")), BLANK,
            A("redrive_policy", Call("jsonencode", {"deadLetterTargetArn": Raw("aws_sqs_queue.dlq.arn"),
                                                    "maxReceiveCount": Raw("var.max_receive_count")})),
            A("tags", Raw("var.tags"))]),
    ]
    variables = [
        var_block("name", "string"), var_block("fifo", "bool", False), var_block("kms_key_arn", "string", None),
        var_block("sse_enabled", "bool", True, "SQS-managed encryption when no KMS key is given."),
        var_block("visibility_timeout", "number", 30), var_block("max_receive_count", "number", 5),
        TAGS_VAR,
    ]
    outputs = [out_block("queue_url", Raw("aws_sqs_queue.this.url")), out_block("queue_arn", Raw("aws_sqs_queue.this.arn")),
               out_block("dlq_arn", Raw("aws_sqs_queue.dlq.arn"))]
    return {"main.tf": main, "variables.tf": variables, "outputs.tf": outputs}


MODULES = {
    "s3-bucket": module_s3_bucket,
    "vpc": module_vpc,
    "security-group": module_security_group,
    "instance": module_instance,
    "postgres": module_postgres,
    "lambda-function": module_lambda,
    "kms-key": module_kms_key,
    "sqs-queue": module_sqs_queue,
}


# --------------------------------------------------------------------------- Terraform roots


class TfRoot:
    """One root module (``tf/svc-XX-name/env-YY-env``): its blocks per file, variables, tfvars,
    locals, outputs and the misconfigurations planted in it."""

    def __init__(self, rng: random.Random, svc: dict, env: str, rel: str):
        self.rng = rng
        self.svc = svc
        self.env = env
        self.rel = rel
        self.files: dict[str, list] = {"main.tf": [], "s3.tf": [], "iam.tf": [], "network.tf": []}
        self.vars: dict[str, Block] = {}
        self.tfvars: dict[str, object] = {}
        self.locals: dict[str, object] = {}
        self.outputs: list[Block] = []
        self.labels: list[tuple] = []  # (file, block, address, kind)
        self.modules: set[str] = set()
        self.resources = 0
        self.rolls = 0  # security-relevant resources (or for_each sets) that drew a misconfiguration or not
        self.kms_arn = None

    # helpers -----------------------------------------------------------------
    def chance(self, p: float) -> bool:
        return self.rng.random() < p

    def pick(self, seq):
        return self.rng.choice(seq)

    def bad(self) -> bool:
        self.rolls += 1
        return self.rng.random() < BAD_RATE

    def var(self, name, type_, default=..., description=None, tfvar=..., **kw) -> Raw:
        if name not in self.vars:
            self.vars[name] = var_block(name, type_, default, description, **kw)
        if tfvar is not ...:
            self.tfvars[name] = tfvar
        return Raw("var." + name)

    def put(self, file: str, block: Block, kind: str | None = None) -> Block:
        """Adds a block; ``kind`` names the misconfiguration it carries, if any."""
        self.files[file].append(block)
        if block.type in ("resource", "module"):
            self.resources += 1
        if kind:
            addr = ("module." + block.labels[0]) if block.type == "module" else ".".join(block.labels)
            self.labels.append((file, block, addr, kind))
        return block

    def module(self, file: str, name: str, source: str, args: list, kind: str | None = None) -> Block:
        self.modules.add(source)
        b = B("module", name, items=[A("source", f"../../modules/{source}"), BLANK] + args)
        return self.put(file, b, kind)

    def name(self, suffix: str) -> Tmpl:
        return Tmpl("${local.name}-" + suffix)

    def key_arn(self, purpose: str):
        """The root's own KMS key, else a central one passed in as a variable."""
        if self.kms_arn is not None:
            return self.kms_arn
        uuid = gen_k8s.hexdigest(self.rel, purpose)
        return self.var(f"{purpose}_kms_key_arn", "string",
                        f"arn:aws:kms:{self.svc['region']}:{ACCOUNT}:key/{uuid[:8]}-{uuid[8:12]}-4{uuid[13:16]}-8{uuid[17:20]}-{uuid[20:32]}",
                        f"Central KMS key used for {purpose} encryption.")

    # components --------------------------------------------------------------
    def base(self):
        svc, env = self.svc, self.env
        self.var("service", "string", svc["name"], "Service name, used in resource names.")
        self.var("environment", "string", description="Deployment environment.", tfvar=env,
                 validation=('contains(["dev", "staging", "prod"], var.environment)', "environment must be dev, staging or prod."))
        self.var("region", "string", "eu-west-1", "AWS region.", tfvar=svc["region"])
        self.var("az_count", "number", 2 if env != "prod" else 3, "How many availability zones to spread over.")
        team_tags = {"Team": svc["team"], "CostCenter": f"cc-{svc['idx'] * 37 % 900 + 100}"}
        self.var("tags", "map(string)", {}, "Extra tags for every resource.", tfvar=team_tags if self.chance(0.7) else ...)
        self.locals["name"] = Tmpl("${var.service}-${var.environment}")
        self.locals["is_prod"] = Raw('var.environment == "prod"')
        self.locals["account_id"] = Raw("data.aws_caller_identity.current.account_id")
        self.locals["azs"] = Raw("slice(data.aws_availability_zones.available.names, 0, var.az_count)")
        self.locals["common_tags"] = Call("merge", Raw("var.tags"), {
            "Service": Raw("var.service"), "Environment": Raw("var.environment"), "ManagedBy": "terraform",
            "Repository": f"github.com/acme/{svc['name']}-infra"})

    def header(self) -> list:
        svc = self.svc
        tf = B("terraform", items=[
            A("required_version", self.pick([">= 1.5.0", ">= 1.6", "~> 1.7"])), BLANK,
            B("required_providers", items=[A("aws", {"source": "hashicorp/aws",
                                                     "version": self.pick(["~> 5.40", ">= 5.30, < 6.0", "~> 5.0"])})])])
        if self.chance(0.8):
            tf.add(BLANK, B("backend", "s3", items=[
                A("bucket", f"acme-terraform-state-{svc['region']}"),
                A("key", f"{svc['name']}/{self.env}/terraform.tfstate"),
                A("region", svc["region"]), A("dynamodb_table", "terraform-locks"),
                A("encrypt", not (self.bad() and self.chance(0.3)))]))
        provider = B("provider", "aws", items=[A("region", Raw("var.region")), BLANK,
                                               B("default_tags", items=[A("tags", Raw("local.common_tags"))])])
        out = [tf, provider]
        if "cloudfront" in self.components:
            out.append(B("provider", "aws", items=[A("alias", "us_east_1"), A("region", "us-east-1")]))
        out.append(B("locals", items=[A(k, v) for k, v in self.locals.items()]))
        out.append(B("data", "aws_caller_identity", "current"))
        out.append(B("data", "aws_region", "current"))
        out.append(B("data", "aws_availability_zones", "available", items=[A("state", "available")]))
        return out

    def kms(self):
        if self.chance(0.5):
            bad = self.bad()
            args = [A("description", Tmpl("${local.name} data key")), A("alias", self.name("data")),
                    A("service_principals", ["logs.amazonaws.com", "sns.amazonaws.com", "cloudtrail.amazonaws.com"])]
            if bad:
                args.append(A("enable_key_rotation", False))
            args.append(A("tags", Raw("local.common_tags")))
            self.module("main.tf", "kms", "kms-key", args, "kms-rotation-disabled" if bad else None)
            self.kms_arn = Raw("module.kms.key_arn")
            return
        kind = self.pick(["kms-rotation-disabled", "kms-rotation-disabled", "kms-policy-wildcard-principal"]) if self.bad() else None
        items = [A("description", Tmpl("${local.name} application data")), A("deletion_window_in_days", self.pick([7, 30]))]
        if kind != "kms-rotation-disabled":
            items.append(A("enable_key_rotation", True))
        elif self.chance(0.5):
            items.append(A("enable_key_rotation", False))
        principal = "*" if kind == "kms-policy-wildcard-principal" else Tmpl("arn:aws:iam::${local.account_id}:root")
        items.append(A("policy", policy_doc([{"Sid": "EnableRootAccess", "Effect": "Allow",
                                              "Principal": {"AWS": principal}, "Action": "kms:*", "Resource": "*"}])))
        self.put("main.tf", B("resource", "aws_kms_key", "main", items=items), kind)
        self.put("main.tf", B("resource", "aws_kms_alias", "main", items=[
            A("name", Tmpl("alias/${local.name}")), A("target_key_id", Raw("aws_kms_key.main.key_id"))]))
        self.kms_arn = Raw("aws_kms_key.main.arn")

    def network(self):
        cidr = f"10.{self.svc['idx'] % 200}.0.0/16"
        vpc_cidr = self.var("vpc_cidr", "string", cidr, "CIDR block of the VPC.")
        if self.chance(0.6):
            bad = self.bad()
            args = [A("name", Raw("local.name")), A("cidr", vpc_cidr), A("azs", Raw("local.azs")),
                    A("enable_nat", Raw("local.is_prod")), A("enable_flow_logs", not bad),
                    A("flow_log_bucket_arn", Raw("aws_s3_bucket.logs.arn")), A("tags", Raw("local.common_tags"))]
            self.module("network.tf", "vpc", "vpc", args, "vpc-flow-logs-disabled" if bad else None)
            self.vpc_id = Raw("module.vpc.vpc_id")
            self.public_subnets = Raw("module.vpc.public_subnet_ids")
            self.private_subnets = Raw("module.vpc.private_subnet_ids")
            self.first_subnet = {"public": Raw("module.vpc.public_subnet_ids[0]"),
                                 "private": Raw("module.vpc.private_subnet_ids[0]")}
        else:
            kind = self.pick(["vpc-flow-logs-disabled", "subnet-public-ip-on-launch"]) if self.bad() else None
            self.put("network.tf", B("resource", "aws_vpc", "main", items=[
                A("cidr_block", vpc_cidr), A("enable_dns_support", True), A("enable_dns_hostnames", True), BLANK,
                A("tags", Call("merge", Raw("local.common_tags"), {"Name": Raw("local.name")}))]),
                kind if kind == "vpc-flow-logs-disabled" else None)
            for tier, offset in (("public", 0), ("private", 100)):
                items = [A("count", Raw("length(local.azs)")), BLANK, A("vpc_id", Raw("aws_vpc.main.id")),
                         A("cidr_block", Raw(f"cidrsubnet(var.vpc_cidr, 8, count.index{' + ' + str(offset) if offset else ''})")),
                         A("availability_zone", Raw("local.azs[count.index]"))]
                if tier == "public" and kind == "subnet-public-ip-on-launch":
                    items.append(A("map_public_ip_on_launch", True))
                items += [BLANK, A("tags", {"Name": Tmpl("${local.name}-" + tier + "-${count.index}"), "Tier": tier})]
                self.put("network.tf", B("resource", "aws_subnet", tier, items=items),
                         kind if (tier == "public" and kind == "subnet-public-ip-on-launch") else None)
            self.put("network.tf", B("resource", "aws_internet_gateway", "main", items=[A("vpc_id", Raw("aws_vpc.main.id"))]))
            self.put("network.tf", B("resource", "aws_route_table", "public", items=[
                A("vpc_id", Raw("aws_vpc.main.id")), BLANK,
                B("route", items=[A("cidr_block", "0.0.0.0/0"), A("gateway_id", Raw("aws_internet_gateway.main.id"))])]))
            self.put("network.tf", B("resource", "aws_route_table_association", "public", items=[
                A("count", Raw("length(aws_subnet.public)")), A("subnet_id", Raw("aws_subnet.public[count.index].id")),
                A("route_table_id", Raw("aws_route_table.public.id"))]))
            if kind != "vpc-flow-logs-disabled":
                self.put("network.tf", B("resource", "aws_flow_log", "main", items=[
                    A("vpc_id", Raw("aws_vpc.main.id")), A("traffic_type", "ALL"), A("log_destination_type", "s3"),
                    A("log_destination", Tmpl("${aws_s3_bucket.logs.arn}/flow-logs/"))]))
            self.vpc_id = Raw("aws_vpc.main.id")
            self.public_subnets = Raw("aws_subnet.public[*].id")
            self.private_subnets = Raw("aws_subnet.private[*].id")
            self.first_subnet = {"public": Raw("aws_subnet.public[0].id"), "private": Raw("aws_subnet.private[0].id")}
        self.outputs.append(out_block("vpc_id", self.vpc_id, "VPC of the service."))
        self.security_groups()

    def security_groups(self):
        port = self.svc["port"]
        kind = self.pick(["open-ssh", "open-ssh", "open-ssh-via-variable", "open-rdp", "open-all-ports"]) if self.bad() else None
        ssh_default = "10.0.0.0/8"
        ssh_tfvar = ...
        if kind == "open-ssh-via-variable":
            if self.chance(0.5):
                ssh_default = "0.0.0.0/0"
            else:
                ssh_tfvar = "0.0.0.0/0"
        items = [A("name", self.name("app")), A("description", Tmpl("Application instances of ${local.name}")),
                 A("vpc_id", self.vpc_id), BLANK,
                 B("ingress", items=[A("description", "App traffic from the VPC"), A("from_port", port), A("to_port", port),
                                     A("protocol", "tcp"), A("cidr_blocks", [Raw("var.vpc_cidr")])])]
        use_ssh = kind in ("open-ssh", "open-ssh-via-variable") or self.chance(0.4)
        if use_ssh:
            if kind == "open-ssh":
                cidrs = ["0.0.0.0/0"]
            else:
                cidrs = [self.var("ssh_cidr", "string", ssh_default, "Where SSH is allowed from (bastion range).", tfvar=ssh_tfvar)]
            items.append(B("ingress", items=[A("description", "SSH"), A("from_port", 22), A("to_port", 22),
                                             A("protocol", "tcp"), A("cidr_blocks", cidrs)]))
        items += [B("egress", items=[A("description", "All outbound"), A("from_port", 0), A("to_port", 0),
                                     A("protocol", "-1"), A("cidr_blocks", ["0.0.0.0/0"])]),
                  BLANK, A("tags", {"Name": self.name("app")})]
        self.put("network.tf", B("resource", "aws_security_group", "app", items=items),
                 kind if kind in ("open-ssh", "open-ssh-via-variable") else None)
        self.app_sg = Raw("aws_security_group.app.id")
        # Separate rules, in one of the two resource styles the provider offers.
        if self.chance(0.5):
            rdp = kind == "open-rdp"
            self.put("network.tf", B("resource", "aws_security_group_rule", "admin" if rdp else "monitoring", items=[
                A("type", "ingress"), A("description", "RDP for the Windows jump host" if rdp else "Prometheus scrape"),
                A("from_port", 3389 if rdp else 9100), A("to_port", 3389 if rdp else 9100), A("protocol", "tcp"),
                A("cidr_blocks", ["0.0.0.0/0"] if rdp else [Raw("var.vpc_cidr")]),
                A("security_group_id", Raw("aws_security_group.app.id"))]), kind if rdp else None)
            if kind == "open-all-ports":
                self.put("network.tf", B("resource", "aws_security_group_rule", "debug", items=[
                    A("type", "ingress"), A("description", "Temporary: debugging"), A("from_port", 0),
                    A("to_port", 65535), A("protocol", "-1"), A("cidr_blocks", ["0.0.0.0/0"]),
                    A("security_group_id", Raw("aws_security_group.app.id"))]), kind)
        else:
            cidrs = self.var("office_cidrs", "list(string)", ["10.20.0.0/16", "10.30.0.0/16"], "Office networks.")
            self.put("network.tf", B("resource", "aws_vpc_security_group_ingress_rule", "office_https", items=[
                A("for_each", Raw(f"toset({cidrs})")), BLANK, A("security_group_id", Raw("aws_security_group.app.id")),
                A("description", "HTTPS from the office"), A("cidr_ipv4", Raw("each.value")), A("from_port", 443),
                A("to_port", 443), A("ip_protocol", "tcp")]))
            if kind in ("open-rdp", "open-all-ports"):
                rdp = kind == "open-rdp"
                self.put("network.tf", B("resource", "aws_vpc_security_group_ingress_rule", "rdp" if rdp else "any", items=[
                    A("security_group_id", Raw("aws_security_group.app.id")),
                    A("description", "Remote desktop" if rdp else "Allow everything (temporary)"),
                    A("cidr_ipv4", "0.0.0.0/0"), A("from_port", 3389 if rdp else None), A("to_port", 3389 if rdp else None),
                    A("ip_protocol", "tcp" if rdp else "-1")]), kind)
            self.put("network.tf", B("resource", "aws_vpc_security_group_egress_rule", "all", items=[
                A("security_group_id", Raw("aws_security_group.app.id")), A("cidr_ipv4", "0.0.0.0/0"),
                A("ip_protocol", "-1")]))
        if self.chance(0.35):
            bad = self.bad()
            rules = [{"description": "Postgres from the app subnets", "port": 5432, "protocol": "tcp",
                      "cidr_blocks": [Raw("var.vpc_cidr")]}]
            if bad:
                rules.append({"description": "Postgres for the BI tool", "port": 5432, "protocol": "tcp",
                              "cidr_blocks": ["0.0.0.0/0"]})
            self.module("network.tf", "db_sg", "security-group", [
                A("name", self.name("db")), A("description", "Database access"), A("vpc_id", self.vpc_id),
                A("ingress_rules", rules), A("tags", Raw("local.common_tags"))], "open-db-port" if bad else None)
        self.outputs.append(out_block("app_security_group_id", Raw("aws_security_group.app.id")))

    def s3(self):
        self.put("s3.tf", B("resource", "aws_s3_bucket", "logs", items=[
            A("bucket", Tmpl("${local.name}-logs-${local.account_id}")), A("force_destroy", Raw("!local.is_prod"))]))
        self.put("s3.tf", B("resource", "aws_s3_bucket_ownership_controls", "logs", items=[
            A("bucket", Raw("aws_s3_bucket.logs.id")), BLANK, B("rule", items=[A("object_ownership", "BucketOwnerPreferred")])]))
        self.put("s3.tf", B("resource", "aws_s3_bucket_acl", "logs", items=[
            A("bucket", Raw("aws_s3_bucket.logs.id")), A("acl", "log-delivery-write"), BLANK,
            A("depends_on", [Raw("aws_s3_bucket_ownership_controls.logs")])]))
        self.put("s3.tf", B("resource", "aws_s3_bucket_server_side_encryption_configuration", "logs", items=[
            A("bucket", Raw("aws_s3_bucket.logs.id")), BLANK,
            B("rule", items=[B("apply_server_side_encryption_by_default", items=[A("sse_algorithm", "AES256")])])]))
        self.put("s3.tf", B("resource", "aws_s3_bucket_public_access_block", "logs", items=[
            A("bucket", Raw("aws_s3_bucket.logs.id")), BLANK, A("block_public_acls", True), A("block_public_policy", True),
            A("ignore_public_acls", True), A("restrict_public_buckets", True)]))
        self.put("s3.tf", B("resource", "aws_s3_bucket_lifecycle_configuration", "logs", items=[
            A("bucket", Raw("aws_s3_bucket.logs.id")), BLANK,
            B("rule", items=[A("id", "expire-logs"), A("status", "Enabled"), BLANK, B("filter"), BLANK,
                             B("expiration", items=[A("days", Raw("local.is_prod ? 365 : 30"))])])]))
        # The service's own buckets, one for_each set of split resources.
        names = self.rng.sample(["assets", "uploads", "exports", "reports", "media", "backups", "artifacts"], self.rng.randint(2, 3))
        if "cloudfront" in self.components and "assets" not in names:
            names[0] = "assets"
        kinds: dict[str, str] = {}
        buckets = {}
        for n in names:
            k = self.pick(["versioning-suspended", "public-access-block-disabled", "no-encryption-config",
                           "no-access-logging"]) if self.bad() else None
            if k:
                kinds[n] = k
            buckets[n] = Inline({"versioning": k != "versioning-suspended", "public": k == "public-access-block-disabled"})
        self.locals["buckets"] = buckets

        def label(k):
            bad_names = sorted(n for n, x in kinds.items() if x == k)
            return f"{k} ({', '.join(bad_names)})" if bad_names else None

        buckets_block = self.put("s3.tf", B("resource", "aws_s3_bucket", "this", items=[
            A("for_each", Raw("local.buckets")), BLANK, A("bucket", Tmpl("${local.name}-${each.key}")),
            A("tags", {"DataClass": Raw('each.key == "exports" ? "confidential" : "internal"')})]))
        self.put("s3.tf", B("resource", "aws_s3_bucket_versioning", "this", items=[
            A("for_each", Raw("local.buckets")), A("bucket", Raw("aws_s3_bucket.this[each.key].id")), BLANK,
            B("versioning_configuration", items=[A("status", Raw('each.value.versioning ? "Enabled" : "Suspended"'))])]),
            label("versioning-suspended"))
        enc_keys = [n for n in names if kinds.get(n) != "no-encryption-config"]
        enc_for_each = Raw("local.buckets") if len(enc_keys) == len(names) else Raw(
            "{ for k, v in local.buckets : k => v if !contains(" + expr(sorted(set(names) - set(enc_keys)), 0) + ", k) }")
        sse = [A("sse_algorithm", "aws:kms" if self.kms_arn is not None else "AES256")]
        if self.kms_arn is not None:
            sse.append(A("kms_master_key_id", self.kms_arn))
        self.put("s3.tf", B("resource", "aws_s3_bucket_server_side_encryption_configuration", "this", items=[
            A("for_each", enc_for_each), A("bucket", Raw("aws_s3_bucket.this[each.key].id")), BLANK,
            B("rule", items=[B("apply_server_side_encryption_by_default", items=sse),
                             A("bucket_key_enabled", self.kms_arn is not None)])]))
        if kinds and "no-encryption-config" in kinds.values():
            self.labels.append(("s3.tf", buckets_block, "aws_s3_bucket.this", label("no-encryption-config")))
        self.put("s3.tf", B("resource", "aws_s3_bucket_public_access_block", "this", items=[
            A("for_each", Raw("local.buckets")), A("bucket", Raw("aws_s3_bucket.this[each.key].id")), BLANK,
            A("block_public_acls", Raw("!each.value.public")), A("block_public_policy", Raw("!each.value.public")),
            A("ignore_public_acls", Raw("!each.value.public")), A("restrict_public_buckets", Raw("!each.value.public"))]),
            label("public-access-block-disabled"))
        log_keys = [n for n in names if kinds.get(n) != "no-access-logging"]
        self.put("s3.tf", B("resource", "aws_s3_bucket_logging", "this", items=[
            A("for_each", Raw("toset(" + expr(log_keys, 0) + ")")), BLANK,
            A("bucket", Raw("aws_s3_bucket.this[each.key].id")), A("target_bucket", Raw("aws_s3_bucket.logs.id")),
            A("target_prefix", Tmpl("s3/${each.key}/"))]))
        if "no-access-logging" in kinds.values():
            self.labels.append(("s3.tf", buckets_block, "aws_s3_bucket.this", label("no-access-logging")))
        self.put("s3.tf", B("data", "aws_iam_policy_document", "bucket", items=[
            A("for_each", Raw("local.buckets")), BLANK,
            pd_statement("DenyInsecureTransport", "Deny", ["s3:*"],
                         [Raw("aws_s3_bucket.this[each.key].arn"), Tmpl("${aws_s3_bucket.this[each.key].arn}/*")],
                         principals=[("*", ["*"])], conditions=[("Bool", "aws:SecureTransport", ["false"])])]))
        self.put("s3.tf", B("resource", "aws_s3_bucket_policy", "this", items=[
            A("for_each", Raw("local.buckets")), A("bucket", Raw("aws_s3_bucket.this[each.key].id")),
            A("policy", Raw("data.aws_iam_policy_document.bucket[each.key].json"))]))
        self.bucket_names = names
        self.outputs.append(out_block("bucket_arns", Raw("{ for k, b in aws_s3_bucket.this : k => b.arn }"),
                                      "ARNs of the service buckets, by purpose."))
        # A public website bucket, the classic way to leak data.
        if self.chance(0.3):
            kind = self.pick(["public-acl", "public-bucket-policy"]) if self.bad() else None
            self.put("s3.tf", B("resource", "aws_s3_bucket", "website", items=[A("bucket", self.name("www"))]),
                     kind)
            self.put("s3.tf", B("resource", "aws_s3_bucket_website_configuration", "website", items=[
                A("bucket", Raw("aws_s3_bucket.website.id")), BLANK,
                B("index_document", items=[A("suffix", "index.html")]), B("error_document", items=[A("key", "404.html")])]))
            public = kind is not None
            self.put("s3.tf", B("resource", "aws_s3_bucket_public_access_block", "website", items=[
                A("bucket", Raw("aws_s3_bucket.website.id")), BLANK, A("block_public_acls", not public),
                A("block_public_policy", not public), A("ignore_public_acls", not public),
                A("restrict_public_buckets", not public)]), kind)
            if kind == "public-acl":
                self.put("s3.tf", B("resource", "aws_s3_bucket_ownership_controls", "website", items=[
                    A("bucket", Raw("aws_s3_bucket.website.id")), BLANK,
                    B("rule", items=[A("object_ownership", "BucketOwnerPreferred")])]))
                self.put("s3.tf", B("resource", "aws_s3_bucket_acl", "website", items=[
                    A("bucket", Raw("aws_s3_bucket.website.id")), A("acl", self.pick(["public-read", "public-read-write"])), BLANK,
                    A("depends_on", [Raw("aws_s3_bucket_ownership_controls.website"),
                                     Raw("aws_s3_bucket_public_access_block.website")])]), kind)
            elif kind == "public-bucket-policy":
                self.put("s3.tf", B("resource", "aws_s3_bucket_policy", "website", items=[
                    A("bucket", Raw("aws_s3_bucket.website.id")),
                    A("policy", policy_doc([{"Sid": "PublicRead", "Effect": "Allow", "Principal": "*",
                                             "Action": ["s3:GetObject"], "Resource": Tmpl("${aws_s3_bucket.website.arn}/*")}])),
                    BLANK, A("depends_on", [Raw("aws_s3_bucket_public_access_block.website")])]), kind)
        # A bucket through the shared module.
        if self.chance(0.45):
            kind = self.pick(["public-access-block-disabled", "versioning-suspended", "public-acl"]) if self.bad() else None
            args = [A("name", Tmpl("${local.name}-" + self.pick(["archive", "datalake", "backups"]) + "-${local.account_id}"))]
            if kind == "versioning-suspended":
                args.append(A("versioning", False))
            if kind == "public-access-block-disabled":
                args.append(A("block_public_access", False))
            if kind == "public-acl":
                args += [A("block_public_access", False), A("acl", "public-read")]
            if self.kms_arn is not None and self.chance(0.7):
                args.append(A("kms_key_arn", self.kms_arn))
            elif self.chance(0.5):
                args.append(A("sse_algorithm", "AES256"))
            args += [A("logging_bucket", Raw("aws_s3_bucket.logs.id")), A("expire_after_days", self.pick([0, 90, 365])),
                     A("tags", Raw("local.common_tags"))]
            self.module("s3.tf", "archive_bucket", "s3-bucket", args, kind)

    def iam(self):
        svc = self.svc
        principal = self.pick(["ec2.amazonaws.com", "ecs-tasks.amazonaws.com"])
        if self.chance(0.5):
            assume = policy_doc([{"Effect": "Allow", "Action": "sts:AssumeRole", "Principal": {"Service": principal}}])
        else:
            self.put("iam.tf", B("data", "aws_iam_policy_document", "assume", items=[
                pd_statement(None, "Allow", ["sts:AssumeRole"], None, principals=[("Service", [principal])])]))
            assume = Raw("data.aws_iam_policy_document.assume.json")
        self.put("iam.tf", B("resource", "aws_iam_role", "app", items=[
            A("name", self.name("app")), A("description", Tmpl("Runtime role of ${var.service}")),
            A("assume_role_policy", assume), A("max_session_duration", 3600)]))
        kind = self.pick(["iam-wildcard-admin", "iam-wildcard-service-actions", "iam-admin-policy-attached"]) if self.bad() else None
        sts = [pd_statement("ReadWriteServiceBuckets", "Allow", ["s3:GetObject", "s3:PutObject", "s3:DeleteObject"],
                            Raw('[for b in aws_s3_bucket.this : "${b.arn}/*"]')),
               pd_statement("ListServiceBuckets", "Allow", ["s3:ListBucket"], Raw("[for b in aws_s3_bucket.this : b.arn]"))]
        if self.kms_arn is not None:
            sts.append(pd_statement("UseDataKey", "Allow", ["kms:Decrypt", "kms:GenerateDataKey"], [self.kms_arn]))
        if kind == "iam-wildcard-admin":
            sts.append(pd_statement("Everything", "Allow", ["*"], ["*"]))
        elif kind == "iam-wildcard-service-actions":
            sts.append(pd_statement("AllS3", "Allow", ["s3:*"], ["*"]))
        doc = B("data", "aws_iam_policy_document", "app", items=sts)
        if self.chance(0.4):
            extra = self.var("extra_policy_statements", "list(object({\n    sid       = string\n    actions   = list(string)\n    resources = list(string)\n  }))",
                             [], "Additional statements for the runtime role.")
            doc.add(BLANK, B("dynamic", "statement", items=[
                A("for_each", extra),
                B("content", items=[A("sid", Raw("statement.value.sid")), A("actions", Raw("statement.value.actions")),
                                    A("resources", Raw("statement.value.resources"))])]))
        self.put("iam.tf", doc, kind if kind != "iam-admin-policy-attached" else None)
        self.put("iam.tf", B("resource", "aws_iam_policy", "app", items=[
            A("name", self.name("app")), A("policy", Raw("data.aws_iam_policy_document.app.json"))]))
        self.put("iam.tf", B("resource", "aws_iam_role_policy_attachment", "app", items=[
            A("role", Raw("aws_iam_role.app.name")), A("policy_arn", Raw("aws_iam_policy.app.arn"))]))
        if kind == "iam-admin-policy-attached":
            self.put("iam.tf", B("resource", "aws_iam_role_policy_attachment", "admin", items=[
                A("role", Raw("aws_iam_role.app.name")), A("policy_arn", ADMIN_ARN)]), kind)
        else:
            self.put("iam.tf", B("resource", "aws_iam_role_policy_attachment", "ssm", items=[
                A("role", Raw("aws_iam_role.app.name")), A("policy_arn", "arn:aws:iam::aws:policy/AmazonSSMManagedInstanceCore")]))
        self.put("iam.tf", B("resource", "aws_iam_instance_profile", "app", items=[
            A("name", self.name("app")), A("role", Raw("aws_iam_role.app.name"))]))
        # A deploy policy written inline with jsonencode.
        if self.chance(0.5):
            dkind = self.pick(["iam-wildcard-admin", "iam-passrole-wildcard"]) if self.bad() else None
            stmts = [{"Sid": "Deploy", "Effect": "Allow",
                      "Action": ["ecs:UpdateService", "ecs:DescribeServices", "ecr:GetAuthorizationToken"],
                      "Resource": "*"}]
            if dkind == "iam-wildcard-admin":
                stmts.append({"Sid": "BreakGlass", "Effect": "Allow", "Action": "*", "Resource": "*"})
            elif dkind == "iam-passrole-wildcard":
                stmts.append({"Sid": "PassAnyRole", "Effect": "Allow", "Action": ["iam:PassRole", "iam:CreateRole"], "Resource": "*"})
            else:
                stmts.append({"Sid": "PassRuntimeRole", "Effect": "Allow", "Action": "iam:PassRole",
                              "Resource": Raw("aws_iam_role.app.arn")})
            self.put("iam.tf", B("resource", "aws_iam_policy", "deploy", items=[
                A("name", self.name("deploy")), A("description", "Used by the CD pipeline"), A("policy", policy_doc(stmts))]), dkind)
        # A CI user with a long-lived access key.
        if self.chance(0.3):
            ukind = self.pick(["iam-user-access-key", "iam-user-inline-policy"]) if self.bad() else None
            self.put("iam.tf", B("resource", "aws_iam_user", "ci", items=[A("name", self.name("ci")), A("path", "/ci/")]))
            if ukind == "iam-user-access-key":
                self.put("iam.tf", B("resource", "aws_iam_access_key", "ci", items=[A("user", Raw("aws_iam_user.ci.name"))]), ukind)
                self.outputs.append(out_block("ci_secret_access_key", Raw("aws_iam_access_key.ci.secret"), sensitive=True))
            if ukind == "iam-user-inline-policy":
                self.put("iam.tf", B("resource", "aws_iam_user_policy", "ci", items=[
                    A("name", "ci"), A("user", Raw("aws_iam_user.ci.name")),
                    A("policy", policy_doc([{"Effect": "Allow", "Action": ["s3:*", "cloudfront:CreateInvalidation"],
                                             "Resource": "*"}]))]), ukind)
            else:
                self.put("iam.tf", B("resource", "aws_iam_user_group_membership", "ci", items=[
                    A("user", Raw("aws_iam_user.ci.name")), A("groups", ["ci-deployers"])]))
        if svc["idx"] % 9 == 0 and self.env == "prod":
            pkind = "weak-password-policy" if self.bad() else None
            weak = pkind is not None
            self.put("iam.tf", B("resource", "aws_iam_account_password_policy", "strict", items=[
                A("minimum_password_length", 8 if weak else 14), A("require_lowercase_characters", True),
                A("require_uppercase_characters", not weak), A("require_numbers", True), A("require_symbols", not weak),
                A("allow_users_to_change_password", True), A("password_reuse_prevention", 0 if weak else 24),
                A("max_password_age", 0 if weak else 90)]), pkind)
        self.outputs.append(out_block("app_role_arn", Raw("aws_iam_role.app.arn")))

    def ami(self) -> Raw:
        if not any(b.type == "data" and b.labels[:1] == ["aws_ami"] for b in self.files["main.tf"]):
            self.put("main.tf", B("data", "aws_ami", "al2023", items=[
                A("most_recent", True), A("owners", ["amazon"]), BLANK,
                B("filter", items=[A("name", "name"), A("values", ["al2023-ami-2023.*-x86_64"])]),
                B("filter", items=[A("name", "virtualization-type"), A("values", ["hvm"])])]))
        return Raw("data.aws_ami.al2023.id")

    def compute(self):
        style = self.pick(["instance", "instance", "module", "launch_template"])
        kind = self.pick(["imdsv1", "imdsv1", "unencrypted-root-volume", "public-ip", "secret-in-user-data"]) if self.bad() else None
        it = self.var("instance_type", "string", self.pick(INSTANCE_TYPES[:3]), "EC2 instance type.",
                      tfvar=self.pick(INSTANCE_TYPES) if self.chance(0.5) else ...)
        secret = self.pick(FAKE_SECRETS)
        script = (f"#!/bin/bash\nset -euo pipefail\ndnf install -y amazon-cloudwatch-agent\n"
                  f"echo \"SERVICE=${{var.service}}\" >> /etc/environment\n"
                  + (f"echo \"{secret[0]}={secret[1]}\" >> /etc/environment\n" if kind == "secret-in-user-data" else "")
                  + f"systemctl enable --now {self.svc['name']}.service\n")
        if style == "module" and kind != "secret-in-user-data":
            args = [A("name", self.name("app")), A("ami_id", self.ami()), A("instance_type", it),
                    A("subnet_id", self.first_subnet["public" if kind == "public-ip" else "private"]),
                    A("security_group_ids", [self.app_sg]), A("iam_instance_profile", Raw("aws_iam_instance_profile.app.name"))]
            if kind == "imdsv1":
                args.append(A("require_imdsv2", False))
            if kind == "unencrypted-root-volume":
                args.append(A("root_volume_encrypted", False))
            if kind == "public-ip":
                args.append(A("associate_public_ip", True))
            if self.kms_arn is not None and kind != "unencrypted-root-volume":
                args.append(A("kms_key_arn", self.kms_arn))
            if self.chance(0.5):
                args.append(A("extra_volumes", [{"device_name": "/dev/sdf", "size": self.pick([50, 100, 200])}]))
            args.append(A("tags", Raw("local.common_tags")))
            self.module("main.tf", "app_instance", "instance", args, kind)
            return
        meta = B("metadata_options", items=[A("http_endpoint", "enabled"),
                                            A("http_tokens", "optional" if kind == "imdsv1" else "required"),
                                            A("http_put_response_hop_limit", 1 if self.chance(0.7) else 2)])
        if kind == "imdsv1" and self.chance(0.4):
            meta = None  # no metadata_options at all: the provider default allows IMDSv1
        enc = kind != "unencrypted-root-volume"
        if style == "launch_template":
            lt = B("resource", "aws_launch_template", "app", items=[
                A("name_prefix", self.name("app-")), A("image_id", self.ami()), A("instance_type", it),
                A("user_data", Call("base64encode", Heredoc(script))), BLANK,
                B("iam_instance_profile", items=[A("name", Raw("aws_iam_instance_profile.app.name"))]), BLANK, meta,
                BLANK if meta else None,
                B("block_device_mappings", items=[A("device_name", "/dev/xvda"), BLANK, B("ebs", items=[
                    A("volume_size", 30), A("volume_type", "gp3"), A("encrypted", enc if (enc or self.chance(0.5)) else None),
                    A("kms_key_id", self.kms_arn if enc else None), A("delete_on_termination", True)])]),
                BLANK,
                B("network_interfaces", items=[A("associate_public_ip_address", kind == "public-ip"),
                                               A("security_groups", [self.app_sg])]),
                BLANK,
                B("tag_specifications", items=[A("resource_type", "instance"), A("tags", {"Name": self.name("app")})])])
            self.put("main.tf", lt, kind)
            self.put("main.tf", B("resource", "aws_autoscaling_group", "app", items=[
                A("name", self.name("app")), A("min_size", Raw("local.is_prod ? 2 : 1")), A("max_size", 6),
                A("vpc_zone_identifier", self.private_subnets if kind != "public-ip" else self.public_subnets), BLANK,
                B("launch_template", items=[A("id", Raw("aws_launch_template.app.id")), A("version", "$Latest")]), BLANK,
                B("tag", items=[A("key", "Service"), A("value", Raw("var.service")), A("propagate_at_launch", True)])]))
            return
        count = self.var("instance_count", "number", 1, "How many application instances to run.",
                         tfvar=self.pick([2, 3]) if self.env == "prod" else ...)
        items = [A("count", count), BLANK, A("ami", self.ami()), A("instance_type", it),
                 A("subnet_id", Raw(f"element({self.public_subnets if kind == 'public-ip' else self.private_subnets}, count.index)")),
                 A("vpc_security_group_ids", [self.app_sg]), A("iam_instance_profile", Raw("aws_iam_instance_profile.app.name")),
                 A("associate_public_ip_address", True if kind == "public-ip" else None),
                 A("monitoring", True), A("ebs_optimized", True), BLANK,
                 A("user_data", Heredoc(script)), BLANK, meta, BLANK if meta else None,
                 B("root_block_device", items=[A("volume_type", "gp3"), A("volume_size", self.pick([20, 30, 50])),
                                               A("encrypted", False if not enc and self.chance(0.6) else (True if enc else None)),
                                               A("kms_key_id", self.kms_arn if enc else None)]),
                 BLANK, A("tags", {"Name": Tmpl("${local.name}-app-${count.index}")})]
        self.put("main.tf", B("resource", "aws_instance", "app", items=items), kind)
        if self.chance(0.4):
            vkind = "unencrypted-ebs-volume" if self.bad() else None
            self.put("main.tf", B("resource", "aws_ebs_volume", "data", items=[
                A("count", count), A("availability_zone", Raw("aws_instance.app[count.index].availability_zone")),
                A("size", self.pick([100, 200, 500])), A("type", "gp3"), A("encrypted", vkind is None),
                A("kms_key_id", self.kms_arn if vkind is None else None), BLANK,
                A("tags", {"Name": Tmpl("${local.name}-data-${count.index}")})]), vkind)
            self.put("main.tf", B("resource", "aws_volume_attachment", "data", items=[
                A("count", count), A("device_name", "/dev/sdf"), A("volume_id", Raw("aws_ebs_volume.data[count.index].id")),
                A("instance_id", Raw("aws_instance.app[count.index].id"))]))
        self.outputs.append(out_block("instance_private_ips", Raw("aws_instance.app[*].private_ip")))

    def database(self):
        kind = self.pick(["rds-unencrypted", "rds-public", "rds-no-backups", "rds-hardcoded-password"]) if self.bad() else None
        ident = self.name("db")
        if self.chance(0.45) and kind != "rds-hardcoded-password":
            args = [A("identifier", ident), A("instance_class", self.pick(DB_CLASSES)),
                    A("allocated_storage", self.pick([20, 50, 100])), A("subnet_ids", self.private_subnets),
                    A("security_group_ids", [self.app_sg]), A("multi_az", Raw("local.is_prod"))]
            if kind == "rds-unencrypted":
                args.append(A("storage_encrypted", False))
            elif self.kms_arn is not None:
                args.append(A("kms_key_arn", self.kms_arn))
            if kind == "rds-public":
                args += [A("publicly_accessible", True), A("subnet_ids", self.public_subnets)]
                args = [a for i, a in enumerate(args) if not (a.name == "subnet_ids" and i == 3)]
            if kind == "rds-no-backups":
                args.append(A("backup_retention_days", 0))
            args.append(A("tags", Raw("local.common_tags")))
            self.module("main.tf", "db", "postgres", args, kind)
            self.outputs.append(out_block("db_endpoint", Raw("module.db.endpoint")))
            return
        self.put("main.tf", B("resource", "aws_db_subnet_group", "main", items=[
            A("name", ident), A("subnet_ids", self.public_subnets if kind == "rds-public" else self.private_subnets)]))
        engine = self.pick([("postgres", "16.8", 5432), ("mysql", "8.0.40", 3306)])
        items = [A("identifier", ident), A("engine", engine[0]), A("engine_version", engine[1]),
                 A("instance_class", self.pick(DB_CLASSES)), A("allocated_storage", self.pick([20, 50, 100])),
                 A("max_allocated_storage", 500), A("storage_encrypted", False if kind == "rds-unencrypted" else True),
                 A("kms_key_id", self.kms_arn if kind != "rds-unencrypted" else None), BLANK,
                 A("db_name", snake(self.svc["name"]).replace("_", "")[:30]), A("username", "app_admin")]
        if kind == "rds-hardcoded-password":
            items.append(A("password", self.pick(FAKE_SECRETS)[1]))
        else:
            items.append(A("manage_master_user_password", True))
        items += [BLANK, A("db_subnet_group_name", Raw("aws_db_subnet_group.main.name")),
                  A("vpc_security_group_ids", [self.app_sg]), A("publicly_accessible", kind == "rds-public"),
                  A("multi_az", Raw("local.is_prod")), BLANK,
                  A("backup_retention_period", 0 if kind == "rds-no-backups" else Raw("local.is_prod ? 30 : 7")),
                  A("deletion_protection", Raw("local.is_prod")), A("skip_final_snapshot", Raw("!local.is_prod")),
                  A("final_snapshot_identifier", Tmpl("${local.name}-final")),
                  A("iam_database_authentication_enabled", self.chance(0.6)),
                  A("performance_insights_enabled", self.chance(0.5)),
                  A("enabled_cloudwatch_logs_exports", ["postgresql"] if engine[0] == "postgres" else ["error", "slowquery"]),
                  A("auto_minor_version_upgrade", True), A("copy_tags_to_snapshot", True)]
        self.put("main.tf", B("resource", "aws_db_instance", "main", items=items), kind)
        self.outputs.append(out_block("db_endpoint", Raw("aws_db_instance.main.endpoint")))

    def trail(self):
        kind = self.pick(["cloudtrail-single-region", "cloudtrail-no-log-validation", "cloudtrail-no-kms"]) if self.bad() else None
        self.put("s3.tf", B("data", "aws_iam_policy_document", "logs", items=[
            pd_statement("CloudTrailAclCheck", "Allow", ["s3:GetBucketAcl"], [Raw("aws_s3_bucket.logs.arn")],
                         principals=[("Service", ["cloudtrail.amazonaws.com"])]),
            pd_statement("CloudTrailWrite", "Allow", ["s3:PutObject"],
                         [Tmpl("${aws_s3_bucket.logs.arn}/cloudtrail/AWSLogs/${local.account_id}/*")],
                         principals=[("Service", ["cloudtrail.amazonaws.com"])],
                         conditions=[("StringEquals", "s3:x-amz-acl", ["bucket-owner-full-control"])])]))
        self.put("s3.tf", B("resource", "aws_s3_bucket_policy", "logs", items=[
            A("bucket", Raw("aws_s3_bucket.logs.id")), A("policy", Raw("data.aws_iam_policy_document.logs.json"))]))
        retention = self.pick([90, 365, 400])
        self.put("main.tf", B("resource", "aws_cloudwatch_log_group", "trail", items=[
            A("name", Tmpl("/aws/cloudtrail/${local.name}")), A("retention_in_days", retention),
            A("kms_key_id", self.kms_arn)]))
        self.put("iam.tf", B("resource", "aws_iam_role", "trail", items=[
            A("name", self.name("cloudtrail")),
            A("assume_role_policy", policy_doc([{"Effect": "Allow", "Action": "sts:AssumeRole",
                                                 "Principal": {"Service": "cloudtrail.amazonaws.com"}}]))]))
        self.put("iam.tf", B("resource", "aws_iam_role_policy", "trail", items=[
            A("role", Raw("aws_iam_role.trail.id")),
            A("policy", policy_doc([{"Effect": "Allow", "Action": ["logs:CreateLogStream", "logs:PutLogEvents"],
                                     "Resource": Tmpl("${aws_cloudwatch_log_group.trail.arn}:*")}]))]))
        items = [A("name", self.name("trail")), A("s3_bucket_name", Raw("aws_s3_bucket.logs.id")),
                 A("s3_key_prefix", "cloudtrail"), A("include_global_service_events", True),
                 A("is_multi_region_trail", kind != "cloudtrail-single-region"),
                 A("enable_log_file_validation", kind != "cloudtrail-no-log-validation" if self.chance(0.7) or kind else None),
                 A("kms_key_id", self.key_arn("trail") if kind != "cloudtrail-no-kms" else None),
                 A("cloud_watch_logs_group_arn", Tmpl("${aws_cloudwatch_log_group.trail.arn}:*")),
                 A("cloud_watch_logs_role_arn", Raw("aws_iam_role.trail.arn")), BLANK]
        if self.chance(0.5):
            items += [B("event_selector", items=[
                A("read_write_type", "All"), A("include_management_events", True), BLANK,
                B("data_resource", items=[A("type", "AWS::S3::Object"),
                                          A("values", Raw('[for b in aws_s3_bucket.this : "${b.arn}/"]'))])]), BLANK]
        items.append(A("depends_on", [Raw("aws_s3_bucket_policy.logs")]))
        if kind == "cloudtrail-no-log-validation" and self.chance(0.5):
            items = [i for i in items if not (isinstance(i, Attr) and i.name == "enable_log_file_validation")]
        self.put("main.tf", B("resource", "aws_cloudtrail", "main", items=items), kind)

    def lambda_fn(self):
        kind = self.pick(["lambda-public-url", "lambda-secret-in-env", "lambda-admin-role", "lambda-no-tracing",
                          "lambda-public-permission"]) if self.bad() else None
        artifacts = self.var("artifact_bucket", "string", "acme-build-artifacts", "Bucket holding the deployment packages.")
        version = self.var("app_version", "string", "1.0.0", "Release to deploy.",
                           tfvar=f"{self.rng.randint(1, 4)}.{self.rng.randint(0, 20)}.{self.rng.randint(0, 9)}")
        env_vars = {"LOG_LEVEL": self.pick(["INFO", "DEBUG"]), "TABLE_PREFIX": Raw("local.name")}
        if kind == "lambda-secret-in-env":
            k, v = self.pick(FAKE_SECRETS)
            env_vars[k] = v
        fname = self.pick(["handler", "worker", "resize", "notifier", "sync"])
        if self.chance(0.5) and kind != "lambda-public-permission":
            args = [A("function_name", self.name(fname)), A("runtime", self.pick(RUNTIMES[:4])),
                    A("s3_bucket", artifacts), A("s3_key", Tmpl(f"{self.svc['name']}/${{var.app_version}}/{fname}.zip")),
                    A("environment", env_vars)]
            if kind == "lambda-public-url":
                args.append(A("public_url", True))
            if kind == "lambda-admin-role":
                args.append(A("policy_arns", [ADMIN_ARN]))
            if kind == "lambda-no-tracing":
                args.append(A("tracing_mode", "PassThrough"))
            if self.chance(0.5):
                args += [A("subnet_ids", self.private_subnets), A("security_group_ids", [self.app_sg])]
            if self.kms_arn is not None:
                args.append(A("kms_key_arn", self.kms_arn))
            args.append(A("tags", Raw("local.common_tags")))
            self.module("main.tf", fname, "lambda-function", args, kind)
            self.outputs.append(out_block(f"{fname}_function_arn", Raw(f"module.{fname}.function_arn")))
            return
        self.put("iam.tf", B("resource", "aws_iam_role", "lambda", items=[
            A("name", self.name(f"{fname}-lambda")),
            A("assume_role_policy", policy_doc([{"Effect": "Allow", "Action": "sts:AssumeRole",
                                                 "Principal": {"Service": "lambda.amazonaws.com"}}]))]))
        self.put("iam.tf", B("resource", "aws_iam_role_policy_attachment", "lambda_logs", items=[
            A("role", Raw("aws_iam_role.lambda.name")),
            A("policy_arn", "arn:aws:iam::aws:policy/service-role/AWSLambdaBasicExecutionRole")]))
        if kind == "lambda-admin-role":
            self.put("iam.tf", B("resource", "aws_iam_role_policy_attachment", "lambda_admin", items=[
                A("role", Raw("aws_iam_role.lambda.name")), A("policy_arn", ADMIN_ARN)]), kind)
        items = [A("function_name", self.name(fname)), A("role", Raw("aws_iam_role.lambda.arn")),
                 A("handler", "app.handler"), A("runtime", self.pick(RUNTIMES)), A("s3_bucket", artifacts),
                 A("s3_key", Tmpl(f"{self.svc['name']}/${{var.app_version}}/{fname}.zip")),
                 A("timeout", self.pick([10, 30, 60, 300])), A("memory_size", self.pick([128, 256, 512, 1024])),
                 A("reserved_concurrent_executions", self.pick([None, 10, 50])), A("kms_key_arn", self.kms_arn), BLANK,
                 B("environment", items=[A("variables", env_vars)])]
        if kind != "lambda-no-tracing":
            items += [BLANK, B("tracing_config", items=[A("mode", "Active")])]
        if self.chance(0.5):
            items += [BLANK, B("vpc_config", items=[A("subnet_ids", self.private_subnets),
                                                    A("security_group_ids", [self.app_sg])])]
        self.put("main.tf", B("resource", "aws_lambda_function", fname, items=items),
                 kind if kind in ("lambda-secret-in-env", "lambda-no-tracing") else None)
        if kind == "lambda-public-url":
            self.put("main.tf", B("resource", "aws_lambda_function_url", fname, items=[
                A("function_name", Raw(f"aws_lambda_function.{fname}.function_name")), A("authorization_type", "NONE"), BLANK,
                B("cors", items=[A("allow_origins", ["*"]), A("allow_methods", ["GET", "POST"])])]), kind)
        elif kind == "lambda-public-permission":
            self.put("main.tf", B("resource", "aws_lambda_permission", f"{fname}_invoke", items=[
                A("statement_id", "AllowInvokeFromAnywhere"), A("action", "lambda:InvokeFunction"),
                A("function_name", Raw(f"aws_lambda_function.{fname}.function_name")), A("principal", "*")]), kind)
        else:
            self.put("main.tf", B("resource", "aws_lambda_permission", f"{fname}_s3", items=[
                A("statement_id", "AllowS3Invoke"), A("action", "lambda:InvokeFunction"),
                A("function_name", Raw(f"aws_lambda_function.{fname}.function_name")), A("principal", "s3.amazonaws.com"),
                A("source_arn", Raw(f'aws_s3_bucket.this["{self.bucket_names[0]}"].arn')),
                A("source_account", Raw("local.account_id"))]))
        self.outputs.append(out_block(f"{fname}_function_arn", Raw(f"aws_lambda_function.{fname}.arn")))

    def messaging(self):
        if self.chance(0.4):
            kind = "sqs-unencrypted" if self.bad() else None
            args = [A("name", self.name(self.pick(["jobs", "tasks", "ingest"]))), A("fifo", self.chance(0.2)),
                    A("visibility_timeout", self.pick([30, 60, 300]))]
            if kind:
                args.append(A("sse_enabled", False))
            elif self.kms_arn is not None and self.chance(0.5):
                args.append(A("kms_key_arn", self.kms_arn))
            args.append(A("tags", Raw("local.common_tags")))
            self.module("main.tf", "jobs_queue", "sqs-queue", args, kind)
            self.outputs.append(out_block("jobs_queue_url", Raw("module.jobs_queue.queue_url")))
            return
        tkind = "sns-unencrypted" if self.bad() else None
        self.put("main.tf", B("resource", "aws_sns_topic", "events", items=[
            A("name", self.name("events")),
            A("kms_master_key_id", None if tkind else (self.kms_arn if self.kms_arn is not None else "alias/aws/sns"))]), tkind)
        queues = self.rng.sample(["billing", "audit", "search-index", "emails", "analytics"], self.rng.randint(1, 3))
        qvar = self.var("subscriber_queues", "set(string)", sorted(queues), "Queues subscribed to the events topic.")
        qkind = self.pick(["sqs-unencrypted", "sqs-policy-wildcard-principal"]) if self.bad() else None
        qitems = [A("for_each", qvar), BLANK, A("name", Tmpl("${local.name}-${each.key}")),
                  A("message_retention_seconds", 345600), A("receive_wait_time_seconds", 20)]
        if qkind == "sqs-unencrypted":
            qitems.append(A("sqs_managed_sse_enabled", False))
        elif self.kms_arn is not None and self.chance(0.6):
            qitems += [A("kms_master_key_id", self.kms_arn), A("kms_data_key_reuse_period_seconds", 3600)]
        else:
            qitems.append(A("sqs_managed_sse_enabled", True))
        self.put("main.tf", B("resource", "aws_sqs_queue", "subscriber", items=qitems),
                 qkind if qkind == "sqs-unencrypted" else None)
        if qkind == "sqs-policy-wildcard-principal":
            policy = policy_doc([{"Effect": "Allow", "Principal": "*", "Action": "sqs:*", "Resource": Raw("each.value.arn")}])
        else:
            self.put("main.tf", B("data", "aws_iam_policy_document", "subscriber", items=[
                A("for_each", Raw("aws_sqs_queue.subscriber")), BLANK,
                pd_statement("AllowEventsTopic", "Allow", ["sqs:SendMessage"], [Raw("each.value.arn")],
                             principals=[("Service", ["sns.amazonaws.com"])],
                             conditions=[("ArnEquals", "aws:SourceArn", [Raw("aws_sns_topic.events.arn")])])]))
            policy = Raw("data.aws_iam_policy_document.subscriber[each.key].json")
        self.put("main.tf", B("resource", "aws_sqs_queue_policy", "subscriber", items=[
            A("for_each", Raw("aws_sqs_queue.subscriber")), A("queue_url", Raw("each.value.id")), A("policy", policy)]),
            qkind if qkind == "sqs-policy-wildcard-principal" else None)
        self.put("main.tf", B("resource", "aws_sns_topic_subscription", "subscriber", items=[
            A("for_each", Raw("aws_sqs_queue.subscriber")), A("topic_arn", Raw("aws_sns_topic.events.arn")),
            A("protocol", "sqs"), A("endpoint", Raw("each.value.arn")), A("raw_message_delivery", True)]))
        self.outputs.append(out_block("queue_urls", Raw("{ for k, q in aws_sqs_queue.subscriber : k => q.url }")))

    def eks(self):
        kind = self.pick(["eks-public-endpoint", "eks-no-secrets-encryption", "eks-no-control-plane-logs",
                          "eks-node-ssh-open"]) if self.bad() else None
        self.put("iam.tf", B("resource", "aws_iam_role", "eks", items=[
            A("name", self.name("eks")),
            A("assume_role_policy", policy_doc([{"Effect": "Allow", "Action": "sts:AssumeRole",
                                                 "Principal": {"Service": "eks.amazonaws.com"}}]))]))
        self.put("iam.tf", B("resource", "aws_iam_role_policy_attachment", "eks", items=[
            A("role", Raw("aws_iam_role.eks.name")), A("policy_arn", "arn:aws:iam::aws:policy/AmazonEKSClusterPolicy")]))
        self.put("iam.tf", B("resource", "aws_iam_role", "nodes", items=[
            A("name", self.name("eks-nodes")),
            A("assume_role_policy", policy_doc([{"Effect": "Allow", "Action": "sts:AssumeRole",
                                                 "Principal": {"Service": "ec2.amazonaws.com"}}]))]))
        self.put("iam.tf", B("resource", "aws_iam_role_policy_attachment", "nodes", items=[
            A("for_each", Raw("toset([\n    \"arn:aws:iam::aws:policy/AmazonEKSWorkerNodePolicy\",\n    \"arn:aws:iam::aws:policy/AmazonEKS_CNI_Policy\",\n    \"arn:aws:iam::aws:policy/AmazonEC2ContainerRegistryReadOnly\",\n  ])")),
            A("role", Raw("aws_iam_role.nodes.name")), A("policy_arn", Raw("each.value"))]))
        public = kind == "eks-public-endpoint"
        vpc = [A("subnet_ids", self.private_subnets), A("endpoint_private_access", True),
               A("endpoint_public_access", public or self.chance(0.3))]
        if public:
            vpc.append(A("public_access_cidrs", ["0.0.0.0/0"]))
        elif any(a.name == "endpoint_public_access" and a.value is True for a in vpc):
            vpc.append(A("public_access_cidrs", self.var("admin_cidrs", "list(string)", ["203.0.113.0/24"],
                                                         "Networks allowed to reach the Kubernetes API.")))
        items = [A("name", Raw("local.name")), A("role_arn", Raw("aws_iam_role.eks.arn")),
                 A("version", self.pick(EKS_VERSIONS)), BLANK, B("vpc_config", items=vpc)]
        if kind != "eks-no-control-plane-logs":
            items += [BLANK, A("enabled_cluster_log_types", ["api", "audit", "authenticator"])]
        if kind != "eks-no-secrets-encryption":
            items += [BLANK, B("encryption_config", items=[A("resources", ["secrets"]),
                                                           B("provider", items=[A("key_arn", self.key_arn("eks"))])])]
        items += [BLANK, A("depends_on", [Raw("aws_iam_role_policy_attachment.eks")])]
        self.put("main.tf", B("resource", "aws_eks_cluster", "main", items=items),
                 kind if kind != "eks-node-ssh-open" else None)
        ng = [A("cluster_name", Raw("aws_eks_cluster.main.name")), A("node_group_name", "default"),
              A("node_role_arn", Raw("aws_iam_role.nodes.arn")), A("subnet_ids", self.private_subnets),
              A("instance_types", [self.pick(["m6i.large", "m6i.xlarge", "c6i.xlarge"])]), A("disk_size", 50), BLANK,
              B("scaling_config", items=[A("desired_size", 2), A("min_size", 2), A("max_size", 6)])]
        if kind == "eks-node-ssh-open":
            ng += [BLANK, B("remote_access", items=[A("ec2_ssh_key", "ops")])]
        ng += [BLANK, A("depends_on", [Raw("aws_iam_role_policy_attachment.nodes")])]
        self.put("main.tf", B("resource", "aws_eks_node_group", "default", items=ng),
                 kind if kind == "eks-node-ssh-open" else None)
        self.outputs.append(out_block("cluster_endpoint", Raw("aws_eks_cluster.main.endpoint")))

    def alb(self):
        kind = self.pick(["alb-http-listener", "alb-old-tls-policy", "alb-no-drop-invalid-headers"]) if self.bad() else None
        cert = self.var("certificate_arn", "string", description="ACM certificate of the public hostname.",
                        tfvar=f"arn:aws:acm:{self.svc['region']}:{ACCOUNT}:certificate/{gen_k8s.hexdigest(self.rel)[:8]}-1f2e-4d3c-9b8a-{gen_k8s.hexdigest(self.rel, 'c')[:12]}")
        self.put("network.tf", B("resource", "aws_security_group", "alb", items=[
            A("name", self.name("alb")), A("description", "Public load balancer"), A("vpc_id", self.vpc_id), BLANK,
            B("ingress", items=[A("description", "HTTPS"), A("from_port", 443), A("to_port", 443), A("protocol", "tcp"),
                                A("cidr_blocks", ["0.0.0.0/0"])]),
            B("ingress", items=[A("description", "HTTP, redirected"), A("from_port", 80), A("to_port", 80),
                                A("protocol", "tcp"), A("cidr_blocks", ["0.0.0.0/0"])]),
            B("egress", items=[A("description", "To the targets"), A("from_port", self.svc["port"]),
                               A("to_port", self.svc["port"]), A("protocol", "tcp"), A("cidr_blocks", [Raw("var.vpc_cidr")])])]))
        items = [A("name", Raw('substr("${local.name}-alb", 0, 32)')), A("internal", False), A("load_balancer_type", "application"),
                 A("security_groups", [Raw("aws_security_group.alb.id")]), A("subnets", self.public_subnets),
                 A("drop_invalid_header_fields", kind != "alb-no-drop-invalid-headers" if self.chance(0.7) or kind else None),
                 A("enable_deletion_protection", Raw("local.is_prod"))]
        if self.chance(0.6):
            items += [BLANK, B("access_logs", items=[A("bucket", Raw("aws_s3_bucket.logs.id")), A("prefix", "alb"),
                                                     A("enabled", True)])]
        self.put("network.tf", B("resource", "aws_lb", "app", items=items),
                 kind if kind == "alb-no-drop-invalid-headers" else None)
        self.put("network.tf", B("resource", "aws_lb_target_group", "app", items=[
            A("name_prefix", "app-"), A("port", self.svc["port"]), A("protocol", "HTTP"), A("vpc_id", self.vpc_id),
            A("target_type", "instance"), BLANK,
            B("health_check", items=[A("path", "/healthz"), A("matcher", "200"), A("interval", 15),
                                     A("healthy_threshold", 2), A("unhealthy_threshold", 3)])]))
        if kind == "alb-http-listener":
            http_action = B("default_action", items=[A("type", "forward"), A("target_group_arn", Raw("aws_lb_target_group.app.arn"))])
        else:
            http_action = B("default_action", items=[A("type", "redirect"), BLANK, B("redirect", items=[
                A("port", "443"), A("protocol", "HTTPS"), A("status_code", "HTTP_301")])])
        self.put("network.tf", B("resource", "aws_lb_listener", "http", items=[
            A("load_balancer_arn", Raw("aws_lb.app.arn")), A("port", 80), A("protocol", "HTTP"), BLANK, http_action]),
            kind if kind == "alb-http-listener" else None)
        self.put("network.tf", B("resource", "aws_lb_listener", "https", items=[
            A("load_balancer_arn", Raw("aws_lb.app.arn")), A("port", 443), A("protocol", "HTTPS"),
            A("ssl_policy", self.pick(OLD_TLS) if kind == "alb-old-tls-policy" else self.pick(GOOD_TLS)),
            A("certificate_arn", cert), BLANK,
            B("default_action", items=[A("type", "forward"), A("target_group_arn", Raw("aws_lb_target_group.app.arn"))])]),
            kind if kind == "alb-old-tls-policy" else None)
        if self.chance(0.5):
            self.put("network.tf", B("resource", "aws_lb_listener_rule", "maintenance", items=[
                A("listener_arn", Raw("aws_lb_listener.https.arn")), A("priority", 10), BLANK,
                B("action", items=[A("type", "fixed-response"), BLANK, B("fixed_response", items=[
                    A("content_type", "text/plain"), A("message_body", "Down for maintenance"), A("status_code", "503")])]),
                BLANK,
                B("condition", items=[B("path_pattern", items=[A("values", ["/maintenance/*"])])])]))
        self.outputs.append(out_block("alb_dns_name", Raw("aws_lb.app.dns_name"), "Public hostname of the load balancer."))

    def cloudfront(self):
        kind = self.pick(["cloudfront-allow-http", "cloudfront-old-tls", "cloudfront-no-logging", "cloudfront-no-waf"]) if self.bad() else None
        paths = self.var("cache_paths", "list(object({\n    path_pattern = string\n    ttl          = number\n  }))",
                         [{"path_pattern": "/static/*", "ttl": 86400}, {"path_pattern": "/images/*", "ttl": 604800}],
                         "Path patterns cached longer than the default.")
        waf = self.var("web_acl_arn", "string", None, "WAFv2 web ACL in front of the distribution.",
                       tfvar=(f"arn:aws:wafv2:us-east-1:{ACCOUNT}:global/webacl/edge/{gen_k8s.hexdigest(self.rel, 'waf')[:8]}"
                              if kind != "cloudfront-no-waf" else ...))
        self.put("main.tf", B("resource", "aws_cloudfront_origin_access_control", "assets", items=[
            A("name", self.name("assets")), A("origin_access_control_origin_type", "s3"),
            A("signing_behavior", "always"), A("signing_protocol", "sigv4")]))
        items = [A("enabled", True), A("is_ipv6_enabled", True), A("comment", Tmpl("${local.name} static assets")),
                 A("default_root_object", "index.html"), A("price_class", "PriceClass_100"), A("web_acl_id", waf), BLANK,
                 B("origin", items=[A("domain_name", Raw('aws_s3_bucket.this["assets"].bucket_regional_domain_name')),
                                    A("origin_id", "assets"),
                                    A("origin_access_control_id", Raw("aws_cloudfront_origin_access_control.assets.id"))]),
                 BLANK,
                 B("default_cache_behavior", items=[
                     A("target_origin_id", "assets"), A("allowed_methods", ["GET", "HEAD", "OPTIONS"]),
                     A("cached_methods", ["GET", "HEAD"]),
                     A("viewer_protocol_policy", "allow-all" if kind == "cloudfront-allow-http" else "redirect-to-https"),
                     A("cache_policy_id", "658327ea-f89d-4fab-a63d-7e88639e58f6"), A("compress", True)]),
                 BLANK,
                 B("dynamic", "ordered_cache_behavior", items=[
                     A("for_each", paths),
                     B("content", items=[
                         A("path_pattern", Raw("ordered_cache_behavior.value.path_pattern")),
                         A("target_origin_id", "assets"), A("allowed_methods", ["GET", "HEAD"]),
                         A("cached_methods", ["GET", "HEAD"]), A("viewer_protocol_policy", "redirect-to-https"),
                         A("min_ttl", 0), A("default_ttl", Raw("ordered_cache_behavior.value.ttl")),
                         A("max_ttl", Raw("ordered_cache_behavior.value.ttl * 2")), BLANK,
                         B("forwarded_values", items=[A("query_string", False), BLANK,
                                                      B("cookies", items=[A("forward", "none")])])])]),
                 BLANK,
                 B("restrictions", items=[B("geo_restriction", items=[A("restriction_type", "none")])]), BLANK]
        if kind == "cloudfront-old-tls":
            cert = self.var("cdn_certificate_arn", "string", f"arn:aws:acm:us-east-1:{ACCOUNT}:certificate/0f6e5d4c-3b2a-4190-8877-665544332211")
            items.append(B("viewer_certificate", items=[A("acm_certificate_arn", cert), A("ssl_support_method", "sni-only"),
                                                        A("minimum_protocol_version", self.pick(["TLSv1", "TLSv1_2016"]))]))
        elif self.chance(0.5):
            cert = self.var("cdn_certificate_arn", "string", f"arn:aws:acm:us-east-1:{ACCOUNT}:certificate/0f6e5d4c-3b2a-4190-8877-665544332211")
            items.append(B("viewer_certificate", items=[A("acm_certificate_arn", cert), A("ssl_support_method", "sni-only"),
                                                        A("minimum_protocol_version", "TLSv1.2_2021")]))
        else:
            items.append(B("viewer_certificate", items=[A("cloudfront_default_certificate", True)]))
        if kind != "cloudfront-no-logging":
            items += [BLANK, B("logging_config", items=[A("bucket", Raw("aws_s3_bucket.logs.bucket_domain_name")),
                                                        A("prefix", "cloudfront/"), A("include_cookies", False)])]
        self.put("main.tf", B("resource", "aws_cloudfront_distribution", "assets", items=items), kind)
        self.outputs.append(out_block("cdn_domain_name", Raw("aws_cloudfront_distribution.assets.domain_name")))

    # assembly ----------------------------------------------------------------
    OPTIONAL = ["kms", "compute", "database", "trail", "lambda_fn", "messaging", "eks", "alb", "cloudfront"]

    def build(self):
        n = self.rng.randint(3, 6)
        self.components = set(self.rng.sample(self.OPTIONAL, n))
        self.base()
        if "kms" in self.components:
            self.kms()
        self.network()
        self.s3()
        self.iam()
        for c in self.OPTIONAL[1:]:
            if c in self.components:
                getattr(self, c)()

    def render(self) -> tuple[dict, list]:
        """Returns ({file name: text}, [(file, start, end, address, kind)])."""
        main = self.header() + self.files["main.tf"]
        texts: dict[str, str] = {}
        spans: dict[str, dict] = {}
        texts["main.tf"], spans["main.tf"] = render_hcl(main)
        texts["variables.tf"], _ = render_hcl(list(self.vars.values()))
        heading = {"s3.tf": "Buckets of the service and its access logs.",
                   "iam.tf": "Roles and policies. Keep them least-privilege: see docs/iam.md.",
                   "network.tf": "VPC, security groups and load balancing."}
        for f in ("s3.tf", "iam.tf", "network.tf"):
            top = ([HComment(heading[f])] if self.chance(0.4) else []) + self.files[f]
            texts[f], spans[f] = render_hcl(top)
        texts["outputs.tf"], _ = render_hcl(self.outputs)
        lines = [f"# {self.svc['name']} / {self.env}"]
        lines += render_attrs(list(self.tfvars.items()), 0)
        texts["terraform.tfvars"] = "\n".join(lines) + "\n"
        labels = []
        for file, block, addr, kind in self.labels:
            start, end = spans[file][id(block)]
            labels.append((file, start, end, addr, kind))
        return texts, labels


# --------------------------------------------------------------------------- CloudFormation YAML


class Tag:
    """An intrinsic function: written ``!Name value`` (short form) or ``Fn::Name: value``."""

    __slots__ = ("name", "value")

    def __init__(self, name: str, value):
        self.name = name
        self.value = value


def Ref(x):
    return Tag("Ref", x)


def Sub(x):
    return Tag("Sub", x)


def GetAtt(res: str, attr: str):
    return Tag("GetAtt", f"{res}.{attr}")


def If(cond, a, b):
    return Tag("If", [cond, a, b])


def Join(sep, parts):
    return Tag("Join", [sep, parts])


def Equals(a, b):
    return Tag("Equals", [a, b])


def FindInMap(m, k1, k2):
    return Tag("FindInMap", [m, k1, k2])


def Select(i, lst):
    return Tag("Select", [i, lst])


NO_VALUE = Ref("AWS::NoValue")
DATEISH = re.compile(r"^\d{4}-\d{2}-\d{2}$")
Comment = gen_k8s.Comment


def to_long(v):
    """Short-form tags to the ``{"Fn::X": ...}`` form JSON templates (and some YAML) use."""
    if isinstance(v, Tag):
        if v.name == "Ref":
            return {"Ref": v.value}
        if v.name == "GetAtt" and isinstance(v.value, str):
            res, _, attr = v.value.partition(".")
            return {"Fn::GetAtt": [res, attr]}
        return {"Fn::" + v.name: to_long(v.value)}
    if isinstance(v, dict):
        return {k: to_long(x) for k, x in v.items() if not isinstance(k, Comment)}
    if isinstance(v, list):
        return [to_long(x) for x in v]
    return v


class CfnYaml:
    def __init__(self, style: gen_k8s.Style, quote_dates: bool, spaced: bool):
        self.style = style
        self.quote_dates = quote_dates
        self.spaced = spaced  # a blank line between resources (and parameters, outputs)

    def scalar(self, v, flow=False) -> str:
        if v is None:
            return "null"
        if v is True:
            return "true"
        if v is False:
            return "false"
        if isinstance(v, (int, float)):
            return str(v)
        s = str(v)
        if (gen_k8s.needs_quotes(s) or self.style.quote_all or (flow and any(c in s for c in ",[]{}"))
                or (DATEISH.match(s) and self.quote_dates)):
            return gen_k8s.quote(s, self.style)
        return s

    def flowable(self, v, depth=0) -> bool:
        if depth > 3:
            return False
        if isinstance(v, Tag):
            return self.flowable(v.value, depth + 1)
        if isinstance(v, str):
            return "\n" not in v
        if isinstance(v, list):
            return all(self.flowable(x, depth + 1) for x in v)
        if isinstance(v, dict):
            return depth > 0 and len(v) <= 2 and all(not isinstance(k, Comment) and self.flowable(x, depth + 1)
                                                    for k, x in v.items())
        return True

    def flow(self, v) -> str:
        if isinstance(v, Tag):
            return "!" + v.name + " " + self.flow(v.value)
        if isinstance(v, list):
            return "[" + ", ".join(self.flow(x) for x in v) + "]"
        if isinstance(v, dict):
            return "{" + ", ".join(f"{k}: {self.flow(x)}" for k, x in v.items()) + "}"
        return self.scalar(v, flow=True)

    def block_str(self, head: str, s: str, pad: int, out: list):
        indicator = "|" if s.endswith("\n") else "|-"
        out.append(f"{head} {indicator}")
        for line in s.rstrip("\n").split("\n"):
            out.append((" " * (pad + 2) + line) if line else "")

    def value(self, head: str, v, pad: int, out: list, in_seq=False):
        """Lines for ``head`` (``key:`` or ``-``, already indented) followed by ``v``."""
        if isinstance(v, Tag):
            tag = "!" + v.name
            val = v.value
            if isinstance(val, str) and "\n" in val:
                self.block_str(f"{head} {tag}", val, pad, out)
            elif not isinstance(val, (list, dict, Tag)):
                out.append(f"{head} {tag} {self.scalar(val)}")
            elif self.flowable(val, 1) and len(head) + len(self.flow(v)) < 100:
                out.append(f"{head} {self.flow(v)}")
            elif isinstance(val, list):
                out.append(f"{head} {tag}")
                self.seq(val, pad + 2, out)
            elif isinstance(val, dict):
                out.append(f"{head} {tag}")
                self.map(val, pad + 2, out)
            else:
                # YAML allows one tag per node: the outer function takes the long form.
                self.value(head, {"Fn::" + v.name: val}, pad, out, in_seq)
        elif isinstance(v, dict):
            if not v:
                out.append(head + " {}")
            else:
                out.append(head)
                self.map(v, pad + 2, out)
        elif isinstance(v, list):
            if not v:
                out.append(head + " []")
            elif (self.style.flow_lists and all(isinstance(x, (str, int)) for x in v) and "\n" not in "".join(map(str, v))
                  and len(head) + len(self.flow(v)) < 90):
                out.append(head + " " + self.flow(v))
            else:
                out.append(head)
                self.seq(v, pad if (self.style.compact_seq and not in_seq) else pad + 2, out)
        elif isinstance(v, str) and "\n" in v:
            self.block_str(head, v, pad, out)
        else:
            out.append(head + " " + self.scalar(v))

    def map(self, m: dict, pad: int, out: list):
        for k, v in m.items():
            if isinstance(k, Comment):
                out.append(" " * pad + "# " + k.text)
                continue
            key = k if not gen_k8s.needs_quotes(k) else json.dumps(k)
            self.value(" " * pad + key + ":", v, pad, out)

    def seq(self, items: list, pad: int, out: list):
        for item in items:
            if isinstance(item, dict) and item:
                lines: list[str] = []
                self.map(item, pad + 2, lines)
                i = 0
                while lines[i].lstrip().startswith("#"):
                    out.append(lines[i])
                    i += 1
                out.append(" " * pad + "- " + lines[i][pad + 2:])
                out.extend(lines[i + 1:])
            else:
                self.value(" " * pad + "-", item, pad, out, in_seq=True)

    def dump(self, doc: dict) -> str:
        out: list[str] = []
        first = True
        for k, v in doc.items():
            if isinstance(k, Comment):
                out.append("# " + k.text)
                continue
            if not first and isinstance(v, dict):
                out.append("")
            first = False
            if self.spaced and isinstance(v, dict) and k in ("Parameters", "Resources", "Outputs"):
                out.append(k + ":")
                for i, (name, body) in enumerate(v.items()):
                    if i:
                        out.append("")
                    self.value("  " + name + ":", body, 2, out)
            else:
                self.value(k + ":", v, 0, out)
        return "\n".join(out) + "\n"


def cfn_loader():
    """A PyYAML SafeLoader that accepts CloudFormation's short-form tags."""
    import yaml  # only --check needs PyYAML

    class Loader(yaml.SafeLoader):
        pass

    def construct(loader, suffix, node):
        if isinstance(node, yaml.ScalarNode):
            value = loader.construct_scalar(node)
        elif isinstance(node, yaml.SequenceNode):
            value = loader.construct_sequence(node, deep=True)
        else:
            value = loader.construct_mapping(node, deep=True)
        return {("Ref" if suffix == "Ref" else "Fn::" + suffix): value}

    Loader.add_multi_constructor("!", construct)
    return Loader


# --------------------------------------------------------------------------- CloudFormation templates


def arn_uuid(*parts) -> str:
    h = gen_k8s.hexdigest(*parts)
    return f"{h[:8]}-{h[8:12]}-4{h[13:16]}-8{h[17:20]}-{h[20:32]}"


class CfnTemplate:
    """One CloudFormation (or SAM) template: parameters, conditions, mappings, resources."""

    def __init__(self, rng: random.Random, svc: dict, sam: bool):
        self.rng = rng
        self.svc = svc
        self.sam = sam
        self.params: dict = {}
        self.conditions: dict = {}
        self.mappings: dict = {}
        self.resources: dict = {}
        self.outputs: dict = {}
        self.globals: dict = {}
        self.labels: list[tuple[str, str]] = []  # (logical id, kind)
        self.kms = None  # a KMS key ARN expression, when the template has one
        self.own_vpc = False
        self.rolls = 0

    def chance(self, p):
        return self.rng.random() < p

    def pick(self, seq):
        return self.rng.choice(seq)

    def bad(self):
        self.rolls += 1
        return self.rng.random() < BAD_RATE

    def param(self, name, type_="String", default=..., description=None, **extra):
        if name not in self.params:
            p = {"Type": type_}
            if description:
                p["Description"] = description
            if default is not ...:
                p["Default"] = default
            p.update(extra)
            self.params[name] = p
        return Ref(name)

    def env(self):
        return self.param("Environment", default="dev", description="Deployment environment",
                          AllowedValues=["dev", "staging", "prod"])

    def is_prod(self):
        self.env()
        self.conditions["IsProd"] = Equals(Ref("Environment"), "prod")
        return "IsProd"

    def env_config(self, key):
        self.env()
        self.mappings["EnvConfig"] = {
            "dev": {"InstanceType": "t3.small", "RetentionDays": 7, "DbClass": "db.t4g.micro", "MinSize": 1},
            "staging": {"InstanceType": "t3.medium", "RetentionDays": 14, "DbClass": "db.t4g.medium", "MinSize": 1},
            "prod": {"InstanceType": "m6i.large", "RetentionDays": 30, "DbClass": "db.r6g.large", "MinSize": 2},
        }
        return FindInMap("EnvConfig", Ref("Environment"), key)

    def name(self, suffix):
        return Sub("${ServiceName}-${Environment}-" + suffix)

    def service_name(self):
        self.env()
        return self.param("ServiceName", default=self.svc["name"], description="Service name, used in resource names")

    def res(self, lid, type_, props, kind=None, **attrs):
        r = {"Type": type_}
        for k in ("Condition", "DependsOn", "DeletionPolicy", "UpdateReplacePolicy"):
            if k in attrs:
                r[k] = attrs[k]
        if props:
            r["Properties"] = props
        self.resources[lid] = r
        if kind:
            self.labels.append((lid, kind))
        return Ref(lid)

    def tags(self, extra=None):
        t = [{"Key": "Service", "Value": Ref("ServiceName")}, {"Key": "Environment", "Value": Ref("Environment")}]
        if extra:
            t += [{"Key": k, "Value": v} for k, v in extra.items()]
        return t

    def output(self, lid, value, desc, export=True):
        o = {"Description": desc, "Value": value}
        if export:
            o["Export"] = {"Name": Sub("${AWS::StackName}-" + lid)}
        self.outputs[lid] = o

    # Subnets come from the template's own VPC, else from parameters declared on first use
    # (an unused parameter is a cfn-lint warning).
    @property
    def subnets(self):
        if self.own_vpc:
            return [Ref("PrivateSubnet1"), Ref("PrivateSubnet2")]
        return self.param("SubnetIds", "List<AWS::EC2::Subnet::Id>", description="Private subnets")

    @property
    def public_subnets(self):
        if self.own_vpc:
            return [Ref("PublicSubnet1"), Ref("PublicSubnet2")]
        return self.param("PublicSubnetIds", "List<AWS::EC2::Subnet::Id>", description="Public subnets")

    def key_arn(self):
        if self.kms is not None:
            return self.kms
        self.param("KmsKeyArn", default="", description="KMS key for encryption at rest (empty: AWS managed key)")
        self.conditions["HasKmsKey"] = Tag("Not", [Equals(Ref("KmsKeyArn"), "")])
        return If("HasKmsKey", Ref("KmsKeyArn"), NO_VALUE)

    # components --------------------------------------------------------------
    def kms_key(self):
        kind = self.pick(["kms-rotation-disabled", "kms-policy-wildcard-principal"]) if self.bad() else None
        self.service_name()
        props = {"Description": self.name("data key"), "PendingWindowInDays": 30}
        if kind != "kms-rotation-disabled":
            props["EnableKeyRotation"] = True
        elif self.chance(0.5):
            props["EnableKeyRotation"] = False
        principal = "*" if kind == "kms-policy-wildcard-principal" else Sub("arn:${AWS::Partition}:iam::${AWS::AccountId}:root")
        props["KeyPolicy"] = {"Version": "2012-10-17", "Statement": [
            {"Sid": "EnableRootAccess", "Effect": "Allow", "Principal": {"AWS": principal}, "Action": "kms:*", "Resource": "*"},
            {"Sid": "AllowLogs", "Effect": "Allow", "Principal": {"Service": Sub("logs.${AWS::Region}.amazonaws.com")},
             "Action": ["kms:Encrypt*", "kms:Decrypt*", "kms:GenerateDataKey*", "kms:Describe*"], "Resource": "*"}]}
        props["Tags"] = self.tags()
        self.res("DataKey", "AWS::KMS::Key", props, kind, DeletionPolicy="Retain", UpdateReplacePolicy="Retain")
        self.res("DataKeyAlias", "AWS::KMS::Alias", {"AliasName": Sub("alias/${ServiceName}-${Environment}"),
                                                    "TargetKeyId": Ref("DataKey")})
        self.kms = GetAtt("DataKey", "Arn")
        self.output("DataKeyArn", GetAtt("DataKey", "Arn"), "Data encryption key")

    def logs_bucket(self):
        if "LogsBucket" in self.resources:
            return Ref("LogsBucket")
        self.service_name()
        self.res("LogsBucket", "AWS::S3::Bucket", {
            "BucketName": Sub("${ServiceName}-${Environment}-logs-${AWS::AccountId}"),
            "OwnershipControls": {"Rules": [{"ObjectOwnership": "BucketOwnerPreferred"}]},
            "BucketEncryption": {"ServerSideEncryptionConfiguration": [
                {"ServerSideEncryptionByDefault": {"SSEAlgorithm": "AES256"}}]},
            "PublicAccessBlockConfiguration": {"BlockPublicAcls": True, "BlockPublicPolicy": True,
                                               "IgnorePublicAcls": True, "RestrictPublicBuckets": True},
            "LifecycleConfiguration": {"Rules": [{"Id": "expire", "Status": "Enabled",
                                                  "ExpirationInDays": self.env_config("RetentionDays")}]},
        }, DeletionPolicy="Retain", UpdateReplacePolicy="Retain")
        return Ref("LogsBucket")

    def storage(self):
        self.service_name()
        for purpose in self.rng.sample(["Assets", "Uploads", "Exports", "Reports", "Media"], self.rng.randint(1, 2)):
            kind = self.pick(["public-acl", "public-access-block-disabled", "no-encryption-config", "versioning-suspended",
                              "no-access-logging", "public-bucket-policy"]) if self.bad() else None
            lid = purpose + "Bucket"
            props = {"BucketName": Sub("${ServiceName}-${Environment}-" + purpose.lower() + "-${AWS::AccountId}")}
            if kind == "public-acl":
                props["AccessControl"] = self.pick(["PublicRead", "PublicReadWrite"])
                props["OwnershipControls"] = {"Rules": [{"ObjectOwnership": "BucketOwnerPreferred"}]}
            if kind != "no-encryption-config":
                key = self.kms
                if key is not None:
                    props["BucketEncryption"] = {"ServerSideEncryptionConfiguration": [{
                        "ServerSideEncryptionByDefault": {"SSEAlgorithm": "aws:kms", "KMSMasterKeyID": key},
                        "BucketKeyEnabled": True}]}
                else:
                    props["BucketEncryption"] = {"ServerSideEncryptionConfiguration": [{
                        "ServerSideEncryptionByDefault": {"SSEAlgorithm": "AES256"}}]}
            if kind in ("public-access-block-disabled", "public-acl", "public-bucket-policy"):
                if self.chance(0.6):
                    props["PublicAccessBlockConfiguration"] = {"BlockPublicAcls": False, "BlockPublicPolicy": False,
                                                               "IgnorePublicAcls": False, "RestrictPublicBuckets": False}
            else:
                props["PublicAccessBlockConfiguration"] = {"BlockPublicAcls": True, "BlockPublicPolicy": True,
                                                           "IgnorePublicAcls": True, "RestrictPublicBuckets": True}
            if kind == "versioning-suspended":
                if self.chance(0.5):
                    props["VersioningConfiguration"] = {"Status": "Suspended"}
            else:
                props["VersioningConfiguration"] = {"Status": "Enabled"}
            if kind != "no-access-logging":
                props["LoggingConfiguration"] = {"DestinationBucketName": self.logs_bucket(),
                                                 "LogFilePrefix": f"s3/{purpose.lower()}/"}
            props["Tags"] = self.tags({"DataClass": "internal"})
            self.res(lid, "AWS::S3::Bucket", props, kind if kind != "public-bucket-policy" else None,
                     DeletionPolicy="Retain", UpdateReplacePolicy="Retain")
            stmts = [{"Sid": "DenyInsecureTransport", "Effect": "Deny", "Principal": "*", "Action": "s3:*",
                      "Resource": [GetAtt(lid, "Arn"), Sub("${" + lid + ".Arn}/*")],
                      "Condition": {"Bool": {"aws:SecureTransport": "false"}}}]
            if kind == "public-bucket-policy":
                stmts.append({"Sid": "PublicRead", "Effect": "Allow", "Principal": "*", "Action": "s3:GetObject",
                              "Resource": Join("", ["arn:aws:s3:::", Ref(lid), "/*"])})
            self.res(lid + "Policy", "AWS::S3::BucketPolicy", {
                "Bucket": Ref(lid), "PolicyDocument": {"Version": "2012-10-17", "Statement": stmts}}, kind if kind == "public-bucket-policy" else None)
            self.output(lid + "Name", Ref(lid), f"{purpose} bucket")

    def network(self):
        self.service_name()
        if self.chance(0.35):
            vkind = self.pick(["vpc-flow-logs-disabled", "subnet-public-ip-on-launch"]) if self.bad() else None
            cidr = self.param("VpcCidr", default=f"10.{self.svc['idx'] % 200}.0.0/16", description="VPC CIDR block",
                              AllowedPattern=r"^(\d{1,3}\.){3}\d{1,3}/\d{1,2}$")
            self.res("Vpc", "AWS::EC2::VPC", {"CidrBlock": cidr, "EnableDnsHostnames": True, "EnableDnsSupport": True,
                                              "Tags": self.tags({"Name": self.name("vpc")})},
                     vkind if vkind == "vpc-flow-logs-disabled" else None)
            for i in range(2):
                self.res(f"PublicSubnet{i + 1}", "AWS::EC2::Subnet", {
                    "VpcId": Ref("Vpc"), "AvailabilityZone": Select(i, Tag("GetAZs", "")),
                    "CidrBlock": Select(i, Tag("Cidr", [GetAtt("Vpc", "CidrBlock"), 4, 8])),
                    "MapPublicIpOnLaunch": vkind == "subnet-public-ip-on-launch",
                    "Tags": self.tags({"Name": self.name(f"public-{i + 1}")})},
                    vkind if vkind == "subnet-public-ip-on-launch" else None)
                self.res(f"PrivateSubnet{i + 1}", "AWS::EC2::Subnet", {
                    "VpcId": Ref("Vpc"), "AvailabilityZone": Select(i, Tag("GetAZs", "")),
                    "CidrBlock": Select(i + 2, Tag("Cidr", [GetAtt("Vpc", "CidrBlock"), 4, 8]))})
            if vkind != "vpc-flow-logs-disabled":
                self.res("FlowLog", "AWS::EC2::FlowLog", {
                    "ResourceId": Ref("Vpc"), "ResourceType": "VPC", "TrafficType": "ALL", "LogDestinationType": "s3",
                    "LogDestination": GetAtt("LogsBucket", "Arn")})
                self.logs_bucket()
            self.vpc = Ref("Vpc")
            self.own_vpc = True
        else:
            self.vpc = self.param("VpcId", "AWS::EC2::VPC::Id", description="VPC to deploy into")
        kind = self.pick(["open-ssh", "open-ssh-via-parameter", "open-rdp", "open-all-ports"]) if self.bad() else None
        port = self.svc["port"]
        ingress = [{"Description": "App traffic", "IpProtocol": "tcp", "FromPort": port, "ToPort": port,
                    "CidrIp": "10.0.0.0/8"}]
        if kind == "open-ssh":
            ingress.append({"Description": "SSH", "IpProtocol": "tcp", "FromPort": 22, "ToPort": 22, "CidrIp": "0.0.0.0/0"})
        elif kind == "open-ssh-via-parameter" or self.chance(0.3):
            ssh = self.param("SshCidr", default="0.0.0.0/0" if kind else "10.0.0.0/8", description="Where SSH is allowed from")
            ingress.append({"Description": "SSH from the bastion range", "IpProtocol": "tcp", "FromPort": 22, "ToPort": 22,
                            "CidrIp": ssh})
        self.res("AppSecurityGroup", "AWS::EC2::SecurityGroup", {
            "GroupDescription": Sub("Application instances of ${ServiceName}"), "VpcId": self.vpc,
            "SecurityGroupIngress": ingress,
            "SecurityGroupEgress": [{"Description": "All outbound", "IpProtocol": "-1", "CidrIp": "0.0.0.0/0"}],
            "Tags": self.tags()}, kind if kind in ("open-ssh", "open-ssh-via-parameter") else None)
        if kind == "open-rdp":
            self.res("RdpIngress", "AWS::EC2::SecurityGroupIngress", {
                "GroupId": GetAtt("AppSecurityGroup", "GroupId"), "Description": "RDP for the jump host",
                "IpProtocol": "tcp", "FromPort": 3389, "ToPort": 3389, "CidrIp": "0.0.0.0/0"}, kind)
        elif kind == "open-all-ports":
            self.res("DebugIngress", "AWS::EC2::SecurityGroupIngress", {
                "GroupId": GetAtt("AppSecurityGroup", "GroupId"), "Description": "Temporary: debugging",
                "IpProtocol": "-1", "CidrIp": "0.0.0.0/0"}, kind)
        else:
            self.res("MonitoringIngress", "AWS::EC2::SecurityGroupIngress", {
                "GroupId": GetAtt("AppSecurityGroup", "GroupId"), "Description": "Prometheus scrape",
                "IpProtocol": "tcp", "FromPort": 9100, "ToPort": 9100, "CidrIp": "10.0.0.0/8"})
        self.sg = GetAtt("AppSecurityGroup", "GroupId")
        self.output("AppSecurityGroupId", self.sg, "Security group of the application")

    def first_subnet(self):
        return self.subnets[0] if self.own_vpc else Select(0, self.subnets)

    def ensure_network(self):
        if not hasattr(self, "sg"):
            self.network()

    def compute(self):
        self.ensure_network()
        kind = self.pick(["imdsv1", "unencrypted-root-volume", "secret-in-user-data", "unencrypted-ebs-volume"]) if self.bad() else None
        ami = self.param("LatestAmiId", "AWS::SSM::Parameter::Value<AWS::EC2::Image::Id>",
                         "/aws/service/ami-amazon-linux-latest/al2023-ami-kernel-default-x86_64")
        role = self.res("InstanceRole", "AWS::IAM::Role", {
            "AssumeRolePolicyDocument": {"Version": "2012-10-17", "Statement": [
                {"Effect": "Allow", "Principal": {"Service": ["ec2.amazonaws.com"]}, "Action": ["sts:AssumeRole"]}]},
            "ManagedPolicyArns": ["arn:aws:iam::aws:policy/AmazonSSMManagedInstanceCore"]})
        self.res("InstanceProfile", "AWS::IAM::InstanceProfile", {"Roles": [role]})
        secret = self.pick(FAKE_SECRETS)
        script = ("#!/bin/bash\nset -euo pipefail\ndnf install -y amazon-cloudwatch-agent\n"
                  "echo \"SERVICE=${ServiceName}\" >> /etc/environment\n"
                  + (f"echo \"{secret[0]}={secret[1]}\" >> /etc/environment\n" if kind == "secret-in-user-data" else "")
                  + "/opt/aws/bin/cfn-signal -e $? --stack ${AWS::StackName} --resource AppInstance --region ${AWS::Region}\n")
        itype = self.env_config("InstanceType")
        ebs = {"VolumeSize": 30, "VolumeType": "gp3", "DeleteOnTermination": True}
        if kind != "unencrypted-root-volume":
            ebs["Encrypted"] = True
        elif self.chance(0.5):
            ebs["Encrypted"] = False
        if not (kind == "imdsv1" and self.chance(0.5)):
            data = {"ImageId": ami, "InstanceType": itype,
                    "IamInstanceProfile": {"Arn": GetAtt("InstanceProfile", "Arn")},
                    "SecurityGroupIds": [self.sg],
                    "MetadataOptions": {"HttpEndpoint": "enabled", "HttpTokens": "optional" if kind == "imdsv1" else "required",
                                        "HttpPutResponseHopLimit": 1},
                    "BlockDeviceMappings": [{"DeviceName": "/dev/xvda", "Ebs": ebs}],
                    "UserData": {"Fn::Base64": Sub(script)} if self.chance(0.5) else Tag("Base64", Sub(script)),
                    "TagSpecifications": [{"ResourceType": "instance", "Tags": self.tags({"Name": self.name("app")})}]}
            self.res("AppLaunchTemplate", "AWS::EC2::LaunchTemplate", {
                "LaunchTemplateName": self.name("app"), "LaunchTemplateData": data},
                kind if kind in ("imdsv1", "unencrypted-root-volume", "secret-in-user-data") else None)
            self.res("AppInstance", "AWS::EC2::Instance", {
                "LaunchTemplate": {"LaunchTemplateId": Ref("AppLaunchTemplate"),
                                   "Version": GetAtt("AppLaunchTemplate", "LatestVersionNumber")},
                "SubnetId": self.first_subnet()})
        else:
            # No launch template: MetadataOptions cannot be set, so IMDSv1 stays on.
            self.res("AppInstance", "AWS::EC2::Instance", {
                "ImageId": ami, "InstanceType": itype, "IamInstanceProfile": Ref("InstanceProfile"),
                "SubnetId": self.first_subnet(),
                "SecurityGroupIds": [self.sg], "Monitoring": True, "EbsOptimized": True,
                "BlockDeviceMappings": [{"DeviceName": "/dev/xvda", "Ebs": ebs}],
                "UserData": {"Fn::Base64": Sub(script)},
                "Tags": self.tags({"Name": self.name("app")})}, kind)
        if kind == "unencrypted-ebs-volume" or self.chance(0.3):
            props = {"AvailabilityZone": GetAtt("AppInstance", "AvailabilityZone"), "Size": self.pick([100, 200]),
                     "VolumeType": "gp3", "Encrypted": kind != "unencrypted-ebs-volume"}
            if kind != "unencrypted-ebs-volume" and self.kms is not None:
                props["KmsKeyId"] = self.kms
            self.res("DataVolume", "AWS::EC2::Volume", props, kind if kind == "unencrypted-ebs-volume" else None,
                     DeletionPolicy="Snapshot", UpdateReplacePolicy="Snapshot")
            self.res("DataVolumeAttachment", "AWS::EC2::VolumeAttachment", {
                "InstanceId": Ref("AppInstance"), "VolumeId": Ref("DataVolume"), "Device": "/dev/sdf"})
        self.output("AppInstanceId", Ref("AppInstance"), "Application instance", export=False)

    def database(self):
        self.ensure_network()
        kind = self.pick(["rds-unencrypted", "rds-public", "rds-no-backups", "rds-hardcoded-password"]) if self.bad() else None
        prod = self.is_prod()
        self.res("DbSubnetGroup", "AWS::RDS::DBSubnetGroup", {
            "DBSubnetGroupDescription": Sub("${ServiceName} database subnets"),
            "SubnetIds": self.public_subnets if kind == "rds-public" else self.subnets})
        props = {"DBInstanceIdentifier": self.name("db"), "Engine": "postgres", "EngineVersion": self.pick(["16.8", "16.9", "17.5"]),
                 "DBInstanceClass": self.env_config("DbClass"), "AllocatedStorage": "50", "StorageType": "gp3",
                 "StorageEncrypted": kind != "rds-unencrypted", "MasterUsername": "app_admin"}
        if kind != "rds-unencrypted" and self.kms is not None:
            props["KmsKeyId"] = self.kms
        if kind == "rds-hardcoded-password":
            props["MasterUserPassword"] = self.pick(FAKE_SECRETS)[1]
        elif self.chance(0.5):
            props["ManageMasterUserPassword"] = True
        else:
            props["MasterUserPassword"] = Sub("{{resolve:secretsmanager:${ServiceName}/${Environment}/db:SecretString:password}}")
        props.update({"DBSubnetGroupName": Ref("DbSubnetGroup"), "VPCSecurityGroups": [self.sg],
                      "PubliclyAccessible": kind == "rds-public", "MultiAZ": If(prod, True, False),
                      "BackupRetentionPeriod": 0 if kind == "rds-no-backups" else If(prod, 30, 7),
                      "DeletionProtection": If(prod, True, False), "CopyTagsToSnapshot": True,
                      "EnableIAMDatabaseAuthentication": self.chance(0.6),
                      "EnablePerformanceInsights": self.chance(0.5),
                      "EnableCloudwatchLogsExports": ["postgresql"], "AutoMinorVersionUpgrade": True,
                      "Tags": self.tags()})
        self.res("Database", "AWS::RDS::DBInstance", props, kind, DeletionPolicy="Snapshot", UpdateReplacePolicy="Snapshot")
        self.output("DatabaseEndpoint", GetAtt("Database", "Endpoint.Address"), "Database hostname")

    def trail(self):
        kind = self.pick(["cloudtrail-single-region", "cloudtrail-no-log-validation", "cloudtrail-no-kms"]) if self.bad() else None
        logs = self.logs_bucket()
        self.res("LogsBucketPolicy", "AWS::S3::BucketPolicy", {"Bucket": logs, "PolicyDocument": {
            "Version": "2012-10-17", "Statement": [
                {"Sid": "CloudTrailAclCheck", "Effect": "Allow", "Principal": {"Service": "cloudtrail.amazonaws.com"},
                 "Action": "s3:GetBucketAcl", "Resource": GetAtt("LogsBucket", "Arn")},
                {"Sid": "CloudTrailWrite", "Effect": "Allow", "Principal": {"Service": "cloudtrail.amazonaws.com"},
                 "Action": "s3:PutObject", "Resource": Sub("${LogsBucket.Arn}/AWSLogs/${AWS::AccountId}/*"),
                 "Condition": {"StringEquals": {"s3:x-amz-acl": "bucket-owner-full-control"}}}]}})
        props = {"TrailName": self.name("trail"), "S3BucketName": logs, "IsLogging": True,
                 "IncludeGlobalServiceEvents": True, "IsMultiRegionTrail": kind != "cloudtrail-single-region"}
        if kind != "cloudtrail-no-log-validation":
            props["EnableLogFileValidation"] = True
        elif self.chance(0.5):
            props["EnableLogFileValidation"] = False
        if kind != "cloudtrail-no-kms":
            props["KMSKeyId"] = self.kms if self.kms is not None else self.param(
                "TrailKmsKeyArn", default=f"arn:aws:kms:{self.svc['region']}:{ACCOUNT}:key/{arn_uuid(self.svc['name'], 'trail')}",
                description="Central KMS key for CloudTrail")
        self.res("Trail", "AWS::CloudTrail::Trail", props, kind, DependsOn="LogsBucketPolicy")

    def lambda_fn(self):
        self.service_name()
        kind = self.pick(["lambda-public-url", "lambda-secret-in-env", "lambda-admin-role", "lambda-no-tracing",
                          "lambda-public-permission"]) if self.bad() else None
        policies = ["arn:aws:iam::aws:policy/service-role/AWSLambdaBasicExecutionRole"]
        if kind == "lambda-admin-role":
            policies.append(ADMIN_ARN)
        self.res("FunctionRole", "AWS::IAM::Role", {
            "AssumeRolePolicyDocument": {"Version": "2012-10-17", "Statement": [
                {"Effect": "Allow", "Principal": {"Service": "lambda.amazonaws.com"}, "Action": "sts:AssumeRole"}]},
            "ManagedPolicyArns": policies}, kind if kind == "lambda-admin-role" else None)
        env = {"LOG_LEVEL": self.pick(["INFO", "DEBUG"]), "STAGE": Ref("Environment")}
        if kind == "lambda-secret-in-env":
            k, v = self.pick(FAKE_SECRETS)
            env[k] = v
        props = {"FunctionName": self.name("handler"), "Runtime": self.pick(RUNTIMES[:4]), "Handler": "app.handler",
                 "Role": GetAtt("FunctionRole", "Arn"), "Timeout": self.pick([10, 30, 60]),
                 "MemorySize": self.pick([128, 256, 512])}
        if self.chance(0.3):
            props["Code"] = {"ZipFile": "import json\n\ndef handler(event, context):\n    print(json.dumps(event))\n    return {\"statusCode\": 200}\n"}
            props["Runtime"] = "python3.12"
        else:
            props["Code"] = {"S3Bucket": self.param("ArtifactBucket", default="acme-build-artifacts"),
                             "S3Key": Sub("${ServiceName}/handler.zip")}
        props["Environment"] = {"Variables": env}
        if kind != "lambda-no-tracing":
            props["TracingConfig"] = {"Mode": "Active"}
        if self.kms is not None:
            props["KmsKeyArn"] = self.kms
        if self.chance(0.4):
            props["ReservedConcurrentExecutions"] = self.pick([5, 20, 50])
        self.res("Function", "AWS::Lambda::Function", props,
                 kind if kind in ("lambda-secret-in-env", "lambda-no-tracing") else None)
        if kind == "lambda-public-url":
            self.res("FunctionUrl", "AWS::Lambda::Url", {"TargetFunctionArn": GetAtt("Function", "Arn"), "AuthType": "NONE",
                                                         "Cors": {"AllowOrigins": ["*"]}}, kind)
        elif kind == "lambda-public-permission":
            self.res("FunctionInvokePermission", "AWS::Lambda::Permission", {
                "FunctionName": Ref("Function"), "Action": "lambda:InvokeFunction", "Principal": "*"}, kind)
        else:
            self.res("FunctionInvokePermission", "AWS::Lambda::Permission", {
                "FunctionName": Ref("Function"), "Action": "lambda:InvokeFunction", "Principal": "events.amazonaws.com",
                "SourceAccount": Ref("AWS::AccountId")})
        self.output("FunctionArn", GetAtt("Function", "Arn"), "Handler function")

    def messaging(self):
        self.service_name()
        tkind = "sns-unencrypted" if self.bad() else None
        props = {"TopicName": self.name("events")}
        if not tkind:
            props["KmsMasterKeyId"] = self.kms if self.kms is not None else "alias/aws/sns"
        self.res("EventsTopic", "AWS::SNS::Topic", props, tkind)
        qkind = self.pick(["sqs-unencrypted", "sqs-policy-wildcard-principal"]) if self.bad() else None
        self.res("DeadLetterQueue", "AWS::SQS::Queue", {"MessageRetentionPeriod": 1209600, "SqsManagedSseEnabled": True})
        qprops = {"QueueName": self.name("jobs"), "VisibilityTimeout": self.pick([30, 60, 300]),
                  "RedrivePolicy": {"deadLetterTargetArn": GetAtt("DeadLetterQueue", "Arn"), "maxReceiveCount": 5}}
        if qkind == "sqs-unencrypted":
            qprops["SqsManagedSseEnabled"] = False
        elif self.kms is not None:
            qprops["KmsMasterKeyId"] = self.kms
        else:
            qprops["SqsManagedSseEnabled"] = True
        self.res("JobsQueue", "AWS::SQS::Queue", qprops, qkind if qkind == "sqs-unencrypted" else None)
        stmt = {"Sid": "AllowTopic", "Effect": "Allow", "Principal": {"Service": "sns.amazonaws.com"},
                "Action": "sqs:SendMessage", "Resource": GetAtt("JobsQueue", "Arn"),
                "Condition": {"ArnEquals": {"aws:SourceArn": Ref("EventsTopic")}}}
        if qkind == "sqs-policy-wildcard-principal":
            stmt = {"Sid": "AllowAll", "Effect": "Allow", "Principal": "*", "Action": "sqs:*",
                    "Resource": GetAtt("JobsQueue", "Arn")}
        self.res("JobsQueuePolicy", "AWS::SQS::QueuePolicy", {
            "Queues": [Ref("JobsQueue")], "PolicyDocument": {"Version": "2012-10-17", "Statement": [stmt]}},
            qkind if qkind == "sqs-policy-wildcard-principal" else None)
        self.res("JobsSubscription", "AWS::SNS::Subscription", {
            "TopicArn": Ref("EventsTopic"), "Protocol": "sqs", "Endpoint": GetAtt("JobsQueue", "Arn"),
            "RawMessageDelivery": True})
        self.output("JobsQueueUrl", Ref("JobsQueue"), "Jobs queue")

    def eks(self):
        self.ensure_network()
        kind = self.pick(["eks-public-endpoint", "eks-no-secrets-encryption", "eks-no-control-plane-logs",
                          "eks-node-ssh-open"]) if self.bad() else None
        self.res("ClusterRole", "AWS::IAM::Role", {
            "AssumeRolePolicyDocument": {"Version": "2012-10-17", "Statement": [
                {"Effect": "Allow", "Principal": {"Service": "eks.amazonaws.com"}, "Action": "sts:AssumeRole"}]},
            "ManagedPolicyArns": ["arn:aws:iam::aws:policy/AmazonEKSClusterPolicy"]})
        vpc = {"SubnetIds": self.subnets, "SecurityGroupIds": [self.sg], "EndpointPrivateAccess": True,
               "EndpointPublicAccess": kind == "eks-public-endpoint"}
        if kind == "eks-public-endpoint":
            vpc["PublicAccessCidrs"] = ["0.0.0.0/0"]
        props = {"Name": self.name("cluster"), "Version": self.pick(EKS_VERSIONS), "RoleArn": GetAtt("ClusterRole", "Arn"),
                 "ResourcesVpcConfig": vpc}
        if kind != "eks-no-secrets-encryption":
            props["EncryptionConfig"] = [{"Resources": ["secrets"], "Provider": {"KeyArn": self.kms if self.kms is not None else self.param(
                "EksKmsKeyArn", default=f"arn:aws:kms:{self.svc['region']}:{ACCOUNT}:key/{arn_uuid(self.svc['name'], 'eks')}")}}]
        if kind != "eks-no-control-plane-logs":
            props["Logging"] = {"ClusterLogging": {"EnabledTypes": [{"Type": "api"}, {"Type": "audit"}, {"Type": "authenticator"}]}}
        self.res("Cluster", "AWS::EKS::Cluster", props, kind if kind != "eks-node-ssh-open" else None)
        self.res("NodeRole", "AWS::IAM::Role", {
            "AssumeRolePolicyDocument": {"Version": "2012-10-17", "Statement": [
                {"Effect": "Allow", "Principal": {"Service": "ec2.amazonaws.com"}, "Action": "sts:AssumeRole"}]},
            "ManagedPolicyArns": ["arn:aws:iam::aws:policy/AmazonEKSWorkerNodePolicy",
                                  "arn:aws:iam::aws:policy/AmazonEKS_CNI_Policy",
                                  "arn:aws:iam::aws:policy/AmazonEC2ContainerRegistryReadOnly"]})
        ng = {"ClusterName": Ref("Cluster"), "NodeRole": GetAtt("NodeRole", "Arn"), "Subnets": self.subnets,
              "InstanceTypes": ["m6i.large"], "DiskSize": 50,
              "ScalingConfig": {"MinSize": 2, "DesiredSize": 2, "MaxSize": 6}}
        if kind == "eks-node-ssh-open":
            ng["RemoteAccess"] = {"Ec2SshKey": "ops"}
        self.res("NodeGroup", "AWS::EKS::Nodegroup", ng, kind if kind == "eks-node-ssh-open" else None)
        self.output("ClusterEndpoint", GetAtt("Cluster", "Endpoint"), "Kubernetes API endpoint")

    def web(self):
        self.ensure_network()
        kind = self.pick(["alb-http-listener", "alb-old-tls-policy", "alb-no-drop-invalid-headers"]) if self.bad() else None
        cert = self.param("CertificateArn", default=f"arn:aws:acm:{self.svc['region']}:{ACCOUNT}:certificate/{arn_uuid(self.svc['name'], 'cert')}",
                          description="ACM certificate of the public hostname")
        self.res("AlbSecurityGroup", "AWS::EC2::SecurityGroup", {
            "GroupDescription": "Public load balancer", "VpcId": self.vpc,
            "SecurityGroupIngress": [{"Description": "HTTPS", "IpProtocol": "tcp", "FromPort": 443, "ToPort": 443, "CidrIp": "0.0.0.0/0"},
                                     {"Description": "HTTP, redirected", "IpProtocol": "tcp", "FromPort": 80, "ToPort": 80, "CidrIp": "0.0.0.0/0"}]})
        attrs = [{"Key": "routing.http.drop_invalid_header_fields.enabled",
                  "Value": "false" if kind == "alb-no-drop-invalid-headers" else "true"}]
        if self.chance(0.5):
            attrs += [{"Key": "access_logs.s3.enabled", "Value": "true"},
                      {"Key": "access_logs.s3.bucket", "Value": self.logs_bucket()}]
        self.res("LoadBalancer", "AWS::ElasticLoadBalancingV2::LoadBalancer", {
            "Scheme": "internet-facing", "Type": "application", "SecurityGroups": [Ref("AlbSecurityGroup")],
            "Subnets": self.public_subnets, "LoadBalancerAttributes": attrs},
            kind if kind == "alb-no-drop-invalid-headers" else None)
        self.res("TargetGroup", "AWS::ElasticLoadBalancingV2::TargetGroup", {
            "Port": self.svc["port"], "Protocol": "HTTP", "VpcId": self.vpc, "TargetType": "instance",
            "HealthCheckPath": "/healthz", "Matcher": {"HttpCode": "200"}})
        if kind == "alb-http-listener":
            action = {"Type": "forward", "TargetGroupArn": Ref("TargetGroup")}
        else:
            action = {"Type": "redirect", "RedirectConfig": {"Protocol": "HTTPS", "Port": "443", "StatusCode": "HTTP_301"}}
        self.res("HttpListener", "AWS::ElasticLoadBalancingV2::Listener", {
            "LoadBalancerArn": Ref("LoadBalancer"), "Port": 80, "Protocol": "HTTP", "DefaultActions": [action]},
            kind if kind == "alb-http-listener" else None)
        self.res("HttpsListener", "AWS::ElasticLoadBalancingV2::Listener", {
            "LoadBalancerArn": Ref("LoadBalancer"), "Port": 443, "Protocol": "HTTPS",
            "SslPolicy": self.pick(OLD_TLS) if kind == "alb-old-tls-policy" else self.pick(GOOD_TLS),
            "Certificates": [{"CertificateArn": cert}],
            "DefaultActions": [{"Type": "forward", "TargetGroupArn": Ref("TargetGroup")}]},
            kind if kind == "alb-old-tls-policy" else None)
        self.output("LoadBalancerDns", GetAtt("LoadBalancer", "DNSName"), "Public hostname")

    def cdn(self):
        self.service_name()
        kind = self.pick(["cloudfront-allow-http", "cloudfront-old-tls", "cloudfront-no-logging", "cloudfront-no-waf"]) if self.bad() else None
        if not any(k.endswith("Bucket") and k != "LogsBucket" for k in self.resources):
            self.storage()
        bucket = next(k for k in self.resources if k.endswith("Bucket") and k != "LogsBucket"
                      and self.resources[k]["Type"] == "AWS::S3::Bucket")
        self.res("OriginAccessControl", "AWS::CloudFront::OriginAccessControl", {"OriginAccessControlConfig": {
            "Name": self.name("oac"), "OriginAccessControlOriginType": "s3", "SigningBehavior": "always",
            "SigningProtocol": "sigv4"}})
        cfg = {"Enabled": True, "Comment": Sub("${ServiceName} static assets"), "DefaultRootObject": "index.html",
               "HttpVersion": "http2and3", "PriceClass": "PriceClass_100",
               "Origins": [{"Id": "assets", "DomainName": GetAtt(bucket, "RegionalDomainName"),
                            "OriginAccessControlId": GetAtt("OriginAccessControl", "Id"),
                            "S3OriginConfig": {"OriginAccessIdentity": ""}}],
               "DefaultCacheBehavior": {"TargetOriginId": "assets",
                                        "ViewerProtocolPolicy": "allow-all" if kind == "cloudfront-allow-http" else "redirect-to-https",
                                        "CachePolicyId": "658327ea-f89d-4fab-a63d-7e88639e58f6", "Compress": True}}
        if kind == "cloudfront-old-tls" or self.chance(0.5):
            cfg["Aliases"] = [Sub("static.${ServiceName}.example.com")]
            cfg["ViewerCertificate"] = {"AcmCertificateArn": self.param(
                "CdnCertificateArn", default=f"arn:aws:acm:us-east-1:{ACCOUNT}:certificate/{arn_uuid(self.svc['name'], 'cdn')}"),
                "SslSupportMethod": "sni-only",
                "MinimumProtocolVersion": self.pick(["TLSv1", "TLSv1_2016"]) if kind == "cloudfront-old-tls" else "TLSv1.2_2021"}
        else:
            cfg["ViewerCertificate"] = {"CloudFrontDefaultCertificate": True}
        if kind != "cloudfront-no-logging":
            self.logs_bucket()
            cfg["Logging"] = {"Bucket": GetAtt("LogsBucket", "DomainName"),
                              "Prefix": "cloudfront/", "IncludeCookies": False}
        if kind != "cloudfront-no-waf":
            cfg["WebACLId"] = self.param("WebAclArn", default=f"arn:aws:wafv2:us-east-1:{ACCOUNT}:global/webacl/edge/{arn_uuid(self.svc['name'], 'waf')}")
        self.res("Distribution", "AWS::CloudFront::Distribution", {"DistributionConfig": cfg}, kind)
        self.output("DistributionDomain", GetAtt("Distribution", "DomainName"), "CDN hostname")

    def iam(self):
        self.service_name()
        kind = self.pick(["iam-wildcard-admin", "iam-passrole-wildcard", "iam-user-inline-policy", "iam-user-access-key"]) if self.bad() else None
        stmts = [{"Effect": "Allow", "Action": ["s3:GetObject", "s3:PutObject"],
                  "Resource": Sub("arn:${AWS::Partition}:s3:::${ServiceName}-${Environment}-*/*")},
                 {"Effect": "Allow", "Action": ["ssm:GetParameter", "ssm:GetParametersByPath"],
                  "Resource": Sub("arn:${AWS::Partition}:ssm:${AWS::Region}:${AWS::AccountId}:parameter/${ServiceName}/*")}]
        if kind == "iam-wildcard-admin":
            stmts.append({"Effect": "Allow", "Action": "*", "Resource": "*"})
        self.res("TaskRole", "AWS::IAM::Role", {
            "RoleName": self.name("task"),
            "AssumeRolePolicyDocument": {"Version": "2012-10-17", "Statement": [
                {"Effect": "Allow", "Principal": {"Service": "ecs-tasks.amazonaws.com"}, "Action": "sts:AssumeRole"}]},
            "Policies": [{"PolicyName": "runtime", "PolicyDocument": {"Version": "2012-10-17", "Statement": stmts}}]},
            kind if kind == "iam-wildcard-admin" else None)
        deploy = [{"Effect": "Allow", "Action": ["ecs:UpdateService", "ecs:DescribeServices"], "Resource": "*"}]
        if kind == "iam-passrole-wildcard":
            deploy.append({"Effect": "Allow", "Action": "iam:PassRole", "Resource": "*"})
        else:
            deploy.append({"Effect": "Allow", "Action": "iam:PassRole", "Resource": GetAtt("TaskRole", "Arn")})
        self.res("DeployPolicy", "AWS::IAM::ManagedPolicy", {
            "Description": "Used by the CD pipeline", "PolicyDocument": {"Version": "2012-10-17", "Statement": deploy}},
            kind if kind == "iam-passrole-wildcard" else None)
        if kind in ("iam-user-inline-policy", "iam-user-access-key") or self.chance(0.2):
            user = {"UserName": self.name("ci"), "Path": "/ci/"}
            if kind == "iam-user-inline-policy":
                user["Policies"] = [{"PolicyName": "deploy", "PolicyDocument": {"Version": "2012-10-17", "Statement": [
                    {"Effect": "Allow", "Action": ["s3:*", "cloudfront:CreateInvalidation"], "Resource": "*"}]}}]
            else:
                user["Groups"] = ["ci-deployers"]
            self.res("CiUser", "AWS::IAM::User", user, kind if kind == "iam-user-inline-policy" else None)
            if kind == "iam-user-access-key":
                self.res("CiAccessKey", "AWS::IAM::AccessKey", {"UserName": Ref("CiUser")}, kind)
        self.output("TaskRoleArn", GetAtt("TaskRole", "Arn"), "Runtime role")

    # SAM ---------------------------------------------------------------------
    def serverless(self):
        self.service_name()
        self.globals = {"Function": {"Runtime": self.pick(["python3.12", "nodejs22.x"]), "Timeout": 30,
                                     "MemorySize": 256, "Architectures": ["arm64"],
                                     "Environment": {"Variables": {"STAGE": Ref("Environment")}}}}
        fkind = self.pick(["lambda-admin-role", "lambda-secret-in-env", "lambda-no-tracing", "sam-wildcard-policy"]) if self.bad() else None
        if fkind != "lambda-no-tracing":
            self.globals["Function"]["Tracing"] = "Active"
        akind = self.pick(["apigw-no-access-logs", "apigw-no-auth"]) if self.bad() else None
        tkind = "dynamodb-no-pitr" if self.bad() else None
        table_props = {"TableName": self.name("items"), "BillingMode": "PAY_PER_REQUEST",
                       "AttributeDefinitions": [{"AttributeName": "pk", "AttributeType": "S"},
                                                {"AttributeName": "sk", "AttributeType": "S"}],
                       "KeySchema": [{"AttributeName": "pk", "KeyType": "HASH"}, {"AttributeName": "sk", "KeyType": "RANGE"}],
                       "SSESpecification": {"SSEEnabled": True}}
        if tkind is None:
            table_props["PointInTimeRecoverySpecification"] = {"PointInTimeRecoveryEnabled": True}
        self.res("ItemsTable", "AWS::DynamoDB::Table", table_props, tkind, DeletionPolicy="Retain", UpdateReplacePolicy="Retain")
        api = {"StageName": Ref("Environment"), "TracingEnabled": True,
               "MethodSettings": [{"ResourcePath": "/*", "HttpMethod": "*", "LoggingLevel": "INFO", "MetricsEnabled": True}]}
        if akind != "apigw-no-access-logs":
            self.res("ApiAccessLogs", "AWS::Logs::LogGroup", {"RetentionInDays": self.env_config("RetentionDays")})
            api["AccessLogSetting"] = {"DestinationArn": GetAtt("ApiAccessLogs", "Arn"),
                                       "Format": '{"requestId":"$context.requestId","ip":"$context.identity.sourceIp","status":"$context.status"}'}
        if akind != "apigw-no-auth":
            api["Auth"] = {"DefaultAuthorizer": "AWS_IAM"}
        self.res("Api", "AWS::Serverless::Api", api, akind)
        env = {"TABLE_NAME": Ref("ItemsTable")}
        if fkind == "lambda-secret-in-env":
            k, v = self.pick(FAKE_SECRETS)
            env[k] = v
        if fkind == "lambda-admin-role":
            policies = ["AdministratorAccess"]
        elif fkind == "sam-wildcard-policy":
            policies = [{"Statement": [{"Effect": "Allow", "Action": ["dynamodb:*", "s3:*"], "Resource": "*"}]}]
        else:
            policies = [{"DynamoDBCrudPolicy": {"TableName": Ref("ItemsTable")}}, "AWSXrayWriteOnlyAccess"]
        self.res("ApiFunction", "AWS::Serverless::Function", {
            "CodeUri": "src/api/", "Handler": "app.handler", "Description": Sub("${ServiceName} HTTP API"),
            "Environment": {"Variables": env}, "Policies": policies,
            "Events": {"ListItems": {"Type": "Api", "Properties": {"RestApiId": Ref("Api"), "Path": "/items", "Method": "get"}},
                       "PutItem": {"Type": "Api", "Properties": {"RestApiId": Ref("Api"), "Path": "/items", "Method": "post"}}}},
            fkind)
        if self.chance(0.5):
            qkind = "sqs-unencrypted" if self.bad() else None
            self.res("WorkQueue", "AWS::SQS::Queue", {"VisibilityTimeout": 180, "SqsManagedSseEnabled": qkind is None}, qkind)
            self.res("WorkerFunction", "AWS::Serverless::Function", {
                "CodeUri": "src/worker/", "Handler": "worker.handler", "Timeout": 120, "ReservedConcurrentExecutions": 10,
                "Policies": [{"SQSPollerPolicy": {"QueueName": GetAtt("WorkQueue", "QueueName")}},
                             {"DynamoDBCrudPolicy": {"TableName": Ref("ItemsTable")}}],
                "Events": {"Work": {"Type": "SQS", "Properties": {"Queue": GetAtt("WorkQueue", "Arn"), "BatchSize": 10}}}})
        if self.chance(0.4):
            self.res("NightlyFunction", "AWS::Serverless::Function", {
                "CodeUri": "src/nightly/", "Handler": "nightly.handler", "Timeout": 900,
                "Policies": [{"DynamoDBReadPolicy": {"TableName": Ref("ItemsTable")}}],
                "Events": {"Nightly": {"Type": "Schedule", "Properties": {"Schedule": "cron(0 3 * * ? *)"}}}})
        self.output("ApiUrl", Sub("https://${Api}.execute-api.${AWS::Region}.amazonaws.com/${Environment}/"), "API endpoint")

    # assembly ----------------------------------------------------------------
    COMPONENTS = ["kms_key", "storage", "network", "compute", "database", "trail", "lambda_fn", "messaging", "eks",
                  "web", "cdn", "iam"]

    def build(self) -> list[str]:
        if self.sam:
            if self.chance(0.3):
                self.kms_key()
            self.serverless()
            if self.chance(0.4):
                self.storage()
            return ["serverless"]
        comps = self.rng.sample(self.COMPONENTS, self.rng.randint(2, 4))
        for c in self.COMPONENTS:  # a stable order: keys before their users
            if c in comps:
                getattr(self, c)()
        return comps

    def document(self, description: str) -> dict:
        doc: dict = {"AWSTemplateFormatVersion": "2010-09-09"}
        if self.sam:
            doc["Transform"] = "AWS::Serverless-2016-10-31"
        doc["Description"] = description
        if self.params:
            doc["Parameters"] = self.params
        if self.mappings:
            doc["Mappings"] = self.mappings
        if self.conditions:
            doc["Conditions"] = self.conditions
        if self.globals:
            doc["Globals"] = self.globals
        doc["Resources"] = self.resources
        if self.outputs:
            doc["Outputs"] = self.outputs
        return doc


def resource_span(text: str, lid: str, as_json: bool) -> tuple[int, int]:
    """Line span of a resource's logical ID in a rendered template (1-based, inclusive)."""
    lines = text.split("\n")
    pat = re.compile(r'^(\s*)"' + re.escape(lid) + r'": \{$' if as_json else r"^(\s*)" + re.escape(lid) + r":\s*$")
    in_resources = as_json
    for i, line in enumerate(lines):
        if not as_json and line.startswith("Resources:"):
            in_resources = True
            continue
        m = pat.match(line) if in_resources else None
        if not m:
            continue
        ind = len(m.group(1))
        end = i
        for j in range(i + 1, len(lines)):
            s = lines[j]
            if not s.strip() or s.lstrip().startswith("#"):
                continue
            if len(s) - len(s.lstrip()) <= ind:
                end = j if as_json else j - 1
                break
            end = j
        while not as_json and end > i and not lines[end].strip():
            end -= 1
        return i + 1, end + 1
    raise ValueError(f"resource {lid} not found in the rendered template")


# --------------------------------------------------------------------------- driver


def make_svc(rng: random.Random, idx: int) -> dict:
    word = gen_k8s.WORDS[(idx * 7 + rng.randrange(len(gen_k8s.WORDS))) % len(gen_k8s.WORDS)]
    return {
        "idx": idx,
        "name": f"{word}-{rng.choice(['api', 'svc', 'platform', 'service', 'backend'])}",
        "team": gen_k8s.TEAMS[idx % len(gen_k8s.TEAMS)],
        "region": rng.choice(REGIONS),
        "port": rng.choice([8080, 8000, 3000, 9000, 8443]),
    }


def write(path: str, text: str):
    os.makedirs(os.path.dirname(path), exist_ok=True)
    with open(path, "w", encoding="utf-8", newline="\n") as f:
        f.write(text)


def generate_tf(out: str, target: int, seed: int, stats: dict, labels: list):
    rng = random.Random(f"{seed}/terraform")
    written_modules: set[str] = set()
    produced = 0
    idx = 0
    while produced < target:
        svc = make_svc(rng, idx)
        envs = ENVS[-rng.randint(1, 3):]
        for e_idx, env in enumerate(envs):
            if produced >= target:
                break
            rel = f"tf/svc-{idx:02d}-{svc['name']}/env-{e_idx:02d}-{env}"
            root = TfRoot(rng, svc, env, rel)
            root.build()
            texts, root_labels = root.render()
            for m in sorted(root.modules - written_modules):
                for fname, blocks in MODULES[m]().items():
                    text, _ = render_hcl(blocks)
                    write(os.path.join(out, "tf", "modules", m, fname), text)
                    produced += 1
                    stats["lines"] += text.count("\n")
                    stats["tf_files"] += 1
                written_modules.add(m)
                stats["tf_modules"] += 1
            for fname in TF_FILES:
                text = texts[fname]
                write(os.path.join(out, rel, fname), text)
                produced += 1
                stats["lines"] += text.count("\n")
                stats["tf_files"] += 1
            stats["tf_roots"] += 1
            stats["tf_resources"] += root.resources
            stats["tf_bad"] += len(root_labels)
            stats["tf_rolls"] += root.rolls
            for file, start, end, addr, kind in root_labels:
                labels.append((f"{rel}/{file}", start, end, addr, kind))
        idx += 1


def generate_cfn(out: str, count: int, seed: int, stats: dict, labels: list):
    rng = random.Random(f"{seed}/cloudformation")
    used: set[str] = set()
    for i in range(count):
        svc = make_svc(rng, i)
        sam = rng.random() < 0.17
        t = CfnTemplate(rng, svc, sam)
        comps = t.build()
        style = gen_k8s.Style(rng)
        as_json = not sam and rng.random() < 0.15
        long_form = not as_json and rng.random() < 0.15
        team_dir = f"cfn/{svc['team']}"
        if sam:
            stem = f"{team_dir}/{svc['name']}/template"
        else:
            stem = f"{team_dir}/{svc['name']}-{'-'.join(c.replace('_fn', '').replace('_key', '').replace('_', '-') for c in comps)}"
        ext = ".json" if as_json else rng.choice([".yaml", ".yaml", ".yml", ".template.yaml"] if not sam else [".yaml"])
        path = stem + ext
        n = 2
        while path in used:
            path = f"{stem}-{n}{ext}"
            n += 1
        used.add(path)
        desc = (f"{svc['name']} ({svc['team']}): " + ", ".join(comps).replace("_fn", "").replace("_key", " key")
                + (" (SAM)" if sam else ""))
        doc = t.document(desc)
        if as_json:
            text = json.dumps(to_long(doc), indent=rng.choice([2, 4])) + "\n"
        else:
            y = CfnYaml(style, quote_dates=rng.random() < 0.7, spaced=rng.random() < 0.6)
            head = {}
            if rng.random() < 0.4:
                head[Comment(f"{svc['name']}: deployed by the {svc['team']} pipeline; see README.md")] = None
            head.update(to_long(doc) if long_form else doc)
            text = y.dump(head)
        write(os.path.join(out, path), text)
        stats["cfn_files"] += 1
        stats["cfn_sam"] += sam
        stats["cfn_json"] += as_json
        stats["cfn_resources"] += len(t.resources)
        stats["cfn_bad"] += len(t.labels)
        stats["cfn_rolls"] += t.rolls
        stats["lines"] += text.count("\n")
        for lid, kind in t.labels:
            start, end = resource_span(text, lid, as_json)
            labels.append((path, start, end, f"Resources.{lid}", kind))


def parse_mix(s: str) -> dict:
    mix = {"tf": 0.0, "cfn": 0.0, "k8s": 0.0, "docker": 0.0}
    for part in s.split(","):
        key, sep, val = part.partition("=")
        key = key.strip()
        if not sep or key not in mix:
            raise ValueError(f"bad --mix entry '{part}': expected tf=W, cfn=W, k8s=W or docker=W")
        try:
            w = float(val)
        except ValueError:
            raise ValueError(f"bad --mix weight '{val}' for {key}") from None
        if w < 0:
            raise ValueError(f"--mix weight for {key} must be >= 0")
        mix[key] = w
    if sum(mix.values()) <= 0:
        raise ValueError("--mix weights add up to 0")
    return mix


def generate(out: str, files: int, seed: int, mix: dict) -> tuple[dict, list]:
    total = sum(mix.values())
    share = {k: int(round(files * w / total)) for k, w in mix.items()}
    stats = {k: 0 for k in ("tf_files", "tf_roots", "tf_modules", "tf_resources", "tf_bad", "tf_rolls", "cfn_files",
                            "cfn_sam", "cfn_json", "cfn_resources", "cfn_bad", "cfn_rolls", "k8s_files", "k8s_objects", "dockerfiles", "lines")}
    labels: list = []
    if share["tf"]:
        generate_tf(out, share["tf"], seed, stats, labels)
    if share["cfn"]:
        generate_cfn(out, share["cfn"], seed, stats, labels)
    # Terraform comes in whole root modules; Kubernetes manifests absorb the difference so
    # that the corpus has --files files when the mix allows.
    k8s = share["k8s"]
    if mix["k8s"] > 0:
        k8s = max(0, files - stats["tf_files"] - stats["cfn_files"] - share["docker"])
    if k8s or share["docker"]:
        k = gen_k8s.generate(os.path.join(out, "k8s"), k8s, share["docker"], seed)
        stats["k8s_files"] = k["files"]
        stats["k8s_objects"] = k["objects"]
        stats["dockerfiles"] = k["dockerfiles"]
        stats["lines"] += k["lines"]
    return stats, labels


# --------------------------------------------------------------------------- --check


def corpus_files(out: str, exts: tuple) -> list[str]:
    found = []
    for root, dirs, names in os.walk(out):
        dirs.sort()
        for n in sorted(names):
            if n.endswith(exts):
                found.append(os.path.join(root, n))
    return found


def check_yaml(out: str) -> int:
    try:
        import yaml
    except ImportError:
        print("check: PyYAML is not installed (pip install pyyaml); YAML not checked", file=sys.stderr)
        return 0
    loader = cfn_loader()
    bad = 0
    n = 0
    for path in corpus_files(out, (".yaml", ".yml", ".json")):
        rel = os.path.relpath(path, out)
        n += 1
        try:
            with open(path, encoding="utf-8") as f:
                text = f.read()
            if path.endswith(".json"):
                json.loads(text)
            elif rel.startswith("cfn" + os.sep):
                doc = yaml.load(text, Loader=loader)  # noqa: S506 (a SafeLoader subclass)
                if not isinstance(doc, dict) or "Resources" not in doc:
                    raise ValueError("not a template with Resources")
            else:
                list(yaml.safe_load_all(text))
        except Exception as e:  # noqa: BLE001 (report any parse failure and go on)
            bad += 1
            print(f"check: {rel}: {e}", file=sys.stderr)
    print(f"check: {n} YAML/JSON files parsed, {bad} failed", file=sys.stderr)
    return bad


def check_cfn_lint(out: str) -> int:
    exe = shutil.which("cfn-lint")
    templates = [p for p in corpus_files(os.path.join(out, "cfn"), (".yaml", ".yml", ".json"))] if os.path.isdir(
        os.path.join(out, "cfn")) else []
    if not exe or not templates:
        print("check: cfn-lint not found (pip install cfn-lint); templates only parsed" if templates else
              "check: no CloudFormation templates", file=sys.stderr)
        return 0
    errors = warnings = 0
    for i in range(0, len(templates), 200):
        r = subprocess.run([exe, "--format", "parseable", "--", *templates[i:i + 200]], capture_output=True, text=True)
        for line in r.stdout.splitlines():
            parts = line.split(":")
            rule = parts[5] if len(parts) > 5 else ""
            if rule.startswith("E"):
                errors += 1
                print(f"check: cfn-lint: {os.path.relpath(line, out) if line.startswith(out) else line}", file=sys.stderr)
            elif rule.startswith("W"):
                warnings += 1
        if r.returncode & 1:  # cfn-lint itself failed
            print(f"check: cfn-lint failed: {r.stderr.strip()[:500]}", file=sys.stderr)
            errors += 1
    print(f"check: cfn-lint on {len(templates)} templates: {errors} errors, {warnings} warnings", file=sys.stderr)
    return errors


def check_terraform(out: str, mirror: str | None) -> int:
    exe = shutil.which("terraform")
    tf = os.path.join(out, "tf")
    if not os.path.isdir(tf):
        return 0
    if not exe:
        print("check: terraform not found; HCL not checked (rampart/checkov/trivy parse errors are the check)", file=sys.stderr)
        return 0
    env = dict(os.environ, CHECKPOINT_DISABLE="1", TF_IN_AUTOMATION="1")
    r = subprocess.run([exe, "fmt", "-check", "-recursive", "-list=true", "-no-color", tf], capture_output=True, text=True, env=env)
    unformatted = [line for line in r.stdout.splitlines() if line.strip()]
    bad = 0
    if r.returncode != 0 and not unformatted:
        print(f"check: terraform fmt failed (syntax error?): {r.stderr.strip()[:2000]}", file=sys.stderr)
        bad += 1
    for line in unformatted:
        print(f"check: not in terraform fmt style: {os.path.relpath(line, out) if os.path.isabs(line) else line}", file=sys.stderr)
    bad += len(unformatted)
    print(f"check: terraform fmt: {len(unformatted)} files differ from the canonical style", file=sys.stderr)
    with tempfile.TemporaryDirectory(prefix="gen-iac-tf-") as tmp:
        if mirror:
            cfg = os.path.join(tmp, "terraformrc")
            with open(cfg, "w", encoding="utf-8") as f:
                f.write('provider_installation {\n  filesystem_mirror {\n    path    = %s\n  }\n}\n'
                        'plugin_cache_dir = %s\n' % (json.dumps(mirror), json.dumps(os.path.join(tmp, "plugins"))))
            os.makedirs(os.path.join(tmp, "plugins"))
            env["TF_CLI_CONFIG_FILE"] = cfg
            env["TF_PLUGIN_CACHE_MAY_BREAK_DEPENDENCY_LOCK_FILE"] = "1"
        copy = os.path.join(tmp, "tf")
        shutil.copytree(tf, copy)
        roots = sorted(os.path.dirname(p) for p in corpus_files(copy, ("terraform.tfvars",)))
        ok = 0
        for i, root in enumerate(roots):
            rel = os.path.relpath(root, tmp)
            r = subprocess.run([exe, "init", "-backend=false", "-input=false", "-no-color"], cwd=root,
                               capture_output=True, text=True, env=env)
            if r.returncode != 0:
                if i == 0:
                    print("check: terraform init failed, so terraform validate is skipped (it needs the AWS provider: "
                          "pass --tf-mirror DIR for an offline provider mirror)\n" + r.stderr.strip()[-800:], file=sys.stderr)
                    return bad
                print(f"check: terraform init failed in {rel}: {r.stderr.strip()[-800:]}", file=sys.stderr)
                bad += 1
                continue
            r = subprocess.run([exe, "validate", "-json", "-no-color"], cwd=root, capture_output=True, text=True, env=env)
            try:
                res = json.loads(r.stdout)
            except ValueError:
                res = {"valid": False, "diagnostics": [{"severity": "error", "summary": r.stderr.strip()[:500]}]}
            diags = [d for d in res.get("diagnostics", []) if d.get("severity") == "error"]
            if not res.get("valid") or diags:
                bad += 1
                for d in diags[:10]:
                    rng = d.get("range", {})
                    print(f"check: terraform validate: {rel}/{rng.get('filename', '?')}:{rng.get('start', {}).get('line', '?')}: "
                          f"{d.get('summary')}: {d.get('detail', '')}", file=sys.stderr)
            else:
                ok += 1
        print(f"check: terraform validate: {ok} of {len(roots)} root modules valid", file=sys.stderr)
    return bad


# --------------------------------------------------------------------------- main


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0], formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("out", metavar="OUT_DIR", help="output directory (created; must be empty or absent)")
    ap.add_argument("--files", type=int, default=1000, help="about how many files to write (default 1000)")
    ap.add_argument("--seed", type=int, default=42, help="random seed (default 42)")
    ap.add_argument("--mix", default="tf=50,cfn=20,k8s=25,docker=5",
                    help="relative shares of Terraform files, CloudFormation templates, Kubernetes manifests and "
                         "Dockerfiles (default tf=50,cfn=20,k8s=25,docker=5)")
    ap.add_argument("--labels", metavar="FILE", help="write the planted misconfigurations as TSV to FILE")
    ap.add_argument("--check", action="store_true",
                    help="validate the corpus: parse YAML/JSON, and run terraform fmt/validate and cfn-lint if installed")
    ap.add_argument("--tf-mirror", metavar="DIR", help="with --check: an offline Terraform provider mirror for terraform init")
    ap.add_argument("--force", action="store_true", help="allow a non-empty output directory")
    ap.add_argument("--quiet", action="store_true", help="print nothing but errors")
    args = ap.parse_args(argv)
    if args.files < 1:
        ap.error("--files must be >= 1")
    try:
        mix = parse_mix(args.mix)
    except ValueError as e:
        ap.error(str(e))
    if os.path.isdir(args.out) and os.listdir(args.out) and not args.force:
        ap.error(f"{args.out} is not empty (use --force, or remove it)")
    if os.path.exists(args.out) and not os.path.isdir(args.out):
        ap.error(f"{args.out} exists and is not a directory")
    os.makedirs(args.out, exist_ok=True)
    stats, labels = generate(args.out, args.files, args.seed, mix)
    if args.labels:
        lines = ["file\tstart_line\tend_line\tresource\tmisconfiguration"]
        lines += ["\t".join(map(str, row)) for row in sorted(labels)]
        with open(args.labels, "w", encoding="utf-8", newline="\n") as f:
            f.write("\n".join(lines) + "\n")
    if not args.quiet:
        total = stats["tf_files"] + stats["cfn_files"] + stats["k8s_files"] + stats["dockerfiles"]
        print(
            f"wrote {total} files, {stats['lines']} lines, to {args.out}:\n"
            f"  Terraform: {stats['tf_files']} files ({stats['tf_roots']} root modules, {stats['tf_modules']} local modules), "
            f"{stats['tf_resources']} resources and module calls; {stats['tf_bad']} of the {stats['tf_rolls']} "
            f"security-relevant ones misconfigured\n"
            f"  CloudFormation: {stats['cfn_files']} templates ({stats['cfn_sam']} SAM, {stats['cfn_json']} JSON), "
            f"{stats['cfn_resources']} resources; {stats['cfn_bad']} of the {stats['cfn_rolls']} security-relevant "
            f"ones misconfigured\n"
            f"  Kubernetes: {stats['k8s_files']} manifest files ({stats['k8s_objects']} objects); "
            f"{stats['dockerfiles']} Dockerfiles",
            file=sys.stderr,
        )
    if args.check:
        bad = check_yaml(args.out) + check_cfn_lint(args.out) + check_terraform(args.out, args.tf_mirror)
        if bad:
            print(f"check: {bad} problem(s)", file=sys.stderr)
            return 1
        print("check: ok", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
