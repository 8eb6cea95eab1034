//! Shared helpers for the integration tests: run the real binary, read its JSON.
#![allow(dead_code)]

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

pub fn repo() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

pub fn rampart(cwd: &Path, args: &[&str]) -> Output {
    rampart_env(cwd, args, &[])
}

pub fn rampart_env(cwd: &Path, args: &[&str], env: &[(&str, &str)]) -> Output {
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_rampart"));
    cmd.args(args).current_dir(cwd).env("RAMPART_TODAY", "2026-06-01").env_remove("NO_COLOR");
    for (k, v) in env {
        cmd.env(k, v);
    }
    let out = cmd.output().expect("run rampart");
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(!stderr.contains("panicked"), "rampart panicked: {stderr}");
    out
}

pub fn code(out: &Output) -> i32 {
    out.status.code().expect("exit code")
}

pub fn stdout(out: &Output) -> String {
    String::from_utf8(out.stdout.clone()).expect("utf-8 stdout")
}

pub fn json(out: &Output) -> serde_json::Value {
    serde_json::from_slice(&out.stdout)
        .unwrap_or_else(|e| panic!("stdout is not JSON ({e}): {}", String::from_utf8_lossy(&out.stdout)))
}

/// `rule_id@file:line` for every finding, sorted.
pub fn finding_keys(report: &serde_json::Value) -> Vec<String> {
    report["findings"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| format!("{}@{}:{}", f["rule_id"].as_str().unwrap(), f["file"].as_str().unwrap(), f["start_line"]))
        .collect()
}

pub fn write(dir: &Path, rel: &str, text: &str) -> PathBuf {
    let path = dir.join(rel);
    std::fs::create_dir_all(path.parent().unwrap()).unwrap();
    std::fs::write(&path, text).unwrap();
    path
}

pub const PRIVILEGED_POD: &str = "apiVersion: v1
kind: Pod
metadata:
  name: app
  namespace: prod
spec:
  containers:
    - name: app
      image: nginx:1.27
      securityContext:
        privileged: true
";

/// Every scannable file of the sample and the rules-tests cases, sorted: the corpus that
/// cross-checks and fuzzing run over.
pub fn corpus_files() -> Vec<PathBuf> {
    let mut out = Vec::new();
    let mut stack = vec![repo().join("fixtures"), repo().join("rules-tests")];
    while let Some(dir) = stack.pop() {
        for entry in std::fs::read_dir(&dir).unwrap().flatten() {
            let p = entry.path();
            if p.is_dir() {
                stack.push(p);
            } else if rampart::collect::classify(&p).is_some() {
                out.push(p);
            }
        }
    }
    out.sort();
    out
}

/// The path a CI rule's case is collected as, as `rampart test` reads it (its directory says
/// which models its rule reads); `None` for other files.
#[allow(dead_code)]
pub fn ci_case_as(path: &Path) -> Option<String> {
    let name = path.file_name().unwrap().to_str().unwrap();
    let shown = path.to_string_lossy();
    let models: &[rampart::document::Model] = if shown.contains("rules-tests/github/dependabot_") {
        &[rampart::document::Model::Dependabot]
    } else if shown.contains("rules-tests/github/") {
        &[rampart::document::Model::GithubWorkflow, rampart::document::Model::GithubAction]
    } else if shown.contains("rules-tests/gitlab/") {
        &[rampart::document::Model::GitlabCi]
    } else if shown.contains("rules-tests/compose/") {
        &[rampart::document::Model::Compose]
    } else {
        &[]
    };
    (!models.is_empty()).then(|| rampart::policy::cases::scanned_as(models, name))
}

/// A validator's path, set by scripts/test.sh.
pub fn tool_env(name: &str) -> String {
    std::env::var(name).unwrap_or_else(|_| panic!("{name} is not set: run the suite with scripts/test.sh"))
}

/// Validate a SARIF file with the JSON schema and the multitool; panic with their complaints.
pub fn validate_sarif(path: &Path) {
    let python = tool_env("RAMPART_PYTHON");
    let schema = tool_env("RAMPART_SARIF_SCHEMA");
    let check = Command::new(&python)
        .args([
            "-c",
            "import json, sys, jsonschema\nschema = json.load(open(sys.argv[1]))\ndoc = json.load(open(sys.argv[2]))\nerrors = sorted(jsonschema.Draft7Validator(schema).iter_errors(doc), key=str)\nfor e in errors: print(list(e.absolute_path), e.message)\nsys.exit(1 if errors else 0)",
            &schema,
            path.to_str().unwrap(),
        ])
        .output()
        .expect("run python");
    assert!(
        check.status.success(),
        "{} fails the SARIF schema:\n{}",
        path.display(),
        String::from_utf8_lossy(&check.stdout)
    );

    let out = path.with_extension("validation.sarif");
    let multitool = Command::new(tool_env("RAMPART_SARIF_MULTITOOL"))
        .args(["validate", path.to_str().unwrap(), "-o", out.to_str().unwrap(), "--log", "ForceOverwrite"])
        .output()
        .expect("run sarif-multitool");
    assert!(multitool.status.success(), "multitool: {}", String::from_utf8_lossy(&multitool.stdout));
    // The multitool exits 0 even on invalid input: read its findings.
    let log: serde_json::Value = serde_json::from_str(&std::fs::read_to_string(&out).unwrap()).unwrap();
    let errors: Vec<String> = log["runs"][0]["results"]
        .as_array()
        .map(|rs| {
            rs.iter().filter(|r| r["level"] == "error").map(|r| format!("{} {}", r["ruleId"], r["message"])).collect()
        })
        .unwrap_or_default();
    assert!(errors.is_empty(), "{}: multitool errors:\n{}", path.display(), errors.join("\n"));
}
