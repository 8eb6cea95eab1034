//! Terraform: a module directory (all its `.tf` and `.tf.json` files) evaluated as far as can be
//! known without a plan, into IaC resources for the cloud adapters and the raw `terraform`
//! model for custom policies.

use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::sync::Arc;

use serde_json::Value as Json;

use crate::document::SourceMap;
use crate::finding::Diagnostic;
use crate::iac::{Inventory, Source};
use crate::suppress::InlineIgnores;

/// One file of a module, already read.
#[derive(Debug, Clone)]
pub struct TfFile {
    /// Repo-relative path, as reported.
    pub rel: Arc<str>,
    pub text: String,
}

/// Variable values given on the command line (`--var`, `--var-file`), applied to root modules.
#[derive(Debug, Clone, Default)]
pub struct TfOptions {
    pub vars: Vec<(String, String)>,
    pub var_files: Vec<PathBuf>,
    /// Cap on the instances one `count`/`for_each` may expand to.
    pub max_expansion: usize,
    pub max_file_size: u64,
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
}

/// Evaluate a root module given as in-memory files (rules-tests cases, stdin).
pub fn evaluate_files(files: Vec<TfFile>, _opts: &TfOptions) -> TfModuleOutput {
    let ignores = files.iter().map(|f| (f.rel.clone(), Arc::new(InlineIgnores::parse(&f.text)))).collect();
    TfModuleOutput {
        inventory: Inventory::new(Source::Terraform, Vec::new()),
        terraform: Json::Object(Default::default()),
        source_map: SourceMap::default(),
        diagnostics: Vec::new(),
        ignores,
    }
}

/// Read and evaluate the root module in `abs_dir` (files reported relative to `base`).
pub fn collect_dir(abs_dir: &Path, base: &Path, opts: &TfOptions) -> TfModuleOutput {
    let _ = (abs_dir, base);
    evaluate_files(Vec::new(), opts)
}

/// The directories to evaluate as root modules: those no other listed directory calls.
pub fn roots(dirs: &[PathBuf]) -> Vec<PathBuf> {
    dirs.to_vec()
}
