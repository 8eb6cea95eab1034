//! Docker Compose: a project's Compose file merged with its override, the way `docker compose
//! up` reads them, one document per project.
//!
//! Compose is how local stacks, demo environments and many single-host deployments run, and
//! its settings (privileged containers, host namespaces, the Docker socket, ports on every
//! interface) give containers the host. Rules need the project as Compose runs it, with every
//! value located in the file a person edits, so the document is:
//! - the base file (`compose.yaml`, `compose.yml`, `docker-compose.yaml`, `docker-compose.yml`)
//!   merged with the override beside it (`compose.override.yaml`, …) as Compose merges them:
//!   mappings key by key, `environment` and `labels` by variable name, `volumes` by target,
//!   `command`, `entrypoint` and `healthcheck.test` replaced, other lists appended; a value
//!   the override sets is located in the override;
//! - interpolated from the `.env` file beside it (`${VAR}`, `${VAR:-default}`, `${VAR-default}`,
//!   `$VAR`, `$$`); a variable `.env` does not set, with no default, stays as written, so that a
//!   rule can see the value is not known (the scanner's own environment is never read: a scan
//!   must not depend on who runs it);
//! - with `environment` and `labels` as mappings whatever form they were written in, and two
//!   derived parts in each service: `port_bindings` (`{host_ip, published, target, protocol}`
//!   for every `ports` entry, short or long syntax; `host_ip` is `""` when the port is bound on
//!   every interface) and `mounts` (`{type, source, target, read_only}` for every `volumes`
//!   entry), each located at its entry;
//! - `interpolated`: the JSON pointers of the values written with a variable (`${DB_PASSWORD}`),
//!   so that a rule can tell a value written in the file from one that `.env` provides.
//!
//! - with the services of the files its top-level `include:` names added, and each service's
//!   `extends:` (in the project, or `{file, service}`) resolved: the base service's settings
//!   under the service's own, each value located in the file that wrote it. Those files are
//!   read only inside the scanned tree; one that is not is a warning on its line.
//!
//! Other files named like Compose files (`docker-compose.prod.yml`, used with `-f`) are read
//! alone, as written: they are often partial, so rules about something missing only judge
//! services with an `image` or a `build` (see `policies/lib/compose.rego`).

use std::path::Path;
use std::sync::Arc;

use serde_json::{json, Map, Value as Json};

use super::{read_text, FileKind, Input, Output};
use crate::diagnostic::Diagnostic;
use crate::document::{escape_pointer_segment, Document, FileMap, Model, SourceMap, SpanMap};
use crate::ignores::InlineIgnores;
use crate::paths::{rel_dir, rel_name};
use crate::yaml::{self, Node, Value};

const BASE_NAMES: &[&str] = &["compose.yaml", "compose.yml", "docker-compose.yaml", "docker-compose.yml"];
const OVERRIDE_NAMES: &[&str] =
    &["compose.override.yaml", "compose.override.yml", "docker-compose.override.yaml", "docker-compose.override.yml"];

/// Compose files are known by their names.
pub fn maybe(_text: &str, _kind: FileKind) -> bool {
    false
}

pub fn owns(rel: &str) -> bool {
    let name = rel_name(rel);
    let yaml = name.ends_with(".yml") || name.ends_with(".yaml");
    yaml && (name.starts_with("compose.") || name.starts_with("docker-compose."))
}

fn join(dir: &str, name: &str) -> String {
    if dir.is_empty() {
        name.to_string()
    } else {
        format!("{dir}/{name}")
    }
}

