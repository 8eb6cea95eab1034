//! EC2 adapter: security groups, instances, launch templates, EBS volumes, account-level EC2
//! settings and VPCs, from Terraform and CloudFormation.
//!
//! Security group rules are written in four shapes (inline blocks, `aws_security_group_rule`,
//! the one-CIDR `aws_vpc_security_group_*_rule`, CloudFormation's inline lists and standalone
//! `AWS::EC2::SecurityGroupIngress|Egress`); they all become items of one group's `ingress` or
//! `egress` list, each located at its own block, so a rule reads one shape.
//!
//! Values are read through the one reading layer (`cloud::read`), whose `Obj` builds the
//! nested, located rule lists.

use std::collections::HashSet;

use serde_json::{json, Value as Json};

use super::Adapter;
use crate::cloud::read::{
    all_referenced, all_referenced_under, attached_to, boolean, integer, items, lookup, lower, managed, referenced,
    string, string_list, written, Lookup, Obj,
};
use crate::cloud::{CloudModel, Entity};
use crate::iac::{Inventory, Resource};

pub const ADAPTER: Adapter = Adapter { service: "ec2", fields: &[], terraform, cloudformation };

// ---------------------------------------------------------------------------------------------

// ---------------------------------------------------------------------------------------------
// Security groups
// ---------------------------------------------------------------------------------------------

const TF_SG_KINDS: &[&str] = &["aws_security_group", "aws_default_security_group"];
const TF_VPC_KINDS: &[&str] = &["aws_vpc", "aws_default_vpc"];
const CFN_SG_KINDS: &[&str] = &["AWS::EC2::SecurityGroup"];
const CFN_VPC_KINDS: &[&str] = &["AWS::EC2::VPC"];

/// IP protocol names and numbers in one vocabulary: `-1` (all), `tcp`, `udp`, `icmp`,
/// `icmpv6`, or the protocol number for anything else.
pub(super) fn protocol(v: &Json) -> Json {
    let Json::String(s) = lower(v) else { return Json::Null };
    let name = match s.trim() {
        "-1" | "all" => "-1",
        "6" | "tcp" => "tcp",
        "17" | "udp" => "udp",
        "1" | "icmp" => "icmp",
        "58" | "icmpv6" => "icmpv6",
        other => other,
    };
    Json::String(name.to_string())
}

/// Which source vocabulary a rule item is written in, and where.
#[derive(Clone, Copy, PartialEq, Eq)]
enum RuleShape {
    /// `aws_security_group` inline block or `aws_security_group_rule`.
    TfClassic,
    /// `aws_vpc_security_group_ingress_rule` / `_egress_rule`.
    TfVpc,
    /// CloudFormation inline item or standalone resource.
    Cfn,
}

#[derive(Clone, Copy, PartialEq, Eq)]
enum Direction {
    Ingress,
    Egress,
}

/// One rule item at `base` of `res` (`/ingress/0` for an inline block, `` for a rule resource).
fn rule_item<'r>(inv: &Inventory, res: &'r Resource, base: &str, shape: RuleShape, direction: Direction) -> Obj<'r> {
    let at = |name: &str| format!("{base}/{name}");
    let mut item = Obj::new();
    item.locate("", res, base);
    let sg_kinds: &[&str] = if shape == RuleShape::Cfn { CFN_SG_KINDS } else { TF_SG_KINDS };
    match shape {
        RuleShape::TfClassic => {
            item.field("protocol", res, &at("protocol"), Json::Null, protocol)
                .field("from_port", res, &at("from_port"), Json::Null, integer)
                .field("to_port", res, &at("to_port"), Json::Null, integer)
                .field("cidr_ipv4", res, &at("cidr_blocks"), json!([]), string_list)
                .field("cidr_ipv6", res, &at("ipv6_cidr_blocks"), json!([]), string_list)
                .field("prefix_list_ids", res, &at("prefix_list_ids"), json!([]), string_list)
                .field("self", res, &at("self"), json!(false), boolean)
                .field("description", res, &at("description"), Json::Null, string);
            // Inline blocks list `security_groups`; the rule resource names one source group.
            let mut groups = all_referenced_under(inv, res, &at("security_groups"), sg_kinds);
            groups.extend(all_referenced(inv, res, &at("source_security_group_id"), sg_kinds));
            set_refs(&mut item, "security_group_refs", &groups);
        }
        RuleShape::TfVpc => {
            item.field("protocol", res, &at("ip_protocol"), Json::Null, protocol)
                .field("from_port", res, &at("from_port"), Json::Null, integer)
                .field("to_port", res, &at("to_port"), Json::Null, integer)
                .field("cidr_ipv4", res, &at("cidr_ipv4"), json!([]), string_list)
                .field("cidr_ipv6", res, &at("cidr_ipv6"), json!([]), string_list)
                .field("prefix_list_ids", res, &at("prefix_list_id"), json!([]), string_list)
                .set("self", json!(false))
                .field("description", res, &at("description"), Json::Null, string);
            let groups = all_referenced(inv, res, &at("referenced_security_group_id"), sg_kinds);
            set_refs(&mut item, "security_group_refs", &groups);
        }
        RuleShape::Cfn => {
            let (prefix_list, group) = match direction {
                Direction::Ingress => ("SourcePrefixListId", "SourceSecurityGroupId"),
                Direction::Egress => ("DestinationPrefixListId", "DestinationSecurityGroupId"),
            };
            item.field("protocol", res, &at("IpProtocol"), Json::Null, protocol)
                .field("from_port", res, &at("FromPort"), Json::Null, integer)
                .field("to_port", res, &at("ToPort"), Json::Null, integer)
                .field("cidr_ipv4", res, &at("CidrIp"), json!([]), string_list)
                .field("cidr_ipv6", res, &at("CidrIpv6"), json!([]), string_list)
                .field("prefix_list_ids", res, &at(prefix_list), json!([]), string_list)
                .set("self", json!(false))
                .field("description", res, &at("Description"), Json::Null, string);
            let groups = all_referenced(inv, res, &at(group), sg_kinds);
            set_refs(&mut item, "security_group_refs", &groups);
        }
    }
    item
}

fn set_refs(obj: &mut Obj<'_>, key: &str, targets: &[&Resource]) {
    obj.set(key, Json::Array(targets.iter().map(|r| Json::String(r.address.clone())).collect()));
}

/// The rules of one group, by direction; `None` when a list is unknown.
struct Rules<'r> {
    ingress: Option<Vec<Obj<'r>>>,
    egress: Option<Vec<Obj<'r>>>,
    /// Where an unknown list was written, to locate its `null`.
    unknown_at: Vec<(Direction, &'r Resource, String)>,
}

impl<'r> Rules<'r> {
    fn new() -> Self {
        Rules { ingress: Some(Vec::new()), egress: Some(Vec::new()), unknown_at: Vec::new() }
    }

    fn push(&mut self, direction: Direction, item: Obj<'r>) {
        let list = match direction {
            Direction::Ingress => &mut self.ingress,
            Direction::Egress => &mut self.egress,
        };
        if let Some(list) = list {
            list.push(item);
        }
    }

    /// Inline items of `res` at `pointer`.
    fn inline(&mut self, inv: &Inventory, res: &'r Resource, pointer: &str, shape: RuleShape, direction: Direction) {
        match items(res, pointer) {
            Some(bases) => {
                for base in bases {
                    self.push(direction, rule_item(inv, res, &base, shape, direction));
                }
            }
            None => {
                match direction {
                    Direction::Ingress => self.ingress = None,
                    Direction::Egress => self.egress = None,
                }
                self.unknown_at.push((direction, res, pointer.to_string()));
            }
        }
    }

