//! Collectors: turn one file into the documents policies evaluate.
//!
//! Each file is read once, here, with the limits that keep hostile input cheap (size cap,
//! binary and encoding checks); the format-specific collectors below only see text. Every
//! problem becomes a located diagnostic for that file; nothing here aborts a scan.

pub mod cloudformation;
pub mod dockerfile;
pub mod iac_docs;
pub mod kubernetes;
pub mod plan;
pub mod raw;
pub mod snapshot;
pub mod terraform;

use std::path::{Path, PathBuf};
use std::sync::Arc;

use globset::GlobSet;

use crate::document::{Document, Model};
use crate::finding::Diagnostic;
use crate::suppress::InlineIgnores;
use crate::yaml;

/// Default cap on the size of a file we read.
pub const DEFAULT_MAX_FILE_SIZE: u64 = 10 * 1024 * 1024;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FileKind {
    Yaml,
    Json,
    Toml,
    Dockerfile,
    /// `.tf`, `.tf.json`, `.tfvars`: read with the rest of their module directory.
    Terraform,
}

/// What a file is, from its name alone, so discovery never has to open unrelated files.
pub fn classify(path: &Path) -> Option<FileKind> {
    let name = path.file_name()?.to_str()?;
    let lower = name.to_ascii_lowercase();
    if lower == "dockerfile"
        || lower == "containerfile"
        || lower.ends_with(".dockerfile")
        || lower.ends_with(".containerfile")
        || (lower.starts_with("dockerfile.") && !lower.ends_with(".dockerignore"))
        || lower.starts_with("containerfile.")
    {
        return Some(FileKind::Dockerfile);
    }
    if lower.ends_with(".tf")
        || lower.ends_with(".tf.json")
        || lower.ends_with(".tfvars")
        || lower.ends_with(".tfvars.json")
    {
        return Some(FileKind::Terraform);
    }
    let ext = lower.rsplit_once('.').map(|(_, e)| e)?;
    match ext {
        "yaml" | "yml" => Some(FileKind::Yaml),
        "json" => Some(FileKind::Json),
        "toml" => Some(FileKind::Toml),
        _ => None,
    }
}

/// Which documents the loaded policies can use, so we only build those.
#[derive(Clone)]
pub struct Options {
    pub max_file_size: u64,
    pub kubernetes: bool,
    pub dockerfile: bool,
    /// Globs of every `raw` policy: a file matching one becomes a raw document.
    pub raw: Option<Arc<GlobSet>>,
    /// `cloud` rules are active: Terraform, plans and templates become cloud documents.
    pub cloud: bool,
    /// `terraform` (raw model) rules are active.
    pub terraform: bool,
    /// `cloudformation` (raw model) rules are active.
    pub cloudformation: bool,
    pub tf: Arc<terraform::TfOptions>,
    /// `--cfn-params`, parsed.
    pub cfn_params: Option<Arc<serde_json::Value>>,
    /// The directory reports are relative to, so a plan can find the sources beside it.
    pub base: Option<PathBuf>,
}

impl Default for Options {
    fn default() -> Self {
        Options {
            max_file_size: DEFAULT_MAX_FILE_SIZE,
            kubernetes: true,
            dockerfile: true,
            raw: None,
            cloud: true,
            terraform: true,
            cloudformation: true,
            tf: Arc::new(terraform::TfOptions { max_file_size: DEFAULT_MAX_FILE_SIZE, ..Default::default() }),
            cfn_params: None,
            base: None,
        }
    }
}

impl Options {
    /// Whether IaC sources (Terraform, plans, CloudFormation) are worth reading at all.
    pub fn wants_iac(&self) -> bool {
        self.cloud || self.terraform || self.cloudformation
    }
}

#[derive(Default)]
pub struct FileOutput {
    pub docs: Vec<Document>,
    pub diagnostics: Vec<Diagnostic>,
}

