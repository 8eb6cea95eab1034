//! Kustomize: a directory with a `kustomization.yaml` is built the way `kubectl kustomize`
//! builds it, in-process, and its objects are what the Kubernetes rules judge.
//!
//! An overlay is what gets deployed: a base's Deployment without limits may be fixed by the
//! overlay's patch, and a patch on its own is not an object. So the roots of a scan (the
//! kustomizations no other scanned kustomization uses) are built, and the files they read are
//! not scanned on their own. Every value keeps the file and line that wrote it (base, patch,
//! kustomization), so a finding lands where a person edits, and names the overlay.
//!
//! Remote resources are never fetched; files must stay inside the kustomization's directory,
//! as Kustomize's own load restrictor demands, and other kustomizations inside the scanned
//! tree.

mod generate;
mod patch;
mod transform;
mod tree;

use std::collections::{BTreeSet, HashMap};
use std::path::{Path, PathBuf};
use std::sync::Arc;

use rayon::prelude::*;
use serde_json::Value as Json;

use super::Output;
use crate::diagnostic::Diagnostic;
use crate::ignores::InlineIgnores;
use crate::paths::{display_path, normalize};
use tree::{Tree, Val};

/// The names Kustomize looks for, in its order.
pub const FILE_NAMES: &[&str] = &["kustomization.yaml", "kustomization.yml", "Kustomization"];

/// The kustomization fields a build applies, and those it knows but does not apply.
const APPLIED: &[&str] = &[
    "apiVersion",
    "kind",
    "metadata",
    "resources",
    "bases",
    "components",
    "namespace",
    "namePrefix",
    "nameSuffix",
    "commonLabels",
    "labels",
    "commonAnnotations",
    "patches",
    "patchesStrategicMerge",
    "patchesJson6902",
    "images",
    "replicas",
    "configMapGenerator",
    "secretGenerator",
    "generatorOptions",
    // No effect on the objects.
    "buildMetadata",
    "sortOptions",
];
const NOT_APPLIED: &[&str] = &[
    "helmCharts",
    "helmGlobals",
    "helmChartInflationGenerator",
    "replacements",
    "vars",
    "configurations",
    "crds",
    "openapi",
    "transformers",
    "generators",
    "validators",
];

/// How deep kustomizations may nest, and how many files one build may read: a cycle or a
/// hostile tree stops here with a diagnostic.
const MAX_DEPTH: usize = 32;
const MAX_FILES: usize = 5_000;

pub fn is_kustomization(path: &Path) -> bool {
    path.file_name().and_then(|n| n.to_str()).is_some_and(|n| FILE_NAMES.contains(&n))
}

/// An object of a build, with the names it had (first the one it was written with) so that
/// patches and references written against an earlier name still find it.
pub(super) struct Resource {
    tree: Tree,
    /// The file its root was written in.
    file: u32,
    names: Vec<String>,
    /// Generated: its final name gets the content hash.
    hash: bool,
}

impl Resource {
    fn kind(&self) -> &str {
        self.tree.str_at(&["kind"]).unwrap_or_default()
    }

    fn name(&self) -> &str {
        self.tree.str_at(&["metadata", "name"]).unwrap_or_default()
    }

    fn namespace(&self) -> Option<&str> {
        self.tree.str_at(&["metadata", "namespace"])
    }

    fn api_group(&self) -> &str {
        self.tree.str_at(&["apiVersion"]).and_then(|v| v.rsplit_once('/')).map_or("", |(g, _)| g)
    }

    /// Record the current name after a transformer changed it.
    fn rename(&mut self) {
        let name = self.name().to_string();
        if self.names.last() != Some(&name) {
            self.names.push(name);
        }
    }

    /// A core Kubernetes kind, whose lists merge by the API's keys only.
    fn builtin(&self) -> bool {
        let group = self.api_group();
        !group.contains('.') || group.ends_with(".k8s.io")
    }
}

/// What a scan's kustomizations are: the roots to build, and every file they read, which is
/// not scanned on its own.
#[derive(Default)]
pub struct Plan {
    pub roots: Vec<PathBuf>,
    pub consumed: BTreeSet<PathBuf>,
}