    /// A standalone rule resource (`aws_security_group_rule` says its direction in `type`).
    fn standalone(&mut self, inv: &Inventory, res: &'r Resource) {
        let (shape, direction) = match res.kind.as_str() {
            "aws_security_group_rule" => match res.get("/type").and_then(Json::as_str) {
                Some("ingress") => (RuleShape::TfClassic, Direction::Ingress),
                Some("egress") => (RuleShape::TfClassic, Direction::Egress),
                _ => return,
            },
            "aws_vpc_security_group_ingress_rule" => (RuleShape::TfVpc, Direction::Ingress),
            "aws_vpc_security_group_egress_rule" => (RuleShape::TfVpc, Direction::Egress),
            "AWS::EC2::SecurityGroupIngress" => (RuleShape::Cfn, Direction::Ingress),
            "AWS::EC2::SecurityGroupEgress" => (RuleShape::Cfn, Direction::Egress),
            _ => return,
        };
        self.push(direction, rule_item(inv, res, "", shape, direction));
    }

    fn into_obj(self, obj: &mut Obj<'r>) {
        for (key, list) in [("ingress", self.ingress), ("egress", self.egress)] {
            match list {
                Some(list) => {
                    obj.list(key, list);
                }
                None => {
                    obj.set(key, Json::Null);
                }
            }
        }
        for (direction, res, pointer) in self.unknown_at {
            let key = if direction == Direction::Ingress { "ingress" } else { "egress" };
            obj.locate(key, res, &pointer);
        }
    }
}

const TF_RULE_KINDS: &[&str] =
    &["aws_security_group_rule", "aws_vpc_security_group_ingress_rule", "aws_vpc_security_group_egress_rule"];
const CFN_RULE_KINDS: &[&str] = &["AWS::EC2::SecurityGroupIngress", "AWS::EC2::SecurityGroupEgress"];

/// Standalone rules that belong to `target` (a group, or a VPC whose default group they edit).
fn attached_rules<'a>(
    inv: &'a Inventory,
    target: &'a Resource,
    kinds: &[&str],
    used: &mut HashSet<String>,
) -> Vec<&'a Resource> {
    let mut out: Vec<&Resource> = Vec::new();
    for kind in kinds {
        let pointer = if kind.starts_with("AWS::") { "/GroupId" } else { "/security_group_id" };
        let mut found: Vec<&Resource> = attached_to(inv, kind, pointer, target, None).collect();
        if kind.starts_with("AWS::") && target.kind == "AWS::EC2::SecurityGroup" {
            found.extend(attached_to(inv, kind, "/GroupName", target, Some("/GroupName")));
        }
        for rule in found {
            if used.insert(rule.address.clone()) {
                out.push(rule);
            }
        }
    }
    out.sort_by_key(|r| inv.resources.iter().position(|x| x.address == r.address));
    out
}

fn security_group_entity<'r>(
    res: &'r Resource,
    name: (&str, Json),
    description: (&str, Json),
    vpc_ref: Option<(&Inventory, &str, &[&str])>,
    is_default: bool,
    rules: Rules<'r>,
) -> Entity {
    let mut obj = Obj::new();
    obj.field("name", res, name.0, name.1, string).field("description", res, description.0, description.1, string);
    match vpc_ref {
        Some((inv, pointer, kinds)) => obj.reference("vpc_ref", inv, res, pointer, kinds),
        None => obj.set("vpc_ref", Json::Null),
    };
    obj.set("is_default", Json::Bool(is_default));
    rules.into_obj(&mut obj);
    obj.into_entity(res)
}

/// A group nobody declares but rules edit: a VPC's default group, or a group given by ID.
fn implied_group<'r>(
    reference: String,
    at: &'r Resource,
    vpc: Option<&Resource>,
    is_default: bool,
    rules: Rules<'r>,
) -> Entity {
    let mut entity = Entity::at(reference, at.file.clone(), at.span);
    let mut obj = Obj::new();
    obj.set("name", if is_default { json!("default") } else { Json::Null })
        .set("description", Json::Null)
        .set("vpc_ref", vpc.map_or(Json::Null, |v| Json::String(v.address.clone())))
        .set("is_default", Json::Bool(is_default));
    rules.into_obj(&mut obj);
    obj.apply(&mut entity);
    entity
}

fn security_groups_tf(inv: &Inventory, model: &mut CloudModel) {
    let mut used = HashSet::new();
    let mut declared_default_vpcs = HashSet::new();
    for (kind, is_default) in [("aws_security_group", false), ("aws_default_security_group", true)] {
        for sg in managed(inv, kind) {
            let mut rules = Rules::new();
            rules.inline(inv, sg, "/ingress", RuleShape::TfClassic, Direction::Ingress);
            rules.inline(inv, sg, "/egress", RuleShape::TfClassic, Direction::Egress);
            let mut standalone = attached_rules(inv, sg, TF_RULE_KINDS, &mut used);
            if is_default {
                // Rules may name the group through its VPC (`aws_vpc.x.default_security_group_id`).
                for vpc in all_referenced(inv, sg, "/vpc_id", TF_VPC_KINDS) {
                    declared_default_vpcs.insert(vpc.address.clone());
                    standalone.extend(attached_rules(inv, vpc, TF_RULE_KINDS, &mut used));
                }
            }
            for rule in standalone {
                rules.standalone(inv, rule);
            }
            let (name, description) = if is_default {
                (json!("default"), json!("default VPC security group"))
            } else {
                (Json::Null, json!("Managed by Terraform"))
            };
            model.push(
                "ec2",
                "security_groups",
                security_group_entity(
                    sg,
                    ("/name", name),
                    ("/description", description),
                    Some((inv, "/vpc_id", TF_VPC_KINDS)),
                    is_default,
                    rules,
                ),
            );
        }
    }
    for kind in TF_VPC_KINDS {
        for vpc in managed(inv, kind) {
            if declared_default_vpcs.contains(&vpc.address) {
                continue;
            }
            let standalone = attached_rules(inv, vpc, TF_RULE_KINDS, &mut used);
            if standalone.is_empty() {
                continue;
            }
            let mut rules = Rules::new();
            for rule in standalone {
                rules.standalone(inv, rule);
            }
            let reference = format!("{}.default_security_group", vpc.address);
            model.push("ec2", "security_groups", implied_group(reference, vpc, Some(vpc), true, rules));
        }
    }
    orphan_rules(inv, model, TF_RULE_KINDS, &used);
}

/// Rules whose group is not declared here (given by ID or variable) still get reported: each
/// becomes a group of its own, named by the rule's address.
fn orphan_rules(inv: &Inventory, model: &mut CloudModel, kinds: &[&str], used: &HashSet<String>) {
    for kind in kinds {
        for rule in managed(inv, kind) {
            if used.contains(&rule.address) {
                continue;
            }
            let mut rules = Rules::new();
            rules.standalone(inv, rule);
            model.push("ec2", "security_groups", implied_group(rule.address.clone(), rule, None, false, rules));
        }
    }
}

fn security_groups_cfn(inv: &Inventory, model: &mut CloudModel) {
    let mut used = HashSet::new();
    for sg in managed(inv, "AWS::EC2::SecurityGroup") {
        let mut rules = Rules::new();
        rules.inline(inv, sg, "/SecurityGroupIngress", RuleShape::Cfn, Direction::Ingress);
        if sg.get("/SecurityGroupEgress").is_none() {
            // CloudFormation keeps EC2's allow-all egress rule unless the group lists its own.
            let mut item = Obj::new();
            item.set("protocol", json!("-1"))
                .set("from_port", Json::Null)
                .set("to_port", Json::Null)
                .set("cidr_ipv4", json!(["0.0.0.0/0"]))
                .set("cidr_ipv6", json!([]))
                .set("prefix_list_ids", json!([]))
                .set("self", json!(false))
                .set("description", Json::Null)
                .set("security_group_refs", json!([]));
            rules.push(Direction::Egress, item);
        }
        rules.inline(inv, sg, "/SecurityGroupEgress", RuleShape::Cfn, Direction::Egress);
        for rule in attached_rules(inv, sg, CFN_RULE_KINDS, &mut used) {
            rules.standalone(inv, rule);
        }
        model.push(
            "ec2",
            "security_groups",
            security_group_entity(
                sg,
                ("/GroupName", Json::Null),
                ("/GroupDescription", Json::Null),
                Some((inv, "/VpcId", CFN_VPC_KINDS)),
                false,
                rules,
            ),
        );
    }
    // `GroupId: !GetAtt Vpc.DefaultSecurityGroup` edits the VPC's default group.
    for vpc in managed(inv, "AWS::EC2::VPC") {
        let standalone = attached_rules(inv, vpc, CFN_RULE_KINDS, &mut used);
        if standalone.is_empty() {
            continue;
        }
        let mut rules = Rules::new();
        for rule in standalone {
            rules.standalone(inv, rule);
        }
        let reference = format!("{}.DefaultSecurityGroup", vpc.address);
        model.push("ec2", "security_groups", implied_group(reference, vpc, Some(vpc), true, rules));
    }
    orphan_rules(inv, model, CFN_RULE_KINDS, &used);
}

