//! `rampart scan`: walk, collect, evaluate in parallel, suppress, report, gate.

use std::collections::{BTreeMap, HashSet};
use std::fs::File;
use std::io::{BufWriter, IsTerminal, Write};
use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::sync::Arc;
use std::time::Duration;

use anyhow::{bail, Context, Result};
use rayon::prelude::*;

use super::baseline;
use super::{EXIT_ERROR, EXIT_FINDINGS, EXIT_OK};
use crate::cli::{EvalOptions, ReportArgs, ScanArgs, ScanOptions};
use crate::collect::{self, collect_file};
use crate::config::{self, Loaded};
use crate::document::{Document, Model};
use crate::engine::{self, Bytecode, Engine};
use crate::finding::{Diagnostic, Finding, Level, Severity};
use crate::policy::{self, compliance};
use crate::report::{reporter, Format, Report, RuleDoc, RuleInfo, Stats, Style};
use crate::suppress::{today, Suppression, SuppressionKind};
use crate::walk;

/// A finished scan, before it is reported.
pub struct Scanned {
    pub report: Report,
    pub config: Loaded,
}

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
}

impl Session {
    /// Load the configuration (`config_from`: where to look for `.rampart.yaml` upward),
    /// compile the policies and select the rules.
    pub fn new(opts: &EvalOptions, config_from: &Path, frameworks: &[String]) -> Result<Session> {
        if let Some(n) = opts.threads {
            // Only the first call in a process can size the pool (tests run several scans).
            let _ = rayon::ThreadPoolBuilder::new().num_threads(n.max(1)).build_global();
        }
        let loaded = if opts.no_config {
            Loaded::default()
        } else if let Some(path) = &opts.config {
            config::load(path)?
        } else {
            match config::discover(config_from) {
                Some(path) => config::load(&path)?,
                None => Loaded::default(),
            }
        };
        let cfg = &loaded.config;
        let mut policy_dirs = loaded.policy_dirs();
        policy_dirs.extend(opts.policies.policy.iter().cloned());
        let set = policy::load(policy::gather_sources(!opts.policies.no_builtin, &policy_dirs)?, false)?;
        let known: HashSet<String> = set.policies.iter().map(|p| p.meta.id.clone()).collect();
        for id in opts.rules.iter().chain(&opts.skip_rules).chain(&cfg.skip_rules) {
            if !known.contains(id) {
                bail!("unknown rule {id:?} (see `rampart rules`)");
            }
        }
        let skip: HashSet<&String> = opts.skip_rules.iter().chain(&cfg.skip_rules).collect();
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
        Ok(Session {
            engine,
            loaded,
            frameworks: selected,
            policy_dirs,
            no_progress: opts.no_progress,
            bytecode: !opts.no_bytecode,
        })
    }

