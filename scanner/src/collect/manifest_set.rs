//! The other objects of a manifest set: what a pod's judgement depends on beyond its own
//! object.
//!
//! A pod that does not say whether to mount its service account token follows its
//! ServiceAccount, and whether its traffic is restricted depends on the NetworkPolicies of its
//! namespace. Rules see one object at a time, so the objects of one scan unit (a file, a
//! Kustomize overlay, a live cluster) are linked here: each object that runs pods gets
//! `__context` with what the set says about it. Nothing is added when the set does not know:
//! a ServiceAccount defined elsewhere is not assumed to be either way.

use std::collections::BTreeMap;

use serde_json::{json, Value as Json};

use crate::document::{Document, Model};

/// The key of the derived context in an object's input.
pub const CONTEXT: &str = "__context";

/// Where an object keeps its pod spec (as the rules' selectors and library find it), as a
/// JSON pointer.
fn pod_spec_pointer(input: &Json) -> Option<String> {
    let path = crate::policy::aggregate::pod_spec_path(input["kind"].as_str()?, input)?;
    Some(path.iter().map(|k| format!("/{k}")).collect())
}

fn namespace(input: &Json) -> &str {
    input.pointer("/metadata/namespace").and_then(Json::as_str).unwrap_or("default")
}

/// Whether a label selector (`matchLabels`, `matchExpressions`) selects `labels`; an empty
/// selector selects everything.
fn selects(selector: &Json, labels: &serde_json::Map<String, Json>) -> bool {
    let label = |k: &str| labels.get(k).and_then(Json::as_str);
    let by_labels = selector["matchLabels"]
        .as_object()
        .is_none_or(|m| m.iter().all(|(k, v)| v.as_str().is_some_and(|v| label(k) == Some(v))));
    let by_expressions = selector["matchExpressions"].as_array().is_none_or(|exprs| {
        exprs.iter().all(|e| {
            let key = e["key"].as_str().unwrap_or_default();
            let values: Vec<&str> = e["values"].as_array().into_iter().flatten().filter_map(Json::as_str).collect();
            match e["operator"].as_str() {
                Some("In") => label(key).is_some_and(|v| values.contains(&v)),
                Some("NotIn") => label(key).is_none_or(|v| !values.contains(&v)),
                Some("Exists") => label(key).is_some(),
                Some("DoesNotExist") => label(key).is_none(),
                _ => false,
            }
        })
    });
    by_labels && by_expressions
}

/// Give every object of `docs` that runs pods what the set says about it.
pub fn link(docs: &mut [Document]) {
    let kubernetes = |d: &&Document| d.model == Model::Kubernetes;
    // (namespace, name) → the ServiceAccount's automountServiceAccountToken, when written.
    let mut accounts: BTreeMap<(String, String), Option<bool>> = BTreeMap::new();
    // namespace → (name, pod selector) of its NetworkPolicies.
    let mut policies: BTreeMap<String, Vec<(String, Json)>> = BTreeMap::new();
    let mut namespaces: Vec<String> = Vec::new();
    for d in docs.iter().filter(kubernetes) {
        let input = &d.input;
        let name = input.pointer("/metadata/name").and_then(Json::as_str).unwrap_or_default().to_string();
        match input["kind"].as_str() {
            Some("ServiceAccount") => {
                accounts.insert((namespace(input).to_string(), name), input["automountServiceAccountToken"].as_bool());
            }
            Some("NetworkPolicy") => policies
                .entry(namespace(input).to_string())
                .or_default()
                .push((name, input["spec"]["podSelector"].clone())),
            Some("Namespace") => namespaces.push(name),
            _ => {}
        }
    }
    if accounts.is_empty() && policies.is_empty() && namespaces.is_empty() {
        return;
    }
    for d in docs.iter_mut().filter(|d| d.model == Model::Kubernetes) {
        let Some(pointer) = pod_spec_pointer(&d.input) else { continue };
        let ns = namespace(&d.input).to_string();
        let spec = d.input.pointer(&pointer).cloned().unwrap_or(Json::Null);
        let mut context = serde_json::Map::new();
        let account = spec["serviceAccountName"].as_str().or(spec["serviceAccount"].as_str()).unwrap_or("default");
        if let Some(automount) = accounts.get(&(ns.clone(), account.to_string())) {
            context
                .insert("service_account".into(), json!({"name": account, "automountServiceAccountToken": automount}));
        }
        let in_namespace = policies.get(&ns).map(Vec::as_slice).unwrap_or_default();
        if !in_namespace.is_empty() || namespaces.contains(&ns) {
            let metadata = pointer.rsplit_once('/').map_or("", |(parent, _)| parent);
            let labels_pointer = if d.input["kind"] == "Pod" || pointer == "/spec" {
                "/metadata/labels".to_string()
            } else {
                format!("{metadata}/metadata/labels")
            };
            let empty = serde_json::Map::new();
            let labels = d.input.pointer(&labels_pointer).and_then(Json::as_object).unwrap_or(&empty);
            let selecting: Vec<&str> =
                in_namespace.iter().filter(|(_, s)| selects(s, labels)).map(|(n, _)| n.as_str()).collect();
            context.insert(
                "network_policies".into(),
                json!({"namespace": ns, "in_namespace": in_namespace.len(), "selecting": selecting}),
            );
        }
        if !context.is_empty() {
            if let Some(obj) = d.input.as_object_mut() {
                obj.insert(CONTEXT.into(), Json::Object(context));
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn docs(text: &str) -> Vec<Document> {
        let nodes = crate::yaml::parse(text).unwrap();
        let ignores = std::sync::Arc::new(crate::ignores::InlineIgnores::parse(text));
        super::super::kubernetes::collect(&std::sync::Arc::from("m.yaml"), &nodes, &ignores).docs
    }

    #[test]
    fn pods_learn_their_service_account_and_the_policies_that_select_them() {
        let mut d = docs(
            "apiVersion: v1\nkind: ServiceAccount\nmetadata: {name: web, namespace: shop}\nautomountServiceAccountToken: false\n---\napiVersion: networking.k8s.io/v1\nkind: NetworkPolicy\nmetadata: {name: web-in, namespace: shop}\nspec:\n  podSelector:\n    matchLabels: {app: web}\n    matchExpressions:\n    - {key: tier, operator: NotIn, values: [db]}\n---\napiVersion: apps/v1\nkind: Deployment\nmetadata: {name: web, namespace: shop}\nspec:\n  template:\n    metadata:\n      labels: {app: web}\n    spec:\n      serviceAccountName: web\n      containers: []\n---\napiVersion: v1\nkind: Pod\nmetadata: {name: db, namespace: shop, labels: {app: db}}\nspec:\n  containers: []\n---\napiVersion: v1\nkind: Pod\nmetadata: {name: other, namespace: elsewhere}\nspec:\n  containers: []\n",
        );
        link(&mut d);
        assert_eq!(
            d[2].input[CONTEXT],
            json!({"service_account": {"name": "web", "automountServiceAccountToken": false}, "network_policies": {"namespace": "shop", "in_namespace": 1, "selecting": ["web-in"]}})
        );
        assert_eq!(
            d[3].input[CONTEXT],
            json!({"network_policies": {"namespace": "shop", "in_namespace": 1, "selecting": []}})
        );
        // Nothing known about its namespace: nothing said.
        assert!(d[4].input.get(CONTEXT).is_none());
    }
}
