//! CloudFront adapter: distributions (viewer and origin protocols, TLS policy, logging, WAF,
//! geo restriction) from Terraform and CloudFormation.
//!
//! Terraform nests every setting in single-item blocks while CloudFormation nests them in
//! `DistributionConfig`; a small table of pointers per source keeps the two readings side by
//! side. What an omitted viewer certificate means (the `*.cloudfront.net` certificate, which
//! pins the minimum protocol to TLSv1) is decided here once.

use serde_json::{json, Value as Json};

use super::Adapter;
use crate::cloud::read::{boolean, items, lookup, lower, managed, string, string_list, Lookup, Obj};
use crate::cloud::CloudModel;
use crate::iac::{Inventory, Resource};

pub const ADAPTER: Adapter = Adapter { service: "cloudfront", fields: &[], terraform, cloudformation };

/// CloudFront's security policy when none is chosen, and the only one the default certificate
/// supports.
const DEFAULT_MINIMUM_PROTOCOL: &str = "TLSv1";

/// What CloudFormation sends for a custom origin that does not list its SSL protocols.
const CFN_DEFAULT_ORIGIN_SSL: [&str; 2] = ["TLSv1", "SSLv3"];

/// Where one source writes each setting (pointers relative to the resource).
struct Vocabulary {
    enabled: &'static str,
    default_behavior: &'static str,
    ordered_behaviors: &'static str,
    path_pattern: &'static str,
    viewer_protocol_policy: &'static str,
    certificate: &'static str,
    default_certificate: &'static str,
    acm_certificate: &'static str,
    iam_certificate: &'static str,
    minimum_protocol_version: &'static str,
    ssl_support_method: &'static str,
    origins: &'static str,
    origin_id: &'static str,
    domain_name: &'static str,
    custom_origin: &'static str,
    origin_protocol_policy: &'static str,
    origin_ssl_protocols: &'static str,
    origin_ssl_default: Json,
    logging: &'static str,
    logging_bucket: &'static str,
    web_acl: &'static str,
    geo: &'static str,
    restriction_type: &'static str,
    locations: &'static str,
}

fn terraform_vocabulary() -> Vocabulary {
    Vocabulary {
        enabled: "/enabled",
        default_behavior: "/default_cache_behavior/0",
        ordered_behaviors: "/ordered_cache_behavior",
        path_pattern: "path_pattern",
        viewer_protocol_policy: "viewer_protocol_policy",
        certificate: "/viewer_certificate/0",
        default_certificate: "cloudfront_default_certificate",
        acm_certificate: "acm_certificate_arn",
        iam_certificate: "iam_certificate_id",
        minimum_protocol_version: "minimum_protocol_version",
        ssl_support_method: "ssl_support_method",
        origins: "/origin",
        origin_id: "origin_id",
        domain_name: "domain_name",
        custom_origin: "custom_origin_config/0",
        origin_protocol_policy: "origin_protocol_policy",
        origin_ssl_protocols: "origin_ssl_protocols",
        // Required by the provider inside custom_origin_config.
        origin_ssl_default: Json::Null,
        logging: "/logging_config/0",
        logging_bucket: "bucket",
        web_acl: "/web_acl_id",
        geo: "/restrictions/0/geo_restriction/0",
        restriction_type: "restriction_type",
        locations: "locations",
    }
}

fn cloudformation_vocabulary() -> Vocabulary {
    Vocabulary {
        enabled: "/DistributionConfig/Enabled",
        default_behavior: "/DistributionConfig/DefaultCacheBehavior",
        ordered_behaviors: "/DistributionConfig/CacheBehaviors",
        path_pattern: "PathPattern",
        viewer_protocol_policy: "ViewerProtocolPolicy",
        certificate: "/DistributionConfig/ViewerCertificate",
        default_certificate: "CloudFrontDefaultCertificate",
        acm_certificate: "AcmCertificateArn",
        iam_certificate: "IamCertificateId",
        minimum_protocol_version: "MinimumProtocolVersion",
        ssl_support_method: "SslSupportMethod",
        origins: "/DistributionConfig/Origins",
        origin_id: "Id",
        domain_name: "DomainName",
        custom_origin: "CustomOriginConfig",
        origin_protocol_policy: "OriginProtocolPolicy",
        origin_ssl_protocols: "OriginSSLProtocols",
        origin_ssl_default: json!(CFN_DEFAULT_ORIGIN_SSL),
        logging: "/DistributionConfig/Logging",
        logging_bucket: "Bucket",
        web_acl: "/DistributionConfig/WebACLId",
        geo: "/DistributionConfig/Restrictions/GeoRestriction",
        restriction_type: "RestrictionType",
        locations: "Locations",
    }
}

fn behavior<'r>(res: &'r Resource, base: &str, v: &Vocabulary, ordered: bool) -> Obj<'r> {
    let mut obj = Obj::new();
    if !matches!(lookup(res, base), Lookup::Omitted) {
        obj.locate("", res, base);
    }
    if ordered {
        obj.field("path_pattern", res, &format!("{base}/{}", v.path_pattern), Json::Null, string);
    }
    obj.field("viewer_protocol_policy", res, &format!("{base}/{}", v.viewer_protocol_policy), Json::Null, lower);
    obj
}

