//! RDS adapter: DB instances (`aws_db_instance`, `aws_rds_cluster_instance`,
//! `AWS::RDS::DBInstance`) and DB clusters (`aws_rds_cluster`, `AWS::RDS::DBCluster`).
//!
//! An Aurora instance takes its storage encryption, backups, deletion protection and IAM
//! authentication from its cluster, and a replica or a restore takes them from its source: those
//! attributes are `null` on such an instance unless written, so a rule only fires where the
//! setting is actually decided.

use serde_json::{json, Value as Json};

use super::kms::{customer_managed, kms_key, KeyChoice};
use super::Adapter;
use crate::cloud::read::{attr, boolean, integer, literal, lookup, reference, string, string_list, Lookup};
use crate::cloud::{CloudModel, Entity};
use crate::iac::{Inventory, Resource};

pub const ADAPTER: Adapter = Adapter { service: "rds", fields: &[], terraform, cloudformation };

const CLUSTER_KINDS: &[&str] = &["aws_rds_cluster", "AWS::RDS::DBCluster"];

/// One source's attribute names for an instance; `None` where the resource has no such
/// attribute (an `aws_rds_cluster_instance` has no storage settings of its own).
struct InstanceNames {
    name: &'static str,
    engine: &'static str,
    /// Where the cluster an Aurora instance belongs to is named.
    cluster: Option<&'static str>,
    /// Attributes that make the instance a replica or a restore, inheriting its source's storage.
    sources: &'static [&'static str],
    publicly_accessible: &'static str,
    /// `null` where AWS decides from the network when omitted (CloudFormation).
    publicly_accessible_default: Json,
    storage_encrypted: Option<&'static str>,
    kms_key: Option<&'static str>,
    backup_retention: Option<&'static str>,
    multi_az: Option<&'static str>,
    deletion_protection: Option<&'static str>,
    iam_auth: Option<&'static str>,
    auto_minor: &'static str,
    pi_enabled: &'static str,
    pi_kms: &'static str,
    monitoring_interval: &'static str,
    logs_exports: Option<&'static str>,
}

const TF_DB_INSTANCE: InstanceNames = InstanceNames {
    name: "/identifier",
    engine: "/engine",
    cluster: None,
    sources: &["/replicate_source_db", "/snapshot_identifier", "/restore_to_point_in_time"],
    publicly_accessible: "/publicly_accessible",
    publicly_accessible_default: Json::Bool(false),
    storage_encrypted: Some("/storage_encrypted"),
    kms_key: Some("/kms_key_id"),
    backup_retention: Some("/backup_retention_period"),
    multi_az: Some("/multi_az"),
    deletion_protection: Some("/deletion_protection"),
    iam_auth: Some("/iam_database_authentication_enabled"),
    auto_minor: "/auto_minor_version_upgrade",
    pi_enabled: "/performance_insights_enabled",
    pi_kms: "/performance_insights_kms_key_id",
    monitoring_interval: "/monitoring_interval",
    logs_exports: Some("/enabled_cloudwatch_logs_exports"),
};

const TF_CLUSTER_INSTANCE: InstanceNames = InstanceNames {
    name: "/identifier",
    engine: "/engine",
    cluster: Some("/cluster_identifier"),
    sources: &[],
    publicly_accessible: "/publicly_accessible",
    publicly_accessible_default: Json::Bool(false),
    storage_encrypted: None,
    kms_key: None,
    backup_retention: None,
    multi_az: None,
    deletion_protection: None,
    iam_auth: None,
    auto_minor: "/auto_minor_version_upgrade",
    pi_enabled: "/performance_insights_enabled",
    pi_kms: "/performance_insights_kms_key_id",
    monitoring_interval: "/monitoring_interval",
    logs_exports: None,
};

