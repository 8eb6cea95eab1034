//! `rampart audit k8s`: list a live cluster's workloads, services, RBAC and namespaces through
//! the API server and evaluate them with the same Kubernetes policies as manifests.
//!
//! Reading is all-or-nothing per resource type and namespace, never per audit: a list that is
//! forbidden or times out becomes a "not evaluated" warning and the rest is still audited. Only
//! a configuration that cannot reach any cluster at all is an error.

mod api;
mod objects;

use std::collections::HashSet;
use std::time::Duration;

use anyhow::{anyhow, bail, Context, Result};
use kube::config::{KubeConfigOptions, Kubeconfig};
use kube::{Client, Config};
use serde_json::Value as Json;
use tokio::task::JoinSet;

use super::Collected;
use crate::cli::AuditK8sArgs;
use crate::diagnostic::{Diagnostic, Level};
use api::{Fault, ResourceType, NAMESPACE, RESOURCE_TYPES};
use objects::Inventory;

pub fn collect(args: &AuditK8sArgs, _progress: bool) -> Result<Collected> {
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .build()
        .context("starting the async runtime")?;
    runtime.block_on(audit(args))
}

/// The client configuration and the cluster's name (for the pseudo paths).
async fn configure(args: &AuditK8sArgs, timeout: Duration) -> Result<(Config, String)> {
    let kubeconfig = match &args.kubeconfig {
        Some(path) => {
            Some(Kubeconfig::read_from(path).with_context(|| format!("reading kubeconfig {}", path.display()))?)
        }
        None => match Kubeconfig::read() {
            Ok(kc) => Some(kc),
            Err(err) if args.context.is_some() => {
                return Err(anyhow!(err).context("--context needs a kubeconfig ($KUBECONFIG or ~/.kube/config)"))
            }
            Err(_) => None,
        },
    };
    let (mut config, cluster) = match kubeconfig {
        Some(kc) => {
            let context = args.context.clone().or_else(|| kc.current_context.clone());
            let cluster = context
                .as_deref()
                .and_then(|name| kc.contexts.iter().find(|c| c.name == name))
                .and_then(|c| c.context.as_ref())
                .map(|c| c.cluster.clone())
                .filter(|c| !c.is_empty());
            let options = KubeConfigOptions { context: args.context.clone(), ..Default::default() };
            let config = Config::from_custom_kubeconfig(kc, &options).await.map_err(|err| {
                let which = args.context.as_deref().map(|c| format!(" (context {c:?})")).unwrap_or_default();
                anyhow!(err).context(format!("loading the kubeconfig{which}"))
            })?;
            (config, cluster.unwrap_or_else(|| "kubernetes".to_string()))
        }
        None => {
            let config = Config::incluster().context(
                "no kubeconfig ($KUBECONFIG, ~/.kube/config) and not running in a cluster: pass --kubeconfig",
            )?;
            (config, "in-cluster".to_string())
        }
    };
    config.connect_timeout = Some(config.connect_timeout.map_or(timeout, |d| d.min(timeout)));
    Ok((config, cluster))
}

/// One list (or get) to make, and where its objects go.
#[derive(Debug, Clone)]
struct Job {
    resource: ResourceType,
    /// `None`: across all namespaces (or cluster-scoped).
    namespace: Option<String>,
    /// Evaluate the objects (not only feed the inventory): false for cluster-scoped RBAC when
    /// the audit is restricted to namespaces.
    evaluate: bool,
    /// Read one named object instead of listing (a namespace the audit is restricted to).
    get: Option<String>,
}

fn plan(namespaces: &[String]) -> Vec<Job> {
    let job = |resource, namespace, evaluate, get| Job { resource, namespace, evaluate, get };
    if namespaces.is_empty() {
        return RESOURCE_TYPES.iter().map(|r| job(*r, None, true, None)).collect();
    }
    let mut jobs = Vec::new();
    for resource in RESOURCE_TYPES {
        if resource == NAMESPACE {
            jobs.extend(namespaces.iter().map(|ns| job(resource, None, true, Some(ns.clone()))));
        } else if resource.namespaced {
            jobs.extend(namespaces.iter().map(|ns| job(resource, Some(ns.clone()), true, None)));
        } else {
            // Cluster roles and bindings decide what the namespaces' service accounts can do.
            jobs.push(job(resource, None, false, None));
        }
    }
    jobs
}

