//! GitLab CI/CD pipelines: `.gitlab-ci.yml`, the local files it includes, and the files named
//! like pipeline fragments (`*.gitlab-ci.yml`, `.gitlab/ci/**`), one document each.
//!
//! The pipeline file holds the runners' images, the scripts that see the project's CI/CD
//! variables and the job token, and the remote code it pulls in. The document is the file as
//! written (merge keys applied), plus three derived parts, each located where it was written:
//! - `includes`: every `include:` entry, whichever form, as `{kind, location, ref, integrity,
//!   pinned}` (`kind` one of `local`, `remote`, `project`, `template`, `component`);
//! - `images`: every `image:` and `services:` image (global, `default:`, jobs and templates),
//!   as `{path, job, service, image, name, tag, digest, pinned, variable}`;
//! - `references`: every `$NAME` / `${NAME}` a script (`script`, `before_script`,
//!   `after_script`) expands, with its `path`, 1-based `line` and `column`, and the shell
//!   `command` line it is in, so a rule can tell `echo "$X"` from `sh -c "… $X"`.
//!
//! `!reference [.tmpl, script]` is kept as `{"reference": [".tmpl", "script"]}`: the lines it
//! stands for are checked where they are written. Jobs are the top-level mappings whose key is
//! not a global keyword; templates (`.name`) are read like jobs, since jobs run their lines.
//!
//! What a file is comes from its path, as GitLab decides it: the pipeline entry point is named
//! `.gitlab-ci.yml`; other files are pipeline code because a pipeline includes them (`include:
//! local`, read from here, inside the entry point's directory only) or because their name says
//! so. A file that is not a mapping is a located error; an include that cannot be read is a
//! located warning on the include line; the rest is still scanned.

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};
use std::sync::Arc;

use serde_json::{json, Map, Value as Json};

use super::github::locate;
use super::{FileKind, Input, Output};
use crate::diagnostic::Diagnostic;
use crate::document::{path_pointer, push_path_segment, Aliases, Document, Model, SourceMap, Span, SpanMap};
use crate::ignores::InlineIgnores;
use crate::paths::rel_name;
use crate::yaml::{self, Node, Value};

/// Top-level keys that configure the pipeline rather than name a job.
const GLOBAL_KEYWORDS: &[&str] = &[
    "default",
    "include",
    "stages",
    "variables",
    "workflow",
    "spec",
    // Deprecated globals, still honoured by GitLab.
    "image",
    "services",
    "cache",
    "before_script",
    "after_script",
    "types",
];

/// The keys whose strings a runner hands to the shell.
const SCRIPT_KEYS: &[&str] = &["script", "before_script", "after_script"];

/// GitLab's limit on the files one pipeline includes; past it we stop reading too.
const MAX_INCLUDES: usize = 150;

/// Files are claimed by path only: a pipeline has no key that tells it from other YAML.
pub fn maybe(_text: &str, _kind: FileKind) -> bool {
    false
}

/// Whether the file at `rel` is pipeline code by its name.
pub fn owns(rel: &str) -> bool {
    is_entry(rel) || is_fragment_name(rel)
}

/// The pipeline entry point, whose local includes we follow.
fn is_entry(rel: &str) -> bool {
    let name = rel_name(rel);
    name == ".gitlab-ci.yml" || name == ".gitlab-ci.yaml"
}

fn is_fragment_name(rel: &str) -> bool {
    let name = rel_name(rel);
    let yaml = name.ends_with(".yml") || name.ends_with(".yaml");
    name.ends_with(".gitlab-ci.yml")
        || name.ends_with(".gitlab-ci.yaml")
        || (yaml && (rel.starts_with(".gitlab/ci/") || rel.contains("/.gitlab/ci/")))
}

pub fn read(input: &Input, nodes: &[Node]) -> Option<Output> {
    if !owns(input.rel) {
        return None;
    }
    if !input.opts.models.contains(Model::GitlabCi) {
        return Some(Output::default());
    }
    let (mut out, locals) = document(input.rel, input.text, nodes, input.ignores.clone());
    if is_entry(input.rel) {
        if let Some(base) = input.opts.base.as_deref() {
            Includes::new(base, input.rel, input.opts.max_file_size).follow(input.rel, locals, &mut out);
        }
    }
    Some(out)
}

/// A local include as written, and where.
struct LocalInclude {
    path: String,
    line: u32,
}

