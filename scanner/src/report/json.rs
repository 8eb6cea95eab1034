//! JSON output: the machine-readable report, with a versioned schema (docs/json-output.md).

use std::io::{self, Write};

use serde::Serialize;

use super::{Report, Reporter, Style};
use crate::diagnostic::Diagnostic;
use crate::finding::{Finding, Severity};

/// Bumped on any incompatible change to the shape below.
pub const SCHEMA_VERSION: &str = "1";

pub struct Json;

#[derive(Serialize)]
struct Output<'a> {
    schema_version: &'static str,
    tool: Tool,
    summary: Summary<'a>,
    findings: &'a [Finding],
    diagnostics: &'a [Diagnostic],
    rules: &'a [super::RuleInfo],
    #[serde(skip_serializing_if = "<[_]>::is_empty")]
    compliance: &'a [crate::policy::compliance::FrameworkReport],
}

#[derive(Serialize)]
struct Tool {
    name: &'static str,
    version: &'static str,
}

#[derive(Serialize)]
#[serde(rename_all = "UPPERCASE")]
struct BySeverity {
    critical: usize,
    high: usize,
    medium: usize,
    low: usize,
    info: usize,
}

#[derive(Serialize)]
struct Summary<'a> {
    files_scanned: usize,
    documents: usize,
    rules_evaluated: usize,
    /// New findings: neither suppressed nor in the baseline.
    findings: usize,
    suppressed: usize,
    baseline: usize,
    by_severity: BySeverity,
    errors: usize,
    not_scanned: usize,
    /// What silenced findings or kept rules and files out, with counts.
    waivers: &'a [crate::suppress::Waiver],
}

impl Reporter for Json {
    fn write(&self, report: &Report, _style: Style, out: &mut dyn Write) -> io::Result<()> {
        let counts = report.counts();
        let n = |s: Severity| counts.get(&s).copied().unwrap_or(0);
        let by_severity = BySeverity {
            critical: n(Severity::Critical),
            high: n(Severity::High),
            medium: n(Severity::Medium),
            low: n(Severity::Low),
            info: n(Severity::Info),
        };
        let output = Output {
            schema_version: SCHEMA_VERSION,
            tool: Tool { name: "rampart", version: env!("CARGO_PKG_VERSION") },
            summary: Summary {
                files_scanned: report.stats.files_scanned,
                documents: report.stats.documents,
                rules_evaluated: report.stats.rules,
                findings: report.new_findings().count(),
                suppressed: report.suppressed_count(),
                baseline: report.baseline_count(),
                by_severity,
                errors: report.errors(),
                not_scanned: report.not_scanned(),
                waivers: &report.waivers,
            },
            findings: &report.findings,
            diagnostics: &report.diagnostics,
            rules: &report.rules,
            compliance: &report.compliance,
        };
        serde_json::to_writer_pretty(&mut *out, &output)?;
        writeln!(out)
    }
}
