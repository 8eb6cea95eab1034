//! Where users meet Rampart: the GitHub Action, the example workflows, the pre-commit hooks,
//! `rampart init`, shell completions, manual pages, the generated rule reference and the
//! container image. Each is checked with the real tool that will consume it (actionlint,
//! shellcheck, pre-commit, bash, groff) or, for the action, by running its steps.
//!
//! GitHub's runner cannot run here, so `run_action` plays its part for the composite action:
//! it evaluates the `${{ }}` expressions and `if:` conditions the action uses, runs each `run:`
//! step with bash as the runner does (`bash --noprofile --norc -eo pipefail`), passes outputs
//! between steps through `$GITHUB_OUTPUT`, and records the `uses:` steps (cache, SARIF upload)
//! with their resolved inputs instead of running them. An expression it does not understand
//! fails the test rather than being guessed.

mod common;

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};
use std::time::Instant;

use common::*;
use serde_json::Value;

fn run(cmd: &mut Command) -> Output {
    let out = cmd.output().unwrap_or_else(|e| panic!("running {cmd:?}: {e}"));
    out
}

fn text(out: &Output) -> String {
    format!("{}{}", String::from_utf8_lossy(&out.stdout), String::from_utf8_lossy(&out.stderr))
}

/// Parse YAML with PyYAML (an independent parser, as GitHub and pre-commit use their own).
fn yaml_file(path: &Path) -> Value {
    let out = run(Command::new(tool_env("RAMPART_PYTHON")).args([
        "-c",
        "import json, sys, yaml\njson.dump(yaml.safe_load(open(sys.argv[1])), sys.stdout, default=str)",
        path.to_str().unwrap(),
    ]));
    assert!(out.status.success(), "PyYAML cannot read {}: {}", path.display(), text(&out));
    serde_json::from_slice(&out.stdout).unwrap()
}

fn git(dir: &Path, args: &[&str]) -> String {
    let out = run(Command::new("git").args(args).current_dir(dir).env("GIT_CONFIG_NOSYSTEM", "1"));
    assert!(out.status.success(), "git {args:?} in {}: {}", dir.display(), text(&out));
    String::from_utf8_lossy(&out.stdout).trim().to_string()
}

/// A fresh repository with a local identity, so commits work on any machine.
fn git_init(dir: &Path) {
    std::fs::create_dir_all(dir).unwrap();
    git(dir, &["init", "-q", "-b", "main"]);
    git(dir, &["config", "user.name", "Rampart Test"]);
    git(dir, &["config", "user.email", "test@rampart.invalid"]);
    git(dir, &["config", "commit.gpgsign", "false"]);
}

fn commit_all(dir: &Path, message: &str) -> String {
    git(dir, &["add", "-A"]);
    git(dir, &["commit", "-q", "--no-verify", "-m", message]);
    git(dir, &["rev-parse", "HEAD"])
}

fn action() -> Value {
    yaml_file(&repo().join("action.yml"))
}

fn action_text() -> String {
    std::fs::read_to_string(repo().join("action.yml")).unwrap()
}

fn names_after(text: &str, prefix: &str) -> std::collections::BTreeSet<String> {
    let re = regex::Regex::new(&format!(r"\b{}([A-Za-z0-9_-]+)", regex::escape(prefix))).unwrap();
    re.captures_iter(text).map(|c| c[1].to_string()).collect()
}

// ---------------------------------------------------------------------------------------------
// action.yml: the metadata rules GitHub applies, and the scripts' hygiene.

#[test]
fn action_metadata_follows_the_rules() {
    let a = action();
    let raw = action_text();
    for key in ["name", "description"] {
        assert!(a[key].as_str().is_some_and(|s| !s.trim().is_empty()), "action.yml needs a top-level {key}");
    }
    assert_eq!(a["runs"]["using"], "composite", "runs.using must be composite");
    let steps = a["runs"]["steps"].as_array().expect("runs.steps is a list");
    assert!(!steps.is_empty());

    let inputs = a["inputs"].as_object().expect("inputs");
    for (name, spec) in inputs {
        assert!(spec["description"].as_str().is_some_and(|d| !d.trim().is_empty()), "input {name} has no description");
        assert!(spec.get("default").is_some(), "input {name} has no default");
    }
    let declared: std::collections::BTreeSet<String> = inputs.keys().cloned().collect();
    let used = names_after(&raw, "inputs.");
    for name in &used {
        assert!(declared.contains(name), "inputs.{name} is used but not declared");
    }
    for name in &declared {
        assert!(used.contains(name), "input {name} is declared but never used");
    }

    let ids: Vec<&str> = steps.iter().filter_map(|s| s["id"].as_str()).collect();
    let mut unique = ids.clone();
    unique.sort();
    unique.dedup();
    assert_eq!(unique.len(), ids.len(), "step ids must be unique: {ids:?}");
    let step = |id: &str| steps.iter().find(|s| s["id"] == id);
    // What each run step writes to $GITHUB_OUTPUT, and what actions/cache provides.
    let writes = |id: &str, name: &str| -> bool {
        let s = step(id).unwrap();
        match s["run"].as_str() {
            Some(script) => script.contains(&format!("echo \"{name}=")),
            None => s["uses"].as_str().is_some_and(|u| u.starts_with("actions/cache/restore@")) && name == "cache-hit",
        }
    };
    let output_re = regex::Regex::new(r"steps\.([A-Za-z0-9_-]+)\.outputs\.([A-Za-z0-9_-]+)").unwrap();
    for c in output_re.captures_iter(&raw) {
        assert!(step(&c[1]).is_some(), "steps.{}.outputs.{} names no step", &c[1], &c[2]);
        assert!(writes(&c[1], &c[2]), "step {} never sets output {}", &c[1], &c[2]);
    }
    let outputs = a["outputs"].as_object().expect("outputs");
    for expected in ["sarif-file", "findings", "failed"] {
        assert!(outputs.contains_key(expected), "output {expected} is missing");
    }
    let value_re = regex::Regex::new(r"^\$\{\{\s*steps\.([A-Za-z0-9_-]+)\.outputs\.([A-Za-z0-9_-]+)\s*\}\}$").unwrap();
    for (name, spec) in outputs {
        assert!(spec["description"].as_str().is_some_and(|d| !d.is_empty()), "output {name} has no description");
        let value = spec["value"].as_str().unwrap_or_else(|| panic!("output {name} has no value"));
        let c = value_re.captures(value).unwrap_or_else(|| panic!("output {name}: {value} is not a step output"));
        assert!(step(&c[1]).is_some(), "output {name} refers to missing step {}", &c[1]);
    }

    for s in steps {
        let label = s["name"].as_str().or(s["id"].as_str()).unwrap_or("?").to_string();
        if let Some(script) = s["run"].as_str() {
            assert_eq!(s["shell"], "bash", "{label}: a composite run step needs shell: bash");
            assert!(!script.contains("${{"), "{label}: expressions inside a script allow injection; use env:");
        } else {
            let uses = s["uses"].as_str().unwrap_or_else(|| panic!("{label}: neither run nor uses"));
            assert!(uses.contains('@'), "{label}: pin {uses} to a version");
        }
    }
    let upload = steps.iter().find(|s| s["uses"].as_str().is_some_and(|u| u.contains("upload-sarif"))).unwrap();
    // Actions the action calls are pinned by commit, with the release it is in a comment.
    let text = action_text();
    let pinned = regex::Regex::new(r"(?m)^\s+uses: ([\w./-]+)@([0-9a-f]{40}) # v\d+\.\d+\.\d+$").unwrap();
    assert_eq!(pinned.captures_iter(&text).count(), text.matches("uses:").count(), "pin every uses: by commit");
    assert!(upload["uses"].as_str().unwrap().starts_with("github/codeql-action/upload-sarif@"));
    assert!(upload["with"]["category"].as_str().unwrap().contains("inputs.category"));
    for s in steps.iter().skip_while(|s| s["id"] != "scan").skip(1) {
        assert!(s["if"].as_str().is_some_and(|c| c.contains("always()")), "{s}: steps after the scan need always()");
    }
}

#[test]
fn action_scripts_pass_shellcheck() {
    let shellcheck = tool_env("RAMPART_SHELLCHECK");
    for s in action()["runs"]["steps"].as_array().unwrap() {
        let Some(script) = s["run"].as_str() else { continue };
        // As the runner runs them: bash -eo pipefail.
        let dir = tempfile::tempdir().unwrap();
        let file = write(dir.path(), "step.sh", &format!("#!/usr/bin/env bash\nset -eo pipefail\n{script}"));
        let out = run(Command::new(&shellcheck).args(["-s", "bash", "-S", "style"]).arg(&file));
        assert!(out.status.success(), "shellcheck on step {}:\n{}", s["name"], text(&out));
    }
    for script in [
        "scripts/action/cache-origin.sh",
        "scripts/action/install.sh",
        "scripts/release/package.sh",
        "deploy/pre-commit/render.sh",
    ] {
        let out = run(Command::new(&shellcheck).args(["-S", "style"]).arg(repo().join(script)));
        assert!(out.status.success(), "shellcheck on {script}:\n{}", text(&out));
    }
}

/// The release workflow cannot run here (it publishes), so it is held to what can be checked:
/// actionlint (with shellcheck on its scripts), Rampart's own workflow rules, every action
/// pinned by commit, and the same platforms as the installers that download its archives.
#[test]
fn release_workflow_builds_what_the_installers_download() {
    let dir = tempfile::tempdir().unwrap();
    let workflow = std::fs::read_to_string(repo().join(".github/workflows/release.yml")).unwrap();
    let file = write(dir.path(), ".github/workflows/release.yml", &workflow);
    let out = actionlint(dir.path(), &[file]);
    assert!(out.status.success(), "actionlint on release.yml:\n{}", text(&out));
    let out =
        rampart(&repo(), &["scan", ".github/workflows/release.yml", "-f", "json", "--no-config", "--fail-on", "info"]);
    assert_eq!(code(&out), 0, "release.yml has findings:\n{}", text(&out));
    let pinned = regex::Regex::new(r"(?m)^\s+(?:- )?uses: ([\w./-]+)@([0-9a-f]{40}) # v\d+\.\d+\.\d+$").unwrap();
    assert_eq!(pinned.captures_iter(&workflow).count(), workflow.matches("uses:").count(), "pin every uses: by commit");

    let release = yaml_file(&repo().join(".github/workflows/release.yml"));
    let built: std::collections::BTreeSet<String> = release["jobs"]["build"]["strategy"]["matrix"]["include"]
        .as_array()
        .unwrap()
        .iter()
        .map(|m| m["target"].as_str().unwrap().to_string())
        .collect();
    let install = std::fs::read_to_string(repo().join("scripts/action/install.sh")).unwrap();
    let downloaded: std::collections::BTreeSet<String> =
        regex::Regex::new(r"\btarget=([\w-]+)").unwrap().captures_iter(&install).map(|c| c[1].to_string()).collect();
    assert_eq!(built, downloaded, "the action downloads exactly the platforms the release builds");
    // cargo-binstall reads the same archive names (zip on Windows, as package.sh packs it).
    let manifest = std::fs::read_to_string(repo().join("Cargo.toml")).unwrap();
    assert!(manifest.contains(
        "pkg-url = \"{ repo }/releases/download/v{ version }/rampart-v{ version }-{ target }{ archive-suffix }\""
    ));
    for target in built.iter().filter(|t| t.contains("-windows-")) {
        assert!(
            manifest.contains(&format!("[package.metadata.binstall.overrides.{target}]\npkg-fmt = \"zip\"")),
            "{target}"
        );
    }
    // The tag must name Cargo.toml's version; the installer and the mirror read it the same way.
    assert!(workflow.contains("section == \"[package]\" && /^version = /"));
}

// ---------------------------------------------------------------------------------------------
// Workflows: the examples and `rampart init --github`, linted by actionlint, once as written and
// once against this action.yml (actionlint checks `with:` and `outputs` of a local action).

