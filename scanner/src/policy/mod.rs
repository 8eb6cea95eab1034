//! Policies: where they come from (embedded built-ins, `--policy` directories), how they are
//! read and validated, how they are compiled into regorus engines, and how rules are selected.

pub mod aggregate;
pub mod cases;
pub mod compliance;
pub mod help;
pub mod input_paths;
pub mod metadata;

use std::path::Path;
use std::sync::Arc;

use anyhow::{bail, Context, Result};
use rayon::prelude::*;

pub use metadata::{Metadata, Selector};

use crate::document::{Document, Model};

pub(crate) mod embedded {
    include!(concat!(env!("OUT_DIR"), "/embedded.rs"));
}

/// Each model's built-in rules as RVM bytecode, from build.rs.
pub(crate) use embedded::BYTECODE;

/// (model, aggregate module, compiled sources in order, serialized program).
pub(crate) type BytecodeEntry = (&'static str, &'static str, &'static [&'static str], &'static [u8]);

/// One `.rego` file.
#[derive(Debug, Clone)]
pub struct Source {
    /// Path relative to its policy root (`kubernetes/pod/privileged.rego`).
    pub rel: String,
    /// How to show it to people (`policies/…` on disk, `builtin:…` when embedded).
    pub display: String,
    pub text: Arc<str>,
    pub builtin: bool,
}

impl Source {
    pub fn is_test(&self) -> bool {
        self.rel.ends_with("_test.rego")
    }
}

/// A rule: a policy file with METADATA.
#[derive(Debug, Clone)]
pub struct Policy {
    pub meta: Metadata,
    /// `data.rampart.kubernetes.pod.privileged`
    pub package: String,
    pub source: Source,
}

impl Policy {
    /// Whether this rule evaluates `doc`.
    pub fn selects(&self, doc: &Document) -> bool {
        self.selects_with(doc, true)
    }

    /// As `selects`, optionally without the `files` globs of raw selectors (test cases have
    /// their own names).
    pub fn selects_with(&self, doc: &Document, check_files: bool) -> bool {
        self.meta.selectors.iter().any(|s| match s.model {
            Model::Kubernetes => {
                doc.model == Model::Kubernetes
                    && (s.kinds.is_empty()
                        || doc.kind.as_ref().is_some_and(|k| {
                            s.kinds.iter().any(|x| x == k)
                                || aggregate::shaped_like(k, &doc.input)
                                    .is_some_and(|like| s.kinds.iter().any(|x| x == like))
                        }))
            }
            Model::Raw => doc.model == Model::Raw && (!check_files || s.file_matcher.is_match(doc.file.as_ref())),
            Model::Cloud => {
                doc.model == Model::Cloud
                    && s.service.as_ref().is_none_or(|svc| {
                        doc.input
                            .get("aws")
                            .and_then(|a| a.get(svc))
                            .is_some_and(|v| v.as_object().is_some_and(|o| !o.is_empty()))
                    })
            }
            model => doc.model == model,
        })
    }
}

/// The built-in policies embedded at build time.
pub fn builtin_sources() -> Vec<Source> {
    embedded::POLICY_FILES
        .iter()
        .map(|(rel, text)| Source {
            rel: rel.to_string(),
            display: format!("builtin:{rel}"),
            text: Arc::from(*text),
            builtin: true,
        })
        .collect()
}

/// Built-in rules-tests cases: (path under rules-tests/, content).
pub fn builtin_cases() -> &'static [(&'static str, &'static str)] {
    embedded::RULE_TEST_FILES
}

/// Every `.rego` file under `dir`, sorted.
pub fn dir_sources(dir: &Path) -> Result<Vec<Source>> {
    if !dir.is_dir() {
        bail!("policy directory {} does not exist", dir.display());
    }
    let mut out = Vec::new();
    for entry in walkdir(dir)? {
        let rel = entry.strip_prefix(dir).unwrap_or(&entry).to_string_lossy().replace('\\', "/");
        let text = std::fs::read_to_string(&entry).with_context(|| format!("reading policy {}", entry.display()))?;
        out.push(Source { rel, display: entry.display().to_string(), text: Arc::from(text), builtin: false });
    }
    out.sort_by(|a, b| a.rel.cmp(&b.rel));
    Ok(out)
}

