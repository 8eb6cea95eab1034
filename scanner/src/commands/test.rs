//! `rampart test`: prove policies work, the `opa test` way and through the real collectors.
//!
//! Two kinds of test run. Rego unit tests: every `test_*` rule must evaluate to true (regorus
//! does not run them itself). Rules-tests cases: each `fail*`/`pass*` file next to a rule is
//! read by the same collectors a scan uses and evaluated by that rule alone; a fail case must
//! raise it (on exactly the lines its `rampart:expect-lines` comment lists), a pass case must not.

use std::collections::BTreeSet;
use std::path::PathBuf;
use std::process::ExitCode;
use std::sync::{Arc, LazyLock};

use anyhow::{bail, Result};
use regex::Regex;

use super::{EXIT_FINDINGS, EXIT_OK};
use crate::cli::TestArgs;
use crate::collect::{self, classify};
use crate::document::Model;
use crate::engine::{Engine, Worker, DEFAULT_POLICY_TIMEOUT};
use crate::policy::cases::{case_dir, expected_lines, pinned_today, read_cases, scanned_as, Case};
use crate::policy::{self, Policy};

static TEST_RULE_RE: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"(?m)^(test_[A-Za-z0-9_]+)\b").expect("valid regex"));

struct Tally {
    passed: usize,
    failed: usize,
    verbose: bool,
}

impl Tally {
    fn record(&mut self, name: &str, result: Result<(), String>) {
        match result {
            Ok(()) => {
                self.passed += 1;
                if self.verbose {
                    println!("PASS {name}");
                }
            }
            Err(why) => {
                self.failed += 1;
                println!("FAIL {name}: {why}");
            }
        }
    }
}

pub fn run(args: TestArgs) -> Result<ExitCode> {
    let dirs = if args.dirs.is_empty() { vec![PathBuf::from("policies")] } else { args.dirs.clone() };
    let mut tally = Tally { passed: 0, failed: 0, verbose: args.verbose };
    for dir in &dirs {
        if !dir.is_dir() {
            bail!("policy directory {} does not exist", dir.display());
        }
        let cases_root = args.cases.clone().unwrap_or_else(|| {
            let sibling = dir.join("..").join("rules-tests");
            if sibling.is_dir() {
                sibling
            } else {
                dir.clone()
            }
        });
        let set = policy::load(policy::gather_sources(false, std::slice::from_ref(dir))?, true)?;
        let unit_tests: Vec<(String, String)> = set
            .sources
            .iter()
            .filter(|(s, _)| !s.builtin)
            .flat_map(|(s, pkg)| {
                let names: BTreeSet<String> = TEST_RULE_RE.captures_iter(&s.text).map(|c| c[1].to_string()).collect();
                names.into_iter().map(move |n| (format!("{pkg}.{n}"), s.display.clone()))
            })
            .collect();
        let policies: Vec<Policy> = set
            .policies
            .iter()
            .filter(|p| !p.source.builtin && (args.rules.is_empty() || args.rules.contains(&p.meta.id)))
            .cloned()
            .collect();
        // Paths into the cloud model that the schema lacks, in rules and libraries alike.
        let path_checks: Vec<(String, Result<(), String>)> = set
            .sources
            .iter()
            .filter(|(s, _)| !s.builtin && args.rules.is_empty() && s.text.contains("input.aws"))
            .map(|(source, _)| {
                let problems = policy::input_paths::check(&source.text);
                let shown: Vec<String> =
                    problems.iter().map(|(line, p)| format!("{}:{line}: {p}", source.display)).collect();
                let result = if shown.is_empty() { Ok(()) } else { Err(shown.join("; ")) };
                (format!("cloud model paths of {}", source.display), result)
            })
            .collect();
        let mut unit_engine = policy::compile(&set.sources)?;
        crate::engine::set_memory_limit(crate::engine::DEFAULT_MAX_MEMORY_MIB);
        let engine = Engine::new(set, |p| !p.source.builtin, DEFAULT_POLICY_TIMEOUT)?;
        let mut worker = engine.worker();

        if args.rules.is_empty() {
            for (rule, file) in unit_tests {
                unit_engine.set_input(regorus::Value::new_object());
                let result = match unit_engine.eval_rule(rule.clone()) {
                    Ok(regorus::Value::Bool(true)) => Ok(()),
                    Ok(regorus::Value::Undefined) => Err("undefined (a condition failed)".to_string()),
                    Ok(v) => Err(format!("evaluated to {v}")),
                    Err(e) => Err(format!("error: {e}")),
                };
                tally.record(&format!("{rule} ({file})"), result);
            }
        }

        for (name, result) in path_checks {
            tally.record(&name, result);
        }
        for policy in &policies {
            let id = &policy.meta.id;
            let dir = case_dir(policy, &cases_root);
            let cases = read_cases(&dir);
            if !cases.iter().any(Case::is_fail) {
                tally.record(id, Err(format!("no fail* case in {}", dir.display())));
            }
            if !cases.iter().any(Case::is_pass) {
                tally.record(id, Err(format!("no pass* case in {}", dir.display())));
            }
            for case in &cases {
                let name = format!("{id} {}", case.path.display());
                tally.record(&name, run_case(&engine, &mut worker, policy, case));
            }
        }
    }
    println!("rampart: {} passed, {} failed", tally.passed, tally.failed);
    Ok(ExitCode::from(if tally.failed > 0 { EXIT_FINDINGS } else { EXIT_OK }))
}

fn run_case(engine: &Engine, worker: &mut Worker, policy: &Policy, case: &Case) -> Result<(), String> {
    let Some(kind) = classify(&case.path) else {
        return Err("the file name does not say what it is (use .yaml, .json, .toml, .tf or .Dockerfile)".into());
    };
    let opts = collect::Options {
        raw: Some(Arc::new(crate::paths::build_globs(&["**".to_string()]).map_err(|e| e.to_string())?)),
        ..collect::Options::default()
    };
    let models: Vec<Model> = policy.meta.selectors.iter().map(|s| s.model).collect();
    let rel: Arc<str> = Arc::from(scanned_as(&models, &case.name).as_str());
    let out = crate::pipeline::iac::collect_text(&rel, kind, &case.text, &opts);
    if let Some(err) = out.diagnostics.iter().find(|d| d.level == crate::diagnostic::Level::Error) {
        return Err(format!("the case does not parse: {err}"));
    }
    let docs: Vec<_> = out.docs.into_iter().filter(|d| policy.selects_with(d, false)).collect();
    if docs.is_empty() && case.is_fail() {
        return Err("no document in the case matches the rule's selector".into());
    }
    let mut lines = BTreeSet::new();
    let today = pinned_today(&case.text);
    for mut doc in docs {
        if let (Some(today), Some(input)) = (&today, doc.input.as_object_mut()) {
            input.insert("__today".into(), serde_json::Value::String(today.clone()));
        }
        let eval = engine.evaluate_with(worker, doc, &|p, _| p.meta.id == policy.meta.id);
        if let Some(d) = eval.diagnostics.iter().find(|d| d.rule.is_some()) {
            return Err(d.message.clone());
        }
        lines.extend(eval.findings.iter().map(|f| f.start_line));
    }
    if case.is_pass() {
        return match lines.is_empty() {
            true => Ok(()),
            false => Err(format!("pass case raised the rule on lines {lines:?}")),
        };
    }
    if lines.is_empty() {
        return Err("fail case raised nothing".into());
    }
    match expected_lines(&case.text) {
        Some(expected) if expected != lines => Err(format!("expected findings on lines {expected:?}, got {lines:?}")),
        _ => Ok(()),
    }
}
