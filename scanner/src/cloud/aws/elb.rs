//! Elastic Load Balancing adapter: application, network, gateway and classic load balancers and
//! their listeners, from Terraform and CloudFormation.
//!
//! ELBv2 listeners are resources of their own; classic listeners are blocks of the load
//! balancer. Both become `elb.listeners` entities so one rule covers plaintext or weak-TLS
//! listeners whatever the generation. Classic TLS policies live in separate policy resources
//! (or the template's `Policies` list) and are resolved to the predefined policy they reference.

use serde_json::{json, Value as Json};

use super::Adapter;
use crate::cloud::read::{
    all_referenced, all_referenced_under, attached_to, boolean, integer, items, lookup, lower, managed, string, upper,
    Lookup, Obj,
};
use crate::cloud::{CloudModel, Entity};
use crate::iac::{Inventory, Resource};

pub const ADAPTER: Adapter = Adapter { service: "elb", fields: &[], terraform, cloudformation };

/// What ELB applies to an HTTPS/TLS/SSL listener created through the API without a policy
/// (the console picks a newer one; Terraform and CloudFormation call the API).
const DEFAULT_SSL_POLICY: &str = "ELBSecurityPolicy-2016-08";

const TF_LB_KINDS: &[&str] = &["aws_lb", "aws_alb"];
const CFN_LB_KIND: &str = "AWS::ElasticLoadBalancingV2::LoadBalancer";
const CFN_CLASSIC_KIND: &str = "AWS::ElasticLoadBalancing::LoadBalancer";
/// What an access-log bucket name can refer to.
const TF_BUCKET_KINDS: &[&str] = &["aws_s3_bucket"];
const CFN_BUCKET_KINDS: &[&str] = &["AWS::S3::Bucket"];

fn is_tls(protocol: &Json) -> Option<bool> {
    protocol.as_str().map(|p| matches!(p, "HTTPS" | "TLS" | "SSL"))
}

/// `ssl_policy` for a listener speaking `protocol`: the written value, the API default for a
/// TLS listener that omits it, `null` for plaintext listeners (and unknown protocols).
fn ssl_policy<'r>(obj: &mut Obj<'r>, res: &'r Resource, pointer: &str) {
    let protocol = obj.get("protocol").cloned().unwrap_or(Json::Null);
    match (is_tls(&protocol), lookup(res, pointer)) {
        (_, Lookup::Known(v)) => {
            obj.set("ssl_policy", string(v)).locate("ssl_policy", res, pointer);
        }
        (_, Lookup::Unknown) => {
            obj.set("ssl_policy", Json::Null).locate("ssl_policy", res, pointer);
        }
        (Some(true), Lookup::Omitted) => {
            obj.set("ssl_policy", json!(DEFAULT_SSL_POLICY));
        }
        _ => {
            obj.set("ssl_policy", Json::Null);
        }
    }
}

/// The listener protocol when omitted: ALB listeners default to HTTP; other types must say.
fn default_protocol(lb_type: Option<&str>) -> Json {
    match lb_type {
        Some("application") => json!("HTTP"),
        _ => Json::Null,
    }
}

/// Whether a list of default actions redirects to HTTPS: true (located at that action) when one
/// does, `null` when an action's type or target protocol is unknown, else false.
fn redirects_to_https<'r>(obj: &mut Obj<'r>, res: &'r Resource, actions: &str, cfn: bool) {
    let (type_key, redirect, protocol_key) =
        if cfn { ("Type", "RedirectConfig", "Protocol") } else { ("type", "redirect/0", "protocol") };
    let Some(list) = items(res, actions) else {
        obj.set("redirects_to_https", Json::Null).locate("redirects_to_https", res, actions);
        return;
    };
    let mut unknown = false;
    for action in list {
        let kind = match lookup(res, &format!("{action}/{type_key}")) {
            Lookup::Known(v) => lower(v),
            _ => Json::Null,
        };
        match kind.as_str() {
            Some("redirect") => {}
            Some(_) => continue,
            None => {
                unknown = true;
                continue;
            }
        }
        let pointer = format!("{action}/{redirect}/{protocol_key}");
        match lookup(res, &pointer) {
            Lookup::Known(v) if upper(v) == json!("HTTPS") => {
                obj.set("redirects_to_https", json!(true)).locate("redirects_to_https", res, &pointer);
                return;
            }
            Lookup::Unknown => unknown = true,
            _ => {}
        }
    }
    obj.set("redirects_to_https", if unknown { Json::Null } else { json!(false) });
}

