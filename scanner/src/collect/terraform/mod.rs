//! Terraform: a module directory (all its `.tf` and `.tf.json` files) evaluated as far as can be
//! known without a plan, into IaC resources for the cloud adapters and the raw `terraform`
//! model for custom policies.
//!
//! The pieces: `ast` reads both syntaxes into one tree with lines; `config` sorts a module's
//! blocks into declarations; `modules` finds the modules a root calls (local directories and
//! what `terraform init` downloaded); `eval` evaluates expressions lazily over module instances,
//! with `functions` and `policy_doc`; this file applies variable values and assembles the
//! outputs. `docs/terraform.md` describes what is and is not known.

mod ast;
mod config;
mod eval;
mod functions;
mod modules;
mod policy_doc;
#[cfg(test)]
mod tests;
mod value;

use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex};

use serde_json::{Map as JMap, Value as Json};

use super::{Input, Output};
use crate::diagnostic::Diagnostic;
use crate::document::{escape_pointer_segment, FileMap, Model, SourceMap, Span, SpanMap};
use crate::iac::{Inventory, Resource, Source, Unit};
use crate::ignores::InlineIgnores;

use config::{Config, Top, Type};
use eval::{BodyOut, Evaluator, Settings};
use modules::FileRole;
use value::Value;

/// Base64 as Terraform's `base64encode` writes it; Kustomize's generators encode secrets alike.
pub(crate) use functions::base64_encode;

/// One file of a module, already read.
#[derive(Debug, Clone)]
pub struct TfFile {
    /// Repo-relative path, as reported.
    pub rel: Arc<str>,
    pub text: String,
}

/// Cap on the instances one `count`/`for_each` may expand to, unless told otherwise.
pub const DEFAULT_MAX_EXPANSION: usize = 1000;

/// Variable values given on the command line (`--var`, `--var-file`), applied to root modules,
/// and the limits of an evaluation.
#[derive(Debug, Clone)]
pub struct TfOptions {
    pub vars: Vec<(String, String)>,
    pub var_files: Vec<PathBuf>,
    /// Cap on the instances one `count`/`for_each` may expand to.
    pub max_expansion: usize,
    /// Cap on the size of a file read, modules' and `file()`'s included.
    pub max_file_size: u64,
}

impl Default for TfOptions {
    fn default() -> Self {
        TfOptions {
            vars: Vec::new(),
            var_files: Vec::new(),
            max_expansion: DEFAULT_MAX_EXPANSION,
            max_file_size: crate::collect::DEFAULT_MAX_FILE_SIZE,
        }
    }
}

/// What evaluating one root module (with its local modules) produced.
#[derive(Debug)]
pub struct TfModuleOutput {
    /// Every managed resource instance and data source, local modules' included.
    pub inventory: Inventory,
    /// The raw `terraform` model input.
    pub terraform: Json,
    /// SourceMap of the raw model (entity refs are resource addresses).
    pub source_map: SourceMap,
    pub diagnostics: Vec<Diagnostic>,
    /// Inline ignores of every file read (root and module files).
    pub ignores: HashMap<Arc<str>, Arc<InlineIgnores>>,
    /// The entity of `source_map` for the whole module (paths from the `terraform` input's
    /// root): the module directory's display path, `.` for the report base.
    pub root_ref: String,
    /// The first file of the root module, where the document as a whole is reported.
    pub root_file: Arc<str>,
    /// For every resource address inside a module: the `module` blocks that lead to it,
    /// outermost first (file and lines), so that an ignore comment on a module call can cover
    /// what is inside.
    pub call_sites: HashMap<String, Vec<(Arc<str>, Span)>>,
}

/// One `.tf` file read alone (a rules-tests case, stdin), as a module of its own.
pub fn read(input: &Input) -> Output {
    let files = vec![TfFile { rel: input.rel.clone(), text: input.text.to_string() }];
    output(evaluate_files(files, &input.opts.tf), input.rel.clone(), input.rel.to_string())
}

/// An evaluated module as an IaC unit reported under `file` and `root_ref`.
pub fn output(module: TfModuleOutput, file: Arc<str>, root_ref: String) -> Output {
    let unit = Unit {
        file,
        root_ref,
        inventory: module.inventory,
        raw: Some((Model::Terraform, module.terraform, module.source_map)),
        ignores: module.ignores,
    };
    Output { iac: vec![unit], diagnostics: module.diagnostics, ..Default::default() }
}

