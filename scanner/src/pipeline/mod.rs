//! The pipeline every scan and audit runs: discover → collect → evaluate → suppress →
//! report/gate. Commands are thin callers of it; collectors, the engine and reporters know
//! nothing of each other, only of the types that flow between them (targets, documents,
//! findings, a report).
//!
//! - [`Session`]: configuration, the engine with the selected rules, the compliance frameworks.
//! - [`scan`]: walk the paths, collect and evaluate each scan unit ([`units`]) in parallel;
//!   IaC units become the cloud model and their raw models here ([`iac`]).
//! - [`audit`]: evaluate what a live collector read.
//! - [`Session::finish`]: the one suppression step ([`crate::suppress::apply`]), sorting and
//!   compliance: the finished [`Report`].
//! - [`output`]: write every format and map the report to the exit code.

pub mod iac;
pub mod output;
pub mod units;

use std::collections::{BTreeSet, HashSet};
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::time::Duration;

use anyhow::{bail, Context, Result};
use rayon::prelude::*;

use crate::audit::Collected;
use crate::cli::{EvalOptions, ScanOptions};
use crate::config::{self, Loaded};
use crate::date::Date;
use crate::diagnostic::{Diagnostic, Level};
use crate::document::Document;
use crate::engine::{self, Bytecode, Engine};
use crate::finding::Finding;
use crate::policy::{self, compliance};
use crate::progress::Progress;
use crate::report::{Report, RuleDoc, RuleInfo, Stats};
use crate::suppress::{self, Waivers};
use crate::trusted::Snapshot;
use crate::{paths, walk};

pub use output::{report_and_gate, OutputPlan};

/// What every evaluation (a scan, an audit) sets up first: configuration, the engine with the
/// selected rules, the compliance frameworks.
pub struct Session {
    pub engine: Engine,
    pub loaded: Loaded,
    pub frameworks: Vec<compliance::Framework>,
    /// Custom policy directories, for rule help examples.
    pub policy_dirs: Vec<PathBuf>,
    pub no_progress: bool,
    /// Whether large scans may run the rules as bytecode (`--no-bytecode` says no).
    pub bytecode: bool,
    /// Whether inline comments and annotations may waive findings (`--no-inline-ignores`).
    pub inline_ignores: bool,
    /// Whether peers' waivers count (`--honor-peer-ignores`, config `honor_peer_ignores`).
    pub peer_ignores: bool,
    /// Rules and paths kept out of the evaluation by configuration or flags, for the report.
    pub skipped: Vec<suppress::Waiver>,
    /// With `--config-from`: the commit the configuration, baseline and policies come from.
    pub trusted: Option<Snapshot>,
}

