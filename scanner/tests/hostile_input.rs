//! Hostile and broken input: every case ends in a located diagnostic (or nothing), never a
//! panic, and the other files are still scanned.

mod common;

use common::*;

fn scan_json(dir: &std::path::Path, extra: &[&str]) -> serde_json::Value {
    let mut args = vec!["scan", ".", "-f", "json", "--fail-on", "none"];
    args.extend_from_slice(extra);
    let out = rampart(dir, &args);
    assert_eq!(code(&out), 0, "{}", String::from_utf8_lossy(&out.stderr));
    json(&out)
}

fn diagnostic<'a>(report: &'a serde_json::Value, file: &str) -> &'a serde_json::Value {
    report["diagnostics"]
        .as_array()
        .unwrap()
        .iter()
        .find(|d| d["file"] == file)
        .unwrap_or_else(|| panic!("no diagnostic for {file}: {report:#}"))
}

#[test]
fn alias_bomb_is_refused() {
    let dir = tempfile::tempdir().unwrap();
    let mut bomb =
        String::from("apiVersion: v1\nkind: ConfigMap\na0: &a0 [lol, lol, lol, lol, lol, lol, lol, lol, lol]\n");
    for i in 1..10 {
        bomb.push_str(&format!("a{i}: &a{i} [{}]\n", vec![format!("*a{}", i - 1); 9].join(", ")));
    }
    write(dir.path(), "bomb.yaml", &bomb);
    write(dir.path(), "pod.yaml", PRIVILEGED_POD);
    let report = scan_json(dir.path(), &[]);
    let d = diagnostic(&report, "bomb.yaml");
    assert!(d["message"].as_str().unwrap().contains("alias expansion"), "{d}");
    assert!(d["line"].as_u64().unwrap() > 3);
    assert!(report["summary"]["findings"].as_u64().unwrap() > 0);
}

#[test]
fn deep_nesting_and_malformed_yaml() {
    let dir = tempfile::tempdir().unwrap();
    write(dir.path(), "deep.yaml", &format!("apiVersion: v1\nkind: Pod\nspec: {}\n", "[".repeat(50_000)));
    write(dir.path(), "tabs.yaml", "apiVersion: v1\nkind: Pod\nmetadata:\n\tname: x\n");
    // A repeated key: the last value is the one the API server applies, so it is the one
    // judged (a privileged container cannot hide behind an earlier `privileged: false`).
    write(
        dir.path(),
        "dup.yaml",
        "apiVersion: v1\nkind: Pod\nmetadata:\n  name: p\nspec:\n  containers:\n    - name: a\n      image: nginx\n      securityContext:\n        privileged: false\n        privileged: true\n",
    );
    let report = scan_json(dir.path(), &[]);
    for file in ["deep.yaml", "tabs.yaml"] {
        let d = diagnostic(&report, file);
        assert_eq!(d["level"], "error", "{d}");
        assert!(d["line"].as_u64().unwrap() >= 1, "{d}");
    }
    let d = diagnostic(&report, "dup.yaml");
    assert_eq!((&d["level"], &d["line"]), (&serde_json::json!("warning"), &serde_json::json!(11)), "{d}");
    assert!(d["message"].as_str().unwrap().contains("duplicate key \"privileged\" (first defined on line 10)"), "{d}");
    let privileged = report["findings"]
        .as_array()
        .unwrap()
        .iter()
        .find(|f| f["file"] == "dup.yaml" && f["rule_id"] == "K8S-001")
        .unwrap_or_else(|| panic!("{report}"));
    assert_eq!(privileged["start_line"], 11);
}

#[test]
fn huge_binary_and_non_utf8_files() {
    let dir = tempfile::tempdir().unwrap();
    let mut big = String::from("apiVersion: v1\nkind: ConfigMap\ndata:\n");
    let mut i = 0;
    while big.len() < 50 * 1024 * 1024 {
        big.push_str(&format!("  key{i}: 0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef\n"));
        i += 1;
    }
    write(dir.path(), "big.yaml", &big);
    std::fs::write(dir.path().join("image.yaml"), b"apiVersion\x00\x01\x02\xff").unwrap();
    std::fs::write(dir.path().join("latin1.yaml"), b"apiVersion: v1\nkind: Pod\nmetadata:\n  name: caf\xe9\n").unwrap();
    std::fs::write(dir.path().join("Dockerfile"), b"\x7fELF\x02\x01\x01\x00\x00\x00").unwrap();
    let report = scan_json(dir.path(), &[]);
    assert!(diagnostic(&report, "big.yaml")["message"].as_str().unwrap().contains("limit"));
    assert!(diagnostic(&report, "image.yaml")["message"].as_str().unwrap().contains("binary"));
    let latin1 = diagnostic(&report, "latin1.yaml");
    assert_eq!(latin1["line"], 4);
    assert!(latin1["message"].as_str().unwrap().contains("UTF-8"));
    assert!(diagnostic(&report, "Dockerfile")["message"].as_str().unwrap().contains("binary"));
    // A raised limit reads the big file.
    let report = scan_json(dir.path(), &["--max-file-size", "104857600"]);
    assert!(report["diagnostics"].as_array().unwrap().iter().all(|d| d["file"] != "big.yaml"));
}

