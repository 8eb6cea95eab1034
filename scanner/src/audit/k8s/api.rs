//! Reading the API server: which resource types are audited, where they are listed, and how a
//! failed list becomes a diagnostic instead of ending the audit.
//!
//! Objects are read as plain JSON rather than typed structs: the policies see exactly what the
//! API server returned (fields a typed client does not know included), like a manifest.

use std::time::Duration;

use kube::core::params::{GetParams, ListParams};
use kube::core::Request;
use kube::Client;
use serde_json::Value as Json;

/// A resource type the audit lists.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ResourceType {
    pub kind: &'static str,
    /// `v1`, `apps/v1`: what list items lack and documents need.
    pub api_version: &'static str,
    pub plural: &'static str,
    pub namespaced: bool,
}

impl ResourceType {
    /// `/api/v1` or `/apis/apps/v1`.
    fn prefix(&self) -> String {
        if self.api_version.contains('/') {
            format!("/apis/{}", self.api_version)
        } else {
            format!("/api/{}", self.api_version)
        }
    }

    /// The name RBAC rules use, `kubectl`-style: `pods`, `deployments.apps`.
    pub fn rbac_name(&self) -> String {
        match self.api_version.split_once('/') {
            Some((group, _)) => format!("{}.{group}", self.plural),
            None => self.plural.to_string(),
        }
    }

    /// The collection path, in one namespace or across all of them.
    pub fn list_path(&self, namespace: Option<&str>) -> String {
        match namespace {
            Some(ns) if self.namespaced => format!("{}/namespaces/{ns}/{}", self.prefix(), self.plural),
            _ => format!("{}/{}", self.prefix(), self.plural),
        }
    }
}

const fn rt(kind: &'static str, api_version: &'static str, plural: &'static str, namespaced: bool) -> ResourceType {
    ResourceType { kind, api_version, plural, namespaced }
}

pub const NAMESPACE: ResourceType = rt("Namespace", "v1", "namespaces", false);

/// Everything the audit reads. Secrets are deliberately absent: their data is never read.
pub const RESOURCE_TYPES: [ResourceType; 16] = [
    rt("Pod", "v1", "pods", true),
    rt("Deployment", "apps/v1", "deployments", true),
    rt("StatefulSet", "apps/v1", "statefulsets", true),
    rt("DaemonSet", "apps/v1", "daemonsets", true),
    rt("ReplicaSet", "apps/v1", "replicasets", true),
    rt("Job", "batch/v1", "jobs", true),
    rt("CronJob", "batch/v1", "cronjobs", true),
    rt("Service", "v1", "services", true),
    rt("Ingress", "networking.k8s.io/v1", "ingresses", true),
    rt("NetworkPolicy", "networking.k8s.io/v1", "networkpolicies", true),
    rt("ServiceAccount", "v1", "serviceaccounts", true),
    rt("Role", "rbac.authorization.k8s.io/v1", "roles", true),
    rt("ClusterRole", "rbac.authorization.k8s.io/v1", "clusterroles", false),
    rt("RoleBinding", "rbac.authorization.k8s.io/v1", "rolebindings", true),
    rt("ClusterRoleBinding", "rbac.authorization.k8s.io/v1", "clusterrolebindings", false),
    NAMESPACE,
];

/// Items per page: large enough for few round trips, small enough for a bounded response.
const PAGE_SIZE: u32 = 500;

/// Why a resource type (in a namespace) could not be read.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Fault {
    Forbidden,
    Unauthorized,
    NotServed,
    Timeout(Duration),
    Other(String),
}

impl Fault {
    fn from_error(err: kube::Error) -> Fault {
        match err {
            kube::Error::Api(status) => match status.code {
                401 => Fault::Unauthorized,
                403 => Fault::Forbidden,
                404 => Fault::NotServed,
                code => Fault::Other(format!("HTTP {code}: {}", status.message.trim())),
            },
            other => Fault::Other(other.to_string()),
        }
    }

    /// The end of a "not evaluated" diagnostic: what went wrong and what would fix it.
    pub fn explain(&self, verb: &str, resource: &ResourceType) -> String {
        match self {
            Fault::Forbidden => format!("forbidden (needs {verb} on {})", resource.rbac_name()),
            Fault::Unauthorized => "unauthorized: the API server rejected the credentials".to_string(),
            Fault::NotServed => format!("the API server does not serve {}", resource.rbac_name()),
            Fault::Timeout(d) => {
                format!("timed out reading {} after {}s (--request-timeout)", resource.rbac_name(), d.as_secs())
            }
            Fault::Other(text) => text.clone(),
        }
    }
}

/// One request, bounded by the per-request timeout (which also covers the client's retries).
async fn bounded(
    request: impl std::future::Future<Output = Result<Json, kube::Error>>,
    timeout: Duration,
) -> Result<Json, Fault> {
    match tokio::time::timeout(timeout, request).await {
        Ok(Ok(json)) => Ok(json),
        Ok(Err(err)) => Err(Fault::from_error(err)),
        Err(_) => Err(Fault::Timeout(timeout)),
    }
}

fn build_error(err: kube::core::request::Error) -> Fault {
    Fault::Other(format!("building the request: {err}"))
}

/// Every object of a collection, following `continue` tokens. On a fault, the objects of the
/// pages already read are returned along with it, so what could be read is still audited.
pub async fn list_all(client: &Client, path: &str, timeout: Duration) -> (Vec<Json>, Option<Fault>) {
    let request = Request::new(path);
    let mut items = Vec::new();
    let mut params = ListParams::default().limit(PAGE_SIZE);
    let mut pages = crate::audit::Pages::default();
    loop {
        let page = match request.list(&params) {
            Ok(req) => bounded(client.request::<Json>(req), timeout).await,
            Err(err) => Err(build_error(err)),
        };
        let page = match page {
            Ok(page) => page,
            Err(fault) => return (items, Some(fault)),
        };
        if let Some(Json::Array(list)) = page.get("items") {
            items.extend(list.iter().cloned());
        }
        // A server that hands back a token it gave before would be followed forever.
        match pages.next(page.pointer("/metadata/continue").and_then(Json::as_str)) {
            Ok(Some(token)) => params = params.continue_token(&token),
            Ok(None) => return (items, None),
            Err(why) => return (items, Some(Fault::Other(why))),
        }
    }
}

/// One object by name (a namespace the audit was restricted to).
pub async fn get(client: &Client, collection: &str, name: &str, timeout: Duration) -> Result<Json, Fault> {
    let req = Request::new(collection).get(name, &GetParams::default()).map_err(build_error)?;
    bounded(client.request::<Json>(req), timeout).await
}
