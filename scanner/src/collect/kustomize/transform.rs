//! The kustomization fields that rewrite every object of a build: namespace, name prefix and
//! suffix, labels, annotations, replica counts and images, and, once names have changed, the
//! references to renamed objects. Each value they write is located at the kustomization line
//! that asked for it.

use serde_json::Value as Json;

use super::tree::{At, Tree, Val};
use super::Resource;

/// Kinds that live outside namespaces: the namespace transformer leaves them alone.
const CLUSTER_SCOPED: &[&str] = &[
    "APIService",
    "CertificateSigningRequest",
    "ClusterRole",
    "ClusterRoleBinding",
    "ComponentStatus",
    "CSIDriver",
    "CSINode",
    "CustomResourceDefinition",
    "FlowSchema",
    "IngressClass",
    "MutatingWebhookConfiguration",
    "Namespace",
    "Node",
    "PersistentVolume",
    "PodSecurityPolicy",
    "PriorityClass",
    "PriorityLevelConfiguration",
    "RuntimeClass",
    "StorageClass",
    "ValidatingAdmissionPolicy",
    "ValidatingAdmissionPolicyBinding",
    "ValidatingWebhookConfiguration",
    "VolumeAttachment",
];

const WORKLOADS: &[&str] = &["Deployment", "ReplicaSet", "DaemonSet", "StatefulSet", "Job", "ReplicationController"];

/// Where the pod spec of an object of `kind` sits, for name references: Kustomize's field specs
/// are by kind (a custom resource's references are not rewritten), so this is not the rules'
/// shape-aware `policy::aggregate::pod_spec_path`.
pub fn pod_spec_path(kind: &str) -> Option<&'static [&'static str]> {
    match kind {
        "Pod" => Some(&["spec"]),
        "PodTemplate" => Some(&["template", "spec"]),
        "CronJob" => Some(&["spec", "jobTemplate", "spec", "template", "spec"]),
        k if WORKLOADS.contains(&k) => Some(&["spec", "template", "spec"]),
        _ => None,
    }
}

pub fn namespace(res: &mut [Resource], ns: &Tree) {
    let Some(name) = ns.as_str() else { return };
    for r in res.iter_mut() {
        let kind = r.kind().to_string();
        if !CLUSTER_SCOPED.contains(&kind.as_str()) {
            if let Some(meta) = r.tree.ensure_map(&["metadata"], ns.at) {
                meta.set("namespace", Tree::str(name, ns.at));
            }
        }
        // Subjects bound in the default namespace follow the objects into the new one.
        if kind == "RoleBinding" || kind == "ClusterRoleBinding" {
            if let Some(subjects) = r.tree.get_mut("subjects") {
                for s in subjects.items_mut() {
                    if s.str_at(&["namespace"]) == Some("default") {
                        s.set("namespace", Tree::str(name, ns.at));
                    }
                }
            }
        }
    }
}

pub fn prefix_suffix(res: &mut [Resource], prefix: Option<&Tree>, suffix: Option<&Tree>) {
    let (p, s) = (prefix.and_then(Tree::as_str).unwrap_or(""), suffix.and_then(Tree::as_str).unwrap_or(""));
    if p.is_empty() && s.is_empty() {
        return;
    }
    for r in res.iter_mut() {
        // Kustomize keeps the names other objects are defined by.
        if matches!(r.kind(), "CustomResourceDefinition" | "Namespace") {
            continue;
        }
        let Some(name) = r.tree.at_path_mut(&["metadata", "name"]) else { continue };
        let Some(old) = name.as_str().map(str::to_string) else { continue };
        name.val = Val::Scalar(Json::String(format!("{p}{old}{s}")));
        r.rename();
    }
}

/// What a set of labels is added to.
#[derive(Clone, Copy)]
pub struct LabelScope {
    pub selectors: bool,
    pub templates: bool,
}