fn actionlint(dir: &Path, files: &[PathBuf]) -> Output {
    run(Command::new(tool_env("RAMPART_ACTIONLINT"))
        .arg(format!("-shellcheck={}", tool_env("RAMPART_SHELLCHECK")))
        .arg("-pyflakes=")
        .arg("-no-color")
        .args(files)
        .current_dir(dir))
}

fn workflows() -> Vec<(String, String)> {
    let mut out: Vec<(String, String)> = std::fs::read_dir(repo().join("examples"))
        .unwrap()
        .flatten()
        .filter(|e| e.path().extension().is_some_and(|x| x == "yml"))
        .map(|e| (e.file_name().to_string_lossy().into_owned(), std::fs::read_to_string(e.path()).unwrap()))
        .collect();
    out.sort();
    assert!(out.iter().any(|(n, _)| n == "pr-gate.yml") && out.iter().any(|(n, _)| n == "nightly-audit.yml"));
    out.push(("init-generated.yml".into(), rampart::commands::init::workflow_text()));
    // The README's snippet, too: users copy it.
    let readme = std::fs::read_to_string(repo().join("README.md")).unwrap();
    let section = &readme[readme.find("\n## GitHub Action\n").expect("README has a GitHub Action section")..];
    let start = section.find("```yaml\n").unwrap() + "```yaml\n".len();
    out.push(("readme-snippet.yml".into(), section[start..start + section[start..].find("```").unwrap()].to_string()));
    out
}

#[test]
fn workflows_pass_actionlint_against_this_action() {
    let dir = tempfile::tempdir().unwrap();
    let plain = dir.path().join("plain");
    let local = dir.path().join("local");
    git_init(&local);
    std::fs::copy(repo().join("action.yml"), local.join("action.yml")).unwrap();
    let action_ref = rampart::commands::init::action_ref();
    let mut plain_files = Vec::new();
    for (name, text) in workflows() {
        plain_files.push(write(&plain, &name, &text));
        assert!(text.contains(&format!("uses: {action_ref}")), "{name} does not use {action_ref}");
        write(&local, &format!(".github/workflows/{name}"), &text.replace(&action_ref, "./"));
    }
    let out = actionlint(&plain, &plain_files);
    assert!(out.status.success(), "actionlint on the workflows:\n{}", text(&out));
    let out = actionlint(&local, &[]);
    assert!(out.status.success(), "actionlint with the action resolved to action.yml:\n{}", text(&out));

    // The check is real: an input the action does not declare is caught.
    write(
        &local,
        ".github/workflows/pr-gate.yml",
        &workflows()
            .into_iter()
            .find(|(n, _)| n == "pr-gate.yml")
            .unwrap()
            .1
            .replace(&action_ref, "./")
            .replace("fail-on: high", "fail-on: high\n          fail-level: high"),
    );
    let out = actionlint(&local, &[]);
    assert!(!out.status.success() && text(&out).contains("fail-level"), "{}", text(&out));
}

#[test]
fn example_workflows_say_what_they_need() {
    let get_on = |w: &Value| -> Value { w.get("on").or(w.get("True")).or(w.get("true")).cloned().unwrap() };
    let gate = yaml_file(&repo().join("examples/pr-gate.yml"));
    assert!(get_on(&gate).get("pull_request").is_some());
    assert_eq!(gate["permissions"]["security-events"], "write");
    assert_eq!(gate["permissions"]["contents"], "read");
    let steps = gate["jobs"]["rampart"]["steps"].as_array().unwrap();
    assert!(steps[0]["uses"].as_str().unwrap().starts_with("actions/checkout@"));
    let rampart_step =
        steps.iter().find(|s| s["uses"].as_str().is_some_and(|u| u.starts_with("rampart-dev/"))).unwrap();
    assert!(rampart_step["with"]["baseline"].is_string() && rampart_step["with"]["upload-sarif"] == "true");

    let nightly = yaml_file(&repo().join("examples/nightly-audit.yml"));
    let on = get_on(&nightly);
    assert!(on.get("schedule").is_some() && on.get("workflow_dispatch").is_some());
    assert_eq!(nightly["permissions"]["id-token"], "write");
    let steps = nightly["jobs"]["audit"]["steps"].as_array().unwrap();
    let aws = steps
        .iter()
        .find(|s| s["uses"].as_str().is_some_and(|u| u.starts_with("aws-actions/configure-aws-credentials@")))
        .unwrap();
    assert!(aws["with"]["role-to-assume"].is_string());
    assert!(steps.iter().any(|s| s["run"].as_str().is_some_and(|r| r.contains("rampart audit aws"))));
}

// ---------------------------------------------------------------------------------------------
// Running the action's steps.

#[derive(Debug, Clone, PartialEq)]
enum V {
    Null,
    Bool(bool),
    Str(String),
}

impl V {
    fn truthy(&self) -> bool {
        match self {
            V::Null => false,
            V::Bool(b) => *b,
            V::Str(s) => !s.is_empty(),
        }
    }
    fn text(&self) -> String {
        match self {
            V::Null => String::new(),
            V::Bool(b) => b.to_string(),
            V::Str(s) => s.clone(),
        }
    }
}

/// The expression subset of GitHub Actions the action uses: context lookups, string literals,
/// `== != && || !`, parentheses and the status functions.
struct Expr<'a> {
    toks: Vec<String>,
    pos: usize,
    ctx: &'a Ctx,
}

struct Ctx {
    inputs: BTreeMap<String, String>,
    github: Value,
    runner: BTreeMap<&'static str, String>,
    steps: BTreeMap<String, BTreeMap<String, String>>,
    failed: bool,
}

impl Ctx {
    fn lookup(&self, path: &str) -> V {
        let parts: Vec<&str> = path.split('.').collect();
        match parts[0] {
            "inputs" => {
                V::Str(self.inputs.get(parts[1]).unwrap_or_else(|| panic!("undeclared input {}", parts[1])).clone())
            }
            "github" => {
                let mut v = &self.github;
                for p in &parts[1..] {
                    v = &v[*p];
                }
                match v {
                    Value::String(s) => V::Str(s.clone()),
                    Value::Null => V::Null,
                    other => V::Str(other.to_string()),
                }
            }
            "runner" => V::Str(self.runner.get(parts[1]).unwrap_or_else(|| panic!("runner.{}?", parts[1])).clone()),
            "steps" => {
                assert_eq!(parts.get(2), Some(&"outputs"), "only steps.ID.outputs.NAME is supported: {path}");
                self.steps.get(parts[1]).and_then(|o| o.get(parts[3])).map_or(V::Null, |s| V::Str(s.clone()))
            }
            other => panic!("the test runner does not know the context {other:?} ({path})"),
        }
    }

    fn eval(&self, expr: &str) -> V {
        let tok_re = regex::Regex::new(r"\s*('(?:[^']|'')*'|&&|\|\||==|!=|!|\(|\)|[A-Za-z_][A-Za-z0-9_.\-]*)").unwrap();
        let mut toks = Vec::new();
        let mut rest = expr;
        while !rest.trim().is_empty() {
            let m = tok_re.captures(rest).filter(|c| c.get(0).unwrap().start() == 0);
            let m = m.unwrap_or_else(|| panic!("cannot read expression {expr:?} at {rest:?}"));
            toks.push(m[1].to_string());
            rest = &rest[m.get(0).unwrap().end()..];
        }
        let mut e = Expr { toks, pos: 0, ctx: self };
        let v = e.or();
        assert_eq!(e.pos, e.toks.len(), "trailing tokens in {expr:?}");
        v
    }

    /// A string with `${{ }}` templates replaced.
    fn render(&self, s: &str) -> String {
        let mut out = String::new();
        let mut rest = s;
        while let Some(start) = rest.find("${{") {
            out.push_str(&rest[..start]);
            let end = rest[start..].find("}}").expect("closed template") + start;
            out.push_str(&self.eval(&rest[start + 3..end]).text());
            rest = &rest[end + 2..];
        }
        out.push_str(rest);
        out
    }

    fn condition(&self, cond: Option<&str>) -> bool {
        let Some(cond) = cond else { return !self.failed };
        let cond = cond.trim();
        let cond = cond.strip_prefix("${{").and_then(|c| c.strip_suffix("}}")).unwrap_or(cond);
        let status = ["always(", "success(", "failure(", "cancelled("].iter().any(|f| cond.contains(f));
        let v = self.eval(cond).truthy();
        if status {
            v
        } else {
            !self.failed && v
        }
    }
}

impl Expr<'_> {
    fn peek(&self) -> Option<&str> {
        self.toks.get(self.pos).map(String::as_str)
    }
    fn next(&mut self) -> String {
        self.pos += 1;
        self.toks[self.pos - 1].clone()
    }
    fn or(&mut self) -> V {
        let mut v = self.and();
        while self.peek() == Some("||") {
            self.next();
            let r = self.and();
            v = if v.truthy() { v } else { r };
        }
        v
    }
    fn and(&mut self) -> V {
        let mut v = self.not();
        while self.peek() == Some("&&") {
            self.next();
            let r = self.not();
            v = if v.truthy() { r } else { v };
        }
        v
    }
    fn not(&mut self) -> V {
        if self.peek() == Some("!") {
            self.next();
            return V::Bool(!self.not().truthy());
        }
        let l = self.primary();
        match self.peek() {
            Some(op @ ("==" | "!=")) => {
                let eq = op == "==";
                self.next();
                let r = self.primary();
                V::Bool(l.text().eq_ignore_ascii_case(&r.text()) == eq)
            }
            _ => l,
        }
    }
    fn primary(&mut self) -> V {
        let t = self.next();
        if t == "(" {
            let v = self.or();
            assert_eq!(self.next(), ")");
            return v;
        }
        if let Some(s) = t.strip_prefix('\'') {
            return V::Str(s.strip_suffix('\'').unwrap().replace("''", "'"));
        }
        if self.peek() == Some("(") {
            self.next();
            assert_eq!(self.next(), ")", "only functions without arguments are supported: {t}");
            return match t.as_str() {
                "always" => V::Bool(true),
                "success" => V::Bool(!self.ctx.failed),
                "failure" => V::Bool(self.ctx.failed),
                "cancelled" => V::Bool(false),
                other => panic!("the test runner does not know the function {other}()"),
            };
        }
        match t.as_str() {
            "true" => V::Bool(true),
            "false" => V::Bool(false),
            "null" => V::Null,
            path => self.ctx.lookup(path),
        }
    }
}

#[derive(Debug)]
struct StepRun {
    id: String,
    name: String,
    ran: bool,
    code: i32,
    log: String,
    with: BTreeMap<String, String>,
}

#[derive(Debug)]
struct ActionRun {
    steps: Vec<StepRun>,
    outputs: BTreeMap<String, String>,
    failed: bool,
    summary: String,
    /// Every rampart invocation: its arguments.
    calls: Vec<Vec<String>>,
    /// Every `cargo` invocation (a stand-in that puts the wrapper in place): its arguments.
    cargo: Vec<String>,
    /// The requests the cache API answered.
    api_requests: Vec<String>,
    /// The paths the release server was asked for.
    release_requests: Vec<String>,
    temp: PathBuf,
    _scratch: tempfile::TempDir,
}

impl ActionRun {
    fn step(&self, id: &str) -> &StepRun {
        self.steps.iter().find(|s| s.id == id || s.name == id).unwrap_or_else(|| panic!("no step {id}"))
    }
    fn scans(&self) -> Vec<&Vec<String>> {
        self.calls.iter().filter(|c| c.first().is_some_and(|a| a == "scan")).collect()
    }
    /// The paths after `--` of the one scan.
    fn targets(&self) -> Vec<String> {
        let scans = self.scans();
        assert_eq!(scans.len(), 1, "expected exactly one scan: {:?}", self.calls);
        let args = scans[0];
        args[args.iter().position(|a| a == "--").unwrap() + 1..].to_vec()
    }
}

