//! End-to-end tests of `rampart scan` through the real binary: the bundled sample, exit codes,
//! suppressions, configuration, discovery and determinism.

mod common;

use common::*;

#[test]
fn sample_table_output() {
    let out = rampart(&repo(), &["scan", "fixtures", "--format", "table", "--fail-on", "none"]);
    assert_eq!(code(&out), 0);
    insta::assert_snapshot!(stdout(&out));
}

#[test]
fn sample_json_output() {
    let out = rampart(&repo(), &["scan", "fixtures", "--format", "json"]);
    assert_eq!(code(&out), 1);
    let report = json(&out);
    assert_eq!(report["schema_version"], "1");
    // Every planted problem, at its line.
    let keys = finding_keys(&report);
    for expected in [
        "K8S-001@fixtures/sample/k8s/web.yaml:38",
        "K8S-001@fixtures/sample/helm/templates/deployment.yaml:23",
        "GHA-001@fixtures/sample/.github/workflows/preview.yml:20",
        "GHA-002@fixtures/sample/.github/workflows/preview.yml:17",
        "GHA-003@fixtures/sample/.github/workflows/preview.yml:15",
        "GITLAB-004@fixtures/sample/.gitlab-ci.yml:6",
        "GITLAB-001@fixtures/sample/.gitlab-ci.yml:20",
        "GITLAB-003@fixtures/sample/ci/deploy.yml:4",
        "COMPOSE-001@fixtures/sample/compose/compose.override.yaml:4",
        "COMPOSE-004@fixtures/sample/compose/compose.yaml:25",
        "COMPOSE-006@fixtures/sample/compose/compose.yaml:19",
        "COMPOSE-007@fixtures/sample/compose/compose.yaml:17",
        "K8S-002@fixtures/sample/k8s/web.yaml:31",
        "K8S-019@fixtures/sample/k8s/web.yaml:21",
        "K8S-027@fixtures/sample/k8s/web.yaml:29",
        "K8S-032@fixtures/sample/k8s/web.yaml:24",
        "K8S-040@fixtures/sample/k8s/web.yaml:46",
        "K8S-006@fixtures/sample/k8s/backup-cronjob.yaml:13",
        "K8S-004@fixtures/sample/k8s/backup-cronjob.yaml:19",
        "K8S-010@fixtures/sample/k8s/backup-cronjob.yaml:28",
        "K8S-034@fixtures/sample/k8s/rbac.yaml:14",
        "K8S-038@fixtures/sample/k8s/rbac.yaml:23",
        "K8S-007@fixtures/sample/k8s/node-exporter.json:10",
        "DOCKER-003@fixtures/sample/docker/api/Dockerfile:1",
        "DOCKER-010@fixtures/sample/docker/api/Dockerfile:3",
        "DOCKER-008@fixtures/sample/docker/api/Dockerfile:7",
        "DOCKER-014@fixtures/sample/docker/api/Dockerfile:11",
    ] {
        assert!(keys.contains(&expected.to_string()), "missing {expected} in {keys:#?}");
    }
    // The hardened twins are clean.
    assert!(!keys.iter().any(|k| k.contains("payments-hardened") || k.contains("docker/web/")), "{keys:#?}");
    // No line 0, no absolute path.
    for f in report["findings"].as_array().unwrap() {
        assert!(f["start_line"].as_u64().unwrap() >= 1);
        assert!(f["end_line"].as_u64().unwrap() >= f["start_line"].as_u64().unwrap());
        assert!(!f["file"].as_str().unwrap().starts_with('/'));
    }
    // The Helm chart is rendered: its finding names the values key that set the value, which
    // the report carries as a related location.
    let helm = report["findings"]
        .as_array()
        .unwrap()
        .iter()
        .find(|f| f["rule_id"] == "K8S-001" && f["file"] == "fixtures/sample/helm/templates/deployment.yaml")
        .unwrap();
    assert_eq!(
        helm["related"],
        serde_json::json!({"file": "fixtures/sample/helm/values.yaml", "line": 10, "label": "set in fixtures/sample/helm/values.yaml:10 (`securityContext.privileged`)"})
    );
    assert!(helm["message"].as_str().unwrap().ends_with("(helm chart fixtures/sample/helm, values.yaml)"), "{helm}");
    assert_eq!(report["diagnostics"], serde_json::json!([]));
    assert_eq!(report["summary"]["not_scanned"], 0);
    insta::assert_json_snapshot!(report);
}

