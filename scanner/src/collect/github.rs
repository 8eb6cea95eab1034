//! GitHub Actions: workflows (`.github/workflows/*.yml`) and actions (`action.yml` whose `runs:`
//! says how it runs), one document each; and the Dependabot configuration
//! (`.github/dependabot.yml`), which says what may update the repository's dependencies and
//! with which registry credentials.
//!
//! A workflow is where a repository's cloud credentials live, and where a pull request's text
//! meets a shell: the rules need the workflow as written, plus what a text search cannot give
//! them reliably. So the document is the file as GitHub reads it (YAML 1.2: `on` is a key, not
//! `true`), with three derived parts, each located where it was written:
//! - `triggers`: the event names of `on:`, whichever of its three forms is used;
//! - `uses_ref` beside every `uses:` (steps, reusable-workflow jobs, composite actions' steps):
//!   `{kind, owner, repo, path, ref, pinned}`, `kind` one of `action`, `local`, `docker`; an
//!   `action` also has `trusted`, whether the project's `trusted_actions` names its owner or
//!   repository (a setting of the scan, so rules need not be told it);
//! - `expressions`: every `${{ }}` in a string value, and every `if:` (an expression without
//!   the braces, `implicit: true`), parsed into the contexts it reads
//!   (`github.event.pull_request.title`, with `['x']` indexing written as `.x` and `[0]`/`[*]`
//!   as `.*`) and the functions it calls, with its `path` in the document and its 1-based
//!   `line` and `column` in the file.
//!
//! What a file is comes from its path and the parsed document: a workflow lives in
//! `.github/workflows/` and has `jobs`; an action is named `action.yml` or `action.yaml` and
//! has `runs.using`; a Dependabot configuration is `.github/dependabot.yml` (or `.yaml`) and
//! has `version` and `updates`. A workflow or Dependabot file that is not one, or an
//! expression that does not end, is a located error; the rest of the file is still read.
//!
//! The Dependabot document is the file as written, with no derived part, named
//! `Dependabot/<path of the file>` (`Dependabot/.github/dependabot.yml`): the file name alone
//! would not tell two of them apart in a monorepo.

use std::sync::Arc;

use serde_json::{json, Value as Json};

use super::{FileKind, Input, Output};
use crate::diagnostic::Diagnostic;
use crate::document::{escape_pointer_segment, path_pointer, Aliases, Document, Model, SourceMap, Span, SpanMap};
use crate::yaml::{self, Node, Value};

/// The contexts an expression can read; any other name is a literal or an error of the
/// workflow, never a context.
const CONTEXTS: &[&str] =
    &["github", "env", "vars", "job", "jobs", "steps", "runner", "secrets", "strategy", "matrix", "needs", "inputs"];

/// Whether a file can be a workflow, an action or a Dependabot configuration (cheap: the key
/// each must have).
pub fn maybe(text: &str, kind: FileKind) -> bool {
    kind == FileKind::Yaml && (text.contains("jobs") || text.contains("runs") || text.contains("updates"))
}

/// Whether GitHub reads the file at `rel` as a workflow or as the Dependabot configuration,
/// whatever it holds.
pub fn owns(rel: &str) -> bool {
    is_workflow_path(rel) || is_dependabot_path(rel)
}

fn is_workflow_path(rel: &str) -> bool {
    let Some((dir, name)) = rel.rsplit_once('/') else { return false };
    (dir == ".github/workflows" || dir.ends_with("/.github/workflows"))
        && (name.ends_with(".yml") || name.ends_with(".yaml"))
}

/// `.github/dependabot.yml` at any depth: Dependabot reads only the repository root's, but a
/// monorepo of vendored or merged repositories keeps each one's where it was.
fn is_dependabot_path(rel: &str) -> bool {
    let (dir, name) = rel.rsplit_once('/').unwrap_or(("", rel));
    (dir == ".github" || dir.ends_with("/.github")) && (name == "dependabot.yml" || name == "dependabot.yaml")
}

fn is_action_path(rel: &str) -> bool {
    let name = crate::paths::rel_name(rel);
    name == "action.yml" || name == "action.yaml"
}

/// The workflow, action or Dependabot configuration in the file, or `None` when it is none of
/// them (then other formats may read it).
pub fn read(input: &Input, nodes: &[Node]) -> Option<Output> {
    let rel = input.rel;
    if is_workflow_path(rel) {
        let wanted = input.opts.models.contains(Model::GithubWorkflow);
        let Some(node) = nodes.iter().find(|n| n.get("jobs").is_some()) else {
            // In the workflows directory and not a workflow: GitHub rejects it; so do we.
            return Some(not_a(rel, nodes, "not a GitHub workflow: expected a mapping with `on` and `jobs`"));
        };
        if !wanted {
            return Some(Output::default());
        }
        let mut out = document(input, node, Model::GithubWorkflow, "workflow");
        out.diagnostics.extend(unknown_keys(rel, node, false));
        return Some(out);
    }
    if is_dependabot_path(rel) {
        let Some(node) = nodes.iter().find(|n| n.get("version").is_some() && n.get("updates").is_some()) else {
            // Where Dependabot looks and not its configuration: Dependabot reports it broken.
            return Some(not_a(
                rel,
                nodes,
                "not a Dependabot configuration: expected a mapping with `version` and `updates`",
            ));
        };
        let wanted = input.opts.models.contains(Model::Dependabot);
        return Some(if wanted { dependabot(input, node) } else { Output::default() });
    }
    if is_action_path(rel) {
        let node = nodes.iter().find(|n| n.get("runs").and_then(|r| r.get("using")).is_some())?;
        if !input.opts.models.contains(Model::GithubAction) {
            return Some(Output::default());
        }
        let mut out = document(input, node, Model::GithubAction, "action");
        out.diagnostics.extend(unknown_keys(rel, node, true));
        return Some(out);
    }
    None
}

