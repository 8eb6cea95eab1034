//! Live objects → documents: the same documents a manifest of the object would give, so every
//! Kubernetes policy applies unchanged, plus one ClusterInventory document for the rules that
//! need the whole cluster (which namespaces lack a NetworkPolicy, who is bound to what).
//!
//! A live object has no file: it is located at a pseudo path `k8s/<cluster>/<namespace>/<kind>/
//! <name>` (`_cluster` for cluster-scoped objects, a name no namespace can have), line 1. The
//! path is relative, so SARIF consumers treat it like any repository path.

use std::collections::HashSet;
use std::sync::Arc;

use serde_json::{json, Map, Value as Json};

use crate::collect::kubernetes;
use crate::diagnostic::Diagnostic;
use crate::document::{Document, Model, SourceMap, Span, SpanMap};
use crate::ignores::InlineIgnores;
use crate::yaml;

/// The namespace segment of cluster-scoped objects' paths.
const CLUSTER_SCOPE: &str = "_cluster";

/// A path segment from a name that may hold anything (cluster names can be ARNs with `/`).
fn segment(text: &str) -> String {
    let cleaned: String = text.chars().map(|c| if c == '/' || c == '\\' || c.is_control() { '_' } else { c }).collect();
    match cleaned.as_str() {
        "" | "." | ".." => "_".to_string(),
        _ => cleaned,
    }
}

/// `k8s/<cluster>/<namespace>/<kind>/<name>`.
pub fn pseudo_path(cluster: &str, namespace: Option<&str>, kind: &str, name: &str) -> String {
    format!(
        "k8s/{}/{}/{}/{}",
        segment(cluster),
        segment(namespace.unwrap_or(CLUSTER_SCOPE)),
        segment(kind),
        segment(name)
    )
}

fn name_of(obj: &Json) -> &str {
    obj.pointer("/metadata/name").and_then(Json::as_str).unwrap_or("<unnamed>")
}

fn namespace_of(obj: &Json) -> Option<&str> {
    obj.pointer("/metadata/namespace").and_then(Json::as_str)
}

/// A list item as a manifest would hold it: `apiVersion` and `kind` written (list items lack
/// them), and without what the cluster adds (managedFields, status).
pub fn normalize(mut obj: Json, api_version: &str, kind: &str) -> Option<Json> {
    let map = obj.as_object_mut()?;
    map.insert("apiVersion".into(), json!(api_version));
    map.insert("kind".into(), json!(kind));
    map.remove("status");
    if let Some(Json::Object(meta)) = map.get_mut("metadata") {
        meta.remove("managedFields");
    }
    Some(obj)
}

/// Kinds whose objects are evaluated through their owner when the owner is listed too.
fn folded_into(kind: &str) -> &'static [&'static str] {
    match kind {
        "Pod" => &["ReplicaSet", "Job", "DaemonSet", "StatefulSet"],
        "ReplicaSet" => &["Deployment"],
        "Job" => &["CronJob"],
        _ => &[],
    }
}

/// Whether `obj` is owned by a listed object (by uid) of a kind that carries its spec: its
/// problems are the owner's and are reported there, once. Only the owner that controls it
/// counts (`controller: true`: anyone can add an owner reference, and a pod could otherwise
/// hide behind an unrelated owner), and a pod that runs ephemeral containers (added by
/// `kubectl debug`, in no template) is always evaluated itself.
pub fn is_folded(obj: &Json, listed_uids: &HashSet<String>) -> bool {
    let kind = obj["kind"].as_str().unwrap_or_default();
    let owners = folded_into(kind);
    if owners.is_empty() {
        return false;
    }
    let ephemeral = obj.pointer("/spec/ephemeralContainers").and_then(Json::as_array).is_some_and(|c| !c.is_empty());
    if ephemeral {
        return false;
    }
    obj.pointer("/metadata/ownerReferences").and_then(Json::as_array).is_some_and(|refs| {
        refs.iter().any(|r| {
            r["controller"] == Json::Bool(true)
                && r["kind"].as_str().is_some_and(|k| owners.contains(&k))
                && r["uid"].as_str().is_some_and(|uid| listed_uids.contains(uid))
        })
    })
}

/// The document of one live object, built by the manifest collector from the object written
/// on one line (so every span is line 1): aliases and the ignore annotation work as in a scan,
/// and a refused annotation (a wildcard, no reason) comes back as the same located diagnostic.
pub fn document(cluster: &str, obj: &Json) -> Result<(Document, Vec<Diagnostic>), String> {
    let kind = obj["kind"].as_str().unwrap_or("Object");
    let file: Arc<str> = Arc::from(pseudo_path(cluster, namespace_of(obj), kind, name_of(obj)));
    let text = serde_json::to_string(obj).map_err(|e| e.to_string())?;
    let nodes = yaml::parse(&text).map_err(|e| e.message)?;
    let mut out = kubernetes::collect(&file, &nodes, &Arc::new(InlineIgnores::default()));
    match out.docs.len() {
        1 => out.docs.pop().map(|doc| (doc, out.diagnostics)).ok_or_else(|| "no document".to_string()),
        _ => Err(format!("{kind} {} is not a single Kubernetes object", name_of(obj))),
    }
}