pub fn read(input: &Input, nodes: &[Node]) -> Option<Output> {
    let rel = input.rel;
    if !owns(rel) {
        return None;
    }
    if !input.opts.models.contains(Model::Compose) {
        return Some(Output::default());
    }
    let name = rel_name(rel);
    let dir = rel_dir(rel);
    let on_disk = |name: &str| input.opts.base.as_ref().map(|b| b.join(join(dir, name))).filter(|p| p.is_file());
    // An override is read with its base, when there is one.
    if OVERRIDE_NAMES.contains(&name) && BASE_NAMES.iter().any(|b| on_disk(b).is_some()) {
        return Some(Output::default());
    }
    let mut loader = Loader {
        base: input.opts.base.as_deref().and_then(|b| Some((b.to_path_buf(), b.canonicalize().ok()?))),
        env: Map::new(),
        max_file_size: input.opts.max_file_size,
        out: Output::default(),
        other_ignores: Default::default(),
    };
    if let Some(path) = on_disk(".env") {
        loader.env = dot_env(&path, &join(dir, ".env"), input.opts.max_file_size, &mut loader.out);
    }
    let Some(mut base) = project_file(rel, nodes, &loader.env, &mut loader.out) else { return Some(loader.out) };
    let mut files = FileMap::new();
    if BASE_NAMES.contains(&name) {
        if let Some(over_name) = OVERRIDE_NAMES.iter().find(|o| on_disk(o).is_some()) {
            if let Some((over_rel, over)) = loader.load(&join(dir, over_name)) {
                // The override's value replaces the base's, variables and all.
                base.interpolated.retain(|p| !over.spans.contains_key(p));
                base.interpolated.extend(over.interpolated.iter().cloned());
                let from = Located { spans: &over.spans, files: &FileMap::new(), file: &over_rel };
                merge_value(&mut base.value, over.value, "", &mut base.spans, &from, &mut files);
            }
        }
    }
    loader.includes(rel, &mut base, &mut files);
    loader.extends(rel, &mut base, &mut files);
    derive(&mut base.value, &mut base.spans, &mut files);
    base.interpolated.sort();
    base.interpolated.dedup();
    if let Json::Object(map) = &mut base.value {
        map.insert("interpolated".to_string(), base.interpolated.into_iter().map(Json::String).collect());
    }
    let project = if dir.is_empty() { ".".to_string() } else { dir.rsplit('/').next().unwrap_or(dir).to_string() };
    let root_ref = format!("Compose/{project}");
    let mut source_map = SourceMap::default();
    source_map.insert_entity_in_files(root_ref.clone(), rel.clone(), base.spans, files);
    let Loader { mut out, other_ignores, .. } = loader;
    out.docs.push(Document {
        model: Model::Compose,
        file: rel.clone(),
        kind: Some("compose".to_string()),
        root_ref,
        input: base.value,
        source_map,
        ignores: input.ignores.clone(),
        other_ignores,
        annotation_ignores: Default::default(),
        context: None,
    });
    Some(out)
}

/// Where the values being merged in were written: their spans, the file of each pointer that is
/// not in `file`, and `file`.
struct Located<'a> {
    spans: &'a SpanMap,
    files: &'a FileMap,
    file: &'a Arc<str>,
}

/// Reads the other files of a project (override, `include:`, `extends: {file}`), each inside
/// the scanned tree only, with the project's `.env`.
struct Loader {
    /// The directory reports are relative to, as given and canonical.
    base: Option<(std::path::PathBuf, std::path::PathBuf)>,
    env: Map<String, Json>,
    max_file_size: u64,
    out: Output,
    other_ignores: std::collections::HashMap<Arc<str>, Arc<InlineIgnores>>,
}

