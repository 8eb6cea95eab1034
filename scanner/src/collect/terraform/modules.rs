//! Finding and reading modules: a directory's files, the local modules it calls (`./x`), the
//! registry and git modules `terraform init` has already downloaded (listed in
//! `.terraform/modules/modules.json`), and which scanned directories are roots.
//!
//! Nothing is ever downloaded. The whole call tree is resolved before evaluation (a module's
//! `source` must be a literal in Terraform), cycle-safe and depth-capped; a module that cannot
//! be read is reported once and its outputs are unknown.

use std::collections::{BTreeSet, HashMap};
use std::path::{Path, PathBuf};
use std::sync::Arc;

use crate::diagnostic::Diagnostic;
use crate::ignores::InlineIgnores;

use super::ast::{self, Body, Item};
use super::config::Config;
use super::eval::Resolved;
use super::TfFile;

/// Module calls nested deeper than this are not followed.
const MAX_MODULE_DEPTH: usize = 16;
/// Module calls resolved for one root at most (a module called many times, each calling many).
const MAX_MODULE_CALLS: usize = 2000;

/// The kinds of files a module directory holds that Terraform reads.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FileRole {
    Hcl,
    Json,
    /// `terraform.tfvars` / `*.auto.tfvars`: variable values, loaded automatically.
    AutoVars {
        json: bool,
    },
}

pub fn file_role(name: &str) -> Option<FileRole> {
    let base = name.rsplit('/').next().unwrap_or(name);
    if base.ends_with(".tf.json") {
        Some(FileRole::Json)
    } else if base.ends_with(".tf") {
        Some(FileRole::Hcl)
    } else if base == "terraform.tfvars" || base.ends_with(".auto.tfvars") {
        Some(FileRole::AutoVars { json: false })
    } else if base == "terraform.tfvars.json" || base.ends_with(".auto.tfvars.json") {
        Some(FileRole::AutoVars { json: true })
    } else {
        None
    }
}

/// Whether `dir` lies inside `root`, lexically and once symbolic links are resolved.
fn inside(dir: &Path, root: &Path) -> bool {
    let real = |p: &Path| std::fs::canonicalize(p).unwrap_or_else(|_| p.to_path_buf());
    crate::paths::normalize(dir).starts_with(crate::paths::normalize(root)) && real(dir).starts_with(real(root))
}

/// `dir` relative to `base` with `/` separators (`.` for the base itself), as `path.module` is.
pub fn rel_dir(dir: &Path, base: &Path) -> String {
    match dir.strip_prefix(base) {
        Ok(rel) => {
            let parts: Vec<String> = rel.components().map(|c| c.as_os_str().to_string_lossy().into_owned()).collect();
            if parts.is_empty() {
                ".".into()
            } else {
                parts.join("/")
            }
        }
        Err(_) => crate::paths::display_path(dir, base, base),
    }
}

/// Read the Terraform files of a directory (sorted by name, as Terraform loads them).
pub fn read_dir(
    abs_dir: &Path,
    base: &Path,
    max_size: u64,
    with_vars: bool,
    diags: &mut Vec<Diagnostic>,
) -> Vec<TfFile> {
    let mut names: Vec<(String, PathBuf)> = match std::fs::read_dir(abs_dir) {
        Ok(entries) => entries
            .filter_map(Result::ok)
            .filter(|e| e.file_type().map(|t| t.is_file() || t.is_symlink()).unwrap_or(false))
            .filter_map(|e| Some((e.file_name().to_str()?.to_string(), e.path())))
            .filter(|(n, _)| match file_role(n) {
                Some(FileRole::AutoVars { .. }) => with_vars,
                Some(_) => true,
                None => false,
            })
            .collect(),
        Err(e) => {
            diags.push(Diagnostic::error(&rel_dir(abs_dir, base), None, format!("cannot read directory: {e}")));
            return Vec::new();
        }
    };
    names.sort();
    let mut out = Vec::with_capacity(names.len());
    for (_, path) in names {
        if !path.is_file() {
            continue;
        }
        let rel: Arc<str> = Arc::from(crate::paths::display_path(&path, base, base));
        match crate::collect::read_text(&path, &rel, max_size) {
            Ok(text) => out.push(TfFile { rel, text }),
            Err(d) => diags.push(*d),
        }
    }
    out
}

