//! Every output format on the same scans: snapshots, SARIF validated by the real validators
//! (Microsoft's multitool and the SARIF 2.1.0 schema), one exit code whatever the format,
//! baselines that survive moved code, and compliance summaries that list every control.

mod common;

use std::path::{Path, PathBuf};
use std::process::Command;

use common::*;

/// Parse JUnit XML with a real XML parser and check the counts add up, as CI reporters do.
fn validate_junit(xml: &str) {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("junit.xml");
    std::fs::write(&path, xml).unwrap();
    let check = Command::new(tool_env("RAMPART_PYTHON"))
        .args([
            "-c",
            "import sys, xml.etree.ElementTree as ET\nroot = ET.parse(sys.argv[1]).getroot()\nassert root.tag == 'testsuites'\nsuites = root.findall('testsuite')\nassert suites or root.get('tests') == '0'\nfor s in suites:\n    cases = s.findall('testcase')\n    assert int(s.get('tests')) == len(cases), s.get('name')\n    assert int(s.get('failures')) == sum(1 for c in cases if c.find('failure') is not None), s.get('name')\n    assert int(s.get('skipped')) == sum(1 for c in cases if c.find('skipped') is not None), s.get('name')\nassert int(root.get('tests')) == sum(int(s.get('tests')) for s in suites)\nprint(len(suites))",
            path.to_str().unwrap(),
        ])
        .output()
        .expect("run python");
    assert!(check.status.success(), "JUnit XML rejected: {}", String::from_utf8_lossy(&check.stderr));
}

fn scan_to(cwd: &Path, args: &[&str], format: &str, out: &Path) -> i32 {
    let spec = format!("{format}={}", out.display());
    let mut all = vec!["scan"];
    all.extend_from_slice(args);
    all.extend_from_slice(&["-f", "json", "-o", &spec]);
    code(&rampart(cwd, &all))
}

#[test]
fn sarif_is_valid_for_sample_suppressions_errors_and_empty_scans() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    write(
        d,
        "suppressed/pod.yaml",
        &PRIVILEGED_POD.replace("    - name: app", "    # rampart:ignore K8S-001,K8S-020 -- reviewed\n    - name: app"),
    );
    write(d, "broken/bad.yaml", "apiVersion: v1\nkind: Pod\nmetadata: [\n");
    write(d, "broken/Dockerfile", "FROM alpine:3.20\nBOGUS x\n");
    std::fs::create_dir_all(d.join("empty")).unwrap();
    let cases: Vec<(PathBuf, Vec<String>)> = vec![
        (d.join("sample.sarif"), vec![repo().join("fixtures").display().to_string()]),
        (d.join("suppressed.sarif"), vec![d.join("suppressed").display().to_string()]),
        (d.join("broken.sarif"), vec![d.join("broken").display().to_string()]),
        (d.join("empty.sarif"), vec![d.join("empty").display().to_string()]),
    ];
    for (out, paths) in &cases {
        let args: Vec<&str> = paths.iter().map(String::as_str).chain(["--fail-on", "none"]).collect();
        assert_eq!(scan_to(&repo(), &args, "sarif", out), 0);
        validate_sarif(out);
        let junit = out.with_extension("xml");
        assert_eq!(scan_to(&repo(), &args, "junit", &junit), 0);
        validate_junit(&std::fs::read_to_string(&junit).unwrap());
    }
    let read = |p: &Path| -> serde_json::Value { serde_json::from_str(&std::fs::read_to_string(p).unwrap()).unwrap() };
    let sample = read(&cases[0].0);
    let run = &sample["runs"][0];
    assert_eq!(run["automationDetails"]["id"], "rampart/");
    let rules = run["tool"]["driver"]["rules"].as_array().unwrap();
    assert!(rules.len() >= 45);
    for rule in rules {
        for key in ["id", "name", "shortDescription", "fullDescription", "help", "defaultConfiguration", "properties"] {
            assert!(!rule[key].is_null(), "rule {} lacks {key}", rule["id"]);
        }
        assert!(rule["help"]["markdown"].as_str().unwrap().contains("**Remediation:**"));
        assert!(rule["properties"]["security-severity"].as_str().unwrap().parse::<f64>().unwrap() > 0.0);
    }
    for result in run["results"].as_array().unwrap() {
        let loc = &result["locations"][0]["physicalLocation"];
        let uri = loc["artifactLocation"]["uri"].as_str().unwrap();
        assert!(uri.starts_with("fixtures/"), "{uri}");
        assert!(loc["region"]["startLine"].as_u64().unwrap() >= 1);
        assert!(result["partialFingerprints"]["primaryLocationLineHash"].is_string());
        // ruleIndex points at the rule.
        let i = result["ruleIndex"].as_u64().unwrap() as usize;
        assert_eq!(rules[i]["id"], result["ruleId"]);
    }
    let suppressed = read(&cases[1].0);
    let kinds: Vec<&str> = suppressed["runs"][0]["results"]
        .as_array()
        .unwrap()
        .iter()
        .filter_map(|r| r["suppressions"][0]["kind"].as_str())
        .collect();
    assert_eq!(kinds, vec!["inSource", "inSource"]);
    let broken = read(&cases[2].0);
    let notes = broken["runs"][0]["invocations"][0]["toolExecutionNotifications"].as_array().unwrap();
    assert!(notes
        .iter()
        .any(|n| n["level"] == "error" && n["message"]["text"].as_str().unwrap().contains("invalid YAML")));
    assert!(read(&cases[3].0)["runs"][0]["results"].as_array().unwrap().is_empty());
}