impl Session {
    /// Load the configuration (`config_start`: where to look for `.rampart.yaml` upward),
    /// compile the policies and select the rules.
    pub fn new(opts: &EvalOptions, config_start: &Path, frameworks: &[String]) -> Result<Session> {
        if let Some(n) = opts.threads {
            // Only the first call in a process can size the pool (tests run several scans).
            let _ = rayon::ThreadPoolBuilder::new().num_threads(n.max(1)).build_global();
        }
        let trusted = match &opts.config_from {
            Some(reference) => Some(Snapshot::new(reference, config_start)?),
            None => None,
        };
        let loaded = match (&trusted, opts.no_config, &opts.config) {
            (_, true, _) => Loaded::default(),
            (Some(snap), _, config) => trusted_config(snap, config.as_deref(), config_start)?,
            (None, _, Some(path)) => config::load(path)?,
            (None, _, None) => match config::discover(config_start) {
                Some(path) => config::load(&path)?,
                None => Loaded::default(),
            },
        };
        let cfg = &loaded.config;
        let mut policy_dirs = loaded.policy_dirs();
        for dir in &opts.policies.policy {
            policy_dirs.push(match &trusted {
                // Directories named on the command line too, as the commit has them.
                Some(snap) => {
                    let rel = snap
                        .relative(dir)
                        .with_context(|| format!("--policy {}: not in the repository", dir.display()))?;
                    snap.policy_dir(&rel)?
                }
                None => dir.clone(),
            });
        }
        let set = policy::load(policy::gather_sources(!opts.policies.no_builtin, &policy_dirs)?, false)?;
        let known: HashSet<String> = set.policies.iter().map(|p| p.meta.id.clone()).collect();
        for id in opts.rules.iter().chain(&opts.skip_rules).chain(&cfg.skip_rules) {
            if !known.contains(id) {
                bail!("unknown rule {id:?} (see `rampart rules`)");
            }
        }
        let skip: HashSet<&String> = opts.skip_rules.iter().chain(&cfg.skip_rules).collect();
        let config_name = loaded
            .path
            .as_ref()
            .and_then(|p| p.file_name())
            .map_or(config::FILE_NAME.to_string(), |n| n.to_string_lossy().into_owned());
        let mut skipped = Vec::new();
        let mut skip_entry = |kind: &'static str, source: &str, items: &[String]| {
            if !items.is_empty() {
                skipped.push(suppress::Waiver {
                    kind,
                    source: source.to_string(),
                    rules: items.to_vec(),
                    findings: None,
                });
            }
        };
        skip_entry("skip_rules", &config_name, &cfg.skip_rules);
        skip_entry("skip_rules", "--skip-rule", &opts.skip_rules);
        skip_entry("skip_paths", &config_name, &cfg.skip_paths);
        skip_entry("trusted_actions", &config_name, &cfg.trusted_actions);
        engine::set_memory_limit(opts.max_memory);
        let engine = Engine::new(
            set,
            |p| (opts.rules.is_empty() || opts.rules.contains(&p.meta.id)) && !skip.contains(&p.meta.id),
            Duration::from_secs(opts.policy_timeout.max(1)),
        )?;
        let wanted: Vec<&String> = frameworks.iter().chain(&cfg.frameworks).collect();
        // Parsing the frameworks costs a few milliseconds: only when a summary is asked for.
        let all_frameworks = if wanted.is_empty() { Vec::new() } else { compliance::frameworks()? };
        let mut selected: Vec<compliance::Framework> = Vec::new();
        for id in wanted {
            match all_frameworks.iter().find(|f| &f.id == id) {
                Some(fw) if !selected.iter().any(|s| s.id == fw.id) => selected.push(fw.clone()),
                Some(_) => {}
                None => bail!(
                    "unknown compliance framework {id:?}: expected one of {}",
                    all_frameworks.iter().map(|f| f.id.as_str()).collect::<Vec<_>>().join(", ")
                ),
            }
        }
        let peer_ignores = opts.honor_peer_ignores || loaded.config.honor_peer_ignores;
        Ok(Session {
            engine,
            loaded,
            frameworks: selected,
            policy_dirs,
            no_progress: opts.no_progress,
            bytecode: !opts.no_bytecode,
            inline_ignores: !opts.no_inline_ignores,
            peer_ignores,
            skipped,
            trusted,
        })
    }

    /// Evaluate documents in parallel (an audit's objects; a scan evaluates per unit instead).
    pub fn evaluate(&self, docs: Vec<Document>) -> Evaluated {
        let results: Vec<Evaluated> = docs
            .into_par_iter()
            .map_init(
                || self.engine.worker(),
                |worker, doc| {
                    let mut out = Evaluated { documents: 1, ..Default::default() };
                    out.add(self.engine.evaluate(worker, doc));
                    out
                },
            )
            .collect();
        Evaluated::merge_all(results)
    }

    /// Suppress, sort and summarise: the report of everything evaluated, with what `plan`'s
    /// formats need (each rule's help with examples from its cases, which only SARIF shows).
    pub fn finish(
        &self,
        evaluated: Evaluated,
        mut diagnostics: Vec<Diagnostic>,
        files: usize,
        plan: &OutputPlan,
    ) -> Result<Report> {
        diagnostics.extend(evaluated.diagnostics);
        let mut findings = evaluated.findings;
        let baseline = match (&plan.baseline, &self.trusted) {
            // `--baseline FILE` with `--config-from`: the file as the commit has it.
            (Some(path), Some(snap)) => {
                let rel = snap
                    .relative(path)
                    .with_context(|| format!("--baseline {}: not in the repository", path.display()))?;
                let copy = snap.file(&rel)?.with_context(|| format!("--baseline {rel}: not in {}", snap.reference))?;
                Some(crate::baseline::load(&copy)?)
            }
            (Some(path), None) => Some(crate::baseline::load(path)?),
            (None, _) => match self.loaded.baseline() {
                Some(path) => Some(crate::baseline::load(&path)?),
                None => None,
            },
        };
        let applied = self.suppress(&mut findings, baseline.as_ref())?;
        diagnostics.extend(applied.diagnostics);
        let mut waivers = applied.waivers;
        waivers.extend(self.skipped.iter().cloned());
        waivers.sort();
        let mut report = Report {
            stats: Stats {
                files_scanned: files,
                resources: false,
                documents: evaluated.documents,
                rules: self.engine.policies().count(),
            },
            diagnostics,
            findings,
            baseline: baseline.is_some(),
            waivers,
            evaluated: evaluated.evaluated.iter().map(|id| id.to_string()).collect(),
            ..Report::default()
        };
        report.catalog = self
            .engine
            .policies()
            .map(|p| RuleDoc {
                meta: p.meta.clone(),
                help: plan.with_help.then(|| {
                    let examples = policy::help::examples(p, &self.policy_dirs);
                    (policy::help::text(&p.meta, &examples), policy::help::markdown(&p.meta, &examples))
                }),
            })
            .collect();
        let with_findings: HashSet<&str> = report.findings.iter().map(|f| f.rule_id.as_ref()).collect();
        report.rules = report
            .catalog
            .iter()
            .filter(|r| with_findings.contains(r.meta.id.as_str()))
            .map(|r| RuleInfo {
                id: r.meta.id.clone(),
                title: r.meta.title.clone(),
                severity: r.meta.severity,
                platform: r.meta.platform().to_string(),
            })
            .collect();
        report.sort();
        let metas: Vec<&policy::Metadata> = report.catalog.iter().map(|r| &r.meta).collect();
        report.compliance = self
            .frameworks
            .iter()
            .map(|fw| compliance::evaluate(fw, &metas, &report.evaluated, &report.findings))
            .collect();
        Ok(report)
    }

    /// The suppression step, with this session's configuration.
    fn suppress(&self, findings: &mut [Finding], baseline: Option<&BTreeSet<String>>) -> Result<suppress::Applied> {
        let cfg = &self.loaded.config;
        let config =
            cfg.ignore.iter().map(|ig| Ok((ig, paths::build_globs(&ig.paths)?))).collect::<Result<Vec<_>>>()?;
        // Named like every other file in a report: relative to the work tree, never absolute.
        let config_name = match &self.loaded.path {
            Some(path) => {
                let base = paths::report_base(&std::env::current_dir().context("reading the current directory")?);
                paths::display_path(&paths::normalize(path), &base, &base)
            }
            None => config::FILE_NAME.to_string(),
        };
        let waivers = Waivers {
            inline: self.inline_ignores,
            peers: self.peer_ignores,
            config,
            config_name,
            baseline,
            today: Date::today()?,
        };
        Ok(suppress::apply(findings, &waivers))
    }
}