#[cfg(unix)]
#[test]
fn symlink_loops_and_empty_directories() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::create_dir(dir.path().join("empty")).unwrap();
    std::os::unix::fs::symlink(dir.path(), dir.path().join("empty").join("loop")).unwrap();
    std::os::unix::fs::symlink("self.yaml", dir.path().join("self.yaml")).unwrap();
    write(dir.path(), "pod.yaml", PRIVILEGED_POD);
    // Not following links: the loop is never entered.
    let report = scan_json(dir.path(), &[]);
    assert_eq!(finding_keys(&report).iter().filter(|k| k.starts_with("K8S-001")).count(), 1);
    // Following links: the loop is detected and reported, the scan goes on.
    let report = scan_json(dir.path(), &["--follow-links"]);
    let loops = report["diagnostics"].as_array().unwrap();
    assert!(loops.iter().any(|d| d["message"].as_str().unwrap().contains("loop")), "{report:#}");
    assert!(finding_keys(&report).contains(&"K8S-001@pod.yaml:11".to_string()));
    // A self-referencing link named on the command line.
    let out = rampart(dir.path(), &["scan", "self.yaml", "-f", "json"]);
    assert_eq!(code(&out), 0);
    assert!(json(&out)["diagnostics"][0]["file"] == "self.yaml");
    // An empty directory: nothing to say.
    let report = scan_json(&dir.path().join("empty"), &[]);
    assert_eq!(report["summary"]["findings"], 0);
}

#[test]
fn links_out_of_the_scanned_tree_are_not_followed_unless_asked() {
    let dir = tempfile::tempdir().unwrap();
    let (repo, outside) = (dir.path().join("repo"), dir.path().join("outside"));
    std::fs::create_dir_all(repo.join("k8s")).unwrap();
    std::fs::create_dir_all(&outside).unwrap();
    write(&outside, "home-secrets.yaml", PRIVILEGED_POD);
    write(&repo, "k8s/pod.yaml", PRIVILEGED_POD);
    std::os::unix::fs::symlink(outside.join("home-secrets.yaml"), repo.join("k8s/leak.yaml")).unwrap();
    // A link that stays inside the tree is read like any file.
    std::os::unix::fs::symlink("pod.yaml", repo.join("k8s/alias.yaml")).unwrap();
    let report = scan_json(&repo, &[]);
    let keys = finding_keys(&report);
    assert!(keys.contains(&"K8S-001@k8s/pod.yaml:11".to_string()), "{keys:?}");
    assert!(keys.contains(&"K8S-001@k8s/alias.yaml:11".to_string()), "{keys:?}");
    assert!(!keys.iter().any(|k| k.contains("leak.yaml")), "{keys:?}");
    let d = diagnostic(&report, "k8s/leak.yaml");
    assert!(d["message"].as_str().unwrap().contains("outside the scanned directory"), "{d}");
    // Asked to follow links: read, and named by the link, never by the outside path.
    let report = scan_json(&repo, &["--follow-links"]);
    let keys = finding_keys(&report);
    assert!(keys.contains(&"K8S-001@k8s/leak.yaml:11".to_string()), "{keys:?}");
    assert!(!serde_json::to_string(&report).unwrap().contains("outside"), "{report:#}");
}

#[test]
fn broken_dockerfiles_are_located() {
    let dir = tempfile::tempdir().unwrap();
    write(dir.path(), "Dockerfile", "FROM alpine:3.20\nRUNN apk add curl\nUSER app\nRUN <<EOF\necho never closed\n");
    write(dir.path(), "empty.Dockerfile", "");
    let report = scan_json(dir.path(), &[]);
    let diags = report["diagnostics"].as_array().unwrap();
    assert!(diags.iter().any(|d| d["file"] == "Dockerfile"
        && d["line"] == 2
        && d["message"].as_str().unwrap().contains("unknown instruction")));
    assert!(diags.iter().any(|d| d["file"] == "Dockerfile"
        && d["line"] == 4
        && d["message"].as_str().unwrap().contains("never closed")));
    assert!(diags
        .iter()
        .any(|d| d["file"] == "empty.Dockerfile" && d["message"].as_str().unwrap().contains("no FROM")));
    // What did parse is still evaluated.
    assert!(finding_keys(&report).iter().any(|k| k.starts_with("DOCKER-") && k.contains("@Dockerfile:")));
}

/// A custom rule that cannot finish in a second.
const SLOW_RULE: &str = "# METADATA
# title: Slow
# description: Never finishes in time.
# scope: package
# custom:
#   id: SLOW-001
#   severity: LOW
#   recommended_action: None.
#   input:
#     selector:
#       - type: kubernetes
package custom.slow