/// Evaluate a root module given as in-memory files (rules-tests cases, stdin). Local modules
/// cannot be read this way: they are reported and their outputs are unknown.
pub fn evaluate_files(files: Vec<TfFile>, opts: &TfOptions) -> TfModuleOutput {
    with_stack(move || {
        let mut files = files;
        files.sort_by(|a, b| a.rel.cmp(&b.rel));
        let dir = files
            .first()
            .and_then(|f| f.rel.rsplit_once('/').map(|(d, _)| d.to_string()))
            .unwrap_or_else(|| ".".to_string());
        run(Root { dir, abs: None, base: None, files, diags: Vec::new() }, opts)
    })
}

/// Read and evaluate the module in `abs_dir` as a root, with the local modules it calls and the
/// modules `terraform init` downloaded under its `.terraform/modules`. Files are reported
/// relative to `base`.
pub fn collect_dir(abs_dir: &Path, base: &Path, opts: &TfOptions) -> TfModuleOutput {
    with_stack(|| {
        let mut diags = Vec::new();
        let files = modules::read_dir(abs_dir, base, opts.max_file_size, true, &mut diags);
        let root = Root {
            dir: modules::rel_dir(abs_dir, base),
            abs: Some(crate::paths::normalize(abs_dir)),
            base: Some(base.to_path_buf()),
            files,
            diags,
        };
        run(root, opts)
    })
}

/// Of every directory holding `.tf`/`.tf.json` files in a scan, the ones to evaluate as roots:
/// a directory another listed directory calls as a local module is left out (it is evaluated
/// through that call, with its inputs). Sorted.
pub fn roots(dirs: &[PathBuf]) -> Vec<PathBuf> {
    modules::roots(dirs)
}

/// Run evaluation on a thread whose stack fits the evaluator's depth limit, whatever thread
/// (a rayon worker with a small stack) calls it; inline if no thread can be started.
fn with_stack<F: FnOnce() -> TfModuleOutput + Send>(f: F) -> TfModuleOutput {
    let slot = Mutex::new(Some(f));
    let take = || slot.lock().unwrap_or_else(|e| e.into_inner()).take();
    let spawned = std::thread::scope(|s| {
        let handle = std::thread::Builder::new().stack_size(64 << 20).spawn_scoped(s, || take().map(|f| f()));
        match handle.map(|h| h.join()) {
            Ok(Ok(out)) => out,
            Ok(Err(panic)) => std::panic::resume_unwind(panic),
            Err(_) => None,
        }
    });
    match spawned.or_else(|| take().map(|f| f())) {
        Some(out) => out,
        None => TfModuleOutput {
            inventory: Inventory::new(Source::Terraform, Vec::new()),
            terraform: Json::Object(JMap::new()),
            source_map: SourceMap::default(),
            diagnostics: vec![Diagnostic::new(
                crate::diagnostic::Level::Error,
                None,
                None,
                "Terraform evaluation did not run",
            )],
            ignores: HashMap::new(),
            root_ref: String::new(),
            root_file: Arc::from(""),
            call_sites: HashMap::new(),
        },
    }
}

struct Root {
    /// Display path of the directory (`path.module`).
    dir: String,
    abs: Option<PathBuf>,
    base: Option<PathBuf>,
    files: Vec<TfFile>,
    diags: Vec<Diagnostic>,
}