const CFN_DB_INSTANCE: InstanceNames = InstanceNames {
    name: "/DBInstanceIdentifier",
    engine: "/Engine",
    cluster: Some("/DBClusterIdentifier"),
    sources: &[
        "/SourceDBInstanceIdentifier",
        "/DBSnapshotIdentifier",
        "/SourceDBClusterIdentifier",
        "/SourceDbiResourceId",
    ],
    publicly_accessible: "/PubliclyAccessible",
    publicly_accessible_default: Json::Null,
    storage_encrypted: Some("/StorageEncrypted"),
    kms_key: Some("/KmsKeyId"),
    backup_retention: Some("/BackupRetentionPeriod"),
    multi_az: Some("/MultiAZ"),
    deletion_protection: Some("/DeletionProtection"),
    iam_auth: Some("/EnableIAMDatabaseAuthentication"),
    auto_minor: "/AutoMinorVersionUpgrade",
    pi_enabled: "/EnablePerformanceInsights",
    pi_kms: "/PerformanceInsightsKMSKeyId",
    monitoring_interval: "/MonitoringInterval",
    logs_exports: Some("/EnableCloudwatchLogsExports"),
};

struct ClusterNames {
    name: &'static str,
    engine: &'static str,
    engine_mode: &'static str,
    sources: &'static [&'static str],
    publicly_accessible: &'static str,
    publicly_accessible_default: Json,
    storage_encrypted: &'static str,
    kms_key: &'static str,
    backup_retention: &'static str,
    deletion_protection: &'static str,
    iam_auth: &'static str,
    auto_minor: &'static str,
    logs_exports: &'static str,
}

const TF_CLUSTER: ClusterNames = ClusterNames {
    name: "/cluster_identifier",
    engine: "/engine",
    engine_mode: "/engine_mode",
    sources: &["/snapshot_identifier", "/replication_source_identifier", "/restore_to_point_in_time"],
    publicly_accessible: "/publicly_accessible",
    publicly_accessible_default: Json::Bool(false),
    storage_encrypted: "/storage_encrypted",
    kms_key: "/kms_key_id",
    backup_retention: "/backup_retention_period",
    deletion_protection: "/deletion_protection",
    iam_auth: "/iam_database_authentication_enabled",
    auto_minor: "/auto_minor_version_upgrade",
    logs_exports: "/enabled_cloudwatch_logs_exports",
};

const CFN_CLUSTER: ClusterNames = ClusterNames {
    name: "/DBClusterIdentifier",
    engine: "/Engine",
    engine_mode: "/EngineMode",
    sources: &["/SnapshotIdentifier", "/SourceDBClusterIdentifier", "/ReplicationSourceIdentifier"],
    publicly_accessible: "/PubliclyAccessible",
    publicly_accessible_default: Json::Null,
    storage_encrypted: "/StorageEncrypted",
    kms_key: "/KmsKeyId",
    backup_retention: "/BackupRetentionPeriod",
    deletion_protection: "/DeletionProtection",
    iam_auth: "/EnableIAMDatabaseAuthentication",
    auto_minor: "/AutoMinorVersionUpgrade",
    logs_exports: "/EnableCloudwatchLogsExports",
};

fn terraform(inv: &Inventory, model: &mut CloudModel) {
    for res in inv.of_kind("aws_db_instance").filter(|r| !r.data) {
        model.push("rds", "instances", instance(inv, res, &TF_DB_INSTANCE, false));
    }
    for res in inv.of_kind("aws_rds_cluster_instance").filter(|r| !r.data) {
        model.push("rds", "instances", instance(inv, res, &TF_CLUSTER_INSTANCE, true));
    }
    for res in inv.of_kind("aws_rds_cluster").filter(|r| !r.data) {
        model.push("rds", "clusters", cluster(inv, res, &TF_CLUSTER));
    }
}

fn cloudformation(inv: &Inventory, model: &mut CloudModel) {
    for res in inv.of_kind("AWS::RDS::DBInstance") {
        model.push("rds", "instances", instance(inv, res, &CFN_DB_INSTANCE, false));
    }
    for res in inv.of_kind("AWS::RDS::DBCluster") {
        model.push("rds", "clusters", cluster(inv, res, &CFN_CLUSTER));
    }
}

