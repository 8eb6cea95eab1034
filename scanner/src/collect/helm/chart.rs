//! A Helm chart as Helm loads it: `Chart.yaml`, `values.yaml`, the templates, the other files
//! (`.Files`) and the subcharts in `charts/`, with each subchart's values coalesced from its
//! parent's as Helm does (parent keys win, `global` flows down, `null` deletes) and subcharts
//! whose `condition`/`tags` are false left out.
//!
//! Everything is read into memory with the scan's limits (file size, file count, no symbolic
//! links, nothing outside the chart): a chart is input from a pull request, like any file.

use std::collections::BTreeMap;
use std::io::Read as _;
use std::path::{Path, PathBuf};
use std::rc::Rc;
use std::sync::Arc;

use super::value::{Map, Value};
use crate::collect::{read_text, Output};
use crate::diagnostic::Diagnostic;
use crate::paths::display_path;
use crate::yaml;

/// How many files one chart (with its subcharts) may hold, how deep subcharts nest, and how
/// many bytes a packaged subchart may unpack to.
const MAX_FILES: usize = 5_000;
const MAX_DEPTH: usize = 10;
const MAX_ARCHIVE_BYTES: u64 = 64 * 1024 * 1024;

/// The files of a build, by id: what segments and diagnostics name.
#[derive(Default)]
pub struct Files {
    pub names: Vec<Arc<str>>,
    pub texts: Vec<Arc<str>>,
}

impl Files {
    pub fn add(&mut self, name: Arc<str>, text: Arc<str>) -> u32 {
        self.names.push(name);
        self.texts.push(text);
        (self.names.len() - 1) as u32
    }
}

pub struct Template {
    /// `templates/…` inside its chart.
    pub path: String,
    pub file: u32,
}

pub struct Chart {
    pub name: String,
    /// `parent/charts/name`, as Helm names the chart's templates.
    pub full_name: String,
    pub metadata: Value,
    /// Its values after coalescing with the parent's.
    pub values: Value,
    /// The values files, most important first, by file id, with their nodes.
    pub values_files: Vec<(u32, Rc<yaml::Node>)>,
    pub templates: Vec<Template>,
    pub files: BTreeMap<String, Rc<str>>,
    pub subcharts: Vec<Chart>,
}

/// One file of a chart tree: its path inside the tree (`charts/db/values.yaml`), how it is
/// reported, and its content.
struct Entry {
    path: String,
    rel: Arc<str>,
    content: Content,
}

enum Content {
    Text(Arc<str>),
    /// A packaged subchart, read when its parent enables it.
    Archive(Vec<u8>),
    /// Not text (an image in `files/`): not readable by `.Files.Get` here.
    Unreadable,
}

pub struct Loader<'a> {
    pub base: &'a Path,
    pub max_file_size: u64,
    pub files: Files,
    pub out: Output,
    read: usize,
}

impl<'a> Loader<'a> {
    pub fn new(base: &'a Path, max_file_size: u64) -> Self {
        Loader { base, max_file_size, files: Files::default(), out: Output::default(), read: 0 }
    }

    fn warn(&mut self, rel: &Arc<str>, line: Option<u32>, message: String) {
        self.out.diagnostics.push(Diagnostic::warning(rel, line, message));
    }

    /// Count a file against the chart's limit; false once it is reached.
    fn admit(&mut self, rel: &Arc<str>) -> bool {
        self.read += 1;
        if self.read == MAX_FILES + 1 {
            self.warn(rel, None, format!("chart has more than {MAX_FILES} files: the rest are not read"));
        }
        self.read <= MAX_FILES
    }

    /// Load the chart in `dir`.
    pub fn load(&mut self, dir: &Path) -> Option<Chart> {
        let mut entries = Vec::new();
        self.walk(dir, dir, &mut entries);
        self.chart(&entries, "", None, 0)
    }