impl Loader {
    /// `path` written in the file at `from` (relative to its directory), as a relative path
    /// inside the scanned tree, or why it is not read.
    fn resolve(&self, from: &str, path: &str) -> Result<String, &'static str> {
        if path.contains('$') {
            return Err("it names a variable, known only when Compose runs");
        }
        if path.starts_with('/') || path.starts_with('~') {
            return Err("it is outside the scanned tree");
        }
        let mut parts: Vec<&str> = rel_dir(from).split('/').filter(|p| !p.is_empty()).collect();
        for part in path.split('/') {
            match part {
                "" | "." => {}
                ".." => {
                    parts.pop().ok_or("it is outside the scanned tree")?;
                }
                p => parts.push(p),
            }
        }
        let rel = parts.join("/");
        let (base, real_base) = self.base.as_ref().ok_or("the scanned tree is not on disk")?;
        let real = base.join(&rel).canonicalize().map_err(|_| "it does not exist")?;
        if !real.starts_with(real_base) {
            return Err("a link leads outside the scanned tree");
        }
        Ok(rel)
    }

    /// The project file at `rel`, read and normalised; its problems are diagnostics.
    fn load(&mut self, rel: &str) -> Option<(Arc<str>, ProjectFile)> {
        let rel: Arc<str> = Arc::from(rel);
        let abs = self.base.as_ref()?.0.join(&*rel);
        let super::Neighbour { ignores, nodes, .. } =
            super::read_neighbour(&abs, &rel, self.max_file_size, &mut self.out)?;
        let file = project_file(&rel, &nodes, &self.env, &mut self.out)?;
        self.other_ignores.insert(rel.clone(), ignores);
        Some((rel, file))
    }

    fn warn(&mut self, file: &Arc<str>, line: Option<u32>, message: String) {
        self.out.diagnostics.push(Diagnostic::warning(file, line, message));
    }

    /// The services (and volumes, networks, secrets, configs) of the files `include:` names,
    /// added to the project; the project's own win, as Compose refuses the conflict.
    fn includes(&mut self, rel: &Arc<str>, project: &mut ProjectFile, files: &mut FileMap) {
        let entries: Vec<(usize, String)> = match project.value.get("include") {
            Some(Json::Array(items)) => items
                .iter()
                .enumerate()
                .flat_map(|(i, item)| {
                    let paths: Vec<String> = match item {
                        Json::String(p) => vec![p.clone()],
                        Json::Object(m) => match m.get("path") {
                            Some(Json::String(p)) => vec![p.clone()],
                            Some(Json::Array(ps)) => ps.iter().filter_map(Json::as_str).map(str::to_string).collect(),
                            _ => Vec::new(),
                        },
                        _ => Vec::new(),
                    };
                    paths.into_iter().map(move |p| (i, p))
                })
                .collect(),
            _ => return,
        };
        for (i, path) in entries {
            let line = project.spans.get(&format!("/include/{i}")).map(|s| s.start);
            let included = match self.resolve(rel, &path) {
                Ok(included) => included,
                Err(why) => {
                    self.warn(rel, line, format!("include `{path}` not read: {why}"));
                    continue;
                }
            };
            let Some((inc_rel, inc)) = self.load(&included) else { continue };
            let from = Located { spans: &inc.spans, files: &FileMap::new(), file: &inc_rel };
            let Json::Object(theirs) = inc.value else { continue };
            for section in ["services", "volumes", "networks", "secrets", "configs"] {
                let Some(Json::Object(items)) = theirs.get(section) else { continue };
                let Json::Object(ours) = &mut project.value else { return };
                let ours = ours.entry(section).or_insert_with(|| Json::Object(Map::new()));
                let Json::Object(ours) = ours else { continue };
                for (name, item) in items {
                    if ours.contains_key(name) {
                        continue;
                    }
                    let mut pointer = format!("/{section}/");
                    escape_pointer_segment(name, &mut pointer);
                    copy_spans(&from, &pointer, &pointer, &mut project.spans, files);
                    ours.insert(name.clone(), item.clone());
                }
            }
            project.interpolated.extend(inc.interpolated.iter().filter(|p| p.starts_with("/services/")).cloned());
        }
    }

    /// Every service's `extends:`, resolved: the service it names (in this project, or in
    /// `file:`) is the base its own settings are merged over, each value located where written.
    fn extends(&mut self, rel: &Arc<str>, project: &mut ProjectFile, files: &mut FileMap) {
        let names: Vec<String> = project
            .value
            .get("services")
            .and_then(Json::as_object)
            .map(|s| s.keys().cloned().collect())
            .unwrap_or_default();
        let mut done = std::collections::BTreeSet::new();
        for name in names {
            self.extend(rel, project, files, &name, &mut done, 0);
        }
    }

    fn extend(
        &mut self,
        rel: &Arc<str>,
        project: &mut ProjectFile,
        files: &mut FileMap,
        name: &str,
        done: &mut std::collections::BTreeSet<String>,
        depth: usize,
    ) {
        if !done.insert(name.to_string()) {
            return;
        }
        let mut pointer = String::from("/services/");
        escape_pointer_segment(name, &mut pointer);
        let line = project.spans.get(&format!("{pointer}/extends")).map(|s| s.start);
        let (parent, other_file) = match project.value["services"][name].get("extends") {
            Some(Json::String(parent)) => (parent.clone(), None),
            Some(Json::Object(m)) => match m.get("service").and_then(Json::as_str) {
                Some(parent) => (parent.to_string(), m.get("file").and_then(Json::as_str).map(str::to_string)),
                None => return,
            },
            _ => return,
        };
        if depth > 16 {
            self.warn(
                rel,
                line,
                format!("`extends` of service `{name}` not followed: a chain of more than 16 services"),
            );
            return;
        }
        // The base service, and where each of its values was written.
        let (base_value, base_spans, base_files): (Json, SpanMap, FileMap) = match other_file {
            None => {
                if project.value["services"].get(&parent).is_none() || parent == name {
                    self.warn(
                        rel,
                        line,
                        format!("`extends` of service `{name}`: no service `{parent}` in the project"),
                    );
                    return;
                }
                self.extend(rel, project, files, &parent, done, depth + 1);
                let mut from = String::from("/services/");
                escape_pointer_segment(&parent, &mut from);
                let (spans, parent_files) = relocate(&project.spans, files, &from, &pointer);
                (project.value["services"][&parent].clone(), spans, parent_files)
            }
            Some(file) => {
                let other = match self.resolve(rel, &file) {
                    Ok(other) => other,
                    Err(why) => {
                        self.warn(rel, line, format!("`extends` file `{file}` not read: {why}"));
                        return;
                    }
                };
                let Some((other_rel, other)) = self.load(&other) else { return };
                let Some(value) = other.value.get("services").and_then(|s| s.get(&parent)).cloned() else {
                    self.warn(
                        rel,
                        line,
                        format!("`extends` of service `{name}`: no service `{parent}` in {other_rel}"),
                    );
                    return;
                };
                let mut from = String::from("/services/");
                escape_pointer_segment(&parent, &mut from);
                let (spans, _) = relocate(&other.spans, &FileMap::new(), &from, &pointer);
                let other_files = spans.keys().map(|k| (k.clone(), other_rel.clone())).collect();
                (value, spans, other_files)
            }
        };
        // The service's own values, set aside with their lines, then merged over the base.
        let own = project.value["services"][name].take();
        let own_root = project.spans.get(&pointer).copied();
        let (own_spans, own_files) = relocate(&project.spans, files, &pointer, &pointer);
        project.spans.retain(|k, _| !(k == &pointer || k.starts_with(&format!("{pointer}/"))));
        files.retain(|k, _| !(k == &pointer || k.starts_with(&format!("{pointer}/"))));
        project.spans.extend(base_spans);
        files.extend(base_files);
        let mut merged = base_value;
        if let Json::Object(m) = &mut merged {
            // What the base extends is already in it.
            m.remove("extends");
        }
        let from = Located { spans: &own_spans, files: &own_files, file: rel };
        merge_value(&mut merged, own, &pointer, &mut project.spans, &from, files);
        if let Some(span) = own_root {
            project.spans.insert(pointer.clone(), span);
            files.remove(&pointer);
        }
        project.value["services"][name] = merged;
    }
}

