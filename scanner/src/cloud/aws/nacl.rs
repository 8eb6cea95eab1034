//! Network ACLs and subnets of the EC2 model (`ec2.network_acls`, `ec2.subnets`).
//!
//! A network ACL is stateless and ordered: the lowest-numbered entry that matches a packet
//! decides. Its entries are written inline (`ingress`/`egress` blocks) or as resources of
//! their own (`aws_network_acl_rule`, `AWS::EC2::NetworkAclEntry`); both become one list per
//! direction, each entry located at what wrote it, in the security groups' vocabulary
//! (protocol names, CIDR lists) so that rules reuse the same network helpers.

use std::collections::HashSet;

use serde_json::{json, Value as Json};

use super::ec2::protocol;
use crate::cloud::read::{
    attached_to, boolean, by_external_target, integer, items, lower, managed, string, string_list, Obj,
};
use crate::cloud::{CloudModel, Entity};
use crate::iac::{Inventory, Resource};

const TF_VPC_KINDS: &[&str] = &["aws_vpc", "aws_default_vpc"];

/// One entry at `base` of `res`, read through the attribute names `names`.
fn entry<'r>(res: &'r Resource, base: &str, names: &Names) -> Obj<'r> {
    let at = |name: &str| format!("{base}{name}");
    let mut obj = Obj::new();
    obj.locate("", res, base);
    obj.field("rule_number", res, &at(names.number), Json::Null, integer)
        .field("action", res, &at(names.action), Json::Null, lower)
        .field("protocol", res, &at(names.protocol), Json::Null, protocol)
        .field("from_port", res, &at(names.from), Json::Null, integer)
        .field("to_port", res, &at(names.to), Json::Null, integer)
        .field("cidr_ipv4", res, &at(names.cidr_ipv4), json!([]), string_list)
        .field("cidr_ipv6", res, &at(names.cidr_ipv6), json!([]), string_list);
    obj
}

/// Attribute names of one way of writing an entry.
struct Names {
    number: &'static str,
    action: &'static str,
    protocol: &'static str,
    from: &'static str,
    to: &'static str,
    cidr_ipv4: &'static str,
    cidr_ipv6: &'static str,
}

const TF_INLINE: Names = Names {
    number: "/rule_no",
    action: "/action",
    protocol: "/protocol",
    from: "/from_port",
    to: "/to_port",
    cidr_ipv4: "/cidr_block",
    cidr_ipv6: "/ipv6_cidr_block",
};

const TF_RULE: Names = Names { number: "/rule_number", action: "/rule_action", ..TF_INLINE };

const CFN_ENTRY: Names = Names {
    number: "/RuleNumber",
    action: "/RuleAction",
    protocol: "/Protocol",
    from: "/PortRange/From",
    to: "/PortRange/To",
    cidr_ipv4: "/CidrBlock",
    cidr_ipv6: "/Ipv6CidrBlock",
};

/// The entries of one ACL by direction: `None` when a list is unknown.
struct Entries<'r> {
    ingress: Option<Vec<Obj<'r>>>,
    egress: Option<Vec<Obj<'r>>>,
}

impl<'r> Entries<'r> {
    fn new() -> Self {
        Entries { ingress: Some(Vec::new()), egress: Some(Vec::new()) }
    }

    fn inline(&mut self, res: &'r Resource) {
        for (block, list) in [("/ingress", &mut self.ingress), ("/egress", &mut self.egress)] {
            match (items(res, block), list.as_mut()) {
                (Some(found), Some(list)) => list.extend(found.iter().map(|p| entry(res, p, &TF_INLINE))),
                _ => *list = None,
            }
        }
    }

    /// A standalone entry: `egress` (a boolean) says its direction; unknown, it is in neither.
    fn standalone(&mut self, res: &'r Resource, names: &Names, egress: &str) {
        let list = match boolean(res.get(egress).unwrap_or(&json!(false))) {
            Json::Bool(true) => &mut self.egress,
            Json::Bool(false) => &mut self.ingress,
            _ => return,
        };
        if let Some(list) = list {
            list.push(entry(res, "", names));
        }
    }