fn written(res: &Resource, pointer: &str) -> bool {
    lookup(res, pointer) != Lookup::Omitted
}

fn instance(inv: &Inventory, res: &Resource, names: &InstanceNames, always_member: bool) -> Entity {
    let mut e = Entity::new(res);
    attr(&mut e, "name", res, names.name, Json::Null, string);
    let engine = attr(&mut e, "engine", res, names.engine, Json::Null, string);
    let aurora = engine.as_str().is_some_and(|s| s.starts_with("aurora"));
    let member = always_member || aurora || names.cluster.is_some_and(|p| written(res, p));
    e.set("cluster_member", json!(member));
    match names.cluster {
        Some(pointer) => cluster_reference(&mut e, inv, res, pointer),
        None => {
            e.set("cluster_ref", Json::Null);
        }
    }
    let replica = names.sources.iter().any(|p| written(res, p));
    e.set("replica", json!(replica));
    // What an instance inherits (from its cluster or its source) stays unknown unless written.
    let inherited = |default: Json| if member || replica { Json::Null } else { default };
    attr(
        &mut e,
        "publicly_accessible",
        res,
        names.publicly_accessible,
        names.publicly_accessible_default.clone(),
        boolean,
    );
    encryption(&mut e, inv, res, names.storage_encrypted, names.kms_key, inherited(json!(false)));
    optional(&mut e, "backup_retention_period", res, names.backup_retention, inherited(json!(1)), integer);
    optional(&mut e, "multi_az", res, names.multi_az, if member { Json::Null } else { json!(false) }, boolean);
    optional(&mut e, "deletion_protection", res, names.deletion_protection, inherited(json!(false)), boolean);
    optional(&mut e, "iam_database_authentication", res, names.iam_auth, inherited(json!(false)), boolean);
    attr(&mut e, "auto_minor_version_upgrade", res, names.auto_minor, json!(true), boolean);
    attr(&mut e, "performance_insights/enabled", res, names.pi_enabled, json!(false), boolean);
    attr(&mut e, "performance_insights/kms_key_id", res, names.pi_kms, Json::Null, string);
    attr(&mut e, "monitoring_interval", res, names.monitoring_interval, json!(0), integer);
    optional(&mut e, "cloudwatch_logs_exports", res, names.logs_exports, json!([]), string_list);
    e
}

/// `attr` for an attribute the resource may not have: then the model value is `default`.
fn optional(
    e: &mut Entity,
    path: &str,
    res: &Resource,
    pointer: Option<&str>,
    default: Json,
    convert: impl Fn(&Json) -> Json,
) {
    match pointer {
        Some(pointer) => {
            attr(e, path, res, pointer, default, convert);
        }
        None => {
            e.set(path, default);
        }
    }
}

/// `encryption`: `enabled` from the storage flag, the key from the key argument. With no flag
/// of its own (an Aurora instance), everything is the cluster's and `null` here.
fn encryption(e: &mut Entity, inv: &Inventory, res: &Resource, flag: Option<&str>, key: Option<&str>, default: Json) {
    let (Some(flag), Some(key)) = (flag, key) else {
        e.set("encryption/enabled", Json::Null)
            .set("encryption/customer_managed_key", Json::Null)
            .set("encryption/kms_key_id", Json::Null)
            .set("encryption/kms_key_ref", Json::Null);
        return;
    };
    let enabled = attr(e, "encryption/enabled", res, flag, default, boolean);
    let choice = kms_key(e, "encryption", inv, res, key);
    // Without a key, encrypted storage uses the AWS managed `aws/rds` key.
    let choice = match enabled {
        Json::Bool(true) => choice,
        Json::Bool(false) => KeyChoice::Omitted,
        _ => KeyChoice::Unknown,
    };
    customer_managed(e, "encryption", res, key, choice);
}