/// The spans (and files) of `from` and below, moved to `to`.
fn relocate(spans: &SpanMap, files: &FileMap, from: &str, to: &str) -> (SpanMap, FileMap) {
    let below = format!("{from}/");
    let mut moved_spans = SpanMap::default();
    let mut moved_files = FileMap::new();
    for (key, span) in spans {
        let rest = if key == from {
            ""
        } else if key.starts_with(&below) {
            &key[from.len()..]
        } else {
            continue;
        };
        let moved = format!("{to}{rest}");
        if let Some(file) = files.get(key) {
            moved_files.insert(moved.clone(), file.clone());
        }
        moved_spans.insert(moved, *span);
    }
    (moved_spans, moved_files)
}

/// One Compose file, interpolated and normalised, with its spans.
struct ProjectFile {
    value: Json,
    spans: SpanMap,
    /// The pointers of the values that named a variable, as written.
    interpolated: Vec<String>,
}

fn project_file(rel: &Arc<str>, nodes: &[Node], env: &Map<String, Json>, out: &mut Output) -> Option<ProjectFile> {
    let node = nodes.first()?;
    if !matches!(node.value, Value::Map(_)) {
        out.diagnostics.push(
            Diagnostic::error(rel, Some(node.line), "not a Compose file: expected a mapping with `services`")
                .unscanned(),
        );
        return None;
    }
    let mut spans = SpanMap::default();
    let mut value = yaml::to_json_with(node, &mut String::new(), &mut spans, false);
    if let Some(Json::Object(services)) = value.get_mut("services") {
        for (name, service) in services.iter_mut() {
            let mut pointer = String::from("/services/");
            escape_pointer_segment(name, &mut pointer);
            for key in ["environment", "labels"] {
                as_mapping(service, key, &format!("{pointer}/{key}"), &mut spans);
            }
        }
    }
    let mut interpolated = Vec::new();
    interpolate(&mut value, env, &mut String::new(), &mut interpolated);
    Some(ProjectFile { value, spans, interpolated })
}

/// `["A=b", "C"]` → `{"A": "b", "C": null}`, each entry keeping its item's line.
fn as_mapping(service: &mut Json, key: &str, pointer: &str, spans: &mut SpanMap) {
    let Some(Json::Array(items)) = service.get(key) else { return };
    let mut map = Map::new();
    for (i, item) in items.iter().enumerate() {
        let Some(text) = item.as_str() else { continue };
        let (name, value) = match text.split_once('=') {
            Some((n, v)) => (n.to_string(), Json::String(v.to_string())),
            None => (text.to_string(), Json::Null),
        };
        let mut to = format!("{pointer}/");
        escape_pointer_segment(&name, &mut to);
        if let Some(span) = spans.get(&format!("{pointer}/{i}")).copied() {
            spans.insert(to, span);
        }
        map.insert(name, value);
    }
    service[key] = Json::Object(map);
}

/// `KEY=VALUE` lines of a `.env` file (comments, `export`, quotes).
fn dot_env(path: &Path, rel: &str, max_size: u64, out: &mut Output) -> Map<String, Json> {
    let mut env = Map::new();
    let text = match read_text(path, rel, max_size) {
        Ok(text) => text,
        Err(d) => {
            out.diagnostics.push(*d);
            return env;
        }
    };
    for line in text.lines() {
        let line = line.trim();
        if line.is_empty() || line.starts_with('#') {
            continue;
        }
        let line = line.strip_prefix("export ").unwrap_or(line);
        let Some((key, value)) = line.split_once('=') else { continue };
        let value = value.trim();
        let value = match (value.chars().next(), value.chars().last()) {
            (Some(q @ ('"' | '\'')), Some(e)) if q == e && value.len() >= 2 => &value[1..value.len() - 1],
            _ => value.split(" #").next().unwrap_or(value).trim_end(),
        };
        env.insert(key.trim().to_string(), Json::String(value.to_string()));
    }
    env
}