#[test]
fn every_format_snapshot_and_one_exit_code() {
    let root = repo();
    let mut codes = Vec::new();
    for format in ["table", "json", "sarif", "junit", "markdown", "github", "compliance"] {
        let out = rampart(&root, &["scan", "fixtures", "-f", format, "--compliance", "pss-baseline"]);
        codes.push(code(&out));
        let text = stdout(&out);
        match format {
            "json" | "sarif" => {
                let _: serde_json::Value = serde_json::from_str(&text).expect("valid JSON");
            }
            "junit" => validate_junit(&text),
            _ => {}
        }
        insta::assert_snapshot!(format!("format_{format}"), text);
    }
    assert!(codes.iter().all(|c| *c == 1), "{codes:?}");
    let codes: Vec<i32> = ["table", "json", "sarif", "junit", "markdown", "github", "compliance"]
        .iter()
        .map(|f| code(&rampart(&root, &["scan", "fixtures", "-f", f, "--fail-on", "critical", "--rule", "K8S-001"])))
        .collect();
    assert!(codes.iter().all(|c| *c == 0), "{codes:?}");
}

#[test]
fn markdown_links_and_length_bound() {
    let dir = tempfile::tempdir().unwrap();
    // Enough findings to overflow a PR comment.
    for i in 0..400 {
        write(
            dir.path(),
            &format!("k8s/pod{i:03}.yaml"),
            &PRIVILEGED_POD.replace("name: app\n  namespace", &format!("name: app{i}\n  namespace")),
        );
    }
    let out = rampart_env(
        dir.path(),
        &["scan", ".", "-f", "markdown"],
        &[("GITHUB_SERVER_URL", "https://github.com"), ("GITHUB_REPOSITORY", "acme/shop"), ("GITHUB_SHA", "abc123")],
    );
    assert_eq!(code(&out), 1);
    let md = stdout(&out);
    assert!(md.chars().count() <= 65_536, "{}", md.len());
    assert!(md.len() <= 65_536);
    assert!(
        md.contains("[k8s/pod000.yaml:11](https://github.com/acme/shop/blob/abc123/k8s/pod000.yaml#L11)"),
        "{}",
        &md[..2000]
    );
    assert!(md.contains("…and ") && md.contains(" more not shown here"));
}

