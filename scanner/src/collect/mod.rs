//! Collectors: turn one file into the documents policies evaluate.
//!
//! Each file is read once, here, with the limits that keep hostile input cheap (size cap,
//! binary and encoding checks); the format-specific collectors below only see text. Every
//! problem becomes a located diagnostic for that file; nothing here aborts a scan.

pub mod cloudformation;
pub mod compose;
pub mod dockerfile;
pub mod github;
pub mod gitlab;
pub mod helm;
pub mod kubernetes;
pub mod kustomize;
pub mod manifest_set;
pub mod plan;
pub mod raw;
pub mod snapshot;
pub mod terraform;

use std::path::{Path, PathBuf};
use std::sync::Arc;

use globset::GlobSet;

use crate::diagnostic::Diagnostic;
use crate::document::{Document, Model, Models};
use crate::iac;
use crate::ignores::InlineIgnores;
use crate::yaml::{self, Node};

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
    /// The models the selected rules read.
    pub models: Models,
    /// Globs of every `raw` policy: a file matching one becomes a raw document.
    pub raw: Option<Arc<GlobSet>>,
    pub tf: Arc<terraform::TfOptions>,
    /// `--cfn-params`, parsed.
    pub cfn_params: Option<Arc<serde_json::Value>>,
    /// The directory reports are relative to, so a plan can find the sources beside it.
    pub base: Option<PathBuf>,
    /// `trusted_actions` of `.rampart.yaml`, lower case (`owner` or `owner/repo`): the GitHub
    /// collector marks the `uses_ref` of those actions `trusted`.
    pub trusted_actions: Arc<[String]>,
    /// `--honor-peer-ignores`: peers' waivers that stand for no Rampart rule are listed.
    pub peer_ignores: bool,
    /// `--helm-values`, `--helm-set`.
    pub helm: Arc<helm::HelmOptions>,
}

impl Default for Options {
    fn default() -> Self {
        Options {
            max_file_size: DEFAULT_MAX_FILE_SIZE,
            models: Models::ALL,
            raw: None,
            tf: Arc::new(terraform::TfOptions::default()),
            cfn_params: None,
            base: None,
            trusted_actions: Arc::from([]),
            peer_ignores: false,
            helm: Arc::default(),
        }
    }
}

/// What every collector gives: documents, IaC units that the pipeline turns into documents
/// (the cloud model and the source's raw model), and located diagnostics.
#[derive(Default)]
pub struct Output {
    pub docs: Vec<Document>,
    pub iac: Vec<iac::Unit>,
    pub diagnostics: Vec<Diagnostic>,
}

impl Output {
    pub fn doc(doc: Document) -> Output {
        Output { docs: vec![doc], ..Default::default() }
    }

    pub fn diagnostic(d: Diagnostic) -> Output {
        Output { diagnostics: vec![d], ..Default::default() }
    }

    fn extend(&mut self, other: Output) {
        self.docs.extend(other.docs);
        self.iac.extend(other.iac);
        self.diagnostics.extend(other.diagnostics);
    }
}

/// One file, as collectors read it.
pub struct Input<'a> {
    /// Repo-relative path, as reported.
    pub rel: &'a Arc<str>,
    pub kind: FileKind,
    pub text: &'a str,
    /// Its `# rampart:ignore` comments.
    pub ignores: &'a Arc<InlineIgnores>,
    pub opts: &'a Options,
    /// Where it is on disk, when it was read from disk (a plan finds its sources beside it).
    pub abs: Option<&'a Path>,
}

/// A format read from YAML or JSON. `maybe` is a cheap test of the raw text that is false
/// only when the format cannot be in the file (so unrelated files are never parsed): it looks
/// for the literal a document of the format must hold, and says yes to any text with a
/// backslash, since an escape (`"apiVersi\u006fn"`) can hide the literal from a text search
/// but not from the parser. What a file is, is decided on the parsed documents by `read`,
/// which returns `None` when they are not of its format.
struct Structured {
    /// The models it feeds: a format no selected rule reads is not tried.
    models: &'static [Model],
    maybe: fn(&str, FileKind) -> bool,
    /// Whether a file at this path is of the format whatever its text says (a workflow is one
    /// by living in `.github/workflows/`), so that one that is not is an error, not skipped.
    owns: fn(&str) -> bool,
    read: fn(&Input, &[Node]) -> Option<Output>,
}

