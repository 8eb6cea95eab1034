//! Helm charts: a directory with `Chart.yaml` is rendered in-process, as `helm template`
//! renders it, and the Kubernetes rules judge the objects it renders.
//!
//! A template is not what gets deployed, its rendering is: `{{ toYaml .Values.securityContext }}`
//! says nothing until the values are known. So each template is rendered with the chart's
//! values (and the user's, `--helm-values`/`--helm-set`), and every rendered line keeps the
//! template file and line that wrote it, and the `.Values` key an action printed: a finding
//! lands on the template line a person edits and names the values key that set it.
//!
//! Nothing runs but the template language: no `helm` binary, no cluster (`lookup` finds
//! nothing), no randomness (`randAlphaNum` is fixed), so the same chart renders the same bytes.

mod chart;
mod exec;
pub mod funcs;
mod parse;
pub mod value;

use std::collections::HashMap;
use std::path::Path;
use std::rc::Rc;
use std::sync::Arc;

use super::Output;
use crate::diagnostic::Diagnostic;
use crate::document::{FileMap, Span, SpanMap};
use crate::ignores::InlineIgnores;
use crate::yaml;
use chart::{Chart, Loader};
use exec::{Named, Segment, Set};
use value::{Map, Object, Value};

/// The Kubernetes version charts are rendered for (`.Capabilities.KubeVersion`).
const KUBE_VERSION: (u32, u32) = (1, 31);

/// API versions a current cluster serves, for `.Capabilities.APIVersions.Has`.
const API_VERSIONS: &[&str] = &[
    "v1",
    "apps/v1",
    "batch/v1",
    "autoscaling/v1",
    "autoscaling/v2",
    "policy/v1",
    "networking.k8s.io/v1",
    "rbac.authorization.k8s.io/v1",
    "storage.k8s.io/v1",
    "apiextensions.k8s.io/v1",
    "admissionregistration.k8s.io/v1",
    "coordination.k8s.io/v1",
    "discovery.k8s.io/v1",
    "scheduling.k8s.io/v1",
    "certificates.k8s.io/v1",
    "node.k8s.io/v1",
    "events.k8s.io/v1",
    "flowcontrol.apiserver.k8s.io/v1",
    "apiregistration.k8s.io/v1",
];

/// The user's values for the charts of a scan: files (`--helm-values`, later ones win) and
/// `--helm-set key.path=value` pairs (win over files), for every chart, after those the config
/// gives a chart by its directory.
#[derive(Debug, Default, Clone)]
pub struct HelmOptions {
    pub values_files: Vec<std::path::PathBuf>,
    pub set: Vec<(String, String)>,
    /// `helm:` of `.rampart.yaml`.
    pub charts: Vec<ChartValues>,
}

/// One values set the config gives a chart (absolute paths); a chart may have several.
#[derive(Debug, Clone)]
pub struct ChartValues {
    pub dir: std::path::PathBuf,
    pub values_files: Vec<std::path::PathBuf>,
    pub set: Vec<(String, String)>,
}

impl HelmOptions {
    /// The values sets the chart in `dir` is rendered with, each its files and pairs: each set
    /// the config gives the chart (or the chart's own values alone), then the command line's.
    fn sets_for(&self, dir: &Path) -> Vec<ChartValues> {
        let dir = crate::paths::normalize(dir);
        let mut sets: Vec<ChartValues> = self.charts.iter().filter(|c| c.dir == dir).cloned().collect();
        if sets.is_empty() {
            sets.push(ChartValues { dir, values_files: Vec::new(), set: Vec::new() });
        }
        for s in &mut sets {
            s.values_files.extend(self.values_files.iter().cloned());
            s.set.extend(self.set.iter().cloned());
        }
        sets
    }
}

/// Whether `dir` is a chart.
pub fn is_chart(dir: &Path) -> bool {
    dir.join("Chart.yaml").is_file()
}

/// The chart directory when `abs` lies inside a chart's `templates/` or `charts/`: such
/// files are read through the chart, never alone. The outermost chart wins (a subchart in
/// `charts/` is rendered by its parent).
pub fn chart_of(abs: &Path) -> Option<&Path> {
    let mut found = None;
    let mut child: Option<&Path> = None;
    for dir in abs.ancestors().skip(1) {
        if let Some(c) = child {
            let name = c.file_name().and_then(|n| n.to_str());
            if matches!(name, Some("templates" | "charts")) && is_chart(dir) {
                found = Some(dir);
            }
        }
        child = Some(dir);
    }
    found
}