#[test]
fn baseline_hides_known_findings_even_when_code_moves() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    write(d, "app/pod.yaml", PRIVILEGED_POD);
    write(d, "app/Dockerfile", "FROM alpine:3.20\nRUN apk add curl\nUSER app\n");
    let out = rampart(d, &["baseline", "create", ".", "-o", ".rampart-baseline.json"]);
    assert_eq!(code(&out), 0, "{}", String::from_utf8_lossy(&out.stderr));
    let baseline: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(d.join(".rampart-baseline.json")).unwrap()).unwrap();
    assert!(baseline["findings"].as_array().unwrap().len() > 5);
    assert_eq!(code(&rampart(d, &["scan", ".", "--baseline", ".rampart-baseline.json"])), 0);

    // Move code: lines above, a container and an instruction inserted before the known ones.
    write(
        d,
        "app/pod.yaml",
        &PRIVILEGED_POD
            .replace("apiVersion: v1\n", "# moved down by a comment\n\napiVersion: v1\n")
            .replace(
                "  containers:\n",
                "  containers:\n    - name: sidecar\n      image: busybox:1.36\n      securityContext:\n        allowPrivilegeEscalation: false\n",
            ),
    );
    write(d, "app/Dockerfile", "FROM alpine:3.20\nLABEL team=shop\nRUN apk add curl\nUSER app\n");
    let out = rampart(d, &["scan", ".", "--baseline", ".rampart-baseline.json", "-f", "json"]);
    let report = json(&out);
    let new: Vec<String> = report["findings"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|f| f["in_baseline"] == false)
        .map(|f| format!("{} {}", f["rule_id"], f["message"]))
        .collect();
    // Only the new sidecar's own findings are new.
    assert!(!new.is_empty());
    assert!(new.iter().all(|m| m.contains("sidecar")), "{new:#?}");
    assert!(report["summary"]["baseline"].as_u64().unwrap() > 5);
    // The sidecar's LOW findings fail the default gate; the known ones do not.
    assert_eq!(code(&out), 1);
    // .rampart.yaml can name the baseline.
    write(d, ".rampart.yaml", "baseline: .rampart-baseline.json\nfail_on: high\n");
    assert_eq!(code(&rampart(d, &["scan", "."])), 0);
}

#[test]
fn compliance_json_lists_every_control() {
    let root = repo();
    let out = rampart(
        &root,
        &["scan", "fixtures", "-f", "json", "--compliance", "cis-kubernetes", "--compliance", "nsa-cisa-k8s"],
    );
    let report = json(&out);
    let frameworks = report["compliance"].as_array().unwrap();
    assert_eq!(frameworks.len(), 2);
    for fw in frameworks {
        let id = fw["id"].as_str().unwrap();
        let spec = std::fs::read_to_string(root.join(format!("policies/compliance/{id}.yaml"))).unwrap();
        let spec_ids = spec.lines().filter(|l| l.trim_start().starts_with("- id:")).count();
        let controls = fw["controls"].as_array().unwrap();
        assert_eq!(controls.len(), spec_ids, "{id}");
        assert!(controls.iter().any(|c| c["status"] == "fail"), "{id}");
        assert!(controls.iter().any(|c| c["status"] == "manual"), "{id}");
        let t = &fw["totals"];
        let sum = ["pass", "fail", "manual", "not_applicable"].iter().map(|k| t[k].as_u64().unwrap()).sum::<u64>();
        assert_eq!(sum as usize, controls.len());
        let failing = controls.iter().find(|c| c["status"] == "fail").unwrap();
        assert!(failing["failing"][0]["file"].as_str().unwrap().starts_with("fixtures/"));
    }
    assert_eq!(code(&rampart(&root, &["scan", "fixtures", "--compliance", "iso-27001"])), 2);
    let list = stdout(&rampart(&root, &["compliance", "list"]));
    assert!(list.contains("cis-kubernetes") && list.contains("soc2"), "{list}");
}