/// A file at a path GitHub reads that is not what GitHub expects there: an error at its start.
fn not_a(rel: &Arc<str>, nodes: &[Node], message: &str) -> Output {
    Output::diagnostic(Diagnostic::error(rel, nodes.first().map(|n| n.line), message).unscanned())
}

fn document(input: &Input, node: &Node, model: Model, kind: &str) -> Output {
    let mut spans = SpanMap::default();
    let mut value = yaml::to_json_with(node, &mut String::new(), &mut spans, false);
    let mut out = Output::default();
    let Json::Object(map) = &mut value else {
        return Output::diagnostic(Diagnostic::error(input.rel, Some(node.line), format!("not a GitHub {kind}")));
    };

    if let Some(on) = map.get("on") {
        let triggers = triggers(on);
        if let Some(span) = spans.get("/on").copied() {
            spans.insert("/triggers".to_string(), span);
        }
        map.insert("triggers".to_string(), Json::Array(triggers.into_iter().map(Json::String).collect()));
    }

    let mut aliases = Aliases::new();
    let mut refs = Refs { trusted: &input.opts.trusted_actions, spans: Vec::new() };
    if let Some(Json::Object(jobs)) = map.get_mut("jobs") {
        for (id, job) in jobs.iter_mut() {
            let mut pointer = String::from("/jobs/");
            escape_pointer_segment(id, &mut pointer);
            refs.add(job, &pointer);
            if let Some(Json::Array(steps)) = job.get_mut("steps") {
                refs.steps(steps, &format!("{pointer}/steps"), &mut aliases);
            }
        }
    }
    if let Some(Json::Array(steps)) = map.get_mut("runs").and_then(|r| r.get_mut("steps")) {
        refs.steps(steps, "/runs/steps", &mut aliases);
    }
    for (from, to) in refs.spans {
        if let Some(span) = spans.get(&from).copied() {
            spans.insert(to, span);
        }
    }

    let mut finder = Expressions {
        spans: &spans,
        lines: input.text.lines().collect(),
        file: input.rel,
        found: Vec::new(),
        diagnostics: Vec::new(),
    };
    let mut path = Vec::new();
    for (key, v) in map.iter() {
        path.push(Json::String(key.clone()));
        finder.walk(v, &mut path);
        path.pop();
    }
    let Expressions { found: expressions, diagnostics, .. } = finder;
    out.diagnostics.extend(diagnostics);
    for (i, e) in expressions.iter().enumerate() {
        let line = e["line"].as_u64().unwrap_or(1) as u32;
        spans.insert(format!("/expressions/{i}"), Span::new(line, line));
        // Known by where it is and what it says, not by its index among the file's expressions.
        let at: Vec<String> = e["path"].as_array().into_iter().flatten().map(|p| p.to_string()).collect();
        aliases.insert(
            format!("/expressions/{i}"),
            format!("expr={}:{}", at.join("/"), e["expr"].as_str().unwrap_or_default()),
        );
    }
    map.insert("expressions".to_string(), Json::Array(expressions));

    // Named for people: the workflow's file, or the directory an action lives in (its name in
    // `uses: ./.github/actions/NAME`); the file and the fingerprint keep the full path.
    let (dir, file) = input.rel.rsplit_once('/').unwrap_or((".", input.rel));
    let root_ref = match model {
        Model::GithubAction => format!("Action/{}", dir.rsplit('/').next().unwrap_or(dir)),
        _ => format!("Workflow/{file}"),
    };
    let mut source_map = SourceMap::default();
    source_map.insert_entity_with_aliases(root_ref.clone(), input.rel.clone(), spans, aliases);
    out.docs.push(Document {
        model,
        file: input.rel.clone(),
        kind: Some(kind.to_string()),
        root_ref,
        input: value,
        source_map,
        ignores: input.ignores.clone(),
        other_ignores: Default::default(),
        annotation_ignores: Default::default(),
        context: None,
    });
    out
}

/// The Dependabot configuration as written. Each `updates` entry is known by its ecosystem,
/// directory and target branch for fingerprints, so reordering them does not reopen findings.
fn dependabot(input: &Input, node: &Node) -> Output {
    let mut spans = SpanMap::default();
    let value = yaml::to_json_with(node, &mut String::new(), &mut spans, false);
    let mut aliases = Aliases::new();
    for (i, update) in value.get("updates").and_then(Json::as_array).into_iter().flatten().enumerate() {
        let text = |key: &str| match update.get(key) {
            Some(Json::String(s)) => s.clone(),
            Some(Json::Array(items)) => items.iter().filter_map(Json::as_str).collect::<Vec<_>>().join(","),
            _ => String::new(),
        };
        let dir = if update.get("directories").is_some() { text("directories") } else { text("directory") };
        let name = format!("update={}:{dir}:{}", text("package-ecosystem"), text("target-branch"));
        aliases.insert(format!("/updates/{i}"), name);
    }
    let root_ref = format!("Dependabot/{}", input.rel);
    let mut source_map = SourceMap::default();
    source_map.insert_entity_with_aliases(root_ref.clone(), input.rel.clone(), spans, aliases);
    Output::doc(Document {
        model: Model::Dependabot,
        file: input.rel.clone(),
        kind: Some("dependabot".to_string()),
        root_ref,
        input: value,
        source_map,
        ignores: input.ignores.clone(),
        other_ignores: Default::default(),
        annotation_ignores: Default::default(),
        context: None,
    })
}

