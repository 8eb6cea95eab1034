//! The auditor's view: per framework, each control's status, the failing resources, totals and
//! a score. (The same data is in the JSON report under `compliance`, and summarised in Markdown.)

use std::io::{self, Write};

use comfy_table::{Cell, Color};

use super::table::{grid, sanitize};
use super::{Report, Reporter, Style};
use crate::policy::compliance::Status;

pub struct ComplianceTable;

impl Reporter for ComplianceTable {
    fn write(&self, report: &Report, style: Style, out: &mut dyn Write) -> io::Result<()> {
        if report.compliance.is_empty() {
            return writeln!(
                out,
                "No compliance framework selected: use --compliance FRAMEWORK (see `rampart compliance list`)."
            );
        }
        for fw in &report.compliance {
            writeln!(out, "{} {} ({})", fw.title, fw.version, fw.id)?;
            let mut table = grid(style);
            table.set_header(vec!["Control", "Status", "Title", "Rules", "Failing resources"]);
            for c in &fw.controls {
                let mut status = Cell::new(c.status.as_str());
                if style.color {
                    status = status.fg(match c.status {
                        Status::Pass => Color::Green,
                        Status::Fail => Color::Red,
                        Status::Manual => Color::Grey,
                        Status::NotApplicable => Color::DarkGrey,
                    });
                }
                let mut failing: Vec<String> = c
                    .failing
                    .iter()
                    .take(5)
                    .map(|f| format!("{}:{} {} ({})", f.file, f.line, f.resource, f.rule_id))
                    .collect();
                if c.failing.len() > 5 {
                    failing.push(format!("… and {} more", c.failing.len() - 5));
                }
                table.add_row(vec![
                    Cell::new(&c.id),
                    status,
                    Cell::new(sanitize(&c.title)),
                    Cell::new(c.rules.join(", ")),
                    Cell::new(failing.iter().map(|f| sanitize(f)).collect::<Vec<_>>().join("\n")),
                ]);
            }
            writeln!(out, "{table}")?;
            let score = fw.score.map(|s| format!("{s:.1}%")).unwrap_or_else(|| "n/a".into());
            writeln!(
                out,
                "Score {score}: {} passed, {} failed, {} manual, {} not applicable ({} controls)\n",
                fw.totals.pass,
                fw.totals.fail,
                fw.totals.manual,
                fw.totals.not_applicable,
                fw.controls.len()
            )?;
        }
        Ok(())
    }
}