/// The pipeline document of one file, and the local files it includes.
fn document(rel: &Arc<str>, text: &str, nodes: &[Node], ignores: Arc<InlineIgnores>) -> (Output, Vec<LocalInclude>) {
    // A file with a `spec:` header holds the pipeline in its second document.
    let node = match nodes {
        [header, body, ..] if header.get("spec").is_some() => body,
        [first, ..] => first,
        [] => return (Output::default(), Vec::new()),
    };
    if !matches!(node.value, Value::Map(_)) {
        let d =
            Diagnostic::error(rel, Some(node.line), "not a GitLab CI file: expected a mapping of jobs and keywords")
                .unscanned();
        return (Output::diagnostic(d), Vec::new());
    }
    let mut spans = SpanMap::default();
    let mut value = yaml::to_json_with(node, &mut String::new(), &mut spans, false);
    let mut references = Vec::new();
    mark_references(node, &mut String::new(), &mut references);
    for pointer in references {
        if let Some(slot) = value.pointer_mut(&pointer) {
            *slot = json!({"reference": slot.take()});
        }
    }
    let Json::Object(map) = &mut value else { unreachable!("a mapping node becomes an object") };
    nest_jobs(map, &mut spans);

    let mut aliases = Aliases::new();
    let mut derived: Vec<(&str, Derived)> = Vec::new();
    let (includes, locals) = includes(map, &spans);
    derived.push(("includes", includes));
    derived.push(("images", images(map)));
    let lines: Vec<&str> = text.lines().collect();
    let (commands, references, broken) = scripts(map, &spans, &lines);
    derived.push(("commands", commands));
    derived.push(("references", references));

    for (key, entries) in derived {
        let mut seen: BTreeSet<String> = BTreeSet::new();
        let mut items = Vec::with_capacity(entries.len());
        for (i, (mut item, at, alias)) in entries.into_iter().enumerate() {
            let pointer = format!("/{key}/{i}");
            let span = match item.get("line").and_then(Json::as_u64) {
                Some(line) => Span::new(line as u32, line as u32),
                None => spans.get(&path_pointer(&at)).copied().unwrap_or(Span::new(node.line, node.line)),
            };
            spans.insert(pointer.clone(), span);
            // Known by what it is and where, not by its index among the file's entries; a
            // repeat gets its rank so two stay two.
            let mut name = alias.clone();
            let mut n = 1;
            while !seen.insert(name.clone()) {
                n += 1;
                name = format!("{alias}#{n}");
            }
            aliases.insert(pointer, name);
            if let Json::Object(m) = &mut item {
                m.insert("path".to_string(), Json::Array(at));
            }
            items.push(item);
        }
        map.insert(key.to_string(), Json::Array(items));
    }

    let mut out = Output::default();
    for (line, key) in broken {
        out.diagnostics.push(Diagnostic::error(
            rel,
            Some(line),
            format!("a `{key}` line is a mapping, not a command: YAML reads an unquoted `: ` as `key: value`; quote the whole command"),
        ));
    }
    // Named like workflows: by the file's name; the file and the fingerprint keep its path.
    let root_ref = format!("Pipeline/{}", rel_name(rel));
    let mut source_map = SourceMap::default();
    source_map.insert_entity_with_aliases(root_ref.clone(), rel.clone(), spans, aliases);
    let doc = Document {
        model: Model::GitlabCi,
        file: rel.clone(),
        kind: Some("pipeline".to_string()),
        root_ref,
        input: value,
        source_map,
        ignores,
        other_ignores: Default::default(),
        annotation_ignores: Default::default(),
        context: None,
    };
    out.docs.push(doc);
    (out, locals)
}

/// The pointers of `!reference` sequences.
fn mark_references(node: &Node, pointer: &mut String, out: &mut Vec<String>) {
    if node.tag.as_deref() == Some("!reference") {
        out.push(pointer.clone());
        return;
    }
    match &node.value {
        Value::Seq(items) => {
            for (i, item) in items.iter().enumerate() {
                let len = pointer.len();
                push_path_segment(&Json::from(i), pointer);
                mark_references(item, pointer, out);
                pointer.truncate(len);
            }
        }
        Value::Map(entries) => {
            for (key, value) in entries {
                let len = pointer.len();
                push_path_segment(&Json::String(key.text.clone()), pointer);
                mark_references(value, pointer, out);
                pointer.truncate(len);
            }
        }
        _ => {}
    }
}

