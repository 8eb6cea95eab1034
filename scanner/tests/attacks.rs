//! A pull request against the gate: each test builds the repository a hostile pull request
//! would, runs the real binary on it, and checks that the attack fails loudly: the file is
//! scanned after all, or the run says (in every format) what it did not scan or what silenced
//! a finding. DESIGN.md's "Untrusted input" and README's "Running on untrusted pull requests"
//! describe the paths closed here.

mod common;

use std::path::Path;

use common::*;

const PRIVILEGED: &str = "apiVersion: v1\nkind: Pod\nmetadata:\n  name: web\nspec:\n  containers:\n    - name: app\n      image: nginx:1.27\n      securityContext:\n        privileged: true\n";

fn scan(dir: &Path, args: &[&str]) -> std::process::Output {
    let mut all = vec!["scan", ".", "--no-config", "--fail-on", "none"];
    all.extend_from_slice(args);
    rampart(dir, &all)
}

fn rule_ids(report: &serde_json::Value) -> Vec<String> {
    report["findings"].as_array().unwrap().iter().map(|f| f["rule_id"].as_str().unwrap().to_string()).collect()
}

/// Keys escaped in JSON (`"apiVersi\u006fn"`) or YAML (`"AWS\x3a\x3aS3…"`) hide a manifest or a
/// template from a text search, not from the parser: they are scanned.
#[test]
fn escaped_keys_do_not_hide_a_manifest_or_a_template() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    write(
        d,
        "pod.json",
        r#"{"apiVersi\u006fn": "v1", "kind": "Pod", "metadata": {"name": "x"}, "spec": {"containers": [{"name": "c", "image": "nginx:1.27", "securityContext": {"privileged": true}}]}}"#,
    );
    write(d, "stack.yaml", "Resources:\n  Logs:\n    Type: \"AWS\\x3a\\x3aS3\\x3a\\x3aBucket\"\n");
    let report = json(&scan(d, &["-f", "json"]));
    let found = rule_ids(&report);
    assert!(found.contains(&"K8S-001".to_string()), "{found:?}");
    assert!(found.iter().any(|r| r.starts_with("AWS-S3-")), "{found:?}");
}

/// `{{` in a comment or a string does not make a manifest a template: it is scanned.
#[test]
fn braces_do_not_make_a_manifest_a_template() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    write(
        d,
        "pod.yaml",
        &format!("# rendered by {{{{ our tool }}}}\n{PRIVILEGED}  labels:\n    note: \"{{{{ .Values.x }}}}\"\n"),
    );
    let report = json(&scan(d, &["-f", "json"]));
    assert!(rule_ids(&report).contains(&"K8S-001".to_string()), "{report}");
    assert_eq!(report["summary"]["not_scanned"], 0);
}