/// The type of the load balancer a listener belongs to, when known.
fn lb_type_of(lb: Option<&Resource>) -> Option<&'static str> {
    let lb = lb?;
    let (pointer, default) = match lb.kind.as_str() {
        "aws_lb" | "aws_alb" => ("/load_balancer_type", "application"),
        CFN_LB_KIND => ("/Type", "application"),
        _ => return None,
    };
    match lookup(lb, pointer) {
        Lookup::Omitted => Some(default),
        Lookup::Known(Json::String(t)) => match t.to_ascii_lowercase().as_str() {
            "application" => Some("application"),
            "network" => Some("network"),
            "gateway" => Some("gateway"),
            _ => None,
        },
        _ => None,
    }
}

// ---------------------------------------------------------------------------------------------
// Terraform
// ---------------------------------------------------------------------------------------------

fn terraform(inv: &Inventory, model: &mut CloudModel) {
    for kind in TF_LB_KINDS {
        for res in managed(inv, kind) {
            let lb_type = lb_type_of(Some(res));
            let mut obj = Obj::new();
            obj.field("name", res, "/name", Json::Null, string).field(
                "type",
                res,
                "/load_balancer_type",
                json!("application"),
                lower,
            );
            obj.field("internal", res, "/internal", json!(false), boolean);
            if lb_type == Some("application") {
                obj.field("drop_invalid_header_fields", res, "/drop_invalid_header_fields", json!(false), boolean);
            } else {
                obj.set("drop_invalid_header_fields", Json::Null);
            }
            if lb_type == Some("gateway") {
                obj.set("access_logs/enabled", Json::Null)
                    .set("access_logs/bucket", Json::Null)
                    .set("access_logs/bucket_ref", Json::Null);
            } else {
                if !matches!(lookup(res, "/access_logs/0"), Lookup::Omitted) {
                    obj.locate("access_logs", res, "/access_logs/0");
                }
                obj.field("access_logs/enabled", res, "/access_logs/0/enabled", json!(false), boolean)
                    .field("access_logs/bucket", res, "/access_logs/0/bucket", Json::Null, string)
                    .reference("access_logs/bucket_ref", inv, res, "/access_logs/0/bucket", TF_BUCKET_KINDS);
            }
            obj.field("deletion_protection", res, "/enable_deletion_protection", json!(false), boolean);
            model.push("elb", "load_balancers", obj.into_entity(res));
        }
    }
    for kind in ["aws_lb_listener", "aws_alb_listener"] {
        for res in managed(inv, kind) {
            let lb = all_referenced(inv, res, "/load_balancer_arn", TF_LB_KINDS).first().copied();
            let mut obj = Obj::new();
            obj.reference("load_balancer_ref", inv, res, "/load_balancer_arn", TF_LB_KINDS)
                .field("protocol", res, "/protocol", default_protocol(lb_type_of(lb)), upper)
                .field("port", res, "/port", Json::Null, integer);
            ssl_policy(&mut obj, res, "/ssl_policy");
            redirects_to_https(&mut obj, res, "/default_action", false);
            model.push("elb", "listeners", obj.into_entity(res));
        }
    }
    for res in managed(inv, "aws_elb") {
        let mut obj = Obj::new();
        obj.field("name", res, "/name", Json::Null, string)
            .set("type", json!("classic"))
            .field("internal", res, "/internal", json!(false), boolean)
            .set("drop_invalid_header_fields", Json::Null);
        if !matches!(lookup(res, "/access_logs/0"), Lookup::Omitted) {
            obj.locate("access_logs", res, "/access_logs/0");
        }
        // A classic load balancer's access_logs block is on unless it says otherwise.
        let logs_default = json!(res.get("/access_logs").is_some());
        obj.field("access_logs/enabled", res, "/access_logs/0/enabled", logs_default, boolean)
            .field("access_logs/bucket", res, "/access_logs/0/bucket", Json::Null, string)
            .reference("access_logs/bucket_ref", inv, res, "/access_logs/0/bucket", TF_BUCKET_KINDS)
            .set("deletion_protection", Json::Null);
        model.push("elb", "load_balancers", obj.into_entity(res));
        classic_listeners_tf(inv, res, model);
    }
}