/// Workflow commands the runner would act on in a step's log, honouring `::stop-commands::`.
fn workflow_commands(log: &str) -> Vec<(String, BTreeMap<String, String>, String)> {
    let mut out = Vec::new();
    let mut stopped: Option<String> = None;
    for line in log.lines() {
        if let Some(token) = &stopped {
            if line == format!("::{token}::") {
                stopped = None;
            }
            continue;
        }
        let Some(rest) = line.strip_prefix("::") else { continue };
        let Some((head, message)) = rest.split_once("::") else { continue };
        let (name, props) = head.split_once(' ').unwrap_or((head, ""));
        if name == "stop-commands" {
            stopped = Some(message.to_string());
            continue;
        }
        let props = props.split(',').filter_map(|p| p.split_once('=')).map(|(k, v)| (k.into(), v.into())).collect();
        out.push((name.to_string(), props, message.to_string()));
    }
    out
}

struct ActionEnv {
    workspace: PathBuf,
    event_name: &'static str,
    base_sha: Option<String>,
    inputs: Vec<(&'static str, String)>,
}

/// What the cache API answers, request after request (the last answer repeats).
#[derive(Clone)]
enum Api {
    /// The refs that saved entries under the requested key.
    Saved(Vec<&'static str>),
    /// 403, as for a token without `actions: read`.
    Refuses,
}

/// The build cache the action finds, and the release it can download.
struct CacheScenario {
    /// Whether `actions/cache/restore` finds the source build's key.
    hit: bool,
    api: Vec<Api>,
    release: Release,
    /// Whether the release cache holds this version's archive (the good one).
    release_cached: bool,
}

impl Default for CacheScenario {
    fn default() -> Self {
        CacheScenario {
            hit: true,
            api: vec![Api::Saved(vec!["refs/heads/main"])],
            release: Release::Published,
            release_cached: false,
        }
    }
}

/// What the loopback release server publishes for this version.
#[derive(Clone, Copy, PartialEq)]
enum Release {
    /// SHA256SUMS and the Linux x64 archive, which holds the binary under test.
    Published,
    /// The archive served is not the one SHA256SUMS lists.
    Tampered,
    /// SHA256SUMS lists only other platforms' archives.
    NoLinuxArchive,
    /// No release of this version (404).
    Absent,
}

const RELEASE_TARGET: &str = "x86_64-unknown-linux-musl";

/// The Linux x64 release archive, packed by the release workflow's own script around the
/// logging wrapper: the test checks that what the workflow packs is what the action unpacks.
fn release_archive(scratch: &Path, wrapper: &Path) -> (String, Vec<u8>) {
    let out = run(Command::new("bash")
        .arg(repo().join("scripts/release/package.sh"))
        .arg(wrapper)
        .args([RELEASE_TARGET, env!("CARGO_PKG_VERSION")])
        .arg(scratch.join("dist")));
    assert!(out.status.success(), "{}", text(&out));
    let archive = PathBuf::from(String::from_utf8(out.stdout).unwrap().trim());
    (archive.file_name().unwrap().to_string_lossy().into_owned(), std::fs::read(&archive).unwrap())
}

fn sha256_hex(bytes: &[u8]) -> String {
    use sha2::Digest;
    sha2::Sha256::digest(bytes).iter().map(|b| format!("{b:02x}")).collect()
}

/// A loopback release download server: `GET /download/vVERSION/FILE` per `release`. Returns
/// its base URL (the action's `release-url`) and request log.
fn release_server(
    release: Release,
    archive: &(String, Vec<u8>),
) -> (String, std::sync::Arc<std::sync::Mutex<Vec<String>>>) {
    let version = env!("CARGO_PKG_VERSION");
    let (name, bytes) = archive.clone();
    let sums = match release {
        Release::NoLinuxArchive => format!(
            "{}  rampart-v{version}-aarch64-apple-darwin.tar.gz\n{}  rampart-v{version}-x86_64-pc-windows-msvc.zip\n",
            "1".repeat(64),
            "2".repeat(64)
        ),
        _ => format!(
            "{}  rampart-v{version}-aarch64-apple-darwin.tar.gz\n{}  {name}\n",
            "1".repeat(64),
            sha256_hex(&bytes)
        ),
    };
    let mut served = bytes;
    if release == Release::Tampered {
        // Same size, one byte changed: only the checksum can tell.
        let last = served.len() - 1;
        served[last] ^= 0xff;
    }
    let mut files: BTreeMap<String, Vec<u8>> = BTreeMap::new();
    if release != Release::Absent {
        files.insert(format!("/download/v{version}/SHA256SUMS"), sums.into_bytes());
        if release != Release::NoLinuxArchive {
            files.insert(format!("/download/v{version}/{name}"), served);
        }
    }
    let (url, log) = loopback_server(move |target, _auth| match files.get(target) {
        Some(body) => ("200 OK", "application/octet-stream", body.clone()),
        None => ("404 Not Found", "text/plain", b"Not Found".to_vec()),
    });
    (format!("{url}/download"), log)
}

/// A loopback HTTP/1.1 server answering each request with `answer(target, authorization)`
/// (status, content type, body). Returns its URL and the log of requests (`target [auth]`).
fn loopback_server<F>(answer: F) -> (String, std::sync::Arc<std::sync::Mutex<Vec<String>>>)
where
    F: Fn(&str, &str) -> (&'static str, &'static str, Vec<u8>) + Send + 'static,
{
    use std::io::{BufRead, BufReader, Write};
    let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let url = format!("http://{}", listener.local_addr().unwrap());
    let log = std::sync::Arc::new(std::sync::Mutex::new(Vec::new()));
    let seen = log.clone();
    std::thread::spawn(move || {
        for stream in listener.incoming() {
            let Ok(mut stream) = stream else { continue };
            let mut reader = BufReader::new(stream.try_clone().unwrap());
            let mut request = String::new();
            let _ = reader.read_line(&mut request);
            let mut auth = String::new();
            loop {
                let mut line = String::new();
                if reader.read_line(&mut line).unwrap_or(0) == 0 || line == "\r\n" {
                    break;
                }
                if line.to_lowercase().starts_with("authorization:") {
                    auth = line.trim().to_string();
                }
            }
            let target = request.split(' ').nth(1).unwrap_or_default().to_string();
            seen.lock().unwrap().push(format!("{target} [{auth}]"));
            let (status, content_type, body) = answer(&target, &auth);
            let _ = write!(
                stream,
                "HTTP/1.1 {status}\r\nContent-Type: {content_type}\r\nContent-Length: {}\r\nConnection: close\r\n\r\n",
                body.len()
            );
            let _ = stream.write_all(&body);
        }
    });
    (url, log)
}

/// A loopback cache API (`GET /repos/OWNER/REPO/actions/caches?key=K`): answers in turn,
/// listing an entry under the requested key for each ref. Returns its URL and request log.
fn cache_api(answers: Vec<Api>) -> (String, std::sync::Arc<std::sync::Mutex<Vec<String>>>) {
    let asked = std::sync::atomic::AtomicUsize::new(0);
    loopback_server(move |target, _auth| {
        let n = asked.fetch_add(1, std::sync::atomic::Ordering::SeqCst);
        let key = target.split(['?', '&']).find_map(|kv| kv.strip_prefix("key=")).unwrap_or_default().to_string();
        let answer = answers.get(n.min(answers.len().saturating_sub(1))).cloned().unwrap_or(Api::Refuses);
        let (status, body) = match &answer {
            Api::Refuses => ("403 Forbidden", serde_json::json!({"message": "Resource not accessible by integration"})),
            Api::Saved(refs) => {
                // Another key under the same prefix, which must not count.
                let mut caches = vec![serde_json::json!({"key": format!("{key}-other"), "ref": "refs/pull/1/merge"})];
                caches.extend(refs.iter().map(|r| serde_json::json!({"key": key, "ref": r})));
                ("200 OK", serde_json::json!({"total_count": caches.len(), "actions_caches": caches}))
            }
        };
        (status, "application/json", body.to_string().into_bytes())
    })
}

/// Run the action's steps in `workspace`, with a fake home whose build cache already holds a
/// rampart (a logging wrapper around the binary under test).
fn run_action(env: ActionEnv) -> ActionRun {
    run_action_with(env, CacheScenario::default())
}

/// Run the action's steps with the build cache and cache API of `cache`. `actions/cache/restore`
/// "restores" a logging wrapper around the binary under test; `cargo` is a stand-in that puts
/// the same wrapper where the build would, and logs its arguments.
fn run_action_with(env: ActionEnv, cache: CacheScenario) -> ActionRun {
    let a = action();
    let scratch_dir = tempfile::tempdir().unwrap();
    let scratch = scratch_dir.path().to_path_buf();
    let home = scratch.join("home");
    let temp = scratch.join("runner-temp");
    std::fs::create_dir_all(&temp).unwrap();
    let calls_log = scratch.join("calls.log");
    let cargo_log = scratch.join("cargo.log");
    let executable =
        |p: &Path| std::fs::set_permissions(p, std::os::unix::fs::PermissionsExt::from_mode(0o755)).unwrap();
    let wrapper = write(
        &scratch,
        "wrapper/rampart",
        &format!(
            "#!/bin/sh\n{{ printf '\\036'; for a in \"$@\"; do printf '%s\\0' \"$a\"; done; }} >> '{}'\nexec '{}' \"$@\"\n",
            calls_log.display(),
            env!("CARGO_BIN_EXE_rampart")
        ),
    );
    executable(&wrapper);
    let cargo = write(
        &scratch,
        "toolchain/cargo",
        &format!(
            "#!/bin/sh\necho \"$*\" >> '{}'\nmkdir -p \"$CARGO_TARGET_DIR/release\"\ncp '{}' \"$CARGO_TARGET_DIR/release/rampart\"\n",
            cargo_log.display(),
            wrapper.display()
        ),
    );
    executable(&cargo);
    let (api_url, api_log) = cache_api(cache.api.clone());
    let archive = release_archive(&scratch, &wrapper);
    let (release_url, release_log) = release_server(cache.release, &archive);

    let mut inputs: BTreeMap<String, String> = a["inputs"]
        .as_object()
        .unwrap()
        .iter()
        .map(|(k, v)| (k.clone(), v["default"].as_str().unwrap_or_default().to_string()))
        .collect();
    inputs.insert("release-url".into(), release_url);
    for (k, v) in &env.inputs {
        assert!(inputs.contains_key(*k), "the action has no input {k}");
        inputs.insert(k.to_string(), v.clone());
    }
    let mut ctx = Ctx {
        inputs,
        github: serde_json::json!({
            "token": "test-token",
            "event_name": env.event_name,
            "event": {"pull_request": {"base": {"sha": env.base_sha}}},
            "workspace": env.workspace.display().to_string(),
            "action_path": repo().display().to_string(),
        }),
        runner: BTreeMap::from([("os", "Linux".into()), ("arch", "X64".into()), ("temp", temp.display().to_string())]),
        steps: BTreeMap::new(),
        failed: false,
    };
    // GitHub evaluates expressions in inputs' defaults (`${{ github.token }}`).
    let defaults: Vec<(String, String)> =
        ctx.inputs.iter().filter(|(_, v)| v.contains("${{")).map(|(k, v)| (k.clone(), ctx.render(v))).collect();
    ctx.inputs.extend(defaults);
    let mut path_dirs: Vec<String> = Vec::new();
    let mut summary = String::new();
    let mut runs = Vec::new();
    for (i, step) in a["runs"]["steps"].as_array().unwrap().iter().enumerate() {
        let id = step["id"].as_str().map_or(format!("__{i}"), str::to_string);
        let name = step["name"].as_str().unwrap_or(&id).to_string();
        let mut record =
            StepRun { id: id.clone(), name, ran: false, code: 0, log: String::new(), with: BTreeMap::new() };
        if !ctx.condition(step["if"].as_str()) {
            runs.push(record);
            continue;
        }
        record.ran = true;
        if let Some(uses) = step["uses"].as_str() {
            for (k, v) in step["with"].as_object().into_iter().flatten() {
                record.with.insert(k.clone(), ctx.render(v.as_str().unwrap()));
            }
            if uses.starts_with("actions/cache/restore@") && id == "release-cache" {
                if cache.release_cached {
                    let dir = home.join(".cache/rampart-action/releases");
                    std::fs::create_dir_all(&dir).unwrap();
                    std::fs::write(dir.join(&archive.0), &archive.1).unwrap();
                }
                let hit = if cache.release_cached { "true" } else { "false" };
                ctx.steps.insert(id.clone(), BTreeMap::from([("cache-hit".to_string(), hit.to_string())]));
            } else if uses.starts_with("actions/cache/restore@") {
                if cache.hit {
                    let bin = home.join(".cache/rampart-action/target/release/rampart");
                    std::fs::create_dir_all(bin.parent().unwrap()).unwrap();
                    std::fs::copy(&wrapper, &bin).unwrap();
                }
                let hit = if cache.hit { "true" } else { "false" };
                ctx.steps.insert(id.clone(), BTreeMap::from([("cache-hit".to_string(), hit.to_string())]));
            }
            runs.push(record);
            continue;
        }
        let script = step["run"].as_str().unwrap();
        let step_dir = scratch.join(format!("step-{i}"));
        std::fs::create_dir_all(&step_dir).unwrap();
        let script_file = write(&step_dir, "script.sh", script);
        let (output, step_summary, github_path) =
            (step_dir.join("output"), step_dir.join("summary"), step_dir.join("path"));
        for f in [&output, &step_summary, &github_path] {
            std::fs::write(f, "").unwrap();
        }
        let mut cmd = Command::new("bash");
        cmd.args(["--noprofile", "--norc", "-eo", "pipefail"]).arg(&script_file).current_dir(&env.workspace);
        cmd.env_clear();
        let mut path = path_dirs.clone();
        path.push(cargo.parent().unwrap().display().to_string());
        path.push(std::env::var("PATH").unwrap());
        cmd.env("PATH", path.join(":"))
            .env("HOME", &home)
            .env("LANG", "C.UTF-8")
            .env("CI", "true")
            .env("GITHUB_ACTIONS", "true")
            .env("GITHUB_ACTION_PATH", repo())
            .env("GITHUB_WORKSPACE", &env.workspace)
            .env("GITHUB_EVENT_NAME", env.event_name)
            .env("GITHUB_OUTPUT", &output)
            .env("GITHUB_STEP_SUMMARY", &step_summary)
            .env("GITHUB_PATH", &github_path)
            .env("RUNNER_TEMP", &temp)
            .env("RUNNER_OS", "Linux")
            .env("RUNNER_ARCH", "X64")
            .env("GITHUB_API_URL", &api_url)
            .env("GITHUB_REPOSITORY", "acme/shop");
        for (k, v) in step["env"].as_object().into_iter().flatten() {
            cmd.env(k, ctx.render(v.as_str().unwrap()));
        }
        let out = run(&mut cmd);
        record.code = out.status.code().unwrap_or(-1);
        record.log = text(&out);
        let mut outputs = BTreeMap::new();
        let written = std::fs::read_to_string(&output).unwrap();
        let mut lines = written.lines();
        while let Some(line) = lines.next() {
            if let Some((k, delim)) = line.split_once("<<") {
                let value: Vec<&str> = lines.by_ref().take_while(|l| *l != delim).collect();
                outputs.insert(k.to_string(), value.join("\n"));
            } else if let Some((k, v)) = line.split_once('=') {
                outputs.insert(k.to_string(), v.to_string());
            }
        }
        ctx.steps.insert(id.clone(), outputs);
        summary.push_str(&std::fs::read_to_string(&step_summary).unwrap());
        for dir in std::fs::read_to_string(&github_path).unwrap().lines().rev() {
            path_dirs.insert(0, dir.to_string());
        }
        if record.code != 0 {
            ctx.failed = true;
        }
        runs.push(record);
    }
    let outputs = a["outputs"]
        .as_object()
        .unwrap()
        .iter()
        .map(|(k, v)| (k.clone(), ctx.render(v["value"].as_str().unwrap())))
        .collect();
    let calls = std::fs::read_to_string(&calls_log)
        .unwrap_or_default()
        // Calls separated by RS, arguments by NUL: an argument holding a newline stays one.
        .split('\u{1e}')
        .filter(|c| !c.is_empty())
        .map(|c| c.split('\0').filter(|a| !a.is_empty()).map(str::to_string).collect())
        .collect();
    let cargo = std::fs::read_to_string(&cargo_log).unwrap_or_default().lines().map(str::to_string).collect();
    let api_requests = api_log.lock().unwrap().clone();
    let release_requests = release_log.lock().unwrap().iter().map(|r| r.trim_end_matches(" []").to_string()).collect();
    ActionRun {
        steps: runs,
        outputs,
        failed: ctx.failed,
        summary,
        calls,
        cargo,
        api_requests,
        release_requests,
        temp,
        _scratch: scratch_dir,
    }
}

fn bad_pod(name: &str) -> String {
    PRIVILEGED_POD.replace("name: app\n  namespace", &format!("name: {name}\n  namespace"))
}

/// A pull request's jobs can write the cache under its own ref, which GitHub restores before the
/// base branch's: on a pull request the action restores its build only when the cache API says
/// that every entry under the exact key was saved by a branch, asks again after the restore,
/// never restores a partial match, and never saves; anything else builds from source.
#[test]
fn action_cache_cannot_be_planted_by_a_pull_request() {
    let dir = tempfile::tempdir().unwrap();
    let ws = dir.path().join("ws");
    git_init(&ws);
    write(&ws, "k8s/pod.yaml", &bad_pod("web"));
    let base = commit_all(&ws, "initial");
    let from_source = || vec![("build-from-source", "true".to_string())];
    let pull_request = || ActionEnv {
        workspace: ws.clone(),
        event_name: "pull_request",
        base_sha: Some(base.clone()),
        inputs: from_source(),
    };
    let built = |r: &ActionRun| {
        assert_eq!(r.cargo, vec!["build --release --locked".to_string()], "expected one build from source");
        assert!(r.release_requests.is_empty(), "build-from-source downloads nothing: {:?}", r.release_requests);
        let scan = r.step("scan");
        assert_eq!(scan.code, 0, "{}", scan.log);
        assert_eq!(r.outputs["failed"], "true", "the freshly built binary gates: {}", scan.log);
    };

    // Saved by the base branch: restored, by exact key only, and not saved again.
    let r = run_action_with(pull_request(), CacheScenario::default());
    let cache = r.step("cache");
    assert!(cache.ran && cache.with["restore-keys"].trim().is_empty(), "{:?}", cache.with);
    assert!(cache.with["path"].contains("~/.cache/rampart-action/target") && cache.with["path"].contains("~/.cargo/"));
    let key = &cache.with["key"];
    assert!(regex::Regex::new(r"^rampart-action-Linux-X64-[0-9a-f]{16}-[0-9a-f]{24}$").unwrap().is_match(key), "{key}");
    assert!(r.step("build").log.contains("using the cached build"), "{}", r.step("build").log);
    assert!(r.cargo.is_empty(), "{:?}", r.cargo);
    assert!(!r.step("Save the Rampart build cache").ran, "a pull request never saves the build");
    assert_eq!(r.api_requests.len(), 2, "asked before and after the restore: {:?}", r.api_requests);
    let key = &cache.with["key"];
    for request in &r.api_requests {
        assert_eq!(
            request,
            &format!("/repos/acme/shop/actions/caches?key={key}&per_page=100 [Authorization: Bearer test-token]")
        );
    }

    // An entry saved under the pull request's ref: not restored, a warning, a build from source.
    let planted = CacheScenario {
        hit: true,
        api: vec![Api::Saved(vec!["refs/heads/main", "refs/pull/7/merge"])],
        ..Default::default()
    };
    let r = run_action_with(pull_request(), planted);
    assert!(!r.step("cache").ran, "a planted cache must not be restored");
    let warning = workflow_commands(&r.step("origin").log);
    assert!(
        warning.iter().any(|(name, _, msg)| name == "warning" && msg.contains("refs/pull/7/merge")),
        "{}",
        r.step("origin").log
    );
    built(&r);

    // Planted between the check and the restore: caught by the second question.
    let raced = CacheScenario {
        hit: true,
        api: vec![Api::Saved(vec!["refs/heads/main"]), Api::Saved(vec!["refs/heads/main", "refs/pull/7/merge"])],
        ..Default::default()
    };
    let r = run_action_with(pull_request(), raced);
    assert!(r.step("cache").ran);
    assert!(r.step("build").log.contains("the cache changed while it was restored"), "{}", r.step("build").log);
    built(&r);

    // A token without `actions: read`, or nothing saved yet: build, say why.
    let refused = CacheScenario { hit: true, api: vec![Api::Refuses], ..Default::default() };
    let r = run_action_with(pull_request(), refused);
    assert!(!r.step("cache").ran);
    assert!(r.step("origin").log.contains("actions: read"), "{}", r.step("origin").log);
    built(&r);
    let r = run_action_with(
        pull_request(),
        CacheScenario { hit: false, api: vec![Api::Saved(vec![])], ..Default::default() },
    );
    assert!(!r.step("cache").ran);
    assert!(r.step("origin").log.contains("no build of this version is cached yet"), "{}", r.step("origin").log);
    built(&r);

    // A push that misses the cache builds and saves under the same key.
    let push = ActionEnv { workspace: ws.clone(), event_name: "push", base_sha: None, inputs: from_source() };
    let r = run_action_with(push, CacheScenario { hit: false, api: vec![], ..Default::default() });
    built(&r);
    let save = r.step("Save the Rampart build cache");
    assert!(save.ran && save.with["key"] == r.step("cache").with["key"], "{:?}", save.with);
    assert!(r.api_requests.is_empty());
}

/// The default install: the release archive of the action's version, checked against the
/// release's SHA256SUMS, kept in the cache by version, and trusted from the cache only after the
/// same check. A tampered archive, a release without the runner's platform and a version with
/// no release each end the way a user can act on.
#[test]
fn action_installs_the_checked_release_binary() {
    let dir = tempfile::tempdir().unwrap();
    let ws = dir.path().join("ws");
    git_init(&ws);
    write(&ws, "k8s/pod.yaml", &bad_pod("web"));
    commit_all(&ws, "initial");
    let pull_request = |inputs: Vec<(&'static str, String)>| ActionEnv {
        workspace: ws.clone(),
        event_name: "pull_request",
        base_sha: None,
        inputs,
    };
    let version = env!("CARGO_PKG_VERSION");
    let archive = format!("/download/v{version}/rampart-v{version}-{RELEASE_TARGET}.tar.gz");
    let sums = format!("/download/v{version}/SHA256SUMS");
    let gated = |r: &ActionRun| {
        assert_eq!(r.scans().len(), 1, "{:?}", r.calls);
        assert_eq!(r.outputs["failed"], "true", "the installed binary gates: {}", r.step("scan").log);
        assert!(r.cargo.is_empty() && !r.step("build").ran, "nothing is compiled: {:?}", r.cargo);
    };

    // First run of a version: download, check, install, save the archive under the version.
    let r = run_action_with(pull_request(vec![]), CacheScenario::default());
    let install = r.step("install");
    assert_eq!(install.code, 0, "{}", install.log);
    assert!(install.log.contains("matches SHA256SUMS") && install.log.contains("installed rampart"), "{}", install.log);
    assert_eq!(r.release_requests, vec![sums.clone(), archive.clone()]);
    let key = format!("rampart-release-Linux-X64-{version}");
    assert_eq!(r.step("release-cache").with["key"], key);
    let save = r.step("Save the downloaded release");
    assert!(save.ran && save.with["key"] == key && save.with["path"] == "~/.cache/rampart-action/releases");
    gated(&r);

    // Cached: only the sums are fetched, the archive is checked against them, nothing is saved.
    let cached = CacheScenario { release_cached: true, ..Default::default() };
    let r = run_action_with(pull_request(vec![]), cached);
    assert!(r.step("install").log.contains("using the cached"), "{}", r.step("install").log);
    assert_eq!(r.release_requests, vec![sums.clone()]);
    assert!(!r.step("Save the downloaded release").ran);
    gated(&r);

    // A tampered archive fails the job before anything runs it.
    let r = run_action_with(pull_request(vec![]), CacheScenario { release: Release::Tampered, ..Default::default() });
    let install = r.step("install");
    assert_ne!(install.code, 0);
    let errors = workflow_commands(&install.log);
    assert!(
        errors.iter().any(|(name, _, msg)| name == "error" && msg.contains("does not match the release's SHA256SUMS")),
        "{}",
        install.log
    );
    assert!(r.calls.is_empty() && r.cargo.is_empty() && !r.step("scan").ran, "{:?}", r.calls);
    assert!(!r.step("Save the downloaded release").ran, "a bad archive is never cached");

    // The runner's platform is missing from the release: say which, and what to do.
    let r =
        run_action_with(pull_request(vec![]), CacheScenario { release: Release::NoLinuxArchive, ..Default::default() });
    let install = r.step("install");
    assert_ne!(install.code, 0);
    assert!(
        install.log.contains("has no archive for Linux X64")
            && install.log.contains("aarch64-apple-darwin")
            && install.log.contains("build-from-source: true"),
        "{}",
        install.log
    );
    assert!(r.calls.is_empty() && r.cargo.is_empty());

    // No release of this version (an unreleased commit of main): build the action's checkout.
    let absent =
        CacheScenario { release: Release::Absent, hit: false, api: vec![Api::Saved(vec![])], ..Default::default() };
    let r = run_action_with(pull_request(vec![]), absent);
    assert!(r.step("install").log.contains("has no release yet"), "{}", r.step("install").log);
    assert_eq!(r.cargo, vec!["build --release --locked".to_string()]);
    assert_eq!(r.outputs["failed"], "true");
    // ...but another version than the checkout's cannot be built from it.
    let absent = CacheScenario { release: Release::Absent, ..Default::default() };
    let r = run_action_with(pull_request(vec![("version", "9.9.9".into())]), absent);
    assert!(r.step("install").log.contains("version 9.9.9 has no release"), "{}", r.step("install").log);
    assert!(r.cargo.is_empty() && r.calls.is_empty());
    assert_eq!(r.release_requests, vec!["/download/v9.9.9/SHA256SUMS".to_string()]);

    // Only https leaves the machine; a version is a version.
    let r =
        run_action_with(pull_request(vec![("release-url", "http://example.com/dl".into())]), CacheScenario::default());
    assert!(r.step("install").log.contains("must be an https:// URL"), "{}", r.step("install").log);
    let r = run_action_with(pull_request(vec![("version", "1.0/../../x".into())]), CacheScenario::default());
    assert!(r.step("meta").log.contains("not a version"), "{}", r.step("meta").log);
    assert!(r.release_requests.is_empty() && r.calls.is_empty());
}

#[test]
fn action_scans_once_and_reports_everywhere_even_when_the_gate_fails() {
    let dir = tempfile::tempdir().unwrap();
    let ws = dir.path().join("ws");
    git_init(&ws);
    write(&ws, "k8s/pod.yaml", &bad_pod("web"));
    // A file name that is a workflow command: printed in the report, it must stay text.
    write(&ws, "::warning title=injected::x.yaml", &bad_pod("sneaky"));
    write(&ws, "README.md", "# demo\n");
    commit_all(&ws, "initial");

    let started = Instant::now();
    let r = run_action(ActionEnv { workspace: ws.clone(), event_name: "push", base_sha: None, inputs: vec![] });
    eprintln!("action run: {:?}", started.elapsed());

    // The release binary is installed: nothing is built, the cache API is not asked.
    let install = r.step("install");
    assert_eq!(install.code, 0, "{}", install.log);
    assert!(install.log.contains("installed rampart 0.1.0"), "{}", install.log);
    for step in ["origin", "cache", "build", "Save the Rampart build cache"] {
        assert!(!r.step(step).ran, "{step} belongs to the source build");
    }
    assert!(r.cargo.is_empty() && r.api_requests.is_empty(), "{:?} {:?}", r.cargo, r.api_requests);
    assert!(!r.step("changed").ran, "only-changed is off");

    let scan = r.step("scan");
    assert_eq!(scan.code, 0, "the scan step itself must not fail: {}", scan.log);
    assert_eq!(r.scans().len(), 1, "one scan run makes every output: {:?}", r.calls);
    let args = r.scans()[0].join(" ");
    for expected in ["--format table", "--fail-on low", "--category rampart", "--output sarif=rampart.sarif"] {
        assert!(args.contains(expected), "{expected} missing from {args}");
    }
    for format in ["json", "markdown", "github"] {
        assert!(args.contains(&format!("--output {format}=")), "no {format} output in {args}");
    }
    assert_eq!(r.targets(), vec!["."]);

    // The report reached the log as text; only rampart's own annotations are commands.
    assert!(scan.log.contains("K8S-001") && scan.log.contains("k8s/pod.yaml"), "{}", scan.log);
    let commands = workflow_commands(&scan.log);
    assert!(commands.iter().all(|(_, props, _)| props.get("title").map(String::as_str) != Some("injected")));
    let annotation = commands
        .iter()
        .find(|(name, props, _)| name == "error" && props.get("file").map(String::as_str) == Some("k8s/pod.yaml"))
        .unwrap_or_else(|| panic!("no annotation for k8s/pod.yaml in {commands:?}"));
    assert!(annotation.1["title"].starts_with("K8S-001"), "{annotation:?}");

    // Outputs, from the same run's JSON report.
    let report: Value =
        serde_json::from_str(&std::fs::read_to_string(r.temp.join("rampart/report.json")).unwrap()).unwrap();
    let new = report["summary"]["findings"].as_u64().unwrap();
    assert!(new >= 2);
    assert_eq!(r.outputs["findings"], new.to_string());
    assert_eq!(r.outputs["failed"], "true");
    assert_eq!(r.outputs["sarif-file"], "rampart.sarif");
    let sarif: Value = serde_json::from_str(&std::fs::read_to_string(ws.join("rampart.sarif")).unwrap()).unwrap();
    assert_eq!(sarif["version"], "2.1.0");
    assert!(sarif["runs"][0]["results"].as_array().unwrap().len() as u64 >= new);

    // Uploads and summary happen although the gate fails, and the gate fails last.
    let upload = r.step("Upload SARIF to code scanning");
    assert!(upload.ran);
    assert_eq!(upload.with["sarif_file"], "rampart.sarif");
    assert_eq!(upload.with["category"], "rampart");
    assert!(r.step("Write the job summary").ran);
    assert!(r.summary.contains("Rampart") && r.summary.contains("K8S-001"), "{}", r.summary);
    let gate = r.steps.last().unwrap();
    assert_eq!(gate.code, 1, "{}", gate.log);
    assert!(r.failed);
    assert!(workflow_commands(&gate.log).iter().any(|(n, _, m)| n == "error" && m.contains("new finding")));

    // A second run with the gate above every finding passes, and says so in its outputs.
    let r = run_action(ActionEnv {
        workspace: ws.clone(),
        event_name: "push",
        base_sha: None,
        inputs: vec![("fail-on", "critical".into())],
    });
    assert!(!r.failed, "{:?}", r.steps.last());
    assert_eq!(r.outputs["failed"], "false");
    assert_eq!(r.outputs["findings"], new.to_string());
}

#[test]
fn action_inputs_reach_rampart_as_arguments_never_as_shell() {
    let dir = tempfile::tempdir().unwrap();
    let ws = dir.path().join("ws");
    git_init(&ws);
    write(&ws, "k8s/pod.yaml", &bad_pod("web"));
    write(&ws, "legacy/old.yaml", &bad_pod("old"));
    write(&ws, "conf/rampart.yaml", "fail_on: critical\n");
    std::fs::create_dir_all(ws.join("policies-a")).unwrap();
    std::fs::create_dir_all(ws.join("policies-b")).unwrap();
    commit_all(&ws, "initial");
    let baseline = rampart(&ws, &["baseline", "create", "k8s", "-o", "baseline.json"]);
    assert_eq!(code(&baseline), 0);

    let r = run_action(ActionEnv {
        workspace: ws.clone(),
        event_name: "push",
        base_sha: None,
        inputs: vec![
            ("path", "k8s\nlegacy".into()),
            ("format", "json".into()),
            ("fail-on", "medium".into()),
            ("baseline", "baseline.json".into()),
            ("policy", "policies-a\n policies-b".into()),
            ("config", "conf/rampart.yaml".into()),
            ("compliance", "pss-baseline, cis-docker".into()),
            ("sarif-file", "reports/out.sarif".into()),
            ("upload-sarif", "false".into()),
            ("category", "custom".into()),
            ("step-summary", "false".into()),
            ("annotations", "false".into()),
            ("extra-args", "--exclude legacy/** --strict".into()),
        ],
    });
    let expected = [
        "--fail-on",
        "medium",
        "--category",
        "custom",
        "--format",
        "json",
        "--output",
        "sarif=reports/out.sarif",
        "--baseline",
        "baseline.json",
        "--config",
        "conf/rampart.yaml",
        "--policy",
        "policies-a",
        "--policy",
        "policies-b",
        "--compliance",
        "pss-baseline",
        "--compliance",
        "cis-docker",
        "--exclude",
        "legacy/**",
        "--strict",
    ];
    let args = r.scans()[0].clone();
    let mut it = args.iter();
    for e in expected {
        assert!(it.any(|a| a == e), "{e} missing or out of order in {args:?}");
    }
    assert!(!args.iter().any(|a| a.starts_with("github=")), "annotations are off: {args:?}");
    assert_eq!(r.targets(), vec!["k8s", "legacy"]);
    let scan = r.step("scan");
    assert!(workflow_commands(&scan.log).is_empty(), "annotations are off: {}", scan.log);
    assert!(scan.log.contains("\"schema_version\""), "the json report goes to the log: {}", scan.log);
    // Everything in k8s/ is in the baseline and legacy/ is excluded: nothing new.
    assert_eq!(r.outputs["findings"], "0");
    assert_eq!(r.outputs["failed"], "false");
    assert!(ws.join("reports/out.sarif").is_file());
    assert!(!r.step("Upload SARIF to code scanning").ran);
    assert!(!r.step("Write the job summary").ran);
    assert!(r.summary.is_empty());
    let report: Value =
        serde_json::from_str(&std::fs::read_to_string(r.temp.join("rampart/report.json")).unwrap()).unwrap();
    assert_eq!(report["compliance"].as_array().unwrap().len(), 2, "compliance input reached the scan");
    assert!(!r.failed);

    // Hostile input: shell syntax stays literal text, and a failed scan skips the uploads.
    let r = run_action(ActionEnv {
        workspace: ws.clone(),
        event_name: "push",
        base_sha: None,
        inputs: vec![
            ("path", "k8s $(touch${IFS}pwned1) `touch pwned2`;touch pwned3".into()),
            ("extra-args", "--exclude $(touch${IFS}pwned4)".into()),
            ("category", "x\"; touch pwned5; echo \"".into()),
        ],
    });
    for i in 1..=5 {
        assert!(!ws.join(format!("pwned{i}")).exists(), "input {i} was run as shell code");
    }
    assert!(r.scans()[0].contains(&"$(touch${IFS}pwned1)".to_string()), "{:?}", r.calls);
    assert_eq!(r.outputs["failed"], "true");
    assert_eq!(r.outputs["sarif-file"], "", "no SARIF from a scan that could not run");
    assert!(!r.step("Upload SARIF to code scanning").ran);
    assert_eq!(r.steps.last().unwrap().code, 2);
    assert!(r.failed);
}

#[test]
fn action_only_changed_scans_what_the_pull_request_touches() {
    let dir = tempfile::tempdir().unwrap();
    let origin = dir.path().join("origin");
    git_init(&origin);
    write(&origin, "old/pod.yaml", &bad_pod("old"));
    write(&origin, "gone/pod.yaml", &bad_pod("gone"));
    write(&origin, "other/app.yaml", &bad_pod("moved"));
    write(&origin, "infra/main.tf", "resource \"aws_s3_bucket\" \"logs\" {}\n");
    write(&origin, "README.md", "# demo\n");
    let base = commit_all(&origin, "base");
    write(&origin, "new/pod.yaml", &bad_pod("new"));
    write(&origin, "infra/main.tf", "resource \"aws_s3_bucket\" \"logs\" {\n  bucket = \"logs\"\n}\n");
    write(&origin, "infra/deploy.yaml", &bad_pod("infra"));
    std::fs::remove_file(origin.join("gone/pod.yaml")).unwrap();
    git(&origin, &["mv", "other/app.yaml", "other/renamed.yaml"]);
    // A name with a newline stays one target; a changed .tfvars brings its module directory.
    write(&origin, "weird/a\nb.yaml", &bad_pod("weird"));
    write(&origin, "envs/prod/prod.auto.tfvars", "region = \"eu-west-1\"\n");
    commit_all(&origin, "pull request");

    // As actions/checkout leaves it: one commit deep, so the base must be fetched.
    let ws = dir.path().join("ws");
    git(dir.path(), &["clone", "-q", "--depth", "1", &format!("file://{}", origin.display()), "ws"]);
    let r = run_action(ActionEnv {
        workspace: ws.clone(),
        event_name: "pull_request",
        base_sha: Some(base.clone()),
        inputs: vec![("only-changed", "true".into())],
    });
    let changed = r.step("changed");
    assert_eq!(changed.code, 0, "{}", changed.log);
    // The Terraform file brings its directory, which covers infra/deploy.yaml.
    assert_eq!(r.targets(), vec!["envs/prod", "infra", "new/pod.yaml", "other/renamed.yaml", "weird/a\nb.yaml"]);
    let report: Value =
        serde_json::from_str(&std::fs::read_to_string(r.temp.join("rampart/report.json")).unwrap()).unwrap();
    let files: std::collections::BTreeSet<&str> =
        report["findings"].as_array().unwrap().iter().map(|f| f["file"].as_str().unwrap()).collect();
    assert_eq!(
        files.into_iter().collect::<Vec<_>>(),
        vec!["infra/deploy.yaml", "infra/main.tf", "new/pod.yaml", "other/renamed.yaml", "weird/a\nb.yaml"]
    );
    assert_eq!(r.outputs["failed"], "true");

    // Scan roots narrow the changed files.
    let r = run_action(ActionEnv {
        workspace: ws.clone(),
        event_name: "pull_request",
        base_sha: Some(base.clone()),
        inputs: vec![("only-changed", "true".into()), ("path", "./new/".into())],
    });
    assert_eq!(r.targets(), vec!["new/pod.yaml"]);

    // Nothing relevant changed: an empty scan, every report still written, the gate passes.
    let head = git(&ws, &["rev-parse", "HEAD"]);
    let r = run_action(ActionEnv {
        workspace: ws.clone(),
        event_name: "pull_request",
        base_sha: Some(head),
        inputs: vec![("only-changed", "true".into())],
    });
    assert_eq!(r.targets().len(), 1);
    assert!(r.targets()[0].ends_with("nothing-changed"));
    assert_eq!(r.outputs["findings"], "0");
    assert_eq!(r.outputs["failed"], "false");
    assert!(r.step("Upload SARIF to code scanning").ran, "an empty SARIF is still uploaded");
    assert!(!r.failed);

    // Outside pull requests the option does nothing, and the log says so.
    let r = run_action(ActionEnv {
        workspace: ws.clone(),
        event_name: "push",
        base_sha: None,
        inputs: vec![("only-changed", "true".into())],
    });
    assert!(!r.step("changed").ran);
    assert_eq!(r.targets(), vec!["."]);
    assert!(r.step("scan").log.contains("only-changed applies to pull_request events"));
}

// ---------------------------------------------------------------------------------------------
// pre-commit.

fn pre_commit(dir: &Path, home: &Path, args: &[&str]) -> Output {
    let bin_dir = Path::new(env!("CARGO_BIN_EXE_rampart")).parent().unwrap();
    let path = format!("{}:{}", bin_dir.display(), std::env::var("PATH").unwrap());
    run(Command::new(tool_env("RAMPART_PRE_COMMIT"))
        .args(args)
        .current_dir(dir)
        .env("PATH", path)
        .env("PRE_COMMIT_HOME", home)
        .env("PRE_COMMIT_COLOR", "never")
        .env("GIT_CONFIG_NOSYSTEM", "1"))
}

#[test]
fn pre_commit_manifest_is_valid_and_selects_the_right_files() {
    let dir = tempfile::tempdir().unwrap();
    let out = pre_commit(&repo(), dir.path(), &["validate-manifest", ".pre-commit-hooks.yaml"]);
    assert!(out.status.success(), "{}", text(&out));

    let hooks = yaml_file(&repo().join(".pre-commit-hooks.yaml"));
    let hook = |id: &str| hooks.as_array().unwrap().iter().find(|h| h["id"] == id).cloned().unwrap();
    let scan = hook("rampart");
    assert_eq!(scan["entry"], "rampart scan --format table");
    assert_eq!(scan["language"], "rust");
    assert_eq!(scan["pass_filenames"], true);
    let test = hook("rampart-test-policies");
    assert_eq!(test["entry"], "rampart test");
    assert_eq!(test["pass_filenames"], false);
    assert_eq!(test["files"], "\\.rego$");
    // The hooks for a rampart on PATH are the same hooks.
    for (source, system) in [("rampart", "rampart-system"), ("rampart-test-policies", "rampart-test-policies-system")] {
        let (a, b) = (hook(source), hook(system));
        assert_eq!(b["language"], "system");
        for key in ["entry", "files", "pass_filenames", "require_serial"] {
            assert_eq!(a[key], b[key], "{system}.{key} differs from {source}'s");
        }
    }

    // The regex as pre-commit applies it (Python's re.search on repo-relative paths).
    let matches = [
        "main.tf",
        "mod/vars.tf.json",
        "k8s/app.yaml",
        "a.yml",
        "plan.json",
        "Dockerfile",
        "svc/Dockerfile",
        "Containerfile",
        "api.Dockerfile",
        "Dockerfile.prod",
        "build/dockerfile.dev",
        "x.containerfile",
    ];
    let misses = ["README.md", "main.rs", "Dockerfile.d/x.sh", "yaml.txt", "notes.tfvars", "Makefile"];
    let script = "import re, sys\nrx = re.compile(sys.argv[1])\nfor p in sys.argv[2:]: print(p, bool(rx.search(p)))";
    let out = run(Command::new(tool_env("RAMPART_PYTHON"))
        .args(["-c", script, scan["files"].as_str().unwrap()])
        .args(matches)
        .args(misses));
    let result = String::from_utf8_lossy(&out.stdout).to_string();
    for m in matches {
        assert!(result.contains(&format!("{m} True")), "{m} should be scanned:\n{result}");
    }
    for m in misses {
        assert!(result.contains(&format!("{m} False")), "{m} should not be scanned:\n{result}");
    }
}

/// The install path of most users: the pre-commit mirror (deploy/pre-commit/render.sh) as a
/// throwaway git repository, whose `language: python` hooks pip-install the `rampart-scanner`
/// wheel that maturin builds from this crate (pyproject.toml). pip sees only local wheels
/// (PIP_NO_INDEX) and no Rust toolchain is on PATH, so nothing can be compiled: the first hook
/// run, environment included, takes seconds.
#[test]
fn pre_commit_mirror_installs_the_wheel_without_a_compiler() {
    let dir = tempfile::tempdir().unwrap();
    let wheels = dir.path().join("wheels");
    let version = env!("CARGO_PKG_VERSION");

    // The wheel, from the dev profile the tests already built (the release workflow passes
    // --release; the packing is the same).
    let started = Instant::now();
    let mut maturin = Command::new(tool_env("RAMPART_MATURIN"));
    // Cargo gives this test its package's variables (CARGO_MANIFEST_DIR, CARGO_PKG_*, OUT_DIR);
    // build scripts that watch them (ring's) would see a change and rebuild half the dependency
    // tree, here and again in the next `cargo test`.
    for (key, _) in std::env::vars() {
        if (key.starts_with("CARGO_") && key != "CARGO_HOME" && key != "CARGO_TARGET_DIR") || key == "OUT_DIR" {
            maturin.env_remove(key);
        }
    }
    let out = run(maturin
        .args(["build", "--profile", "dev", "--locked", "--compatibility", "linux", "--out"])
        .arg(&wheels)
        .current_dir(repo()));
    assert!(out.status.success(), "maturin build:\n{}", text(&out));
    eprintln!("maturin build (dev profile, warm target dir): {:?}", started.elapsed());
    let wheel: Vec<String> =
        std::fs::read_dir(&wheels).unwrap().map(|e| e.unwrap().file_name().to_string_lossy().into_owned()).collect();
    assert_eq!(wheel.len(), 1, "{wheel:?}");
    assert!(wheel[0].starts_with(&format!("rampart_scanner-{version}-py3-none-")), "{wheel:?}");
    // The wheel holds the binary as a script, and its metadata comes from Cargo.toml.
    let listing = run(Command::new(tool_env("RAMPART_PYTHON"))
        .args(["-c", "import sys, zipfile; z = zipfile.ZipFile(sys.argv[1]); print('\\n'.join(z.namelist())); print([l for l in z.read([n for n in z.namelist() if n.endswith('METADATA')][0]).decode().splitlines() if l.startswith(('License', 'Summary', 'Project-URL'))])"])
        .arg(wheels.join(&wheel[0])));
    let listing = text(&listing);
    assert!(listing.contains(&format!("rampart_scanner-{version}.data/scripts/rampart")), "{listing}");
    assert!(listing.contains("Apache-2.0") && listing.contains("Policy-as-code security"), "{listing}");

    // The mirror, as the release workflow renders it, committed as pre-commit requires.
    let mirror = dir.path().join("mirror");
    let out = run(Command::new("bash").arg(repo().join("deploy/pre-commit/render.sh")).arg(version).arg(&mirror));
    assert!(out.status.success(), "{}", text(&out));
    git_init(&mirror);
    let sha = commit_all(&mirror, "mirror");
    let cache = dir.path().join("pre-commit-cache");
    let out = pre_commit(&mirror, &cache, &["validate-manifest", ".pre-commit-hooks.yaml"]);
    assert!(out.status.success(), "{}", text(&out));

    let project = dir.path().join("project");
    git_init(&project);
    write(
        &project,
        ".pre-commit-config.yaml",
        &format!(
            "repos:\n  - repo: {}\n    rev: {sha}\n    hooks:\n      - id: rampart\n        args: [--fail-on, high]\n",
            mirror.display()
        ),
    );
    write(&project, "k8s/pod.yaml", &bad_pod("web"));
    commit_all(&project, "initial");
    // No cargo, rustc or rampart on PATH: only the system's tools (git, python3).
    let hook = |files: &str| {
        run(Command::new(tool_env("RAMPART_PRE_COMMIT"))
            .args(["run", "rampart", "--files", files])
            .current_dir(&project)
            .env_clear()
            .env("PATH", "/usr/local/bin:/usr/bin:/bin")
            .env("HOME", dir.path())
            .env("PRE_COMMIT_HOME", &cache)
            .env("PRE_COMMIT_COLOR", "never")
            .env("GIT_CONFIG_NOSYSTEM", "1")
            .env("PIP_NO_INDEX", "1")
            .env("PIP_FIND_LINKS", format!("{} {}", wheels.display(), tool_env("RAMPART_WHEELS")))
            .env("PIP_DISABLE_PIP_VERSION_CHECK", "1"))
    };
    let started = Instant::now();
    let out = hook("k8s/pod.yaml");
    let first = started.elapsed();
    assert!(!out.status.success(), "the hook must block a privileged pod:\n{}", text(&out));
    assert!(text(&out).contains("K8S-001") && text(&out).contains("k8s/pod.yaml"), "{}", text(&out));
    assert!(first.as_secs() < 30, "the first hook run took {first:?}, environment install included");
    // pre-commit keeps each hook repository in cache/repoXXXX/py_env-VERSION/.
    let installed: Vec<PathBuf> = std::fs::read_dir(&cache)
        .unwrap()
        .flatten()
        .flat_map(|repo| std::fs::read_dir(repo.path()).into_iter().flatten().flatten())
        .map(|env| env.path().join("bin/rampart"))
        .filter(|bin| bin.is_file())
        .collect();
    assert_eq!(installed.len(), 1, "the hook's environment holds the wheel's rampart: {installed:?}");

    write(&project, "k8s/pod.yaml", &bad_pod("web").replace("privileged: true", "privileged: false"));
    let started = Instant::now();
    let out = hook("k8s/pod.yaml");
    assert!(out.status.success(), "the fixed pod passes:\n{}", text(&out));
    eprintln!("pre-commit mirror: first run {first:?} (environment included), second {:?}", started.elapsed());
}

/// The hooks of this repository's `.pre-commit-hooks.yaml`, published from a throwaway clone
/// as pre-commit requires (a git repository with the manifest committed at `rev`). The only
/// change is `language: rust` → `system`: the rust language would `cargo install` rampart in
/// release mode for each fresh pre-commit cache (minutes on CI), so the hook runs the binary
/// under test from PATH instead, with the manifest's own entry, files and pass_filenames.
fn hook_repo(dir: &Path) -> (PathBuf, String) {
    let hooks = dir.join("hooks");
    git_init(&hooks);
    let manifest = std::fs::read_to_string(repo().join(".pre-commit-hooks.yaml")).unwrap();
    assert_eq!(manifest.matches("\n  language: rust\n").count(), 2, "both hooks are language: rust");
    write(&hooks, ".pre-commit-hooks.yaml", &manifest.replace("\n  language: rust\n", "\n  language: system\n"));
    let sha = commit_all(&hooks, "hooks");
    (hooks, sha)
}

#[test]
fn pre_commit_hook_blocks_a_bad_manifest_and_lets_the_fix_through() {
    let dir = tempfile::tempdir().unwrap();
    let (hooks, sha) = hook_repo(dir.path());
    let project = dir.path().join("project");
    let cache = dir.path().join("pre-commit-cache");
    git_init(&project);
    write(
        &project,
        ".pre-commit-config.yaml",
        &format!(
            "repos:\n  - repo: {}\n    rev: {sha}\n    hooks:\n      - id: rampart\n        args: [--fail-on, high]\n        exclude: ^rules-tests/\n      - id: rampart-test-policies\n        args: [policies]\n",
            hooks.display()
        ),
    );
    write(&project, "README.md", "# demo\n");
    commit_all(&project, "initial");
    let out = pre_commit(&project, &cache, &["install"]);
    assert!(out.status.success(), "{}", text(&out));
    let commit = |message: &str| {
        git(&project, &["add", "-A"]);
        let bin_dir = Path::new(env!("CARGO_BIN_EXE_rampart")).parent().unwrap();
        run(Command::new("git")
            .args(["commit", "-q", "-m", message])
            .current_dir(&project)
            .env("PATH", format!("{}:{}", bin_dir.display(), std::env::var("PATH").unwrap()))
            .env("PRE_COMMIT_HOME", &cache)
            .env("PRE_COMMIT_COLOR", "never"))
    };

    write(&project, "k8s/pod.yaml", &bad_pod("web"));
    let out = commit("add a privileged pod");
    assert!(!out.status.success(), "the hook must block a privileged pod:\n{}", text(&out));
    let log = text(&out);
    assert!(log.contains("K8S-001") && log.contains("k8s/pod.yaml"), "the finding is in the hook's output:\n{log}");
    assert_eq!(git(&project, &["rev-list", "--count", "HEAD"]), "1", "nothing was committed");

    write(&project, "k8s/pod.yaml", &bad_pod("web").replace("privileged: true", "privileged: false"));
    let out = commit("add a pod");
    assert!(out.status.success(), "the fixed pod passes:\n{}", text(&out));
    assert_eq!(git(&project, &["rev-list", "--count", "HEAD"]), "2");

    // Files the hook does not care about skip it.
    write(&project, "notes.txt", "hello\n");
    let out = commit("notes");
    assert!(out.status.success() && text(&out).contains("(no files to check)Skipped"), "{}", text(&out));

    // The policy hook runs `rampart test` when a policy changes.
    let policy = "# METADATA\n# title: Pod has no team label\n# description: Every pod says which team owns it.\n# scope: package\n# custom:\n#   id: TEAM-001\n#   severity: LOW\n#   recommended_action: Add metadata.labels.team.\n#   input:\n#     selector:\n#       - type: kubernetes\n#         kinds: [Pod]\npackage team.owner_label\n\nimport rego.v1\n\ndeny contains {\"msg\": \"no team label\", \"path\": [\"metadata\"]} if {\n\tnot input.metadata.labels.team\n}\n";
    write(&project, "policies/team/owner_label.rego", policy);
    write(&project, "rules-tests/team/owner_label/fail.yaml", &bad_pod("x"));
    write(
        &project,
        "rules-tests/team/owner_label/pass.yaml",
        &bad_pod("y").replace("namespace: prod", "namespace: prod\n  labels:\n    team: web"),
    );
    let out = commit("team policy");
    assert!(out.status.success(), "{}", text(&out));
    write(&project, "policies/team/owner_label.rego", &policy.replace("not input.metadata.labels.team", "false"));
    let out = commit("broken policy");
    assert!(!out.status.success(), "a policy whose fail case passes is blocked:\n{}", text(&out));
    assert!(text(&out).contains("FAIL TEAM-001"), "{}", text(&out));

    // Timing of a single-file run: rampart alone, then through pre-commit.
    let started = Instant::now();
    let alone = rampart(&project, &["scan", "--format", "table", "--fail-on", "high", "k8s/pod.yaml"]);
    let rampart_time = started.elapsed();
    assert_eq!(code(&alone), 0);
    let started = Instant::now();
    let out = pre_commit(&project, &cache, &["run", "rampart", "--files", "k8s/pod.yaml"]);
    let hook_time = started.elapsed();
    assert!(out.status.success(), "{}", text(&out));
    eprintln!("single-file hook (debug build): rampart {rampart_time:?}, through pre-commit {hook_time:?}");
}

// ---------------------------------------------------------------------------------------------
// rampart init.

#[test]
fn init_writes_loadable_files_and_never_overwrites_without_force() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    write(d, "k8s/pod.yaml", &bad_pod("web"));
    write(d, ".pre-commit-config.yaml", "repos:\n  - repo: local\n    hooks:\n      - id: fmt\n        name: fmt\n        entry: cargo fmt\n        language: system\n");
    let out = rampart(d, &["init", "--github", "--pre-commit"]);
    assert_eq!(code(&out), 0, "{}", text(&out));
    let config = std::fs::read_to_string(d.join(".rampart.yaml")).unwrap();
    assert_eq!(config, rampart::commands::init::config_text(false));
    assert_eq!(
        std::fs::read_to_string(d.join(".github/workflows/rampart.yml")).unwrap(),
        rampart::commands::init::workflow_text()
    );
    let hooks = std::fs::read_to_string(d.join(".pre-commit-config.yaml")).unwrap();
    assert!(
        hooks.contains("entry: cargo fmt")
            && hooks.contains("- repo: https://github.com/rampart-dev/rampart-pre-commit\n")
    );