/// A file that is not scanned (a template that does not parse, a Helm template that cannot be rendered, an
/// oversized file, a FIFO) is a warning in every format and counted; --strict fails on it.
#[test]
fn files_not_scanned_are_said_in_every_format_and_fail_strict() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    write(d, "ok.yaml", PRIVILEGED);
    write(d, "template.yaml", "apiVersion: v1\nkind: Pod\nmetadata:\n  name: {{ .Release.Name }}\n");
    write(d, "chart/Chart.yaml", "apiVersion: v2\nname: web\nversion: 1.0.0\n");
    write(
        d,
        "chart/templates/pod.yaml",
        "apiVersion: v1\nkind: Pod\nmetadata:\n  name: {{ required \"name is required\" .Values.name }}\n",
    );
    write(d, "big.yaml", &format!("{PRIVILEGED}# {}\n", "x".repeat(4096)));
    let fifo = d.join("pipe.yaml");
    let made = std::process::Command::new("mkfifo").arg(&fifo).status().is_ok_and(|s| s.success());
    let unscanned = if made { 4 } else { 3 };
    let args = ["--max-file-size", "2048"];

    let report = json(&scan(d, &[&args[..], &["-f", "json"]].concat()));
    assert_eq!(report["summary"]["not_scanned"], unscanned, "{}", report["diagnostics"]);
    let messages: Vec<String> = report["diagnostics"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|d| d["not_scanned"] == true && d["level"] == "warning")
        .map(|d| format!("{}: {}", d["file"].as_str().unwrap(), d["message"].as_str().unwrap()))
        .collect();
    assert!(
        messages.iter().any(|m| m.starts_with("template.yaml: not scanned") && m.contains("template")),
        "{messages:?}"
    );
    assert!(
        messages.iter().any(|m| m
            .starts_with("chart/templates/pod.yaml: not scanned: template web/templates/pod.yaml cannot be rendered")
            && m.contains("name is required")),
        "{messages:?}"
    );
    assert!(messages.iter().any(|m| m.starts_with("big.yaml: skipped")), "{messages:?}");
    if made {
        assert!(messages.iter().any(|m| m == "pipe.yaml: not scanned: not a regular file"), "{messages:?}");
    }

    let table = stdout(&scan(d, &[&args[..], &["-f", "table"]].concat()));
    assert!(table.contains(&format!("{unscanned} files not scanned")), "{table}");
    let github = stdout(&scan(d, &[&args[..], &["-f", "github"]].concat()));
    assert!(github.contains("::warning file=template.yaml,line=4,title=rampart::not scanned"), "{github}");
    let markdown = stdout(&scan(d, &[&args[..], &["-f", "markdown"]].concat()));
    assert!(markdown.contains(&format!("{unscanned} files not scanned")), "{markdown}");
    let junit = stdout(&scan(d, &[&args[..], &["-f", "junit"]].concat()));
    assert!(junit.contains("<skipped message=\"template.yaml:4: warning: not scanned"), "{junit}");
    let sarif: serde_json::Value =
        serde_json::from_str(&stdout(&scan(d, &[&args[..], &["-f", "sarif"]].concat()))).unwrap();
    let notes = sarif["runs"][0]["invocations"][0]["toolExecutionNotifications"].as_array().unwrap();
    assert!(notes.iter().any(|n| n["message"]["text"].as_str().unwrap().contains("not scanned")), "{notes:?}");

    let strict = scan(d, &[&args[..], &["-f", "json", "--strict"]].concat());
    assert_eq!(code(&strict), 2, "--strict passes over files it did not scan");
}

/// A waiver that names no rule (`*`) or gives no reason waives nothing, and says so where it
/// is written; in the config, it is an error.
#[test]
fn wildcard_and_reasonless_waivers_are_refused() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    let commented = PRIVILEGED
        .replace("        privileged: true\n", "        privileged: true # rampart:ignore * -- all of them\n");
    write(d, "a.yaml", &commented);
    let bare = PRIVILEGED.replace("        privileged: true\n", "        privileged: true # rampart:ignore K8S-001\n");
    write(d, "b.yaml", &bare.replace("name: web", "name: web-b"));
    let annotated =
        PRIVILEGED.replace("  name: web\n", "  name: web-c\n  annotations:\n    rampart.dev/ignore: \"*\"\n");
    write(d, "c.yaml", &annotated);
    let report = json(&scan(d, &["-f", "json"]));
    let privileged: Vec<&serde_json::Value> =
        report["findings"].as_array().unwrap().iter().filter(|f| f["rule_id"] == "K8S-001").collect();
    assert_eq!(privileged.len(), 3, "{privileged:?}");
    assert!(privileged.iter().all(|f| f["suppression"].is_null()), "a refused waiver waived: {privileged:?}");
    let diags = report["diagnostics"].to_string();
    assert!(
        diags.contains("wildcard")
            && diags.contains("without a reason")
            && diags.contains("rampart.dev/ignore refused"),
        "{diags}"
    );

    write(d, ".rampart.yaml", "ignore:\n  - rules: [\"*\"]\n    reason: quiet please\n");
    let out = rampart(d, &["scan", ".", "-f", "json"]);
    assert_eq!(code(&out), 2);
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("line 2: ignore[0].rules: a wildcard is refused"), "{err}");
}