/// Jobs and templates are the top-level mappings whose key is not a global keyword: moved under
/// `jobs`, so that rules read them like a workflow's and no job name can clash with a derived
/// part. Their lines move with them.
fn nest_jobs(map: &mut Map<String, Json>, spans: &mut SpanMap) {
    let names: Vec<String> = map
        .iter()
        .filter(|(k, v)| !GLOBAL_KEYWORDS.contains(&k.as_str()) && v.is_object())
        .map(|(k, _)| k.clone())
        .collect();
    let mut jobs = Map::new();
    let mut pointers = std::collections::HashSet::new();
    for name in names {
        let mut pointer = String::new();
        push_path_segment(&Json::String(name.clone()), &mut pointer);
        pointers.insert(pointer);
        if let Some(job) = map.remove(&name) {
            jobs.insert(name, job);
        }
    }
    let old = std::mem::take(spans);
    for (key, span) in old {
        // The first segment of `/name/…`.
        let first = key[1.min(key.len())..].find('/').map_or(key.as_str(), |i| &key[..i + 1]);
        if !key.is_empty() && pointers.contains(first) {
            spans.insert(format!("/jobs{key}"), span);
        } else {
            spans.insert(key, span);
        }
    }
    if let Some(root) = spans.get("").copied() {
        spans.insert("/jobs".to_string(), root);
    }
    map.insert("jobs".to_string(), Json::Object(jobs));
}

/// Jobs and templates, as `nest_jobs` left them.
fn jobs(map: &Map<String, Json>) -> impl Iterator<Item = (&String, &Map<String, Json>)> {
    map.get("jobs").and_then(Json::as_object).into_iter().flatten().filter_map(|(k, v)| Some((k, v.as_object()?)))
}

/// `include:` entries, normalised, and the local files among them.
fn includes(map: &Map<String, Json>, spans: &SpanMap) -> (Derived, Vec<LocalInclude>) {
    let mut entries = Vec::new();
    let mut locals = Vec::new();
    let Some(include) = map.get("include") else { return (entries, locals) };
    let items: Vec<(Vec<Json>, &Json)> = match include {
        Json::Array(items) => items.iter().enumerate().map(|(i, v)| (vec![json!("include"), json!(i)], v)).collect(),
        other => vec![(vec![json!("include")], other)],
    };
    for (at, item) in items {
        let line = spans.get(&path_pointer(&at)).map_or(1, |s| s.start);
        let mut push = |entry: Json, at: Vec<Json>| {
            let alias = format!("include={}", entry["location"].as_str().unwrap_or_default());
            entries.push((entry, at, alias));
        };
        match item {
            Json::String(s) if s.starts_with("https://") || s.starts_with("http://") => push(remote(s, None), at),
            Json::String(s) => {
                locals.push(LocalInclude { path: s.clone(), line });
                push(json!({"kind": "local", "location": s, "pinned": true}), at);
            }
            Json::Object(m) => {
                let text = |k: &str| m.get(k).and_then(Json::as_str);
                if let Some(s) = text("local") {
                    locals.push(LocalInclude { path: s.to_string(), line });
                    push(json!({"kind": "local", "location": s, "pinned": true}), at);
                } else if let Some(s) = text("remote") {
                    push(remote(s, text("integrity")), at);
                } else if let Some(s) = text("template") {
                    // GitLab's own templates ship with the instance.
                    push(json!({"kind": "template", "location": s, "pinned": true}), at);
                } else if let Some(s) = text("component") {
                    let version = s.rsplit_once('@').map(|(_, v)| v);
                    push(
                        json!({"kind": "component", "location": s, "ref": version, "pinned": version.is_some_and(is_sha)}),
                        at,
                    );
                } else if let Some(project) = text("project") {
                    let reference = text("ref");
                    let files: Vec<&str> = match m.get("file") {
                        Some(Json::Array(f)) => f.iter().filter_map(Json::as_str).collect(),
                        Some(Json::String(f)) => vec![f.as_str()],
                        _ => Vec::new(),
                    };
                    let location = format!("{project}:{}", files.join(","));
                    push(
                        json!({"kind": "project", "location": location, "project": project, "files": files, "ref": reference, "pinned": reference.is_some_and(is_sha)}),
                        at,
                    );
                }
            }
            _ => {}
        }
    }
    (entries, locals)
}

