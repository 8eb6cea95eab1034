//! `rampart scan`: walk, collect, evaluate in parallel, suppress, report, gate.

use std::collections::HashSet;
use std::fs::File;
use std::io::{BufWriter, IsTerminal, Write};
use std::path::PathBuf;
use std::process::ExitCode;
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::sync::Arc;
use std::time::Duration;

use anyhow::{bail, Context, Result};
use rayon::prelude::*;

use super::{EXIT_ERROR, EXIT_FINDINGS, EXIT_OK};
use crate::cli::ScanArgs;
use crate::collect::{self, collect_file};
use crate::config::{self, Loaded};
use crate::document::Model;
use crate::engine::Engine;
use crate::finding::{Diagnostic, Finding, Level, Severity};
use crate::policy;
use crate::report::{reporter, Format, Report, RuleInfo, Stats, Style};
use crate::suppress::{today, Suppression, SuppressionKind};
use crate::walk;

pub fn run(args: ScanArgs) -> Result<ExitCode> {
    let cwd = std::env::current_dir().context("reading the current directory")?;
    let base = walk::report_base(&cwd);
    for path in &args.paths {
        if std::fs::symlink_metadata(path).is_err() {
            bail!("{} does not exist", path.display());
        }
    }
    let loaded = if args.no_config {
        Loaded::default()
    } else if let Some(path) = &args.config {
        config::load(path)?
    } else {
        match config::discover(args.paths.first().map_or(cwd.as_path(), |p| p.as_path())) {
            Some(path) => config::load(&path)?,
            None => Loaded::default(),
        }
    };
    let cfg = &loaded.config;

    let fail_on = parse_fail_on(args.fail_on.as_deref().or(cfg.fail_on.as_deref()).unwrap_or("low"))?;
    let stdout_format = match &args.format {
        Some(f) => f.parse::<Format>().map_err(anyhow::Error::msg)?,
        None if std::io::stdout().is_terminal() => Format::Table,
        None => Format::Json,
    };
    let outputs = args
        .output
        .iter()
        .map(|o| {
            let (format, path) = o.split_once('=').with_context(|| format!("--output {o:?}: expected FORMAT=PATH"))?;
            Ok((format.parse::<Format>().map_err(anyhow::Error::msg)?, PathBuf::from(path)))
        })
        .collect::<Result<Vec<_>>>()?;

    let mut dirs = loaded.policy_dirs();
    dirs.extend(args.policies.policy.iter().cloned());
    let set = policy::compile(policy::gather_sources(!args.policies.no_builtin, &dirs)?, false)?;
    let known: HashSet<String> = set.policies.iter().map(|p| p.meta.id.clone()).collect();
    for id in args.rules.iter().chain(&args.skip_rules).chain(&cfg.skip_rules) {
        if !known.contains(id) {
            bail!("unknown rule {id:?} (see `rampart rules`)");
        }
    }
    let skip: HashSet<&String> = args.skip_rules.iter().chain(&cfg.skip_rules).collect();
    let engine = Engine::new(
        set,
        |p| (args.rules.is_empty() || args.rules.contains(&p.meta.id)) && !skip.contains(&p.meta.id),
        Duration::from_secs(args.policy_timeout.max(1)),
    )?;

    let excludes: Vec<String> = cfg.skip_paths.iter().chain(&args.exclude).cloned().collect();
    let walked = walk::discover(
        &args.paths,
        &walk::Options { base: base.clone(), excludes: walk::build_globs(&excludes)?, follow_links: args.follow_links },
    );
    let raw_globs = engine.raw_globs();
    let opts = collect::Options {
        max_file_size: args.max_file_size.or(cfg.max_file_size).unwrap_or(collect::DEFAULT_MAX_FILE_SIZE),
        kubernetes: engine.wants(Model::Kubernetes),
        dockerfile: engine.wants(Model::Dockerfile),
        raw: if raw_globs.is_empty() { None } else { Some(Arc::new(walk::build_globs(&raw_globs)?)) },
    };

    let progress = Progress::start(walked.targets.len(), !args.no_progress && std::io::stderr().is_terminal());
    let results: Vec<(Vec<Finding>, Vec<Diagnostic>, usize)> = walked
        .targets
        .par_iter()
        .map_init(
            || engine.worker(),
            |worker, target| {
                let out = collect_file(&target.abs, &target.rel, target.kind, &opts);
                let mut findings = Vec::new();
                let mut diagnostics = out.diagnostics;
                let documents = out.docs.len();
                for doc in out.docs {
                    let (f, d) = engine.evaluate(worker, doc);
                    findings.extend(f);
                    diagnostics.extend(d);
                }
                progress.tick();
                (findings, diagnostics, documents)
            },
        )
        .collect();
    progress.finish();

    let mut report = Report {
        stats: Stats {
            files_scanned: walked.targets.len(),
            documents: results.iter().map(|r| r.2).sum(),
            rules: engine.policies().count(),
        },
        diagnostics: walked.diagnostics,
        ..Report::default()
    };
    for (findings, diagnostics, _) in results {
        report.findings.extend(findings);
        report.diagnostics.extend(diagnostics);
    }
    apply_config_ignores(&mut report, &loaded)?;
    report.rules = engine
        .policies()
        .filter(|p| report.findings.iter().any(|f| *f.rule_id == p.meta.id))
        .map(|p| RuleInfo {
            id: p.meta.id.clone(),
            title: p.meta.title.clone(),
            severity: p.meta.severity,
            platform: p.meta.platform().to_string(),
        })
        .collect();
    report.sort();

    for (format, path) in &outputs {
        let file = File::create(path).with_context(|| format!("creating {}", path.display()))?;
        let mut w = BufWriter::new(file);
        reporter(*format).write(&report, Style::default(), &mut w)?;
        w.flush()?;
    }
    let stdout = std::io::stdout();
    let terminal = stdout.is_terminal();
    let style = Style { color: terminal && std::env::var_os("NO_COLOR").is_none(), terminal };
    let mut lock = stdout.lock();
    reporter(stdout_format).write(&report, style, &mut lock)?;
    lock.flush()?;

    Ok(ExitCode::from(exit_code(&report, fail_on, args.strict)))
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
        Some(threshold) if report.unsuppressed().any(|f| f.severity >= threshold) => EXIT_FINDINGS,
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