import rego.v1

deny contains {\"msg\": \"slow\"} if {
\tinput.kind == \"Pod\"
\tcount([x | some i in numbers.range(1, 5000); some j in numbers.range(1, 5000); x := i * j; x % 7 == 3]) > 0
}
";

#[test]
fn runaway_policy_is_stopped() {
    let dir = tempfile::tempdir().unwrap();
    write(dir.path(), "policies/slow.rego", SLOW_RULE);
    write(dir.path(), "pod.yaml", PRIVILEGED_POD);
    let started = std::time::Instant::now();
    let out = rampart(
        dir.path(),
        &["scan", "pod.yaml", "--no-builtin", "--policy", "policies", "--policy-timeout", "1", "-f", "json"],
    );
    assert!(started.elapsed() < std::time::Duration::from_secs(60));
    assert_eq!(code(&out), 2, "a failed rule is a policy error");
    let report = json(&out);
    let d = &report["diagnostics"][0];
    assert_eq!(d["rule"], "SLOW-001");
    assert!(d["message"].as_str().unwrap().contains("SLOW-001"), "{d}");
}

/// Scans of many files run the rules as bytecode: the time limit holds there too, and the rule
/// that ran out of time is still named.
#[test]
fn runaway_policy_is_stopped_in_bytecode() {
    let dir = tempfile::tempdir().unwrap();
    write(dir.path(), "policies/slow.rego", SLOW_RULE);
    for i in 0..rampart::engine::VM_MIN_DOCUMENTS {
        write(dir.path(), &format!("pods/pod{i}.yaml"), PRIVILEGED_POD);
    }
    let started = std::time::Instant::now();
    let out = rampart(
        dir.path(),
        &["scan", "pods", "--no-builtin", "--policy", "policies", "--policy-timeout", "1", "-j", "2", "-f", "json"],
    );
    assert!(started.elapsed() < std::time::Duration::from_secs(120));
    assert_eq!(code(&out), 2, "a failed rule is a policy error");
    let diagnostics = json(&out)["diagnostics"].as_array().unwrap().clone();
    assert_eq!(diagnostics.len(), rampart::engine::VM_MIN_DOCUMENTS, "{diagnostics:?}");
    for d in diagnostics {
        assert_eq!(d["rule"], "SLOW-001");
        assert!(d["message"].as_str().unwrap().contains("time limit"), "{d}");
    }
}

/// The YAML Kubernetes reads is what Rampart reads: each edge case parses to the same value
/// with Rampart's loader (YAML 1.1 booleans, as for manifests) as with PyYAML's `safe_load`,
/// the loader most YAML tooling shares the reading of, including the two a strict YAML 1.2
/// reading rejects (a flow collection closed at its key's column, a repeated key).
#[test]
fn yaml_edge_cases_read_as_pyyaml_reads_them() {
    let cases: &[(&str, &str)] = &[
        ("flow closed at the key's column", "args: [\n  \"--x\",\n  \"--y\"\n]\ncommand: [\"sh\",\n\"-c\"]\n"),
        ("flow mapping over lines", "env: {a: 1,\nb: two}\n"),
        ("repeated key, last wins", "kind: Pod\nkind: Service\nspec:\n  a: 1\n  a: 2\n"),
        ("merge keys", "base: &b {x: 1, y: 2}\nc:\n  <<: *b\n  y: 3\n"),
        ("block scalars", "keep: |+\n  a\n\nstrip: >-\n  b\n  c\nplain: d\n"),
        ("yaml 1.1 booleans and nulls", "a: yes\nb: off\nc: ~\nd: null\ne: 'yes'\nf:\n"),
        ("quoted escapes", "a: \"tab\\tnl\\n\\u00e9\"\nb: 'it''s'\n"),
        ("numbers", "a: 1\nb: -2.5\nd: \"1\"\n"),
        ("nested sequences", "- - a\n  - b\n- {c: [1, 2]}\n"),
    ];
    let python = common::tool_env("RAMPART_PYTHON");
    for (what, text) in cases {
        let (docs, _) = rampart::yaml::parse_with_warnings(text).unwrap_or_else(|e| panic!("{what}: {e}"));
        let ours = rampart::yaml::to_json_with(&docs[0], &mut String::new(), &mut Default::default(), true);
        let out = std::process::Command::new(&python)
            .args(["-c", "import json, sys, yaml\nprint(json.dumps(yaml.safe_load(sys.stdin.read())))"])
            .stdin(std::process::Stdio::piped())
            .stdout(std::process::Stdio::piped())
            .spawn()
            .and_then(|mut child| {
                use std::io::Write;
                child.stdin.take().unwrap().write_all(text.as_bytes())?;
                child.wait_with_output()
            })
            .unwrap();
        assert!(out.status.success(), "{what}: PyYAML failed: {}", String::from_utf8_lossy(&out.stderr));
        let theirs: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
        assert_eq!(ours, theirs, "{what}");
    }
}