#[test]
fn exit_codes_follow_fail_on_whatever_the_format() {
    let dir = tempfile::tempdir().unwrap();
    write(dir.path(), "pod.yaml", PRIVILEGED_POD);
    for format in ["json", "table"] {
        let run = |extra: &[&str]| {
            let mut args = vec!["scan", ".", "--format", format];
            args.extend_from_slice(extra);
            code(&rampart(dir.path(), &args))
        };
        assert_eq!(run(&[]), 1, "{format}");
        assert_eq!(run(&["--fail-on", "high"]), 1, "{format}");
        assert_eq!(run(&["--fail-on", "critical"]), 0, "{format}");
        assert_eq!(run(&["--fail-on", "none"]), 0, "{format}");
        assert_eq!(run(&["--fail-on", "urgent"]), 2, "{format}");
        assert_eq!(run(&["--rule", "NOPE-001"]), 2, "{format}");
        assert_eq!(run(&["--rule", "K8S-001", "--fail-on", "high"]), 1, "{format}");
        assert_eq!(run(&["--skip-rule", "K8S-001", "--fail-on", "high"]), 0, "{format}");
    }
    assert_eq!(code(&rampart(dir.path(), &["scan", "missing-dir"])), 2);
    assert_eq!(code(&rampart(dir.path(), &["scan", "--bogus-flag"])), 2);
}

#[test]
fn parse_errors_are_diagnostics_and_strict_makes_them_fatal() {
    let dir = tempfile::tempdir().unwrap();
    write(dir.path(), "bad.yaml", "apiVersion: v1\nkind: Pod\nmetadata:\n  name: [unclosed\n");
    write(dir.path(), "ok.yaml", PRIVILEGED_POD);
    let out = rampart(dir.path(), &["scan", ".", "-f", "json", "--fail-on", "none"]);
    assert_eq!(code(&out), 0);
    let report = json(&out);
    let d = &report["diagnostics"][0];
    assert_eq!(d["file"], "bad.yaml");
    assert_eq!(d["level"], "error");
    assert!(d["line"].as_u64().unwrap() >= 4, "{d}");
    assert!(d["message"].as_str().unwrap().starts_with("invalid YAML"), "{d}");
    // The good file is still scanned.
    assert!(finding_keys(&report).contains(&"K8S-001@ok.yaml:11".to_string()));
    assert_eq!(code(&rampart(dir.path(), &["scan", ".", "--strict", "--fail-on", "none"])), 2);
}

#[test]
fn inline_annotation_and_config_suppressions() {
    let dir = tempfile::tempdir().unwrap();
    write(
        dir.path(),
        "inline.yaml",
        "apiVersion: v1
kind: Pod
metadata:
  name: inline
spec:
  containers:
    - name: app
      image: nginx:1.27
      securityContext:
        # rampart:ignore K8S-001 -- the node agent needs it
        privileged: true
        allowPrivilegeEscalation: true # rampart:ignore K8S-002 exp:2026-01-01 -- expired waiver
",
    );
    write(
        dir.path(),
        "annotated.yaml",
        "apiVersion: v1
kind: Pod
metadata:
  name: annotated
  annotations:
    rampart.dev/ignore: \"K8S-001 -- vendor chart\"
spec:
  containers:
    - name: app
      image: nginx:1.27
      securityContext:
        privileged: true
",
    );
    write(
        dir.path(),
        "legacy/pod.yaml",
        &PRIVILEGED_POD.replace("name: app\n  namespace", "name: legacy\n  namespace"),
    );
    write(
        dir.path(),
        ".rampart.yaml",
        "ignore:\n  - rules: [K8S-001]\n    paths: [\"legacy/**\"]\n    reason: being rewritten\n    expires: 2027-01-01\n",
    );
    let out = rampart(dir.path(), &["scan", ".", "-f", "json", "--rule", "K8S-001", "--rule", "K8S-002"]);
    let report = json(&out);
    let by_file = |file: &str, rule: &str| {
        report["findings"]
            .as_array()
            .unwrap()
            .iter()
            .find(|f| f["file"] == file && f["rule_id"] == rule)
            .unwrap_or_else(|| panic!("no {rule} in {file}: {report:#}"))
            .clone()
    };
    let inline = by_file("inline.yaml", "K8S-001");
    assert_eq!(inline["suppression"]["kind"], "inline");
    assert_eq!(inline["suppression"]["reason"], "the node agent needs it");
    assert_eq!(by_file("annotated.yaml", "K8S-001")["suppression"]["kind"], "annotation");
    let config = by_file("legacy/pod.yaml", "K8S-001");
    assert_eq!(config["suppression"]["kind"], "config");
    assert_eq!(config["suppression"]["expires"], "2027-01-01");
    // The expired waiver no longer hides its finding, and says so.
    assert!(by_file("inline.yaml", "K8S-002")["suppression"].is_null());
    let warned = report["diagnostics"]
        .as_array()
        .unwrap()
        .iter()
        .any(|d| d["level"] == "warning" && d["line"] == 12 && d["message"].as_str().unwrap().contains("expired"));
    assert!(warned, "{report:#}");
    // Only the expired one fails the run.
    assert_eq!(code(&out), 1);
    assert_eq!(report["summary"]["suppressed"], 3);
    assert_eq!(code(&rampart(dir.path(), &["scan", ".", "--rule", "K8S-001"])), 0);
}