// ---------------------------------------------------------------------------------------------
// Account-level settings
// ---------------------------------------------------------------------------------------------

/// Region-wide EC2 defaults declared in the module, which change what an omitted setting means.
struct AccountDefaults {
    /// Whether new EBS volumes are encrypted when nothing says so.
    ebs_encrypted: Json,
    /// `http_tokens` of instances that do not set it.
    http_tokens: Json,
}

impl AccountDefaults {
    fn terraform(inv: &Inventory) -> Self {
        let ebs: Vec<Json> = managed(inv, "aws_ebs_encryption_by_default")
            .map(|r| match lookup(r, "/enabled") {
                Lookup::Omitted => json!(true),
                Lookup::Unknown => Json::Null,
                Lookup::Known(v) => boolean(v),
            })
            .collect();
        let tokens: Vec<Json> = managed(inv, "aws_ec2_instance_metadata_defaults")
            .map(|r| match lookup(r, "/http_tokens") {
                Lookup::Omitted => json!("optional"),
                Lookup::Unknown => Json::Null,
                Lookup::Known(v) => match lower(v) {
                    Json::String(s) if s == "no-preference" => json!("optional"),
                    other => other,
                },
            })
            .collect();
        AccountDefaults { ebs_encrypted: agreed(ebs, json!(false)), http_tokens: agreed(tokens, json!("optional")) }
    }

    fn cloudformation() -> Self {
        AccountDefaults { ebs_encrypted: json!(false), http_tokens: json!("optional") }
    }

    /// `http_tokens` of an instance launched from an image: Amazon Linux 2023 images mark
    /// themselves IMDSv2-only (`ImdsSupport: v2.0`), which wins over the account's default; any
    /// other image (or an unknown one) gets the account's.
    fn http_tokens_for(&self, al2023: bool) -> Json {
        if al2023 {
            json!("required")
        } else {
            self.http_tokens.clone()
        }
    }
}

/// The first of `images` that is written names an Amazon Linux 2023 image.
fn al2023_image(inv: &Inventory, images: &[(&Resource, String)]) -> bool {
    let image = images.iter().find(|(res, pointer)| res.get(pointer).is_some() || res.refs.contains_key(pointer));
    image.is_some_and(|(res, pointer)| imdsv2_image(inv, res, pointer))
}

/// Device names that stand for the root volume of an instance launched from an image: Amazon
/// Linux 2023's is `/dev/xvda`; for an image we cannot tell, either conventional name.
fn root_device_names(al2023: bool) -> &'static [&'static str] {
    if al2023 {
        &["/dev/xvda"]
    } else {
        ROOT_DEVICE_NAMES
    }
}

/// The image at `pointer` is Amazon Linux 2023: its ID comes from the public SSM parameter
/// (`/aws/service/ami-amazon-linux-latest/al2023-ami-…`, as a parameter default or a
/// `{{resolve:ssm:…}}` reference), or from a data source looking it up by that name.
fn imdsv2_image(inv: &Inventory, res: &Resource, pointer: &str) -> bool {
    let names_al2023 = |v: &Json| v.to_string().to_ascii_lowercase().contains("al2023-ami");
    res.get(pointer).is_some_and(names_al2023)
        || referenced(inv, res, pointer).iter().any(|r| r.data && names_al2023(&r.attrs))
}

/// The one value several declarations agree on; `null` when they differ (different regions or
/// providers we cannot tell apart), `none` when there are none.
fn agreed(values: Vec<Json>, none: Json) -> Json {
    match values.first() {
        None => none,
        Some(first) if values.iter().all(|v| v == first) => first.clone(),
        Some(_) => Json::Null,
    }
}

fn account_tf(inv: &Inventory, model: &mut CloudModel) {
    for res in managed(inv, "aws_ebs_encryption_by_default") {
        let mut obj = Obj::new();
        obj.field("ebs_encryption_by_default/enabled", res, "/enabled", json!(true), boolean);
        account_unset_metadata(&mut obj);
        model.push("ec2", "account", obj.into_entity(res));
    }
    for res in managed(inv, "aws_ec2_instance_metadata_defaults") {
        let mut obj = Obj::new();
        obj.set("ebs_encryption_by_default/enabled", Json::Null)
            .field("instance_metadata_defaults/http_tokens", res, "/http_tokens", json!("no-preference"), lower)
            .field("instance_metadata_defaults/http_endpoint", res, "/http_endpoint", json!("no-preference"), lower)
            .field(
                "instance_metadata_defaults/http_put_response_hop_limit",
                res,
                "/http_put_response_hop_limit",
                json!(-1),
                integer,
            );
        model.push("ec2", "account", obj.into_entity(res));
    }
}

fn account_unset_metadata(obj: &mut Obj<'_>) {
    obj.set("instance_metadata_defaults/http_tokens", Json::Null)
        .set("instance_metadata_defaults/http_endpoint", Json::Null)
        .set("instance_metadata_defaults/http_put_response_hop_limit", Json::Null);
}

// ---------------------------------------------------------------------------------------------
// Instances, launch templates, volumes
// ---------------------------------------------------------------------------------------------

/// Device names AMIs conventionally give their root volume; CloudFormation mappings do not say
/// which one is the root, so these stand for it.
const ROOT_DEVICE_NAMES: &[&str] = &["/dev/xvda", "/dev/sda1"];

/// One EBS block device: `ebs` is the pointer of its EBS settings (the mapping itself for
/// Terraform's instance blocks, `…/ebs/0` or `…/Ebs` for mappings).
fn block_device<'r>(
    res: &'r Resource,
    item: &str,
    ebs: &str,
    names: (&str, &str, &str, &str),
    root: Json,
    defaults: &AccountDefaults,
) -> Obj<'r> {
    let (device_name, encrypted, kms_key_id, snapshot_id) = names;
    let mut obj = Obj::new();
    obj.locate("", res, item);
    if device_name.is_empty() {
        obj.set("device_name", Json::Null);
    } else {
        obj.field("device_name", res, &format!("{item}/{device_name}"), Json::Null, string);
    }
    // A volume restored from a snapshot is encrypted exactly when the snapshot is.
    let default = match lookup(res, &format!("{ebs}/{snapshot_id}")) {
        Lookup::Omitted => defaults.ebs_encrypted.clone(),
        _ => Json::Null,
    };
    obj.set("root", root).field("encrypted", res, &format!("{ebs}/{encrypted}"), default, boolean).field(
        "kms_key_id",
        res,
        &format!("{ebs}/{kms_key_id}"),
        Json::Null,
        string,
    );
    obj
}

/// A root device nobody configured: its encryption is the account default's.
fn implicit_root<'r>(defaults: &AccountDefaults) -> Obj<'r> {
    let mut obj = Obj::new();
    obj.set("device_name", Json::Null)
        .set("root", json!(true))
        .set("encrypted", defaults.ebs_encrypted.clone())
        .set("kms_key_id", Json::Null);
    obj
}

