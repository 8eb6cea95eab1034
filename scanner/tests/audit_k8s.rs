//! `rampart audit k8s` end to end: the real binary, a real kubeconfig and the real kube client,
//! against a loopback HTTP server that replays recorded API responses (fixtures/k8s-api/).
//!
//! The server answers like an API server as far as the audit can tell: list paths with
//! `continue` tokens, namespaced lists (filtered from the all-namespaces recording), a `get` of
//! one namespace, Status bodies for errors. Each test can make a path forbidden or slow.

mod common;

use std::collections::{BTreeSet, HashMap};
use std::io::{BufRead, BufReader, Read, Write};
use std::net::{TcpListener, TcpStream};
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::time::Duration;

use common::*;
use serde_json::{json, Value as Json};

#[derive(Clone)]
enum Behaviour {
    Forbidden,
    Slow(Duration),
}

fn fixtures() -> PathBuf {
    repo().join("fixtures/k8s-api")
}

fn read_json(path: &Path) -> Option<Json> {
    serde_json::from_str(&std::fs::read_to_string(path).ok()?).ok()
}

fn status(code: u16, reason: &str, message: &str) -> Json {
    json!({"kind": "Status", "apiVersion": "v1", "metadata": {}, "status": "Failure",
           "message": message, "reason": reason, "code": code})
}

/// The response to `path?query`: (status code, body).
fn answer(path: &str, query: &str) -> (u16, Json) {
    let param = |name: &str| {
        query.split('&').find_map(|kv| kv.strip_prefix(name).and_then(|v| v.strip_prefix('='))).map(str::to_string)
    };
    let root = fixtures();
    if path == "/version" {
        return (200, read_json(&root.join("version.json")).expect("version.json"));
    }
    let rel = path.trim_start_matches('/');
    if rel.contains("..") {
        return (400, status(400, "BadRequest", "bad path"));
    }
    // `/api/v1/namespaces/NS/pods` → the all-namespaces recording, filtered to NS.
    let segments: Vec<&str> = rel.split('/').collect();
    let ns_at = if segments.first() == Some(&"api") { 2 } else { 3 };
    if segments.len() == ns_at + 3 && segments[ns_at] == "namespaces" {
        let ns = segments[ns_at + 1];
        let all = [&segments[..ns_at], &segments[ns_at + 2..]].concat().join("/");
        let file = match param("continue") {
            Some(token) => format!("{all}.{token}.json"),
            None => format!("{all}.json"),
        };
        return match read_json(&root.join(file)) {
            Some(mut list) => {
                if let Some(items) = list["items"].as_array_mut() {
                    items.retain(|i| i["metadata"]["namespace"] == ns);
                }
                (200, list)
            }
            None => (404, status(404, "NotFound", "the server could not find the requested resource")),
        };
    }
    // `/api/v1/namespaces/NS`: one namespace.
    if segments.len() == 4 && segments[..3] == ["api", "v1", "namespaces"] {
        let list = read_json(&root.join("api/v1/namespaces.json")).expect("namespaces.json");
        let found =
            list["items"].as_array().and_then(|items| items.iter().find(|i| i["metadata"]["name"] == segments[3]));
        return match found {
            Some(ns) => {
                let mut ns = ns.clone();
                ns["kind"] = json!("Namespace");
                ns["apiVersion"] = json!("v1");
                (200, ns)
            }
            None => (404, status(404, "NotFound", &format!("namespaces \"{}\" not found", segments[3]))),
        };
    }
    let file = match param("continue") {
        Some(token) => root.join(format!("{rel}.{token}.json")),
        None => root.join(format!("{rel}.json")),
    };
    match read_json(&file) {
        Some(body) => (200, body),
        None => (404, status(404, "NotFound", "the server could not find the requested resource")),
    }
}