#[test]
fn sarif_results_are_capped_keeping_the_most_severe() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("capped.sarif");
    let fixtures = repo().join("fixtures").display().to_string();
    let args = [fixtures.as_str(), "--fail-on", "none", "--sarif-max-results", "12"];
    assert_eq!(scan_to(&repo(), &args, "sarif", &out), 0);
    validate_sarif(&out);
    let log: serde_json::Value = serde_json::from_str(&std::fs::read_to_string(&out).unwrap()).unwrap();
    let run = &log["runs"][0];
    let results = run["results"].as_array().unwrap();
    assert_eq!(results.len(), 12);
    // The sample has more than 12 critical and high findings: only SARIF errors are kept.
    assert!(results.iter().all(|r| r["level"] == "error"), "{results:#?}");
    let notes = run["invocations"][0]["toolExecutionNotifications"].as_array().unwrap();
    assert!(
        notes.iter().any(|n| n["message"]["text"].as_str().unwrap().contains("lower-severity results were left out")),
        "{notes:#?}"
    );
}

#[test]
fn secret_values_quoted_by_a_rule_are_masked_in_every_format() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    write(
        d,
        "app/Dockerfile",
        "FROM alpine:3.20\nENV DB_PASSWORD=Pr0d-Passw0rd-2026 AWS_KEY_ID=AKIAIOSFODNN7EXAMPLE\nUSER app\n",
    );
    // A careless custom rule that quotes what it found.
    write(
        d,
        "policies/echo.rego",
        "# METADATA\n# title: Echo ENV\n# description: Quotes every ENV instruction.\n# scope: package\n# custom:\n#   id: CUSTOM-ECHO\n#   severity: HIGH\n#   recommended_action: None.\n#   input:\n#     selector:\n#       - type: dockerfile\npackage custom.echo\n\nimport rego.v1\n\ndeny contains msg if {\n\tsome s in input.stages\n\tsome ins in s.instructions\n\tins.cmd == \"ENV\"\n\tmsg := sprintf(\"ENV %s\", [ins.value])\n}\n",
    );
    for format in ["table", "json", "sarif", "junit", "markdown", "github"] {
        let out = rampart(d, &["scan", "app", "--policy", "policies", "--rule", "CUSTOM-ECHO", "-f", format]);
        let text = String::from_utf8_lossy(&out.stdout);
        assert_eq!(code(&out), 1, "{format}: {text}");
        assert!(text.contains("DB_PASSWORD="), "{format}: the rule did not fire: {text}");
        for secret in ["Pr0d-Passw0rd-2026", "AKIAIOSFODNN7EXAMPLE", "IOSFODNN7"] {
            assert!(!text.contains(secret), "{format} shows {secret}: {text}");
        }
    }
}

/// docs/json-output.md lists every key a JSON report holds (with a suppression, a baseline, a
/// diagnostic and a compliance summary in it), so the reference cannot fall behind the output.
#[test]
fn json_reference_lists_every_key() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    write(d, "pod.yaml", "apiVersion: v1\nkind: Pod\nmetadata:\n  name: a\nspec:\n  containers:\n    - name: c\n      image: nginx:1.27 # rampart:ignore K8S-010 -- reviewed\n      securityContext:\n        privileged: true\n");
    write(d, "broken.yaml", "apiVersion: v1\nkind: [\n");
    let out =
        rampart(d, &["scan", ".", "-f", "json", "--fail-on", "none", "--no-config", "--compliance", "pss-baseline"]);
    let report = json(&out);
    let mut keys = std::collections::BTreeSet::new();
    fn walk(v: &serde_json::Value, keys: &mut std::collections::BTreeSet<String>) {
        match v {
            serde_json::Value::Object(map) => {
                for (k, v) in map {
                    keys.insert(k.clone());
                    walk(v, keys);
                }
            }
            serde_json::Value::Array(items) => items.iter().for_each(|v| walk(v, keys)),
            _ => {}
        }
    }
    walk(&report, &mut keys);
    assert!(keys.contains("suppression") && keys.contains("controls") && keys.contains("level"), "{keys:?}");
    let page = std::fs::read_to_string(repo().join("docs/json-output.md")).unwrap();
    let missing: Vec<&String> = keys.iter().filter(|k| !page.contains(&format!("`{k}`"))).collect();
    assert!(missing.is_empty(), "docs/json-output.md does not describe {missing:?}");
}