    // The config loads, found by discovery and when named.
    let scan = rampart(d, &["scan", ".", "-f", "json"]);
    assert_eq!(code(&scan), 1, "{}", text(&scan));
    assert!(json(&scan)["summary"]["findings"].as_u64().unwrap() > 0);
    assert_eq!(code(&rampart(d, &["scan", ".", "-f", "json", "--config", ".rampart.yaml"])), 1);
    let broken = tempfile::tempdir().unwrap();
    write(broken.path(), ".rampart.yaml", &config.replace("fail_on: low", "fail_on: loud"));
    assert_eq!(code(&rampart(broken.path(), &["scan", ".", "-f", "json"])), 2, "config errors are exit 2");

    // Every commented example, uncommented, is valid for a real scan.
    let all = tempfile::tempdir().unwrap();
    write(all.path(), "k8s/pod.yaml", &bad_pod("web"));
    std::fs::create_dir_all(all.path().join("policies")).unwrap();
    write(all.path(), "charts/web/values-prod.yaml", "replicas: 2\n");
    assert_eq!(code(&rampart(all.path(), &["baseline", "create", ".", "-o", ".rampart-baseline.json"])), 0);
    write(all.path(), ".rampart.yaml", &rampart::commands::init::config_text(true));
    let scan = rampart(all.path(), &["scan", ".", "-f", "json"]);
    assert_ne!(code(&scan), 2, "{}", text(&scan));
    assert_eq!(json(&scan)["compliance"].as_array().unwrap().len(), 2);