fn run(root: Root, opts: &TfOptions) -> TfModuleOutput {
    let Root { dir, abs, base, files, mut diags } = root;
    let mut ignores: HashMap<Arc<str>, Arc<InlineIgnores>> = HashMap::new();
    let root_file: Arc<str> = files
        .iter()
        .find(|f| matches!(modules::file_role(&f.rel), Some(FileRole::Hcl | FileRole::Json)))
        .map(|f| f.rel.clone())
        .unwrap_or_else(|| Arc::from(dir.as_str()));
    let root_cfg = modules::parse_module(dir.clone(), abs.clone(), &files, &mut diags, &mut ignores);
    let (configs, resolved) = match (&abs, &base) {
        (Some(a), Some(b)) => {
            let (loaded, d, ig) = modules::Loader::new(root_cfg, Some(a.clone()), b, opts.max_file_size).load();
            diags.extend(d);
            ignores.extend(ig);
            (loaded.configs, loaded.resolved)
        }
        _ => {
            let resolved = modules::unavailable_calls(&root_cfg, &mut diags);
            (vec![root_cfg], resolved)
        }
    };
    let settings = Settings { max_expansion: opts.max_expansion, max_file_size: opts.max_file_size, base };
    let mut ev = Evaluator::new(&configs, &resolved, &settings);
    apply_values(&mut ev, &configs[0], &files, opts, &mut diags, &mut ignores);
    let mut asm = Assembler::new(root_file.clone());
    asm.module_instance(&mut ev, &configs, 0, &mut Vec::new());
    asm.root_declarations(&mut ev, &configs[0]);
    diags.extend(std::mem::take(&mut ev.diags));
    let root_ref = dir;
    let terraform = asm.model();
    let mut source_map = asm.source_map;
    let mut root_spans = asm.root_spans;
    root_spans.insert(String::new(), Span::new(1, 1));
    source_map.insert_entity_in_files(root_ref.clone(), root_file.clone(), root_spans, asm.root_files);
    TfModuleOutput {
        inventory: Inventory::new(Source::Terraform, asm.resources),
        terraform,
        source_map,
        diagnostics: diags,
        ignores,
        root_ref,
        root_file,
        call_sites: asm.call_sites,
    }
}

/// Root variable values, lowest precedence first: `terraform.tfvars`, `*.auto.tfvars` (by name),
/// `--var-file`s, `--var`s.
fn apply_values(
    ev: &mut Evaluator,
    root: &Config,
    files: &[TfFile],
    opts: &TfOptions,
    diags: &mut Vec<Diagnostic>,
    ignores: &mut HashMap<Arc<str>, Arc<InlineIgnores>>,
) {
    let mut auto: Vec<&TfFile> =
        files.iter().filter(|f| matches!(modules::file_role(&f.rel), Some(FileRole::AutoVars { .. }))).collect();
    let name = |f: &TfFile| f.rel.rsplit('/').next().unwrap_or(&f.rel).to_string();
    auto.sort_by_key(|f| {
        let n = name(f);
        (!n.starts_with("terraform.tfvars"), n)
    });
    for f in auto {
        let json = matches!(modules::file_role(&f.rel), Some(FileRole::AutoVars { json: true }));
        let ig = InlineIgnores::parse(&f.text);
        diags.extend(ig.diagnostics(&f.rel));
        ignores.insert(f.rel.clone(), Arc::new(ig));
        apply_tfvars(ev, &f.rel, &f.text, json, diags);
    }
    for path in &opts.var_files {
        let rel = path.display().to_string();
        match crate::collect::read_text(path, &rel, opts.max_file_size) {
            Ok(text) => {
                let json = rel.ends_with(".json");
                apply_tfvars(ev, &rel, &text, json, diags);
            }
            Err(d) => diags.push(*d),
        }
    }
    for (name, raw) in &opts.vars {
        let string_typed = root
            .var_index
            .get(name.as_str())
            .and_then(|&i| root.variables[i].ty.as_ref())
            .is_some_and(|t| *t == Type::String);
        let parsed = if string_typed { None } else { ast::parse_expr(raw, Span::new(1, 1)) };
        let value = match parsed.map(|e| ev.eval_const(&e)) {
            Some(v) if !v.is_unknown() => v,
            _ => Value::str(raw),
        };
        ev.set_root_value(name, value);
    }
}

fn apply_tfvars(ev: &mut Evaluator, rel: &str, text: &str, json: bool, diags: &mut Vec<Diagnostic>) {
    let attrs = if json {
        ast::parse_json_tfvars(text)
    } else {
        ast::parse_hcl(text).map(|(body, _)| {
            body.items
                .into_iter()
                .filter_map(|i| match i {
                    ast::Item::Attr(a) => Some(a),
                    ast::Item::Block(_) => None,
                })
                .collect()
        })
    };
    match attrs {
        Ok(attrs) => {
            for a in attrs {
                let v = ev.eval_const(&a.expr);
                ev.set_root_value(&a.name, v);
            }
        }
        Err(e) => diags.push(Diagnostic::error(rel, Some(e.line), e.message)),
    }
}

/// Builds the inventory, the raw model and its source map while walking the module tree.
struct Assembler {
    root_file: Arc<str>,
    resources: Vec<Resource>,
    raw_resource: JMap<String, Json>,
    raw_data: JMap<String, Json>,
    raw_module: JMap<String, Json>,
    raw_variable: JMap<String, Json>,
    raw_provider: JMap<String, Json>,
    raw_terraform: Vec<Json>,
    source_map: SourceMap,
    root_spans: SpanMap,
    root_files: FileMap,
    call_sites: HashMap<String, Vec<(Arc<str>, Span)>>,
}