fn viewer_certificate<'r>(res: &'r Resource, v: &Vocabulary) -> Obj<'r> {
    let base = v.certificate;
    let at = |name: &str| format!("{base}/{name}");
    let mut obj = Obj::new();
    let block = lookup(res, base);
    if !matches!(block, Lookup::Omitted) {
        obj.locate("", res, base);
    }
    // Without a certificate of its own the distribution serves the *.cloudfront.net one.
    let custom = [v.acm_certificate, v.iam_certificate].iter().map(|n| lookup(res, &at(n))).collect::<Vec<_>>();
    let default_certificate = if custom.iter().any(|l| matches!(l, Lookup::Known(_))) {
        json!(false)
    } else if matches!(block, Lookup::Unknown) || custom.iter().any(|l| matches!(l, Lookup::Unknown)) {
        Json::Null
    } else {
        json!(true)
    };
    obj.field("default_certificate", res, &at(v.default_certificate), default_certificate, boolean)
        .field(
            "minimum_protocol_version",
            res,
            &at(v.minimum_protocol_version),
            json!(DEFAULT_MINIMUM_PROTOCOL),
            string,
        )
        .field("ssl_support_method", res, &at(v.ssl_support_method), Json::Null, lower);
    obj
}

fn origin<'r>(res: &'r Resource, base: &str, v: &Vocabulary) -> Obj<'r> {
    let at = |name: &str| format!("{base}/{name}");
    let custom = at(v.custom_origin);
    let mut obj = Obj::new();
    obj.locate("", res, base).field("id", res, &at(v.origin_id), Json::Null, string).field(
        "domain_name",
        res,
        &at(v.domain_name),
        Json::Null,
        string,
    );
    match lookup(res, &custom) {
        Lookup::Omitted => {
            // S3 origins follow the viewer's protocol over HTTPS-capable endpoints; nothing to set.
            obj.set("type", json!("s3"))
                .set("origin_protocol_policy", Json::Null)
                .set("origin_ssl_protocols", Json::Null);
        }
        _ => {
            obj.set("type", json!("custom"))
                .field(
                    "origin_protocol_policy",
                    res,
                    &format!("{custom}/{}", v.origin_protocol_policy),
                    Json::Null,
                    lower,
                )
                .field(
                    "origin_ssl_protocols",
                    res,
                    &format!("{custom}/{}", v.origin_ssl_protocols),
                    v.origin_ssl_default.clone(),
                    string_list,
                );
        }
    }
    obj
}

fn distribution<'r>(res: &'r Resource, v: &Vocabulary) -> Obj<'r> {
    let mut obj = Obj::new();
    obj.field("enabled", res, v.enabled, json!(true), boolean)
        .child("default_cache_behavior", behavior(res, v.default_behavior, v, false));
    match items(res, v.ordered_behaviors) {
        Some(list) => {
            obj.list("ordered_cache_behaviors", list.iter().map(|b| behavior(res, b, v, true)).collect());
        }
        None => {
            obj.set("ordered_cache_behaviors", Json::Null).locate("ordered_cache_behaviors", res, v.ordered_behaviors);
        }
    }
    obj.child("viewer_certificate", viewer_certificate(res, v));
    match items(res, v.origins) {
        Some(list) => {
            obj.list("origins", list.iter().map(|o| origin(res, o, v)).collect());
        }
        None => {
            obj.set("origins", Json::Null).locate("origins", res, v.origins);
        }
    }
    let logging = lookup(res, v.logging);
    match logging {
        Lookup::Omitted => {
            obj.set("logging/enabled", json!(false)).set("logging/bucket", Json::Null);
        }
        Lookup::Unknown => {
            obj.set("logging/enabled", Json::Null).set("logging/bucket", Json::Null).locate("logging", res, v.logging);
        }
        Lookup::Known(_) => {
            obj.locate("logging", res, v.logging).set("logging/enabled", json!(true)).field(
                "logging/bucket",
                res,
                &format!("{}/{}", v.logging, v.logging_bucket),
                Json::Null,
                string,
            );
        }
    }
    obj.field("waf/enabled", res, v.web_acl, json!(false), |id| match id.as_str() {
        Some(s) => json!(!s.trim().is_empty()),
        None => Json::Null,
    })
    .field("waf/web_acl_id", res, v.web_acl, Json::Null, |id| match id.as_str() {
        Some(s) if !s.trim().is_empty() => json!(s),
        _ => Json::Null,
    });
    let geo = v.geo;
    if !matches!(lookup(res, geo), Lookup::Omitted) {
        obj.locate("geo_restriction", res, geo);
    }
    obj.field("geo_restriction/restriction_type", res, &format!("{geo}/{}", v.restriction_type), json!("none"), lower)
        .field("geo_restriction/locations", res, &format!("{geo}/{}", v.locations), json!([]), string_list);
    obj
}