/// Interpolate every string below `value` (at `pointer`), collecting the pointers of the
/// strings that named a variable.
fn interpolate(value: &mut Json, env: &Map<String, Json>, pointer: &mut String, named: &mut Vec<String>) {
    match value {
        Json::String(s) if s.contains('$') => {
            let text = substitute(s, env);
            // `$$` alone is an escape, not a variable.
            if s.replace("$$", "").contains('$') {
                named.push(pointer.clone());
            }
            *s = text;
        }
        Json::Array(items) => {
            for (i, v) in items.iter_mut().enumerate() {
                let len = pointer.len();
                pointer.push_str(&format!("/{i}"));
                interpolate(v, env, pointer, named);
                pointer.truncate(len);
            }
        }
        Json::Object(map) => {
            for (k, v) in map.iter_mut() {
                let len = pointer.len();
                pointer.push('/');
                escape_pointer_segment(k, pointer);
                interpolate(v, env, pointer, named);
                pointer.truncate(len);
            }
        }
        _ => {}
    }
}

/// Compose's interpolation of one string; what `env` cannot resolve stays as written.
fn substitute(s: &str, env: &Map<String, Json>) -> String {
    let get = |name: &str| env.get(name).and_then(Json::as_str);
    let mut out = String::with_capacity(s.len());
    let mut rest = s;
    while let Some(at) = rest.find('$') {
        out.push_str(&rest[..at]);
        let after = &rest[at + 1..];
        if let Some(tail) = after.strip_prefix('$') {
            out.push('$');
            rest = tail;
        } else if let Some(body) = after.strip_prefix('{') {
            let Some(end) = body.find('}') else {
                out.push_str(&rest[at..]);
                return out;
            };
            let inner = &body[..end];
            let name_end = inner.find(|c: char| !(c.is_ascii_alphanumeric() || c == '_')).unwrap_or(inner.len());
            let (name, op) = inner.split_at(name_end);
            let value = get(name);
            let resolved = match op {
                "" => value.map(str::to_string),
                _ if op.starts_with(":-") => Some(value.filter(|v| !v.is_empty()).unwrap_or(&op[2..]).to_string()),
                _ if op.starts_with('-') => Some(value.unwrap_or(&op[1..]).to_string()),
                _ if op.starts_with(":+") => {
                    Some(if value.is_some_and(|v| !v.is_empty()) { op[2..].to_string() } else { String::new() })
                }
                _ if op.starts_with('+') => Some(if value.is_some() { op[1..].to_string() } else { String::new() }),
                // `:?` and `?` fail when unset: known only to whoever runs Compose.
                _ => value.map(str::to_string),
            };
            match resolved {
                Some(v) => out.push_str(&v),
                None => out.push_str(&rest[at..at + 2 + end + 1]),
            }
            rest = &body[end + 1..];
        } else {
            let end = after.find(|c: char| !(c.is_ascii_alphanumeric() || c == '_')).unwrap_or(after.len());
            let name = &after[..end];
            match get(name).filter(|_| !name.is_empty()) {
                Some(v) => out.push_str(v),
                None => out.push_str(&rest[at..at + 1 + end]),
            }
            rest = &after[end..];
        }
    }
    out.push_str(rest);
    out
}

/// Merge `over` (written where `from` says) into `base` at `pointer`.
fn merge_value(base: &mut Json, over: Json, pointer: &str, spans: &mut SpanMap, from: &Located, files: &mut FileMap) {
    let key = pointer.rsplit('/').next().unwrap_or_default();
    match (base, over) {
        (Json::Object(b), Json::Object(o)) => {
            for (k, v) in o {
                let mut child = pointer.to_string();
                child.push('/');
                escape_pointer_segment(&k, &mut child);
                match b.get_mut(&k) {
                    Some(existing) => merge_value(existing, v, &child, spans, from, files),
                    None => {
                        copy_spans(from, &child, &child, spans, files);
                        b.insert(k, v);
                    }
                }
            }
        }
        (Json::Array(b), Json::Array(o)) if !matches!(key, "command" | "entrypoint" | "test") => {
            for (j, item) in o.into_iter().enumerate() {
                let at = format!("{pointer}/{j}");
                // A volume replaces the one mounted at the same target; other items are added once.
                let same = b.iter().position(|x| {
                    *x == item || (key == "volumes" && target(x).is_some() && target(x) == target(&item))
                });
                let index = match same {
                    Some(i) => {
                        b[i] = item;
                        i
                    }
                    None => {
                        b.push(item);
                        b.len() - 1
                    }
                };
                copy_spans(from, &at, &format!("{pointer}/{index}"), spans, files);
            }
        }
        (slot, over) => {
            *slot = over;
            copy_spans(from, pointer, pointer, spans, files);
        }
    }
}

/// The container path a `volumes` entry mounts at.
fn target(volume: &Json) -> Option<String> {
    match volume {
        Json::String(s) => Some(parse_volume(s)["target"].as_str()?.to_string()),
        Json::Object(m) => m.get("target").and_then(Json::as_str).map(str::to_string),
        _ => None,
    }
}