/// A classic listener as an entity of its own, reported at its block.
fn listener_entity(lb: &Resource, item: &str, obj: Obj<'_>) -> Entity {
    let span = lb.spans.get(item).copied().unwrap_or(lb.span);
    let index = item.rsplit('/').next().unwrap_or_default();
    let mut entity = Entity::at(format!("{}/listeners/{index}", lb.address), lb.file.clone(), span);
    obj.apply(&mut entity);
    entity
}

fn classic_listeners_tf(inv: &Inventory, lb: &Resource, model: &mut CloudModel) {
    let Some(list) = items(lb, "/listener") else { return };
    let listener_policies: Vec<&Resource> =
        attached_to(inv, "aws_load_balancer_listener_policy", "/load_balancer_name", lb, Some("/name")).collect();
    let negotiation: Vec<&Resource> =
        attached_to(inv, "aws_lb_ssl_negotiation_policy", "/load_balancer", lb, Some("/name")).collect();
    for item in list {
        let mut obj = Obj::new();
        obj.set("load_balancer_ref", json!(lb.address))
            .field("protocol", lb, &format!("{item}/lb_protocol"), Json::Null, upper)
            .field("port", lb, &format!("{item}/lb_port"), Json::Null, integer);
        let port = obj.get("port").cloned().unwrap_or(Json::Null);
        let same_port = |r: &&Resource, pointer: &str| match lookup(r, pointer) {
            Lookup::Known(v) => integer(v) == port,
            _ => false,
        };
        let custom = negotiation.iter().find(|r| same_port(r, "/lb_port"));
        let attached = listener_policies.iter().find(|r| same_port(r, "/load_balancer_port"));
        let protocol = obj.get("protocol").cloned().unwrap_or(Json::Null);
        if let Some(custom) = custom {
            // A hand-picked protocol and cipher list: not a predefined policy we can judge by name.
            obj.set("ssl_policy", Json::Null).locate("ssl_policy", custom, "");
        } else if let Some(attached) = attached {
            let policies = all_referenced_under(inv, attached, "/policy_names", &["aws_load_balancer_policy"]);
            let reference = policies.iter().find_map(|p| reference_policy_tf(p));
            match reference {
                Some((value, policy, pointer)) => {
                    obj.set("ssl_policy", value).locate("ssl_policy", policy, &pointer);
                }
                None => {
                    obj.set("ssl_policy", Json::Null).locate("ssl_policy", attached, "/policy_names");
                }
            }
        } else if is_tls(&protocol) == Some(true) {
            obj.set("ssl_policy", json!(DEFAULT_SSL_POLICY));
        } else {
            obj.set("ssl_policy", Json::Null);
        }
        obj.set("redirects_to_https", json!(false));
        obj.locate("", lb, &item);
        model.push("elb", "listeners", listener_entity(lb, &item, obj));
    }
}

/// The predefined policy an `SSLNegotiationPolicyType` policy references, with where it says so.
fn reference_policy_tf(policy: &Resource) -> Option<(Json, &Resource, String)> {
    let kind = policy.get("/policy_type_name").and_then(Json::as_str)?;
    if kind != "SSLNegotiationPolicyType" {
        return None;
    }
    for attr in items(policy, "/policy_attribute")? {
        if policy.get(&format!("{attr}/name")).and_then(Json::as_str) == Some("Reference-Security-Policy") {
            let pointer = format!("{attr}/value");
            let value = policy.get(&pointer).map_or(Json::Null, string);
            return Some((value, policy, pointer));
        }
    }
    Some((Json::Null, policy, String::new()))
}

// ---------------------------------------------------------------------------------------------
// CloudFormation
// ---------------------------------------------------------------------------------------------