#[test]
fn peer_waivers_count_only_when_asked_and_name_their_origin() {
    let dir = tempfile::tempdir().unwrap();
    write(
        dir.path(),
        "tf/main.tf",
        r#"resource "aws_s3_bucket" "logs" {
  # checkov:skip=CKV_AWS_18:receives the other buckets' access logs
  # checkov:skip=CKV_AWS_144:no replica region
  bucket = "example-logs"
}
"#,
    );
    write(
        dir.path(),
        "stack.yaml",
        "AWSTemplateFormatVersion: \"2010-09-09\"
Resources:
  Logs:
    Type: AWS::S3::Bucket
    Metadata:
      cfn_nag:
        rules_to_suppress:
          - id: W35
            reason: log bucket
  Archive:
    Type: AWS::S3::Bucket
    Metadata:
      guard:
        SuppressedRules:
          - S3_BUCKET_LOGGING_ENABLED
          - S3_BUCKET_REPLICATION_ENABLED
",
    );
    let args = ["scan", ".", "-f", "json", "--rule", "AWS-S3-008", "--fail-on", "none"];
    let plain = json(&rampart(dir.path(), &args));
    assert_eq!(plain["summary"]["suppressed"], 0, "{plain:#}");
    assert!(plain["diagnostics"]
        .as_array()
        .unwrap()
        .iter()
        .all(|d| !d["message"].as_str().unwrap().contains("checkov")));

    let honoured = json(&rampart(dir.path(), &[&args[..], &["--honor-peer-ignores"]].concat()));
    let findings = honoured["findings"].as_array().unwrap();
    assert_eq!(findings.len(), 3, "{honoured:#}");
    for f in findings {
        assert_eq!(f["suppression"]["kind"], "peer", "{f:#}");
    }
    let reason = |file: &str, resource: &str| {
        findings.iter().find(|f| f["file"] == file && f["resource"].as_str().unwrap().contains(resource)).unwrap()
            ["suppression"]["reason"]
            .as_str()
            .unwrap()
            .to_string()
    };
    assert_eq!(reason("tf/main.tf", "logs"), "receives the other buckets' access logs (waived for checkov:CKV_AWS_18)");
    assert_eq!(reason("stack.yaml", "Logs"), "log bucket (waived for cfn-nag:W35)");
    assert_eq!(reason("stack.yaml", "Archive"), "waived for cfn-guard:S3_BUCKET_LOGGING_ENABLED");
    let waivers: Vec<&str> =
        honoured["summary"]["waivers"].as_array().unwrap().iter().map(|w| w["source"].as_str().unwrap()).collect();
    assert_eq!(
        waivers,
        [
            "stack.yaml:15 cfn-guard:S3_BUCKET_LOGGING_ENABLED",
            "stack.yaml:8 cfn-nag:W35",
            "tf/main.tf:2 checkov:CKV_AWS_18"
        ],
        "{honoured:#}"
    );
    // cfn-guard's names without a Rampart equivalent are listed too, at their entry.
    assert!(
        honoured["diagnostics"].as_array().unwrap().iter().any(|d| d["line"] == 16
            && d["message"]
                .as_str()
                .unwrap()
                .starts_with("cfn-guard:S3_BUCKET_REPLICATION_ENABLED has no Rampart equivalent")),
        "{honoured:#}"
    );
    // The peer ID Rampart has no rule for is listed, at its comment.
    let unmapped = honoured["diagnostics"]
        .as_array()
        .unwrap()
        .iter()
        .find(|d| d["message"].as_str().unwrap().starts_with("checkov:CKV_AWS_144 has no Rampart equivalent"))
        .unwrap_or_else(|| panic!("{honoured:#}"));
    assert_eq!((unmapped["file"].as_str(), unmapped["line"].as_u64()), (Some("tf/main.tf"), Some(3)));
    // A pull request's own comments waive nothing with --no-inline-ignores, peers' included.
    let untrusted = json(&rampart(dir.path(), &[&args[..], &["--honor-peer-ignores", "--no-inline-ignores"]].concat()));
    assert_eq!(untrusted["summary"]["suppressed"], 0);
}