/// Read `abs` (reported as `rel`) and collect its documents.
pub fn collect_file(abs: &Path, rel: &Arc<str>, kind: FileKind, opts: &Options) -> FileOutput {
    let mut out = FileOutput::default();
    let wants_raw = kind != FileKind::Dockerfile && opts.raw.as_ref().is_some_and(|g| g.is_match(rel.as_ref()));
    let wanted = match kind {
        FileKind::Dockerfile => opts.dockerfile,
        FileKind::Toml => wants_raw,
        FileKind::Yaml | FileKind::Json => opts.kubernetes || wants_raw || opts.wants_iac(),
        // Read as part of their module directory, never alone.
        FileKind::Terraform => false,
    };
    if !wanted {
        return out;
    }
    match read_text(abs, rel, opts.max_file_size) {
        Ok(text) => collect_text(rel, kind, &text, opts),
        Err(diag) => {
            out.diagnostics.push(*diag);
            out
        }
    }
}

/// Evaluate the Terraform root module in `dir` (reported as `root_ref`; `file` is one of its
/// files, which results without a location fall back to) and collect its documents.
pub fn collect_module(dir: &Path, base: &Path, file: &Arc<str>, root_ref: &str, opts: &Options) -> FileOutput {
    let module = terraform::collect_dir(dir, base, &opts.tf);
    let mut out = FileOutput { diagnostics: module.diagnostics, ..Default::default() };
    out.docs = iac_docs::documents(
        iac_docs::Unit {
            file: file.clone(),
            root_ref: root_ref.to_string(),
            inventory: module.inventory,
            raw: Some((Model::Terraform, module.terraform, module.source_map)),
            ignores: module.ignores,
        },
        opts.cloud,
        opts.terraform,
    );
    out
}

/// Collect documents from a file's text (already read).
pub fn collect_text(rel: &Arc<str>, kind: FileKind, text: &str, opts: &Options) -> FileOutput {
    let mut out = FileOutput::default();
    let wants_raw = kind != FileKind::Dockerfile && opts.raw.as_ref().is_some_and(|g| g.is_match(rel.as_ref()));
    let ignores = Arc::new(InlineIgnores::parse(text));
    out.diagnostics.extend(ignores.diagnostics(rel));
    match kind {
        FileKind::Dockerfile => {
            let (doc, problems) = dockerfile::collect(rel, text, &ignores);
            out.diagnostics.extend(problems.into_iter().map(|(line, msg)| Diagnostic::error(rel, Some(line), msg)));
            out.docs.extend(doc);
        }
        FileKind::Toml => match raw::collect_toml(rel, text, &ignores) {
            Ok(doc) => out.docs.push(doc),
            Err(diag) => out.diagnostics.push(diag),
        },
        FileKind::Terraform => {
            let files = vec![terraform::TfFile { rel: rel.clone(), text: text.to_string() }];
            let module = terraform::evaluate_files(files, &opts.tf);
            out.diagnostics.extend(module.diagnostics);
            out.docs.extend(iac_docs::documents(
                iac_docs::Unit {
                    file: rel.clone(),
                    root_ref: rel.to_string(),
                    inventory: module.inventory,
                    raw: Some((Model::Terraform, module.terraform, module.source_map)),
                    ignores: module.ignores,
                },
                opts.cloud,
                opts.terraform,
            ));
        }
        FileKind::Yaml | FileKind::Json => {
            let wants_k8s = opts.kubernetes && text.contains("apiVersion");
            let wants_cfn = (opts.cloud || opts.cloudformation)
                && (text.contains("AWSTemplateFormatVersion") || text.contains("AWS::"));
            let wants_plan = kind == FileKind::Json
                && (opts.cloud || opts.terraform)
                && text.contains("\"format_version\"")
                && (text.contains("\"planned_values\"") || text.contains("\"resource_changes\""));
            let wants_snapshot = opts.cloud && text.contains(snapshot::KIND);
            if !wants_k8s && !wants_raw && !wants_cfn && !wants_plan && !wants_snapshot {
                return out;
            }
            // CloudFormation dynamic references (`{{resolve:ssm:…}}`) are not templates.
            if text.contains("{{") && !wants_cfn && !wants_plan && !wants_snapshot {
                out.diagnostics.push(Diagnostic::info(
                    rel,
                    None,
                    "skipped: looks like a Helm or Go template; render it first (`helm template … > out.yaml`) and scan the output",
                ));
                return out;
            }
            let docs = match yaml::parse(text) {
                Ok(docs) => docs,
                Err(e) => {
                    let what = if kind == FileKind::Json { "JSON" } else { "YAML" };
                    out.diagnostics.push(Diagnostic::error(
                        rel,
                        Some(e.line),
                        format!("invalid {what} at column {}: {}", e.col, e.message),
                    ));
                    return out;
                }
            };
            if wants_cfn || wants_plan {
                for node in &docs {
                    if wants_cfn && cloudformation::is_template(node) {
                        let params = opts.cfn_params.as_deref();
                        let cfn = cloudformation::collect(rel, node, params);
                        out.diagnostics.extend(cfn.diagnostics);
                        out.docs.extend(iac_docs::documents(
                            iac_docs::Unit {
                                file: rel.clone(),
                                root_ref: rel.to_string(),
                                inventory: cfn.inventory,
                                raw: Some((Model::Cloudformation, cfn.template, cfn.source_map)),
                                ignores: [(rel.clone(), ignores.clone())].into_iter().collect(),
                            },
                            opts.cloud,
                            opts.cloudformation,
                        ));
                        return out;
                    }
                    if wants_plan && plan::is_plan(node) {
                        let (unit, diagnostics) = plan::collect(rel, node, &ignores, opts);
                        out.diagnostics.extend(diagnostics);
                        out.docs.extend(iac_docs::documents(unit, opts.cloud, opts.terraform));
                        return out;
                    }
                }
            }
            if wants_snapshot {
                if let Some(node) = docs.iter().find(|n| snapshot::is_snapshot(n)) {
                    let (doc, diagnostics) = snapshot::collect(rel, node, &ignores);
                    out.diagnostics.extend(diagnostics);
                    out.docs.extend(doc);
                    return out;
                }
            }
            if wants_k8s {
                out.docs.extend(kubernetes::collect(rel, &docs, &ignores));
            }
            if wants_raw {
                out.docs.push(raw::collect_yaml(rel, &docs, &ignores));
            }
        }
    }
    out
}

