//! EKS adapter: clusters (API endpoint exposure, envelope encryption of secrets, control-plane
//! logging, version) from Terraform and CloudFormation.
//!
//! EKS defaults are the risky ones — a public endpoint open to the whole internet, no control
//! plane logs — so omitted settings are filled with them here, located at the block that omits
//! them (`vpc_config`, `ResourcesVpcConfig`), for rules to report there.

use serde_json::{json, Value as Json};

use super::Adapter;
use crate::cloud::read::{boolean, items, lookup, managed, string, string_list, Lookup, Obj};
use crate::cloud::CloudModel;
use crate::iac::{Inventory, Resource};

pub const ADAPTER: Adapter = Adapter { service: "eks", fields: &[], terraform, cloudformation };

struct Vocabulary {
    vpc: &'static str,
    public: &'static str,
    private: &'static str,
    cidrs: &'static str,
    encryption: &'static str,
    resources: &'static str,
    key: &'static str,
    version: &'static str,
}

/// `secrets_encryption` from the encryption configs: enabled when one covers `secrets` (with the
/// key it names), `null` when the list or a resource list is unknown.
fn secrets_encryption<'r>(obj: &mut Obj<'r>, res: &'r Resource, v: &Vocabulary) {
    let Some(configs) = items(res, v.encryption) else {
        obj.set("secrets_encryption/enabled", Json::Null).set("secrets_encryption/kms_key_arn", Json::Null).locate(
            "secrets_encryption",
            res,
            v.encryption,
        );
        return;
    };
    let mut unknown = false;
    for config in configs {
        let pointer = format!("{config}/{}", v.resources);
        match lookup(res, &pointer) {
            Lookup::Known(list) => {
                let names = string_list(list);
                let names = names.as_array().cloned().unwrap_or_default();
                if names.iter().any(|n| n.as_str() == Some("secrets")) {
                    obj.locate("secrets_encryption", res, &config)
                        .set("secrets_encryption/enabled", json!(true))
                        .locate("secrets_encryption/enabled", res, &pointer)
                        .field(
                            "secrets_encryption/kms_key_arn",
                            res,
                            &format!("{config}/{}", v.key),
                            Json::Null,
                            string,
                        );
                    return;
                }
                unknown |= names.iter().any(Json::is_null);
            }
            Lookup::Unknown => unknown = true,
            Lookup::Omitted => {}
        }
    }
    obj.set("secrets_encryption/enabled", if unknown { Json::Null } else { json!(false) })
        .set("secrets_encryption/kms_key_arn", Json::Null);
}

fn cluster<'r>(res: &'r Resource, v: &Vocabulary, log_types: Json) -> Obj<'r> {
    let mut obj = Obj::new();
    let vpc = v.vpc;
    if !matches!(lookup(res, vpc), Lookup::Omitted) {
        obj.locate("endpoint", res, vpc);
    }
    obj.field("endpoint/public_access", res, &format!("{vpc}/{}", v.public), json!(true), boolean)
        .field("endpoint/private_access", res, &format!("{vpc}/{}", v.private), json!(false), boolean)
        .field("endpoint/public_access_cidrs", res, &format!("{vpc}/{}", v.cidrs), json!(["0.0.0.0/0"]), string_list);
    secrets_encryption(&mut obj, res, v);
    obj.set("logging/enabled_types", log_types).field("version", res, v.version, Json::Null, string);
    obj
}

fn terraform(inv: &Inventory, model: &mut CloudModel) {
    let v = Vocabulary {
        vpc: "/vpc_config/0",
        public: "endpoint_public_access",
        private: "endpoint_private_access",
        cidrs: "public_access_cidrs",
        encryption: "/encryption_config",
        resources: "resources",
        key: "provider/0/key_arn",
        version: "/version",
    };
    for res in managed(inv, "aws_eks_cluster") {
        let mut obj = cluster(res, &v, json!([]));
        obj.field("logging/enabled_types", res, "/enabled_cluster_log_types", json!([]), string_list);
        model.push("eks", "clusters", obj.into_entity(res));
    }
}