    /// Every regular file under `dir` (symbolic links are not followed), text read with the
    /// scan's limits; a file that cannot be read is only a diagnostic when it is a template or
    /// the chart's metadata or values (`.Files` may hold anything).
    fn walk(&mut self, root: &Path, dir: &Path, entries: &mut Vec<Entry>) {
        let Ok(list) = std::fs::read_dir(dir) else { return };
        let mut paths: Vec<PathBuf> = list.filter_map(|e| e.ok().map(|e| e.path())).collect();
        paths.sort();
        for abs in paths {
            let Ok(meta) = std::fs::symlink_metadata(&abs) else { continue };
            let Ok(inside) = abs.strip_prefix(root) else { continue };
            let path = inside.components().map(|c| c.as_os_str().to_string_lossy()).collect::<Vec<_>>().join("/");
            if meta.is_dir() {
                if path != ".git" {
                    self.walk(root, &abs, entries);
                }
                continue;
            }
            if !meta.is_file() {
                continue;
            }
            let rel: Arc<str> = Arc::from(display_path(&abs, self.base, self.base));
            if !self.admit(&rel) {
                return;
            }
            let archive = path.ends_with(".tgz") && is_in_charts(&path);
            let content = if archive {
                if meta.len() > self.max_file_size {
                    self.warn(
                        &rel,
                        None,
                        format!(
                            "skipped: {} bytes is over the {}-byte limit (raise it with --max-file-size)",
                            meta.len(),
                            self.max_file_size
                        ),
                    );
                    continue;
                }
                match std::fs::read(&abs) {
                    Ok(bytes) => Content::Archive(bytes),
                    Err(e) => {
                        self.warn(&rel, None, format!("cannot read: {e}"));
                        continue;
                    }
                }
            } else {
                let needed = is_needed(&path);
                match read_text(&abs, &rel, self.max_file_size) {
                    Ok(text) => Content::Text(Arc::from(text)),
                    Err(d) if needed => {
                        self.out.diagnostics.push(*d);
                        continue;
                    }
                    Err(_) => Content::Unreadable,
                }
            };
            entries.push(Entry { path, rel, content });
        }
    }

    /// The chart whose files are the entries under `prefix` (`""` or `charts/db/`), a
    /// subchart when `parent` (its name and the values it gives) is set.
    fn chart(
        &mut self,
        entries: &[Entry],
        prefix: &str,
        parent: Option<(&str, &Value)>,
        depth: usize,
    ) -> Option<Chart> {
        let find = |name: &str| entries.iter().find(|e| e.path.strip_prefix(prefix) == Some(name));
        let chart_yaml = find("Chart.yaml")?;
        let (_, meta_node) = self.yaml(chart_yaml)?;
        let meta = Value::from_yaml(&meta_node);
        let name = meta.as_map().and_then(|m| m.get("name")).and_then(Value::as_str).map(str::to_string);
        let dir_name = prefix.trim_end_matches('/').rsplit('/').next().unwrap_or_default().to_string();
        let name = name.unwrap_or(dir_name);
        let full_name = match parent {
            Some((p, _)) => format!("{p}/charts/{name}"),
            None => name.clone(),
        };
        let mut values_files = Vec::new();
        let defaults = match find("values.yaml").and_then(|e| self.yaml(e)) {
            Some((id, node)) => {
                let v = Value::from_yaml(&node);
                values_files.push((id, node));
                v
            }
            None => Value::from(Map::new()),
        };
        let values = match parent {
            Some((_, given)) => coalesce(given, &defaults),
            None => defaults,
        };
        let mut chart = Chart {
            name,
            full_name,
            metadata: metadata(&meta),
            values,
            values_files,
            templates: Vec::new(),
            files: BTreeMap::new(),
            subcharts: Vec::new(),
        };
        for e in entries {
            let Some(inside) = e.path.strip_prefix(prefix) else { continue };
            let Content::Text(text) = &e.content else { continue };
            if inside.starts_with("templates/") {
                let file = self.files.add(e.rel.clone(), text.clone());
                chart.templates.push(Template { path: inside.to_string(), file });
            } else if !inside.starts_with("charts/") && !METADATA_FILES.contains(&inside) {
                chart.files.insert(inside.to_string(), Rc::from(&**text));
            }
        }
        if depth < MAX_DEPTH {
            let present = self.subcharts(entries, prefix, &meta, &mut chart, depth);
            self.missing_dependencies(&chart_yaml.rel, &meta_node, &chart.values, &present);
        }
        Some(chart)
    }

