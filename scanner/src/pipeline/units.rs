//! Scan units: what one worker collects and evaluates at a time. Most files are a unit of
//! their own; a Terraform directory is one unit (all its files together, so references across
//! files resolve), and a directory that another scanned directory calls as a local module is
//! evaluated only through its caller. A Kustomize overlay is one unit too (built, then judged),
//! and the files a scanned kustomization reads are judged only through it.

use std::collections::{BTreeMap, HashSet};
use std::path::PathBuf;
use std::sync::Arc;

use anyhow::{bail, Context, Result};
use rayon::prelude::*;

use super::Evaluated;
use crate::cli::{HelmArgs, ScanOptions};
use crate::collect::{self, FileKind};
use crate::config::Loaded;
use crate::diagnostic::Diagnostic;
use crate::document::{Document, Model};
use crate::engine::Engine;
use crate::paths;
use crate::peers::{self, Mapping};
use crate::progress::Progress;
use crate::walk::Target;

/// What one worker task scans: a file, or a Terraform root module directory.
pub enum Unit<'a> {
    File(&'a Target),
    Module {
        dir: PathBuf,
        /// What the module's files are reported relative to: the report base, or the scan
        /// argument when the module lies outside it (as the walk names its files).
        display_base: PathBuf,
        /// One of its files (sorted first), for results without a location.
        file: Arc<str>,
        /// The directory as reported.
        root_ref: String,
        /// When only some of its files were named, report only theirs.
        only: Option<HashSet<Arc<str>>>,
    },
    /// A Helm chart to render (the outermost chart: subcharts are rendered by their parent).
    Chart {
        dir: PathBuf,
        display_base: PathBuf,
        /// Rendered for files named alone (pre-commit): report only theirs.
        only: Option<HashSet<Arc<str>>>,
    },
    /// A kustomization no other scanned kustomization uses: an overlay to build.
    Kustomization {
        dir: PathBuf,
        /// What the files it reads are reported relative to, as for a module.
        display_base: PathBuf,
        /// Built for files named alone (pre-commit): report only theirs.
        only: Option<HashSet<Arc<str>>>,
    },
}

/// What the collectors need to know: the models the selected rules read, the limits, and the
/// Terraform and CloudFormation inputs given on the command line.
pub fn collect_options(
    opts: &ScanOptions,
    loaded: &Loaded,
    engine: &Engine,
    base: PathBuf,
) -> Result<collect::Options> {
    let cfg = &loaded.config;
    let raw_globs = engine.raw_globs();
    let max_file_size = opts.max_file_size.or(cfg.max_file_size).unwrap_or(collect::DEFAULT_MAX_FILE_SIZE);
    Ok(collect::Options {
        max_file_size,
        models: Model::ALL.into_iter().filter(|m| engine.wants(*m)).collect(),
        raw: if raw_globs.is_empty() { None } else { Some(Arc::new(paths::build_globs(&raw_globs)?)) },
        tf: Arc::new(terraform_options(opts, max_file_size)?),
        cfn_params: opts.cfn_params.as_ref().map(|p| read_cfn_params(p)).transpose()?.map(Arc::new),
        helm: Arc::new(helm_options(&opts.helm, Some(loaded))?),
        base: Some(base),
        trusted_actions: cfg.trusted_actions.iter().cloned().collect(),
        peer_ignores: opts.eval.honor_peer_ignores || cfg.honor_peer_ignores,
    })
}