/// The keys GitHub accepts at the top of a workflow, in a job (a reusable-workflow call
/// included), in a step, and at the top of an action; and the events of `on:`.
const WORKFLOW_KEYS: &[&str] = &["name", "run-name", "on", "permissions", "env", "defaults", "concurrency", "jobs"];
const JOB_KEYS: &[&str] = &[
    "name",
    "permissions",
    "needs",
    "if",
    "runs-on",
    "snapshot",
    "environment",
    "concurrency",
    "outputs",
    "env",
    "defaults",
    "steps",
    "timeout-minutes",
    "strategy",
    "continue-on-error",
    "container",
    "services",
    "uses",
    "with",
    "secrets",
];
const STEP_KEYS: &[&str] = &[
    "id",
    "if",
    "name",
    "uses",
    "run",
    "working-directory",
    "shell",
    "with",
    "env",
    "continue-on-error",
    "timeout-minutes",
];
const ACTION_KEYS: &[&str] = &["name", "author", "description", "inputs", "outputs", "runs", "branding"];
const EVENTS: &[&str] = &[
    "branch_protection_rule",
    "check_run",
    "check_suite",
    "create",
    "delete",
    "deployment",
    "deployment_status",
    "discussion",
    "discussion_comment",
    "fork",
    "gollum",
    "image_version",
    "issue_comment",
    "issues",
    "label",
    "merge_group",
    "milestone",
    "page_build",
    "project",
    "project_card",
    "project_column",
    "public",
    "pull_request",
    "pull_request_comment",
    "pull_request_review",
    "pull_request_review_comment",
    "pull_request_target",
    "push",
    "registry_package",
    "release",
    "repository_dispatch",
    "schedule",
    "status",
    "watch",
    "workflow_call",
    "workflow_dispatch",
    "workflow_run",
];

/// Warnings for keys and events GitHub does not know: GitHub refuses such a file, and a typo
/// (`runs_on`, `pull-request`) would otherwise leave a setting silently unset here. Warnings,
/// not errors: GitHub adds keys, and a gate must not break the day it does.
fn unknown_keys(rel: &Arc<str>, node: &Node, action: bool) -> Vec<Diagnostic> {
    let mut out = Vec::new();
    let mut check = |keys: &Node, known: &[&str], what: &str| {
        let Value::Map(entries) = &keys.value else { return };
        for (key, _) in entries {
            if !known.contains(&key.text.as_str()) {
                let hint = closest(&key.text, known).map(|k| format!("; did you mean `{k}`?")).unwrap_or_default();
                out.push(Diagnostic::warning(
                    rel,
                    Some(key.line),
                    format!(
                        "unknown key `{}` {what}: GitHub rejects a file with a key it does not know{hint}",
                        key.text
                    ),
                ));
            }
        }
    };
    let steps = |parent: &Node| -> Vec<Node> {
        match parent.get("steps").map(|s| &s.value) {
            Some(Value::Seq(items)) => items.clone(),
            _ => Vec::new(),
        }
    };
    if action {
        check(node, ACTION_KEYS, "at the top of the action");
        if let Some(runs) = node.get("runs") {
            for step in steps(runs) {
                check(&step, STEP_KEYS, "in a step");
            }
        }
        return out;
    }
    check(node, WORKFLOW_KEYS, "at the top of the workflow");
    if let Some(Value::Map(jobs)) = node.get("jobs").map(|j| &j.value) {
        for (name, job) in jobs {
            check(job, JOB_KEYS, &format!("in job `{}`", name.text));
            for step in steps(job) {
                check(&step, STEP_KEYS, &format!("in a step of job `{}`", name.text));
            }
        }
    }
    // Events: the keys of `on:`, the items of its list, or its one name.
    let events: Vec<(String, u32)> = match node.get("on") {
        Some(Node { value: Value::Map(entries), .. }) => {
            entries.iter().map(|(k, _)| (k.text.clone(), k.line)).collect()
        }
        Some(Node { value: Value::Seq(items), .. }) => {
            items.iter().filter_map(|i| Some((i.as_str()?.to_string(), i.line))).collect()
        }
        Some(on @ Node { value: Value::Str(s), .. }) => vec![(s.clone(), on.line)],
        _ => Vec::new(),
    };
    for (event, line) in events {
        if !EVENTS.contains(&event.as_str()) {
            let hint = closest(&event, EVENTS).map(|k| format!("; did you mean `{k}`?")).unwrap_or_default();
            out.push(Diagnostic::warning(
                rel,
                Some(line),
                format!("unknown event `{event}` in `on:`: GitHub never starts the workflow for it{hint}"),
            ));
        }
    }
    out
}