    fn yaml(&mut self, entry: &Entry) -> Option<(u32, Rc<yaml::Node>)> {
        let Content::Text(text) = &entry.content else { return None };
        match yaml::parse(text) {
            Ok(mut nodes) => {
                let id = self.files.add(entry.rel.clone(), text.clone());
                let node = if nodes.is_empty() {
                    yaml::Node {
                        line: 1,
                        end_line: 1,
                        tag: None,
                        value: yaml::Value::Map(Vec::new()),
                        yaml11_bool: None,
                    }
                } else {
                    nodes.swap_remove(0)
                };
                Some((id, Rc::new(node)))
            }
            Err(e) => {
                self.out.diagnostics.push(
                    Diagnostic::error(
                        &entry.rel,
                        Some(e.line),
                        format!("invalid YAML at column {}: {}", e.col, e.message),
                    )
                    .unscanned(),
                );
                None
            }
        }
    }

    /// A dependency `Chart.yaml` declares, that its values enable, and that is not in
    /// `charts/` (`helm dependency build` was not run): the templates that use it cannot be
    /// rendered, and the warning says why at the dependency's line.
    fn missing_dependencies(&mut self, rel: &Arc<str>, meta: &yaml::Node, values: &Value, present: &[String]) {
        let Some(yaml::Value::Seq(deps)) = meta.get("dependencies").map(|n| &n.value) else { return };
        for dep in deps {
            let Some(name) = dep.get("name").and_then(yaml::Node::as_str) else { continue };
            let enabled_here = Value::from_yaml(dep).as_map().is_none_or(|d| enabled(d, values));
            if !enabled_here || present.iter().any(|p| p == name) {
                continue;
            }
            let from =
                dep.get("repository").and_then(yaml::Node::as_str).map(|r| format!(" from {r}")).unwrap_or_default();
            self.warn(
                rel,
                Some(dep.line),
                format!("dependency {name}{from} is not in charts/: the templates that use it cannot be rendered (run `helm dependency build`, then scan)"),
            );
        }
    }