/// The item of `LoadBalancerAttributes` with `key`, as a pointer.
fn lb_attribute(res: &Resource, key: &str) -> Option<String> {
    items(res, "/LoadBalancerAttributes")?
        .into_iter()
        .find(|item| res.get(&format!("{item}/Key")).and_then(Json::as_str) == Some(key))
        .map(|item| format!("{item}/Value"))
}

fn attribute_field<'r>(obj: &mut Obj<'r>, key: &str, res: &'r Resource, attribute: &str, default: Json) {
    match lb_attribute(res, attribute) {
        Some(pointer) => {
            obj.field(key, res, &pointer, default, boolean);
        }
        None if res.get("/LoadBalancerAttributes").is_some_and(Json::is_null) => {
            obj.set(key, Json::Null).locate(key, res, "/LoadBalancerAttributes");
        }
        None => {
            obj.set(key, default);
        }
    }
}

fn cloudformation(inv: &Inventory, model: &mut CloudModel) {
    for res in managed(inv, CFN_LB_KIND) {
        let lb_type = lb_type_of(Some(res));
        let mut obj = Obj::new();
        obj.field("name", res, "/Name", Json::Null, string)
            .field("type", res, "/Type", json!("application"), lower)
            .field("internal", res, "/Scheme", json!(false), |v| match lower(v) {
                Json::String(s) => json!(s == "internal"),
                _ => Json::Null,
            });
        if lb_type == Some("application") {
            attribute_field(
                &mut obj,
                "drop_invalid_header_fields",
                res,
                "routing.http.drop_invalid_header_fields.enabled",
                json!(false),
            );
        } else {
            obj.set("drop_invalid_header_fields", Json::Null);
        }
        if lb_type == Some("gateway") {
            obj.set("access_logs/enabled", Json::Null)
                .set("access_logs/bucket", Json::Null)
                .set("access_logs/bucket_ref", Json::Null);
        } else {
            attribute_field(&mut obj, "access_logs/enabled", res, "access_logs.s3.enabled", json!(false));
            match lb_attribute(res, "access_logs.s3.bucket") {
                Some(pointer) => obj.field("access_logs/bucket", res, &pointer, Json::Null, string).reference(
                    "access_logs/bucket_ref",
                    inv,
                    res,
                    &pointer,
                    CFN_BUCKET_KINDS,
                ),
                None => obj.set("access_logs/bucket", Json::Null).set("access_logs/bucket_ref", Json::Null),
            };
        }
        attribute_field(&mut obj, "deletion_protection", res, "deletion_protection.enabled", json!(false));
        model.push("elb", "load_balancers", obj.into_entity(res));
    }
    for res in managed(inv, "AWS::ElasticLoadBalancingV2::Listener") {
        let lb = all_referenced(inv, res, "/LoadBalancerArn", &[CFN_LB_KIND]).first().copied();
        let mut obj = Obj::new();
        obj.reference("load_balancer_ref", inv, res, "/LoadBalancerArn", &[CFN_LB_KIND])
            .field("protocol", res, "/Protocol", default_protocol(lb_type_of(lb)), upper)
            .field("port", res, "/Port", Json::Null, integer);
        ssl_policy(&mut obj, res, "/SslPolicy");
        redirects_to_https(&mut obj, res, "/DefaultActions", true);
        model.push("elb", "listeners", obj.into_entity(res));
    }
    for res in managed(inv, CFN_CLASSIC_KIND) {
        let mut obj = Obj::new();
        obj.field("name", res, "/LoadBalancerName", Json::Null, string)
            .set("type", json!("classic"))
            .field("internal", res, "/Scheme", json!(false), |v| match lower(v) {
                Json::String(s) => json!(s == "internal"),
                _ => Json::Null,
            })
            .set("drop_invalid_header_fields", Json::Null);
        if !matches!(lookup(res, "/AccessLoggingPolicy"), Lookup::Omitted) {
            obj.locate("access_logs", res, "/AccessLoggingPolicy");
        }
        obj.field("access_logs/enabled", res, "/AccessLoggingPolicy/Enabled", json!(false), boolean)
            .field("access_logs/bucket", res, "/AccessLoggingPolicy/S3BucketName", Json::Null, string)
            .reference("access_logs/bucket_ref", inv, res, "/AccessLoggingPolicy/S3BucketName", CFN_BUCKET_KINDS)
            .set("deletion_protection", Json::Null);
        model.push("elb", "load_balancers", obj.into_entity(res));
        classic_listeners_cfn(res, model);
    }
}