/// Formats that own a whole file, tried in order; the first that reads the file is the only
/// one. The manifests of Kubernetes and the raw model come after, and add up.
const WHOLE_FILE: &[Structured] = &[
    Structured {
        models: &[Model::GithubWorkflow, Model::GithubAction, Model::Dependabot],
        maybe: github::maybe,
        owns: github::owns,
        read: github::read,
    },
    Structured { models: &[Model::GitlabCi], maybe: gitlab::maybe, owns: gitlab::owns, read: gitlab::read },
    Structured { models: &[Model::Compose], maybe: compose::maybe, owns: compose::owns, read: compose::read },
    Structured {
        models: &[Model::Cloud, Model::Cloudformation],
        maybe: cloudformation::maybe,
        owns: no_path,
        read: cloudformation::read,
    },
    Structured { models: &[Model::Cloud, Model::Terraform], maybe: plan::maybe, owns: no_path, read: plan::read },
    Structured { models: &[Model::Cloud], maybe: snapshot::maybe, owns: no_path, read: snapshot::read },
];
const KUBERNETES: Structured =
    Structured { models: &[Model::Kubernetes], maybe: kubernetes::maybe, owns: no_path, read: kubernetes::read };

fn no_path(_: &str) -> bool {
    false
}

/// Read `abs` (reported as `rel`) and collect what it holds.
pub fn collect_file(abs: &Path, rel: &Arc<str>, kind: FileKind, opts: &Options) -> Output {
    let wanted = match kind {
        FileKind::Dockerfile => opts.models.contains(Model::Dockerfile),
        FileKind::Toml => wants_raw(rel, kind, opts),
        FileKind::Yaml | FileKind::Json => {
            wants_raw(rel, kind, opts) || WHOLE_FILE.iter().chain([&KUBERNETES]).any(|f| opts.models.any(f.models))
        }
        // Read as part of their module directory, never alone.
        FileKind::Terraform => false,
    };
    if !wanted {
        return Output::default();
    }
    match read_text(abs, rel, opts.max_file_size) {
        Ok(text) => collect_text_at(rel, Some(abs), kind, &text, opts),
        Err(diag) => Output::diagnostic(*diag),
    }
}

/// Evaluate the Terraform root module in `dir` (reported as `root_ref`; `file` is one of its
/// files, which results without a location fall back to) and collect it.
pub fn collect_module(dir: &Path, base: &Path, file: &Arc<str>, root_ref: &str, opts: &Options) -> Output {
    let module = terraform::collect_dir(dir, base, &opts.tf);
    terraform::output(module, file.clone(), root_ref.to_string())
}

/// Build the kustomization in `dir` (its files reported relative to `base`) and collect
/// its objects.
pub fn collect_kustomization(dir: &Path, base: &Path, opts: &Options) -> Output {
    if !opts.models.contains(Model::Kubernetes) {
        return Output::default();
    }
    kustomize::build(dir, base, opts.max_file_size)
}

/// Render the Helm chart in `dir` (its files reported relative to `base`) and collect its
/// objects.
pub fn collect_chart(dir: &Path, base: &Path, opts: &Options) -> Output {
    if !opts.models.contains(Model::Kubernetes) {
        return Output::default();
    }
    helm::build(dir, base, opts.max_file_size, &opts.helm)
}

fn wants_raw(rel: &str, kind: FileKind, opts: &Options) -> bool {
    kind != FileKind::Dockerfile && opts.raw.as_ref().is_some_and(|g| g.is_match(rel))
}

/// Collect what a file's text (already read) holds.
pub fn collect_text(rel: &Arc<str>, kind: FileKind, text: &str, opts: &Options) -> Output {
    collect_text_at(rel, None, kind, text, opts)
}

/// As `collect_text`, for the file at `abs` on disk.
fn collect_text_at(rel: &Arc<str>, abs: Option<&Path>, kind: FileKind, text: &str, opts: &Options) -> Output {
    let ignores = Arc::new(InlineIgnores::parse(text));
    let input = Input { rel, kind, text, ignores: &ignores, opts, abs };
    let mut out = Output { diagnostics: ignores.diagnostics(rel), ..Default::default() };
    out.extend(match kind {
        FileKind::Dockerfile => dockerfile::read(&input),
        FileKind::Toml => raw::read_toml(&input),
        FileKind::Terraform => terraform::read(&input),
        FileKind::Yaml | FileKind::Json => structured(&input),
    });
    out
}