    /// The subcharts in `charts/` (directories and `.tgz` archives) that the chart's
    /// dependencies (`condition`, `tags`) enable, each alias an instance of its own. Returns
    /// the names of the subcharts present, enabled or not.
    fn subcharts(
        &mut self,
        entries: &[Entry],
        prefix: &str,
        meta: &Value,
        chart: &mut Chart,
        depth: usize,
    ) -> Vec<String> {
        let charts = format!("{prefix}charts/");
        let dependencies: Vec<&Map> = meta
            .as_map()
            .and_then(|m| m.get("dependencies"))
            .and_then(Value::as_list)
            .unwrap_or_default()
            .iter()
            .filter_map(Value::as_map)
            .collect();
        // (prefix of the subchart inside its tree, the tree's entries when unpacked)
        let mut found: Vec<(String, Option<Vec<Entry>>)> = Vec::new();
        for e in entries {
            let Some(inside) = e.path.strip_prefix(&charts) else { continue };
            match (&e.content, inside.split_once('/')) {
                (Content::Text(_), Some((dir, "Chart.yaml"))) => found.push((format!("{charts}{dir}/"), None)),
                (Content::Archive(bytes), None) => {
                    if let Some((top, unpacked)) = self.unpack(bytes, &e.rel) {
                        found.push((top, Some(unpacked)));
                    }
                }
                _ => {}
            }
        }
        let mut present = Vec::new();
        for (sub_prefix, unpacked) in found {
            let tree = unpacked.as_deref().unwrap_or(entries);
            let sub_name = tree
                .iter()
                .find(|e| e.path.strip_prefix(sub_prefix.as_str()) == Some("Chart.yaml"))
                .and_then(|e| match &e.content {
                    Content::Text(t) => read_name(t),
                    _ => None,
                })
                .unwrap_or_else(|| sub_prefix.trim_end_matches('/').rsplit('/').next().unwrap_or_default().to_string());
            present.push(sub_name.clone());
            let deps: Vec<&&Map> =
                dependencies.iter().filter(|d| d.get("name").and_then(Value::as_str) == Some(&sub_name)).collect();
            let instances: Vec<(String, Option<&Map>)> = if deps.is_empty() {
                vec![(sub_name.clone(), None)]
            } else {
                deps.iter()
                    .map(|d| (d.get("alias").and_then(Value::as_str).unwrap_or(&sub_name).to_string(), Some(**d)))
                    .collect()
            };
            for (alias, dep) in instances {
                if dep.is_some_and(|d| !enabled(d, &chart.values)) {
                    continue;
                }
                let given = subchart_values(&chart.values, &alias);
                let Some(mut sub) = self.chart(tree, &sub_prefix, Some((&chart.full_name, &given)), depth + 1) else {
                    continue;
                };
                if alias != sub.name {
                    sub.full_name = format!("{}/charts/{alias}", chart.full_name);
                    if let Value::Map(m) = &sub.metadata {
                        let mut m = (**m).clone();
                        m.insert("Name".into(), Value::str(&alias));
                        sub.metadata = Value::from(m);
                    }
                    sub.name = alias;
                }
                // Helm coalesces a subchart's defaults into its parent's values too: the parent
                // reads `.Values.child.port` from the child's values.yaml.
                if let Value::Map(m) = &chart.values {
                    let mut m = (**m).clone();
                    m.insert(sub.name.clone(), sub.values.clone());
                    chart.values = Value::from(m);
                }
                chart.subcharts.push(sub);
            }
        }
        present
    }

    /// The files of a packaged chart, in memory: regular files only (links are not followed),
    /// no path that leaves the archive, within the size and count limits. Returns the prefix
    /// of its chart (`name/`) and its entries, named `charts/name.tgz/name/…`.
    fn unpack(&mut self, bytes: &[u8], rel: &Arc<str>) -> Option<(String, Vec<Entry>)> {
        let mut archive = tar::Archive::new(flate2::read::GzDecoder::new(bytes));
        let mut entries = Vec::new();
        let mut total = 0u64;
        let iter = match archive.entries() {
            Ok(iter) => iter,
            Err(e) => {
                self.warn(rel, None, format!("not scanned: packaged subchart cannot be read: {e}"));
                return None;
            }
        };
        for entry in iter {
            let mut entry = match entry {
                Ok(entry) => entry,
                Err(e) => {
                    self.warn(rel, None, format!("not scanned: packaged subchart cannot be read: {e}"));
                    return None;
                }
            };
            if !entry.header().entry_type().is_file() {
                continue;
            }
            let Ok(path) = entry.path() else { continue };
            let mut parts = Vec::new();
            for c in path.components() {
                match c {
                    std::path::Component::Normal(p) => parts.push(p.to_string_lossy().into_owned()),
                    std::path::Component::CurDir => {}
                    // `..` or an absolute path: refuse the archive, it is not a chart.
                    _ => {
                        self.warn(rel, None, "not scanned: packaged subchart has a path outside itself".into());
                        return None;
                    }
                }
            }
            let path = parts.join("/");
            let size = entry.header().size().unwrap_or(u64::MAX);
            total = total.saturating_add(size);
            if total > MAX_ARCHIVE_BYTES {
                self.warn(
                    rel,
                    None,
                    format!("not scanned: packaged subchart unpacks to more than {MAX_ARCHIVE_BYTES} bytes"),
                );
                return None;
            }
            let entry_rel: Arc<str> = Arc::from(format!("{rel}/{path}"));
            if !self.admit(&entry_rel) {
                return None;
            }
            let mut data = Vec::new();
            if size > self.max_file_size || std::io::Read::read_to_end(&mut (&mut entry).take(size), &mut data).is_err()
            {
                continue;
            }
            let content = match String::from_utf8(data) {
                Ok(text) if !text.contains('\0') => Content::Text(Arc::from(text)),
                Ok(_) | Err(_) => Content::Unreadable,
            };
            entries.push(Entry { path, rel: entry_rel, content });
        }
        let top = entries
            .iter()
            .filter_map(|e| e.path.strip_suffix("/Chart.yaml"))
            .filter(|p| !p.contains('/'))
            .map(|p| format!("{p}/"))
            .next();
        match top {
            Some(top) => Some((top, entries)),
            None => {
                self.warn(rel, None, "not scanned: packaged subchart has no <name>/Chart.yaml".into());
                None
            }
        }
    }
}