/// Render the chart in `dir` (its files named relative to `base`) into Kubernetes documents,
/// once per values set: a finding the chart's defaults cause and a production values file fixes
/// is reported for the set that has it, named in its message.
pub fn build(dir: &Path, base: &Path, max_file_size: u64, options: &HelmOptions) -> Output {
    let mut out = Output::default();
    let mut said = std::collections::HashSet::new();
    for values in options.sets_for(dir) {
        let one = build_set(dir, base, max_file_size, &values.values_files, &values.set);
        out.docs.extend(one.docs);
        // A template that cannot be rendered says so once, not once per set.
        let diagnostics =
            one.diagnostics.into_iter().filter(|d| said.insert((d.file.clone(), d.line, d.message.clone())));
        out.diagnostics.extend(diagnostics);
    }
    out
}

fn build_set(
    dir: &Path,
    base: &Path,
    max_file_size: u64,
    values_files: &[std::path::PathBuf],
    set: &[(String, String)],
) -> Output {
    let mut loader = Loader::new(base, max_file_size);
    let Some(mut chart) = loader.load(dir) else { return loader.out };
    let mut values_set = "values.yaml".to_string();
    if !values_files.is_empty() || !set.is_empty() {
        let mut user = Value::from(Map::new());
        let mut names = Vec::new();
        for f in values_files {
            let rel: Arc<str> = Arc::from(crate::paths::display_path(f, base, base));
            let Some(file) = super::read_neighbour(f, &rel, max_file_size, &mut loader.out) else { continue };
            let node = file.nodes.into_iter().next();
            let id = loader.files.add(rel.clone(), Arc::from(file.text));
            if let Some(node) = node {
                user = chart::coalesce(&Value::from_yaml(&node), &user);
                chart.values_files.insert(0, (id, Rc::new(node)));
            }
            names.push(rel.to_string());
        }
        for (key, raw) in set {
            user = chart::coalesce(&set_value(key, raw), &user);
            names.push(format!("--helm-set {key}"));
        }
        chart.values = chart::coalesce(&user, &chart.values);
        values_set = names.join(", ");
    }
    let mut b =
        Build { files: loader.files, out: loader.out, set: Set::new(), parsed: HashMap::new(), ignores: Vec::new() };
    b.parse_all(&chart);
    let chart_rel = crate::paths::display_path(dir, base, base);
    let chart_rel = if chart_rel.is_empty() || dir == base { ".".to_string() } else { chart_rel };
    let context: Arc<str> = Arc::from(format!("helm chart {chart_rel}, {values_set}"));
    b.render_all(&chart, &context);
    super::manifest_set::link(&mut b.out.docs);
    b.out
}

/// `a.b[0].c=v` of `--helm-set`, as the values it sets (Helm's strvals: `true`/`false`,
/// integers and `null` are typed, the rest are strings).
fn set_value(key: &str, raw: &str) -> Value {
    let value = match raw {
        "true" => Value::Bool(true),
        "false" => Value::Bool(false),
        "null" => Value::Nil,
        v => v.parse::<i64>().map(Value::Int).unwrap_or_else(|_| Value::str(v)),
    };
    key.rsplit('.').fold(value, |inner, k| {
        let mut m = Map::new();
        m.insert(k.to_string(), inner);
        Value::from(m)
    })
}

struct Build {
    files: chart::Files,
    out: Output,
    set: Set,
    /// The parsed body of each template file.
    parsed: HashMap<u32, Rc<parse::List>>,
    /// The inline waivers of each file, read once all are loaded.
    ignores: Vec<Arc<InlineIgnores>>,
}

impl Build {
    fn warn(&mut self, file: u32, line: Option<u32>, message: String) {
        let name = self.files.names[file as usize].clone();
        self.out.diagnostics.push(Diagnostic::warning(&name, line, message).unscanned());
    }

    /// Parse every template of the chart and its subcharts; their `define`s form one set, the
    /// parent's winning over a subchart's of the same name.
    fn parse_all(&mut self, chart: &Chart) {
        for sub in &chart.subcharts {
            self.parse_all(sub);
        }
        for t in &chart.templates {
            let text = self.files.texts[t.file as usize].clone();
            match parse::parse(&text) {
                Ok(parsed) => {
                    for (name, body) in parsed.defines {
                        self.set.insert(name, Named { file: t.file, body });
                    }
                    // Every template file is a named template too (`include (print
                    // $.Template.BasePath "/configmap.yaml") .`, the checksum idiom).
                    let body = Rc::new(parsed.body);
                    let name = format!("{}/{}", chart.full_name, t.path);
                    self.set.insert(name.into(), Named { file: t.file, body: body.clone() });
                    self.parsed.insert(t.file, body);
                }
                Err(e) => self.warn(
                    t.file,
                    Some(e.line),
                    format!("not scanned: template {}/{} does not parse: {}", chart.full_name, t.path, e.message),
                ),
            }
        }
    }