/// Which lists the inventory holds, by field name.
#[derive(Default)]
pub struct Inventory {
    pub namespaces: Vec<Json>,
    pub network_policies: Vec<Json>,
    pub service_accounts: Vec<Json>,
    pub role_bindings: Vec<Json>,
    pub cluster_role_bindings: Vec<Json>,
    pub cluster_roles: Vec<Json>,
    /// Fields whose objects could not all be read: rules about absence must not trust them.
    pub incomplete: Vec<&'static str>,
}

impl Inventory {
    /// Add an object (normalized) to the list its kind belongs to.
    pub fn add(&mut self, obj: &Json) {
        let meta =
            |o: &Json| json!({"name": o.pointer("/metadata/name"), "namespace": o.pointer("/metadata/namespace")});
        match obj["kind"].as_str() {
            Some("Namespace") => self.namespaces.push(json!({
                "name": name_of(obj),
                "labels": obj.pointer("/metadata/labels").cloned().unwrap_or_else(|| json!({})),
            })),
            Some("NetworkPolicy") => self.network_policies.push(meta(obj)),
            Some("ServiceAccount") => self.service_accounts.push(meta(obj)),
            Some("RoleBinding") => self.role_bindings.push(binding(obj)),
            Some("ClusterRoleBinding") => self.cluster_role_bindings.push(binding(obj)),
            Some("ClusterRole") => self.cluster_roles.push(json!({
                "name": name_of(obj),
                "rules": obj.get("rules").cloned().unwrap_or_else(|| json!([])),
            })),
            _ => {}
        }
    }

    /// The inventory field of a kind, for `incomplete`.
    pub fn field_of(kind: &str) -> Option<&'static str> {
        Some(match kind {
            "Namespace" => "namespaces",
            "NetworkPolicy" => "networkPolicies",
            "ServiceAccount" => "serviceAccounts",
            "RoleBinding" => "roleBindings",
            "ClusterRoleBinding" => "clusterRoleBindings",
            "ClusterRole" => "clusterRoles",
            _ => return None,
        })
    }

    /// The ClusterInventory document; namespaces and service accounts are entities of it, at
    /// their objects' pseudo paths, so findings about them are reported there.
    pub fn document(mut self, cluster: &str) -> Document {
        let file: Arc<str> = Arc::from(pseudo_path(cluster, None, "ClusterInventory", cluster));
        let mut source_map = SourceMap::default();
        let root_ref = format!("ClusterInventory/{cluster}");
        source_map.insert_entity(root_ref.clone(), file.clone(), line_one());
        for ns in &self.namespaces {
            if let Some(name) = ns["name"].as_str() {
                let path = pseudo_path(cluster, None, "Namespace", name);
                source_map.insert_entity(format!("Namespace/{name}"), Arc::from(path), line_one());
            }
        }
        for sa in &self.service_accounts {
            if let (Some(ns), Some(name)) = (sa["namespace"].as_str(), sa["name"].as_str()) {
                let path = pseudo_path(cluster, Some(ns), "ServiceAccount", name);
                source_map.insert_entity(format!("ServiceAccount/{ns}/{name}"), Arc::from(path), line_one());
            }
        }
        self.incomplete.sort_unstable();
        self.incomplete.dedup();
        let mut input = Map::new();
        input.insert("apiVersion".into(), json!("rampart.dev/v1"));
        input.insert("kind".into(), json!("ClusterInventory"));
        input.insert("metadata".into(), json!({"name": cluster}));
        input.insert("namespaces".into(), Json::Array(self.namespaces));
        input.insert("networkPolicies".into(), Json::Array(self.network_policies));
        input.insert("serviceAccounts".into(), Json::Array(self.service_accounts));
        input.insert("roleBindings".into(), Json::Array(self.role_bindings));
        input.insert("clusterRoleBindings".into(), Json::Array(self.cluster_role_bindings));
        input.insert("clusterRoles".into(), Json::Array(self.cluster_roles));
        input.insert("incomplete".into(), json!(self.incomplete));
        Document {
            model: Model::Kubernetes,
            file,
            kind: Some("ClusterInventory".into()),
            root_ref,
            input: Json::Object(input),
            source_map,
            ignores: Arc::new(InlineIgnores::default()),
            other_ignores: Default::default(),
            annotation_ignores: Default::default(),
            context: None,
        }
    }
}

fn binding(obj: &Json) -> Json {
    json!({
        "metadata": {"name": name_of(obj), "namespace": namespace_of(obj)},
        "roleRef": obj.get("roleRef").cloned().unwrap_or(Json::Null),
        "subjects": obj.get("subjects").cloned().unwrap_or_else(|| json!([])),
    })
}