    // The pre-commit config is valid for pre-commit itself.
    let cache = tempfile::tempdir().unwrap();
    let out = pre_commit(d, cache.path(), &["validate-config", ".pre-commit-config.yaml"]);
    assert!(out.status.success(), "{}", text(&out));

    // Existing files: refused as a whole, exit 2, nothing touched.
    std::fs::write(d.join(".rampart.yaml"), "fail_on: high\n").unwrap();
    let out = rampart(d, &["init", "--github"]);
    assert_eq!(code(&out), 2);
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains(".rampart.yaml") && err.contains("already exists") && err.contains("--force"), "{err}");
    assert_eq!(std::fs::read_to_string(d.join(".rampart.yaml")).unwrap(), "fail_on: high\n");
    let out = rampart(d, &["init", "--no-config", "--pre-commit"]);
    assert_eq!(code(&out), 0);
    assert!(stdout(&out).contains("already runs the rampart hook"));
    assert_eq!(std::fs::read_to_string(d.join(".pre-commit-config.yaml")).unwrap(), hooks, "not added twice");
    let out = rampart(d, &["init", "--force", "--github"]);
    assert_eq!(code(&out), 0, "{}", text(&out));
    assert_eq!(std::fs::read_to_string(d.join(".rampart.yaml")).unwrap(), config);

