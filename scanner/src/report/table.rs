//! The human report: findings grouped by file, then diagnostics, then one summary line.
//! Colours only on a terminal; content from scanned files is stripped of control characters
//! so a hostile file cannot drive the reader's terminal.

use std::io::{self, Write};

use comfy_table::{presets, Attribute, Cell, Color, ContentArrangement, Table as Grid};

use super::{Report, Reporter, Style};
use crate::diagnostic::Level;
use crate::finding::Severity;

pub struct Table;

fn severity_color(s: Severity) -> Color {
    match s {
        Severity::Critical => Color::Magenta,
        Severity::High => Color::Red,
        Severity::Medium => Color::Yellow,
        Severity::Low => Color::Cyan,
        Severity::Info => Color::Grey,
    }
}

/// A table in the house style: wrapped to the terminal, plain when not on one.
pub fn grid(style: Style) -> Grid {
    let mut grid = Grid::new();
    grid.load_preset(presets::UTF8_FULL_CONDENSED);
    if !style.color {
        grid.force_no_tty();
    }
    grid.set_content_arrangement(if style.terminal {
        ContentArrangement::Dynamic
    } else {
        ContentArrangement::Disabled
    });
    grid
}

fn plural(n: usize, noun: &str) -> String {
    format!("{n} {noun}{}", if n == 1 { "" } else { "s" })
}

/// Scanned text made safe for a terminal: control characters (escape sequences, newlines
/// that would forge a line of their own) and bidirectional-text controls (which can make a
/// file name read as another) become `?`.
pub fn sanitize(text: &str) -> String {
    crate::redact::one_line(text)
}

impl Reporter for Table {
    fn write(&self, report: &Report, style: Style, out: &mut dyn Write) -> io::Result<()> {
        let mut i = 0;
        let findings = &report.findings;
        while i < findings.len() {
            let file = &findings[i].file;
            let end = findings[i..].iter().position(|f| &f.file != file).map_or(findings.len(), |p| i + p);
            let title = sanitize(file);
            if style.color {
                writeln!(out, "\x1b[1m{title}\x1b[0m")?;
            } else {
                writeln!(out, "{title}")?;
            }
            let mut grid = grid(style);
            grid.set_header(vec!["Line", "Severity", "Rule", "Resource", "Finding"]);
            for f in &findings[i..end] {
                let lines = if f.end_line > f.start_line {
                    format!("{}-{}", f.start_line, f.end_line)
                } else {
                    f.start_line.to_string()
                };
                let mut severity = Cell::new(f.severity.as_str());
                if style.color {
                    severity = severity.fg(severity_color(f.severity)).add_attribute(Attribute::Bold);
                }
                let mut message = sanitize(&f.message);
                if let Some(s) = &f.suppression {
                    let reason = s.reason.as_deref().map(|r| format!(": {}", sanitize(r))).unwrap_or_default();
                    message = format!("[suppressed{reason}] {message}");
                } else if f.in_baseline {
                    message = format!("[baseline] {message}");
                }
                grid.add_row(vec![
                    Cell::new(lines),
                    severity,
                    Cell::new(f.rule_id.as_ref()),
                    Cell::new(sanitize(&f.resource)),
                    Cell::new(message),
                ]);
            }
            writeln!(out, "{grid}")?;
            writeln!(out)?;
            i = end;
        }

        if !report.diagnostics.is_empty() {
            writeln!(out, "Diagnostics")?;
            for d in &report.diagnostics {
                let level = match (style.color, d.level) {
                    (true, Level::Error) => "\x1b[31merror\x1b[0m".to_string(),
                    (true, Level::Warning) => "\x1b[33mwarning\x1b[0m".to_string(),
                    (_, level) => level.as_str().to_string(),
                };
                let place = match (&d.file, d.line) {
                    (Some(f), Some(l)) => format!("{}:{l}: ", sanitize(f)),
                    (Some(f), None) => format!("{}: ", sanitize(f)),
                    _ => String::new(),
                };
                writeln!(out, "  {place}{level}: {}", sanitize(&d.message))?;
            }
            writeln!(out)?;
        }

        let waivers = report.waiver_lines();
        if !waivers.is_empty() {
            writeln!(out, "Waivers")?;
            for w in waivers {
                writeln!(out, "  {}", sanitize(&w))?;
            }
            writeln!(out)?;
        }

        let counts = report.counts();
        let total: usize = counts.values().sum();
        let by_severity: Vec<String> = Severity::ALL
            .iter()
            .filter_map(|s| counts.get(s).map(|n| format!("{n} {}", s.as_str().to_lowercase())))
            .collect();
        let new = if report.baseline { "new " } else { "" };
        let mut summary = format!("{total} {new}finding{}", if total == 1 { "" } else { "s" });
        if !by_severity.is_empty() {
            summary.push_str(&format!(" ({})", by_severity.join(", ")));
        }
        if report.baseline {
            summary.push_str(&format!(", {} in the baseline", report.baseline_count()));
        }
        let suppressed = report.suppressed_count();
        if suppressed > 0 {
            summary.push_str(&format!(", {suppressed} suppressed"));
        }
        let errors = report.errors();
        if errors > 0 {
            summary.push_str(&format!(", {errors} error{}", if errors == 1 { "" } else { "s" }));
        }
        let unscanned = report.not_scanned();
        if unscanned > 0 {
            summary.push_str(&format!(", {} not scanned", plural(unscanned, "file")));
        }
        summary.push_str(&format!(
            " in {} ({}, {})",
            plural(report.stats.files_scanned, report.stats.unit()),
            plural(report.stats.documents, "document"),
            plural(report.stats.rules, "rule")
        ));
        writeln!(out, "{summary}")
    }
}