/// Checkov's `checkov.io/skipN` annotations waive, with --honor-peer-ignores, what the mapped
/// rule finds anywhere in that object, and nothing in the next object of the same file.
#[test]
fn peer_annotations_waive_their_kubernetes_object() {
    let dir = tempfile::tempdir().unwrap();
    let waived = PRIVILEGED_POD.replace(
        "  namespace: prod\n",
        "  namespace: prod\n  annotations:\n    checkov.io/skip1: CKV_K8S_16=needs the host's devices\n    checkov.io/skip2: CKV_K8S_999\n",
    );
    // The second object carries only a waiver Rampart has no rule for.
    let other = PRIVILEGED_POD.replace(
        "name: app\n  namespace: prod\n",
        "name: other\n  namespace: prod\n  annotations:\n    checkov.io/skip1: CKV_K8S_998\n",
    );
    write(dir.path(), "pods.yaml", &format!("{waived}---\n{other}"));
    let args = ["scan", ".", "-f", "json", "--rule", "K8S-001", "--fail-on", "none"];
    let plain = json(&rampart(dir.path(), &args));
    assert_eq!(plain["summary"]["findings"], 2, "{plain:#}");
    assert_eq!(plain["summary"]["suppressed"], 0, "{plain:#}");

    let honoured = json(&rampart(dir.path(), &[&args[..], &["--honor-peer-ignores"]].concat()));
    let findings = honoured["findings"].as_array().unwrap();
    assert_eq!(findings.len(), 2, "{honoured:#}");
    let by_resource = |name: &str| findings.iter().find(|f| f["resource"].as_str().unwrap().contains(name)).unwrap();
    let app = by_resource("/app");
    assert_eq!(app["suppression"]["kind"], "peer", "{app:#}");
    assert_eq!(app["suppression"]["reason"], "needs the host's devices (waived for checkov:CKV_K8S_16)");
    assert!(by_resource("/other")["suppression"].is_null(), "the next object is not waived: {honoured:#}");
    let waivers: Vec<&str> =
        honoured["summary"]["waivers"].as_array().unwrap().iter().map(|w| w["source"].as_str().unwrap()).collect();
    assert_eq!(waivers, ["pods.yaml:7 checkov:CKV_K8S_16"], "{honoured:#}");
    let unmapped = honoured["diagnostics"]
        .as_array()
        .unwrap()
        .iter()
        .find(|d| d["message"].as_str().unwrap().starts_with("checkov:CKV_K8S_999 has no Rampart equivalent"))
        .unwrap_or_else(|| panic!("{honoured:#}"));
    assert_eq!((unmapped["file"].as_str(), unmapped["line"].as_u64()), (Some("pods.yaml"), Some(8)));
    // Each object's annotations are listed, not only the first object's of the file.
    let second = honoured["diagnostics"]
        .as_array()
        .unwrap()
        .iter()
        .find(|d| d["message"].as_str().unwrap().starts_with("checkov:CKV_K8S_998 has no Rampart equivalent"))
        .unwrap_or_else(|| panic!("{honoured:#}"));
    assert_eq!(second["line"].as_u64(), Some(22), "{honoured:#}");
}

#[test]
fn config_is_found_upward_and_validated() {
    let dir = tempfile::tempdir().unwrap();
    write(dir.path(), "deploy/pod.yaml", PRIVILEGED_POD);
    write(dir.path(), ".rampart.yaml", "fail_on: critical\nskip_paths: [\"vendor/**\"]\n");
    write(dir.path(), "vendor/pod.yaml", PRIVILEGED_POD);
    let out = rampart(&dir.path().join("deploy"), &["scan", ".", "-f", "json"]);
    assert_eq!(code(&out), 0, "fail_on from the parent directory's config");
    let out = rampart(dir.path(), &["scan", ".", "-f", "json"]);
    assert!(!finding_keys(&json(&out)).iter().any(|k| k.contains("vendor/")));

    write(dir.path(), ".rampart.yaml", "fail_on: critical\nskip_rule: [K8S-001]\n");
    let out = rampart(dir.path(), &["scan", "."]);
    assert_eq!(code(&out), 2);
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains(".rampart.yaml") && err.contains("line 2") && err.contains("skip_rule"), "{err}");
}

#[test]
fn gitignore_is_honoured_but_named_files_are_always_scanned() {
    let dir = tempfile::tempdir().unwrap();
    write(dir.path(), ".gitignore", "generated/\n");
    write(dir.path(), "generated/pod.yaml", PRIVILEGED_POD);
    write(dir.path(), "node_modules/pkg/pod.yaml", PRIVILEGED_POD);
    let report = json(&rampart(dir.path(), &["scan", ".", "-f", "json"]));
    assert_eq!(report["summary"]["files_scanned"], 0);
    let report = json(&rampart(dir.path(), &["scan", "generated/pod.yaml", "-f", "json"]));
    assert!(finding_keys(&report).contains(&"K8S-001@generated/pod.yaml:11".to_string()));
    let report = json(&rampart(dir.path(), &["scan", ".", "--exclude", "generated", "-f", "json"]));
    assert_eq!(report["summary"]["files_scanned"], 0);
}

#[test]
fn output_files_and_stdout_agree() {
    let dir = tempfile::tempdir().unwrap();
    write(dir.path(), "pod.yaml", PRIVILEGED_POD);
    let out = rampart(dir.path(), &["scan", ".", "-f", "table", "-o", "json=r.json", "--output", "table=r.txt"]);
    assert_eq!(code(&out), 1);
    let file: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(dir.path().join("r.json")).unwrap()).unwrap();
    assert!(file["summary"]["findings"].as_u64().unwrap() > 0);
    assert_eq!(std::fs::read_to_string(dir.path().join("r.txt")).unwrap(), stdout(&out));
    assert_eq!(code(&rampart(dir.path(), &["scan", ".", "-o", "json"])), 2);
}