/// Parse a module's files into a configuration; every syntax error is a located diagnostic and
/// the other files still count.
pub fn parse_module(
    dir: String,
    abs_dir: Option<PathBuf>,
    files: &[TfFile],
    diags: &mut Vec<Diagnostic>,
    ignores: &mut HashMap<Arc<str>, Arc<InlineIgnores>>,
) -> Config {
    let mut parsed = Vec::with_capacity(files.len());
    for f in files {
        let role = file_role(&f.rel);
        if !matches!(role, Some(FileRole::Hcl | FileRole::Json)) {
            continue;
        }
        let ig = InlineIgnores::parse(&f.text);
        diags.extend(ig.diagnostics(&f.rel));
        ignores.insert(f.rel.clone(), Arc::new(ig));
        match parse_file(&f.rel, &f.text, role == Some(FileRole::Json), diags) {
            Some(body) => parsed.push((f.rel.clone(), body)),
            None => continue,
        }
    }
    Config::build(dir, abs_dir, parsed, diags)
}

fn parse_file(rel: &str, text: &str, json: bool, diags: &mut Vec<Diagnostic>) -> Option<Body> {
    let result = if json { ast::parse_json(text).map(|b| (b, false)) } else { ast::parse_hcl(text) };
    match result {
        Ok((body, too_deep)) => {
            if too_deep {
                diags.push(Diagnostic::warning(rel, None, "nested too deep: the deepest parts are not evaluated"));
            }
            Some(body)
        }
        Err(e) => {
            diags.push(Diagnostic::error(rel, Some(e.line), e.message));
            None
        }
    }
}

/// `.terraform/modules/modules.json` of a root: module key → directory.
fn modules_manifest(root: &Path, base: &Path, diags: &mut Vec<Diagnostic>) -> HashMap<String, PathBuf> {
    let path = root.join(".terraform").join("modules").join("modules.json");
    let mut out = HashMap::new();
    if !path.is_file() {
        return out;
    }
    let rel = crate::paths::display_path(&path, base, base);
    let text = match crate::collect::read_text(&path, &rel, crate::collect::DEFAULT_MAX_FILE_SIZE) {
        Ok(t) => t,
        Err(d) => {
            diags.push(*d);
            return out;
        }
    };
    let json: serde_json::Value = match serde_json::from_str(&text) {
        Ok(j) => j,
        Err(e) => {
            diags.push(Diagnostic::warning(&rel, Some(e.line() as u32), format!("invalid modules manifest: {e}")));
            return out;
        }
    };
    for m in json.get("Modules").and_then(|m| m.as_array()).into_iter().flatten() {
        if let (Some(key), Some(dir)) = (m.get("Key").and_then(|k| k.as_str()), m.get("Dir").and_then(|d| d.as_str())) {
            if !key.is_empty() {
                out.insert(key.to_string(), crate::paths::normalize(&root.join(dir)));
            }
        }
    }
    out
}

pub fn is_local_source(source: &str) -> bool {
    source.starts_with("./") || source.starts_with("../") || source == "." || source == ".."
}

/// Every configuration a root needs, and how each module call (by key path) resolves.
pub struct Loaded {
    pub configs: Vec<Config>,
    pub resolved: HashMap<String, Resolved>,
}

pub struct Loader<'a> {
    base: &'a Path,
    max_size: u64,
    root_abs: Option<PathBuf>,
    manifest: HashMap<String, PathBuf>,
    by_dir: HashMap<PathBuf, usize>,
    calls: usize,
    pub configs: Vec<Config>,
    pub resolved: HashMap<String, Resolved>,
    pub diags: Vec<Diagnostic>,
    pub ignores: HashMap<Arc<str>, Arc<InlineIgnores>>,
}