/// Terraform's `root_block_device` + `ebs_block_device` blocks (instances, launch configurations).
fn tf_instance_block_devices<'r>(
    res: &'r Resource,
    defaults: &AccountDefaults,
    implicit: bool,
) -> Option<Vec<Obj<'r>>> {
    let names = ("device_name", "encrypted", "kms_key_id", "snapshot_id");
    let mut out = Vec::new();
    match lookup(res, "/root_block_device") {
        Lookup::Unknown => return None,
        Lookup::Omitted if implicit => out.push(implicit_root(defaults)),
        Lookup::Omitted => {}
        Lookup::Known(_) => {
            for item in items(res, "/root_block_device")? {
                out.push(block_device(res, &item, &item, ("", names.1, names.2, names.3), json!(true), defaults));
            }
        }
    }
    for item in items(res, "/ebs_block_device")? {
        out.push(block_device(res, &item, &item, names, json!(false), defaults));
    }
    Some(out)
}

/// Launch-template style mappings: `[{device_name, ebs: [{encrypted, …}]}]` (Terraform) or
/// `[{DeviceName, Ebs: {Encrypted, …}}]` (CloudFormation). Instance-store mappings are skipped.
fn mapping_block_devices<'r>(
    res: &'r Resource,
    pointer: &str,
    cfn: bool,
    root_names: &[&str],
    defaults: &AccountDefaults,
) -> Option<Vec<Obj<'r>>> {
    let mut out = Vec::new();
    for item in items(res, pointer)? {
        let (ebs, names) = if cfn {
            (format!("{item}/Ebs"), ("DeviceName", "Encrypted", "KmsKeyId", "SnapshotId"))
        } else {
            (format!("{item}/ebs/0"), ("device_name", "encrypted", "kms_key_id", "snapshot_id"))
        };
        let ebs_block = if cfn { format!("{item}/Ebs") } else { format!("{item}/ebs") };
        if matches!(lookup(res, &ebs_block), Lookup::Omitted) {
            continue;
        }
        let root = match lookup(res, &format!("{item}/{}", names.0)) {
            Lookup::Known(Json::String(name)) => Json::Bool(root_names.contains(&name.as_str())),
            _ => Json::Null,
        };
        out.push(block_device(res, &item, &ebs, names, root, defaults));
    }
    Some(out)
}

fn set_block_devices<'r>(obj: &mut Obj<'r>, devices: Option<Vec<Obj<'r>>>, unknown_at: (&'r Resource, &str)) {
    match devices {
        Some(list) => {
            obj.list("block_devices", list);
        }
        None => {
            obj.set("block_devices", Json::Null).locate("block_devices", unknown_at.0, unknown_at.1);
        }
    }
}

/// Where the metadata options of an instance, launch template or configuration are written.
struct MetadataPointers {
    block: String,
    tokens: &'static str,
    endpoint: &'static str,
    hop_limit: &'static str,
}

impl MetadataPointers {
    fn terraform() -> Self {
        MetadataPointers {
            block: "/metadata_options/0".into(),
            tokens: "http_tokens",
            endpoint: "http_endpoint",
            hop_limit: "http_put_response_hop_limit",
        }
    }

    fn cloudformation(block: &str) -> Self {
        MetadataPointers {
            block: block.into(),
            tokens: "HttpTokens",
            endpoint: "HttpEndpoint",
            hop_limit: "HttpPutResponseHopLimit",
        }
    }
}

/// `metadata_options` from the first of `sources` that writes each setting.
/// `external`: the settings may come from a launch template outside the unit, so omitted ones
/// are unknown rather than defaulted.
fn metadata_options<'r>(sources: &[(&'r Resource, MetadataPointers)], http_tokens: Json, external: bool) -> Obj<'r> {
    let mut obj = Obj::new();
    if let Some((res, p)) = sources.first() {
        if !matches!(lookup(res, &p.block), Lookup::Omitted) {
            obj.locate("", res, &p.block);
        }
    }
    let candidates = |name: fn(&MetadataPointers) -> &'static str| -> Vec<(&'r Resource, String)> {
        sources.iter().map(|(res, p)| (*res, format!("{}/{}", p.block, name(p)))).collect()
    };
    let or_unknown = |default: Json| if external { Json::Null } else { default };
    obj.field_from("http_tokens", &candidates(|p| p.tokens), or_unknown(http_tokens), lower)
        .field_from("http_endpoint", &candidates(|p| p.endpoint), or_unknown(json!("enabled")), lower)
        .field_from("http_put_response_hop_limit", &candidates(|p| p.hop_limit), or_unknown(json!(1)), integer);
    obj
}

fn instances_tf(inv: &Inventory, model: &mut CloudModel, defaults: &AccountDefaults) {
    for res in managed(inv, "aws_instance") {
        let mut lt_refs = all_referenced(inv, res, "/launch_template/0/id", &["aws_launch_template"]);
        lt_refs.extend(all_referenced(inv, res, "/launch_template/0/name", &["aws_launch_template"]));
        let lt = lt_refs.first().copied();
        let mut obj = Obj::new();
        let from_template = |own: &str, template: &str| -> Vec<(&Resource, String)> {
            let mut candidates = vec![(res, own.to_string())];
            candidates.extend(lt.map(|lt| (lt, template.to_string())));
            candidates
        };
        obj.field_from("ami", &from_template("/ami", "/image_id"), Json::Null, string)
            .field_from("instance_type", &from_template("/instance_type", "/instance_type"), Json::Null, string)
            .set("launch_template_ref", lt.map_or(Json::Null, |r| Json::String(r.address.clone())));
        if lt.is_some() {
            obj.locate("launch_template_ref", res, "/launch_template/0");
        }
        let mut sources = vec![(res, MetadataPointers::terraform())];
        sources.extend(lt.map(|lt| (lt, MetadataPointers::terraform())));
        let external = lt.is_none() && res.get("/launch_template").is_some();
        let tokens = defaults.http_tokens_for(al2023_image(inv, &from_template("/ami", "/image_id")));
        obj.child("metadata_options", metadata_options(&sources, tokens, external));
        let mut public_ip = vec![(res, "/associate_public_ip_address".to_string())];
        public_ip.extend(lt.map(|lt| (lt, "/network_interfaces/0/associate_public_ip_address".to_string())));
        obj.field_from("associate_public_ip_address", &public_ip, Json::Null, boolean);
        // With a launch template the root volume is the template's (or the AMI's) to define.
        let implicit_root = lt.is_none() && res.get("/launch_template").is_none();
        set_block_devices(&mut obj, tf_instance_block_devices(res, defaults, implicit_root), (res, ""));
        let mut profile = vec![(res, "/iam_instance_profile".to_string())];
        profile.extend(lt.map(|lt| (lt, "/iam_instance_profile".to_string())));
        let unless_external = |default: Json| if external { Json::Null } else { default };
        obj.field_from("iam_instance_profile/attached", &profile, unless_external(json!(false)), written);
        let profile_ref = all_referenced(inv, res, "/iam_instance_profile", &["aws_iam_instance_profile"]);
        set_first_ref(&mut obj, "iam_instance_profile/ref", &profile_ref);
        let mut monitoring = vec![(res, "/monitoring".to_string())];
        monitoring.extend(lt.map(|lt| (lt, "/monitoring/0/enabled".to_string())));
        obj.field_from("monitoring", &monitoring, unless_external(json!(false)), boolean);
        let mut groups = all_referenced_under(inv, res, "/vpc_security_group_ids", TF_SG_KINDS);
        groups.extend(all_referenced_under(inv, res, "/security_groups", TF_SG_KINDS));
        set_refs(&mut obj, "security_group_refs", &groups);
        model.push("ec2", "instances", obj.into_entity(res));
    }
}

fn set_first_ref(obj: &mut Obj<'_>, key: &str, targets: &[&Resource]) {
    obj.set(key, targets.first().map_or(Json::Null, |r| Json::String(r.address.clone())));
}