    fn render_all(&mut self, chart: &Chart, context: &Arc<str>) {
        for sub in &chart.subcharts {
            self.render_all(sub, context);
        }
        let files = Value::Object(Rc::new(Object::Files(chart.files.clone())));
        for t in &chart.templates {
            let base_name = t.path.rsplit('/').next().unwrap_or_default();
            if base_name.starts_with('_') || base_name == "NOTES.txt" {
                continue;
            }
            let Some(body) = self.parsed.get(&t.file).cloned() else { continue };
            let name = format!("{}/{}", chart.full_name, t.path);
            let dot = dot(chart, &name, files.clone());
            match exec::render(&self.set, t.file, &body, dot) {
                Ok(rendered) => self.documents(chart, t.file, &name, &rendered.text, &rendered.segments, context),
                Err(e) => self.warn(
                    e.file,
                    Some(e.line),
                    format!("not scanned: template {name} cannot be rendered: {}", e.message),
                ),
            }
        }
    }

    /// The Kubernetes objects of one rendered template, located in the template.
    fn documents(
        &mut self,
        chart: &Chart,
        file: u32,
        name: &str,
        text: &str,
        segments: &[Segment],
        context: &Arc<str>,
    ) {
        if text.trim().is_empty() {
            return;
        }
        let origins = line_origins(text, segments, file);
        let origin = |line: u32| origins.get((line as usize).saturating_sub(1)).cloned().unwrap_or((file, 1, None));
        // Lenient as for manifests: a repeated key (the later wins) is a warning, not a skip.
        let nodes = match yaml::parse_with_warnings(text) {
            Ok((nodes, warnings)) => {
                for w in warnings {
                    let (f, line, _) = origin(w.line);
                    let message =
                        format!("template {name} renders YAML with {} (line {} of its output)", w.message, w.line);
                    let rel = self.files.names[f as usize].clone();
                    self.out.diagnostics.push(Diagnostic::warning(&rel, Some(line), message));
                }
                nodes
            }
            Err(e) => {
                let (f, line, _) = origin(e.line);
                self.warn(
                    f,
                    Some(line),
                    format!(
                        "not scanned: template {name} renders invalid YAML (line {} of its output, column {}): {}",
                        e.line, e.col, e.message
                    ),
                );
                return;
            }
        };
        if self.ignores.is_empty() {
            self.ignores = self.files.texts.iter().map(|t| Arc::new(InlineIgnores::parse(t))).collect();
        }
        let ignores = self.ignores.clone();
        for node in &nodes {
            let kind = node.get("kind").and_then(yaml::Node::as_str).unwrap_or_default();
            let objects: Vec<&yaml::Node> = match node.get("items") {
                Some(yaml::Node { value: yaml::Value::Seq(items), .. }) if kind.ends_with("List") => {
                    items.iter().filter(|i| super::kubernetes::is_object(i)).collect()
                }
                _ if super::kubernetes::is_object(node) => vec![node],
                _ => Vec::new(),
            };
            for object in objects {
                let mut rendered_spans = SpanMap::default();
                let input = yaml::to_json_with(object, &mut String::new(), &mut rendered_spans, true);
                let root = origin(object.line).0;
                let mut spans = SpanMap::default();
                let mut in_files = FileMap::new();
                let mut values = HashMap::new();
                for (pointer, span) in rendered_spans {
                    let Some((f, start, path)) = origins.get((span.start as usize).saturating_sub(1)).cloned() else {
                        continue;
                    };
                    let end = match origins.get((span.end as usize).saturating_sub(1)) {
                        Some((ef, end, _)) if *ef == f && *end >= start => *end,
                        _ => start,
                    };
                    if f != root {
                        in_files.insert(pointer.clone(), self.files.names[f as usize].clone());
                    }
                    if let Some(path) = path {
                        if let Some(found) = values_line(chart, &self.files, &path, &pointer) {
                            values.insert(pointer.clone(), found);
                        }
                    }
                    spans.insert(pointer, Span::new(start, end));
                }
                let root_file = self.files.names[root as usize].clone();
                let other_ignores = in_files
                    .values()
                    .filter_map(|f| {
                        let id = self.files.names.iter().position(|n| n == f)?;
                        Some((f.clone(), ignores[id].clone()))
                    })
                    .collect();
                let mut doc = super::kubernetes::document(
                    &root_file,
                    input,
                    spans,
                    in_files,
                    &ignores[root as usize],
                    &mut self.out.diagnostics,
                );
                doc.other_ignores = other_ignores;
                doc.context = Some(context.clone());
                let root_ref = doc.root_ref.clone();
                doc.source_map.set_related(&root_ref, values);
                self.out.docs.push(doc);
            }
        }
    }
}