struct Outcome {
    job: Job,
    items: Vec<Json>,
    fault: Option<Fault>,
}

async fn run(client: Client, job: Job, timeout: Duration) -> Outcome {
    let (items, fault) = match &job.get {
        Some(name) => match api::get(&client, &job.resource.list_path(None), name, timeout).await {
            Ok(obj) => (vec![obj], None),
            Err(fault) => (Vec::new(), Some(fault)),
        },
        None => api::list_all(&client, &job.resource.list_path(job.namespace.as_deref()), timeout).await,
    };
    Outcome { job, items, fault }
}

fn not_evaluated(job: &Job, fault: &Fault) -> Diagnostic {
    let kind = job.resource.kind;
    let scope = match (&job.get, &job.namespace) {
        (Some(name), _) => format!("{kind} {name}"),
        (None, Some(ns)) => format!("{kind} in {ns}"),
        (None, None) if job.resource.namespaced => format!("{kind} in all namespaces"),
        (None, None) => format!("{kind} (cluster-wide)"),
    };
    let verb = if job.get.is_some() { "get" } else { "list" };
    // A resource type the cluster does not serve has nothing to audit: not a coverage gap.
    let level = if matches!(fault, Fault::NotServed) { Level::Info } else { Level::Warning };
    Diagnostic::new(level, None, None, format!("not evaluated: {scope}: {}", fault.explain(verb, &job.resource)))
}

async fn audit(args: &AuditK8sArgs) -> Result<Collected> {
    let timeout = Duration::from_secs(args.request_timeout.max(1));
    let (config, cluster) = configure(args, timeout).await?;
    let server = config.cluster_url.to_string();
    let client = Client::try_from(config).context("creating the Kubernetes client")?;

    // One cheap request first: a cluster that cannot be reached at all is an error, not an
    // audit that silently found nothing.
    match tokio::time::timeout(timeout, client.apiserver_version()).await {
        Err(_) => bail!("the Kubernetes API server at {server} did not answer within {}s", timeout.as_secs()),
        Ok(Err(kube::Error::Api(status))) if status.code == 401 => {
            bail!("the Kubernetes API server at {server} rejected the credentials (401 Unauthorized)")
        }
        Ok(Err(kube::Error::Api(_))) | Ok(Ok(_)) => {}
        Ok(Err(err)) => return Err(anyhow!(err).context(format!("cannot reach the Kubernetes API server at {server}"))),
    }

    let mut tasks = JoinSet::new();
    for job in plan(&args.namespaces) {
        tasks.spawn(run(client.clone(), job, timeout));
    }
    let mut outcomes = Vec::new();
    while let Some(done) = tasks.join_next().await {
        outcomes.push(done.context("a Kubernetes list task failed")?);
    }
    // Deterministic order whatever finished first: the report is sorted, but which object
    // wins a duplicate is not.
    outcomes.sort_by_key(|o| {
        let index = RESOURCE_TYPES.iter().position(|r| *r == o.job.resource).unwrap_or(usize::MAX);
        (index, o.job.namespace.clone(), o.job.get.clone())
    });
    Ok(assemble(&cluster, outcomes))
}