/// The known word closest to `word`, when it is close enough to be a typo of it.
fn closest<'a>(word: &str, known: &[&'a str]) -> Option<&'a str> {
    let word = word.to_ascii_lowercase().replace('_', "-");
    known
        .iter()
        .map(|k| (edit_distance(&word, &k.replace('_', "-")), *k))
        .filter(|(d, _)| *d <= 2)
        .min()
        .map(|(_, k)| k)
}

fn edit_distance(a: &str, b: &str) -> usize {
    let b: Vec<char> = b.chars().collect();
    let mut row: Vec<usize> = (0..=b.len()).collect();
    for (i, ca) in a.chars().enumerate() {
        let mut diagonal = row[0];
        row[0] = i + 1;
        for (j, cb) in b.iter().enumerate() {
            let next = (row[j + 1] + 1).min(row[j] + 1).min(diagonal + usize::from(ca != *cb));
            diagonal = row[j + 1];
            row[j + 1] = next;
        }
    }
    row[b.len()]
}

/// The event names of `on:` (`push`, `[push, pull_request]` or `{push: {…}}`), sorted.
fn triggers(on: &Json) -> Vec<String> {
    let mut names: Vec<String> = match on {
        Json::String(s) => vec![s.clone()],
        Json::Array(items) => items.iter().filter_map(Json::as_str).map(str::to_string).collect(),
        Json::Object(map) => map.keys().cloned().collect(),
        _ => Vec::new(),
    };
    names.sort();
    names.dedup();
    names
}

/// Adds `uses_ref` beside each `uses`, remembering which spans to copy onto them.
struct Refs<'a> {
    /// `trusted_actions`, lower case: `owner` or `owner/repo`.
    trusted: &'a [String],
    /// (pointer of a `uses`, pointer of its `uses_ref`).
    spans: Vec<(String, String)>,
}

impl Refs<'_> {
    /// `uses_ref` beside each step's `uses`, and each step known by its `id` (else its `name`)
    /// for fingerprints, so reordering steps does not reopen findings.
    fn steps(&mut self, steps: &mut [Json], pointer: &str, aliases: &mut Aliases) {
        for (i, step) in steps.iter_mut().enumerate() {
            let step_pointer = format!("{pointer}/{i}");
            let name = step.get("id").or_else(|| step.get("name")).and_then(Json::as_str);
            if let Some(name) = name {
                aliases.insert(step_pointer.clone(), format!("step={name}"));
            }
            self.add(step, &step_pointer);
        }
    }

    fn add(&mut self, owner: &mut Json, pointer: &str) {
        let Some(uses) = owner.get("uses").and_then(Json::as_str) else { return };
        let mut parsed = parse_uses(uses);
        if let Json::Object(fields) = &mut parsed {
            if fields.get("kind").and_then(Json::as_str) == Some("action") {
                let owner = fields.get("owner").and_then(Json::as_str).unwrap_or_default();
                let repo = fields.get("repo").and_then(Json::as_str).unwrap_or_default();
                fields.insert("trusted".to_string(), Json::Bool(is_trusted(self.trusted, owner, repo)));
            }
        }
        if let Json::Object(map) = owner {
            map.insert("uses_ref".to_string(), parsed);
            self.spans.push((format!("{pointer}/uses"), format!("{pointer}/uses_ref")));
        }
    }
}

/// Whether `owner/repo` is named by `trusted` (lower-case `owner` or `owner/repo` entries);
/// GitHub's names are case-insensitive, so `Acme/Tools` is `acme/tools`.
fn is_trusted(trusted: &[String], owner: &str, repo: &str) -> bool {
    let (owner, repo) = (owner.to_ascii_lowercase(), repo.to_ascii_lowercase());
    trusted.iter().any(|entry| match entry.split_once('/') {
        Some((o, r)) => o == owner && r == repo,
        None => *entry == owner,
    })
}

/// `owner/repo/path@ref`, `./local/path`, or `docker://image:tag@sha256:…`.
pub fn parse_uses(uses: &str) -> Json {
    let uses = uses.trim();
    if let Some(image) = uses.strip_prefix("docker://") {
        let (name, digest) = match image.split_once('@') {
            Some((n, d)) => (n, Some(d)),
            None => (image, None),
        };
        // A tag is after the last `:` of the last path segment (a registry may have a port).
        let last = name.rsplit('/').next().unwrap_or(name);
        let tag = last.split_once(':').map(|(_, t)| t);
        let pinned = digest.is_some_and(|d| d.starts_with("sha256:") && d.len() == 71);
        return json!({"kind": "docker", "image": name, "tag": tag, "digest": digest, "pinned": pinned});
    }
    if uses.starts_with("./") || uses.starts_with("../") {
        return json!({"kind": "local", "path": uses, "pinned": true});
    }
    let (target, reference) = match uses.rsplit_once('@') {
        Some((t, r)) => (t, Some(r)),
        None => (uses, None),
    };
    let mut parts = target.splitn(3, '/');
    let owner = parts.next().unwrap_or_default();
    let repo = parts.next().unwrap_or_default();
    let path = parts.next().unwrap_or_default();
    let pinned = reference.is_some_and(|r| r.len() == 40 && r.bytes().all(|b| b.is_ascii_hexdigit()));
    json!({"kind": "action", "owner": owner, "repo": repo, "path": path, "ref": reference, "pinned": pinned})
}