fn classic_listeners_cfn(lb: &Resource, model: &mut CloudModel) {
    let Some(list) = items(lb, "/Listeners") else { return };
    for item in list {
        let mut obj = Obj::new();
        obj.set("load_balancer_ref", json!(lb.address))
            .field("protocol", lb, &format!("{item}/Protocol"), Json::Null, upper)
            .field("port", lb, &format!("{item}/LoadBalancerPort"), Json::Null, integer);
        let protocol = obj.get("protocol").cloned().unwrap_or(Json::Null);
        match classic_policy_cfn(lb, &item) {
            Some((value, pointer)) => {
                obj.set("ssl_policy", value).locate("ssl_policy", lb, &pointer);
            }
            None if is_tls(&protocol) == Some(true) => {
                obj.set("ssl_policy", json!(DEFAULT_SSL_POLICY));
            }
            None => {
                obj.set("ssl_policy", Json::Null);
            }
        }
        obj.set("redirects_to_https", json!(false));
        obj.locate("", lb, &item);
        model.push("elb", "listeners", listener_entity(lb, &item, obj));
    }
}

/// The predefined policy a classic listener's `PolicyNames` select: through an
/// `SSLNegotiationPolicyType` entry of `Policies` (its `Reference-Security-Policy`), or named
/// directly. `null` value for a custom negotiation policy or an unknown name list.
fn classic_policy_cfn(lb: &Resource, item: &str) -> Option<(Json, String)> {
    let names_pointer = format!("{item}/PolicyNames");
    let names = match lookup(lb, &names_pointer) {
        Lookup::Omitted => return None,
        Lookup::Unknown => return Some((Json::Null, names_pointer)),
        Lookup::Known(v) => v.as_array().cloned().unwrap_or_default(),
    };
    let policies = items(lb, "/Policies").unwrap_or_default();
    for (i, name) in names.iter().enumerate() {
        let Some(name) = name.as_str() else { return Some((Json::Null, names_pointer)) };
        let declared =
            policies.iter().find(|p| lb.get(&format!("{p}/PolicyName")).and_then(Json::as_str) == Some(name));
        match declared {
            Some(policy) => {
                if lb.get(&format!("{policy}/PolicyType")).and_then(Json::as_str) != Some("SSLNegotiationPolicyType") {
                    continue;
                }
                let attrs = items(lb, &format!("{policy}/Attributes")).unwrap_or_default();
                let reference = attrs
                    .iter()
                    .find(|a| lb.get(&format!("{a}/Name")).and_then(Json::as_str) == Some("Reference-Security-Policy"));
                return Some(match reference {
                    Some(a) => {
                        let pointer = format!("{a}/Value");
                        (lb.get(&pointer).map_or(Json::Null, string), pointer)
                    }
                    None => (Json::Null, policy.clone()),
                });
            }
            None if name.starts_with("ELBSecurityPolicy-") => {
                return Some((json!(name), format!("{names_pointer}/{i}")));
            }
            None => {}
        }
    }
    None
}

#[cfg(test)]
mod tests {
    use super::super::testing::{build_located as build, line, resource_at as resource};
    use super::*;
    use crate::iac::Source;