fn cloudformation(inv: &Inventory, model: &mut CloudModel) {
    let v = Vocabulary {
        vpc: "/ResourcesVpcConfig",
        public: "EndpointPublicAccess",
        private: "EndpointPrivateAccess",
        cidrs: "PublicAccessCidrs",
        encryption: "/EncryptionConfig",
        resources: "Resources",
        key: "Provider/KeyArn",
        version: "/Version",
    };
    for res in managed(inv, "AWS::EKS::Cluster") {
        let mut obj = cluster(res, &v, json!([]));
        // `Logging.ClusterLogging.EnabledTypes` is a list of `{Type: api}` objects.
        let pointer = "/Logging/ClusterLogging/EnabledTypes";
        match items(res, pointer) {
            Some(list) if !list.is_empty() => {
                let types: Vec<Json> =
                    list.iter().map(|item| res.get(&format!("{item}/Type")).map_or(Json::Null, string)).collect();
                obj.set("logging/enabled_types", Json::Array(types)).locate("logging/enabled_types", res, pointer);
            }
            Some(_) => {
                if res.get(pointer).is_some() {
                    obj.locate("logging/enabled_types", res, pointer);
                }
            }
            None => {
                obj.set("logging/enabled_types", Json::Null).locate("logging/enabled_types", res, pointer);
            }
        }
        model.push("eks", "clusters", obj.into_entity(res));
    }
}

#[cfg(test)]
mod tests {
    use super::super::testing::{build_located as build, line, resource_at as resource};
    use super::*;
    use crate::iac::Source;

    #[test]
    fn terraform_defaults_are_the_open_endpoint() {
        let res = resource(
            "aws_eks_cluster",
            "aws_eks_cluster.main",
            1,
            json!({"name": "main", "role_arn": null, "vpc_config": [{"subnet_ids": null}],
                   "encryption_config": [{"resources": ["secrets"], "provider": [{"key_arn": null}]}],
                   "enabled_cluster_log_types": ["api", "audit"]}),
            &[],
        );
        let lines = (line(&res, "/vpc_config/0"), line(&res, "/encryption_config/0/resources"));
        let (input, at) = build(&ADAPTER, Source::Terraform, vec![res]);
        let c = &input["aws"]["eks"]["clusters"][0];
        assert_eq!(
            c["endpoint"],
            json!({"public_access": true, "private_access": false, "public_access_cidrs": ["0.0.0.0/0"]})
        );
        assert_eq!(at("aws_eks_cluster.main", &["endpoint", "public_access_cidrs"]), lines.0);
        assert_eq!(c["secrets_encryption"], json!({"enabled": true, "kms_key_arn": null}));
        assert_eq!(at("aws_eks_cluster.main", &["secrets_encryption", "enabled"]), lines.1);
        assert_eq!(c["logging"]["enabled_types"], json!(["api", "audit"]));
        assert_eq!(c["version"], Json::Null);
    }

    #[test]
    fn cloudformation_cluster() {
        let res = resource(
            "AWS::EKS::Cluster",
            "Resources.Cluster",
            1,
            json!({"ResourcesVpcConfig": {"EndpointPublicAccess": false, "EndpointPrivateAccess": "true"},
                   "Logging": {"ClusterLogging": {"EnabledTypes": [{"Type": "api"}, {"Type": "audit"}]}},
                   "Version": "1.30"}),
            &[],
        );
        let (input, _) = build(&ADAPTER, Source::CloudFormation, vec![res]);
        let c = &input["aws"]["eks"]["clusters"][0];
        assert_eq!(c["endpoint"]["public_access"], json!(false));
        assert_eq!(c["endpoint"]["private_access"], json!(true));
        assert_eq!(c["secrets_encryption"]["enabled"], json!(false));
        assert_eq!(c["logging"]["enabled_types"], json!(["api", "audit"]));
        assert_eq!(c["version"], json!("1.30"));
    }
}