/// With --no-inline-ignores, a pull request's own comments and annotations waive nothing.
#[test]
fn no_inline_ignores_keeps_the_gate_closed() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    let waived = PRIVILEGED
        .replace("        privileged: true\n", "        privileged: true # rampart:ignore K8S-001 -- trust me\n");
    write(d, "pod.yaml", &waived);
    let gate = |extra: &[&str]| {
        let mut args = vec!["scan", ".", "--no-config", "--fail-on", "high", "--rule", "K8S-001", "-f", "json"];
        args.extend_from_slice(extra);
        code(&rampart(d, &args))
    };
    assert_eq!(gate(&[]), 0, "the comment waives the finding");
    assert_eq!(gate(&["--no-inline-ignores"]), 1, "--no-inline-ignores must keep the gate closed");
}

/// What silenced findings is listed in every format, with counts.
#[test]
fn waivers_are_listed_in_every_format() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    let waived = PRIVILEGED
        .replace("        privileged: true\n", "        privileged: true # rampart:ignore K8S-001 -- reviewed\n");
    write(d, "pod.yaml", &waived);
    let report = json(&scan(d, &["-f", "json", "--skip-rule", "K8S-010"]));
    let waivers = report["summary"]["waivers"].as_array().unwrap();
    assert!(
        waivers.contains(
            &serde_json::json!({"kind": "inline", "source": "pod.yaml:10", "rules": ["K8S-001"], "findings": 1})
        ),
        "{waivers:?}"
    );
    assert!(
        waivers.contains(
            &serde_json::json!({"kind": "skip_rules", "source": "--skip-rule", "rules": ["K8S-010"], "findings": null})
        ),
        "{waivers:?}"
    );
    for (format, needle) in [
        ("table", "inline pod.yaml:10 K8S-001: 1 finding"),
        ("markdown", "inline pod.yaml:10 K8S-001: 1 finding"),
        ("github", "::notice title=rampart waiver::inline pod.yaml:10 K8S-001: 1 finding"),
        ("sarif", "\"source\": \"pod.yaml:10\""),
    ] {
        let text = stdout(&scan(d, &["-f", format, "--skip-rule", "K8S-010"]));
        assert!(text.contains(needle), "{format}: {text}");
    }
}

/// A custom policy directory adds rules; it cannot replace a built-in library or rule package
/// (a custom `rampart.lib.kubernetes` would silence every Kubernetes rule).
#[test]
fn custom_policies_cannot_replace_built_in_ones() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    write(d, "pod.yaml", PRIVILEGED);
    write(d, "evil/lib/kubernetes.rego", "package rampart.lib.kubernetes\n\nimport rego.v1\n\ncontainers := []\n");
    let out = rampart(d, &["scan", "pod.yaml", "--no-config", "--policy", "evil", "-f", "json"]);
    assert_eq!(code(&out), 2, "{}", stdout(&out));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("package rampart.lib.kubernetes is a built-in one"), "{err}");

    write(d, "evil2/other.rego", "package rampart.lib.kubernetes\n\nimport rego.v1\n\nextra := 1\n");
    let out = rampart(d, &["scan", "pod.yaml", "--no-config", "--policy", "evil2", "-f", "json"]);
    assert_eq!(code(&out), 2, "a second module in a built-in package is refused too");
}

/// `.rampart.yaml` cannot point the gate at policies or a baseline outside the repository.
#[test]
fn config_paths_stay_inside_the_repository() {
    let outside = tempfile::tempdir().unwrap();
    write(outside.path(), "baseline.json", "{\"version\": 1, \"tool\": \"x\", \"findings\": []}\n");
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    std::fs::create_dir(d.join(".git")).unwrap();
    write(d, "pod.yaml", PRIVILEGED);
    for (config, needle) in [
        (format!("baseline: {}\n", outside.path().join("baseline.json").display()), "absolute path"),
        ("policies: [\"../../../../../../tmp\"]\n".to_string(), "leads outside the repository"),
    ] {
        write(d, ".rampart.yaml", &config);
        let out = rampart(d, &["scan", ".", "-f", "json"]);
        assert_eq!(code(&out), 2, "{config}");
        let err = String::from_utf8_lossy(&out.stderr);
        assert!(err.contains(needle) && err.contains("line 1"), "{config}: {err}");
    }
    #[cfg(unix)]
    {
        std::os::unix::fs::symlink(outside.path(), d.join("linked")).unwrap();
        write(d, ".rampart.yaml", "baseline: linked/baseline.json\n");
        let out = rampart(d, &["scan", ".", "-f", "json"]);
        assert_eq!(code(&out), 2, "a link out of the repository");
    }
}