/// Which of the kustomization directories `dirs` (absolute, normalised) are roots, and the
/// files their builds read. A kustomization that does not parse is no root: its directory's
/// files are scanned as plain manifests and the file itself reports the error.
pub fn plan(dirs: &[PathBuf], max_file_size: u64) -> Plan {
    let mut used = BTreeSet::new();
    let mut consumed = BTreeSet::new();
    let mut parsed = Vec::new();
    // Read in parallel: planning runs before the scan's workers start.
    let all: Vec<Option<Refs>> = dirs.par_iter().map(|dir| references(dir, max_file_size)).collect();
    for (dir, refs) in dirs.iter().zip(all) {
        let Some(refs) = refs else { continue };
        parsed.push(dir.clone());
        for d in &refs.dirs {
            used.insert(d.clone());
        }
        consumed.extend(refs.files);
    }
    // The files of everything reachable, read through the directories the roots use.
    let mut queue: Vec<PathBuf> = used.iter().cloned().collect();
    let mut seen: BTreeSet<PathBuf> = parsed.iter().cloned().collect();
    while let Some(dir) = queue.pop() {
        if !seen.insert(dir.clone()) {
            continue;
        }
        if let Some(refs) = references(&dir, max_file_size) {
            consumed.extend(refs.files);
            queue.extend(refs.dirs);
        }
    }
    Plan { roots: parsed.into_iter().filter(|d| !used.contains(d)).collect(), consumed }
}

/// Every file the build of the kustomization in `root` reads, through the kustomizations it
/// uses.
pub fn reads(root: &Path, max_file_size: u64) -> BTreeSet<PathBuf> {
    let mut files = BTreeSet::new();
    let mut queue = vec![root.to_path_buf()];
    let mut seen = BTreeSet::new();
    while let Some(dir) = queue.pop() {
        if seen.len() >= MAX_FILES || !seen.insert(dir.clone()) {
            continue;
        }
        if let Some(refs) = references(&dir, max_file_size) {
            files.extend(refs.files);
            queue.extend(refs.dirs);
        }
    }
    files
}

/// The directories under `base` that hold a kustomization, as the scan walk would find them
/// (ignored and vendored trees left out): where to look for the overlays that read a file
/// named alone.
pub fn find(base: &Path) -> Vec<PathBuf> {
    let mut dirs: Vec<PathBuf> = ignore::WalkBuilder::new(base)
        .hidden(false)
        .require_git(false)
        .filter_entry(|e| !e.file_name().to_str().is_some_and(|n| crate::paths::SKIP_DIRS.contains(&n)))
        .build()
        .filter_map(Result::ok)
        .filter(|e| e.file_type().is_some_and(|t| t.is_file()) && is_kustomization(e.path()))
        .filter_map(|e| e.path().parent().map(normalize))
        .collect();
    dirs.sort();
    dirs.dedup();
    dirs
}

struct Refs {
    files: Vec<PathBuf>,
    dirs: Vec<PathBuf>,
}

/// The local files and directories a kustomization names (its own file among them).
fn references(dir: &Path, max_file_size: u64) -> Option<Refs> {
    let path = FILE_NAMES.iter().map(|n| dir.join(n)).find(|p| p.is_file())?;
    let text = super::read_text(&path, "", max_file_size).ok()?;
    let nodes = crate::yaml::parse_with_warnings(&text).ok()?.0;
    let k = Tree::from_node(nodes.first()?, 0);
    let mut refs = Refs { files: vec![path], dirs: Vec::new() };
    let strings = |field: &str| -> Vec<String> {
        k.get(field)
            .map(Tree::items)
            .unwrap_or_default()
            .iter()
            .filter_map(|t| t.as_str().map(str::to_string))
            .collect()
    };
    for entry in strings("resources").into_iter().chain(strings("bases")).chain(strings("components")) {
        if is_remote(&entry) {
            continue;
        }
        let p = normalize(&dir.join(&entry));
        if p.is_dir() {
            refs.dirs.push(p);
        } else {
            refs.files.push(p);
        }
    }
    for entry in strings("patchesStrategicMerge") {
        refs.files.push(normalize(&dir.join(entry)));
    }
    for field in ["patches", "patchesJson6902"] {
        for p in k.get(field).map(Tree::items).unwrap_or_default() {
            if let Some(path) = p.str_at(&["path"]) {
                refs.files.push(normalize(&dir.join(path)));
            }
        }
    }
    Some(refs)
}