/// Files become units; Terraform files are grouped by directory, and a directory that another
/// scanned directory calls as a local module is evaluated only through its caller (with the
/// inputs it is given), never alone.
pub fn units<'a>(targets: &'a [Target], opts: &collect::Options) -> Vec<Unit<'a>> {
    let mut out = Vec::new();
    let kustomizations: Vec<&Target> = if opts.models.contains(Model::Kubernetes) {
        targets.iter().filter(|t| t.kind == FileKind::Yaml && collect::kustomize::is_kustomization(&t.abs)).collect()
    } else {
        Vec::new()
    };
    let dirs: Vec<PathBuf> = kustomizations.iter().filter_map(|t| t.abs.parent().map(PathBuf::from)).collect();
    let plan = collect::kustomize::plan(&dirs, opts.max_file_size);
    for t in &kustomizations {
        let Some(dir) = t.abs.parent().filter(|d| plan.roots.iter().any(|r| r == d)) else { continue };
        out.push(Unit::Kustomization {
            dir: dir.to_path_buf(),
            display_base: paths::display_base(dir, &t.rel),
            only: None,
        });
    }
    let overlays = overlays_of_named_files(targets, &plan, opts);
    let mut modules: BTreeMap<PathBuf, Vec<&Target>> = BTreeMap::new();
    let mut charts: BTreeMap<PathBuf, Vec<&Target>> = BTreeMap::new();
    for t in targets {
        if plan.consumed.contains(&t.abs) || overlays.iter().any(|(_, files)| files.contains(&t.rel)) {
            // Read by a kustomization that is built: judged as the objects it builds.
            continue;
        }
        // A chart's templates and subcharts are read through the chart, never alone; its other
        // files (values, CI values) stay files.
        let template = collect::helm::chart_of(&t.abs);
        // Chart.yaml and the values files beside it (`values.yaml`, `values-prod.yaml`) change
        // what the chart renders: each brings its chart in, rendered whole.
        let chart_file = || {
            let name = t.abs.file_name()?.to_str()?;
            let sets_rendering = name == "Chart.yaml"
                || (name.starts_with("values") && (name.ends_with(".yaml") || name.ends_with(".yml")));
            t.abs
                .parent()
                .filter(|d| sets_rendering && collect::helm::is_chart(d) && collect::helm::chart_of(d).is_none())
        };
        if let Some(chart) = template.or_else(chart_file) {
            if opts.models.contains(Model::Kubernetes) {
                charts.entry(chart.to_path_buf()).or_default().push(t);
            }
            if template.is_some() {
                continue;
            }
        }
        if t.kind == FileKind::Terraform {
            if opts.models.any(&[Model::Cloud, Model::Terraform]) {
                if let Some(dir) = t.abs.parent() {
                    modules.entry(dir.to_path_buf()).or_default().push(t);
                }
            }
        } else {
            out.push(Unit::File(t));
        }
    }
    let dirs: Vec<PathBuf> = modules.keys().cloned().collect();
    for dir in collect::terraform::roots(&dirs) {
        let Some(files) = modules.get(&dir) else { continue };
        let Some(first) = files.iter().find(|f| !f.rel.ends_with(".tfvars")).or(files.first()) else { continue };
        let root_ref = match first.rel.rsplit_once('/') {
            Some((parent, _)) => parent.to_string(),
            None => ".".to_string(),
        };
        let only = files.iter().all(|f| f.explicit).then(|| files.iter().map(|f| f.rel.clone()).collect());
        let display_base = paths::display_base(&dir, &first.rel);
        out.push(Unit::Module { dir, display_base, file: first.rel.clone(), root_ref, only });
    }
    for (dir, files) in charts {
        let Some(first) = files.first() else { continue };
        let Some(parent) = first.abs.parent() else { continue };
        let display_base = paths::display_base(parent, &first.rel);
        // Templates named alone (pre-commit) report only their findings; a named values file or
        // Chart.yaml changes every template's rendering, so the whole chart is reported.
        let templates_only = files.iter().all(|f| f.explicit && collect::helm::chart_of(&f.abs).is_some());
        let only = templates_only.then(|| files.iter().map(|f| f.rel.clone()).collect());
        out.push(Unit::Chart { dir, display_base, only });
    }
    for (dir, files) in overlays {
        let base = opts.base.clone().unwrap_or_else(|| dir.clone());
        out.push(Unit::Kustomization { dir, display_base: base, only: Some(files) });
    }
    out
}