/// A custom rule's extra fields are masked like its messages.
#[test]
fn custom_rule_output_is_masked() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    write(
        d,
        "p/leak.rego",
        "# METADATA\n# title: leak\n# description: leak\n# scope: package\n# custom:\n#   id: TEAM-900\n#   severity: LOW\n#   recommended_action: none\n#   input:\n#     selector:\n#       - type: raw\n#         files: [\"*.yaml\"]\npackage team.leak\n\nimport rego.v1\n\ndeny contains {\"msg\": sprintf(\"key %s\", [input.key]), \"extra\": {\"value\": input.key, \"list\": [input.key]}} if input.key\n",
    );
    write(d, "app.yaml", "key: AKIAIOSFODNN7EXAMPLE\n");
    let out = rampart(
        d,
        &["scan", "app.yaml", "--no-config", "--policy", "p", "--rule", "TEAM-900", "-f", "json", "--fail-on", "none"],
    );
    let text = stdout(&out);
    assert!(text.contains("TEAM-900"), "{text}");
    assert!(!text.contains("AKIAIOSFODNN7EXAMPLE"), "a key leaked: {text}");
}

/// A rule that builds a huge value stops at the memory bound with a located error, on the VM
/// (9 documents) and in the interpreter (1) alike: the scan is not killed without a report, and
/// the built-in rules still judge every document.
#[test]
fn evaluation_memory_is_bounded() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    write(
        d,
        "p/hog.rego",
        "# METADATA\n# title: hog\n# description: hog\n# scope: package\n# custom:\n#   id: TEAM-901\n#   severity: LOW\n#   recommended_action: none\n#   input:\n#     selector:\n#       - type: kubernetes\n#         kinds: [Pod]\npackage team.hog\n\nimport rego.v1\n\ndeny contains {\"msg\": \"big\"} if {\n\tbig := [sprintf(\"%d-%s\", [i, input.metadata.name]) | some i in numbers.range(1, 200000000)]\n\tcount(big) > 1\n}\n",
    );
    for pods in [1, 9] {
        let sub = d.join(format!("pods{pods}"));
        for i in 0..pods {
            write(&sub, &format!("pod{i}.yaml"), &PRIVILEGED.replace("name: web", &format!("name: web{i}")));
        }
        let target = sub.to_str().unwrap();
        let run = |threads: &str| {
            let args = ["scan", target, "--no-config", "--policy", "p", "-f", "json", "--max-memory", "512"];
            rampart(d, &[&args[..], &["--policy-timeout", "20", "--threads", threads]].concat())
        };
        let out = run("2");
        assert_eq!(code(&out), 2, "a stopped evaluation is an error: {}", String::from_utf8_lossy(&out.stderr));
        let report = json(&out);
        let diags = report["diagnostics"].as_array().unwrap();
        // The hog alone, once per document: not the built-in rules that ran beside it.
        let stopped: Vec<&str> = diags.iter().map(|d| d["message"].as_str().unwrap_or_default()).collect();
        assert_eq!(stopped.len(), pods, "{stopped:#?}");
        for message in stopped {
            assert!(message.starts_with("rule TEAM-901 (p/hog.rego) on Pod/web"), "{message}");
            assert!(
                message.ends_with(": stopped at the evaluation memory limit of 512 MiB (raise it with --max-memory)")
            );
        }
        assert_eq!(stdout(&out), stdout(&run("1")), "the report does not depend on the thread count");
        let privileged = rule_ids(&report).iter().filter(|r| *r == "K8S-001").count();
        assert_eq!(privileged, pods, "the built-in rules still ran: {report}");
    }
}