/// The configuration as the trusted commit has it: `--config FILE`, else the first
/// `.rampart.yaml` from `start` up to the repository's root; with the policy directories and
/// baseline it names copied from the commit too.
fn trusted_config(snap: &Snapshot, config: Option<&Path>, start: &Path) -> Result<Loaded> {
    let candidates: Vec<String> = match config {
        Some(path) => {
            vec![snap.relative(path).with_context(|| format!("--config {}: not in the repository", path.display()))?]
        }
        None => {
            let start = paths::normalize(start);
            let start = if start.is_dir() { start } else { start.parent().map(Path::to_path_buf).unwrap_or(start) };
            start
                .ancestors()
                .take_while(|d| d.starts_with(&snap.repo))
                .filter_map(|d| snap.relative(&d.join(config::FILE_NAME)))
                .collect()
        }
    };
    for rel in candidates {
        let Some(copy) = snap.file(&rel)? else { continue };
        let loaded = config::load(&copy)?;
        let dir = rel.rsplit_once('/').map_or("", |(d, _)| d);
        let join = |p: &Path| {
            let joined = Path::new(dir).join(p);
            joined.to_string_lossy().replace('\\', "/")
        };
        for p in &loaded.config.policies {
            snap.policy_dir(&join(p))?;
        }
        if let Some(b) = &loaded.config.baseline {
            snap.file(&join(b))?.with_context(|| format!("baseline {}: not in {}", b.display(), snap.reference))?;
        }
        return Ok(loaded);
    }
    Ok(Loaded::default())
}

/// Findings, diagnostics and the rules that ran, gathered from evaluations.
#[derive(Default)]
pub struct Evaluated {
    pub findings: Vec<Finding>,
    pub diagnostics: Vec<Diagnostic>,
    pub evaluated: HashSet<Arc<str>>,
    pub documents: usize,
}

impl Evaluated {
    pub fn add(&mut self, eval: engine::Evaluation) {
        self.findings.extend(eval.findings);
        self.diagnostics.extend(eval.diagnostics);
        self.evaluated.extend(eval.evaluated);
    }