/// Add `labels` (a map, each value located where written) to every object, and to the
/// selectors and pod templates `scope` asks for.
pub fn labels(res: &mut [Resource], labels: &Tree, scope: LabelScope) {
    let Val::Map(pairs) = &labels.val else { return };
    for r in res.iter_mut() {
        let kind = r.kind().to_string();
        let mut targets: Vec<(&[&str], bool)> = vec![(&["metadata", "labels"], true)];
        let workload = WORKLOADS.contains(&kind.as_str());
        if scope.templates || scope.selectors {
            if workload {
                targets.push((&["spec", "template", "metadata", "labels"], true));
            }
            if kind == "CronJob" {
                targets.push((&["spec", "jobTemplate", "metadata", "labels"], true));
                targets.push((&["spec", "jobTemplate", "spec", "template", "metadata", "labels"], true));
            }
        }
        if scope.selectors {
            match kind.as_str() {
                "Service" | "ReplicationController" => targets.push((&["spec", "selector"], true)),
                "Deployment" | "ReplicaSet" | "DaemonSet" | "StatefulSet" => {
                    targets.push((&["spec", "selector", "matchLabels"], true))
                }
                "Job" | "PodDisruptionBudget" => targets.push((&["spec", "selector", "matchLabels"], false)),
                "CronJob" => targets.push((&["spec", "jobTemplate", "spec", "selector", "matchLabels"], false)),
                "NetworkPolicy" => targets.push((&["spec", "podSelector", "matchLabels"], false)),
                _ => {}
            }
        }
        for (path, create) in targets {
            add_pairs(&mut r.tree, path, pairs, create, labels.at);
        }
        if scope.selectors && kind == "StatefulSet" {
            if let Some(templates) = r.tree.at_path_mut(&["spec", "volumeClaimTemplates"]) {
                for t in templates.items_mut() {
                    add_pairs(t, &["metadata", "labels"], pairs, true, labels.at);
                }
            }
        }
    }
}

pub fn annotations(res: &mut [Resource], annotations: &Tree) {
    let Val::Map(pairs) = &annotations.val else { return };
    for r in res.iter_mut() {
        let kind = r.kind().to_string();
        add_pairs(&mut r.tree, &["metadata", "annotations"], pairs, true, annotations.at);
        if WORKLOADS.contains(&kind.as_str()) {
            add_pairs(&mut r.tree, &["spec", "template", "metadata", "annotations"], pairs, true, annotations.at);
        }
        if kind == "CronJob" {
            add_pairs(&mut r.tree, &["spec", "jobTemplate", "metadata", "annotations"], pairs, true, annotations.at);
            add_pairs(
                &mut r.tree,
                &["spec", "jobTemplate", "spec", "template", "metadata", "annotations"],
                pairs,
                true,
                annotations.at,
            );
        }
    }
}

fn add_pairs(tree: &mut Tree, path: &[&str], pairs: &[(String, Tree)], create: bool, at: At) {
    // Only where the object has the parent (a Service without `spec` gets no selector).
    let (last, parent) = path.split_last().expect("a path");
    if parent.len() > 1 && tree.at_path(&parent[..parent.len() - 1]).is_none() {
        return;
    }
    if !create && tree.at_path(path).is_none() {
        return;
    }
    let Some(map) = tree.ensure_map(parent, at).and_then(|p| {
        if p.get(last).is_none() {
            p.set(last, Tree::map(at));
        }
        p.get_mut(last).filter(|m| m.is_map())
    }) else {
        return;
    };
    for (k, v) in pairs {
        // Label values are strings, whatever the YAML wrote.
        let value = match &v.val {
            Val::Scalar(Json::String(_)) => v.clone(),
            Val::Scalar(Json::Null) => Tree::str("", v.at),
            Val::Scalar(other) => Tree::str(&other.to_string(), v.at),
            _ => continue,
        };
        map.set(k, value);
    }
}