/// Scanned text cannot forge output: a file name with a newline and a bidi control, a rule
/// message with Markdown link syntax.
#[test]
fn output_cannot_be_forged() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    let name = "evil\n::error file=x::forged\u{202E}lmay.yaml";
    write(d, name, "apiVersion: v1\nkind: Pod\nmetadata:\n  name: {{ x }}\n");
    write(d, "link.yaml", "apiVersion: v1\nkind: Pod\nmetadata:\n  name: \"[click](https://evil.example)\"\nspec:\n  containers:\n    - name: c\n      image: nginx:1.27\n      securityContext:\n        privileged: true\n");
    let table = stdout(&scan(d, &["-f", "table"]));
    assert!(!table.lines().any(|l| l.starts_with("::")), "{table}");
    assert!(!table.contains('\u{202E}'), "a bidi control reached the terminal");
    let github = stdout(&scan(d, &["-f", "github"]));
    assert!(
        github.lines().all(|l| l.starts_with("::")),
        "a line of the github report is not a command of ours: {github}"
    );
    assert!(!github.lines().any(|l| l.starts_with("::error file=x")), "{github}");
    let markdown = stdout(&scan(d, &["-f", "markdown"]));
    assert!(!markdown.contains("[click](https://evil.example)") && markdown.contains("\\[click\\]"), "{markdown}");
    let out = rampart(d, &["baseline", "create", ".", "--no-config", "-o", "b.json"]);
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(!err.lines().any(|l| l.starts_with("::")), "stderr forged a command: {err}");
}

fn git(dir: &Path, args: &[&str]) {
    let ok = std::process::Command::new("git")
        .arg("-C")
        .arg(dir)
        .args(["-c", "user.email=a@b", "-c", "user.name=a"])
        .args(args)
        .output()
        .is_ok_and(|o| o.status.success());
    assert!(ok, "git {args:?}");
}

/// Ignore files do not hide what git tracks: a committed manifest in `node_modules/` or named
/// in a `.ignore` file is scanned.
#[test]
fn ignore_files_do_not_hide_tracked_files() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    git(d, &["init", "-q"]);
    write(d, "k8s/hidden.yaml", PRIVILEGED);
    write(d, "node_modules/chart/deploy.yaml", &PRIVILEGED.replace("name: web", "name: vendored"));
    write(d, ".ignore", "k8s/hidden.yaml\n");
    git(d, &["add", "-f", "."]);
    git(d, &["commit", "-q", "-m", "x"]);
    let report = json(&scan(d, &["-f", "json", "--rule", "K8S-001"]));
    let files: Vec<&str> = report["findings"].as_array().unwrap().iter().map(|f| f["file"].as_str().unwrap()).collect();
    assert!(files.contains(&"k8s/hidden.yaml") && files.contains(&"node_modules/chart/deploy.yaml"), "{files:?}");
}

/// Nothing is read outside the repository through links, module sources or `file()`.
#[cfg(unix)]
#[test]
fn nothing_is_read_outside_the_repository() {
    let outside = tempfile::tempdir().unwrap();
    let o = outside.path();
    write(o, "pod.yaml", PRIVILEGED);
    write(o, "module/main.tf", "resource \"aws_s3_bucket\" \"x\" {\n  bucket = \"outside\"\n}\n");
    write(o, "secret.txt", "AKIAIOSFODNN7EXAMPLE\n");
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    std::fs::create_dir(d.join(".git")).unwrap();
    std::os::unix::fs::symlink(o.join("pod.yaml"), d.join("linked.yaml")).unwrap();
    std::os::unix::fs::symlink(o.join("secret.txt"), d.join("infra-secret.txt")).unwrap();
    let rel_outside = format!("../../../../../../../..{}", o.join("module").display());
    write(
        d,
        "infra/main.tf",
        &format!(
            "module \"far\" {{\n  source = \"{rel_outside}\"\n}}\nresource \"aws_s3_bucket\" \"b\" {{\n  bucket = file(\"${{path.module}}/../infra-secret.txt\")\n}}\n"
        ),
    );
    // Named explicitly, the link is refused.
    let report = json(&rampart(d, &["scan", "linked.yaml", "--no-config", "-f", "json", "--fail-on", "none"]));
    assert_eq!(report["findings"].as_array().unwrap().len(), 0, "{report}");
    assert_eq!(report["summary"]["not_scanned"], 1);
    // The module outside is not read, and neither is the linked file.
    let report = json(&rampart(d, &["scan", "infra", "--no-config", "-f", "json", "--fail-on", "none"]));
    let text = report.to_string();
    assert!(!text.contains("module.far.aws_s3_bucket.x"), "the module outside was read: {text}");
    assert!(text.contains("leads outside the scanned tree"), "{text}");
    assert!(!text.contains("AKIA"), "{text}");
}