/// Finds the expressions of one document: every `${{ }}` in its string values and every `if:`.
struct Expressions<'a> {
    spans: &'a SpanMap,
    lines: Vec<&'a str>,
    file: &'a Arc<str>,
    found: Vec<Json>,
    diagnostics: Vec<Diagnostic>,
}

impl Expressions<'_> {
    /// Walk `value`, found at `path`.
    fn walk(&mut self, value: &Json, path: &mut Vec<Json>) {
        match value {
            Json::String(s) if s.contains("${{") => self.explicit(s, path),
            // `if:` is an expression even without `${{ }}` (GitHub adds them).
            Json::String(s) if path.last().and_then(Json::as_str) == Some("if") => {
                let (line, column) = locate(&self.lines, self.span(path), s.trim(), 0);
                self.push(s.trim(), path, line, column, true);
            }
            Json::Array(items) => {
                for (i, item) in items.iter().enumerate() {
                    path.push(Json::from(i));
                    self.walk(item, path);
                    path.pop();
                }
            }
            Json::Object(map) => {
                for (k, v) in map.iter().filter(|(k, _)| k.as_str() != "uses_ref") {
                    path.push(Json::String(k.clone()));
                    self.walk(v, path);
                    path.pop();
                }
            }
            _ => {}
        }
    }

    /// The lines of the value at `path`.
    fn span(&self, path: &[Json]) -> Span {
        self.spans.get(&path_pointer(path)).copied().unwrap_or(Span::new(1, 1))
    }

    fn explicit(&mut self, s: &str, path: &[Json]) {
        let span = self.span(path);
        let mut seen: Vec<(String, usize)> = Vec::new();
        for piece in expressions_in(s) {
            match piece {
                Ok(raw) => {
                    // The n-th time this exact text appears in the value: found again in the
                    // source lines the value spans.
                    let nth = match seen.iter_mut().find(|(t, _)| *t == raw) {
                        Some((_, n)) => {
                            *n += 1;
                            *n
                        }
                        None => {
                            seen.push((raw.clone(), 0));
                            0
                        }
                    };
                    let (line, column) = locate(&self.lines, span, &raw, nth);
                    self.push(raw[3..raw.len() - 2].trim(), path, line, column, false);
                }
                Err(raw) => {
                    let (line, column) = locate(&self.lines, span, &raw, 0);
                    self.diagnostics.push(Diagnostic::error(
                        self.file,
                        Some(line),
                        format!(
                            "column {column}: expression `{}` does not end with `}}}}`",
                            crate::redact::one_line(&truncate(&raw, 60))
                        ),
                    ));
                }
            }
        }
    }

    fn push(&mut self, expr: &str, path: &[Json], line: u32, column: u32, implicit: bool) {
        let (contexts, functions) = parse_expression(expr);
        self.found.push(json!({
            "expr": expr,
            "contexts": contexts,
            "functions": functions,
            "path": path,
            "line": line,
            "column": column,
            "implicit": implicit,
        }));
    }
}

fn truncate(s: &str, max: usize) -> String {
    match s.char_indices().nth(max) {
        Some((i, _)) => format!("{}…", &s[..i]),
        None => s.to_string(),
    }
}

/// The `${{ … }}` pieces of a string: `Ok(text)` with the braces, or `Err(rest)` for one that
/// does not end. A `}}` inside a quoted string literal does not end an expression.
fn expressions_in(s: &str) -> Vec<Result<String, String>> {
    let mut out = Vec::new();
    let mut rest = s;
    while let Some(start) = rest.find("${{") {
        let body = &rest[start + 3..];
        let mut in_string = false;
        let mut end = None;
        let bytes = body.as_bytes();
        let mut i = 0;
        while i < bytes.len() {
            match bytes[i] {
                b'\'' => in_string = !in_string,
                b'}' if !in_string && bytes.get(i + 1) == Some(&b'}') => {
                    end = Some(i);
                    break;
                }
                _ => {}
            }
            i += 1;
        }
        match end {
            Some(e) => {
                out.push(Ok(rest[start..start + 3 + e + 2].to_string()));
                rest = &body[e + 2..];
            }
            None => {
                out.push(Err(rest[start..].to_string()));
                break;
            }
        }
    }
    out
}

/// 1-based line and column (in characters) of the `nth` occurrence of `raw` in the lines of
/// `span`, or the span's first line, column 1, when the text is not there as written (a quoted
/// scalar with escapes, a folded block).
pub(super) fn locate(lines: &[&str], span: Span, raw: &str, nth: usize) -> (u32, u32) {
    let first = raw.lines().next().unwrap_or(raw);
    let mut count = 0;
    for line_no in span.start..=span.end {
        let Some(line) = lines.get(line_no as usize - 1) else { break };
        let mut from = 0;
        while let Some(at) = line[from..].find(first) {
            if count == nth {
                let column = line[..from + at].chars().count() as u32 + 1;
                return (line_no, column);
            }
            count += 1;
            from += at + first.len().max(1);
        }
    }
    (span.start, 1)
}