/// The `.rego` files under `dir`. Links are not walked through: a linked directory (a loop, or
/// a way out) is not followed, and a linked file is read only when it lies inside `dir`.
fn walkdir(dir: &Path) -> Result<Vec<std::path::PathBuf>> {
    let real_dir = std::fs::canonicalize(dir).with_context(|| format!("reading {}", dir.display()))?;
    let mut out = Vec::new();
    let mut stack = vec![dir.to_path_buf()];
    while let Some(d) = stack.pop() {
        for entry in std::fs::read_dir(&d).with_context(|| format!("reading {}", d.display()))? {
            let entry = entry?;
            let path = entry.path();
            let kind = entry.file_type()?;
            if kind.is_dir() {
                stack.push(path);
            } else if path.extension().is_none_or(|e| e != "rego") {
                continue;
            } else if kind.is_symlink() {
                let target = std::fs::canonicalize(&path).ok();
                if !target.is_some_and(|t| t.starts_with(&real_dir)) {
                    bail!("{}: a link out of the policy directory is not read", path.display());
                }
                out.push(path);
            } else if kind.is_file() {
                out.push(path);
            }
        }
    }
    Ok(out)
}

/// Every policy file read, with its rules' METADATA; nothing is compiled yet (see [`compile`]).
#[derive(Clone)]
pub struct PolicySet {
    pub policies: Vec<Policy>,
    /// Every file read (rules, libraries, tests), with its package.
    pub sources: Vec<(Source, String)>,
}

/// Read METADATA and packages of `sources` (in parallel: parsing 160 METADATA blocks is a
/// good part of a single-file scan). Errors name the file and line.
pub fn load(sources: Vec<Source>, include_tests: bool) -> Result<PolicySet> {
    let parsed: Vec<Result<(Source, String, Option<Metadata>)>> = sources
        .into_par_iter()
        .filter(|s| include_tests || !s.is_test())
        .map(|source| {
            let prebuilt = if source.builtin { builtin_metadata(&source.rel) } else { None };
            let meta = match prebuilt {
                Some(meta) => Some(meta),
                None => metadata::parse(&source.text)
                    .map_err(|e| anyhow::anyhow!("{}:{}: {}", source.display, e.line, e.message))?,
            };
            let package = package_of(&source)?;
            Ok((source, package, meta))
        })
        .collect();
    let mut policies: Vec<Policy> = Vec::new();
    let mut loaded: Vec<(Source, String)> = Vec::new();
    for item in parsed {
        let (source, package, meta) = item?;
        // Custom policies add rules and libraries; they never replace or extend a built-in
        // package (a custom `rampart.lib.kubernetes` would silence every Kubernetes rule).
        if let Some((other, _)) = loaded.iter().find(|(o, p)| *p == package && o.builtin != source.builtin) {
            let (custom, builtin) = if source.builtin { (other, &source) } else { (&source, other) };
            if custom.text != builtin.text {
                bail!(
                    "{}: package {} is a built-in one ({}); a custom policy cannot replace it: give it a package of its own",
                    custom.display,
                    package.trim_start_matches("data."),
                    builtin.display
                );
            }
        }
        if let Some(meta) = meta {
            if source.builtin {
                let expected = format!("data.rampart.{}", source.rel.trim_end_matches(".rego").replace('/', "."));
                if package != expected {
                    bail!("{}: package {package} must mirror the file path ({expected})", source.display);
                }
            }
            if let Some(other) = policies.iter().find(|p| p.meta.id == meta.id) {
                bail!("{}: rule id {} is already used by {}", source.display, meta.id, other.source.display);
            }
            policies.push(Policy { meta, package: package.clone(), source: source.clone() });
        }
        loaded.push((source, package));
    }
    policies.sort_by(|a, b| a.meta.id.cmp(&b.meta.id));
    Ok(PolicySet { policies, sources: loaded })
}

/// A built-in policy's METADATA as converted at build time (`None` for a library, or when
/// it has to be read from the YAML).
fn builtin_metadata(rel: &str) -> Option<Metadata> {
    let table = embedded::METADATA_JSON;
    let i = table.binary_search_by(|(r, _)| (*r).cmp(rel)).ok()?;
    metadata::from_build_json(table[i].1)
}

/// The package a module declares (`data.rampart.kubernetes.pod.privileged`), read from its
/// `package` line; a form that line reading does not cover (`package a["b-c"]`) is left to
/// regorus's parser, which also reports a module without one.
fn package_of(source: &Source) -> Result<String> {
    let declared = source.text.lines().map(str::trim).find(|l| !l.is_empty() && !l.starts_with('#'));
    if let Some(name) = declared.and_then(|l| l.strip_prefix("package ")).and_then(|l| l.split_whitespace().next()) {
        if !name.is_empty()
            && name.split('.').all(|p| !p.is_empty() && p.chars().all(|c| c.is_ascii_alphanumeric() || c == '_'))
        {
            return Ok(format!("data.{name}"));
        }
    }
    let mut engine = regorus::Engine::new();
    engine.set_rego_v0(false);
    engine
        .add_policy(source.display.clone(), source.text.to_string())
        .map_err(|e| anyhow::anyhow!("{}: {e}", source.display))
}