#[test]
fn output_is_identical_across_thread_counts() {
    let root = repo();
    let args = ["scan", "fixtures", "rules-tests", "-f", "json", "--fail-on", "none"];
    let one = rampart_env(&root, &args, &[("RAYON_NUM_THREADS", "1")]);
    let four = rampart_env(&root, &args, &[("RAYON_NUM_THREADS", "4")]);
    let default = rampart(&root, &args);
    assert!(json(&one)["summary"]["findings"].as_u64().unwrap() > 300);
    assert_eq!(one.stdout, four.stdout);
    assert_eq!(one.stdout, default.stdout);
}

/// The same on a generated corpus of every kind (Terraform modules, CloudFormation, manifests,
/// Dockerfiles), in JSON and SARIF, with one, two and five workers, and with the interpreter
/// in place of the bytecode.
#[test]
fn generated_corpus_output_is_identical_across_thread_counts() {
    let dir = tempfile::tempdir().unwrap();
    let corpus = dir.path().join("corpus");
    let gen = std::process::Command::new(tool_env("RAMPART_PYTHON"))
        .args(["bench/gen_iac.py", corpus.to_str().unwrap(), "--files", "300", "--seed", "11", "--quiet"])
        .current_dir(repo())
        .output()
        .expect("run gen_iac.py");
    assert!(gen.status.success(), "{}", String::from_utf8_lossy(&gen.stderr));
    let run = |threads: &str| {
        let out =
            rampart(&corpus, &["scan", ".", "-j", threads, "-f", "json", "-o", "sarif=out.sarif", "--fail-on", "none"]);
        assert_eq!(code(&out), 0, "{}", String::from_utf8_lossy(&out.stderr));
        (out.stdout, std::fs::read(corpus.join("out.sarif")).unwrap())
    };
    let one = run("1");
    let report: serde_json::Value = serde_json::from_slice(&one.0).unwrap();
    assert_eq!(report["summary"]["files_scanned"], 300);
    assert!(report["summary"]["findings"].as_u64().unwrap() > 500, "{}", report["summary"]);
    assert_eq!(report["summary"]["errors"], 0, "{}", report["diagnostics"]);
    for threads in ["2", "5"] {
        let other = run(threads);
        assert!(one.0 == other.0, "JSON differs between 1 and {threads} threads");
        assert!(one.1 == other.1, "SARIF differs between 1 and {threads} threads");
    }
    // The interpreter alone says the same as the bytecode this scan runs by default.
    let interpreted = rampart(&corpus, &["scan", ".", "--no-bytecode", "-f", "json", "--fail-on", "none"]);
    assert!(one.0 == interpreted.stdout, "JSON differs between bytecode and interpreter");
}

#[test]
fn terminal_escapes_in_files_are_neutralised_in_tables() {
    let dir = tempfile::tempdir().unwrap();
    write(
        dir.path(),
        "pod.yaml",
        &PRIVILEGED_POD.replace("name: app\n  namespace", "name: \"a\\e[31mpp\"\n  namespace"),
    );
    let out = stdout(&rampart(dir.path(), &["scan", ".", "-f", "table"]));
    assert!(out.contains("Pod/prod/a?[31mpp"), "{out}");
    assert!(!out.contains('\u{1b}'));
}