/// The contexts (`github.event.issue.title`) and functions (`contains`) an expression uses.
fn parse_expression(expr: &str) -> (Vec<String>, Vec<String>) {
    let mut contexts = Vec::new();
    let mut functions = Vec::new();
    let chars: Vec<char> = expr.chars().collect();
    let mut i = 0;
    while i < chars.len() {
        let c = chars[i];
        if c == '\'' {
            // A string literal: skipped ('' is an escaped quote).
            i += 1;
            while i < chars.len() {
                if chars[i] == '\'' {
                    if chars.get(i + 1) == Some(&'\'') {
                        i += 2;
                        continue;
                    }
                    break;
                }
                i += 1;
            }
            i += 1;
            continue;
        }
        if c.is_ascii_alphabetic() || c == '_' {
            let mut name = String::new();
            while i < chars.len() && (chars[i].is_ascii_alphanumeric() || chars[i] == '_' || chars[i] == '-') {
                name.push(chars[i]);
                i += 1;
            }
            let mut j = i;
            while j < chars.len() && chars[j] == ' ' {
                j += 1;
            }
            if chars.get(j) == Some(&'(') {
                functions.push(name.to_ascii_lowercase());
                continue;
            }
            // Member accesses: `.name`, `.*`, `['name']`, `[0]`, `[*]`.
            loop {
                match chars.get(i) {
                    Some('.') => {
                        i += 1;
                        name.push('.');
                        while i < chars.len()
                            && (chars[i].is_ascii_alphanumeric() || matches!(chars[i], '_' | '-' | '*'))
                        {
                            name.push(chars[i]);
                            i += 1;
                        }
                    }
                    Some('[') => {
                        let close = chars[i..].iter().position(|&c| c == ']').map(|p| i + p);
                        let Some(close) = close else { break };
                        let inside: String = chars[i + 1..close].iter().collect();
                        let inside = inside.trim();
                        let key = inside.strip_prefix('\'').and_then(|s| s.strip_suffix('\''));
                        match key {
                            Some(k) => name.push_str(&format!(".{k}")),
                            None => name.push_str(".*"),
                        }
                        i = close + 1;
                    }
                    _ => break,
                }
            }
            let head = name.split('.').next().unwrap_or_default();
            if CONTEXTS.contains(&head) && !contexts.contains(&name) {
                contexts.push(name);
            }
            continue;
        }
        i += 1;
    }
    functions.sort();
    functions.dedup();
    (contexts, functions)
}

/// What collecting `text` as the file `rel` gives, for tests.
#[cfg(test)]
fn doc_of(rel: &str, text: &str) -> Output {
    collected(rel, text, &super::Options::default())
}

#[cfg(test)]
fn collected(rel: &str, text: &str, opts: &super::Options) -> Output {
    super::collect_text(&Arc::from(rel), FileKind::Yaml, text, opts)
}

#[cfg(test)]
mod tests {
    use super::*;

    const WORKFLOW: &str = "name: triage\non:\n  pull_request_target:\n    types: [opened]\n  issues:\npermissions: write-all\njobs:\n  greet:\n    runs-on: ubuntu-latest\n    steps:\n      - uses: actions/checkout@v4\n        with:\n          ref: ${{ github.event.pull_request.head.sha }}\n      - id: say\n        run: |\n          echo \"title: ${{ github.event.pull_request.title }}\"\n          echo \"${{ github.event['issue'].body }} and ${{ toJSON(github.event.comment.body) }}\"\n      - uses: docker://alpine:3.20\n  call:\n    uses: acme/shared/.github/workflows/deploy.yml@0123456789abcdef0123456789abcdef01234567\n    secrets: inherit\n";

    #[test]
    fn a_workflow_is_read_with_triggers_uses_and_located_expressions() {
        let out = doc_of(".github/workflows/triage.yml", WORKFLOW);
        assert!(out.diagnostics.is_empty(), "{:?}", out.diagnostics);
        let doc = &out.docs[0];
        assert_eq!(doc.model, Model::GithubWorkflow);
        assert_eq!(doc.root_ref, "Workflow/triage.yml");
        assert_eq!(doc.input["triggers"], json!(["issues", "pull_request_target"]));
        let steps = &doc.input["jobs"]["greet"]["steps"];
        assert_eq!(
            steps[0]["uses_ref"],
            json!({"kind": "action", "owner": "actions", "repo": "checkout", "path": "", "ref": "v4", "pinned": false, "trusted": false})
        );
        assert_eq!(steps[2]["uses_ref"]["kind"], "docker");
        assert_eq!(steps[2]["uses_ref"]["pinned"], false);
        let call = &doc.input["jobs"]["call"]["uses_ref"];
        assert_eq!(call["path"], ".github/workflows/deploy.yml");
        assert_eq!(call["pinned"], true);
        let exprs: Vec<(String, u64, u64)> = doc.input["expressions"]
            .as_array()
            .unwrap()
            .iter()
            .map(|e| {
                (
                    e["contexts"][0].as_str().unwrap().to_string(),
                    e["line"].as_u64().unwrap(),
                    e["column"].as_u64().unwrap(),
                )
            })
            .collect();
        assert_eq!(
            exprs,
            vec![
                ("github.event.pull_request.head.sha".to_string(), 13, 16),
                ("github.event.pull_request.title".to_string(), 16, 24),
                ("github.event.issue.body".to_string(), 17, 17),
                ("github.event.comment.body".to_string(), 17, 55),
            ]
        );
        assert_eq!(doc.input["expressions"][3]["functions"], json!(["tojson"]));
        assert_eq!(doc.input["expressions"][1]["implicit"], false);
        assert_eq!(doc.input["expressions"][1]["path"], json!(["jobs", "greet", "steps", 1, "run"]));
        // Derived fields are located where they were written.
        let loc = doc
            .source_map
            .locate(&doc.root_ref, &[json!("jobs"), json!("greet"), json!("steps"), json!(2), json!("uses_ref")]);
        assert_eq!(loc.unwrap().span, Span::new(18, 18));
        let loc = doc.source_map.locate(&doc.root_ref, &[json!("triggers")]).unwrap();
        assert_eq!(loc.span.start, 2);
        assert_eq!(
            doc.source_map.stable_path(&doc.root_ref, &[json!("jobs"), json!("greet"), json!("steps"), json!(1)])[3],
            "step=say"
        );
    }