    // A project without a pre-commit config gets a new one.
    let fresh = tempfile::tempdir().unwrap();
    let out = rampart(fresh.path(), &["init", "--no-config", "--pre-commit"]);
    assert_eq!(code(&out), 0);
    assert!(!fresh.path().join(".rampart.yaml").exists());
    let out = pre_commit(fresh.path(), cache.path(), &["validate-config", ".pre-commit-config.yaml"]);
    assert!(out.status.success(), "{}", text(&out));
}

// ---------------------------------------------------------------------------------------------
// Completions and manual pages.

#[test]
fn completions_complete_subcommands_and_flags() {
    let dir = tempfile::tempdir().unwrap();
    for shell in ["bash", "zsh", "fish", "powershell", "elvish"] {
        let out = rampart(dir.path(), &["completions", shell]);
        assert_eq!(code(&out), 0, "{shell}");
        let script = stdout(&out);
        for word in ["scan", "init", "fail-on", "baseline"] {
            assert!(script.contains(word), "{shell} completions lack {word}");
        }
    }
    assert_eq!(code(&rampart(dir.path(), &["completions", "tcsh"])), 2);

    // Bash, for real: load the script and ask it.
    let script = write(dir.path(), "rampart.bash", &stdout(&rampart(dir.path(), &["completions", "bash"])));
    let probe = format!(
        "source '{}'\ncomplete_for() {{ COMP_WORDS=(\"$@\"); COMP_CWORD=$(($# - 1)); COMPREPLY=(); _rampart rampart \"${{@: -1}}\" \"${{@: -2:1}}\"; echo \"$*: ${{COMPREPLY[*]}}\"; }}\ncomplete_for rampart sc\ncomplete_for rampart scan --fail\ncomplete_for rampart completions ''\n",
        script.display()
    );
    let out = run(Command::new("bash").args(["--noprofile", "--norc", "-c", &probe]));
    let result = text(&out);
    assert!(result.contains("rampart sc: scan\n"), "{result}");
    assert!(result.contains("rampart scan --fail: --fail-on"), "{result}");
    assert!(result.contains("bash") && result.contains("powershell"), "{result}");
}

