//! The policy contract: every built-in rule passes its rules-tests cases through the real
//! collectors, `rules`/`explain` read METADATA, and users' own policies work the same way.

mod common;

use common::*;

#[test]
fn every_builtin_rule_passes_its_cases() {
    let out = rampart(&repo(), &["test", "policies"]);
    let text = stdout(&out);
    assert_eq!(code(&out), 0, "{text}");
    let last = text.lines().last().unwrap();
    assert!(last.starts_with("rampart: ") && last.ends_with(" passed, 0 failed"), "{last}");
}

#[test]
fn rule_catalogue() {
    let out = rampart(&repo(), &["rules", "-f", "json"]);
    assert_eq!(code(&out), 0);
    let rules = json(&out);
    let ids: Vec<&str> = rules.as_array().unwrap().iter().map(|r| r["id"].as_str().unwrap()).collect();
    assert!(ids.iter().filter(|i| i.starts_with("K8S-")).count() >= 30, "{ids:?}");
    assert!(ids.iter().filter(|i| i.starts_with("DOCKER-")).count() >= 15, "{ids:?}");
    // Every rule has its cases on disk.
    for rule in rules.as_array().unwrap() {
        assert!(!rule["title"].as_str().unwrap().is_empty());
    }
}

#[test]
fn explain_shows_metadata_and_examples() {
    let out = rampart(&repo(), &["rules", "explain", "K8S-001"]);
    assert_eq!(code(&out), 0);
    insta::assert_snapshot!(stdout(&out));
    assert_eq!(code(&rampart(&repo(), &["rules", "explain", "K8S-999"])), 2);
}

const CUSTOM_RULE: &str = "# METADATA
# title: Config file sets debug mode
# description: Debug mode leaks stack traces.
# scope: package
# custom:
#   id: TEAM-001
#   severity: MEDIUM
#   recommended_action: Set debug to false.
#   input:
#     selector:
#       - type: raw
#         files: [\"**/app*.yaml\", \"**/*.toml\"]
package team.debug

import rego.v1

deny contains {\"msg\": \"debug mode is on\", \"path\": [\"debug\"]} if input.debug == true
";

#[test]
fn custom_policies_are_tested_and_scanned() {
    let dir = tempfile::tempdir().unwrap();
    write(dir.path(), "my-policies/debug.rego", CUSTOM_RULE);
    write(
        dir.path(),
        "my-policies/debug_test.rego",
        "package team.debug_test\n\nimport rego.v1\n\nimport data.team.debug\n\ntest_debug_denied if {\n\tcount(debug.deny) == 1 with input as {\"debug\": true}\n}\n\ntest_quiet_allowed if {\n\tcount(debug.deny) == 0 with input as {\"debug\": false}\n}\n",
    );
    write(dir.path(), "my-policies/debug/fail.yaml", "# rampart:expect-lines 3\nname: shop\ndebug: true\n");
    write(dir.path(), "my-policies/debug/pass.toml", "name = \"shop\"\ndebug = false\n");
    let out = rampart(dir.path(), &["test", "my-policies"]);
    assert_eq!(code(&out), 0, "{}", stdout(&out));
    assert!(stdout(&out).ends_with("rampart: 4 passed, 0 failed\n"), "{}", stdout(&out));

    write(dir.path(), "svc/app.yaml", "name: shop\nport: 8080\ndebug: true\n");
    write(dir.path(), "svc/other.yaml", "debug: true\n");
    let report = json(&rampart(dir.path(), &["scan", "svc", "--policy", "my-policies", "-f", "json"]));
    assert_eq!(finding_keys(&report), vec!["TEAM-001@svc/app.yaml:3"]);

    // A case that no longer holds makes `rampart test` fail.
    write(dir.path(), "my-policies/debug/pass_wrong.yaml", "debug: true\n");
    write(dir.path(), "my-policies/debug/fail_wrong_line.yaml", "# rampart:expect-lines 9\ndebug: true\n");
    let out = rampart(dir.path(), &["test", "my-policies"]);
    assert_eq!(code(&out), 1);
    let text = stdout(&out);
    assert!(text.contains("FAIL TEAM-001") && text.contains("pass case raised the rule"), "{text}");
    assert!(text.contains("expected findings on lines {9}, got {2}"), "{text}");
    assert!(text.ends_with("rampart: 4 passed, 2 failed\n"), "{text}");
}

#[test]
fn invalid_metadata_is_a_policy_error_with_its_line() {
    let dir = tempfile::tempdir().unwrap();
    write(
        dir.path(),
        "p/bad.rego",
        &CUSTOM_RULE.replace("#   severity: MEDIUM\n", "#   severity: MEDIUM\n#   owner: me\n"),
    );
    write(dir.path(), "pod.yaml", PRIVILEGED_POD);
    let out = rampart(dir.path(), &["scan", "pod.yaml", "--policy", "p"]);
    assert_eq!(code(&out), 2);
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("bad.rego:1") && err.contains("unknown field `owner`"), "{err}");
}