fn launch_templates_tf(inv: &Inventory, model: &mut CloudModel, defaults: &AccountDefaults) {
    for res in managed(inv, "aws_launch_template") {
        let mut obj = Obj::new();
        let image = [(res, "/image_id".to_string())];
        let al2023 = al2023_image(inv, &image);
        let tokens = defaults.http_tokens_for(al2023);
        obj.set("kind", json!("launch_template"))
            .child("metadata_options", metadata_options(&[(res, MetadataPointers::terraform())], tokens, false))
            .field(
                "associate_public_ip_address",
                res,
                "/network_interfaces/0/associate_public_ip_address",
                Json::Null,
                boolean,
            );
        let roots = root_device_names(al2023);
        let devices = mapping_block_devices(res, "/block_device_mappings", false, roots, defaults);
        set_block_devices(&mut obj, devices, (res, "/block_device_mappings"));
        obj.field("iam_instance_profile/attached", res, "/iam_instance_profile", json!(false), written).field(
            "monitoring",
            res,
            "/monitoring/0/enabled",
            json!(false),
            boolean,
        );
        let profile_ref = all_referenced_under(inv, res, "/iam_instance_profile", &["aws_iam_instance_profile"]);
        set_first_ref(&mut obj, "iam_instance_profile/ref", &profile_ref);
        model.push("ec2", "launch_templates", obj.into_entity(res));
    }
    for res in managed(inv, "aws_launch_configuration") {
        let mut obj = Obj::new();
        let tokens = defaults.http_tokens_for(al2023_image(inv, &[(res, "/image_id".to_string())]));
        obj.set("kind", json!("launch_configuration"))
            .child("metadata_options", metadata_options(&[(res, MetadataPointers::terraform())], tokens, false))
            .field("associate_public_ip_address", res, "/associate_public_ip_address", Json::Null, boolean);
        set_block_devices(&mut obj, tf_instance_block_devices(res, defaults, false), (res, ""));
        obj.field("iam_instance_profile/attached", res, "/iam_instance_profile", json!(false), written).field(
            "monitoring",
            res,
            "/enable_monitoring",
            json!(true),
            boolean,
        );
        let profile_ref = all_referenced(inv, res, "/iam_instance_profile", &["aws_iam_instance_profile"]);
        set_first_ref(&mut obj, "iam_instance_profile/ref", &profile_ref);
        model.push("ec2", "launch_templates", obj.into_entity(res));
    }
}

fn volumes_tf(inv: &Inventory, model: &mut CloudModel, defaults: &AccountDefaults) {
    for res in managed(inv, "aws_ebs_volume") {
        let default = if res.get("/snapshot_id").is_some() { Json::Null } else { defaults.ebs_encrypted.clone() };
        let mut obj = Obj::new();
        obj.field("encrypted", res, "/encrypted", default, boolean)
            .field("kms_key_id", res, "/kms_key_id", Json::Null, string)
            .field("snapshot_id", res, "/snapshot_id", Json::Null, string);
        model.push("ec2", "volumes", obj.into_entity(res));
    }
}

fn instances_cfn(inv: &Inventory, model: &mut CloudModel, defaults: &AccountDefaults) {
    const LT: &[&str] = &["AWS::EC2::LaunchTemplate"];
    for res in managed(inv, "AWS::EC2::Instance") {
        let mut lt_refs = all_referenced(inv, res, "/LaunchTemplate/LaunchTemplateId", LT);
        lt_refs.extend(all_referenced(inv, res, "/LaunchTemplate/LaunchTemplateName", LT));
        let lt = lt_refs.first().copied();
        let mut obj = Obj::new();
        let from_template = |own: &str, template: &str| -> Vec<(&Resource, String)> {
            let mut candidates = vec![(res, own.to_string())];
            candidates.extend(lt.map(|lt| (lt, format!("/LaunchTemplateData/{template}"))));
            candidates
        };
        // EC2's own default type applies only when no launch template may choose one.
        let default_type = if lt.is_some() { Json::Null } else { json!("m1.small") };
        obj.field_from("ami", &from_template("/ImageId", "ImageId"), Json::Null, string)
            .field_from("instance_type", &from_template("/InstanceType", "InstanceType"), default_type, string)
            .set("launch_template_ref", lt.map_or(Json::Null, |r| Json::String(r.address.clone())));
        if lt.is_some() {
            obj.locate("launch_template_ref", res, "/LaunchTemplate");
        }
        // An instance has no metadata options of its own in CloudFormation: only a template's.
        let sources: Vec<_> = lt
            .map(|lt| (lt, MetadataPointers::cloudformation("/LaunchTemplateData/MetadataOptions")))
            .into_iter()
            .collect();
        let external = lt.is_none() && res.get("/LaunchTemplate").is_some();
        let images = from_template("/ImageId", "ImageId");
        let al2023 = al2023_image(inv, &images);
        let tokens = defaults.http_tokens_for(al2023);
        obj.child("metadata_options", metadata_options(&sources, tokens, external));
        let mut public_ip: Vec<(&Resource, String)> = primary_interface(res, "/NetworkInterfaces")
            .map(|p| (res, format!("{p}/AssociatePublicIpAddress")))
            .into_iter()
            .collect();
        if let Some(lt) = lt {
            if let Some(p) = primary_interface(lt, "/LaunchTemplateData/NetworkInterfaces") {
                public_ip.push((lt, format!("{p}/AssociatePublicIpAddress")));
            }
        }
        obj.field_from("associate_public_ip_address", &public_ip, Json::Null, boolean);
        let roots = root_device_names(al2023);
        let devices = mapping_block_devices(res, "/BlockDeviceMappings", true, roots, defaults).map(|mut list| {
            let has_root = list.iter().any(|d| d.get("root") == Some(&json!(true)));
            if !has_root && res.get("/LaunchTemplate").is_none() {
                list.insert(0, implicit_root(defaults));
            }
            list
        });
        set_block_devices(&mut obj, devices, (res, "/BlockDeviceMappings"));
        let mut profile = vec![(res, "/IamInstanceProfile".to_string())];
        profile.extend(lt.map(|lt| (lt, "/LaunchTemplateData/IamInstanceProfile".to_string())));
        let unless_external = |default: Json| if external { Json::Null } else { default };
        obj.field_from("iam_instance_profile/attached", &profile, unless_external(json!(false)), written);
        let profile_ref = all_referenced(inv, res, "/IamInstanceProfile", &["AWS::IAM::InstanceProfile"]);
        set_first_ref(&mut obj, "iam_instance_profile/ref", &profile_ref);
        let mut monitoring = vec![(res, "/Monitoring".to_string())];
        monitoring.extend(lt.map(|lt| (lt, "/LaunchTemplateData/Monitoring/Enabled".to_string())));
        obj.field_from("monitoring", &monitoring, unless_external(json!(false)), boolean);
        let mut groups = all_referenced_under(inv, res, "/SecurityGroupIds", CFN_SG_KINDS);
        groups.extend(all_referenced_under(inv, res, "/SecurityGroups", CFN_SG_KINDS));
        set_refs(&mut obj, "security_group_refs", &groups);
        model.push("ec2", "instances", obj.into_entity(res));
    }
}

/// The network interface with device index 0 (the one a public address goes to), else the first.
fn primary_interface(res: &Resource, pointer: &str) -> Option<String> {
    let list = items(res, pointer)?;
    list.iter()
        .find(|p| matches!(lookup(res, &format!("{p}/DeviceIndex")), Lookup::Known(v) if integer(v) == json!(0)))
        .or(list.first())
        .cloned()
}