/// Read a file as UTF-8 text within the size cap, or say why not.
pub fn read_text(abs: &Path, rel: &str, max_size: u64) -> Result<String, Box<Diagnostic>> {
    let meta =
        std::fs::metadata(abs).map_err(|e| Box::new(Diagnostic::error(rel, None, format!("cannot read: {e}"))))?;
    if meta.len() > max_size {
        return Err(Box::new(Diagnostic::warning(
            rel,
            None,
            format!("skipped: {} bytes is over the {max_size}-byte limit (raise it with --max-file-size)", meta.len()),
        )));
    }
    let bytes = std::fs::read(abs).map_err(|e| Box::new(Diagnostic::error(rel, None, format!("cannot read: {e}"))))?;
    if bytes[..bytes.len().min(8192)].contains(&0) {
        return Err(Box::new(Diagnostic::warning(rel, None, "skipped: binary content (NUL bytes)")));
    }
    String::from_utf8(bytes).map_err(|e| {
        let valid = e.utf8_error().valid_up_to();
        let line = e.as_bytes()[..valid].iter().filter(|b| **b == b'\n').count() as u32 + 1;
        Box::new(Diagnostic::error(rel, Some(line), format!("not valid UTF-8 (byte {valid}): expected UTF-8 text")))
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn classify_names() {
        for (name, kind) in [
            ("Dockerfile", Some(FileKind::Dockerfile)),
            ("Containerfile", Some(FileKind::Dockerfile)),
            ("api.Dockerfile", Some(FileKind::Dockerfile)),
            ("Dockerfile.prod", Some(FileKind::Dockerfile)),
            ("Dockerfile.dockerignore", None),
            ("deploy.yaml", Some(FileKind::Yaml)),
            ("x.YML", Some(FileKind::Yaml)),
            ("list.json", Some(FileKind::Json)),
            ("Cargo.toml", Some(FileKind::Toml)),
            ("README.md", None),
            ("Makefile", None),
            ("main.tf", Some(FileKind::Terraform)),
            ("main.tf.json", Some(FileKind::Terraform)),
            ("prod.auto.tfvars", Some(FileKind::Terraform)),
            ("plan.json", Some(FileKind::Json)),
        ] {
            assert_eq!(classify(Path::new(name)), kind, "{name}");
        }
    }
}