/// The overlays that read the YAML files named alone (pre-commit passes the staged files, not
/// the kustomization that reads them), found under the report base, with the named files each
/// reads: a patch or a base is judged as the overlays build it, and only its findings are
/// reported.
fn overlays_of_named_files(
    targets: &[Target],
    plan: &collect::kustomize::Plan,
    opts: &collect::Options,
) -> Vec<(PathBuf, HashSet<Arc<str>>)> {
    let named: Vec<&Target> =
        targets.iter().filter(|t| t.explicit && t.kind == FileKind::Yaml && !plan.consumed.contains(&t.abs)).collect();
    let Some(base) = opts.base.as_deref().filter(|_| !named.is_empty() && opts.models.contains(Model::Kubernetes))
    else {
        return Vec::new();
    };
    let all = collect::kustomize::plan(&collect::kustomize::find(base), opts.max_file_size);
    all.roots
        .into_iter()
        .filter_map(|root| {
            let reads = collect::kustomize::reads(&root, opts.max_file_size);
            let files: HashSet<Arc<str>> =
                named.iter().filter(|t| reads.contains(&t.abs)).map(|t| t.rel.clone()).collect();
            (!files.is_empty()).then_some((root, files))
        })
        .collect()
}

/// The models that files of these kinds usually produce, most frequent first.
pub fn likely_models(targets: &[Target]) -> Vec<Model> {
    let mut counts: BTreeMap<Model, usize> = BTreeMap::new();
    for t in targets {
        let models: &[Model] = match t.kind {
            FileKind::Terraform => &[Model::Cloud, Model::Terraform],
            FileKind::Dockerfile => &[Model::Dockerfile],
            FileKind::Yaml | FileKind::Json => &[Model::Kubernetes],
            FileKind::Toml => &[],
        };
        for m in models {
            *counts.entry(*m).or_default() += 1;
        }
    }
    let mut models: Vec<(Model, usize)> = counts.into_iter().collect();
    models.sort_by_key(|m| std::cmp::Reverse(m.1));
    models.into_iter().map(|(m, _)| m).collect()
}