    /// Evaluate documents in parallel (an audit's objects; a scan evaluates per file instead).
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
        let mut all = Evaluated::default();
        for r in results {
            all.merge(r);
        }
        all
    }

    /// Suppress, sort and summarise: the report of everything evaluated.
    /// `with_help` builds each rule's help (with examples from its cases), which only SARIF shows.
    pub fn finish(
        &self,
        evaluated: Evaluated,
        mut diagnostics: Vec<Diagnostic>,
        files: usize,
        with_help: bool,
    ) -> Result<Report> {
        diagnostics.extend(evaluated.diagnostics);
        let mut report = Report {
            stats: Stats {
                files_scanned: files,
                resources: false,
                documents: evaluated.documents,
                rules: self.engine.policies().count(),
            },
            diagnostics,
            findings: evaluated.findings,
            evaluated: evaluated.evaluated.iter().map(|id| id.to_string()).collect(),
            ..Report::default()
        };
        apply_config_ignores(&mut report, &self.loaded)?;
        report.catalog = self
            .engine
            .policies()
            .map(|p| RuleDoc {
                meta: p.meta.clone(),
                help: with_help.then(|| {
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
    pub fn add(&mut self, eval: crate::engine::Evaluation) {
        self.findings.extend(eval.findings);
        self.diagnostics.extend(eval.diagnostics);
        self.evaluated.extend(eval.evaluated);
    }

    pub fn merge(&mut self, other: Evaluated) {
        self.findings.extend(other.findings);
        self.diagnostics.extend(other.diagnostics);
        self.evaluated.extend(other.evaluated);
        self.documents += other.documents;
    }
}

/// Walk, collect and evaluate: everything a scan does before reporting.
pub fn execute(opts: &ScanOptions, frameworks: &[String], with_help: bool) -> Result<Scanned> {
    let cwd = std::env::current_dir().context("reading the current directory")?;
    let base = walk::report_base(&cwd);
    for path in &opts.paths {
        if std::fs::symlink_metadata(path).is_err() {
            bail!("{} does not exist", path.display());
        }
    }
    let mut session = Session::new(&opts.eval, opts.paths.first().map_or(cwd.as_path(), |p| p.as_path()), frameworks)?;
    let (engine, cfg) = (&session.engine, &session.loaded.config);

    let excludes: Vec<String> = cfg.skip_paths.iter().chain(&opts.exclude).cloned().collect();
    let walked = walk::discover(
        &opts.paths,
        &walk::Options { base: base.clone(), excludes: walk::build_globs(&excludes)?, follow_links: opts.follow_links },
    );
    let raw_globs = engine.raw_globs();
    let max_file_size = opts.max_file_size.or(cfg.max_file_size).unwrap_or(collect::DEFAULT_MAX_FILE_SIZE);
    let collect_opts = collect::Options {
        max_file_size,
        kubernetes: engine.wants(Model::Kubernetes),
        dockerfile: engine.wants(Model::Dockerfile),
        raw: if raw_globs.is_empty() { None } else { Some(Arc::new(walk::build_globs(&raw_globs)?)) },
        cloud: engine.wants(Model::Cloud),
        terraform: engine.wants(Model::Terraform),
        cloudformation: engine.wants(Model::Cloudformation),
        tf: Arc::new(terraform_options(opts, max_file_size)?),
        cfn_params: opts.cfn_params.as_ref().map(|p| read_cfn_params(p)).transpose()?.map(Arc::new),
        base: Some(base.clone()),
    };

    let units = units(&walked.targets, &collect_opts);
    // Fewer files than cores: compiling the rules is most of the run, so every core takes part.
    let threads = rayon::current_num_threads();
    session.engine.use_vm(bytecode(session.bytecode, units.len()));
    if units.len() < threads {
        session.engine.split(threads);
    }
    let engine = &session.engine;
    let progress = Progress::start(units.len(), !session.no_progress && std::io::stderr().is_terminal());
    // The rules of the models the files will most likely need compile on a thread of their
    // own while the workers read and parse the first files (a worker that gets there first
    // compiles them itself; the other waits).
    let likely = likely_models(&walked.targets);
    let results: Vec<Evaluated> = std::thread::scope(|scope| {
        scope.spawn(|| likely.into_iter().for_each(|m| engine.prepare(m)));
        evaluate_units(&units, engine, &collect_opts, &progress)
    });
    progress.finish();

    let mut all = Evaluated::default();
    for r in results {
        all.merge(r);
    }
    let report = session.finish(all, walked.diagnostics, walked.targets.len(), with_help)?;
    let Session { engine, loaded, .. } = session;
    // Freeing the compiled policies takes longer than reporting: let it overlap.
    std::thread::spawn(move || drop(engine));
    Ok(Scanned { report, config: loaded })
}

/// The models that files of these kinds usually produce, most frequent first.
fn likely_models(targets: &[walk::Target]) -> Vec<Model> {
    let mut counts: BTreeMap<Model, usize> = BTreeMap::new();
    for t in targets {
        let models: &[Model] = match t.kind {
            collect::FileKind::Terraform => &[Model::Cloud, Model::Terraform],
            collect::FileKind::Dockerfile => &[Model::Dockerfile],
            collect::FileKind::Yaml | collect::FileKind::Json => &[Model::Kubernetes],
            collect::FileKind::Toml => &[],
        };
        for m in models {
            *counts.entry(*m).or_default() += 1;
        }
    }
    let mut models: Vec<(Model, usize)> = counts.into_iter().collect();
    models.sort_by_key(|m| std::cmp::Reverse(m.1));
    models.into_iter().map(|(m, _)| m).collect()
}

fn evaluate_units(
    units: &[Unit<'_>],
    engine: &Engine,
    collect_opts: &collect::Options,
    progress: &Progress,
) -> Vec<Evaluated> {
    units
        .par_iter()
        .map_init(
            || engine.worker(),
            |worker, unit| {
                let out = match unit {
                    Unit::File(target) => collect_file(&target.abs, &target.rel, target.kind, collect_opts),
                    Unit::Module { dir, display_base, file, root_ref, .. } => {
                        collect::collect_module(dir, display_base, file, root_ref, collect_opts)
                    }
                };
                let mut result =
                    Evaluated { diagnostics: out.diagnostics, documents: out.docs.len(), ..Default::default() };
                for doc in out.docs {
                    result.add(engine.evaluate(worker, doc));
                }
                // A Terraform file named alone (pre-commit) is evaluated with its whole module
                // as context, but only its own findings are reported.
                if let Unit::Module { only: Some(only), .. } = unit {
                    result.findings.retain(|f| only.contains(&f.file));
                }
                progress.tick();
                result
            },
        )
        .collect()
}

/// What one worker task scans: a file, or a Terraform root module directory.
enum Unit<'a> {
    File(&'a walk::Target),
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

/// Files become units; Terraform files are grouped by directory, and a directory that another
/// scanned directory calls as a local module is evaluated only through its caller (with the
/// inputs it is given), never alone.
fn units<'a>(targets: &'a [walk::Target], opts: &collect::Options) -> Vec<Unit<'a>> {
    let mut out = Vec::new();
    let mut modules: BTreeMap<PathBuf, Vec<&walk::Target>> = BTreeMap::new();
    for t in targets {
        if t.kind == collect::FileKind::Terraform {
            if opts.cloud || opts.terraform {
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
        let depth = if root_ref == "." { 0 } else { root_ref.split('/').count() };
        let display_base = dir.ancestors().nth(depth).unwrap_or(&dir).to_path_buf();
        out.push(Unit::Module { dir, display_base, file: first.rel.clone(), root_ref, only });
    }
    out
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
    Ok(collect::terraform::TfOptions { vars, var_files: opts.var_files.clone(), max_expansion: 0, max_file_size })
}

fn read_cfn_params(path: &std::path::Path) -> Result<serde_json::Value> {
    let text = std::fs::read_to_string(path).with_context(|| format!("reading --cfn-params {}", path.display()))?;
    serde_json::from_str(&text)
        .with_context(|| format!("--cfn-params {}: expected the AWS CLI's JSON parameter file", path.display()))
}

pub fn run(args: ScanArgs) -> Result<ExitCode> {
    let plan = OutputPlan::new(&args.report)?;
    let Scanned { report, config: loaded } = execute(&args.scan, &plan.frameworks, plan.with_help)?;
    report_and_gate(report, &loaded, &args.report, &plan)
}

/// Which formats a run writes, and so what it must compute (compliance, SARIF help).
pub struct OutputPlan {
    stdout: Format,
    files: Vec<(Format, PathBuf)>,
    pub frameworks: Vec<String>,
    pub with_help: bool,
}

impl OutputPlan {
    pub fn new(args: &ReportArgs) -> Result<OutputPlan> {
        let stdout = match &args.format {
            Some(f) => f.parse::<Format>().map_err(anyhow::Error::msg)?,
            None if std::io::stdout().is_terminal() => Format::Table,
            None => Format::Json,
        };
        let files = args
            .output
            .iter()
            .map(|o| {
                let (format, path) =
                    o.split_once('=').with_context(|| format!("--output {o:?}: expected FORMAT=PATH"))?;
                Ok((format.parse::<Format>().map_err(anyhow::Error::msg)?, PathBuf::from(path)))
            })
            .collect::<Result<Vec<_>>>()?;
        let mut frameworks = args.compliance.clone();
        let wants = |fmt: Format| stdout == fmt || files.iter().any(|(f, _)| *f == fmt);
        if wants(Format::Compliance) && frameworks.is_empty() {
            frameworks = compliance::frameworks()?.into_iter().map(|f| f.id).collect();
        }
        let with_help = wants(Format::Sarif);
        Ok(OutputPlan { stdout, files, frameworks, with_help })
    }
}

/// Apply the baseline, write every output and return the exit code: the end of a scan or an
/// audit alike.
pub fn report_and_gate(mut report: Report, loaded: &Loaded, args: &ReportArgs, plan: &OutputPlan) -> Result<ExitCode> {
    let fail_on = parse_fail_on(args.fail_on.as_deref().or(loaded.config.fail_on.as_deref()).unwrap_or("low"))?;
    if let Some(path) = args.baseline.clone().or_else(|| loaded.baseline()) {
        let known = baseline::load(&path)?;
        for f in &mut report.findings {
            f.in_baseline = known.contains(&f.fingerprint);
        }
        report.baseline = true;
    }
    report.category = args.category.clone();
    report.sarif_max_results = args.sarif_max_results;
    report.link_base = github_link_base();

    for (format, path) in &plan.files {
        let file = File::create(path).with_context(|| format!("creating {}", path.display()))?;
        let mut w = BufWriter::new(file);
        reporter(*format).write(&report, Style::default(), &mut w)?;
        w.flush()?;
    }
    let stdout = std::io::stdout();
    let terminal = stdout.is_terminal();
    let style = Style { color: terminal && std::env::var_os("NO_COLOR").is_none(), terminal };
    // Stdout is line-buffered: without a buffer of our own, a report is a write per line.
    let mut out = BufWriter::with_capacity(1 << 16, stdout.lock());
    reporter(plan.stdout).write(&report, style, &mut out)?;
    out.flush()?;

    Ok(ExitCode::from(exit_code(&report, fail_on, args.strict)))
}

/// Links to source lines in a GitHub Actions run (`https://github.com/OWNER/REPO/blob/SHA`).
fn github_link_base() -> Option<String> {
    let var = |k: &str| std::env::var(k).ok().filter(|v| !v.is_empty());
    Some(format!("{}/{}/blob/{}", var("GITHUB_SERVER_URL")?, var("GITHUB_REPOSITORY")?, var("GITHUB_SHA")?))
}

/// `None` means the findings never fail the run.
fn parse_fail_on(value: &str) -> Result<Option<Severity>> {
    if value.eq_ignore_ascii_case("none") {
        return Ok(None);
    }
    value.parse::<Severity>().map(Some).map_err(|e| anyhow::anyhow!("--fail-on: {e}"))
}

pub fn exit_code(report: &Report, fail_on: Option<Severity>, strict: bool) -> u8 {
    let policy_error = report.diagnostics.iter().any(|d| d.rule.is_some() && d.level == Level::Error);
    if policy_error || (strict && report.errors() > 0) {
        return EXIT_ERROR;
    }
    match fail_on {
        Some(threshold) if report.new_findings().any(|f| f.severity >= threshold) => EXIT_FINDINGS,
        _ => EXIT_OK,
    }
}

fn apply_config_ignores(report: &mut Report, loaded: &Loaded) -> Result<()> {
    if loaded.config.ignore.is_empty() {
        return Ok(());
    }
    let today = today();
    let config_name = loaded.path.as_ref().map(|p| p.display().to_string()).unwrap_or_else(|| config::FILE_NAME.into());
    let mut matchers = Vec::new();
    for ig in &loaded.config.ignore {
        matchers.push((ig, walk::build_globs(&ig.paths)?));
    }
    for finding in report.findings.iter_mut().filter(|f| f.suppression.is_none()) {
        let hit = matchers.iter().find(|(ig, paths)| {
            ig.rules.iter().any(|r| r == "*" || **r == *finding.rule_id)
                && (ig.paths.is_empty() || paths.is_match(finding.file.as_ref()))
        });
        let Some((ig, _)) = hit else { continue };
        if let Some(exp) = &ig.expires {
            if exp.as_str() < today.as_str() {
                report.diagnostics.push(Diagnostic::new(
                    Level::Warning,
                    Some(&config_name),
                    None,
                    format!("ignore of {:?} expired on {exp}; its findings are reported again", ig.rules),
                ));
                continue;
            }
        }
        finding.suppression = Some(Suppression {
            kind: SuppressionKind::Config,
            reason: Some(ig.reason.clone()),
            expires: ig.expires.clone(),
        });
    }
    Ok(())
}

/// A one-line progress count on stderr, for long scans on a terminal only.
struct Progress {
    done: Arc<AtomicUsize>,
    stop: Arc<AtomicBool>,
    handle: Option<std::thread::JoinHandle<()>>,
}

impl Progress {
    fn start(total: usize, enabled: bool) -> Progress {
        let done = Arc::new(AtomicUsize::new(0));
        let stop = Arc::new(AtomicBool::new(false));
        let handle = (enabled && total >= 200).then(|| {
            let (done, stop) = (done.clone(), stop.clone());
            std::thread::spawn(move || {
                let mut shown = false;
                while !stop.load(Ordering::Relaxed) {
                    std::thread::sleep(Duration::from_millis(150));
                    let n = done.load(Ordering::Relaxed);
                    let width = 30;
                    let filled = n * width / total.max(1);
                    eprint!("\r\x1b[2K[{}{}] {n}/{total} files", "#".repeat(filled), " ".repeat(width - filled));
                    shown = true;
                }
                if shown {
                    eprint!("\r\x1b[2K");
                }
            })
        });
        Progress { done, stop, handle }
    }

    fn tick(&self) {
        self.done.fetch_add(1, Ordering::Relaxed);
    }

    fn finish(self) {
        self.stop.store(true, Ordering::Relaxed);
        if let Some(h) = self.handle {
            let _ = h.join();
        }
    }
}