/// The chart files that are not `.Files`.
const METADATA_FILES: &[&str] = &[
    "Chart.yaml",
    "values.yaml",
    "Chart.lock",
    "values.schema.json",
    "requirements.yaml",
    "requirements.lock",
    ".helmignore",
];

/// Whether a file at `path` (inside a chart tree) is a packaged subchart's place: `charts/`.
fn is_in_charts(path: &str) -> bool {
    path.rsplit_once('/').is_some_and(|(dir, _)| dir == "charts" || dir.ends_with("/charts"))
}

/// Whether a chart cannot do without the file: templates, metadata and values.
fn is_needed(path: &str) -> bool {
    let name = path.rsplit('/').next().unwrap_or(path);
    path.contains("templates/") || name == "Chart.yaml" || name == "values.yaml"
}

fn read_name(text: &str) -> Option<String> {
    let nodes = yaml::parse(text).ok()?;
    nodes.first()?.get("name")?.as_str().map(str::to_string)
}

/// What a parent gives a subchart: its values under the subchart's name, with `global`.
fn subchart_values(parent: &Value, name: &str) -> Value {
    let mut given = parent.as_map().and_then(|m| m.get(name)).and_then(Value::as_map).cloned().unwrap_or_default();
    if let Some(global) = parent.as_map().and_then(|m| m.get("global")) {
        let own = given.get("global").cloned().unwrap_or(Value::from(Map::new()));
        given.insert("global".into(), coalesce(global, &own));
    }
    Value::from(given)
}

/// Whether a dependency is enabled: the first of its `condition` paths that holds a boolean in
/// the parent's values decides, else its `tags` (any true), else it is.
fn enabled(dep: &Map, values: &Value) -> bool {
    if let Some(condition) = dep.get("condition").and_then(Value::as_str) {
        for path in condition.split(',') {
            let mut v = values;
            let mut found = true;
            for key in path.trim().split('.') {
                match v.as_map().and_then(|m| m.get(key)) {
                    Some(next) => v = next,
                    None => {
                        found = false;
                        break;
                    }
                }
            }
            if let (true, Value::Bool(b)) = (found, v) {
                return *b;
            }
        }
    }
    let tags: Vec<&str> =
        dep.get("tags").and_then(Value::as_list).unwrap_or_default().iter().filter_map(Value::as_str).collect();
    if tags.is_empty() {
        return true;
    }
    // Any tag true enables it; tags all false disable it; unset tags leave it enabled.
    let set = values.as_map().and_then(|m| m.get("tags")).and_then(Value::as_map);
    let states: Vec<Option<bool>> = tags
        .iter()
        .map(|t| match set.and_then(|s| s.get(*t)) {
            Some(Value::Bool(b)) => Some(*b),
            _ => None,
        })
        .collect();
    states.contains(&Some(true)) || !states.contains(&Some(false))
}