    pub fn merge_all(parts: Vec<Evaluated>) -> Evaluated {
        let mut all = Evaluated::default();
        for part in parts {
            all.findings.extend(part.findings);
            all.diagnostics.extend(part.diagnostics);
            all.evaluated.extend(part.evaluated);
            all.documents += part.documents;
        }
        all
    }
}

/// A finished scan, before it is reported.
pub struct Scanned {
    pub report: Report,
    pub config: Loaded,
}

/// Walk, collect, evaluate and suppress: everything a scan does before reporting.
pub fn scan(opts: &ScanOptions, plan: &OutputPlan) -> Result<Scanned> {
    let cwd = std::env::current_dir().context("reading the current directory")?;
    let base = paths::report_base(&cwd);
    for path in &opts.paths {
        if std::fs::symlink_metadata(path).is_err() {
            bail!("{} does not exist", path.display());
        }
    }
    let mut session =
        Session::new(&opts.eval, opts.paths.first().map_or(cwd.as_path(), |p| p.as_path()), &plan.frameworks)?;
    if !opts.exclude.is_empty() {
        let exclude = suppress::Waiver {
            kind: "skip_paths",
            source: "--exclude".into(),
            rules: opts.exclude.clone(),
            findings: None,
        };
        session.skipped.push(exclude);
    }
    let cfg = &session.loaded.config;
    let excludes: Vec<String> = cfg.skip_paths.iter().chain(&opts.exclude).cloned().collect();
    let walked = walk::discover(
        &opts.paths,
        &walk::Options {
            base: base.clone(),
            excludes: paths::build_globs(&excludes)?,
            follow_links: opts.follow_links,
        },
    );
    let collect_opts = units::collect_options(opts, &session.loaded, &session.engine, base)?;
    let units = units::units(&walked.targets, &collect_opts);
    // Fewer units than cores: compiling the rules is most of the run, so every core takes part.
    let threads = rayon::current_num_threads();
    session.engine.use_vm(bytecode(session.bytecode, units.len()));
    if units.len() < threads {
        session.engine.split(threads);
    }
    let engine = &session.engine;
    let progress = Progress::files(units.len(), !session.no_progress);
    // The rules of the models the files will most likely need compile on a thread of their
    // own while the workers read and parse the first files (a worker that gets there first
    // compiles them itself; the other waits).
    let likely = units::likely_models(&walked.targets);
    let results: Vec<Evaluated> = std::thread::scope(|scope| {
        scope.spawn(|| likely.into_iter().for_each(|m| engine.prepare(m)));
        units::evaluate(&units, engine, &collect_opts, &progress)
    });
    progress.finish();

    let report = session.finish(Evaluated::merge_all(results), walked.diagnostics, walked.targets.len(), plan)?;
    let Session { engine, loaded, .. } = session;
    // Freeing the compiled policies takes longer than reporting: let it overlap.
    std::thread::spawn(move || drop(engine));
    Ok(Scanned { report, config: loaded })
}

/// Evaluate and suppress what a live collector read (`collect`, given the session): the report
/// of an audit, counted in resources. With `strict`, a resource that could not be read is an
/// error, so a nightly run cannot pass while part of the account went unread.
pub fn audit(
    eval: &EvalOptions,
    plan: &OutputPlan,
    strict: bool,
    collect: impl FnOnce(bool) -> Result<Collected>,
) -> Result<Scanned> {
    let cwd = std::env::current_dir().context("reading the current directory")?;
    let mut session = Session::new(eval, &cwd, &plan.frameworks)?;
    let mut collected = collect(!session.no_progress)?;
    if strict {
        for d in collected.diagnostics.iter_mut().filter(|d| d.level == Level::Warning) {
            d.level = Level::Error;
        }
    }
    session.engine.use_vm(bytecode(session.bytecode, collected.documents.len()));
    let evaluated = session.evaluate(collected.documents);
    let mut report = session.finish(evaluated, collected.diagnostics, collected.resources, plan)?;
    report.stats.resources = true;
    Ok(Scanned { report, config: session.loaded })
}

/// How a scan or audit of `documents` runs its rules: the built-in rules' bytecode always, and
/// bytecode compiled now for other rules when there are enough documents to repay it.
pub fn bytecode(allowed: bool, documents: usize) -> Bytecode {
    match (allowed, documents >= engine::VM_MIN_DOCUMENTS) {
        (false, _) => Bytecode::Off,
        (true, false) => Bytecode::Builtin,
        (true, true) => Bytecode::Compile,
    }
}
