//! Reporters: one file per output format, all behind one trait, all reading one `Report`.
//!
//! The Report is sorted before any reporter sees it, so the same input gives the same bytes
//! whatever the thread count; reporters must not add anything that varies between runs
//! (times, absolute paths).

pub mod json;
pub mod table;

use std::collections::BTreeMap;
use std::io::{self, Write};
use std::str::FromStr;

use serde::Serialize;

use crate::finding::{Diagnostic, Finding, Level, Severity};

#[derive(Debug, Clone, Serialize)]
pub struct RuleInfo {
    pub id: String,
    pub title: String,
    pub severity: Severity,
    pub platform: String,
}

#[derive(Debug, Clone, Default, Serialize)]
pub struct Stats {
    pub files_scanned: usize,
    pub documents: usize,
    pub rules: usize,
}

#[derive(Debug, Default)]
pub struct Report {
    pub findings: Vec<Finding>,
    pub diagnostics: Vec<Diagnostic>,
    /// The rules that produced findings.
    pub rules: Vec<RuleInfo>,
    pub stats: Stats,
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

    pub fn unsuppressed(&self) -> impl Iterator<Item = &Finding> {
        self.findings.iter().filter(|f| !f.is_suppressed())
    }

    /// Unsuppressed findings by severity.
    pub fn counts(&self) -> BTreeMap<Severity, usize> {
        let mut counts = BTreeMap::new();
        for f in self.unsuppressed() {
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
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    Table,
    Json,
}

impl FromStr for Format {
    type Err = String;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        match s {
            "table" => Ok(Format::Table),
            "json" => Ok(Format::Json),
            _ => Err(format!("unknown format {s:?}: expected table or json")),
        }
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
    }
}