fn serve(mut stream: TcpStream, rules: &HashMap<String, Behaviour>, log: &std::sync::Mutex<Vec<String>>) {
    let mut reader = BufReader::new(stream.try_clone().expect("clone stream"));
    let mut request_line = String::new();
    if reader.read_line(&mut request_line).is_err() {
        return;
    }
    let mut content_length = 0usize;
    loop {
        let mut line = String::new();
        if reader.read_line(&mut line).unwrap_or(0) == 0 || line == "\r\n" {
            break;
        }
        if let Some((k, v)) = line.split_once(':') {
            if k.eq_ignore_ascii_case("content-length") {
                content_length = v.trim().parse().unwrap_or(0);
            }
        }
    }
    let mut body = vec![0; content_length];
    let _ = reader.read_exact(&mut body);
    let target = request_line.split_whitespace().nth(1).unwrap_or("/").to_string();
    let (path, query) = target.split_once('?').unwrap_or((&target, ""));
    log.lock().unwrap().push(target.clone());
    let (code, json) = match rules.get(path) {
        Some(Behaviour::Forbidden) => (403, read_json(&fixtures().join("forbidden.json")).expect("forbidden.json")),
        Some(Behaviour::Slow(d)) => {
            std::thread::sleep(*d);
            answer(path, query)
        }
        None => answer(path, query),
    };
    let text = json.to_string();
    let reason = match code {
        200 => "OK",
        403 => "Forbidden",
        404 => "Not Found",
        _ => "Error",
    };
    let _ = write!(
        stream,
        "HTTP/1.1 {code} {reason}\r\nContent-Type: application/json\r\nContent-Length: {}\r\nConnection: close\r\n\r\n{text}",
        text.len()
    );
}

/// A loopback API server; returns its port and the log of request targets.
fn start_server(rules: HashMap<String, Behaviour>) -> (u16, Arc<std::sync::Mutex<Vec<String>>>) {
    let listener = TcpListener::bind("127.0.0.1:0").expect("bind");
    let port = listener.local_addr().unwrap().port();
    let rules = Arc::new(rules);
    let log = Arc::new(std::sync::Mutex::new(Vec::new()));
    let log2 = log.clone();
    std::thread::spawn(move || {
        for stream in listener.incoming().flatten() {
            let rules = rules.clone();
            let log = log2.clone();
            std::thread::spawn(move || serve(stream, &rules, &log));
        }
    });
    (port, log)
}

fn kubeconfig(dir: &Path, port: u16) -> PathBuf {
    let text = format!(
        "apiVersion: v1\nkind: Config\nclusters:\n- name: lab\n  cluster:\n    server: http://127.0.0.1:{port}\ncontexts:\n- name: lab-admin\n  context:\n    cluster: lab\n    user: auditor\n    namespace: default\ncurrent-context: lab-admin\nusers:\n- name: auditor\n  user:\n    token: test-token\n"
    );
    write(dir, "kubeconfig", &text)
}

/// A custom rule that reports every document it sees, with what it looks like: which objects
/// were evaluated (folding) and whether the cluster's fields were stripped.
const PROBE: &str = r#"# METADATA
# title: Probe
# description: Reports every Kubernetes document.
# scope: package
# custom:
#   id: PROBE-001
#   severity: INFO
#   recommended_action: None.
#   input:
#     selector:
#       - type: kubernetes
package probe

import rego.v1

deny contains {"msg": msg} if {
	msg := sprintf("%s %s stripped=%v", [input.apiVersion, input.kind, stripped])
}

has_cluster_fields if input.status
has_cluster_fields if input.metadata.managedFields

stripped := false if has_cluster_fields
stripped := true if not has_cluster_fields
"#;

struct Run {
    report: Json,
    code: i32,
    stderr: String,
    requests: Vec<String>,
}

fn audit(rules: HashMap<String, Behaviour>, extra: &[&str]) -> Run {
    let (port, log) = start_server(rules);
    let dir = tempfile::tempdir().unwrap();
    let config = kubeconfig(dir.path(), port);
    write(dir.path(), "probe/probe.rego", PROBE);
    let probe = dir.path().join("probe");
    let mut args = vec![
        "audit",
        "k8s",
        "--kubeconfig",
        config.to_str().unwrap(),
        "-f",
        "json",
        "--fail-on",
        "none",
        "--no-config",
        "--policy",
        probe.to_str().unwrap(),
    ];
    args.extend_from_slice(extra);
    let out = rampart(dir.path(), &args);
    let stderr = String::from_utf8_lossy(&out.stderr).to_string();
    let code = code(&out);
    let report = if out.stdout.is_empty() { Json::Null } else { json(&out) };
    let requests = log.lock().unwrap().clone();
    Run { report, code, stderr, requests }
}

fn findings(report: &Json) -> Vec<&Json> {
    report["findings"].as_array().map(|f| f.iter().collect()).unwrap_or_default()
}