fn launch_templates_cfn(inv: &Inventory, model: &mut CloudModel, defaults: &AccountDefaults) {
    for res in managed(inv, "AWS::EC2::LaunchTemplate") {
        let data = "/LaunchTemplateData";
        let mut obj = Obj::new();
        let metadata = MetadataPointers::cloudformation(&format!("{data}/MetadataOptions"));
        let image = [(res, format!("{data}/ImageId"))];
        let al2023 = al2023_image(inv, &image);
        let tokens = defaults.http_tokens_for(al2023);
        obj.set("kind", json!("launch_template"))
            .child("metadata_options", metadata_options(&[(res, metadata)], tokens, false));
        let public_ip: Vec<(&Resource, String)> = primary_interface(res, &format!("{data}/NetworkInterfaces"))
            .map(|p| (res, format!("{p}/AssociatePublicIpAddress")))
            .into_iter()
            .collect();
        obj.field_from("associate_public_ip_address", &public_ip, Json::Null, boolean);
        let pointer = format!("{data}/BlockDeviceMappings");
        let devices = mapping_block_devices(res, &pointer, true, root_device_names(al2023), defaults);
        set_block_devices(&mut obj, devices, (res, data));
        obj.field("iam_instance_profile/attached", res, &format!("{data}/IamInstanceProfile"), json!(false), written)
            .field("monitoring", res, &format!("{data}/Monitoring/Enabled"), json!(false), boolean);
        let profile_ref =
            all_referenced_under(inv, res, &format!("{data}/IamInstanceProfile"), &["AWS::IAM::InstanceProfile"]);
        set_first_ref(&mut obj, "iam_instance_profile/ref", &profile_ref);
        model.push("ec2", "launch_templates", obj.into_entity(res));
    }
    for res in managed(inv, "AWS::AutoScaling::LaunchConfiguration") {
        let mut obj = Obj::new();
        let metadata = MetadataPointers::cloudformation("/MetadataOptions");
        let image = [(res, "/ImageId".to_string())];
        let al2023 = al2023_image(inv, &image);
        let tokens = defaults.http_tokens_for(al2023);
        obj.set("kind", json!("launch_configuration"))
            .child("metadata_options", metadata_options(&[(res, metadata)], tokens, false))
            .field("associate_public_ip_address", res, "/AssociatePublicIpAddress", Json::Null, boolean);
        let devices = mapping_block_devices(res, "/BlockDeviceMappings", true, root_device_names(al2023), defaults);
        set_block_devices(&mut obj, devices, (res, ""));
        obj.field("iam_instance_profile/attached", res, "/IamInstanceProfile", json!(false), written).field(
            "monitoring",
            res,
            "/InstanceMonitoring",
            json!(true),
            boolean,
        );
        let profile_ref = all_referenced(inv, res, "/IamInstanceProfile", &["AWS::IAM::InstanceProfile"]);
        set_first_ref(&mut obj, "iam_instance_profile/ref", &profile_ref);
        model.push("ec2", "launch_templates", obj.into_entity(res));
    }
}

fn volumes_cfn(inv: &Inventory, model: &mut CloudModel, defaults: &AccountDefaults) {
    for res in managed(inv, "AWS::EC2::Volume") {
        let default = if res.get("/SnapshotId").is_some() { Json::Null } else { defaults.ebs_encrypted.clone() };
        let mut obj = Obj::new();
        obj.field("encrypted", res, "/Encrypted", default, boolean)
            .field("kms_key_id", res, "/KmsKeyId", Json::Null, string)
            .field("snapshot_id", res, "/SnapshotId", Json::Null, string);
        model.push("ec2", "volumes", obj.into_entity(res));
    }
}

// ---------------------------------------------------------------------------------------------
// VPCs
// ---------------------------------------------------------------------------------------------

/// `flow_logs_enabled`: true (located at the flow log) when one targets the VPC, `null` when some
/// flow log's target is unknown (it may be this VPC), else false.
fn flow_logs<'r>(obj: &mut Obj<'r>, logs: &[&'r Resource], unknown: bool) {
    match logs.first() {
        Some(log) => {
            obj.set("flow_logs_enabled", json!(true)).locate("flow_logs_enabled", log, "");
        }
        None if unknown => {
            obj.set("flow_logs_enabled", Json::Null);
        }
        None => {
            obj.set("flow_logs_enabled", json!(false));
        }
    }
}

fn vpcs_tf(inv: &Inventory, model: &mut CloudModel) {
    let unknown = managed(inv, "aws_flow_log")
        .any(|log| matches!(lookup(log, "/vpc_id"), Lookup::Unknown) && !log.refs.contains_key("/vpc_id"));
    for (kind, is_default) in [("aws_vpc", false), ("aws_default_vpc", true)] {
        for res in managed(inv, kind) {
            let mut obj = Obj::new();
            obj.field(
                "cidr_block",
                res,
                "/cidr_block",
                if is_default { json!("172.31.0.0/16") } else { Json::Null },
                string,
            )
            .set("is_default", json!(is_default));
            let logs: Vec<&Resource> = attached_to(inv, "aws_flow_log", "/vpc_id", res, None).collect();
            flow_logs(&mut obj, &logs, unknown);
            model.push("ec2", "vpcs", obj.into_entity(res));
        }
    }
}

fn vpcs_cfn(inv: &Inventory, model: &mut CloudModel) {
    let is_vpc_log =
        |log: &Resource| log.get("/ResourceType").and_then(Json::as_str).is_none_or(|t| t.eq_ignore_ascii_case("VPC"));
    let unknown = managed(inv, "AWS::EC2::FlowLog").any(|log| {
        is_vpc_log(log)
            && matches!(lookup(log, "/ResourceId"), Lookup::Unknown)
            && !log.refs.contains_key("/ResourceId")
    });
    for res in managed(inv, "AWS::EC2::VPC") {
        let mut obj = Obj::new();
        obj.field("cidr_block", res, "/CidrBlock", Json::Null, string).set("is_default", json!(false));
        let logs: Vec<&Resource> =
            attached_to(inv, "AWS::EC2::FlowLog", "/ResourceId", res, None).filter(|l| is_vpc_log(l)).collect();
        flow_logs(&mut obj, &logs, unknown);
        model.push("ec2", "vpcs", obj.into_entity(res));
    }
}

// ---------------------------------------------------------------------------------------------
// Entry points
// ---------------------------------------------------------------------------------------------

fn terraform(inv: &Inventory, model: &mut CloudModel) {
    let defaults = AccountDefaults::terraform(inv);
    security_groups_tf(inv, model);
    instances_tf(inv, model, &defaults);
    launch_templates_tf(inv, model, &defaults);
    volumes_tf(inv, model, &defaults);
    account_tf(inv, model);
    vpcs_tf(inv, model);
    super::nacl::terraform(inv, model);
}

fn cloudformation(inv: &Inventory, model: &mut CloudModel) {
    let defaults = AccountDefaults::cloudformation();
    security_groups_cfn(inv, model);
    instances_cfn(inv, model, &defaults);
    launch_templates_cfn(inv, model, &defaults);
    volumes_cfn(inv, model, &defaults);
    vpcs_cfn(inv, model);
    super::nacl::cloudformation(inv, model);
}

// ---------------------------------------------------------------------------------------------
// Test support (shared with the other adapters' tests)
// ---------------------------------------------------------------------------------------------

#[cfg(test)]
mod tests {
    use super::super::testing::{build_located as build, line, resource_at as resource};
    use super::*;
    use crate::iac::Source;