fn is_remote(entry: &str) -> bool {
    entry.contains("://")
        || entry.starts_with("git@")
        || entry.starts_with("github.com/")
        || entry.starts_with("gitlab.com/")
        || entry.starts_with("bitbucket.org/")
        || entry.contains("?ref=")
}

/// One build: the file table its values point into, and what it reported.
pub(super) struct Build<'a> {
    /// What files are reported relative to, and the only tree the build reads from.
    base: &'a Path,
    real_base: Option<PathBuf>,
    max_file_size: u64,
    files: Vec<Arc<str>>,
    ignores: Vec<Arc<InlineIgnores>>,
    by_path: HashMap<PathBuf, u32>,
    real_paths: HashMap<PathBuf, Option<PathBuf>>,
    /// Kustomization directories being built, to refuse cycles.
    stack: Vec<PathBuf>,
    out: Output,
}

/// Build the kustomization in `dir` (reported relative to `base`) into Kubernetes documents
/// named after the overlay.
pub fn build(dir: &Path, base: &Path, max_file_size: u64) -> Output {
    let mut b = Build {
        base,
        real_base: base.canonicalize().ok(),
        max_file_size,
        files: Vec::new(),
        ignores: Vec::new(),
        by_path: HashMap::new(),
        real_paths: HashMap::new(),
        stack: Vec::new(),
        out: Output::default(),
    };
    let mut res = Vec::new();
    if b.accumulate(dir, &mut res, None).is_none() {
        return b.out;
    }
    for r in &mut res {
        if r.hash {
            let hash = generate::name_hash(&r.tree);
            if let Some(name) = r.tree.at_path_mut(&["metadata", "name"]) {
                if let Some(old) = name.as_str() {
                    name.val = Val::Scalar(Json::String(format!("{old}-{hash}")));
                }
            }
            r.rename();
        }
    }
    transform::fix_references(&mut res);
    let overlay = display_path(dir, base, base);
    let overlay = if overlay.is_empty() || dir == base { ".".to_string() } else { overlay };
    for r in res {
        b.document(r, &overlay);
    }
    super::manifest_set::link(&mut b.out.docs);
    b.out
}