/// The fast paths (all of a document's rules in one aggregated query, interpreted or as RVM
/// bytecode) must say exactly what evaluating the rules one by one says, on every case and
/// sample file.
#[test]
fn aggregated_evaluation_matches_rule_by_rule() {
    use rampart::collect::{self, classify};
    use rampart::document::Model;
    use rampart::engine::{Bytecode, Engine, DEFAULT_POLICY_TIMEOUT};
    use std::sync::Arc;

    let set = rampart::policy::load(rampart::policy::builtin_sources(), false).unwrap();
    let engine = Engine::new(set.clone(), |_| true, DEFAULT_POLICY_TIMEOUT).unwrap();
    let mut worker = engine.worker();
    // The same rules split in parts (as for a scan of one file) say the same again.
    let mut split = Engine::new(set.clone(), |_| true, DEFAULT_POLICY_TIMEOUT).unwrap();
    split.split(3);
    for model in [Model::Kubernetes, Model::Dockerfile, Model::Cloud, Model::Terraform, Model::Cloudformation] {
        assert_eq!(
            (model, split.parts(model)),
            (model, 3.min(engine.policies().filter(|p| p.meta.selectors.iter().any(|s| s.model == model)).count()))
        );
    }
    let mut split_worker = split.worker();
    // And again as the RVM bytecode build.rs compiled, which every built-in model's rules have;
    let mut vm = Engine::new(set.clone(), |_| true, DEFAULT_POLICY_TIMEOUT).unwrap();
    vm.use_vm(Bytecode::Builtin);
    // and as bytecode compiled now, for a selection of the rules (one left out of each model).
    let left_out =
        ["K8S-001", "DOCKER-001", "AWS-S3-001", "TF-001", "CFN-001", "GHA-001", "GHA-014", "GITLAB-001", "COMPOSE-001"];
    let mut compiled =
        Engine::new(set.clone(), |p| !left_out.contains(&p.meta.id.as_str()), DEFAULT_POLICY_TIMEOUT).unwrap();
    compiled.use_vm(Bytecode::Compile);
    for model in Model::ALL.into_iter().filter(|m| *m != Model::Raw) {
        assert!(vm.runs_builtin_bytecode(model), "{model:?} has no build-time bytecode");
        assert!(!compiled.runs_builtin_bytecode(model), "{model:?}: not the built-in selection");
        assert!(compiled.compiles_to_vm(model), "{model:?} does not compile to bytecode");
    }
    let mut vm_worker = vm.worker();
    let mut compiled_worker = compiled.worker();
    let files = corpus_files();
    let key = |f: &rampart::finding::Finding| format!("{} {} {} {}", f.rule_id, f.start_line, f.fingerprint, f.message);
    let (mut docs, mut findings) = (0, 0);
    for path in files {
        let text = std::fs::read_to_string(&path).unwrap();
        let shown = path.to_string_lossy().into_owned();
        let rel: Arc<str> = Arc::from(ci_case_as(&path).unwrap_or(shown).as_str());
        let out =
            rampart::pipeline::iac::collect_text(&rel, classify(&path).unwrap(), &text, &collect::Options::default());
        for doc in out.docs {
            let parted = split.evaluate(&mut split_worker, doc.clone());
            let bytecode = vm.evaluate(&mut vm_worker, doc.clone());
            let selection = compiled.evaluate(&mut compiled_worker, doc.clone());
            let fast = engine.evaluate(&mut worker, doc.clone());
            let slow = engine.evaluate_with(&mut worker, doc, &|p, d| p.selects(d));
            assert!(fast.aggregated, "{}: the aggregated query failed: {:?}", path.display(), fast.diagnostics);
            let mut a: Vec<String> = fast.findings.iter().map(key).collect();
            let mut b: Vec<String> = slow.findings.iter().map(key).collect();
            a.sort();
            b.sort();
            assert_eq!(a, b, "{}", path.display());
            assert!(parted.aggregated, "{}: a part's query failed: {:?}", path.display(), parted.diagnostics);
            let mut c: Vec<String> = parted.findings.iter().map(key).collect();
            c.sort();
            assert_eq!(a, c, "{}: split in parts", path.display());
            assert!(bytecode.aggregated, "{}: the bytecode failed: {:?}", path.display(), bytecode.diagnostics);
            let mut v: Vec<String> = bytecode.findings.iter().map(key).collect();
            v.sort();
            assert_eq!(a, v, "{}: as bytecode", path.display());
            assert!(selection.aggregated, "{}: the bytecode failed: {:?}", path.display(), selection.diagnostics);
            let mut w: Vec<String> = selection.findings.iter().map(key).collect();
            w.sort();
            let expected: Vec<String> =
                a.iter().filter(|k| !left_out.iter().any(|id| k.starts_with(&format!("{id} ")))).cloned().collect();
            assert_eq!(expected, w, "{}: a selection as bytecode", path.display());
            let (mut e, mut f) = (fast.evaluated.clone(), parted.evaluated.clone());
            e.sort();
            f.sort();
            assert_eq!(e, f, "{}", path.display());
            docs += 1;
            findings += a.len();
        }
    }
    assert!(docs > 200 && findings > 500, "{docs} documents, {findings} findings");
}