/// `RULE resource @ file` of every finding but the probe's.
fn keys(report: &Json) -> BTreeSet<String> {
    findings(report)
        .into_iter()
        .filter(|f| f["rule_id"] != "PROBE-001")
        .map(|f| {
            format!(
                "{} {} @ {}",
                f["rule_id"].as_str().unwrap(),
                f["resource"].as_str().unwrap(),
                f["file"].as_str().unwrap()
            )
        })
        .collect()
}

/// The documents the probe saw: `resource (message)`.
fn probed(report: &Json) -> BTreeSet<String> {
    findings(report)
        .into_iter()
        .filter(|f| f["rule_id"] == "PROBE-001")
        .map(|f| format!("{} ({})", f["resource"].as_str().unwrap(), f["message"].as_str().unwrap()))
        .collect()
}

fn diagnostics(report: &Json) -> Vec<String> {
    report["diagnostics"]
        .as_array()
        .map(|d| d.iter().map(|d| d["message"].as_str().unwrap_or_default().to_string()).collect())
        .unwrap_or_default()
}

#[test]
fn audits_the_replayed_cluster() {
    let run = audit(HashMap::new(), &[]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let keys = keys(&run.report);
    for expected in [
        // An existing manifest rule on a live workload, at its pseudo path.
        "K8S-001 Deployment/team-b/web @ k8s/lab/team-b/Deployment/web",
        // Both pages of the pod list: debug-shell (page one) and trace (page two).
        "K8S-006 Pod/team-b/debug-shell @ k8s/lab/team-b/Pod/debug-shell",
        "K8S-007 Pod/team-a/trace @ k8s/lab/team-a/Pod/trace",
        "K8S-038 ClusterRoleBinding/deployer-admin @ k8s/lab/_cluster/ClusterRoleBinding/deployer-admin",
        // Cluster-only rules.
        "K8S-043 Namespace/team-b @ k8s/lab/_cluster/Namespace/team-b",
        "K8S-043 Namespace/default @ k8s/lab/_cluster/Namespace/default",
        "K8S-044 Namespace/team-b @ k8s/lab/_cluster/Namespace/team-b",
        "K8S-044 Namespace/kube-system @ k8s/lab/_cluster/Namespace/kube-system",
        "K8S-045 ServiceAccount/team-b/deployer @ k8s/lab/team-b/ServiceAccount/deployer",
        "K8S-045 ServiceAccount/team-a/default @ k8s/lab/team-a/ServiceAccount/default",
    ] {
        assert!(keys.contains(expected), "missing {expected} in {keys:#?}");
    }
    // team-a has a NetworkPolicy and enforces restricted; team-b's default account is bound to nothing.
    for absent in [
        "K8S-043 Namespace/team-a @ k8s/lab/_cluster/Namespace/team-a",
        "K8S-044 Namespace/team-a @ k8s/lab/_cluster/Namespace/team-a",
        "K8S-045 ServiceAccount/team-b/default @ k8s/lab/team-b/ServiceAccount/default",
    ] {
        assert!(!keys.contains(absent), "unexpected {absent}");
    }
    // The privileged container is reported once: on the Deployment, not its ReplicaSet or Pod.
    let privileged: Vec<_> = keys.iter().filter(|k| k.starts_with("K8S-001 ") && k.contains("web")).collect();
    assert_eq!(privileged.len(), 1, "{privileged:?}");
    for f in findings(&run.report) {
        assert_eq!(f["start_line"], 1, "{f}");
    }

    let probed = probed(&run.report);
    let seen: BTreeSet<&str> = probed.iter().map(|p| p.split(' ').next().unwrap()).collect();
    for owned in [
        "ReplicaSet/team-b/web-5d8f7c",
        "Pod/team-b/web-5d8f7c-x2k9p",
        "Job/team-a/backup-29000",
        "Pod/team-a/backup-29000-q7m2z",
    ] {
        assert!(!seen.contains(owned), "owned {owned} evaluated on its own: {seen:?}");
    }
    for kept in [
        "Deployment/team-b/web",
        "CronJob/team-a/backup",
        "Service/team-b/web",
        "Namespace/team-a",
        "ClusterRole/view",
        "ClusterInventory/lab",
    ] {
        assert!(seen.contains(kept), "{kept} not evaluated: {seen:?}");
    }
    assert!(probed.contains("Deployment/team-b/web (apps/v1 Deployment stripped=true)"), "{probed:#?}");
    assert!(probed.contains("Pod/team-a/trace (v1 Pod stripped=true)"), "{probed:#?}");
    assert!(!run.requests.iter().any(|r| r.contains("secrets")), "{:?}", run.requests);
    assert!(
        run.requests.iter().any(|r| r.starts_with("/api/v1/pods?") && r.contains("continue=page2")),
        "{:?}",
        run.requests
    );
    // The one diagnostic is log-shipper's refused waiver (see annotation_waivers_on_live_objects).
    assert_eq!(diagnostics(&run.report).len(), 1, "{:?}", diagnostics(&run.report));
}

/// The `suppression` of rule's finding on an object, by resource name.
fn suppression_of<'a>(report: &'a Json, rule: &str, resource: &str) -> &'a Json {
    let found = findings(report).into_iter().find(|f| f["rule_id"] == rule && f["resource"] == resource);
    &found.unwrap_or_else(|| panic!("no {rule} on {resource}"))["suppression"]
}