/// GitHub workflows and actions, found by where they live, through the real binary: findings at
/// the line of the expression (and its column in the message), severity by who can start the
/// run, a broken workflow as a located error while the rest is scanned, and a YAML file with
/// `jobs` elsewhere not taken for a workflow.
#[test]
fn github_workflows_and_actions_are_scanned() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    write(
        d,
        ".github/workflows/triage.yml",
        "on:\n  pull_request_target:\npermissions:\n  contents: read\njobs:\n  triage:\n    runs-on: ubuntu-latest\n    steps:\n      - uses: actions/checkout@v4\n        with:\n          ref: ${{ github.event.pull_request.head.sha }}\n          persist-credentials: false\n      - run: |\n          npm ci\n          echo \"PR: ${{ github.event.pull_request.title }}\"\n",
    );
    write(
        d,
        ".github/workflows/broken.yaml",
        "on: push\njobs:\n  a:\n    runs-on: x\n    steps:\n      - run: echo ${{ github.sha\n",
    );
    write(
        d,
        ".github/actions/setup/action.yml",
        "name: setup\nruns:\n  using: composite\n  steps:\n    - uses: dtolnay/rust-toolchain@stable\n",
    );
    write(d, "ci/jobs.yml", "jobs:\n  a:\n    steps:\n      - run: echo ${{ github.event.issue.title }}\n");
    let out = rampart(d, &["scan", ".", "--no-config", "-f", "json", "--fail-on", "none"]);
    let report = json(&out);
    let found: Vec<String> = report["findings"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| {
            format!(
                "{} {} {}:{} {}",
                f["rule_id"].as_str().unwrap(),
                f["severity"].as_str().unwrap(),
                f["file"].as_str().unwrap(),
                f["start_line"],
                f["message"].as_str().unwrap()
            )
        })
        .collect();
    let has = |prefix: &str| found.iter().any(|f| f.starts_with(prefix));
    assert!(has("GHA-001 CRITICAL .github/workflows/triage.yml:15 line 15, column 21: `${{ github.event.pull_request.title }}`"), "{found:#?}");
    assert!(
        has("GHA-003 CRITICAL .github/workflows/triage.yml:11 a `pull_request_target` workflow checks out"),
        "{found:#?}"
    );
    assert!(
        has("GHA-002 HIGH .github/actions/setup/action.yml:5 `dtolnay/rust-toolchain` runs branch `stable`"),
        "{found:#?}"
    );
    assert!(!found.iter().any(|f| f.contains("ci/jobs.yml")), "not a workflow: {found:#?}");
    let diags = report["diagnostics"].as_array().unwrap();
    assert!(
        diags.iter().any(|d| d["file"] == ".github/workflows/broken.yaml"
            && d["line"] == 6
            && d["message"].as_str().unwrap().contains("column 19: expression `${{ github.sha` does not end")),
        "{diags:?}"
    );
    // The broken file's other parts are still read: its token permissions are judged.
    assert!(has("GHA-005 MEDIUM .github/workflows/broken.yaml:3"), "{found:#?}");
}

/// `trusted_actions` in `.rampart.yaml` reaches the collector: GHA-002 skips the owners and
/// repositories it names (any case, `owner/*` as `owner`) and only those, a bad entry stops the
/// scan at its line; secrets pasted into scripts (GHA-013, HIGH when the line prints them) and
/// the Dependabot configuration (GHA-014, GHA-015) are scanned in the same run, the literal
/// registry password never shown.
#[test]
fn trusted_actions_from_the_config_and_dependabot_are_scanned() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    write(d, ".rampart.yaml", "fail_on: high\ntrusted_actions: [Acme, \"partner/*\", octo/deploy]\n");
    write(
        d,
        ".github/workflows/ci.yml",
        "on: push\npermissions:\n  contents: read\njobs:\n  build:\n    runs-on: ubuntu-latest\n    steps:\n      - uses: acme/setup@v1\n      - uses: Partner/lint@main\n      - uses: octo/deploy@v2\n      - uses: octo/other@v2\n      - uses: stranger/tool@main\n      - run: ./publish --token ${{ secrets.NPM_TOKEN }}\n      - run: echo \"token ${{ github.token }}\"\n",
    );
    write(
        d,
        ".github/dependabot.yml",
        "version: 2\nregistries:\n  npm-private:\n    type: npm-registry\n    url: https://npm.example.com\n    username: bot\n    password: correct-horse-battery\nupdates:\n  - package-ecosystem: pip\n    directory: /\n    insecure-external-code-execution: allow\n    schedule:\n      interval: weekly\n",
    );
    let found = |out: &std::process::Output| -> Vec<String> {
        json(out)["findings"]
            .as_array()
            .unwrap()
            .iter()
            .map(|f| {
                format!(
                    "{} {} {}:{}",
                    f["rule_id"].as_str().unwrap(),
                    f["severity"].as_str().unwrap(),
                    f["file"].as_str().unwrap(),
                    f["start_line"]
                )
            })
            .collect()
    };
    let out = rampart(d, &["scan", ".", "-f", "json"]);
    assert_eq!(code(&out), 1, "{}", String::from_utf8_lossy(&out.stderr));
    let with_config = found(&out);
    let gha002: Vec<&String> = with_config.iter().filter(|f| f.starts_with("GHA-002")).collect();
    assert_eq!(
        gha002,
        ["GHA-002 MEDIUM .github/workflows/ci.yml:11", "GHA-002 HIGH .github/workflows/ci.yml:12"],
        "{with_config:#?}"
    );
    for expected in [
        "GHA-013 MEDIUM .github/workflows/ci.yml:13",
        "GHA-013 HIGH .github/workflows/ci.yml:14",
        "GHA-014 HIGH .github/dependabot.yml:11",
        "GHA-015 HIGH .github/dependabot.yml:7",
    ] {
        assert!(with_config.iter().any(|f| f == expected), "missing {expected} in {with_config:#?}");
    }
    assert!(!String::from_utf8_lossy(&out.stdout).contains("correct-horse-battery"));

    // Without the config, the same actions are reported.
    let without = found(&rampart(d, &["scan", ".", "--no-config", "-f", "json", "--fail-on", "none"]));
    for line in [8, 9, 10] {
        assert!(
            without.iter().any(|f| f.starts_with("GHA-002") && f.ends_with(&format!("ci.yml:{line}"))),
            "line {line}: {without:#?}"
        );
    }

    write(d, ".rampart.yaml", "trusted_actions:\n  - acme\n  - acme/setup@v1\n");
    let out = rampart(d, &["scan", "."]);
    assert_eq!(code(&out), 2);
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(
        err.contains(".rampart.yaml")
            && err.contains("line 3: trusted_actions[1]")
            && err.contains("without a version"),
        "{err}"
    );
}