#[test]
fn man_pages_render_for_every_command() {
    let dir = tempfile::tempdir().unwrap();
    let out = rampart(dir.path(), &["man"]);
    assert_eq!(code(&out), 0);
    let page = stdout(&out);
    assert!(page.contains(".TH rampart 1") && page.contains(".SH NAME") && page.contains("rampart\\-scan"), "{page}");

    let out = rampart(dir.path(), &["man", "--out", "pages"]);
    assert_eq!(code(&out), 0, "{}", text(&out));
    let mut pages: Vec<String> = std::fs::read_dir(dir.path().join("pages"))
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    pages.sort();
    for expected in
        ["rampart.1", "rampart-scan.1", "rampart-init.1", "rampart-baseline-create.1", "rampart-rules-explain.1"]
    {
        assert!(pages.contains(&expected.to_string()), "{expected} missing from {pages:?}");
    }
    if Path::new("/usr/bin/groff").exists() {
        for page in &pages {
            let out = run(Command::new("groff")
                .args(["-k", "-man", "-Tutf8", "-ww", "-z"])
                .arg(dir.path().join("pages").join(page)));
            assert!(out.status.success() && out.stderr.is_empty(), "groff warns about {page}: {}", text(&out));
        }
        let out = run(Command::new("groff")
            .args(["-k", "-man", "-Tascii", "-P", "-c", "-P", "-b", "-P", "-u"])
            .arg(dir.path().join("pages/rampart-scan.1")));
        let rendered = String::from_utf8_lossy(&out.stdout).to_string();
        assert!(rendered.contains("--fail-on <SEVERITY>") && rendered.contains("rampart-scan"), "{rendered}");
    }
}