impl Assembler {
    fn new(root_file: Arc<str>) -> Assembler {
        Assembler {
            root_file,
            resources: Vec::new(),
            raw_resource: JMap::new(),
            raw_data: JMap::new(),
            raw_module: JMap::new(),
            raw_variable: JMap::new(),
            raw_provider: JMap::new(),
            raw_terraform: Vec::new(),
            source_map: SourceMap::default(),
            root_spans: SpanMap::new(),
            root_files: FileMap::new(),
            call_sites: HashMap::new(),
        }
    }

    /// Register an entity of the raw model: its own source map entry, and its spans under
    /// `at` (its JSON pointer in the model) for the module's root entity.
    fn entity(&mut self, at: &str, reference: &str, file: &Arc<str>, spans: SpanMap) {
        for (p, s) in &spans {
            let full = format!("{at}{p}");
            if *file != self.root_file {
                self.root_files.insert(full.clone(), file.clone());
            }
            self.root_spans.insert(full, *s);
        }
        self.source_map.insert_entity(reference, file.clone(), spans);
    }

    /// Resources of a module instance in source order, module calls' resources where the call
    /// is written.
    fn module_instance(
        &mut self,
        ev: &mut Evaluator,
        configs: &[Config],
        inst: usize,
        chain: &mut Vec<(Arc<str>, Span)>,
    ) {
        let Some(ci) = ev.insts[inst].config else { return };
        let cfg = &configs[ci];
        if chain.len() > 64 {
            return;
        }
        for top in &cfg.order {
            match *top {
                Top::Resource(ri) => {
                    let decl = &cfg.resources[ri];
                    let Some(evald) = ev.resource(inst, ri) else { continue };
                    let file = cfg.files.get(decl.file).cloned().unwrap_or_else(|| self.root_file.clone());
                    let prefix = ev.insts[inst].prefix.clone();
                    let base_len = prefix.len() + if decl.data { 5 } else { 0 } + decl.ty.len() + 1 + decl.name.len();
                    for ri in &evald.instances {
                        let attrs = ri.attrs.to_json();
                        let suffix = ri.address.get(base_len..).unwrap_or("");
                        let key = format!("{prefix}{}{suffix}", decl.name);
                        let mut raw = attrs.clone();
                        if let Json::Object(m) = &mut raw {
                            m.insert("__ref".into(), Json::String(ri.address.clone()));
                        }
                        let section = if decl.data { &mut self.raw_data } else { &mut self.raw_resource };
                        if let Json::Object(by_name) =
                            section.entry(decl.ty.to_string()).or_insert_with(|| Json::Object(JMap::new()))
                        {
                            by_name.insert(key.clone(), raw);
                        }
                        let mut at = String::from(if decl.data { "/data/" } else { "/resource/" });
                        escape_pointer_segment(&decl.ty, &mut at);
                        at.push('/');
                        escape_pointer_segment(&key, &mut at);
                        self.entity(&at, &ri.address, &file, ri.spans.clone());
                        if !chain.is_empty() {
                            self.call_sites.insert(ri.address.clone(), chain.clone());
                        }
                        self.resources.push(Resource {
                            kind: decl.ty.to_string(),
                            data: decl.data,
                            address: ri.address.clone(),
                            file: file.clone(),
                            span: decl.block.span,
                            attrs,
                            spans: ri.spans.clone(),
                            refs: ri.refs.clone(),
                            exprs: ri.exprs.clone(),
                        });
                    }
                }
                Top::Module(mi) => {
                    let call = &cfg.modules[mi];
                    let file = cfg.files.get(call.file).cloned().unwrap_or_else(|| self.root_file.clone());
                    chain.push((file, call.block.span));
                    let exp = ev.module(inst, mi);
                    for &(_, child) in &exp.instances {
                        self.module_instance(ev, configs, child, chain);
                    }
                    chain.pop();
                }
            }
        }
        // Providers of every module instance (legacy modules configure their own).
        for p in &cfg.providers {
            let Some(name) = p.block.labels.first() else { continue };
            let mut out = BodyOut::default();
            out.spans.insert(String::new(), p.block.span);
            let mut attrs = ev.eval_body_at(inst, p.file, &p.block.body, &[], &mut out);
            let alias = attrs.get("alias").and_then(Value::as_str).map(str::to_string);
            let mut reference = format!(
                "{}provider.{name}{}",
                ev.insts[inst].prefix,
                alias.map(|a| format!(".{a}")).unwrap_or_default()
            );
            // Two blocks for the same provider configuration are an error in Terraform; each
            // still gets its own ref, so that each is located where it is written.
            if self.source_map.contains(&reference) {
                let n = (2..).find(|n| !self.source_map.contains(&format!("{reference}[{n}]"))).unwrap_or(2);
                reference = format!("{reference}[{n}]");
            }
            attrs.insert("__ref".into(), Value::str(&reference));
            let list = self.raw_provider.entry(name.to_string()).or_insert_with(|| Json::Array(Vec::new()));
            let Json::Array(list) = list else { continue };
            let mut at = String::from("/provider/");
            escape_pointer_segment(name, &mut at);
            at.push_str(&format!("/{}", list.len()));
            list.push(Value::object(attrs).to_json());
            let file = cfg.files.get(p.file).cloned().unwrap_or_else(|| self.root_file.clone());
            self.entity(&at, &reference, &file, out.spans);
        }
    }