/// Every span of `from` (and below it) where `source` was written, moved to `to`, with its file.
fn copy_spans(source: &Located, from: &str, to: &str, spans: &mut SpanMap, files: &mut FileMap) {
    let (moved, moved_files) = relocate(source.spans, source.files, from, to);
    for (key, span) in moved {
        let file = moved_files.get(&key).unwrap_or(source.file).clone();
        files.insert(key.clone(), file);
        spans.insert(key, span);
    }
}

/// `port_bindings` and `mounts` beside each service's `ports` and `volumes`.
fn derive(value: &mut Json, spans: &mut SpanMap, files: &mut FileMap) {
    let Some(Json::Object(services)) = value.get_mut("services") else { return };
    for (name, service) in services.iter_mut() {
        let Json::Object(service) = service else { continue };
        let mut pointer = String::from("/services/");
        escape_pointer_segment(name, &mut pointer);
        for (from, to, parse) in
            [("ports", "port_bindings", parse_port as fn(&Json) -> Json), ("volumes", "mounts", mount)]
        {
            let Some(Json::Array(items)) = service.get(from) else { continue };
            let derived: Vec<Json> = items.iter().map(parse).collect();
            for i in 0..derived.len() {
                let (f, t) = (format!("{pointer}/{from}/{i}"), format!("{pointer}/{to}/{i}"));
                if let Some(span) = spans.get(&f).copied() {
                    spans.insert(t.clone(), span);
                }
                if let Some(file) = files.get(&f).cloned() {
                    files.insert(t, file);
                }
            }
            service.insert(to.to_string(), Json::Array(derived));
        }
    }
}

/// A `ports` entry: `"80"`, `"8080:80"`, `"127.0.0.1:8080:80/udp"`, `"[::1]::80"`, or the long
/// syntax.
pub fn parse_port(entry: &Json) -> Json {
    let text = match entry {
        Json::Number(n) => n.to_string(),
        Json::String(s) => s.clone(),
        Json::Object(m) => {
            let field = |k: &str| match m.get(k) {
                Some(Json::String(s)) => Json::String(s.clone()),
                Some(Json::Number(n)) => Json::String(n.to_string()),
                _ => Json::Null,
            };
            let host_ip = m.get("host_ip").and_then(Json::as_str).unwrap_or_default();
            return json!({
                "host_ip": host_ip,
                "published": field("published"),
                "target": field("target"),
                "protocol": m.get("protocol").and_then(Json::as_str).unwrap_or("tcp"),
            });
        }
        _ => return json!({"host_ip": "", "published": null, "target": null, "protocol": "tcp"}),
    };
    let (rest, protocol) = text.rsplit_once('/').unwrap_or((&text, "tcp"));
    // An IPv6 address is in brackets; the other parts are split at `:`.
    let (host_ip, rest) = match rest.strip_prefix('[').and_then(|r| r.split_once("]:")) {
        Some((ip, rest)) => (ip.to_string(), rest.to_string()),
        None => (String::new(), rest.to_string()),
    };
    let parts: Vec<&str> = rest.split(':').collect();
    let (host_ip, published, target) = match parts.as_slice() {
        [target] => (host_ip, None, *target),
        [published, target] if host_ip.is_empty() => (String::new(), Some(*published), *target),
        [published, target] => (host_ip, Some(*published), *target),
        [ip, published, target] => (ip.to_string(), Some(*published), *target),
        _ => (host_ip, None, rest.as_str()),
    };
    json!({
        "host_ip": host_ip,
        "published": published.filter(|p| !p.is_empty()),
        "target": target,
        "protocol": protocol,
    })
}

fn mount(entry: &Json) -> Json {
    match entry {
        Json::String(s) => parse_volume(s),
        Json::Object(m) => json!({
            "type": m.get("type").and_then(Json::as_str).unwrap_or("volume"),
            "source": m.get("source").cloned().unwrap_or(Json::Null),
            "target": m.get("target").cloned().unwrap_or(Json::Null),
            "read_only": m.get("read_only").and_then(Json::as_bool).unwrap_or(false),
        }),
        _ => json!({"type": "volume", "source": null, "target": null, "read_only": false}),
    }
}