pub fn replicas(res: &mut [Resource], entry: &Tree) {
    let (Some(name), Some(count)) = (entry.str_at(&["name"]), entry.get("count")) else { return };
    for r in res.iter_mut() {
        if matches!(r.kind(), "Deployment" | "ReplicaSet" | "StatefulSet" | "ReplicationController")
            && r.names.iter().any(|n| n == name)
        {
            if let Some(spec) = r.tree.ensure_map(&["spec"], entry.at) {
                spec.set("replicas", Tree::scalar(count.to_json(), count.at));
            }
        }
    }
}

/// `images:` entry: every container image named `name` gets the new name, tag or digest.
pub fn images(res: &mut [Resource], entry: &Tree) {
    let Some(name) = entry.str_at(&["name"]) else { return };
    for r in res.iter_mut() {
        rewrite_images(&mut r.tree, name, entry);
    }
}

fn rewrite_images(tree: &mut Tree, name: &str, entry: &Tree) {
    match &mut tree.val {
        Val::Map(entries) => {
            for (k, v) in entries.iter_mut() {
                if k == "containers" || k == "initContainers" {
                    for c in v.items_mut() {
                        let Some(image) = c.get_mut("image") else { continue };
                        let Some(old) = image.as_str() else { continue };
                        if let Some(new) = new_image(old, name, entry) {
                            image.val = Val::Scalar(Json::String(new));
                            image.at = entry.at;
                        }
                    }
                }
                rewrite_images(v, name, entry);
            }
        }
        Val::Seq(items) => items.iter_mut().for_each(|i| rewrite_images(i, name, entry)),
        Val::Scalar(_) => {}
    }
}

/// The image `old` becomes, when its name is `name`.
fn new_image(old: &str, name: &str, entry: &Tree) -> Option<String> {
    let (base, digest) = match old.split_once('@') {
        Some((b, d)) => (b, Some(d)),
        None => (old, None),
    };
    let (image, tag) = match base.rfind(':') {
        Some(i) if !base[i..].contains('/') => (&base[..i], Some(&base[i + 1..])),
        _ => (base, None),
    };
    if image != name {
        return None;
    }
    let new_name = entry.str_at(&["newName"]).unwrap_or(image);
    let scalar = |key: &str| {
        entry.get(key).and_then(|t| match &t.val {
            Val::Scalar(Json::String(s)) => Some(s.clone()),
            Val::Scalar(Json::Number(n)) => Some(n.to_string()),
            _ => None,
        })
    };
    Some(match (scalar("digest"), scalar("newTag")) {
        (Some(d), _) => format!("{new_name}@{d}"),
        (None, Some(t)) => format!("{new_name}:{t}"),
        (None, None) => match (tag, digest) {
            (_, Some(d)) => format!("{new_name}{}@{d}", tag.map(|t| format!(":{t}")).unwrap_or_default()),
            (Some(t), None) => format!("{new_name}:{t}"),
            (None, None) => new_name.to_string(),
        },
    })
}

/// A field of one object that names another object.
struct Reference {
    kind: &'static str,
    path: Vec<String>,
}