    fn into_entity(self, res: &Resource, mut obj: Obj<'r>) -> Entity {
        for (key, list) in [("ingress", self.ingress), ("egress", self.egress)] {
            match list {
                Some(mut list) => {
                    // Evaluation order, whatever the writing order.
                    list.sort_by_key(|e| e.get("rule_number").and_then(Json::as_i64).unwrap_or(i64::MAX));
                    obj.list(key, list);
                }
                None => {
                    obj.set(key, Json::Null);
                }
            }
        }
        obj.into_entity(res)
    }
}

/// Entries for an ACL the scan does not declare (a default ACL, an ID, a variable): one ACL per
/// target, holding the entries written for it, named and located after its first entry.
fn external_acls(
    inv: &Inventory,
    kind: &str,
    pointer: &str,
    names: &Names,
    egress: &str,
    used: &HashSet<String>,
    model: &mut CloudModel,
) {
    let rules = managed(inv, kind).filter(|r| !used.contains(&r.address));
    for rules in by_external_target(rules, pointer).into_values() {
        let mut entries = Entries::new();
        for rule in &rules {
            entries.standalone(rule, names, egress);
        }
        let mut obj = Obj::new();
        obj.set("vpc_ref", Json::Null).set("is_default", Json::Null);
        model.push("ec2", "network_acls", entries.into_entity(rules[0], obj));
    }
}

pub fn terraform(inv: &Inventory, model: &mut CloudModel) {
    let mut used = HashSet::new();
    for (kind, is_default) in [("aws_network_acl", false), ("aws_default_network_acl", true)] {
        for acl in managed(inv, kind) {
            let mut entries = Entries::new();
            entries.inline(acl);
            for rule in attached_to(inv, "aws_network_acl_rule", "/network_acl_id", acl, None) {
                used.insert(rule.address.clone());
                entries.standalone(rule, &TF_RULE, "/egress");
            }
            let mut obj = Obj::new();
            let vpc = if is_default { "/default_network_acl_id" } else { "/vpc_id" };
            obj.reference("vpc_ref", inv, acl, vpc, TF_VPC_KINDS).set("is_default", json!(is_default));
            model.push("ec2", "network_acls", entries.into_entity(acl, obj));
        }
    }
    external_acls(inv, "aws_network_acl_rule", "/network_acl_id", &TF_RULE, "/egress", &used, model);

    for (kind, is_default) in [("aws_subnet", false), ("aws_default_subnet", true)] {
        for res in managed(inv, kind) {
            let mut obj = Obj::new();
            obj.reference("vpc_ref", inv, res, "/vpc_id", TF_VPC_KINDS)
                .field("cidr_block", res, "/cidr_block", Json::Null, string)
                .field("map_public_ip_on_launch", res, "/map_public_ip_on_launch", json!(is_default), boolean);
            model.push("ec2", "subnets", obj.into_entity(res));
        }
    }
}

pub fn cloudformation(inv: &Inventory, model: &mut CloudModel) {
    let mut used = HashSet::new();
    for acl in managed(inv, "AWS::EC2::NetworkAcl") {
        let mut entries = Entries::new();
        for rule in attached_to(inv, "AWS::EC2::NetworkAclEntry", "/NetworkAclId", acl, None) {
            used.insert(rule.address.clone());
            entries.standalone(rule, &CFN_ENTRY, "/Egress");
        }
        let mut obj = Obj::new();
        obj.reference("vpc_ref", inv, acl, "/VpcId", &["AWS::EC2::VPC"]).set("is_default", json!(false));
        model.push("ec2", "network_acls", entries.into_entity(acl, obj));
    }
    // Entries of a VPC's default ACL (`!GetAtt Vpc.DefaultNetworkAcl`) or of one given by ID.
    external_acls(inv, "AWS::EC2::NetworkAclEntry", "/NetworkAclId", &CFN_ENTRY, "/Egress", &used, model);

    for res in managed(inv, "AWS::EC2::Subnet") {
        let mut obj = Obj::new();
        obj.reference("vpc_ref", inv, res, "/VpcId", &["AWS::EC2::VPC"])
            .field("cidr_block", res, "/CidrBlock", Json::Null, string)
            .field("map_public_ip_on_launch", res, "/MapPublicIpOnLaunch", json!(false), boolean);
        model.push("ec2", "subnets", obj.into_entity(res));
    }
}