/// This repository's action and the example workflows (as a user would install them) raise
/// nothing but the tag pins the examples show on purpose (`rampart-dev/rampart@v0.1.0` and a
/// GitHub-maintained-looking third party), which their comments tell users to pin.
#[test]
fn own_action_and_example_workflows_are_clean() {
    let out = rampart(&repo(), &["scan", "action.yml", "--no-config", "-f", "json", "--fail-on", "none"]);
    let report = json(&out);
    assert_eq!(report["findings"], serde_json::json!([]), "{report}");
    assert_eq!(report["diagnostics"], serde_json::json!([]), "{report}");
    assert_eq!(report["summary"]["documents"], 1);

    let dir = tempfile::tempdir().unwrap();
    for name in ["pr-gate.yml", "nightly-audit.yml"] {
        let text = std::fs::read_to_string(repo().join("examples").join(name)).unwrap();
        write(dir.path(), &format!(".github/workflows/{name}"), &text);
    }
    let out = rampart(dir.path(), &["scan", ".", "--no-config", "-f", "json", "--fail-on", "none"]);
    let report = json(&out);
    assert_eq!(report["summary"]["documents"], 2);
    for f in report["findings"].as_array().unwrap() {
        let message = f["message"].as_str().unwrap();
        assert!(f["rule_id"] == "GHA-002" && f["severity"] == "MEDIUM" && message.contains("runs tag `v"), "{f}");
    }
}

/// Workflows shaped like published incidents (scanner/tests/data/github-incidents/): each is
/// reported by exactly the rules its `# expect:` line names, and the hardened one by none.
#[test]
fn github_incident_patterns_are_caught() {
    incident_patterns_are_caught("github-incidents", 15, |name| format!(".github/workflows/{name}"));
}

#[test]
fn gitlab_incident_patterns_are_caught() {
    incident_patterns_are_caught("gitlab-incidents", 8, |name| {
        format!("{}/.gitlab-ci.yml", name.trim_end_matches(".yml"))
    });
}

/// A GitLab pipeline is read with the local files it includes (wildcards and nested includes),
/// findings land in the file that holds them, waivers there count, and an include that leaves
/// the repository or does not exist is a warning on its line. Scanning only `.gitlab-ci.yml`
/// (as pre-commit does when it changes) still reads its includes.
#[test]
fn gitlab_pipelines_are_read_with_their_local_includes() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    write(
        d,
        ".gitlab-ci.yml",
        "include:\n  - local: /ci/*.yml\n  - local: ../../etc/passwd\n  - local: ci/missing.yml\nlint:\n  image: node:22\n  script: [npm run lint]\n",
    );
    write(d, "ci/build.yml", "include: ci/nested/test.yml\nbuild:\n  # rampart:ignore GITLAB-003 -- built from a pinned mirror\n  image: golang:1.23\n  script:\n    - sh -c \"make VERSION=$CI_COMMIT_TAG_MESSAGE\"\n");
    write(d, "ci/nested/test.yml", "test:\n  services: [docker:dind]\n  script: [printenv]\n");
    // Not included, not named like pipeline code: not read.
    write(d, "ci/nested/other.yml", "other:\n  image: alpine\n  script: [env]\n");
    for args in [&["scan", "."][..], &["scan", ".gitlab-ci.yml"][..]] {
        let mut args = args.to_vec();
        args.extend(["--no-config", "-f", "json", "--fail-on", "none"]);
        let report = json(&rampart(d, &args));
        let found = rule_file_lines(&report);
        assert_eq!(
            found,
            vec![
                "GITLAB-001 ci/build.yml:6",
                "GITLAB-002 ci/nested/test.yml:2",
                "GITLAB-003 .gitlab-ci.yml:6",
                "GITLAB-003 ci/build.yml:4 (waived)",
                "GITLAB-003 ci/nested/test.yml:2",
                "GITLAB-007 ci/nested/test.yml:3",
            ],
            "{args:?}"
        );
        let diags: Vec<String> = report["diagnostics"]
            .as_array()
            .unwrap()
            .iter()
            .map(|d| format!("{}:{} {}", d["file"].as_str().unwrap(), d["line"], d["message"].as_str().unwrap()))
            .collect();
        assert_eq!(diags.len(), 2, "{diags:?}");
        assert!(diags[0].starts_with(".gitlab-ci.yml:3 include `../../etc/passwd` not read"), "{diags:?}");
        assert!(diags[1].starts_with(".gitlab-ci.yml:4 include `ci/missing.yml` not found"), "{diags:?}");
    }
}