/// Rewrite the references to renamed objects (a pod's ConfigMap, a binding's
/// ServiceAccount) to their final names, as Kustomize does once all names are known.
pub fn fix_references(res: &mut [Resource]) {
    // (kind, every name it had, final name, namespace)
    let targets: Vec<(String, Vec<String>, String, Option<String>)> = res
        .iter()
        .filter(|r| r.names.len() > 1)
        .map(|r| (r.kind().to_string(), r.names.clone(), r.name().to_string(), r.namespace().map(str::to_string)))
        .collect();
    if targets.is_empty() {
        return;
    }
    for r in res.iter_mut() {
        let ns = r.namespace().map(str::to_string);
        let kind = r.kind().to_string();
        for reference in references(&r.tree, &kind) {
            let path: Vec<&str> = reference.path.iter().map(String::as_str).collect();
            let Some(value) = r.tree.at_path(&path).and_then(Tree::as_str).map(str::to_string) else { continue };
            let candidates: Vec<&(String, Vec<String>, String, Option<String>)> =
                targets.iter().filter(|t| t.0 == reference.kind && t.1.contains(&value) && t.2 != value).collect();
            let chosen = candidates.iter().find(|t| t.3 == ns).or(candidates.first());
            if let Some((_, _, new, target_ns)) = chosen {
                let slot = r.tree.at_path_mut(&path).expect("looked up above");
                slot.val = Val::Scalar(Json::String(new.clone()));
                // A binding's subject follows its ServiceAccount's namespace.
                if reference.kind == "ServiceAccount" && path.first() == Some(&"subjects") {
                    if let (Some(subject), Some(target_ns)) = (r.tree.at_path_mut(&path[..2]), target_ns) {
                        let at = subject.get("name").map_or(subject.at, |n| n.at);
                        subject.set("namespace", Tree::str(target_ns, at));
                    }
                }
            }
        }
    }
}

fn strings(parts: &[&str]) -> Vec<String> {
    parts.iter().map(|s| s.to_string()).collect()
}