fn remote(url: &str, integrity: Option<&str>) -> Json {
    let pinned = integrity.is_some_and(|i| i.starts_with("sha256-") && i.len() > 7);
    json!({"kind": "remote", "location": url, "integrity": integrity, "pinned": pinned})
}

fn is_sha(reference: &str) -> bool {
    reference.len() == 40 && reference.bytes().all(|b| b.is_ascii_hexdigit())
}

/// Where jobs' settings are written: the pipeline's globals, `default:`, each job and template.
struct Owner<'a> {
    /// The job's name; `None` for the globals and `default:`.
    job: Option<&'a String>,
    /// Its path in the document.
    at: Vec<Json>,
    keys: &'a Map<String, Json>,
}

fn owners(map: &Map<String, Json>) -> Vec<Owner<'_>> {
    let mut out = vec![Owner { job: None, at: Vec::new(), keys: map }];
    if let Some(default) = map.get("default").and_then(Json::as_object) {
        out.push(Owner { job: None, at: vec![json!("default")], keys: default });
    }
    out.extend(jobs(map).map(|(name, job)| Owner {
        job: Some(name),
        at: vec![json!("jobs"), Json::String(name.clone())],
        keys: job,
    }));
    out
}

/// Every image a job or the pipeline runs, with its reference parsed.
fn images(map: &Map<String, Json>) -> Derived {
    let mut out = Vec::new();
    for Owner { job, at, keys: owner } in owners(map) {
        let mut add = |value: &Json, mut path: Vec<Json>, service: bool| {
            let image = match value {
                Json::String(s) => s.as_str(),
                Json::Object(m) => {
                    let Some(name) = m.get("name").and_then(Json::as_str) else { return };
                    path.push(json!("name"));
                    name
                }
                _ => return,
            };
            let mut entry = parse_image(image);
            entry["job"] = json!(job);
            entry["service"] = json!(service);
            let alias = format!("image={}", path.iter().map(|p| p.to_string()).collect::<Vec<_>>().join("/"));
            out.push((entry, path, alias));
        };
        if let Some(image) = owner.get("image") {
            let mut path = at.clone();
            path.push(json!("image"));
            add(image, path, false);
        }
        if let Some(Json::Array(services)) = owner.get("services") {
            for (i, service) in services.iter().enumerate() {
                let mut path = at.clone();
                path.extend([json!("services"), json!(i)]);
                add(service, path, true);
            }
        }
    }
    out
}

/// `registry:5000/group/name:tag@sha256:…`, parsed; an image built from variables is not
/// judged (`variable: true`), since its value is only known when the pipeline runs.
pub fn parse_image(image: &str) -> Json {
    let image = image.trim();
    let (name, digest) = match image.split_once('@') {
        Some((n, d)) => (n, Some(d)),
        None => (image, None),
    };
    let last = name.rsplit('/').next().unwrap_or(name);
    let (repo, tag) = match last.split_once(':') {
        Some((_, t)) => (&name[..name.len() - t.len() - 1], Some(t)),
        None => (name, None),
    };
    let pinned = digest.is_some_and(|d| d.starts_with("sha256:") && d.len() == 71);
    json!({
        "image": image,
        "name": repo,
        "tag": tag,
        "digest": digest,
        "pinned": pinned,
        "variable": image.contains('$'),
    })
}

/// Derived entries: the entry, the path it was written at, and its name for fingerprints.
type Derived = Vec<(Json, Vec<Json>, String)>;