fn terraform(inv: &Inventory, model: &mut CloudModel) {
    let v = terraform_vocabulary();
    for res in managed(inv, "aws_cloudfront_distribution") {
        model.push("cloudfront", "distributions", distribution(res, &v).into_entity(res));
    }
}

fn cloudformation(inv: &Inventory, model: &mut CloudModel) {
    let v = cloudformation_vocabulary();
    for res in managed(inv, "AWS::CloudFront::Distribution") {
        model.push("cloudfront", "distributions", distribution(res, &v).into_entity(res));
    }
}

#[cfg(test)]
mod tests {
    use super::super::testing::{build_located as build, line, resource_at as resource};
    use super::*;
    use crate::iac::Source;

    #[test]
    fn terraform_distribution() {
        let res = resource(
            "aws_cloudfront_distribution",
            "aws_cloudfront_distribution.site",
            1,
            json!({
                "enabled": true,
                "default_cache_behavior": [{"viewer_protocol_policy": "allow-all", "target_origin_id": "app"}],
                "ordered_cache_behavior": [{"path_pattern": "/api/*", "viewer_protocol_policy": "redirect-to-https"}],
                "origin": [
                    {"origin_id": "app", "domain_name": "app.example.com",
                     "custom_origin_config": [{"origin_protocol_policy": "http-only", "http_port": 80,
                                               "https_port": 443, "origin_ssl_protocols": ["TLSv1.2"]}]},
                    {"origin_id": "s3", "domain_name": "b.s3.amazonaws.com", "s3_origin_config": [{}]}
                ],
                "viewer_certificate": [{"cloudfront_default_certificate": true}],
                "restrictions": [{"geo_restriction": [{"restriction_type": "whitelist", "locations": ["FR"]}]}],
                "web_acl_id": ""
            }),
            &[],
        );
        let lines = (
            line(&res, "/viewer_certificate/0"),
            line(&res, "/origin/0/custom_origin_config/0/origin_protocol_policy"),
        );
        let (input, at) = build(&ADAPTER, Source::Terraform, vec![res]);
        let d = &input["aws"]["cloudfront"]["distributions"][0];
        assert_eq!(d["default_cache_behavior"]["viewer_protocol_policy"], json!("allow-all"));
        assert_eq!(d["ordered_cache_behaviors"][0]["path_pattern"], json!("/api/*"));
        assert_eq!(d["viewer_certificate"]["default_certificate"], json!(true));
        assert_eq!(d["viewer_certificate"]["minimum_protocol_version"], json!("TLSv1"));
        assert_eq!(
            at("aws_cloudfront_distribution.site", &["viewer_certificate", "minimum_protocol_version"]),
            lines.0
        );
        assert_eq!(d["origins"][0]["type"], json!("custom"));
        assert_eq!(d["origins"][0]["origin_protocol_policy"], json!("http-only"));
        assert_eq!(at("aws_cloudfront_distribution.site", &["origins", "0", "origin_protocol_policy"]), lines.1);
        assert_eq!(d["origins"][1]["type"], json!("s3"));
        assert_eq!(d["logging"], json!({"enabled": false, "bucket": null}));
        assert_eq!(d["waf"], json!({"enabled": false, "web_acl_id": null}));
        assert_eq!(d["geo_restriction"], json!({"restriction_type": "whitelist", "locations": ["FR"]}));
    }

    #[test]
    fn cloudformation_distribution_defaults() {
        let res = resource(
            "AWS::CloudFront::Distribution",
            "Resources.Cdn",
            1,
            json!({"DistributionConfig": {
                "Enabled": true,
                "DefaultCacheBehavior": {"ViewerProtocolPolicy": "https-only", "TargetOriginId": "app"},
                "Origins": [{"Id": "app", "DomainName": "app.example.com",
                             "CustomOriginConfig": {"OriginProtocolPolicy": "https-only"}}],
                "ViewerCertificate": {"AcmCertificateArn": "arn:aws:acm:us-east-1:1:certificate/x",
                                      "SslSupportMethod": "sni-only"},
                "Logging": {"Bucket": "logs.s3.amazonaws.com"},
                "WebACLId": null
            }}),
            &[],
        );
        let (input, _) = build(&ADAPTER, Source::CloudFormation, vec![res]);
        let d = &input["aws"]["cloudfront"]["distributions"][0];
        assert_eq!(d["ordered_cache_behaviors"], json!([]));
        assert_eq!(d["viewer_certificate"]["default_certificate"], json!(false));
        assert_eq!(d["viewer_certificate"]["minimum_protocol_version"], json!("TLSv1"));
        assert_eq!(d["origins"][0]["origin_ssl_protocols"], json!(["TLSv1", "SSLv3"]));
        assert_eq!(d["logging"], json!({"enabled": true, "bucket": "logs.s3.amazonaws.com"}));
        assert_eq!(d["waf"], json!({"enabled": null, "web_acl_id": null}));
        assert_eq!(d["geo_restriction"]["restriction_type"], json!("none"));
    }
}