/// Helm's coalescing: `over` wins, maps merge recursively, and a `null` in `over` removes the
/// key from the defaults.
pub fn coalesce(over: &Value, defaults: &Value) -> Value {
    match (over, defaults) {
        (Value::Map(o), Value::Map(d)) => {
            let mut out: Map = (**d).clone();
            for (k, v) in o.iter() {
                match (v, out.get(k)) {
                    // A null deletes the default it overrides; with no default to delete it stays
                    // (Helm keeps it, and a user file's `key: null` must reach the chart's defaults).
                    (Value::Nil, Some(_)) => {
                        out.remove(k);
                    }
                    (Value::Nil, None) => {
                        out.insert(k.clone(), Value::Nil);
                    }
                    (Value::Map(_), Some(Value::Map(_))) => {
                        let merged = coalesce(v, &out[k]);
                        out.insert(k.clone(), merged);
                    }
                    _ => {
                        out.insert(k.clone(), v.clone());
                    }
                }
            }
            Value::from(out)
        }
        (Value::Nil, d) => d.clone(),
        (o, _) => o.clone(),
    }
}

/// `.Chart`: Chart.yaml with Helm's Go field names (`appVersion` → `AppVersion`).
fn metadata(meta: &Value) -> Value {
    let mut out = Map::new();
    for (k, v) in meta.as_map().into_iter().flatten() {
        let key = match k.as_str() {
            "apiVersion" => "APIVersion".to_string(),
            "appVersion" => "AppVersion".to_string(),
            "kubeVersion" => "KubeVersion".to_string(),
            other => {
                let mut c = other.chars();
                c.next().map(|f| f.to_ascii_uppercase().to_string() + c.as_str()).unwrap_or_default()
            }
        };
        out.insert(key, v.clone());
    }
    for key in ["Name", "Version", "AppVersion", "Description", "Type", "KubeVersion", "Home", "Icon"] {
        out.entry(key.to_string()).or_insert(Value::str(""));
    }
    out.insert("IsRoot".into(), Value::Bool(true));
    Value::from(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn v(yaml: &str) -> Value {
        Value::from_yaml(&crate::yaml::parse(yaml).unwrap()[0])
    }

    #[test]
    fn coalescing_as_helm_does() {
        let merged = coalesce(&v("a: {b: 2, c: null}\nx: [1]\n"), &v("a: {b: 1, c: 3, d: 4}\nx: [2, 3]\ny: 5\n"));
        assert_eq!(merged, v("a: {b: 2, d: 4}\nx: [1]\ny: 5\n"));
    }

    #[test]
    fn a_user_null_deletes_the_chart_default() {
        // As `rampart render --helm-values` applies a file: onto the user's values, then the chart's.
        let user = coalesce(&v("env: null\nimage: {tag: null}\n"), &v("{}"));
        let merged = coalesce(&user, &v("env: {A: a}\nimage: {tag: '1', repo: r}\nkeep: 1\n"));
        assert_eq!(merged, v("image: {repo: r}\nkeep: 1\n"));
    }

    #[test]
    fn the_parent_sees_its_subcharts_defaults() {
        let dir = tempfile::tempdir().unwrap();
        let write = |p: &str, text: &str| {
            let path = dir.path().join(p);
            std::fs::create_dir_all(path.parent().unwrap()).unwrap();
            std::fs::write(path, text).unwrap();
        };
        write("Chart.yaml", "apiVersion: v2\nname: parent\nversion: 1.0.0\n");
        write("values.yaml", "child: {greeting: hi}\n");
        write("charts/child/Chart.yaml", "apiVersion: v2\nname: child\nversion: 0.1.0\n");
        write("charts/child/values.yaml", "greeting: default\nport: 8080\n");
        let chart = Loader::new(dir.path(), 1 << 20).load(dir.path()).unwrap();
        assert_eq!(chart.values, v("child: {greeting: hi, port: 8080}\n"));
    }

    #[test]
    fn conditions_and_tags() {
        let values = v("sub: {enabled: false}\ntags: {db: true}\n");
        let dep = |yaml: &str| v(yaml).as_map().cloned().unwrap();
        assert!(!enabled(&dep("condition: sub.enabled"), &values));
        assert!(enabled(&dep("condition: other.enabled, sub2.enabled"), &values));
        assert!(enabled(&dep("tags: [db]"), &values));
        assert!(!enabled(&dep("tags: [cache]"), &v("tags: {cache: false}\n")));
    }
}