/// `cluster_ref`: the cluster the instance's cluster identifier refers to, by reference or by
/// its literal identifier.
fn cluster_reference(e: &mut Entity, inv: &Inventory, res: &Resource, pointer: &str) {
    reference(e, "cluster_ref", inv, res, pointer, CLUSTER_KINDS);
    if e.get("cluster_ref").is_some_and(Json::is_null) {
        if let Some(id) = literal(res, pointer) {
            let by_name = inv.resources.iter().find(|c| {
                !c.data
                    && CLUSTER_KINDS.contains(&c.kind.as_str())
                    && (literal(c, "/cluster_identifier") == Some(id) || literal(c, "/DBClusterIdentifier") == Some(id))
            });
            if let Some(c) = by_name {
                e.set("cluster_ref", Json::String(c.address.clone()));
            }
        }
    }
}

fn cluster(inv: &Inventory, res: &Resource, names: &ClusterNames) -> Entity {
    let mut e = Entity::new(res);
    attr(&mut e, "name", res, names.name, Json::Null, string);
    attr(&mut e, "engine", res, names.engine, Json::Null, string);
    let mode = attr(&mut e, "engine_mode", res, names.engine_mode, json!("provisioned"), string);
    let restored = names.sources.iter().any(|p| written(res, p));
    e.set("replica", json!(restored));
    attr(
        &mut e,
        "publicly_accessible",
        res,
        names.publicly_accessible,
        names.publicly_accessible_default.clone(),
        boolean,
    );
    // Aurora Serverless v1 clusters are always encrypted; a restore or replica inherits.
    let encrypted_default = match (restored, mode.as_str()) {
        (true, _) => Json::Null,
        (false, Some("serverless")) => json!(true),
        (false, Some(_)) => json!(false),
        (false, None) => Json::Null,
    };
    encryption(&mut e, inv, res, Some(names.storage_encrypted), Some(names.kms_key), encrypted_default);
    let retention_default = if restored { Json::Null } else { json!(1) };
    attr(&mut e, "backup_retention_period", res, names.backup_retention, retention_default, integer);
    attr(&mut e, "deletion_protection", res, names.deletion_protection, json!(false), boolean);
    attr(&mut e, "iam_database_authentication", res, names.iam_auth, json!(false), boolean);
    attr(&mut e, "auto_minor_version_upgrade", res, names.auto_minor, json!(true), boolean);
    attr(&mut e, "cloudwatch_logs_exports", res, names.logs_exports, json!([]), string_list);
    e
}

#[cfg(test)]
mod tests {
    use super::super::testing::{build, resource};
    use super::*;
    use crate::iac::Source;

    #[test]
    fn standalone_instance_defaults() {
        let db = resource("aws_db_instance", "aws_db_instance.db", json!({"engine": "postgres"}), &[]);
        let input = build(Source::Terraform, vec![db], &ADAPTER);
        let i = &input["aws"]["rds"]["instances"][0];
        assert_eq!(i["publicly_accessible"], json!(false));
        assert_eq!(i["encryption"]["enabled"], json!(false));
        assert_eq!(i["encryption"]["customer_managed_key"], json!(false));
        assert_eq!(i["backup_retention_period"], json!(1));
        assert_eq!(i["deletion_protection"], json!(false));
        assert_eq!(i["iam_database_authentication"], json!(false));
        assert_eq!(i["auto_minor_version_upgrade"], json!(true));
        assert_eq!(i["cluster_member"], json!(false));
        assert_eq!(i["cloudwatch_logs_exports"], json!([]));
    }