/// A YAML or JSON file: parsed once, then read by the formats that can be in it.
fn structured(input: &Input) -> Output {
    let (text, kind, models) = (input.text, input.kind, input.opts.models);
    let escaped = text.contains('\\');
    let tried = |f: &&Structured| models.any(f.models) && (escaped || (f.owns)(input.rel) || (f.maybe)(text, kind));
    let whole: Vec<&Structured> = WHOLE_FILE.iter().filter(tried).collect();
    let kubernetes = tried(&&KUBERNETES);
    let raw = wants_raw(input.rel, kind, input.opts);
    if whole.is_empty() && !kubernetes && !raw {
        return Output::default();
    }
    // What a file is comes from the parsed document, never from its text: a file that parses
    // is scanned whatever its strings or comments hold (`{{` included); one that does not is a
    // located error, or, when it looks like a Go template, a warning that it was not scanned.
    let (nodes, warnings) = match yaml::parse_with_warnings(text) {
        Ok(parsed) => parsed,
        Err(e) if text.contains("{{") => {
            return Output::diagnostic(
                Diagnostic::warning(
                    input.rel,
                    Some(e.line),
                    "not scanned: does not parse as YAML and looks like a Go template (`{{ }}`), but is not a Helm chart's (no Chart.yaml above its templates/); render it and scan the output",
                )
                .unscanned(),
            );
        }
        Err(e) => return Output::diagnostic(invalid_yaml(input.rel, kind, &e)),
    };
    let mut out = Output { diagnostics: yaml_warnings(input.rel, warnings), ..Default::default() };
    if let Some(read) = whole.iter().find_map(|f| (f.read)(input, &nodes)) {
        out.extend(read);
        return out;
    }
    if kubernetes {
        out.extend((KUBERNETES.read)(input, &nodes).unwrap_or_default());
    }
    if raw {
        out.extend(raw::read_yaml(input, &nodes));
    }
    out
}

/// A YAML file a collector reads beside the one it was given (an include, an override): its
/// text, its inline waivers and its documents, or `None` with the reason in `out`'s diagnostics,
/// read with the same limits and reported the same way as the files the walk finds.
pub(crate) struct Neighbour {
    pub text: String,
    pub ignores: Arc<InlineIgnores>,
    pub nodes: Vec<Node>,
}

pub(crate) fn read_neighbour(abs: &Path, rel: &Arc<str>, max_size: u64, out: &mut Output) -> Option<Neighbour> {
    let text = match read_text(abs, rel, max_size) {
        Ok(text) => text,
        Err(d) => {
            out.diagnostics.push(*d);
            return None;
        }
    };
    let ignores = Arc::new(InlineIgnores::parse(&text));
    out.diagnostics.extend(ignores.diagnostics(rel));
    match yaml::parse_with_warnings(&text) {
        Ok((nodes, warnings)) => {
            out.diagnostics.extend(yaml_warnings(rel, warnings));
            Some(Neighbour { text, ignores, nodes })
        }
        Err(e) => {
            out.diagnostics.push(invalid_yaml(rel, FileKind::Yaml, &e));
            None
        }
    }
}

/// The located error for a file that does not parse.
fn invalid_yaml(rel: &Arc<str>, kind: FileKind, e: &yaml::YamlError) -> Diagnostic {
    let what = if kind == FileKind::Json { "JSON" } else { "YAML" };
    Diagnostic::error(rel, Some(e.line), format!("invalid {what} at column {}: {}", e.col, e.message)).unscanned()
}

/// What the YAML parser accepted leniently (a repeated key), as located warnings of `rel`.
pub(crate) fn yaml_warnings(rel: &Arc<str>, warnings: Vec<yaml::YamlWarning>) -> Vec<Diagnostic> {
    warnings.into_iter().map(|w| Diagnostic::warning(rel, Some(w.line), w.message)).collect()
}

/// Read a file as UTF-8 text within the size cap, or say why not.
pub fn read_text(abs: &Path, rel: &str, max_size: u64) -> Result<String, Box<Diagnostic>> {
    let meta = std::fs::metadata(abs)
        .map_err(|e| Box::new(Diagnostic::error(rel, None, format!("cannot read: {e}")).unscanned()))?;
    // A FIFO would block the read forever, a device would never end: regular files only.
    if !meta.is_file() {
        return Err(Box::new(Diagnostic::warning(rel, None, "not scanned: not a regular file").unscanned()));
    }
    if meta.len() > max_size {
        return Err(Box::new(
            Diagnostic::warning(
                rel,
                None,
                format!(
                    "skipped: {} bytes is over the {max_size}-byte limit (raise it with --max-file-size)",
                    meta.len()
                ),
            )
            .unscanned(),
        ));
    }
    let bytes = std::fs::read(abs)
        .map_err(|e| Box::new(Diagnostic::error(rel, None, format!("cannot read: {e}")).unscanned()))?;
    if bytes[..bytes.len().min(8192)].contains(&0) {
        return Err(Box::new(Diagnostic::warning(rel, None, "skipped: binary content (NUL bytes)").unscanned()));
    }
    String::from_utf8(bytes).map_err(|e| {
        let valid = e.utf8_error().valid_up_to();
        let line = e.as_bytes()[..valid].iter().filter(|b| **b == b'\n').count() as u32 + 1;
        Box::new(
            Diagnostic::error(rel, Some(line), format!("not valid UTF-8 (byte {valid}): expected UTF-8 text"))
                .unscanned(),
        )
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