/// `.` of a template: Helm's built-in objects.
fn dot(chart: &Chart, template: &str, files: Value) -> Value {
    let map =
        |pairs: &[(&str, Value)]| Value::from(pairs.iter().map(|(k, v)| (k.to_string(), v.clone())).collect::<Map>());
    let (major, minor) = KUBE_VERSION;
    let version = format!("v{major}.{minor}.0");
    // Helm's BasePath is the chart's templates directory, whatever subdirectory the template is in.
    let base_path = format!("{}/templates", chart.full_name);
    map(&[
        ("Values", chart.values.clone()),
        ("Chart", chart.metadata.clone()),
        (
            "Release",
            map(&[
                ("Name", Value::str("release-name")),
                ("Namespace", Value::str("default")),
                ("Service", Value::str("Helm")),
                ("IsInstall", Value::Bool(true)),
                ("IsUpgrade", Value::Bool(false)),
                ("Revision", Value::Int(1)),
            ]),
        ),
        (
            "Capabilities",
            map(&[
                (
                    "KubeVersion",
                    map(&[
                        ("Version", Value::str(&version)),
                        ("GitVersion", Value::str(&version)),
                        ("Major", Value::str(major.to_string())),
                        ("Minor", Value::str(minor.to_string())),
                    ]),
                ),
                (
                    "APIVersions",
                    Value::Object(Rc::new(Object::ApiVersions(API_VERSIONS.iter().map(|s| s.to_string()).collect()))),
                ),
                ("HelmVersion", map(&[("Version", Value::str("v3.16.0")), ("GoVersion", Value::str("go1.22"))])),
            ]),
        ),
        ("Template", map(&[("Name", Value::str(template)), ("BasePath", Value::str(&base_path))])),
        ("Files", files),
        ("Subcharts", Value::from(Map::new())),
    ])
}

type Origin = (u32, u32, Option<Rc<[Rc<str>]>>);

/// For each rendered line, the file and line that wrote it (where its first non-blank
/// character came from) and the `.Values` path an action on it printed.
fn line_origins(text: &str, segments: &[Segment], file: u32) -> Vec<Origin> {
    let mut out = Vec::new();
    let mut start = 0;
    for line in text.split_inclusive('\n') {
        let end = start + line.len();
        let first = start + (line.len() - line.trim_start().len()).min(line.len().saturating_sub(1));
        let active = segments.partition_point(|s| s.at <= first);
        let seg = active.checked_sub(1).and_then(|i| segments.get(i));
        let values = segments[segments.partition_point(|s| s.at < start)..]
            .iter()
            .take_while(|s| s.at < end)
            .chain(seg)
            .find_map(|s| s.values.clone());
        out.push(match seg {
            Some(s) => (s.file, s.line, values),
            None => (file, 1, values),
        });
        start = end;
    }
    out
}

/// Where the values key a rendered pointer shows was set: `path` (what the action printed)
/// extended by the longest tail of `pointer` that the values file has (`toYaml
/// .Values.securityContext` printed `…/securityContext/privileged`: `securityContext.privileged`).
fn values_line(
    chart: &Chart,
    files: &chart::Files,
    path: &[Rc<str>],
    pointer: &str,
) -> Option<crate::document::Related> {
    let segments: Vec<String> = pointer.split('/').skip(1).map(|s| s.replace("~1", "/").replace("~0", "~")).collect();
    // The most precise key first, whichever file set it; among files, the one that wins.
    for tail in (0..=segments.len().min(8)).rev() {
        let keys: Vec<&str> =
            path.iter().map(|s| &**s).chain(segments[segments.len() - tail..].iter().map(String::as_str)).collect();
        if keys.is_empty() {
            continue;
        }
        for (id, node) in &chart.values_files {
            if let Some(line) = key_line(node, &keys) {
                let file = files.names[*id as usize].clone();
                let label = format!("set in {file}:{line} (`{}`)", keys.join("."));
                return Some(crate::document::Related { file, line, label });
            }
        }
    }
    None
}

/// The line of `keys` in a values file, when written there.
fn key_line(node: &yaml::Node, keys: &[&str]) -> Option<u32> {
    let mut node = node;
    let mut line = node.line;
    for key in keys {
        match &node.value {
            yaml::Value::Map(entries) => {
                let (k, v) = entries.iter().find(|(k, _)| k.text == *key)?;
                line = k.line;
                node = v;
            }
            yaml::Value::Seq(items) => {
                node = items.get(key.parse::<usize>().ok()?)?;
                line = node.line;
            }
            _ => return None,
        }
    }
    Some(line)
}

/// A JSON value of the rendered objects (for tests).
#[cfg(test)]
fn rendered(dir: &Path) -> (Vec<serde_json::Value>, Output) {
    let out = build(dir, dir, 10 << 20, &HelmOptions::default());
    (out.docs.iter().map(|d| d.input.clone()).collect(), out)
}

#[cfg(test)]
mod tests;