    #[test]
    fn an_action_is_read_and_other_files_are_not() {
        let action = "name: a\nruns:\n  using: composite\n  steps:\n    - run: echo ${{ inputs.who }}\n      shell: bash\n    - uses: ./local\n";
        let out = doc_of("tools/action.yml", action);
        let doc = &out.docs[0];
        assert_eq!(doc.model, Model::GithubAction);
        assert_eq!(doc.root_ref, "Action/tools");
        assert_eq!(doc.input["runs"]["steps"][1]["uses_ref"]["kind"], "local");
        assert_eq!(doc.input["expressions"][0]["contexts"], json!(["inputs.who"]));
        assert_eq!(doc.input["expressions"][0]["line"], 5);
        // A `jobs` key outside the workflows directory is not a workflow.
        assert!(doc_of("ci/jobs.yml", WORKFLOW).docs.iter().all(|d| d.model != Model::GithubWorkflow));
    }

    #[test]
    fn if_conditions_are_expressions_without_braces() {
        let text = "on: issue_comment\njobs:\n  a:\n    if: contains(github.event.comment.body, '/run')\n    runs-on: x\n    steps:\n      - if: ${{ always() }}\n        run: echo\n";
        let out = doc_of(".github/workflows/c.yml", text);
        let e = &out.docs[0].input["expressions"];
        assert_eq!(e[0]["expr"], "contains(github.event.comment.body, '/run')");
        assert_eq!(
            (e[0]["line"].as_u64(), e[0]["column"].as_u64(), &e[0]["implicit"]),
            (Some(4), Some(9), &json!(true))
        );
        assert_eq!(e[0]["contexts"], json!(["github.event.comment.body"]));
        assert_eq!(e[1]["implicit"], false);
        assert_eq!(e[1]["functions"], json!(["always"]));
    }

    #[test]
    fn unknown_keys_and_events_are_located_warnings_with_a_hint() {
        let text = "on: [push, pull-request, nightly]\npermissions: {}\njobs:\n  a:\n    runs_on: x\n    steps:\n      - run: echo\n        shel: bash\n  call:\n    uses: o/r/.github/workflows/w.yml@main\n    secrets: inherit\n";
        let out = doc_of(".github/workflows/k.yml", text);
        assert_eq!(out.docs.len(), 1, "the workflow is still scanned");
        let found: Vec<(Option<u32>, &str)> = out.diagnostics.iter().map(|d| (d.line, d.message.as_str())).collect();
        assert_eq!(found.len(), 4, "{found:?}");
        assert!(
            found[0].1.starts_with("unknown key `runs_on` in job `a`")
                && found[0].1.ends_with("did you mean `runs-on`?")
        );
        assert_eq!(found[0].0, Some(5));
        assert!(found[1].1.contains("`shel` in a step of job `a`") && found[1].1.ends_with("did you mean `shell`?"));
        assert_eq!(found[1].0, Some(8));
        assert!(
            found[2].1.starts_with("unknown event `pull-request`")
                && found[2].1.ends_with("did you mean `pull_request`?")
        );
        assert!(found[3].1.starts_with("unknown event `nightly`") && !found[3].1.contains("did you mean"));
        assert!(out.diagnostics.iter().all(|d| d.level == crate::diagnostic::Level::Warning));
        let action =
            "name: a\ndescriptoin: x\nruns:\n  using: composite\n  steps:\n    - run: echo\n      shell: bash\n";
        let out = doc_of("a/action.yml", action);
        assert_eq!(out.diagnostics.len(), 1);
        assert!(out.diagnostics[0].message.contains("did you mean `description`?"), "{:?}", out.diagnostics);
    }

    #[test]
    fn broken_workflows_are_located_errors() {
        let out = doc_of(".github/workflows/x.yml", "name: x\non: push\n");
        assert!(out.docs.is_empty());
        assert!(
            out.diagnostics[0].message.contains("expected a mapping with `on` and `jobs`"),
            "{:?}",
            out.diagnostics
        );
        let text = "on: push\njobs:\n  a:\n    runs-on: x\n    steps:\n      - run: echo ${{ github.event.\n";
        let out = doc_of(".github/workflows/y.yml", text);
        assert_eq!(out.docs.len(), 1, "the rest of the file is read");
        let d = &out.diagnostics[0];
        assert_eq!(d.line, Some(6));
        assert!(d.message.contains("column 19") && d.message.contains("does not end"), "{}", d.message);
    }