/// Collect and evaluate every unit, in parallel, one engine worker per thread.
pub fn evaluate(units: &[Unit<'_>], engine: &Engine, opts: &collect::Options, progress: &Progress) -> Vec<Evaluated> {
    units
        .par_iter()
        .map_init(
            || engine.worker(),
            |worker, unit| {
                let out = match unit {
                    Unit::File(target) => collect::collect_file(&target.abs, &target.rel, target.kind, opts),
                    Unit::Module { dir, display_base, file, root_ref, .. } => {
                        collect::collect_module(dir, display_base, file, root_ref, opts)
                    }
                    Unit::Kustomization { dir, display_base, .. } => {
                        collect::collect_kustomization(dir, display_base, opts)
                    }
                    Unit::Chart { dir, display_base, .. } => collect::collect_chart(dir, display_base, opts),
                };
                let mut out = super::iac::documents(out, opts.models);
                if opts.peer_ignores {
                    out.diagnostics.extend(unmapped_peer_waivers(&out.docs));
                }
                let mut result =
                    Evaluated { diagnostics: out.diagnostics, documents: out.docs.len(), ..Default::default() };
                for doc in out.docs {
                    result.add(engine.evaluate(worker, doc));
                }
                // A file named alone (pre-commit) is evaluated with its whole Terraform module
                // or Kustomize overlay as context, but only its own findings are reported.
                if let Unit::Module { only: Some(only), .. }
                | Unit::Kustomization { only: Some(only), .. }
                | Unit::Chart { only: Some(only), .. } = unit
                {
                    result.findings.retain(|f| only.contains(&f.file));
                }
                progress.tick();
                result
            },
        )
        .collect()
}

/// Peers' waivers in the documents' files that stand for no Rampart rule: each is listed once,
/// so a migrating team sees which of its exceptions Rampart does not need (or cannot honour).
/// Documents of one file share its comments' waivers but each carries its own annotations'.
fn unmapped_peer_waivers(docs: &[Document]) -> Vec<Diagnostic> {
    let mut seen = HashSet::new();
    let mut out = Vec::new();
    for doc in docs {
        let files = std::iter::once((&doc.file, &doc.ignores)).chain(doc.other_ignores.iter());
        for (file, ignores) in files {
            for p in ignores.peers() {
                if !seen.insert((file.clone(), p.line, p.tool, p.id.clone())) {
                    continue;
                }
                let Mapping::Unmapped(why) = peers::mapping(p.tool, &p.id) else { continue };
                let why = why.filter(|w| !w.is_empty()).map(|w| format!(" ({w})")).unwrap_or_default();
                let message = format!("{} has no Rampart equivalent{why}; it waives nothing", p.origin());
                out.push(Diagnostic::info(file, Some(p.line), message));
            }
        }
    }
    out
}

/// `--helm-values` and `--helm-set`, checked, with the charts' values of the config.
pub fn helm_options(opts: &HelmArgs, loaded: Option<&Loaded>) -> Result<collect::helm::HelmOptions> {
    let mut set = Vec::new();
    for pair in &opts.helm_set {
        let (key, value) = pair.split_once('=').with_context(|| format!("--helm-set {pair:?}: expected KEY=VALUE"))?;
        set.push((key.trim().to_string(), value.to_string()));
    }
    for f in &opts.helm_values {
        if !f.is_file() {
            bail!("--helm-values {}: no such file", f.display());
        }
    }
    let values_files = opts.helm_values.iter().map(|f| paths::normalize(f)).collect();
    let mut charts = Vec::new();
    if let Some(loaded) = loaded {
        let dir = loaded.dir.clone().unwrap_or_default();
        let pairs = |set: &std::collections::BTreeMap<String, serde_json::Value>| -> Vec<(String, String)> {
            set.iter().map(|(k, v)| (k.clone(), v.as_str().map_or_else(|| v.to_string(), str::to_string))).collect()
        };
        for (chart, h) in &loaded.config.helm {
            let chart_dir = paths::normalize(&dir.join(chart));
            let common: Vec<PathBuf> = h.values.iter().map(|v| paths::normalize(&dir.join(v))).collect();
            let set_of = |values_files: Vec<PathBuf>, set| collect::helm::ChartValues {
                dir: chart_dir.clone(),
                values_files,
                set,
            };
            // Without `sets`, the common values are the one set.
            let sets: Vec<collect::helm::ChartValues> = if h.sets.is_empty() {
                vec![set_of(common, pairs(&h.set))]
            } else {
                h.sets
                    .iter()
                    .map(|s| {
                        let files =
                            common.iter().cloned().chain(s.values.iter().map(|v| paths::normalize(&dir.join(v))));
                        set_of(files.collect(), pairs(&h.set).into_iter().chain(pairs(&s.set)).collect())
                    })
                    .collect()
            };
            for values in sets {
                if let Some(missing) = values.values_files.iter().find(|v| !v.is_file()) {
                    bail!("helm: {}: values file {} does not exist", chart.display(), missing.display());
                }
                charts.push(values);
            }
        }
    }
    Ok(collect::helm::HelmOptions { values_files, set, charts })
}

fn terraform_options(opts: &ScanOptions, max_file_size: u64) -> Result<collect::terraform::TfOptions> {
    let mut vars = Vec::new();
    for v in &opts.vars {
        let (name, value) = v.split_once('=').with_context(|| format!("--var {v:?}: expected NAME=VALUE"))?;
        vars.push((name.trim().to_string(), value.to_string()));
    }
    for f in &opts.var_files {
        if !f.is_file() {
            bail!("--var-file {}: no such file", f.display());
        }
    }
    Ok(collect::terraform::TfOptions {
        vars,
        var_files: opts.var_files.clone(),
        max_file_size,
        ..collect::terraform::TfOptions::default()
    })
}

fn read_cfn_params(path: &std::path::Path) -> Result<serde_json::Value> {
    let text = std::fs::read_to_string(path).with_context(|| format!("reading --cfn-params {}", path.display()))?;
    serde_json::from_str(&text)
        .with_context(|| format!("--cfn-params {}: expected the AWS CLI's JSON parameter file", path.display()))
}