fn line_one() -> SpanMap {
    let mut spans = SpanMap::default();
    spans.insert(String::new(), Span::new(1, 1));
    spans
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn pseudo_paths_stay_relative_and_segmented() {
        assert_eq!(pseudo_path("prod", Some("web"), "Deployment", "api"), "k8s/prod/web/Deployment/api");
        assert_eq!(
            pseudo_path("arn:aws:eks:eu-west-1:1:cluster/x", None, "Namespace", "a"),
            "k8s/arn:aws:eks:eu-west-1:1:cluster_x/_cluster/Namespace/a"
        );
        assert_eq!(
            pseudo_path("..", None, "ClusterRole", "system:aggregate"),
            "k8s/_/_cluster/ClusterRole/system:aggregate"
        );
    }

    #[test]
    fn normalize_fills_type_and_strips_cluster_fields() {
        let obj = json!({"metadata": {"name": "a", "managedFields": [{}]}, "spec": {}, "status": {"phase": "Running"}});
        let out = normalize(obj, "v1", "Pod").unwrap();
        assert_eq!(out, json!({"apiVersion": "v1", "kind": "Pod", "metadata": {"name": "a"}, "spec": {}}));
        assert!(normalize(json!("not an object"), "v1", "Pod").is_none());
    }

    #[test]
    fn folding_needs_a_listed_controller_and_no_ephemeral_container() {
        let not_controller =
            json!({"kind": "Pod", "metadata": {"ownerReferences": [{"kind": "ReplicaSet", "uid": "u1"}]}});
        assert!(!is_folded(&not_controller, &HashSet::from(["u1".to_string()])), "an owner that is not the controller");
        let debugged = json!({"kind": "Pod", "metadata": {"ownerReferences": [{"kind": "ReplicaSet", "uid": "u1", "controller": true}]},
                              "spec": {"ephemeralContainers": [{"name": "debugger", "image": "busybox"}]}});
        assert!(!is_folded(&debugged, &HashSet::from(["u1".to_string()])), "a pod with ephemeral containers");
        let pod = json!({"kind": "Pod", "metadata": {"ownerReferences": [{"kind": "ReplicaSet", "uid": "u1", "controller": true}]}});
        let listed: HashSet<String> = ["u1".to_string()].into();
        assert!(is_folded(&pod, &listed));
        assert!(!is_folded(&pod, &HashSet::new()));
        let rs = json!({"kind": "ReplicaSet", "metadata": {"ownerReferences": [{"kind": "ReplicaSet", "uid": "u1", "controller": true}]}});
        assert!(!is_folded(&rs, &listed));
        let svc = json!({"kind": "Service", "metadata": {"ownerReferences": [{"kind": "ReplicaSet", "uid": "u1", "controller": true}]}});
        assert!(!is_folded(&svc, &listed));
    }

    #[test]
    fn documents_match_the_manifest_collector() {
        let obj = json!({"apiVersion": "apps/v1", "kind": "Deployment",
            "metadata": {"name": "api", "namespace": "web", "annotations": {"rampart.dev/ignore": "K8S-001 -- ok"}},
            "spec": {"template": {"spec": {"containers": [{"name": "app", "image": "x:1"}]}}}});
        let (doc, diagnostics) = document("prod", &obj).unwrap();
        assert!(diagnostics.is_empty());
        assert_eq!(doc.root_ref, "Deployment/web/api");
        assert_eq!(&*doc.file, "k8s/prod/web/Deployment/api");
        assert_eq!(doc.input, obj);
        assert_eq!(&*doc.annotation_ignores, [("K8S-001".to_string(), Some("ok".to_string()))]);
        let path = [json!("spec"), json!("template"), json!("spec"), json!("containers"), json!(0), json!("image")];
        assert_eq!(doc.source_map.locate("Deployment/web/api", &path).unwrap().span, Span::new(1, 1));
        assert_eq!(doc.source_map.stable_path("Deployment/web/api", &path)[4], "name=app");
    }

    #[test]
    fn inventory_entities_point_at_their_objects() {
        let mut inv = Inventory::default();
        inv.add(&json!({"kind": "Namespace", "metadata": {"name": "web", "labels": {"a": "b"}}}));
        inv.add(&json!({"kind": "ServiceAccount", "metadata": {"name": "sa", "namespace": "web"}}));
        inv.incomplete.push("networkPolicies");
        let doc = inv.document("prod");
        assert_eq!(doc.input["namespaces"], json!([{"name": "web", "labels": {"a": "b"}}]));
        assert_eq!(doc.input["incomplete"], json!(["networkPolicies"]));
        let loc = doc.source_map.locate("ServiceAccount/web/sa", &[]).unwrap();
        assert_eq!(&*loc.file, "k8s/prod/web/ServiceAccount/sa");
        assert_eq!(&*doc.source_map.locate("Namespace/web", &[]).unwrap().file, "k8s/prod/_cluster/Namespace/web");
    }
}