/// A Compose project is scanned as Compose runs it: merged with its override and interpolated
/// from `.env`; a finding the override causes is located, and can be waived, in the override;
/// a value `.env` provides is not a password written in the file; a variant used with `-f` is
/// read alone, and rules about missing settings leave its fragment services alone.
#[test]
fn compose_projects_are_merged_interpolated_and_located() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    write(
        d,
        "stack/docker-compose.yml",
        "services:\n  db:\n    image: postgres:${PG_TAG}\n    environment:\n      - POSTGRES_PASSWORD=${DB_PASSWORD}\n      - API_TOKEN=literal-token-value\n    ports: [\"5432:5432\"]\n",
    );
    write(
        d,
        "stack/docker-compose.override.yml",
        "services:\n  db:\n    privileged: true\n    ports:\n      - 127.0.0.1:8081:8081\n    # rampart:ignore COMPOSE-003 -- the debugger needs the host's processes\n    pid: host\n",
    );
    write(d, "stack/.env", "PG_TAG=16.4\nDB_PASSWORD=from-the-env-file\n");
    write(d, "stack/docker-compose.prod.yml", "services:\n  db:\n    environment:\n      - LOG_LEVEL=warn\n");
    let report = json(&rampart(d, &["scan", ".", "--no-config", "-f", "json", "--fail-on", "none"]));
    assert_eq!(report["diagnostics"], serde_json::json!([]), "{report}");
    let found = rule_file_lines(&report);
    assert_eq!(
        found,
        vec![
            "COMPOSE-001 stack/docker-compose.override.yml:3",
            "COMPOSE-003 stack/docker-compose.override.yml:7 (waived)",
            "COMPOSE-005 stack/docker-compose.yml:3",
            "COMPOSE-006 stack/docker-compose.yml:7",
            "COMPOSE-007 stack/docker-compose.yml:6",
            "COMPOSE-008 stack/docker-compose.yml:2",
            "COMPOSE-011 stack/docker-compose.yml:2",
            "COMPOSE-012 stack/docker-compose.yml:2",
        ]
    );
    let resource = report["findings"][0]["resource"].as_str().unwrap();
    assert_eq!(resource, "Compose/stack");
}

/// `RULE file:line` of every finding of a JSON report, sorted, with ` (waived)` when suppressed.
fn rule_file_lines(report: &serde_json::Value) -> Vec<String> {
    let mut found: Vec<String> = report["findings"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| {
            format!(
                "{} {}:{}{}",
                f["rule_id"].as_str().unwrap(),
                f["file"].as_str().unwrap(),
                f["start_line"],
                if f["suppression"].is_null() { "" } else { " (waived)" }
            )
        })
        .collect();
    found.sort();
    found
}

/// Each file of `scanner/tests/data/DIR`, scanned as `scanned_as(its name)`, is reported by
/// exactly the rules its `# expect:` line names.
fn incident_patterns_are_caught(dir_name: &str, at_least: usize, scanned_as: impl Fn(&str) -> String) {
    let data = repo().join("scanner/tests/data").join(dir_name);
    let dir = tempfile::tempdir().unwrap();
    let mut expected = std::collections::BTreeMap::new();
    for entry in std::fs::read_dir(&data).unwrap() {
        let path = entry.unwrap().path();
        if path.extension().is_none_or(|e| e != "yml") {
            continue;
        }
        let name = path.file_name().unwrap().to_str().unwrap().to_string();
        let text = std::fs::read_to_string(&path).unwrap();
        let rules: std::collections::BTreeSet<String> = text
            .lines()
            .find_map(|l| l.strip_prefix("# expect:"))
            .unwrap_or_else(|| panic!("{name} has no `# expect:` line"))
            .split_whitespace()
            .map(str::to_string)
            .collect();
        write(dir.path(), &scanned_as(&name), &text);
        expected.insert(scanned_as(&name), rules);
    }
    assert!(expected.len() >= at_least, "{}", expected.len());
    let out = rampart(dir.path(), &["scan", ".", "--no-config", "-f", "json", "--fail-on", "none"]);
    let report = json(&out);
    assert_eq!(report["diagnostics"], serde_json::json!([]), "{report}");
    let mut found: std::collections::BTreeMap<String, std::collections::BTreeSet<String>> =
        expected.keys().map(|k| (k.clone(), Default::default())).collect();
    for f in report["findings"].as_array().unwrap() {
        found.get_mut(f["file"].as_str().unwrap()).unwrap().insert(f["rule_id"].as_str().unwrap().to_string());
    }
    assert_eq!(found, expected);
}
