//! Reporters: one file per output format, all behind one trait, all reading one `Report`.
//!
//! The Report is sorted before any reporter sees it, so the same input gives the same bytes
//! whatever the thread count; reporters must not add anything that varies between runs
//! (times, absolute paths).

pub mod compliance;
pub mod github;
pub mod json;
pub mod junit;
pub mod markdown;
pub mod sarif;
pub mod table;

use std::collections::{BTreeMap, BTreeSet};
use std::io::{self, Write};
use std::str::FromStr;

use serde::Serialize;

use crate::diagnostic::{Diagnostic, Level};
use crate::finding::{Finding, Severity};
use crate::policy::compliance::FrameworkReport;
use crate::policy::Metadata;

/// Everything reporters may say about an active rule.
#[derive(Debug, Clone)]
pub struct RuleDoc {
    pub meta: Metadata,
    /// Help as text and Markdown (with examples): built only when a format shows it (SARIF).
    pub help: Option<(String, String)>,
}

#[derive(Debug, Clone, Serialize)]
pub struct RuleInfo {
    pub id: String,
    pub title: String,
    pub severity: Severity,
    pub platform: String,
}

#[derive(Debug, Clone, Default, Serialize)]
pub struct Stats {
    /// Files read by a scan, or live resources read by an audit (see `resources`).
    pub files_scanned: usize,
    /// The report is an audit's: what was read are resources, not files.
    #[serde(skip)]
    pub resources: bool,
    pub documents: usize,
    pub rules: usize,
}

#[derive(Debug, Default)]
pub struct Report {
    pub findings: Vec<Finding>,
    pub diagnostics: Vec<Diagnostic>,
    /// The rules that produced findings.
    pub rules: Vec<RuleInfo>,
    /// Every active rule, by id.
    pub catalog: Vec<RuleDoc>,
    /// Rules that evaluated at least one document.
    pub evaluated: BTreeSet<String>,
    /// Compliance summaries, when asked for.
    pub compliance: Vec<FrameworkReport>,
    /// Whether a baseline was applied.
    pub baseline: bool,
    /// What silenced findings (inline comments, annotations, config ignores) or kept rules and
    /// files from being evaluated (skip_rules, skip_paths), with counts.
    pub waivers: Vec<crate::suppress::Waiver>,
    /// SARIF category.
    pub category: String,
    /// Most results in a SARIF log (0: the default, GitHub's limit).
    pub sarif_max_results: usize,
    /// Base of links to source lines (`https://github.com/o/r/blob/SHA`), when known.
    pub link_base: Option<String>,
    pub stats: Stats,
}

impl Stats {
    /// What `files_scanned` counts, singular.
    pub fn unit(&self) -> &'static str {
        if self.resources {
            "resource"
        } else {
            "file"
        }
    }
}

impl Report {
    /// Put everything in its one canonical order.
    pub fn sort(&mut self) {
        self.findings.sort_by(|a, b| a.sort_key().cmp(&b.sort_key()));
        self.findings.dedup_by(|a, b| a.sort_key() == b.sort_key());
        self.diagnostics.sort();
        self.diagnostics.dedup();
        self.rules.sort_by(|a, b| a.id.cmp(&b.id));
        self.rules.dedup_by(|a, b| a.id == b.id);
    }

    /// Findings that are neither suppressed nor in the baseline.
    pub fn new_findings(&self) -> impl Iterator<Item = &Finding> {
        self.findings.iter().filter(|f| f.is_new())
    }

    pub fn baseline_count(&self) -> usize {
        self.findings.iter().filter(|f| f.suppression.is_none() && f.in_baseline).count()
    }

    /// A link to a file's lines, when the report knows where the repository lives.
    pub fn link(&self, file: &str, start: u32, end: u32) -> Option<String> {
        let base = self.link_base.as_ref()?;
        Some(if end > start { format!("{base}/{file}#L{start}-L{end}") } else { format!("{base}/{file}#L{start}") })
    }

    /// New findings by severity.
    pub fn counts(&self) -> BTreeMap<Severity, usize> {
        let mut counts = BTreeMap::new();
        for f in self.new_findings() {
            *counts.entry(f.severity).or_default() += 1;
        }
        counts
    }

    pub fn suppressed_count(&self) -> usize {
        self.findings.iter().filter(|f| f.is_suppressed()).count()
    }

    pub fn errors(&self) -> usize {
        self.diagnostics.iter().filter(|d| d.level == Level::Error).count()
    }

    /// The waivers as one line each: `inline pod.yaml:18 K8S-001: 2 findings`.
    pub fn waiver_lines(&self) -> Vec<String> {
        self.waivers
            .iter()
            .map(|w| {
                let count = match w.findings {
                    Some(1) => "1 finding".to_string(),
                    Some(n) => format!("{n} findings"),
                    None => "not evaluated".to_string(),
                };
                format!("{} {} {}: {count}", w.kind, w.source, w.rules.join(","))
            })
            .collect()
    }

    /// Files no rule saw (too big, unreadable, not parseable, a template).
    pub fn not_scanned(&self) -> usize {
        self.diagnostics.iter().filter(|d| d.not_scanned).count()
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    Table,
    Json,
    Sarif,
    Junit,
    Markdown,
    Github,
    Compliance,
}

impl Format {
    pub const ALL: [Format; 7] = [
        Format::Table,
        Format::Json,
        Format::Sarif,
        Format::Junit,
        Format::Markdown,
        Format::Github,
        Format::Compliance,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            Format::Table => "table",
            Format::Json => "json",
            Format::Sarif => "sarif",
            Format::Junit => "junit",
            Format::Markdown => "markdown",
            Format::Github => "github",
            Format::Compliance => "compliance",
        }
    }
}

impl FromStr for Format {
    type Err = String;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        if s == "md" {
            return Ok(Format::Markdown);
        }
        Format::ALL.into_iter().find(|f| f.as_str() == s).ok_or_else(|| {
            let names: Vec<&str> = Format::ALL.iter().map(|f| f.as_str()).collect();
            format!("unknown format {s:?}: expected one of {}", names.join(", "))
        })
    }
}

/// How output will be shown.
#[derive(Debug, Clone, Copy, Default)]
pub struct Style {
    /// ANSI colours (a terminal, and NO_COLOR unset).
    pub color: bool,
    /// Writing to a terminal: tables wrap to its width.
    pub terminal: bool,
}

pub trait Reporter {
    fn write(&self, report: &Report, style: Style, out: &mut dyn Write) -> io::Result<()>;
}

pub fn reporter(format: Format) -> Box<dyn Reporter> {
    match format {
        Format::Table => Box::new(table::Table),
        Format::Json => Box::new(json::Json),
        Format::Sarif => Box::new(sarif::Sarif),
        Format::Junit => Box::new(junit::Junit),
        Format::Markdown => Box::new(markdown::Markdown),
        Format::Github => Box::new(github::Github),
        Format::Compliance => Box::new(compliance::ComplianceTable),
    }
}