    fn find<'a>(input: &'a Json, collection: &str, reference: &str) -> &'a Json {
        input["aws"]["ec2"][collection]
            .as_array()
            .and_then(|list| list.iter().find(|e| e["__ref"] == reference))
            .unwrap_or(&Json::Null)
    }

    #[test]
    fn lookup_tells_unknown_blocks_from_omitted_ones() {
        let res = resource("x", "x.y", 1, json!({"a": null, "b": [{"c": 1}], "d": {"e/f": true}}), &[]);
        assert!(matches!(lookup(&res, "/a/0/b"), Lookup::Unknown));
        assert!(matches!(lookup(&res, "/b/0/c"), Lookup::Known(v) if *v == json!(1)));
        assert!(matches!(lookup(&res, "/b/1/c"), Lookup::Omitted));
        assert!(matches!(lookup(&res, "/d/e~1f"), Lookup::Known(v) if *v == json!(true)));
        assert!(matches!(lookup(&res, "/z"), Lookup::Omitted));
    }

    #[test]
    fn conversions_normalise_both_vocabularies() {
        assert_eq!(protocol(&json!(6)), json!("tcp"));
        assert_eq!(protocol(&json!("ALL")), json!("-1"));
        assert_eq!(protocol(&json!(-1)), json!("-1"));
        assert_eq!(protocol(&json!("50")), json!("50"));
        assert_eq!(integer(&json!("22")), json!(22));
        assert_eq!(integer(&json!(22.0)), json!(22));
        assert_eq!(integer(&json!("x")), Json::Null);
        assert_eq!(boolean(&json!("True")), json!(true));
        assert_eq!(boolean(&json!(1)), Json::Null);
        assert_eq!(string_list(&json!("10.0.0.0/8")), json!(["10.0.0.0/8"]));
        assert_eq!(string_list(&json!(["a", null])), json!(["a", null]));
    }

    #[test]
    fn terraform_rules_fold_into_their_group_and_keep_their_lines() {
        let sg = resource(
            "aws_security_group",
            "aws_security_group.web",
            1,
            json!({"name": "web", "vpc_id": null, "ingress": [
                {"from_port": 22, "to_port": 22, "protocol": "tcp", "cidr_blocks": ["0.0.0.0/0"]}
            ]}),
            &[("/vpc_id", "aws_vpc.main")],
        );
        let vpc = resource("aws_vpc", "aws_vpc.main", 20, json!({"cidr_block": "10.0.0.0/16"}), &[]);
        let rule = resource(
            "aws_security_group_rule",
            "aws_security_group_rule.rdp",
            30,
            json!({"type": "ingress", "from_port": 3389, "to_port": 3389, "protocol": "6",
                   "ipv6_cidr_blocks": ["::/0"], "security_group_id": null}),
            &[("/security_group_id", "aws_security_group.web")],
        );
        let vpc_rule = resource(
            "aws_vpc_security_group_egress_rule",
            "aws_vpc_security_group_egress_rule.all",
            40,
            json!({"ip_protocol": "-1", "cidr_ipv4": "0.0.0.0/0", "security_group_id": null}),
            &[("/security_group_id", "aws_security_group.web")],
        );
        let orphan = resource(
            "aws_security_group_rule",
            "aws_security_group_rule.db",
            50,
            json!({"type": "ingress", "from_port": 5432, "to_port": 5432, "protocol": "tcp",
                   "cidr_blocks": ["0.0.0.0/0"], "security_group_id": null}),
            &[],
        );
        let lines = (line(&sg, "/ingress/0"), line(&rule, ""), line(&vpc_rule, ""), line(&orphan, ""));
        let (input, at) = build(&ADAPTER, Source::Terraform, vec![sg, vpc, rule, vpc_rule, orphan]);
        let web = find(&input, "security_groups", "aws_security_group.web");
        assert_eq!(web["vpc_ref"], json!("aws_vpc.main"));
        assert_eq!(web["description"], json!("Managed by Terraform"));
        assert_eq!(web["is_default"], json!(false));
        assert_eq!(web["ingress"][0]["cidr_ipv4"], json!(["0.0.0.0/0"]));
        assert_eq!(web["ingress"][0]["cidr_ipv6"], json!([]));
        assert_eq!(web["ingress"][1]["protocol"], json!("tcp"));
        assert_eq!(web["ingress"][1]["cidr_ipv6"], json!(["::/0"]));
        assert_eq!(
            web["egress"][0],
            json!({"protocol": "-1", "from_port": null, "to_port": null,
            "cidr_ipv4": ["0.0.0.0/0"], "cidr_ipv6": [], "prefix_list_ids": [], "self": false,
            "description": null, "security_group_refs": []})
        );
        // Inline item at its block; split rules at their resource.
        assert_eq!(at("aws_security_group.web", &["ingress", "0"]), lines.0);
        assert!(at("aws_security_group.web", &["ingress", "0", "cidr_ipv4"]) > lines.0);
        assert_eq!(at("aws_security_group.web", &["ingress", "1"]), lines.1);
        assert_eq!(at("aws_security_group.web", &["egress", "0"]), lines.2);
        let db = find(&input, "security_groups", "aws_security_group_rule.db");
        assert_eq!(db["ingress"][0]["from_port"], json!(5432));
        assert_eq!(at("aws_security_group_rule.db", &["ingress", "0"]), lines.3);
        assert_eq!(input["aws"]["ec2"]["security_groups"].as_array().map(Vec::len), Some(2));
    }

    #[test]
    fn default_groups_and_unknown_rule_lists() {
        let default_sg = resource(
            "aws_default_security_group",
            "aws_default_security_group.d",
            1,
            json!({"vpc_id": null, "egress": null}),
            &[("/vpc_id", "aws_vpc.main")],
        );
        let vpc = resource("aws_vpc", "aws_vpc.main", 10, json!({}), &[]);
        let other_vpc = resource("aws_vpc", "aws_vpc.other", 20, json!({}), &[]);
        let rule = resource(
            "aws_vpc_security_group_ingress_rule",
            "aws_vpc_security_group_ingress_rule.self",
            30,
            json!({"ip_protocol": "tcp", "from_port": 443, "to_port": 443, "cidr_ipv4": "10.0.0.0/8"}),
            &[("/security_group_id", "aws_vpc.other")],
        );
        let lines = (line(&default_sg, "/egress"), line(&rule, ""));
        let (input, at) = build(&ADAPTER, Source::Terraform, vec![default_sg, vpc, other_vpc, rule]);
        let d = find(&input, "security_groups", "aws_default_security_group.d");
        assert_eq!(d["is_default"], json!(true));
        assert_eq!(d["ingress"], json!([]));
        assert_eq!(d["egress"], Json::Null);
        assert_eq!(at("aws_default_security_group.d", &["egress"]), lines.0);
        let implied = find(&input, "security_groups", "aws_vpc.other.default_security_group");
        assert_eq!(implied["is_default"], json!(true));
        assert_eq!(implied["vpc_ref"], json!("aws_vpc.other"));
        assert_eq!(implied["ingress"][0]["cidr_ipv4"], json!(["10.0.0.0/8"]));
        assert_eq!(at("aws_vpc.other.default_security_group", &["ingress", "0"]), lines.1);
        let vpcs = &input["aws"]["ec2"]["vpcs"];
        assert_eq!(vpcs[0]["flow_logs_enabled"], json!(false));
    }

    #[test]
    fn cloudformation_groups_keep_the_default_egress_and_standalone_rules() {
        let sg = resource(
            "AWS::EC2::SecurityGroup",
            "Resources.Web",
            1,
            json!({"GroupDescription": "web", "SecurityGroupIngress": [
                {"IpProtocol": "tcp", "FromPort": "22", "ToPort": 22, "CidrIp": "0.0.0.0/0"}
            ]}),
            &[],
        );
        let ingress = resource(
            "AWS::EC2::SecurityGroupIngress",
            "Resources.Rdp",
            20,
            json!({"GroupId": null, "IpProtocol": -1, "CidrIpv6": "::/0"}),
            &[("/GroupId", "Resources.Web")],
        );
        let vpc = resource("AWS::EC2::VPC", "Resources.Vpc", 30, json!({"CidrBlock": "10.0.0.0/16"}), &[]);
        let default_rule = resource(
            "AWS::EC2::SecurityGroupEgress",
            "Resources.DefaultEgress",
            40,
            json!({"GroupId": null, "IpProtocol": "-1", "CidrIp": "0.0.0.0/0"}),
            &[("/GroupId", "Resources.Vpc")],
        );
        let log = resource(
            "AWS::EC2::FlowLog",
            "Resources.Log",
            50,
            json!({"ResourceId": null, "ResourceType": "VPC", "TrafficType": "ALL"}),
            &[("/ResourceId", "Resources.Vpc")],
        );
        let lines = (line(&ingress, ""), line(&log, ""));
        let (input, at) = build(&ADAPTER, Source::CloudFormation, vec![sg, ingress, vpc, default_rule, log]);
        let web = find(&input, "security_groups", "Resources.Web");
        assert_eq!(web["ingress"][0]["from_port"], json!(22));
        assert_eq!(web["ingress"][1]["protocol"], json!("-1"));
        assert_eq!(web["egress"][0]["cidr_ipv4"], json!(["0.0.0.0/0"]));
        assert_eq!(at("Resources.Web", &["egress", "0"]), 1);
        assert_eq!(at("Resources.Web", &["ingress", "1"]), lines.0);
        let d = find(&input, "security_groups", "Resources.Vpc.DefaultSecurityGroup");
        assert_eq!(d["is_default"], json!(true));
        assert_eq!(d["egress"][0]["protocol"], json!("-1"));
        let vpc = find(&input, "vpcs", "Resources.Vpc");
        assert_eq!(vpc["flow_logs_enabled"], json!(true));
        assert_eq!(at("Resources.Vpc", &["flow_logs_enabled"]), lines.1);
    }

    #[test]
    fn instances_take_metadata_from_their_template_and_account_defaults() {
        let lt = resource(
            "aws_launch_template",
            "aws_launch_template.app",
            1,
            json!({"metadata_options": [{"http_tokens": "required"}],
                   "block_device_mappings": [{"device_name": "/dev/xvda", "ebs": [{"volume_size": 20}]},
                                             {"device_name": "/dev/sdb", "virtual_name": "ephemeral0"}]}),
            &[],
        );
        let with_lt = resource(
            "aws_instance",
            "aws_instance.a",
            20,
            json!({"launch_template": [{"id": null}]}),
            &[("/launch_template/0/id", "aws_launch_template.app")],
        );
        let bare = resource(
            "aws_instance",
            "aws_instance.b",
            30,
            json!({"ami": "ami-1", "ebs_block_device": [{"device_name": "/dev/sdf", "snapshot_id": "snap-1"}],
                   "associate_public_ip_address": true}),
            &[],
        );
        let ebs_default =
            resource("aws_ebs_encryption_by_default", "aws_ebs_encryption_by_default.on", 40, json!({}), &[]);
        let volume = resource("aws_ebs_volume", "aws_ebs_volume.v", 50, json!({"size": 10}), &[]);
        let lines = (line(&lt, "/metadata_options/0/http_tokens"), line(&bare, ""));
        let (input, at) = build(&ADAPTER, Source::Terraform, vec![lt, with_lt, bare, ebs_default, volume]);
        let a = find(&input, "instances", "aws_instance.a");
        assert_eq!(a["launch_template_ref"], json!("aws_launch_template.app"));
        assert_eq!(a["metadata_options"]["http_tokens"], json!("required"));
        assert_eq!(a["metadata_options"]["http_endpoint"], json!("enabled"));
        assert_eq!(a["block_devices"], json!([]));
        assert_eq!(at("aws_instance.a", &["metadata_options", "http_tokens"]), lines.0);
        let b = find(&input, "instances", "aws_instance.b");
        assert_eq!(b["metadata_options"]["http_tokens"], json!("optional"));
        assert_eq!(b["associate_public_ip_address"], json!(true));
        assert_eq!(b["block_devices"][0]["root"], json!(true));
        assert_eq!(b["block_devices"][0]["encrypted"], json!(true), "account default encryption");
        assert_eq!(b["block_devices"][1]["encrypted"], Json::Null, "follows its snapshot");
        assert_eq!(b["iam_instance_profile"], json!({"attached": false, "ref": null}));
        assert_eq!(at("aws_instance.b", &["block_devices", "0", "encrypted"]), lines.1);
        let template = find(&input, "launch_templates", "aws_launch_template.app");
        assert_eq!(template["block_devices"].as_array().map(Vec::len), Some(1));
        assert_eq!(template["block_devices"][0]["root"], json!(true));
        assert_eq!(find(&input, "volumes", "aws_ebs_volume.v")["encrypted"], json!(true));
        let account = find(&input, "account", "aws_ebs_encryption_by_default.on");
        assert_eq!(account["ebs_encryption_by_default"]["enabled"], json!(true));
        assert_eq!(account["instance_metadata_defaults"]["http_tokens"], Json::Null);
    }

    #[test]
    fn data_sources_are_not_entities_and_external_templates_are_unknown() {
        let mut looked_up = resource("aws_security_group", "data.aws_security_group.shared", 1, json!({}), &[]);
        looked_up.data = true;
        let rule = resource(
            "aws_security_group_rule",
            "aws_security_group_rule.ssh",
            10,
            json!({"type": "ingress", "from_port": 22, "to_port": 22, "protocol": "tcp",
                   "cidr_blocks": ["0.0.0.0/0"], "security_group_id": null}),
            &[("/security_group_id", "data.aws_security_group.shared")],
        );
        let inst = resource(
            "aws_instance",
            "aws_instance.app",
            20,
            json!({"launch_template": [{"id": null}]}),
            &[("/launch_template/0/id", "var.template_id")],
        );
        let (input, _) = build(&ADAPTER, Source::Terraform, vec![looked_up, rule, inst]);
        let groups = input["aws"]["ec2"]["security_groups"].as_array().cloned().unwrap_or_default();
        assert_eq!(groups.len(), 1);
        assert_eq!(groups[0]["__ref"], json!("aws_security_group_rule.ssh"));
        let inst = find(&input, "instances", "aws_instance.app");
        assert_eq!(inst["metadata_options"]["http_tokens"], Json::Null);
        assert_eq!(inst["monitoring"], Json::Null);
        assert_eq!(inst["block_devices"], json!([]));
    }

    #[test]
    fn cloudformation_instances_read_templates_and_mappings() {
        let lt = resource(
            "AWS::EC2::LaunchTemplate",
            "Resources.Lt",
            1,
            json!({"LaunchTemplateData": {"MetadataOptions": {"HttpTokens": "optional", "HttpEndpoint": "disabled"},
                   "NetworkInterfaces": [{"DeviceIndex": 0, "AssociatePublicIpAddress": "true"}]}}),
            &[],
        );
        let inst = resource(
            "AWS::EC2::Instance",
            "Resources.Inst",
            20,
            json!({"ImageId": "ami-1", "LaunchTemplate": {"LaunchTemplateId": null, "Version": "1"}}),
            &[("/LaunchTemplate/LaunchTemplateId", "Resources.Lt")],
        );
        let bare = resource(
            "AWS::EC2::Instance",
            "Resources.Bare",
            30,
            json!({"ImageId": "ami-1", "BlockDeviceMappings": [{"DeviceName": "/dev/sdf", "Ebs": {"Encrypted": true}}]}),
            &[],
        );
        let (input, _) = build(&ADAPTER, Source::CloudFormation, vec![lt, inst, bare]);
        let inst = find(&input, "instances", "Resources.Inst");
        assert_eq!(inst["metadata_options"]["http_tokens"], json!("optional"));
        assert_eq!(inst["metadata_options"]["http_endpoint"], json!("disabled"));
        assert_eq!(inst["associate_public_ip_address"], json!(true));
        assert_eq!(inst["ami"], json!("ami-1"));
        assert_eq!(inst["instance_type"], Json::Null, "the template may choose it");
        let bare = find(&input, "instances", "Resources.Bare");
        assert_eq!(bare["metadata_options"]["http_tokens"], json!("optional"));
        assert_eq!(bare["block_devices"][0]["root"], json!(true));
        assert_eq!(bare["block_devices"][0]["encrypted"], json!(false));
        assert_eq!(bare["block_devices"][1]["encrypted"], json!(true));
        assert_eq!(bare["associate_public_ip_address"], Json::Null);
        assert_eq!(bare["instance_type"], json!("m1.small"));
    }
}