fn references(tree: &Tree, kind: &str) -> Vec<Reference> {
    let mut out = Vec::new();
    let mut push = |kind: &'static str, path: Vec<String>| out.push(Reference { kind, path });
    if let Some(spec_path) = pod_spec_path(kind) {
        if let Some(spec) = tree.at_path(spec_path) {
            let at = |rest: &[&str]| -> Vec<String> { spec_path.iter().chain(rest).map(|s| s.to_string()).collect() };
            for field in ["serviceAccountName", "serviceAccount"] {
                if spec.get(field).is_some() {
                    push("ServiceAccount", at(&[field]));
                }
            }
            for (i, v) in spec.get("volumes").map(Tree::items).unwrap_or_default().iter().enumerate() {
                let i = i.to_string();
                for (kind, field, name) in [
                    ("ConfigMap", "configMap", "name"),
                    ("Secret", "secret", "secretName"),
                    ("PersistentVolumeClaim", "persistentVolumeClaim", "claimName"),
                ] {
                    if v.at_path(&[field, name]).is_some() {
                        push(kind, at(&["volumes", &i, field, name]));
                    }
                }
                for (j, s) in
                    v.at_path(&["projected", "sources"]).map(Tree::items).unwrap_or_default().iter().enumerate()
                {
                    for (kind, field) in [("ConfigMap", "configMap"), ("Secret", "secret")] {
                        if s.at_path(&[field, "name"]).is_some() {
                            push(kind, at(&["volumes", &i, "projected", "sources", &j.to_string(), field, "name"]));
                        }
                    }
                }
            }
            for (i, s) in spec.get("imagePullSecrets").map(Tree::items).unwrap_or_default().iter().enumerate() {
                if s.get("name").is_some() {
                    push("Secret", at(&["imagePullSecrets", &i.to_string(), "name"]));
                }
            }
            for list in ["containers", "initContainers", "ephemeralContainers"] {
                for (c, container) in spec.get(list).map(Tree::items).unwrap_or_default().iter().enumerate() {
                    let c = c.to_string();
                    for (e, env) in container.get("env").map(Tree::items).unwrap_or_default().iter().enumerate() {
                        for (kind, field) in [("ConfigMap", "configMapKeyRef"), ("Secret", "secretKeyRef")] {
                            if env.at_path(&["valueFrom", field, "name"]).is_some() {
                                push(kind, at(&[list, &c, "env", &e.to_string(), "valueFrom", field, "name"]));
                            }
                        }
                    }
                    for (e, from) in container.get("envFrom").map(Tree::items).unwrap_or_default().iter().enumerate() {
                        for (kind, field) in [("ConfigMap", "configMapRef"), ("Secret", "secretRef")] {
                            if from.at_path(&[field, "name"]).is_some() {
                                push(kind, at(&[list, &c, "envFrom", &e.to_string(), field, "name"]));
                            }
                        }
                    }
                }
            }
        }
    }
    match kind {
        "RoleBinding" | "ClusterRoleBinding" => {
            if let Some(role_kind) = tree.str_at(&["roleRef", "kind"]) {
                if matches!(role_kind, "Role" | "ClusterRole") && tree.at_path(&["roleRef", "name"]).is_some() {
                    push(if role_kind == "Role" { "Role" } else { "ClusterRole" }, strings(&["roleRef", "name"]));
                }
            }
            for (i, s) in tree.get("subjects").map(Tree::items).unwrap_or_default().iter().enumerate() {
                if s.str_at(&["kind"]) == Some("ServiceAccount") && s.get("name").is_some() {
                    push("ServiceAccount", strings(&["subjects", &i.to_string(), "name"]));
                }
            }
        }
        "ServiceAccount" => {
            for field in ["secrets", "imagePullSecrets"] {
                for (i, s) in tree.get(field).map(Tree::items).unwrap_or_default().iter().enumerate() {
                    if s.get("name").is_some() {
                        push("Secret", strings(&[field, &i.to_string(), "name"]));
                    }
                }
            }
        }
        "Ingress" => {
            for (i, t) in tree.at_path(&["spec", "tls"]).map(Tree::items).unwrap_or_default().iter().enumerate() {
                if t.get("secretName").is_some() {
                    push("Secret", strings(&["spec", "tls", &i.to_string(), "secretName"]));
                }
            }
            if tree.at_path(&["spec", "defaultBackend", "service", "name"]).is_some() {
                push("Service", strings(&["spec", "defaultBackend", "service", "name"]));
            }
            for (i, rule) in tree.at_path(&["spec", "rules"]).map(Tree::items).unwrap_or_default().iter().enumerate() {
                for (j, p) in rule.at_path(&["http", "paths"]).map(Tree::items).unwrap_or_default().iter().enumerate() {
                    if p.at_path(&["backend", "service", "name"]).is_some() {
                        let (i, j) = (i.to_string(), j.to_string());
                        push(
                            "Service",
                            strings(&["spec", "rules", &i, "http", "paths", &j, "backend", "service", "name"]),
                        );
                    }
                }
            }
        }
        "StatefulSet" if tree.at_path(&["spec", "serviceName"]).is_some() => {
            push("Service", strings(&["spec", "serviceName"]))
        }
        "HorizontalPodAutoscaler" => {
            if let Some(target_kind) = tree.str_at(&["spec", "scaleTargetRef", "kind"]) {
                for k in ["Deployment", "StatefulSet", "ReplicaSet", "ReplicationController"] {
                    if k == target_kind {
                        push(k, strings(&["spec", "scaleTargetRef", "name"]));
                    }
                }
            }
        }
        _ => {}
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn entry(text: &str) -> Tree {
        Tree::from_node(&crate::yaml::parse(text).unwrap()[0], 1)
    }

    #[test]
    fn images_get_new_names_tags_and_digests() {
        let e = entry("name: nginx\nnewTag: '1.27'\n");
        assert_eq!(new_image("nginx:1.25", "nginx", &e).as_deref(), Some("nginx:1.27"));
        assert_eq!(new_image("nginx", "nginx", &e).as_deref(), Some("nginx:1.27"));
        assert_eq!(new_image("nginx-x:1", "nginx", &e), None);
        let e = entry("name: reg:5000/app\nnewName: other/app\n");
        assert_eq!(new_image("reg:5000/app:v1", "reg:5000/app", &e).as_deref(), Some("other/app:v1"));
        let e = entry("name: app\ndigest: sha256:ab\n");
        assert_eq!(new_image("app:v1", "app", &e).as_deref(), Some("app@sha256:ab"));
    }
}