    fn find<'a>(input: &'a Json, collection: &str, reference: &str) -> &'a Json {
        input["aws"]["elb"][collection]
            .as_array()
            .and_then(|list| list.iter().find(|e| e["__ref"] == reference))
            .unwrap_or(&Json::Null)
    }

    #[test]
    fn terraform_load_balancers_and_listeners() {
        let lb = resource("aws_lb", "aws_lb.web", 1, json!({"name": "web", "access_logs": [{"bucket": "logs"}]}), &[]);
        let nlb = resource("aws_lb", "aws_lb.net", 10, json!({"load_balancer_type": "network", "internal": true}), &[]);
        let http = resource(
            "aws_lb_listener",
            "aws_lb_listener.http",
            20,
            json!({"load_balancer_arn": null, "port": 80, "default_action": [
                {"type": "redirect", "redirect": [{"protocol": "HTTPS", "port": "443", "status_code": "HTTP_301"}]}
            ]}),
            &[("/load_balancer_arn", "aws_lb.web")],
        );
        let https = resource(
            "aws_lb_listener",
            "aws_lb_listener.https",
            30,
            json!({"load_balancer_arn": null, "port": "443", "protocol": "https",
                   "default_action": [{"type": "forward", "target_group_arn": null}]}),
            &[("/load_balancer_arn", "aws_lb.web")],
        );
        let tls = resource(
            "aws_lb_listener",
            "aws_lb_listener.tls",
            40,
            json!({"load_balancer_arn": null, "protocol": "TLS", "ssl_policy": "ELBSecurityPolicy-TLS13-1-2-2021-06",
                   "default_action": null}),
            &[("/load_balancer_arn", "aws_lb.net")],
        );
        let lines = (line(&http, "/default_action/0/redirect/0/protocol"), line(&lb, "/access_logs/0"));
        let (input, at) = build(&ADAPTER, Source::Terraform, vec![lb, nlb, http, https, tls]);
        let web = find(&input, "load_balancers", "aws_lb.web");
        assert_eq!(web["type"], json!("application"));
        assert_eq!(web["drop_invalid_header_fields"], json!(false));
        assert_eq!(web["access_logs"], json!({"enabled": false, "bucket": "logs", "bucket_ref": null}));
        assert_eq!(at("aws_lb.web", &["access_logs", "enabled"]), lines.1);
        let net = find(&input, "load_balancers", "aws_lb.net");
        assert_eq!(net["drop_invalid_header_fields"], Json::Null);
        assert_eq!(net["internal"], json!(true));
        let http = find(&input, "listeners", "aws_lb_listener.http");
        assert_eq!(http["protocol"], json!("HTTP"));
        assert_eq!(http["load_balancer_ref"], json!("aws_lb.web"));
        assert_eq!(http["redirects_to_https"], json!(true));
        assert_eq!(http["ssl_policy"], Json::Null);
        assert_eq!(at("aws_lb_listener.http", &["redirects_to_https"]), lines.0);
        let https = find(&input, "listeners", "aws_lb_listener.https");
        assert_eq!(https["protocol"], json!("HTTPS"));
        assert_eq!(https["port"], json!(443));
        assert_eq!(https["ssl_policy"], json!(DEFAULT_SSL_POLICY));
        assert_eq!(https["redirects_to_https"], json!(false));
        let tls = find(&input, "listeners", "aws_lb_listener.tls");
        assert_eq!(tls["ssl_policy"], json!("ELBSecurityPolicy-TLS13-1-2-2021-06"));
        assert_eq!(tls["redirects_to_https"], Json::Null);
    }

    #[test]
    fn terraform_classic_listeners_resolve_their_policies() {
        let elb = resource(
            "aws_elb",
            "aws_elb.old",
            1,
            json!({"name": "old", "listener": [
                {"lb_port": 443, "lb_protocol": "https", "instance_port": 80, "instance_protocol": "http"},
                {"lb_port": 8443, "lb_protocol": "ssl", "instance_port": 80, "instance_protocol": "tcp"},
                {"lb_port": 80, "lb_protocol": "http", "instance_port": 80, "instance_protocol": "http"}
            ]}),
            &[],
        );
        let policy = resource(
            "aws_load_balancer_policy",
            "aws_load_balancer_policy.tls",
            20,
            json!({"load_balancer_name": null, "policy_name": "tls", "policy_type_name": "SSLNegotiationPolicyType",
                   "policy_attribute": [{"name": "Reference-Security-Policy", "value": "ELBSecurityPolicy-TLS-1-2-2017-01"}]}),
            &[("/load_balancer_name", "aws_elb.old")],
        );
        let attach = resource(
            "aws_load_balancer_listener_policy",
            "aws_load_balancer_listener_policy.https",
            30,
            json!({"load_balancer_name": "old", "load_balancer_port": 443, "policy_names": [null]}),
            &[("/policy_names/0", "aws_load_balancer_policy.tls")],
        );
        let lines = (line(&policy, "/policy_attribute/0/value"), line(&elb, "/listener/1"));
        let (input, at) = build(&ADAPTER, Source::Terraform, vec![elb, policy, attach]);
        let lb = find(&input, "load_balancers", "aws_elb.old");
        assert_eq!(lb["type"], json!("classic"));
        assert_eq!(lb["access_logs"]["enabled"], json!(false));
        let l0 = find(&input, "listeners", "aws_elb.old/listeners/0");
        assert_eq!(l0["ssl_policy"], json!("ELBSecurityPolicy-TLS-1-2-2017-01"));
        assert_eq!(at("aws_elb.old/listeners/0", &["ssl_policy"]), lines.0);
        let l1 = find(&input, "listeners", "aws_elb.old/listeners/1");
        assert_eq!(l1["protocol"], json!("SSL"));
        assert_eq!(l1["ssl_policy"], json!(DEFAULT_SSL_POLICY));
        assert_eq!(at("aws_elb.old/listeners/1", &[]), lines.1);
        let l2 = find(&input, "listeners", "aws_elb.old/listeners/2");
        assert_eq!(l2["ssl_policy"], Json::Null);
        assert_eq!(l2["redirects_to_https"], json!(false));
    }

    #[test]
    fn cloudformation_attributes_and_classic_policies() {
        let lb = resource(
            CFN_LB_KIND,
            "Resources.Alb",
            1,
            json!({"Scheme": "internal", "LoadBalancerAttributes": [
                {"Key": "routing.http.drop_invalid_header_fields.enabled", "Value": "true"},
                {"Key": "access_logs.s3.enabled", "Value": false}
            ]}),
            &[],
        );
        let listener = resource(
            "AWS::ElasticLoadBalancingV2::Listener",
            "Resources.Http",
            20,
            json!({"LoadBalancerArn": null, "Port": 80, "Protocol": "HTTP",
                   "DefaultActions": [{"Type": "redirect", "RedirectConfig": {"Protocol": "HTTP"}}]}),
            &[("/LoadBalancerArn", "Resources.Alb")],
        );
        let classic = resource(
            CFN_CLASSIC_KIND,
            "Resources.Classic",
            30,
            json!({"Listeners": [
                {"LoadBalancerPort": "443", "Protocol": "HTTPS", "InstancePort": "80", "PolicyNames": ["Tls"]},
                {"LoadBalancerPort": "8443", "Protocol": "SSL", "InstancePort": "80",
                 "PolicyNames": ["ELBSecurityPolicy-TLS-1-1-2017-01"]}
            ], "Policies": [{"PolicyName": "Tls", "PolicyType": "SSLNegotiationPolicyType",
                 "Attributes": [{"Name": "Reference-Security-Policy", "Value": "ELBSecurityPolicy-TLS-1-2-2017-01"}]}],
               "AccessLoggingPolicy": {"Enabled": true, "S3BucketName": "logs"}}),
            &[],
        );
        let (input, _) = build(&ADAPTER, Source::CloudFormation, vec![lb, listener, classic]);
        let alb = find(&input, "load_balancers", "Resources.Alb");
        assert_eq!(alb["internal"], json!(true));
        assert_eq!(alb["drop_invalid_header_fields"], json!(true));
        assert_eq!(alb["access_logs"], json!({"enabled": false, "bucket": null, "bucket_ref": null}));
        assert_eq!(alb["deletion_protection"], json!(false));
        let http = find(&input, "listeners", "Resources.Http");
        assert_eq!(http["redirects_to_https"], json!(false));
        assert_eq!(http["load_balancer_ref"], json!("Resources.Alb"));
        let l0 = find(&input, "listeners", "Resources.Classic/listeners/0");
        assert_eq!(l0["ssl_policy"], json!("ELBSecurityPolicy-TLS-1-2-2017-01"));
        assert_eq!(l0["port"], json!(443));
        let l1 = find(&input, "listeners", "Resources.Classic/listeners/1");
        assert_eq!(l1["ssl_policy"], json!("ELBSecurityPolicy-TLS-1-1-2017-01"));
        let classic = find(&input, "load_balancers", "Resources.Classic");
        assert_eq!(classic["access_logs"], json!({"enabled": true, "bucket": "logs", "bucket_ref": null}));
    }
}