/// `SOURCE:TARGET[:MODE]` or `TARGET`; a source that is a path is a bind mount.
fn parse_volume(s: &str) -> Json {
    let parts: Vec<&str> = s.split(':').collect();
    let (source, target, mode) = match parts.as_slice() {
        [target] => (None, *target, ""),
        [source, target] => (Some(*source), *target, ""),
        [source, target, mode, ..] => (Some(*source), *target, *mode),
        [] => (None, "", ""),
    };
    let bind = source.is_some_and(|s| s.starts_with(['/', '.', '~', '$']));
    let kind = match source {
        None => "volume",
        Some(_) if bind => "bind",
        Some(_) => "volume",
    };
    json!({
        "type": kind,
        "source": source,
        "target": target,
        "read_only": mode.split(',').any(|m| m == "ro"),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn env(pairs: &[(&str, &str)]) -> Map<String, Json> {
        pairs.iter().map(|(k, v)| (k.to_string(), json!(v))).collect()
    }

    #[test]
    fn interpolation_follows_compose() {
        let e = env(&[("TAG", "1.2"), ("EMPTY", "")]);
        assert_eq!(substitute("app:${TAG}", &e), "app:1.2");
        assert_eq!(substitute("app:$TAG-x", &e), "app:1.2-x");
        assert_eq!(substitute("${EMPTY:-d} ${EMPTY-d} ${NONE-d}", &e), "d  d");
        assert_eq!(substitute("${TAG:+set}${NONE:+x}", &e), "set");
        assert_eq!(substitute("$$HOME ${NONE} ${NONE:?why} $NONE", &e), "$HOME ${NONE} ${NONE:?why} $NONE");
        assert_eq!(substitute("${BROKEN", &e), "${BROKEN");
    }

    #[test]
    fn ports_and_volumes_are_parsed() {
        let p = |s: &str| parse_port(&json!(s));
        assert_eq!(p("80"), json!({"host_ip": "", "published": null, "target": "80", "protocol": "tcp"}));
        assert_eq!(p("5432:5432")["published"], "5432");
        assert_eq!(
            p("127.0.0.1:8080:80/udp"),
            json!({"host_ip": "127.0.0.1", "published": "8080", "target": "80", "protocol": "udp"})
        );
        assert_eq!(p("[::1]:6379:6379")["host_ip"], "::1");
        assert_eq!(p("127.0.0.1::80")["published"], Json::Null);
        assert_eq!(parse_port(&json!(3000))["target"], "3000");
        assert_eq!(parse_port(&json!({"target": 80, "published": "8080", "host_ip": "0.0.0.0"}))["published"], "8080");
        assert_eq!(parse_volume("/var/run/docker.sock:/var/run/docker.sock:ro")["read_only"], true);
        assert_eq!(parse_volume("./data:/data")["type"], "bind");
        assert_eq!(parse_volume("db-data:/var/lib/postgresql/data")["type"], "volume");
        assert_eq!(parse_volume("/cache")["source"], Json::Null);
    }

    #[test]
    fn a_project_is_merged_with_its_override_and_located_in_both() {
        let dir = tempfile::tempdir().unwrap();
        let root = dir.path();
        std::fs::write(
            root.join("compose.yaml"),
            "services:\n  web:\n    image: nginx:${TAG:-1.27}\n    ports: [\"8080:80\"]\n    environment:\n      - MODE=prod\n    volumes:\n      - ./site:/usr/share/nginx/html:ro\n    command: [nginx, -g, daemon off;]\n",
        )
        .unwrap();
        std::fs::write(
            root.join("compose.override.yaml"),
            "services:\n  web:\n    privileged: true\n    environment:\n      MODE: dev\n    volumes:\n      - ./dev-site:/usr/share/nginx/html\n    command: [nginx-debug]\n  db:\n    image: postgres\n    ports:\n      - 5432:5432\n",
        )
        .unwrap();
        std::fs::write(root.join(".env"), "# versions\nTAG=\"1.27.3\"\n").unwrap();
        let opts = super::super::Options { base: Some(root.to_path_buf()), ..Default::default() };
        let rel: Arc<str> = Arc::from("compose.yaml");
        let out = super::super::collect_file(&root.join("compose.yaml"), &rel, FileKind::Yaml, &opts);
        assert!(out.diagnostics.is_empty(), "{:?}", out.diagnostics);
        assert_eq!(out.docs.len(), 1);
        let doc = &out.docs[0];
        assert_eq!(doc.root_ref, "Compose/.");
        let web = &doc.input["services"]["web"];
        assert_eq!(web["image"], "nginx:1.27.3");
        assert_eq!(doc.input["interpolated"], json!(["/services/web/image"]));
        assert_eq!(web["environment"], json!({"MODE": "dev"}));
        assert_eq!(web["command"], json!(["nginx-debug"]));
        assert_eq!(web["volumes"], json!(["./dev-site:/usr/share/nginx/html"]));
        assert_eq!(web["mounts"][0]["read_only"], false);
        assert_eq!(doc.input["services"]["db"]["port_bindings"][0]["published"], "5432");
        let at = |path: &[Json]| {
            let l = doc.source_map.locate(&doc.root_ref, path).unwrap();
            (l.file.to_string(), l.span.start)
        };
        let s = |x: &str| json!(x);
        assert_eq!(at(&[s("services"), s("web"), s("privileged")]), ("compose.override.yaml".to_string(), 3));
        assert_eq!(at(&[s("services"), s("web"), s("image")]), ("compose.yaml".to_string(), 3));
        assert_eq!(
            at(&[s("services"), s("web"), s("environment"), s("MODE")]),
            ("compose.override.yaml".to_string(), 5)
        );
        assert_eq!(at(&[s("services"), s("web"), s("mounts"), json!(0)]), ("compose.override.yaml".to_string(), 7));
        assert_eq!(at(&[s("services"), s("web"), s("port_bindings"), json!(0)]), ("compose.yaml".to_string(), 4));
        assert_eq!(
            at(&[s("services"), s("db"), s("port_bindings"), json!(0)]),
            ("compose.override.yaml".to_string(), 12)
        );
        // The override alone is not a second project.
        let rel: Arc<str> = Arc::from("compose.override.yaml");
        assert!(super::super::collect_file(&root.join("compose.override.yaml"), &rel, FileKind::Yaml, &opts)
            .docs
            .is_empty());
    }

    #[test]
    fn includes_and_extends_are_resolved_inside_the_tree_and_located() {
        let dir = tempfile::tempdir().unwrap();
        let root = dir.path();
        std::fs::create_dir_all(root.join("app/shared")).unwrap();
        std::fs::create_dir_all(root.join("app/common")).unwrap();
        std::fs::write(
            root.join("app/compose.yaml"),
            "include:\n  - ../../outside.yaml\n  - shared/db.yaml\nservices:\n  web:\n    extends:\n      file: common/base.yaml\n      service: app\n    image: web:1\n  worker:\n    extends: web\n    command: [work]\n  lost:\n    extends: nothing\n",
        )
        .unwrap();
        std::fs::write(
            root.join("app/shared/db.yaml"),
            "services:\n  db:\n    image: postgres\n    privileged: true\n",
        )
        .unwrap();
        std::fs::write(
            root.join("app/common/base.yaml"),
            "services:\n  app:\n    image: base:1\n    cap_add: [SYS_ADMIN]\n    read_only: true\n",
        )
        .unwrap();
        let opts = super::super::Options { base: Some(root.to_path_buf()), ..Default::default() };
        let rel: Arc<str> = Arc::from("app/compose.yaml");
        let out = super::super::collect_file(&root.join("app/compose.yaml"), &rel, FileKind::Yaml, &opts);
        let messages: Vec<(Option<u32>, &str)> = out.diagnostics.iter().map(|d| (d.line, d.message.as_str())).collect();
        assert_eq!(
            messages,
            vec![
                (Some(2), "include `../../outside.yaml` not read: it is outside the scanned tree"),
                (Some(14), "`extends` of service `lost`: no service `nothing` in the project"),
            ]
        );
        let doc = &out.docs[0];
        let services = &doc.input["services"];
        assert_eq!(services["web"]["image"], "web:1");
        assert_eq!(services["web"]["cap_add"], json!(["SYS_ADMIN"]));
        assert_eq!(services["worker"]["image"], "web:1");
        assert_eq!(services["worker"]["read_only"], true);
        assert_eq!(services["worker"]["command"], json!(["work"]));
        assert_eq!(services["db"]["privileged"], true);
        let at = |path: &[&str]| {
            let path: Vec<Json> = path.iter().map(|p| json!(p)).collect();
            let l = doc.source_map.locate(&doc.root_ref, &path).unwrap();
            (l.file.to_string(), l.span.start)
        };
        assert_eq!(at(&["services", "web", "cap_add"]), ("app/common/base.yaml".to_string(), 4));
        assert_eq!(at(&["services", "web", "image"]), ("app/compose.yaml".to_string(), 9));
        assert_eq!(at(&["services", "worker"]), ("app/compose.yaml".to_string(), 10));
        assert_eq!(at(&["services", "worker", "image"]), ("app/compose.yaml".to_string(), 9));
        assert_eq!(at(&["services", "worker", "read_only"]), ("app/common/base.yaml".to_string(), 5));
        assert_eq!(at(&["services", "worker", "command"]), ("app/compose.yaml".to_string(), 12));
        assert_eq!(at(&["services", "db", "privileged"]), ("app/shared/db.yaml".to_string(), 4));
    }

    #[test]
    fn lists_become_mappings_and_broken_files_are_located() {
        let opts = super::super::Options::default();
        let out = super::super::collect_text(
            &Arc::from("docker-compose.prod.yml"),
            FileKind::Yaml,
            "services:\n  a:\n    labels: [\"x=1\", y]\n",
            &opts,
        );
        assert_eq!(out.docs[0].input["services"]["a"]["labels"], json!({"x": "1", "y": null}));
        let out = super::super::collect_text(&Arc::from("compose.yaml"), FileKind::Yaml, "- a\n", &opts);
        assert!(out.docs.is_empty());
        assert!(out.diagnostics[0].message.contains("expected a mapping with `services`"));
        assert!(super::super::collect_text(&Arc::from("composer.yaml"), FileKind::Yaml, "services: {}\n", &opts)
            .docs
            .iter()
            .all(|d| d.model != Model::Compose));
    }
}