// ---------------------------------------------------------------------------------------------
// The rule reference and the README stay in step with the code.

#[test]
fn docs_rules_md_is_generated_from_metadata() {
    let out = rampart(&repo(), &["rules", "--format", "markdown"]);
    assert_eq!(code(&out), 0);
    let generated = stdout(&out);
    let committed = std::fs::read_to_string(repo().join("docs/rules.md")).unwrap_or_default();
    assert!(
        generated == committed,
        "docs/rules.md is out of date with the rules' METADATA; regenerate it with:\n    \
         cargo run --quiet -- rules --format markdown > docs/rules.md"
    );
    let rules = json(&rampart(&repo(), &["rules", "--format", "json"]));
    for r in rules.as_array().unwrap() {
        let id = r["id"].as_str().unwrap();
        assert!(generated.contains(&format!("\n## {id}\n")), "{id} has no section");
        assert!(generated.contains(r["recommended_action"].as_str().unwrap()), "{id}: remediation missing");
    }
    assert!(generated.contains("**Compliance:**") && generated.contains("**References:**"));
}

/// Every path docs/architecture.md names in backticks exists, so the page cannot name a file
/// that moved.
#[test]
fn rule_decisions_page_is_generated_from_the_peer_table() {
    let python = tool_env("RAMPART_PYTHON");
    let out = run(Command::new(&python).arg(repo().join("bench/rule_decisions.py")).arg("--check"));
    assert!(
        out.status.success(),
        "docs/rule-decisions.md is stale: run python3 bench/rule_decisions.py\n{}",
        text(&out)
    );
}

#[test]
fn bench_scripts_pass_shellcheck() {
    let shellcheck = tool_env("RAMPART_SHELLCHECK");
    let mut scripts: Vec<_> = std::fs::read_dir(repo().join("bench"))
        .unwrap()
        .flatten()
        .map(|e| e.path())
        .filter(|p| p.extension().is_some_and(|e| e == "sh"))
        .collect();
    scripts.sort();
    assert!(scripts.len() >= 5, "{scripts:?}");
    for script in scripts {
        // From the repository's root, as the scripts' `source=` directives expect.
        let rel = script.strip_prefix(repo()).unwrap();
        let out = run(Command::new(&shellcheck).arg("-x").current_dir(repo()).arg(rel));
        assert!(out.status.success(), "shellcheck {}:\n{}", script.display(), text(&out));
    }
}

#[test]
fn architecture_page_names_real_paths() {
    let page = std::fs::read_to_string(repo().join("docs/architecture.md")).unwrap();
    let roots =
        ["scanner/", "policies/", "rules-tests/", "docs/", "fixtures/", "fuzz/", "deploy/", "scripts/", "bench/"];
    let mut checked = 0;
    for (i, part) in page.split('`').enumerate() {
        // Odd parts are inside backticks; a path has no spaces (table cells name several).
        if i % 2 == 0 || part.contains(' ') || !roots.iter().any(|r| part.starts_with(r)) {
            continue;
        }
        // `rules-tests/<area>/<name>/fail*.*`: the fixed part before the first placeholder.
        let fixed = part.split(['<', '*']).next().unwrap().trim_end_matches('/');
        assert!(repo().join(fixed).exists(), "docs/architecture.md names {part}, which does not exist");
        checked += 1;
    }
    assert!(checked > 30, "only {checked} paths found: has the page's format changed?");
}

/// The modules of scanner/src, from the `crate::` paths each one's code (not its comments, not
/// its tests) names: no cycles, and only commands/ and main.rs reach into commands::.
#[test]
fn modules_have_no_cycles() {
    let src = repo().join("scanner/src");
    let mut graph: BTreeMap<String, std::collections::BTreeSet<String>> = BTreeMap::new();
    let mut stack = vec![src.clone()];
    let path_re = regex::Regex::new(r"crate::(?:\{([^}]*)\}|([a-z_]+))").unwrap();
    while let Some(dir) = stack.pop() {
        for entry in std::fs::read_dir(&dir).unwrap().flatten() {
            let path = entry.path();
            if path.is_dir() {
                stack.push(path);
                continue;
            }
            if path.extension().is_none_or(|e| e != "rs") {
                continue;
            }
            let rel = path.strip_prefix(&src).unwrap();
            let module =
                rel.components().next().unwrap().as_os_str().to_string_lossy().trim_end_matches(".rs").to_string();
            let text = std::fs::read_to_string(&path).unwrap();
            let code: String = text
                .split("#[cfg(test)]")
                .next()
                .unwrap()
                .lines()
                .filter(|l| !l.trim_start().starts_with("//"))
                .collect::<Vec<_>>()
                .join("\n");
            let deps = graph.entry(module.clone()).or_default();
            for caps in path_re.captures_iter(&code) {
                let names: Vec<String> = match (caps.get(1), caps.get(2)) {
                    (Some(group), _) => group
                        .as_str()
                        .split(',')
                        .filter_map(|n| n.trim().split("::").next().map(str::to_string))
                        .filter(|n| !n.is_empty() && n.chars().all(|c| c.is_ascii_lowercase() || c == '_'))
                        .collect(),
                    (_, Some(one)) => vec![one.as_str().to_string()],
                    _ => Vec::new(),
                };
                for name in names {
                    if name != module {
                        deps.insert(name);
                    }
                }
            }
        }
    }
    assert!(graph.len() > 20 && graph["pipeline"].contains("engine"), "the graph looks wrong: {graph:?}");
    for (module, deps) in &graph {
        assert!(
            module == "commands" || module == "main" || !deps.contains("commands"),
            "{module} imports commands::; the pipeline and everything below it must not"
        );
    }
    // A cycle exists when a module reaches itself.
    for start in graph.keys() {
        let mut seen = std::collections::BTreeSet::new();
        let mut todo: Vec<&String> = graph[start].iter().collect();
        while let Some(next) = todo.pop() {
            assert!(next != start, "import cycle through {start}: it reaches itself (graph: {graph:?})");
            if seen.insert(next.clone()) {
                todo.extend(graph.get(next).into_iter().flatten());
            }
        }
    }
}

#[test]
fn readme_documents_every_action_input_and_output() {
    let whole = std::fs::read_to_string(repo().join("README.md")).unwrap();
    let start = whole.find("\n## GitHub Action\n").expect("README has a GitHub Action section");
    let readme = &whole[start..start + 1 + whole[start + 1..].find("\n## ").unwrap()];
    let a = action();
    for (name, spec) in a["inputs"].as_object().unwrap() {
        let default = spec["default"].as_str().unwrap();
        let shown = if default.is_empty() { "".to_string() } else { format!("`{default}`") };
        let row = readme
            .lines()
            .find(|l| l.starts_with(&format!("| `{name}` |")))
            .unwrap_or_else(|| panic!("README has no row for input {name}"));
        assert!(row.split('|').nth(2).unwrap().trim() == shown, "README default of {name} should be {shown:?}: {row}");
    }
    for name in a["outputs"].as_object().unwrap().keys() {
        assert!(readme.contains(&format!("| `{name}` |")), "README has no row for output {name}");
    }
    for name in a["inputs"].as_object().unwrap().keys() {
        assert!(readme.contains(&format!("\n          {name}: ")), "the README's action snippet lacks {name}");
    }
    for needle in [
        "cargo install --path . --locked",
        "rampart init",
        "rampart completions",
        "rampart man",
        "docs/rules.md",
        ".pre-commit-config.yaml",
    ] {
        assert!(whole.contains(needle), "README does not mention {needle}");
    }
}

// ---------------------------------------------------------------------------------------------
// The container image.

#[test]
fn dockerfile_passes_rampart_and_builds_from_what_it_copies() {
    // Both images: the one built from a checkout and the one the release workflow publishes.
    for file in ["Dockerfile", "deploy/release.Dockerfile"] {
        let out = rampart(&repo(), &["scan", file, "-f", "json", "--fail-on", "high", "--no-config"]);
        assert_eq!(code(&out), 0, "{}", text(&out));
        let report = json(&out);
        let dockerfile = std::fs::read_to_string(repo().join(file)).unwrap();
        for f in report["findings"].as_array().unwrap() {
            let (id, severity) = (f["rule_id"].as_str().unwrap(), f["severity"].as_str().unwrap());
            assert!(matches!(severity, "LOW" | "INFO"), "{file}: {id} is {severity}: {}", f["message"]);
            assert!(dockerfile.contains(&format!("({id}, {severity})")), "explain {id} in {file}'s comments");
        }
        assert!(dockerfile.contains("\nHEALTHCHECK NONE\n") && dockerfile.contains("\nUSER 65532:65532\n"));
        // The shipped stage has nothing but the static binary: no libc to link against.
        assert!(dockerfile.contains("\nFROM gcr.io/distroless/static-debian12:nonroot\n"), "{file}");
    }
    let dockerfile = std::fs::read_to_string(repo().join("Dockerfile")).unwrap();

    // Everything Cargo needs is copied into the build stage and not excluded by .dockerignore.
    let copied: Vec<String> = dockerfile
        .lines()
        .filter(|l| l.starts_with("COPY ") && !l.contains("--from"))
        .flat_map(|l| {
            let words: Vec<&str> = l.split_whitespace().collect();
            words[1..words.len() - 1].iter().map(|s| s.to_string()).collect::<Vec<_>>()
        })
        .collect();
    let ignore = std::fs::read_to_string(repo().join(".dockerignore")).unwrap();
    for c in &copied {
        assert!(repo().join(c).exists(), "COPY {c}: no such file");
        assert!(ignore.lines().any(|l| l == format!("!{c}")), "{c} is excluded by .dockerignore");
    }
    let manifest = std::fs::read_to_string(repo().join("Cargo.toml")).unwrap();
    for path in regex::Regex::new(r#"(?m)^path = "([^"]+)""#).unwrap().captures_iter(&manifest) {
        assert!(
            copied.iter().any(|c| path[1].starts_with(&format!("{c}/")) || &path[1] == c),
            "{} is not copied",
            &path[1]
        );
    }
    for dir in ["policies", "rules-tests"] {
        assert!(copied.contains(&dir.to_string()), "build.rs embeds {dir}/");
    }
}