    #[test]
    fn aurora_members_leave_cluster_settings_unknown() {
        let cluster = resource(
            "aws_rds_cluster",
            "aws_rds_cluster.main",
            json!({"cluster_identifier": "main", "engine": "aurora-postgresql", "storage_encrypted": true}),
            &[],
        );
        let member = resource(
            "aws_rds_cluster_instance",
            "aws_rds_cluster_instance.one",
            json!({"cluster_identifier": null, "engine": "aurora-postgresql"}),
            &[("/cluster_identifier", "aws_rds_cluster.main")],
        );
        let by_name = resource(
            "aws_rds_cluster_instance",
            "aws_rds_cluster_instance.two",
            json!({"cluster_identifier": "main", "engine": "aurora-postgresql"}),
            &[],
        );
        let input = build(Source::Terraform, vec![cluster, member, by_name], &ADAPTER);
        let rds = &input["aws"]["rds"];
        for i in 0..2 {
            let m = &rds["instances"][i];
            assert_eq!(m["cluster_ref"], json!("aws_rds_cluster.main"));
            assert_eq!(m["encryption"]["enabled"], Json::Null);
            assert_eq!(m["backup_retention_period"], Json::Null);
            assert_eq!(m["publicly_accessible"], json!(false));
        }
        assert_eq!(rds["clusters"][0]["encryption"]["enabled"], json!(true));
        assert_eq!(rds["clusters"][0]["encryption"]["customer_managed_key"], json!(false));
    }

    #[test]
    fn for_each_members_find_the_cluster_with_their_key() {
        let cluster = |key: &str| {
            resource(
                "aws_rds_cluster",
                &format!("aws_rds_cluster.c[\"{key}\"]"),
                json!({"engine": "aurora-mysql"}),
                &[],
            )
        };
        let member = resource(
            "aws_rds_cluster_instance",
            "aws_rds_cluster_instance.m[\"b\"]",
            json!({"cluster_identifier": null}),
            &[("/cluster_identifier", "aws_rds_cluster.c")],
        );
        let input = build(Source::Terraform, vec![cluster("a"), cluster("b"), member], &ADAPTER);
        assert_eq!(input["aws"]["rds"]["instances"][0]["cluster_ref"], json!("aws_rds_cluster.c[\"b\"]"));
    }

    #[test]
    fn cloudformation_public_default_is_unknown_and_replicas_inherit() {
        let db = resource("AWS::RDS::DBInstance", "Resources.Db", json!({"Engine": "mysql"}), &[]);
        let replica = resource(
            "AWS::RDS::DBInstance",
            "Resources.Replica",
            json!({"SourceDBInstanceIdentifier": null}),
            &[("/SourceDBInstanceIdentifier", "Resources.Db")],
        );
        let serverless = resource("AWS::RDS::DBCluster", "Resources.C", json!({"EngineMode": "serverless"}), &[]);
        let input = build(Source::CloudFormation, vec![db, replica, serverless], &ADAPTER);
        let rds = &input["aws"]["rds"];
        assert_eq!(rds["instances"][0]["publicly_accessible"], Json::Null);
        assert_eq!(rds["instances"][0]["encryption"]["enabled"], json!(false));
        assert_eq!(rds["instances"][1]["replica"], json!(true));
        assert_eq!(rds["instances"][1]["encryption"]["enabled"], Json::Null);
        assert_eq!(rds["instances"][1]["backup_retention_period"], Json::Null);
        assert_eq!(rds["clusters"][0]["encryption"]["enabled"], json!(true));
    }

    #[test]
    fn written_key_on_encrypted_storage_is_customer_managed() {
        let db = resource(
            "aws_db_instance",
            "aws_db_instance.db",
            json!({"storage_encrypted": true, "kms_key_id": "arn:aws:kms:eu-west-1:111122223333:key/k"}),
            &[],
        );
        let input = build(Source::Terraform, vec![db], &ADAPTER);
        let enc = &input["aws"]["rds"]["instances"][0]["encryption"];
        assert_eq!(enc["customer_managed_key"], json!(true));
        assert_eq!(enc["kms_key_id"], json!("arn:aws:kms:eu-west-1:111122223333:key/k"));
    }
}