/// With --config-from, a pull request's own .rampart.yaml, baseline and custom policies do not
/// count: the base commit's do.
#[test]
fn config_from_the_base_commit_ignores_the_pull_requests_config() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    git(d, &["init", "-q"]);
    write(d, "pod.yaml", PRIVILEGED);
    write(d, ".rampart.yaml", "fail_on: high\npolicies: [team]\n");
    write(
        d,
        "team/rule.rego",
        "# METADATA\n# title: t\n# description: d\n# scope: package\n# custom:\n#   id: TEAM-001\n#   severity: HIGH\n#   recommended_action: fix\n#   input:\n#     selector:\n#       - type: kubernetes\npackage team.rule\n\nimport rego.v1\n\ndeny contains {\"msg\": \"team rule\"} if input.kind == \"Pod\"\n",
    );
    git(d, &["add", "."]);
    git(d, &["commit", "-q", "-m", "base"]);
    // The pull request turns the gate off and empties the team's rule.
    write(d, ".rampart.yaml", "fail_on: none\nskip_rules: [K8S-001]\npolicies: [team]\n");
    write(
        d,
        "team/rule.rego",
        &std::fs::read_to_string(d.join("team/rule.rego")).unwrap().replace("if input.kind == \"Pod\"", "if false"),
    );
    let pr = rampart(d, &["scan", ".", "-f", "json"]);
    assert_eq!(code(&pr), 0, "the pull request's own config opens the gate");
    let trusted = rampart(d, &["scan", ".", "-f", "json", "--config-from", "HEAD"]);
    assert_eq!(
        code(&trusted),
        1,
        "the base commit's config keeps it closed: {}",
        String::from_utf8_lossy(&trusted.stderr)
    );
    let ids = rule_ids(&json(&trusted));
    assert!(ids.contains(&"K8S-001".to_string()) && ids.contains(&"TEAM-001".to_string()), "{ids:?}");
    let bad = rampart(d, &["scan", ".", "--config-from", "no-such-branch"]);
    assert_eq!(code(&bad), 2);
}

/// A link loop in a custom policy directory does not explode, and a linked policy from
/// outside the directory is refused.
#[cfg(unix)]
#[test]
fn policy_directories_do_not_follow_links() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    write(d, "pod.yaml", PRIVILEGED);
    write(d, "team/ok.rego", "package team.ok\n\nimport rego.v1\n\nx := 1\n");
    std::os::unix::fs::symlink(d.join("team"), d.join("team/loop")).unwrap();
    let out = rampart(d, &["scan", "pod.yaml", "--no-config", "--policy", "team", "-f", "json", "--fail-on", "none"]);
    assert_eq!(code(&out), 0, "{}", String::from_utf8_lossy(&out.stderr));

    let outside = tempfile::tempdir().unwrap();
    write(outside.path(), "evil.rego", "package evil\n\nimport rego.v1\n\ny := 2\n");
    std::os::unix::fs::symlink(outside.path().join("evil.rego"), d.join("team/evil.rego")).unwrap();
    let out = rampart(d, &["scan", "pod.yaml", "--no-config", "--policy", "team", "-f", "json"]);
    assert_eq!(code(&out), 2);
    assert!(String::from_utf8_lossy(&out.stderr).contains("a link out of the policy directory"));
}