/// Compile `sources` into one regorus engine. Errors name the file and line.
pub fn compile<'a>(sources: impl IntoIterator<Item = &'a (Source, String)>) -> Result<regorus::Engine> {
    let mut engine = regorus::Engine::new();
    engine.set_rego_v0(false);
    for (source, package) in sources {
        let compiled = engine
            .add_policy(source.display.clone(), source.text.to_string())
            .map_err(|e| anyhow::anyhow!("{}: {e}", source.display))?;
        if &compiled != package {
            bail!("{}: package {compiled} is not the declared {package}", source.display);
        }
    }
    Ok(engine)
}

/// Built-ins (unless disabled) plus every directory given, in that order.
pub fn gather_sources(builtins: bool, dirs: &[std::path::PathBuf]) -> Result<Vec<Source>> {
    let mut sources = if builtins { builtin_sources() } else { Vec::new() };
    if !builtins {
        // Custom policies may import the shared helpers.
        sources.extend(builtin_sources().into_iter().filter(|s| s.rel.starts_with("lib/")));
    }
    for dir in dirs {
        let extra = dir_sources(dir)?;
        // A directory that ships an exact copy of a built-in library (the built-in policies'
        // own directory, under `rampart test`) stands in for it; a different one is refused
        // when the policies load.
        sources.retain(|s| {
            !(s.builtin && s.rel.starts_with("lib/") && extra.iter().any(|e| e.rel == s.rel && e.text == s.text))
        });
        sources.extend(extra);
    }
    Ok(sources)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn objects_are_shaped_like_the_workload_whose_pod_spec_they_carry() {
        use aggregate::{pod_spec_path, shaped_like};
        let object = |spec: serde_json::Value| serde_json::json!({ "spec": spec });
        let containers = serde_json::json!({"containers": []});
        let rollout = object(serde_json::json!({"template": {"spec": containers}}));
        assert_eq!(shaped_like("Rollout", &rollout), Some("Deployment"));
        assert_eq!(shaped_like("Deployment", &rollout), None);
        let job = object(serde_json::json!({"jobTemplate": {"spec": {"template": {"spec": containers}}}}));
        assert_eq!(shaped_like("ScheduledTask", &job), Some("CronJob"));
        assert_eq!(
            pod_spec_path("ScheduledTask", &job),
            Some(&["spec", "jobTemplate", "spec", "template", "spec"][..])
        );
        assert_eq!(shaped_like("Revision", &object(containers.clone())), Some("Pod"));
        assert_eq!(shaped_like("Widget", &object(serde_json::json!({"containers": "x"}))), None);
        assert_eq!(shaped_like("Widget", &serde_json::json!({})), None);
        assert_eq!(pod_spec_path("Job", &serde_json::json!({})), Some(&["spec", "template", "spec"][..]));
        // The Kubernetes library knows the same workload kinds.
        let lib = builtin_sources().into_iter().find(|s| s.rel == "lib/kubernetes.rego").expect("the library");
        let set = lib.text.split("workload_kinds := {").nth(1).and_then(|t| t.split('}').next()).expect("the set");
        let mut kinds: Vec<&str> =
            set.split(',').map(|k| k.trim().trim_matches('"')).filter(|k| !k.is_empty()).collect();
        let mut expected = aggregate::WORKLOAD_KINDS.to_vec();
        kinds.sort_unstable();
        expected.sort_unstable();
        assert_eq!(kinds, expected);
    }

    /// The METADATA converted at build time reads exactly as its YAML does, for every
    /// built-in rule; and every built-in rule has it (else scans read the YAML at start).
    #[test]
    fn build_time_metadata_matches_the_yaml() {
        let mut rules = 0;
        for source in builtin_sources() {
            let from_yaml = metadata::parse(&source.text).unwrap();
            let prebuilt = builtin_metadata(&source.rel);
            assert_eq!(format!("{from_yaml:?}"), format!("{prebuilt:?}"), "{}", source.rel);
            rules += usize::from(prebuilt.is_some());
        }
        assert!(rules > 150, "{rules}");
    }
}
