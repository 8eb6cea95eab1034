//! The end of every scan and audit: write each requested format and turn the report into the
//! exit code, identically for every format.

use std::fs::File;
use std::io::{BufWriter, IsTerminal, Write};
use std::path::PathBuf;
use std::process::ExitCode;

use anyhow::{Context, Result};

use crate::cli::ReportArgs;
use crate::config::Loaded;
use crate::diagnostic::Level;
use crate::finding::FailOn;
use crate::policy::compliance;
use crate::report::{reporter, Format, Report, Style};

pub const EXIT_OK: u8 = 0;
pub const EXIT_FINDINGS: u8 = 1;
pub const EXIT_ERROR: u8 = 2;

/// Which formats a run writes, and so what it must compute (compliance, SARIF help), and the
/// baseline it is compared with.
pub struct OutputPlan {
    stdout: Format,
    files: Vec<(Format, PathBuf)>,
    pub frameworks: Vec<String>,
    pub with_help: bool,
    /// `--baseline`; the config's baseline applies when this is not given.
    pub baseline: Option<PathBuf>,
}

impl OutputPlan {
    pub fn new(args: &ReportArgs) -> Result<OutputPlan> {
        let stdout = match args.format {
            Some(f) => f,
            None if std::io::stdout().is_terminal() => Format::Table,
            None => Format::Json,
        };
        let files = args.output.clone();
        let mut frameworks = args.compliance.clone();
        let wants = |fmt: Format| stdout == fmt || files.iter().any(|(f, _)| *f == fmt);
        if wants(Format::Compliance) && frameworks.is_empty() {
            frameworks = compliance::frameworks()?.into_iter().map(|f| f.id).collect();
        }
        let with_help = wants(Format::Sarif);
        Ok(OutputPlan { stdout, files, frameworks, with_help, baseline: args.baseline.clone() })
    }

    /// A run that writes no report of its own (`rampart baseline create`).
    pub fn none() -> OutputPlan {
        OutputPlan { stdout: Format::Json, files: Vec::new(), frameworks: Vec::new(), with_help: false, baseline: None }
    }
}

/// Write every output and return the exit code: the end of a scan or an audit alike.
pub fn report_and_gate(mut report: Report, loaded: &Loaded, args: &ReportArgs, plan: &OutputPlan) -> Result<ExitCode> {
    let fail_on = args.fail_on.or(loaded.config.fail_on).unwrap_or_default();
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

pub fn exit_code(report: &Report, fail_on: FailOn, strict: bool) -> u8 {
    let policy_error = report.diagnostics.iter().any(|d| d.rule.is_some() && d.level == Level::Error);
    // --strict: a file that failed to parse, or that no rule saw, fails the run.
    if policy_error || (strict && (report.errors() > 0 || report.not_scanned() > 0)) {
        return EXIT_ERROR;
    }
    if report.new_findings().any(|f| fail_on.fails(f.severity)) {
        EXIT_FINDINGS
    } else {
        EXIT_OK
    }
}