/// Diagnostics, documents (without owned objects) and the inventory from what was read.
fn assemble(cluster: &str, outcomes: Vec<Outcome>) -> Collected {
    let mut collected = Collected::default();
    let mut inventory = Inventory::default();
    let mut objects: Vec<(Json, bool)> = Vec::new();
    for Outcome { job, items, fault } in outcomes {
        if let Some(fault) = &fault {
            collected.diagnostics.push(not_evaluated(&job, fault));
            if let Some(field) = Inventory::field_of(job.resource.kind) {
                inventory.incomplete.push(field);
            }
        }
        for item in items {
            collected.resources += 1;
            if let Some(obj) = objects::normalize(item, job.resource.api_version, job.resource.kind) {
                inventory.add(&obj);
                objects.push((obj, job.evaluate));
            }
        }
    }
    let uids: HashSet<String> = objects
        .iter()
        .filter_map(|(o, _)| o.pointer("/metadata/uid").and_then(Json::as_str))
        .map(str::to_string)
        .collect();
    let mut seen: HashSet<String> = HashSet::new();
    for (obj, evaluate) in &objects {
        if !evaluate || objects::is_folded(obj, &uids) {
            continue;
        }
        match objects::document(cluster, obj) {
            // The same object twice (a namespace named twice with --namespace) is one document.
            Ok((doc, diagnostics)) => {
                if seen.insert(doc.root_ref.clone()) {
                    collected.documents.push(doc);
                    collected.diagnostics.extend(diagnostics);
                }
            }
            Err(err) => collected.diagnostics.push(Diagnostic::new(
                Level::Warning,
                None,
                None,
                format!("not evaluated: {}: {err}", crate::collect::kubernetes::object_ref(obj)),
            )),
        }
    }
    // A pod's ServiceAccount and NetworkPolicies are in the cluster too.
    crate::collect::manifest_set::link(&mut collected.documents);
    collected.documents.push(inventory.document(cluster));
    collected
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn outcome(kind: &str, namespace: Option<&str>, items: Vec<Json>, fault: Option<Fault>) -> Outcome {
        let resource = RESOURCE_TYPES.iter().find(|r| r.kind == kind).copied().unwrap();
        Outcome {
            job: Job { resource, namespace: namespace.map(str::to_string), evaluate: true, get: None },
            items,
            fault,
        }
    }

    #[test]
    fn plan_restricted_to_namespaces() {
        let jobs = plan(&["a".to_string(), "b".to_string()]);
        let pods: Vec<_> = jobs.iter().filter(|j| j.resource.kind == "Pod").map(|j| j.namespace.clone()).collect();
        assert_eq!(pods, vec![Some("a".to_string()), Some("b".to_string())]);
        let crb = jobs.iter().find(|j| j.resource.kind == "ClusterRoleBinding").unwrap();
        assert!(!crb.evaluate);
        assert_eq!(jobs.iter().filter(|j| j.get.is_some()).count(), 2);
        assert!(plan(&[]).iter().all(|j| j.evaluate && j.namespace.is_none() && j.get.is_none()));
        assert_eq!(RESOURCE_TYPES[1].list_path(Some("a")), "/apis/apps/v1/namespaces/a/deployments");
        assert_eq!(NAMESPACE.list_path(Some("a")), "/api/v1/namespaces");
    }

    #[test]
    fn faults_are_diagnostics_and_mark_the_inventory() {
        let rs = json!({"metadata": {"name": "web-1", "namespace": "a", "uid": "rs1"}, "spec": {}});
        let pod = json!({"metadata": {"name": "web-1-x", "namespace": "a", "ownerReferences": [{"kind": "ReplicaSet", "uid": "rs1", "controller": true}]}});
        let lone = json!({"metadata": {"name": "lone", "namespace": "a"}});
        let collected = assemble(
            "c",
            vec![
                outcome("ReplicaSet", None, vec![rs], None),
                outcome("Pod", None, vec![pod, lone], None),
                outcome("NetworkPolicy", Some("a"), vec![], Some(Fault::Forbidden)),
            ],
        );
        let refs: Vec<_> = collected.documents.iter().map(|d| d.root_ref.as_str()).collect();
        assert_eq!(refs, vec!["ReplicaSet/a/web-1", "Pod/a/lone", "ClusterInventory/c"]);
        assert_eq!(collected.resources, 3);
        assert_eq!(collected.diagnostics.len(), 1);
        assert_eq!(
            collected.diagnostics[0].message,
            "not evaluated: NetworkPolicy in a: forbidden (needs list on networkpolicies.networking.k8s.io)"
        );
        assert_eq!(collected.documents[2].input["incomplete"], json!(["networkPolicies"]));
    }
}