/// Script items that are mappings: their line and script key.
type Broken = Vec<(u32, &'static str)>;

/// Every command line of the scripts, every variable they expand, and the line of each script
/// item that is a mapping (GitLab rejects the file).
fn scripts(map: &Map<String, Json>, spans: &SpanMap, lines: &[&str]) -> (Derived, Derived, Broken) {
    let (mut commands, mut references, mut broken) = (Vec::new(), Vec::new(), Vec::new());
    for Owner { at, keys: owner, .. } in owners(map) {
        for key in SCRIPT_KEYS {
            let Some(script) = owner.get(*key) else { continue };
            let mut path = at.clone();
            path.push(json!(key));
            let mut texts = Vec::new();
            script_lines(script, &mut path, &mut texts);
            for (path, text) in texts {
                let span = spans.get(&path_pointer(&path)).copied().unwrap_or(Span::new(1, 1));
                let Some(text) = text else {
                    broken.push((span.start, *key));
                    continue;
                };
                let written = path.iter().map(|p| p.as_str().map_or(p.to_string(), str::to_string)).collect::<Vec<_>>();
                let written = written.join("/");
                // The n-th time a text appears in the value is found again in its lines.
                let (mut seen_commands, mut seen_references) = (Vec::new(), Vec::new());
                for command in text.lines().map(str::trim).filter(|c| !c.is_empty() && !c.starts_with('#')) {
                    let (line, column) = locate(lines, span, command, rank(&mut seen_commands, command));
                    let entry = json!({"command": command, "line": line, "column": column});
                    commands.push((entry, path.clone(), format!("command={written}:{command}")));
                }
                for r in variables_in(&text) {
                    let (line, column) = locate(lines, span, &r.raw, rank(&mut seen_references, &r.raw));
                    let quote = r.quote.map(String::from);
                    let entry =
                        json!({"name": r.name, "command": r.command, "quote": quote, "line": line, "column": column});
                    references.push((entry, path.clone(), format!("var={written}:{}", r.name)));
                }
            }
        }
    }
    (commands, references, broken)
}

/// How many times `text` was seen before, counting this one in.
fn rank(seen: &mut Vec<(String, usize)>, text: &str) -> usize {
    match seen.iter_mut().find(|(t, _)| t == text) {
        Some((_, n)) => {
            *n += 1;
            *n
        }
        None => {
            seen.push((text.to_string(), 0));
            0
        }
    }
}

/// The strings of a script: a string, or a list of strings and nested lists; `None` for an
/// item that is a mapping other than a `!reference`.
fn script_lines(value: &Json, path: &mut Vec<Json>, out: &mut Vec<(Vec<Json>, Option<String>)>) {
    match value {
        Json::String(s) => out.push((path.clone(), Some(s.clone()))),
        Json::Object(m) if !m.contains_key("reference") => out.push((path.clone(), None)),
        Json::Array(items) => {
            for (i, item) in items.iter().enumerate() {
                path.push(json!(i));
                script_lines(item, path, out);
                path.pop();
            }
        }
        _ => {}
    }
}

/// A variable a script expands: its name, the reference as written, the shell line it is in
/// and the quotes around it there (`'` means the shell does not expand it, `"` and none that
/// it does).
struct Reference {
    name: String,
    raw: String,
    command: String,
    quote: Option<char>,
}

/// Each `$NAME` or `${NAME}` of a shell text; `$$` is GitLab's escape for a literal `$`.
fn variables_in(text: &str) -> Vec<Reference> {
    let mut out = Vec::new();
    for command in text.lines() {
        let bytes = command.as_bytes();
        let mut quote: Option<char> = None;
        let mut i = 0;
        while i < bytes.len() {
            match (bytes[i], quote) {
                (b'\\', q) if q != Some('\'') => {
                    i += 2;
                    continue;
                }
                (b'\'', None) => quote = Some('\''),
                (b'\'', Some('\'')) => quote = None,
                (b'"', None) => quote = Some('"'),
                (b'"', Some('"')) => quote = None,
                (b'$', _) => {}
                _ => {
                    i += 1;
                    continue;
                }
            }
            if bytes[i] != b'$' {
                i += 1;
                continue;
            }
            if bytes.get(i + 1) == Some(&b'$') {
                i += 2;
                continue;
            }
            let braced = bytes.get(i + 1) == Some(&b'{');
            let start = i + 1 + usize::from(braced);
            let mut end = start;
            while end < bytes.len() && (bytes[end].is_ascii_alphanumeric() || bytes[end] == b'_') {
                end += 1;
            }
            let first_ok = bytes.get(start).is_some_and(|b| b.is_ascii_alphabetic() || *b == b'_');
            if end > start && first_ok {
                let stop = if braced && bytes.get(end) == Some(&b'}') { end + 1 } else { end };
                // `${NAME:-x}` and other expansions: the reference is `${NAME`.
                out.push(Reference {
                    name: command[start..end].to_string(),
                    raw: command[i..stop].to_string(),
                    command: command.trim().to_string(),
                    quote,
                });
                i = stop;
            } else {
                i += 1;
            }
        }
    }
    out
}

/// Reads the local files a pipeline includes, each once, inside the entry point's directory.
struct Includes {
    /// The directory reports are relative to.
    base: PathBuf,
    /// The entry point's directory, relative (`""` at the root), and on disk.
    root_rel: String,
    root: Option<PathBuf>,
    max_file_size: u64,
    seen: BTreeSet<String>,
}

impl Includes {
    fn new(base: &Path, entry: &str, max_file_size: u64) -> Self {
        let root_rel = entry.rsplit_once('/').map_or(String::new(), |(d, _)| format!("{d}/"));
        let root = base.join(&root_rel).canonicalize().ok();
        Includes { base: base.to_path_buf(), root_rel, root, max_file_size, seen: BTreeSet::new() }
    }

    fn follow(&mut self, from: &Arc<str>, locals: Vec<LocalInclude>, out: &mut Output) {
        for include in locals {
            let warn = |out: &mut Output, what: String| {
                out.diagnostics.push(Diagnostic::warning(from, Some(include.line), what));
            };
            let path = include.path.trim().trim_start_matches('/');
            if path.contains("$") {
                warn(
                    out,
                    format!(
                        "include `{}` not read: it names a variable, known only when the pipeline runs",
                        include.path
                    ),
                );
                continue;
            }
            if path.split('/').any(|c| c == "..") {
                warn(
                    out,
                    format!("include `{}` not read: a local include must stay inside the repository", include.path),
                );
                continue;
            }
            let targets = if path.contains('*') { self.glob(path) } else { vec![format!("{}{path}", self.root_rel)] };
            if targets.is_empty() && path.contains('*') {
                warn(out, format!("include `{}` matches no file", include.path));
            }
            for rel in targets {
                if owns(&rel) || !self.seen.insert(rel.clone()) {
                    // Scanned on its own, or already read.
                    continue;
                }
                if self.seen.len() > MAX_INCLUDES {
                    warn(out, format!("includes past the first {MAX_INCLUDES} not read (GitLab's own limit)"));
                    return;
                }
                let abs = self.base.join(&rel);
                let inside = match (abs.canonicalize(), &self.root) {
                    (Ok(real), Some(root)) => real.starts_with(root),
                    (Err(_), _) => {
                        warn(
                            out,
                            format!(
                                "include `{}` not found: expected {rel}, relative to the directory of the pipeline file",
                                include.path
                            ),
                        );
                        continue;
                    }
                    (Ok(_), None) => false,
                };
                if !inside {
                    warn(out, format!("include `{}` not read: it leads outside the repository", include.path));
                    continue;
                }
                let rel: Arc<str> = Arc::from(rel.as_str());
                if let Some(file) = super::read_neighbour(&abs, &rel, self.max_file_size, out) {
                    let (doc, nested) = document(&rel, &file.text, &file.nodes, file.ignores);
                    out.extend(doc);
                    self.follow(&rel, nested, out);
                }
            }
        }
    }

    /// The files under the entry point's directory a wildcard include matches, sorted.
    fn glob(&self, pattern: &str) -> Vec<String> {
        let Some(root) = &self.root else { return Vec::new() };
        let Ok(glob) = globset::GlobBuilder::new(pattern).literal_separator(true).build() else { return Vec::new() };
        let matcher = glob.compile_matcher();
        let mut found: Vec<String> = ignore::WalkBuilder::new(root)
            .hidden(false)
            .git_ignore(false)
            .filter_entry(|e| e.file_name() != ".git")
            .build()
            .filter_map(Result::ok)
            .filter(|e| e.file_type().is_some_and(|t| t.is_file()))
            .filter_map(|e| e.path().strip_prefix(root).ok().and_then(|p| p.to_str()).map(str::to_string))
            .filter(|p| matcher.is_match(p))
            .map(|p| format!("{}{p}", self.root_rel))
            .take(MAX_INCLUDES + 1)
            .collect();
        found.sort();
        found
    }
}

/// What collecting `text` as the file `rel` gives, for tests.
#[cfg(test)]
fn doc_of(rel: &str, text: &str) -> Output {
    let opts = super::Options::default();
    super::collect_text(&Arc::from(rel), FileKind::Yaml, text, &opts)
}

#[cfg(test)]
mod tests {
    use super::*;

    const PIPELINE: &str = "include:\n  - remote: https://example.com/ci.yml\n  - project: acme/ci\n    ref: v1\n    file: [/a.yml, /b.yml]\n  - component: gitlab.com/acme/lint/check@0123456789abcdef0123456789abcdef01234567\n  - template: Jobs/SAST.gitlab-ci.yml\nimage: ruby:3.3\nvariables:\n  DOCKER_TLS_CERTDIR: \"\"\n.setup:\n  before_script:\n    - echo setup\nbuild:\n  image:\n    name: alpine@sha256:0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef\n  services:\n    - docker:24-dind\n  script:\n    - !reference [.setup, before_script]\n    - echo \"$CI_MERGE_REQUEST_TITLE\" ${CI_JOB_TOKEN}\n    - |\n      sh -c \"notify $CI_COMMIT_MESSAGE\"\n      echo $$HOME\n";

    #[test]
    fn a_pipeline_is_read_with_includes_images_and_located_references() {
        let out = doc_of(".gitlab-ci.yml", PIPELINE);
        assert!(out.diagnostics.is_empty(), "{:?}", out.diagnostics);
        let doc = &out.docs[0];
        assert_eq!(doc.model, Model::GitlabCi);
        assert_eq!(doc.root_ref, "Pipeline/.gitlab-ci.yml");
        let includes = &doc.input["includes"];
        assert_eq!(includes[0]["kind"], "remote");
        assert_eq!(includes[0]["pinned"], false);
        assert_eq!(includes[1]["location"], "acme/ci:/a.yml,/b.yml");
        assert_eq!(includes[1]["ref"], "v1");
        assert_eq!(includes[2]["pinned"], true);
        assert_eq!(includes[3]["kind"], "template");
        let loc = doc.source_map.locate(&doc.root_ref, &[json!("includes"), json!(1)]).unwrap();
        assert_eq!(loc.span.start, 3);

        let images: Vec<(&str, bool, bool)> = doc.input["images"]
            .as_array()
            .unwrap()
            .iter()
            .map(|i| (i["image"].as_str().unwrap(), i["service"].as_bool().unwrap(), i["pinned"].as_bool().unwrap()))
            .collect();
        assert_eq!(
            images,
            vec![
                ("ruby:3.3", false, false),
                ("alpine@sha256:0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef", false, true),
                ("docker:24-dind", true, false),
            ]
        );
        assert_eq!(doc.input["images"][2]["name"], "docker");
        assert_eq!(doc.input["images"][2]["tag"], "24-dind");
        assert_eq!(doc.input["images"][1]["path"], json!(["jobs", "build", "image", "name"]));
        let loc = doc.source_map.locate(&doc.root_ref, &[json!("images"), json!(1)]).unwrap();
        assert_eq!(loc.span.start, 16);

        // `!reference` is kept as a reference, not read as commands.
        assert_eq!(doc.input["jobs"]["build"]["script"][0], json!({"reference": [".setup", "before_script"]}));
        let refs: Vec<(&str, u64, u64)> = doc.input["references"]
            .as_array()
            .unwrap()
            .iter()
            .map(|r| (r["name"].as_str().unwrap(), r["line"].as_u64().unwrap(), r["column"].as_u64().unwrap()))
            .collect();
        assert_eq!(
            refs,
            vec![("CI_MERGE_REQUEST_TITLE", 21, 13), ("CI_JOB_TOKEN", 21, 38), ("CI_COMMIT_MESSAGE", 23, 21)]
        );
        assert_eq!(doc.input["references"][2]["command"], "sh -c \"notify $CI_COMMIT_MESSAGE\"");
        assert_eq!(doc.input["references"][2]["path"], json!(["jobs", "build", "script", 2]));
        let commands: Vec<(&str, u64, u64)> = doc.input["commands"]
            .as_array()
            .unwrap()
            .iter()
            .map(|c| (c["command"].as_str().unwrap(), c["line"].as_u64().unwrap(), c["column"].as_u64().unwrap()))
            .collect();
        assert_eq!(
            commands,
            vec![
                ("echo setup", 13, 7),
                ("echo \"$CI_MERGE_REQUEST_TITLE\" ${CI_JOB_TOKEN}", 21, 7),
                ("sh -c \"notify $CI_COMMIT_MESSAGE\"", 23, 7),
                ("echo $$HOME", 24, 7),
            ]
        );
    }

    #[test]
    fn only_pipeline_files_are_read_and_broken_ones_are_located() {
        assert!(doc_of("ci/build.yml", PIPELINE).docs.is_empty());
        assert_eq!(doc_of("ci/build.gitlab-ci.yml", PIPELINE).docs.len(), 1);
        assert_eq!(doc_of("sub/.gitlab/ci/lint.yml", PIPELINE).docs.len(), 1);
        let out = doc_of(".gitlab-ci.yml", "- a\n- b\n");
        assert!(out.docs.is_empty());
        assert_eq!(out.diagnostics[0].line, Some(1));
        assert!(out.diagnostics[0].message.contains("expected a mapping"), "{:?}", out.diagnostics);
        // An unquoted `: ` in a command: GitLab rejects it, and so do we, on its line.
        let out = doc_of(".gitlab-ci.yml", "job:\n  script:\n    - echo ok\n    - curl -H \"A: $B\" x\n");
        assert_eq!(out.docs.len(), 1);
        assert_eq!(out.diagnostics[0].line, Some(4));
        assert!(out.diagnostics[0].message.contains("quote the whole command"), "{:?}", out.diagnostics);
        // A `spec:` header: the pipeline is the second document.
        let out = doc_of(".gitlab-ci.yml", "spec:\n  inputs:\n    stage:\n---\njob:\n  script: echo $X\n");
        assert_eq!(out.docs[0].input["references"][0]["line"], 6);
    }

    #[test]
    fn variables_are_found_as_the_shell_expands_them() {
        let found: Vec<String> =
            variables_in("echo $A ${B} ${C:-d} $$E $1 ${} $_F").into_iter().map(|r| r.raw).collect();
        assert_eq!(found, vec!["$A", "${B}", "${C", "$_F"]);
        let quotes: Vec<(String, Option<char>)> = variables_in(r#"sh -c 'echo "$A"' "$B" \'$C 'it''s $D' "a'b $E""#)
            .into_iter()
            .map(|r| (r.name, r.quote))
            .collect();
        assert_eq!(
            quotes,
            vec![
                ("A".to_string(), Some('\'')),
                ("B".to_string(), Some('"')),
                ("C".to_string(), None),
                ("D".to_string(), Some('\'')),
                ("E".to_string(), Some('"')),
            ]
        );
        assert_eq!(parse_image("registry:5000/a/b:1.2")["name"], "registry:5000/a/b");
        assert_eq!(parse_image("registry:5000/a/b")["tag"], Json::Null);
        assert_eq!(parse_image("$CI_REGISTRY_IMAGE:latest")["variable"], true);
    }

    #[test]
    fn local_includes_are_read_inside_the_repository_only() {
        let dir = tempfile::tempdir().unwrap();
        let root = dir.path();
        std::fs::create_dir_all(root.join("ci/jobs")).unwrap();
        std::fs::write(
            root.join(".gitlab-ci.yml"),
            "include:\n  - local: /ci/base.yml\n  - ci/jobs/*.yml\n  - local: ../outside.yml\n  - local: ci/missing.yml\n",
        )
        .unwrap();
        std::fs::write(root.join("ci/base.yml"), "include: ci/jobs/a.yml\nbase:\n  script: echo $A\n").unwrap();
        std::fs::write(root.join("ci/jobs/a.yml"), "a:\n  script: echo $B\n").unwrap();
        std::fs::write(root.join("ci/jobs/b.yml"), "b:\n  image: x\n  script: echo\n").unwrap();
        let opts = super::super::Options { base: Some(root.to_path_buf()), ..Default::default() };
        let rel: Arc<str> = Arc::from(".gitlab-ci.yml");
        let out = super::super::collect_file(&root.join(".gitlab-ci.yml"), &rel, FileKind::Yaml, &opts);
        let files: Vec<&str> = out.docs.iter().map(|d| &*d.file).collect();
        assert_eq!(files, vec![".gitlab-ci.yml", "ci/base.yml", "ci/jobs/a.yml", "ci/jobs/b.yml"]);
        let messages: Vec<(Option<u32>, &str)> = out.diagnostics.iter().map(|d| (d.line, d.message.as_str())).collect();
        assert_eq!(messages.len(), 2, "{messages:?}");
        assert_eq!(messages[0].0, Some(4));
        assert!(messages[0].1.contains("must stay inside the repository"), "{messages:?}");
        assert_eq!(messages[1].0, Some(5));
        assert!(messages[1].1.contains("not found"), "{messages:?}");
        assert_eq!(out.docs[2].input["references"][0]["name"], "B");
    }
}