impl<'a> Loader<'a> {
    pub fn new(root: Config, root_abs: Option<PathBuf>, base: &'a Path, max_size: u64) -> Loader<'a> {
        let mut diags = Vec::new();
        let manifest = root_abs.as_deref().map(|r| modules_manifest(r, base, &mut diags)).unwrap_or_default();
        let mut by_dir = HashMap::new();
        if let Some(r) = &root_abs {
            by_dir.insert(crate::paths::normalize(r), 0);
        }
        Loader {
            base,
            max_size,
            root_abs,
            manifest,
            by_dir,
            calls: 0,
            configs: vec![root],
            resolved: HashMap::new(),
            diags,
            ignores: HashMap::new(),
        }
    }

    /// Resolve the whole call tree below the root.
    pub fn load(mut self) -> (Loaded, Vec<Diagnostic>, HashMap<Arc<str>, Arc<InlineIgnores>>) {
        self.walk(0, "", &mut vec![0]);
        (Loaded { configs: self.configs, resolved: self.resolved }, self.diags, self.ignores)
    }

    fn walk(&mut self, cfg: usize, prefix: &str, ancestors: &mut Vec<usize>) {
        let calls: Vec<(String, Option<String>, Arc<str>, u32)> = self.configs[cfg]
            .modules
            .iter()
            .map(|m| {
                let file = self.configs[cfg].files.get(m.file).cloned().unwrap_or_else(|| Arc::from(""));
                (m.name.to_string(), m.source.clone(), file, m.block.span.start)
            })
            .collect();
        for (name, source, file, line) in calls {
            let key = if prefix.is_empty() { name.clone() } else { format!("{prefix}.{name}") };
            self.calls += 1;
            if self.calls > MAX_MODULE_CALLS {
                if self.calls == MAX_MODULE_CALLS + 1 {
                    self.diags.push(Diagnostic::warning(
                        &file,
                        Some(line),
                        format!("more than {MAX_MODULE_CALLS} module calls: module.{key} and later ones are not read"),
                    ));
                }
                self.resolved.insert(key, Resolved::Unavailable);
                continue;
            }
            let resolved = self.resolve(cfg, &key, &name, source.as_deref(), &file, line, ancestors);
            if let Resolved::Config(child) = resolved {
                ancestors.push(child);
                self.resolved.insert(key.clone(), resolved);
                self.walk(child, &key, ancestors);
                ancestors.pop();
            } else {
                self.resolved.insert(key, resolved);
            }
        }
    }

    #[allow(clippy::too_many_arguments)]
    fn resolve(
        &mut self,
        cfg: usize,
        key: &str,
        name: &str,
        source: Option<&str>,
        file: &Arc<str>,
        line: u32,
        ancestors: &[usize],
    ) -> Resolved {
        let Some(source) = source else {
            self.diags.push(Diagnostic::warning(
                file,
                Some(line),
                format!("module \"{name}\" has no literal `source`: its resources are not scanned and its outputs are unknown"),
            ));
            return Resolved::Unavailable;
        };
        let dir = if is_local_source(source) {
            match &self.configs[cfg].abs_dir {
                Some(d) => crate::paths::normalize(&d.join(source)),
                None => {
                    self.diags.push(Diagnostic::info(
                        file,
                        Some(line),
                        format!("module \"{name}\" (source \"{source}\") is not read when files are scanned without their directory: its outputs are unknown"),
                    ));
                    return Resolved::Unavailable;
                }
            }
        } else {
            match self.manifest.get(key) {
                Some(d) => d.clone(),
                None => {
                    let hint = if self.root_abs.is_some() { " (run `terraform init` to download it)" } else { "" };
                    self.diags.push(Diagnostic::info(
                        file,
                        Some(line),
                        format!("module \"{name}\" (source \"{source}\") is not downloaded{hint}: its resources are not scanned and its outputs are unknown"),
                    ));
                    return Resolved::Unavailable;
                }
            }
        };
        if !dir.is_dir() {
            self.diags.push(Diagnostic::warning(
                file,
                Some(line),
                format!("module \"{name}\": source \"{source}\" is not a directory: its resources are not scanned and its outputs are unknown"),
            ));
            return Resolved::Unavailable;
        }
        // A local source is read only inside the scanned tree, also once links are resolved:
        // `source = "../../../.."` must not read modules from elsewhere on the machine.
        if is_local_source(source) && !inside(&dir, self.base) {
            self.diags.push(
                Diagnostic::warning(
                    file,
                    Some(line),
                    format!("module \"{name}\": source \"{source}\" leads outside the scanned tree: it is not read, and its outputs are unknown"),
                )
                .unscanned(),
            );
            return Resolved::Unavailable;
        }
        let idx = match self.by_dir.get(&dir) {
            Some(&i) => i,
            None => {
                let mut diags = Vec::new();
                let files = read_dir(&dir, self.base, self.max_size, false, &mut diags);
                let config =
                    parse_module(rel_dir(&dir, self.base), Some(dir.clone()), &files, &mut diags, &mut self.ignores);
                self.diags.extend(diags);
                self.configs.push(config);
                let i = self.configs.len() - 1;
                self.by_dir.insert(dir, i);
                i
            }
        };
        if ancestors.contains(&idx) {
            self.diags.push(Diagnostic::warning(
                file,
                Some(line),
                format!("module \"{name}\" (source \"{source}\") calls itself: the nested call is not evaluated"),
            ));
            return Resolved::Unavailable;
        }
        if ancestors.len() > MAX_MODULE_DEPTH {
            self.diags.push(Diagnostic::warning(
                file,
                Some(line),
                format!("module \"{name}\" is nested more than {MAX_MODULE_DEPTH} levels deep: it is not evaluated"),
            ));
            return Resolved::Unavailable;
        }
        Resolved::Config(idx)
    }
}

/// Every call in the configuration is unavailable (in-memory files), with one diagnostic each.
pub fn unavailable_calls(cfg: &Config, diags: &mut Vec<Diagnostic>) -> HashMap<String, Resolved> {
    let mut out = HashMap::new();
    for m in &cfg.modules {
        let file = cfg.files.get(m.file).cloned().unwrap_or_else(|| Arc::from(""));
        let source = m.source.as_deref().unwrap_or("?");
        diags.push(Diagnostic::info(
            &file,
            Some(m.block.span.start),
            format!("module \"{}\" (source \"{source}\") is not read when files are scanned without their directory: its outputs are unknown", m.name),
        ));
        out.insert(m.name.to_string(), Resolved::Unavailable);
    }
    out
}

/// The local module sources a directory's files call (cheap: only files that mention one are
/// parsed, and only `module` blocks are looked at).
fn local_sources(dir: &Path) -> Vec<String> {
    let mut out = Vec::new();
    let Ok(entries) = std::fs::read_dir(dir) else { return out };
    for e in entries.filter_map(Result::ok) {
        let Some(name) = e.file_name().to_str().map(str::to_string) else { continue };
        let json = match file_role(&name) {
            Some(FileRole::Hcl) => false,
            Some(FileRole::Json) => true,
            _ => continue,
        };
        let path = e.path();
        let Ok(text) = crate::collect::read_text(&path, &name, crate::collect::DEFAULT_MAX_FILE_SIZE) else { continue };
        if !text.contains("module") || !(text.contains("\"./") || text.contains("\"../")) {
            continue;
        }
        let body = if json { ast::parse_json(&text).ok() } else { ast::parse_hcl(&text).ok().map(|(b, _)| b) };
        for item in body.into_iter().flat_map(|b| b.items) {
            if let Item::Block(b) = item {
                if &*b.ident == "module" {
                    if let Some(src) = b.body.attr("source").and_then(|a| a.expr.as_literal_str()) {
                        if is_local_source(src) {
                            out.push(src.to_string());
                        }
                    }
                }
            }
        }
    }
    out
}

/// Of every directory holding Terraform files in a scan, those to evaluate as roots: a
/// directory another listed directory calls as a local module is evaluated through that call
/// (with its inputs), not on its own. Directories that only call each other in a cycle are
/// roots once each cycle, from the first of them in sorted order.
pub fn roots(dirs: &[PathBuf]) -> Vec<PathBuf> {
    let mut original: HashMap<PathBuf, PathBuf> = HashMap::new();
    for d in dirs {
        original.entry(crate::paths::normalize(d)).or_insert_with(|| d.clone());
    }
    let all: BTreeSet<PathBuf> = original.keys().cloned().collect();
    let mut callees: HashMap<PathBuf, Vec<PathBuf>> = HashMap::new();
    let mut called: BTreeSet<PathBuf> = BTreeSet::new();
    for dir in &all {
        for src in local_sources(dir) {
            let target = crate::paths::normalize(&dir.join(&src));
            if target != *dir && all.contains(&target) {
                called.insert(target.clone());
                callees.entry(dir.clone()).or_default().push(target);
            }
        }
    }
    let mut roots: Vec<PathBuf> = all.iter().filter(|d| !called.contains(*d)).cloned().collect();
    // Everything reachable from a root is covered; what is not (cycles) gets a root of its own.
    let mut reached: BTreeSet<PathBuf> = BTreeSet::new();
    let mut stack: Vec<PathBuf> = roots.clone();
    let mark = |stack: &mut Vec<PathBuf>, reached: &mut BTreeSet<PathBuf>| {
        while let Some(d) = stack.pop() {
            if reached.insert(d.clone()) {
                stack.extend(callees.get(&d).into_iter().flatten().cloned());
            }
        }
    };
    mark(&mut stack, &mut reached);
    for d in &all {
        if !reached.contains(d) {
            roots.push(d.clone());
            stack.push(d.clone());
            mark(&mut stack, &mut reached);
        }
    }
    let mut out: Vec<PathBuf> = roots.into_iter().filter_map(|r| original.get(&r).cloned()).collect();
    out.sort();
    out
}