impl Build<'_> {
    fn warn(&mut self, file: u32, line: u32, message: String) {
        let name = self.files[file as usize].clone();
        self.out.diagnostics.push(Diagnostic::warning(&name, Some(line), message));
    }

    /// The file table index of `abs`, read (with its inline waivers) on first use.
    fn load(&mut self, abs: &Path) -> Option<(u32, Vec<crate::yaml::Node>)> {
        if self.by_path.len() >= MAX_FILES {
            return None;
        }
        let rel: Arc<str> = Arc::from(display_path(abs, self.base, self.base));
        let file = super::read_neighbour(abs, &rel, self.max_file_size, &mut self.out)?;
        let id = match self.by_path.get(abs) {
            Some(id) => *id,
            None => {
                let id = self.files.len() as u32;
                self.files.push(rel);
                self.ignores.push(file.ignores.clone());
                self.by_path.insert(abs.to_path_buf(), id);
                id
            }
        };
        Some((id, file.nodes))
    }

    /// `path` with its links resolved (remembered: an overlay asks about the same directories
    /// again and again), `None` when it does not exist.
    fn real(&mut self, path: &Path) -> Option<PathBuf> {
        if let Some(known) = self.real_paths.get(path) {
            return known.clone();
        }
        let real = path.canonicalize().ok();
        self.real_paths.insert(path.to_path_buf(), real.clone());
        real
    }

    /// Whether `abs` lies inside the scanned tree (after links are resolved).
    fn inside(&mut self, abs: &Path) -> bool {
        match (self.real(abs), &self.real_base) {
            (Some(real), Some(base)) => real.starts_with(base),
            _ => false,
        }
    }

    /// Read a file named by the kustomization `kid` in `dir`, which must lie in or below `dir`.
    fn read_local(&mut self, dir: &Path, rel: &str, kid: u32, line: u32) -> Option<Vec<u8>> {
        let abs = normalize(&dir.join(rel));
        if !self.local(dir, &abs, rel, kid, line) {
            return None;
        }
        match std::fs::metadata(&abs) {
            Ok(m) if m.is_file() && m.len() <= self.max_file_size => std::fs::read(&abs).ok(),
            Ok(m) if m.is_file() => {
                self.warn(kid, line, format!("`{rel}` not read: over the {}-byte limit", self.max_file_size));
                None
            }
            _ => {
                self.warn(kid, line, format!("`{rel}` not found in {}", display_path(dir, self.base, self.base)));
                None
            }
        }
    }

    /// Kustomize's load restriction: a file must be in or below the kustomization's
    /// directory (and here inside the scanned tree).
    fn local(&mut self, dir: &Path, abs: &Path, rel: &str, kid: u32, line: u32) -> bool {
        let ok = match (self.real(abs), self.real(dir)) {
            (Some(real), Some(d)) => real.starts_with(d) && self.inside(abs),
            (None, _) => {
                self.warn(kid, line, format!("`{rel}` not found in {}", display_path(dir, self.base, self.base)));
                return false;
            }
            _ => false,
        };
        if !ok {
            self.warn(
                kid,
                line,
                format!("`{rel}` not read: a file a kustomization names must be in or below its directory"),
            );
        }
        ok
    }

    /// Build the kustomization (or component) in `dir` into `res`; `from` is the entry that
    /// named it. `None` when it cannot be read.
    fn accumulate(&mut self, dir: &Path, res: &mut Vec<Resource>, from: Option<(u32, u32)>) -> Option<()> {
        let report = |b: &mut Self, message: String| match from {
            Some((file, line)) => b.warn(file, line, message),
            None => b.out.diagnostics.push(Diagnostic::error(&display_path(dir, b.base, b.base), None, message)),
        };
        if self.stack.len() >= MAX_DEPTH || self.stack.iter().any(|d| d == dir) {
            report(
                self,
                format!(
                    "{} is part of a cycle of kustomizations (or nests too deep)",
                    display_path(dir, self.base, self.base)
                ),
            );
            return None;
        }
        let Some(path) = FILE_NAMES.iter().map(|n| dir.join(n)).find(|p| p.is_file()) else {
            report(self, format!("{} has no kustomization.yaml", display_path(dir, self.base, self.base)));
            return None;
        };
        let (kid, nodes) = self.load(&path)?;
        let Some(k) = nodes.first().map(|n| Tree::from_node(n, kid)) else { return Some(()) };
        if !k.is_map() {
            self.warn(kid, k.at.span.start, "a kustomization must be a mapping".to_string());
            return None;
        }
        self.unsupported(&k, kid);
        self.stack.push(dir.to_path_buf());
        let mut own = Vec::new();
        let component = k.str_at(&["kind"]) == Some("Component");
        // A component adds to, and transforms, what its user has accumulated so far.
        let target: &mut Vec<Resource> = if component { res } else { &mut own };
        // Kustomize's order: resources, generators, then components (which see both), then
        // the transformers.
        self.resources(&k, &["resources", "bases"], kid, dir, target);
        self.generate(&k, kid, dir, target);
        self.resources(&k, &["components"], kid, dir, target);
        self.transform(&k, kid, dir, target);
        self.stack.pop();
        if !component {
            res.append(&mut own);
        }
        Some(())
    }

    /// Say which fields of a kustomization are not applied, so an overlay judged without them
    /// is never a silent difference.
    fn unsupported(&mut self, k: &Tree, kid: u32) {
        let Val::Map(entries) = &k.val else { return };
        for (key, value) in entries {
            let line = value.at.span.start;
            if NOT_APPLIED.contains(&key.as_str()) {
                self.warn(
                    kid,
                    line,
                    format!("`{key}` is not applied by Rampart yet: the overlay is judged without it"),
                );
            } else if !APPLIED.contains(&key.as_str()) {
                self.warn(kid, line, format!("unknown kustomization field `{key}` (kubectl kustomize refuses it)"));
            }
        }
    }

    /// The entries of `fields` (resources or components): files and kustomization directories.
    fn resources(&mut self, k: &Tree, fields: &[&str], kid: u32, dir: &Path, res: &mut Vec<Resource>) {
        for field in fields {
            for entry in k.get(field).map(Tree::items).unwrap_or_default() {
                let Some(name) = entry.as_str() else { continue };
                let line = entry.at.span.start;
                if is_remote(name) {
                    self.warn(
                        kid,
                        line,
                        format!("remote resource `{name}` not fetched: Rampart reads local files only; vendor it to scan it"),
                    );
                    continue;
                }
                let abs = normalize(&dir.join(name));
                if std::fs::symlink_metadata(&abs).is_err() {
                    let here = display_path(dir, self.base, self.base);
                    self.warn(kid, line, format!("`{name}` not found in {here}"));
                    continue;
                }
                if !self.inside(&abs) {
                    self.warn(kid, line, format!("`{name}` not read: it is not inside the scanned directory"));
                    continue;
                }
                if abs.is_dir() {
                    self.accumulate(&abs, res, Some((kid, line)));
                } else if *field == "components" {
                    self.warn(kid, line, format!("component `{name}` is not a directory"));
                } else if self.local(dir, &abs, name, kid, line) {
                    self.objects(&abs, res);
                }
            }
        }
    }

    /// The objects of a resource file.
    fn objects(&mut self, abs: &Path, res: &mut Vec<Resource>) {
        let Some((id, nodes)) = self.load(abs) else { return };
        for node in &nodes {
            let tree = Tree::from_node(node, id);
            let items: Vec<Tree> = match tree.get("items") {
                Some(list) if tree.str_at(&["kind"]).is_some_and(|k| k.ends_with("List")) => list.items().to_vec(),
                _ => vec![tree],
            };
            for t in items {
                if t.str_at(&["apiVersion"]).is_none() || t.str_at(&["kind"]).is_none() {
                    continue;
                }
                let name = t.str_at(&["metadata", "name"]).unwrap_or_default().to_string();
                res.push(Resource { tree: t, file: id, names: vec![name], hash: false });
            }
        }
    }

    /// The transformers of a kustomization, in Kustomize's order.
    fn transform(&mut self, k: &Tree, kid: u32, dir: &Path, res: &mut [Resource]) {
        for entry in k.get("patchesStrategicMerge").map(Tree::items).unwrap_or_default() {
            match entry.as_str() {
                Some(s) if s.contains('\n') || s.trim_start().starts_with('{') => {
                    self.inline_patch(entry, kid, None, res)
                }
                Some(path) => self.file_patch(dir, path, kid, entry.at.span.start, None, res),
                None => {}
            }
        }
        for entry in k.get("patches").map(Tree::items).unwrap_or_default() {
            let target = entry.get("target");
            if let Some(path) = entry.str_at(&["path"]) {
                self.file_patch(dir, path, kid, entry.at.span.start, target, res);
            } else if let Some(inline) = entry.get("patch") {
                self.inline_patch(inline, kid, target, res);
            }
        }
        if let Some(ns) = k.get("namespace") {
            transform::namespace(res, ns);
        }
        transform::prefix_suffix(res, k.get("namePrefix"), k.get("nameSuffix"));
        if let Some(labels) = k.get("commonLabels") {
            transform::labels(res, labels, transform::LabelScope { selectors: true, templates: true });
        }
        for entry in k.get("labels").map(Tree::items).unwrap_or_default() {
            let flag = |key: &str| entry.get(key).is_some_and(|v| matches!(v.val, Val::Scalar(Json::Bool(true))));
            if let Some(pairs) = entry.get("pairs") {
                let scope =
                    transform::LabelScope { selectors: flag("includeSelectors"), templates: flag("includeTemplates") };
                transform::labels(res, pairs, scope);
            }
        }
        if let Some(annotations) = k.get("commonAnnotations") {
            transform::annotations(res, annotations);
        }
        for entry in k.get("patchesJson6902").map(Tree::items).unwrap_or_default() {
            let target = entry.get("target");
            if let Some(path) = entry.str_at(&["path"]) {
                self.file_patch(dir, path, kid, entry.at.span.start, target, res);
            } else if let Some(inline) = entry.get("patch") {
                self.inline_patch(inline, kid, target, res);
            }
        }
        for entry in k.get("replicas").map(Tree::items).unwrap_or_default() {
            transform::replicas(res, entry);
        }
        for entry in k.get("images").map(Tree::items).unwrap_or_default() {
            transform::images(res, entry);
        }
    }

    fn file_patch(&mut self, dir: &Path, rel: &str, kid: u32, line: u32, target: Option<&Tree>, res: &mut [Resource]) {
        let abs = normalize(&dir.join(rel));
        if !self.local(dir, &abs, rel, kid, line) {
            return;
        }
        let Some((id, nodes)) = self.load(&abs) else { return };
        for node in &nodes {
            let patch = Tree::from_node(node, id);
            self.apply_patch(&patch, target, id, patch.at.span.start, res);
        }
    }

    /// A patch written as a string in the kustomization: its lines are the kustomization's,
    /// counted from the block scalar's first line.
    fn inline_patch(&mut self, inline: &Tree, kid: u32, target: Option<&Tree>, res: &mut [Resource]) {
        let Some(text) = inline.as_str() else { return };
        let nodes = match crate::yaml::parse_with_warnings(text) {
            Ok((nodes, _)) => nodes,
            Err(e) => {
                self.warn(kid, inline.at.span.start, format!("inline patch is not valid YAML: {e}"));
                return;
            }
        };
        // A block scalar (`|`) starts on the line after its key; a one-line string stays there.
        let offset = if inline.at.span.end > inline.at.span.start { inline.at.span.start } else { 0 };
        for node in &nodes {
            let mut patch = Tree::from_node(node, kid);
            shift(&mut patch, offset, inline.at.span.start);
            self.apply_patch(&patch, target, kid, inline.at.span.start, res);
        }
    }

    fn apply_patch(&mut self, patch: &Tree, target: Option<&Tree>, file: u32, line: u32, res: &mut [Resource]) {
        let json6902 = matches!(patch.val, Val::Seq(_));
        let mut matched = 0;
        for r in res.iter_mut() {
            let selected = match target {
                Some(t) => selects(t, r),
                // A strategic merge patch names its target itself.
                None => {
                    !json6902
                        && patch.str_at(&["kind"]) == Some(r.kind())
                        && patch.str_at(&["metadata", "name"]).is_some_and(|n| r.names.iter().any(|m| m == n))
                        && patch.str_at(&["metadata", "namespace"]).is_none_or(|ns| r.namespace() == Some(ns))
                }
            };
            if !selected {
                continue;
            }
            matched += 1;
            if json6902 {
                if let Err(why) = patch::json6902(&mut r.tree, patch) {
                    let message = format!("JSON patch not applied to {}/{}: {why}", r.kind(), r.name());
                    self.warn(file, line, message);
                }
            } else {
                let mut p = patch.clone();
                if target.is_some() {
                    // Aimed by a selector: its own name and kind do not rename the target.
                    for key in ["apiVersion", "kind"] {
                        p.remove(key);
                    }
                    if let Some(meta) = p.get_mut("metadata") {
                        meta.remove("name");
                        meta.remove("namespace");
                    }
                }
                let builtin = r.builtin();
                patch::strategic_merge(&mut r.tree, &p, builtin);
            }
        }
        if matched == 0 {
            let what = match (target, patch.str_at(&["kind"]), patch.str_at(&["metadata", "name"])) {
                (None, Some(kind), Some(name)) => format!("{kind} {name}"),
                _ => "its target".to_string(),
            };
            self.warn(file, line, format!("patch matches no object of the build: no {what}"));
        }
    }

    /// The document policies judge for one built object.
    fn document(&mut self, r: Resource, overlay: &str) {
        let (input, spans, file_map) = r.tree.to_located_json(&self.files, r.file);
        let file = self.files[r.file as usize].clone();
        let other_ignores = file_map
            .values()
            .collect::<BTreeSet<_>>()
            .into_iter()
            .filter_map(|f| {
                let id = self.files.iter().position(|x| x == f)?;
                Some((f.clone(), self.ignores[id].clone()))
            })
            .collect();
        let mut doc = super::kubernetes::document(
            &file,
            input,
            spans,
            file_map,
            &self.ignores[r.file as usize],
            &mut self.out.diagnostics,
        );
        doc.other_ignores = other_ignores;
        doc.context = Some(Arc::from(format!("kustomize overlay {overlay}")));
        self.out.docs.push(doc);
    }
}