    #[test]
    fn trusted_actions_are_marked_by_owner_or_repository() {
        let text = "on: push\njobs:\n  a:\n    runs-on: x\n    steps:\n      - uses: Acme/Setup@v1\n      - uses: partner/deploy/sub@v2\n      - uses: partner/other@v2\n      - uses: ./local\n      - uses: docker://alpine:3\n  call:\n    uses: acme/workflows/.github/workflows/x.yml@main\n";
        let opts = super::super::Options {
            trusted_actions: Arc::from(["acme".to_string(), "partner/deploy".to_string()]),
            ..Default::default()
        };
        let out = collected(".github/workflows/t.yml", text, &opts);
        let doc = &out.docs[0].input;
        let steps = &doc["jobs"]["a"]["steps"];
        let trusted: Vec<&Json> = (0..3).map(|i| &steps[i]["uses_ref"]["trusted"]).collect();
        assert_eq!(trusted, [&json!(true), &json!(true), &json!(false)]);
        assert_eq!(doc["jobs"]["call"]["uses_ref"]["trusted"], true);
        // Only actions have the field.
        assert!(steps[3]["uses_ref"].get("trusted").is_none() && steps[4]["uses_ref"].get("trusted").is_none());
        // Nothing is trusted unless the project says so.
        assert_eq!(doc_of(".github/workflows/t.yml", text).docs[0].input["jobs"]["call"]["uses_ref"]["trusted"], false);
    }

    const DEPENDABOT: &str = "version: 2\nregistries:\n  npm-private:\n    type: npm-registry\n    url: https://npm.example.com\n    token: ${{secrets.NPM_TOKEN}}\nupdates:\n  - package-ecosystem: pip\n    directory: /\n    insecure-external-code-execution: allow\n    schedule:\n      interval: weekly\n  - package-ecosystem: npm\n    directories: [/web, /api]\n    schedule:\n      interval: daily\n";

    #[test]
    fn dependabot_configuration_is_read_where_dependabot_reads_it() {
        for rel in [".github/dependabot.yml", "services/api/.github/dependabot.yaml"] {
            let out = doc_of(rel, DEPENDABOT);
            assert!(out.diagnostics.is_empty(), "{:?}", out.diagnostics);
            let doc = &out.docs[0];
            assert_eq!((doc.model, doc.kind.as_deref()), (Model::Dependabot, Some("dependabot")));
            assert_eq!(doc.root_ref, format!("Dependabot/{rel}"));
            // As written: no derived part, `${{secrets.…}}` left as text.
            assert_eq!(doc.input["registries"]["npm-private"]["token"], "${{secrets.NPM_TOKEN}}");
            assert!(doc.input.get("expressions").is_none());
            let loc = doc
                .source_map
                .locate(&doc.root_ref, &[json!("updates"), json!(0), json!("insecure-external-code-execution")])
                .unwrap();
            assert_eq!(loc.span, Span::new(10, 10));
            assert_eq!(
                doc.source_map.stable_path(&doc.root_ref, &[json!("updates"), json!(1)]),
                vec!["updates", "update=npm:/web,/api:"]
            );
        }
        // The same file elsewhere is not Dependabot's.
        for rel in ["dependabot.yml", "docs/dependabot.yml", ".github/workflows/dependabot.yml"] {
            assert!(doc_of(rel, DEPENDABOT).docs.iter().all(|d| d.model != Model::Dependabot), "{rel}");
        }
        // The cheap text test lets it through without its path, too.
        assert!(maybe(DEPENDABOT, FileKind::Yaml));
    }

    #[test]
    fn dependabot_configuration_is_read_only_when_a_rule_wants_it() {
        let opts =
            super::super::Options { models: [Model::GithubWorkflow].into_iter().collect(), ..Default::default() };
        let out = collected(".github/dependabot.yml", DEPENDABOT, &opts);
        assert!(out.docs.is_empty() && out.diagnostics.is_empty());
    }

    #[test]
    fn a_broken_dependabot_configuration_is_a_located_error() {
        for text in ["# nothing to update\nversion: 2\n", "updates: []\n", "- version: 2\n  updates: []\n"] {
            let out = doc_of(".github/dependabot.yml", text);
            assert!(out.docs.is_empty(), "{text}");
            let d = &out.diagnostics[0];
            assert!(d.message.contains("expected a mapping with `version` and `updates`"), "{}", d.message);
            assert_eq!(d.line, Some(if text.starts_with('#') { 2 } else { 1 }), "{text}");
        }
    }

    #[test]
    fn expressions_name_contexts_not_literals_or_strings() {
        let (contexts, functions) =
            parse_expression("contains(github.event.pull_request.labels.*.name, 'env.x') && steps.a.outputs['out-1'] || matrix.os == 'a''b'");
        assert_eq!(contexts, vec!["github.event.pull_request.labels.*.name", "steps.a.outputs.out-1", "matrix.os"]);
        assert_eq!(functions, vec!["contains"]);
        assert_eq!(
            expressions_in("a ${{ 'x}}' }} b ${{ c"),
            vec![Ok("${{ 'x}}' }}".to_string()), Err("${{ c".to_string())]
        );
    }
}