    /// Module calls, variables and `terraform` blocks of the root module.
    fn root_declarations(&mut self, ev: &mut Evaluator, cfg: &Config) {
        for (mi, call) in cfg.modules.iter().enumerate() {
            let mut out = BodyOut::default();
            out.spans.insert(String::new(), call.block.span);
            let mut attrs = ev.module_inputs(0, mi, &mut out);
            let reference = format!("module.{}", call.name);
            attrs.insert("__ref".into(), Value::str(&reference));
            self.raw_module.insert(call.name.to_string(), Value::object(attrs).to_json());
            let mut at = String::from("/module/");
            escape_pointer_segment(&call.name, &mut at);
            let file = cfg.files.get(call.file).cloned().unwrap_or_else(|| self.root_file.clone());
            self.entity(&at, &reference, &file, out.spans);
        }
        for var in &cfg.variables {
            let mut out = BodyOut::default();
            out.spans.insert(String::new(), var.block.span);
            let mut attrs = ev.eval_body_at(0, var.file, &var.block.body, &["type"], &mut out);
            if let (Some(ty), Some(a)) = (&var.ty, var.block.body.attr("type")) {
                attrs.insert("type".into(), Value::string(ty.to_string()));
                out.spans.insert("/type".into(), a.span);
            }
            attrs.insert("value".into(), ev.root_var(&var.name));
            let reference = format!("var.{}", var.name);
            attrs.insert("__ref".into(), Value::str(&reference));
            self.raw_variable.insert(var.name.to_string(), Value::object(attrs).to_json());
            let mut at = String::from("/variable/");
            escape_pointer_segment(&var.name, &mut at);
            let file = cfg.files.get(var.file).cloned().unwrap_or_else(|| self.root_file.clone());
            self.entity(&at, &reference, &file, out.spans);
        }
        for (i, t) in cfg.terraform.iter().enumerate() {
            let mut out = BodyOut::default();
            out.spans.insert(String::new(), t.block.span);
            let mut attrs = ev.eval_body_at(0, t.file, &t.block.body, &[], &mut out);
            let reference = if i == 0 { "terraform".to_string() } else { format!("terraform[{i}]") };
            attrs.insert("__ref".into(), Value::str(&reference));
            self.raw_terraform.push(Value::object(attrs).to_json());
            let file = cfg.files.get(t.file).cloned().unwrap_or_else(|| self.root_file.clone());
            self.entity(&format!("/terraform/{i}"), &reference, &file, out.spans);
        }
    }

    fn model(&mut self) -> Json {
        let mut m = JMap::new();
        m.insert("resource".into(), Json::Object(std::mem::take(&mut self.raw_resource)));
        m.insert("data".into(), Json::Object(std::mem::take(&mut self.raw_data)));
        m.insert("module".into(), Json::Object(std::mem::take(&mut self.raw_module)));
        m.insert("variable".into(), Json::Object(std::mem::take(&mut self.raw_variable)));
        m.insert("provider".into(), Json::Object(std::mem::take(&mut self.raw_provider)));
        m.insert("terraform".into(), Json::Array(std::mem::take(&mut self.raw_terraform)));
        Json::Object(m)
    }
}