/// Move a tree parsed from an inline string onto the lines of the file holding the string.
fn shift(tree: &mut Tree, offset: u32, floor: u32) {
    let moved = |line: u32| if offset == 0 { floor } else { line + offset };
    tree.at.span = crate::document::Span::new(moved(tree.at.span.start), moved(tree.at.span.end));
    match &mut tree.val {
        Val::Seq(items) => items.iter_mut().for_each(|t| shift(t, offset, floor)),
        Val::Map(entries) => entries.iter_mut().for_each(|(_, t)| shift(t, offset, floor)),
        Val::Scalar(_) => {}
    }
}

/// Whether a patch `target` selector (kind, name and namespace as anchored regular
/// expressions, group, version, label and annotation selectors) picks `r`.
fn selects(target: &Tree, r: &Resource) -> bool {
    let matches = |pattern: Option<&str>, values: &[&str]| match pattern {
        None => true,
        Some(p) => match regex::Regex::new(&format!("^(?:{p})$")) {
            Ok(re) => values.iter().any(|v| re.is_match(v)),
            Err(_) => values.contains(&p),
        },
    };
    let names: Vec<&str> = r.names.iter().map(String::as_str).collect();
    let (group, version) = match r.tree.str_at(&["apiVersion"]).unwrap_or_default().rsplit_once('/') {
        Some((g, v)) => (g, v),
        None => ("", r.tree.str_at(&["apiVersion"]).unwrap_or_default()),
    };
    matches(target.str_at(&["kind"]), &[r.kind()])
        && matches(target.str_at(&["name"]), &names)
        && matches(target.str_at(&["namespace"]), &[r.namespace().unwrap_or("")])
        && target.str_at(&["group"]).is_none_or(|g| g == group)
        && target.str_at(&["version"]).is_none_or(|v| v == version)
        && target.str_at(&["labelSelector"]).is_none_or(|s| label_selector(s, r.tree.at_path(&["metadata", "labels"])))
        && target
            .str_at(&["annotationSelector"])
            .is_none_or(|s| label_selector(s, r.tree.at_path(&["metadata", "annotations"])))
}

/// A label selector of equality (`a=b`, `a==b`, `a!=b`) and existence (`a`, `!a`) terms.
fn label_selector(selector: &str, labels: Option<&Tree>) -> bool {
    let get = |k: &str| {
        labels.and_then(|l| l.get(k)).map(|v| v.as_str().map_or_else(|| v.to_json().to_string(), str::to_string))
    };
    selector.split(',').map(str::trim).filter(|t| !t.is_empty()).all(|term| {
        if let Some((k, v)) = term.split_once("!=") {
            get(k.trim()).as_deref() != Some(v.trim())
        } else if let Some((k, v)) = term.split_once("==").or_else(|| term.split_once('=')) {
            get(k.trim()).as_deref() == Some(v.trim())
        } else if let Some(k) = term.strip_prefix('!') {
            get(k.trim()).is_none()
        } else {
            get(term).is_some()
        }
    })
}

#[cfg(test)]
mod tests;