/// A live workload's `rampart.dev/ignore` annotation waives its findings as in a manifest: the
/// finding is reported as suppressed, with the reason, and listed among the waivers; a wildcard
/// annotation is refused with a diagnostic; `--no-inline-ignores` waives nothing.
#[test]
fn annotation_waivers_on_live_objects() {
    let run = audit(HashMap::new(), &[]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let waived = suppression_of(&run.report, "K8S-001", "DaemonSet/team-b/node-agent");
    assert_eq!(waived["kind"], "annotation", "{waived}");
    assert_eq!(waived["reason"], "the node agent manages host devices; reviewed by platform security");
    let waivers = run.report["summary"]["waivers"].as_array().expect("waivers");
    assert!(
        waivers.iter().any(|w| w["kind"] == "annotation"
            && w["source"] == "k8s/lab/team-b/DaemonSet/node-agent DaemonSet/team-b/node-agent"
            && w["rules"] == json!(["K8S-001"])
            && w["findings"] == 1),
        "{waivers:?}"
    );
    assert_eq!(suppression_of(&run.report, "K8S-001", "DaemonSet/team-b/log-shipper"), &Json::Null);
    let diags = run.report["diagnostics"].as_array().expect("diagnostics");
    assert!(
        diags.iter().any(|d| d["file"] == "k8s/lab/team-b/DaemonSet/log-shipper"
            && d["level"] == "warning"
            && d["line"] == 1
            && d["message"].as_str().unwrap_or_default().contains("rampart.dev/ignore refused")),
        "{diags:?}"
    );

    let strict = audit(HashMap::new(), &["--no-inline-ignores"]);
    assert_eq!(strict.code, 0, "{}", strict.stderr);
    assert_eq!(suppression_of(&strict.report, "K8S-001", "DaemonSet/team-b/node-agent"), &Json::Null);
    assert_eq!(strict.report["summary"]["waivers"], json!([]), "{}", strict.report["summary"]);
}

#[test]
fn forbidden_and_slow_resources_are_diagnostics() {
    let rules = HashMap::from([
        ("/apis/rbac.authorization.k8s.io/v1/roles".to_string(), Behaviour::Forbidden),
        ("/apis/networking.k8s.io/v1/networkpolicies".to_string(), Behaviour::Forbidden),
        ("/api/v1/services".to_string(), Behaviour::Slow(Duration::from_secs(4))),
    ]);
    let run = audit(rules, &["--request-timeout", "1"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let diags = diagnostics(&run.report);
    assert!(
        diags.contains(
            &"not evaluated: Role in all namespaces: forbidden (needs list on roles.rbac.authorization.k8s.io)"
                .to_string()
        ),
        "{diags:?}"
    );
    assert!(
        diags
            .iter()
            .any(|d| d.starts_with("not evaluated: Service in all namespaces: timed out reading services after 1s")),
        "{diags:?}"
    );
    let keys = keys(&run.report);
    assert!(keys.contains("K8S-001 Deployment/team-b/web @ k8s/lab/team-b/Deployment/web"), "{keys:#?}");
    assert!(!keys.iter().any(|k| k.starts_with("K8S-040 ")), "services were not read: {keys:#?}");
    // NetworkPolicies could not be read: no namespace is said to lack one.
    assert!(!keys.iter().any(|k| k.starts_with("K8S-043 ")), "{keys:#?}");
    assert!(keys.iter().any(|k| k.starts_with("K8S-044 ")), "{keys:#?}");

    let rules = HashMap::from([("/api/v1/services".to_string(), Behaviour::Forbidden)]);
    let strict = audit(rules, &["--strict"]);
    assert_eq!(strict.code, 2, "--strict fails on a coverage gap: {}", strict.stderr);
}

#[test]
fn namespace_restricts_the_audit() {
    let run = audit(HashMap::new(), &["--namespace", "team-a"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let keys = keys(&run.report);
    assert!(keys.contains("K8S-007 Pod/team-a/trace @ k8s/lab/team-a/Pod/trace"), "{keys:#?}");
    assert!(
        keys.contains("K8S-045 ServiceAccount/team-a/default @ k8s/lab/team-a/ServiceAccount/default"),
        "{keys:#?}"
    );
    for k in &keys {
        assert!(!k.contains("team-b") && !k.contains("kube-system") && !k.contains("Namespace/default"), "{k}");
    }
    // Cluster roles and bindings feed the inventory but are not evaluated as objects.
    assert!(keys.contains("K8S-038 RoleBinding/team-a/all-sa-admin @ k8s/lab/team-a/RoleBinding/all-sa-admin"));
    assert!(!keys.iter().any(|k| k.starts_with("K8S-038 ClusterRoleBinding/")), "{keys:#?}");
    let probed = probed(&run.report);
    assert!(probed.iter().any(|p| p.starts_with("Namespace/team-a ")), "{probed:#?}");
    assert!(!probed.iter().any(|p| p.starts_with("ClusterRole")), "{probed:#?}");
    assert!(run.requests.iter().any(|r| r.starts_with("/api/v1/namespaces/team-a/pods")), "{:?}", run.requests);
    assert!(!run.requests.iter().any(|r| r.starts_with("/api/v1/pods")), "{:?}", run.requests);
}

#[test]
fn bad_kubeconfig_is_an_error() {
    let dir = tempfile::tempdir().unwrap();
    let config = write(dir.path(), "kubeconfig", "apiVersion: v1\nkind: Config\nclusters: [not, a, cluster\n");
    let out = rampart(dir.path(), &["audit", "k8s", "--kubeconfig", config.to_str().unwrap(), "--no-config"]);
    assert_eq!(code(&out), 2);
    assert!(String::from_utf8_lossy(&out.stderr).contains("kubeconfig"), "{}", String::from_utf8_lossy(&out.stderr));

    let (port, _) = start_server(HashMap::new());
    let config = kubeconfig(dir.path(), port);
    let out = rampart(
        dir.path(),
        &["audit", "k8s", "--kubeconfig", config.to_str().unwrap(), "--context", "nope", "--no-config"],
    );
    assert_eq!(code(&out), 2);
    assert!(String::from_utf8_lossy(&out.stderr).contains("nope"), "{}", String::from_utf8_lossy(&out.stderr));

    // Nothing listening: an error, not an empty audit that passes.
    let closed = TcpListener::bind("127.0.0.1:0").unwrap().local_addr().unwrap().port();
    let config = kubeconfig(dir.path(), closed);
    let out = rampart(dir.path(), &["audit", "k8s", "--kubeconfig", config.to_str().unwrap(), "--no-config"]);
    assert_eq!(code(&out), 2);
    assert!(String::from_utf8_lossy(&out.stderr).contains("127.0.0.1"), "{}", String::from_utf8_lossy(&out.stderr));
}

#[test]
fn sarif_output_validates() {
    let (port, _) = start_server(HashMap::new());
    let dir = tempfile::tempdir().unwrap();
    let config = kubeconfig(dir.path(), port);
    let sarif = dir.path().join("audit.sarif");
    let out = rampart(
        dir.path(),
        &[
            "audit",
            "k8s",
            "--kubeconfig",
            config.to_str().unwrap(),
            "-f",
            "json",
            "-o",
            &format!("sarif={}", sarif.display()),
            "--fail-on",
            "none",
            "--no-config",
        ],
    );
    assert_eq!(code(&out), 0, "{}", String::from_utf8_lossy(&out.stderr));
    let log: Json = serde_json::from_str(&std::fs::read_to_string(&sarif).unwrap()).unwrap();
    let uris: Vec<&str> = log["runs"][0]["results"]
        .as_array()
        .unwrap()
        .iter()
        .filter_map(|r| r["locations"][0]["physicalLocation"]["artifactLocation"]["uri"].as_str())
        .collect();
    assert!(uris.contains(&"k8s/lab/team-b/Deployment/web"), "{uris:?}");
    assert!(uris.iter().all(|u| u.starts_with("k8s/lab/")), "{uris:?}");

    validate_sarif(&sarif);
}
