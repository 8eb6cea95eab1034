//! Markdown for a pull-request comment or `$GITHUB_STEP_SUMMARY`: totals, a table of new
//! findings linking to their lines, the rest collapsed, compliance scores. Kept under GitHub's
//! 65,536-character comment limit, with an "…and N more" tail.

use std::io::{self, Write};

use super::{Report, Reporter, Style};
use crate::finding::{Finding, Severity};

pub struct Markdown;

/// GitHub's limit on a comment body, with room left for the tail.
pub const MAX_CHARS: usize = 65_536;
const TAIL_RESERVE: usize = 2_048;

/// Scanned text as inert Markdown: no table break, no HTML, no link or image (`[x](y)`,
/// `![x](y)`) that a pull request could plant in a report reviewers trust.
fn cell(s: &str) -> String {
    crate::redact::one_line(s)
        .replace('\\', "\\\\")
        .replace('|', "\\|")
        .replace('<', "&lt;")
        .replace('[', "\\[")
        .replace(']', "\\]")
        .replace('!', "\\!")
}

fn location(report: &Report, f: &Finding) -> String {
    let text = format!("{}:{}", f.file, f.start_line);
    match report.link(&f.file, f.start_line, f.end_line) {
        Some(url) => format!("[{}]({url})", cell(&text)),
        None => format!("`{}`", text.replace('`', "'")),
    }
}

fn row(report: &Report, f: &Finding) -> String {
    format!(
        "| {} | {} | {} | {} | {} |\n",
        f.severity,
        f.rule_id,
        location(report, f),
        cell(&f.resource),
        cell(&f.message)
    )
}

/// Append rows while they fit in `budget`; return how many did not.
fn rows<'a>(out: &mut String, report: &Report, findings: impl Iterator<Item = &'a Finding>, budget: usize) -> usize {
    let mut left = 0;
    for f in findings {
        let r = row(report, f);
        if left > 0 || out.len() + r.len() > budget {
            left += 1;
            continue;
        }
        out.push_str(&r);
    }
    left
}

const HEADER: &str = "| Severity | Rule | Location | Resource | Finding |\n| --- | --- | --- | --- | --- |\n";

pub fn render(report: &Report) -> String {
    let counts = report.counts();
    let new: Vec<&Finding> = report.new_findings().collect();
    let mut out = String::new();
    let icon = if new.is_empty() { "✅" } else { "⚠️" };
    out.push_str(&format!("## {icon} Rampart: {} new finding{}\n\n", new.len(), if new.len() == 1 { "" } else { "s" }));
    let unit = report.stats.unit();
    out.push_str(&format!(
        "| Critical | High | Medium | Low | Info | Suppressed | Baseline | {}{}s |\n",
        unit[..1].to_ascii_uppercase(),
        &unit[1..]
    ));
    out.push_str("| ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |\n");
    let n = |s: Severity| counts.get(&s).copied().unwrap_or(0);
    out.push_str(&format!(
        "| {} | {} | {} | {} | {} | {} | {} | {} |\n\n",
        n(Severity::Critical),
        n(Severity::High),
        n(Severity::Medium),
        n(Severity::Low),
        n(Severity::Info),
        report.suppressed_count(),
        report.baseline_count(),
        report.stats.files_scanned
    ));
    let unscanned = report.not_scanned();
    if unscanned > 0 {
        // A gate must not look green over files it never read.
        out.push_str(&format!(
            "> ⚠️ {unscanned} file{} not scanned: see Scan problems below.\n\n",
            if unscanned == 1 { "" } else { "s" }
        ));
    }

    if !report.compliance.is_empty() {
        out.push_str("### Compliance\n\n| Framework | Score | Pass | Fail | Manual | N/A |\n| --- | ---: | ---: | ---: | ---: | ---: |\n");
        for fw in &report.compliance {
            let score = fw.score.map(|s| format!("{s:.1}%")).unwrap_or_else(|| "–".into());
            out.push_str(&format!(
                "| {} {} | {score} | {} | {} | {} | {} |\n",
                cell(&fw.title),
                cell(&fw.version),
                fw.totals.pass,
                fw.totals.fail,
                fw.totals.manual,
                fw.totals.not_applicable
            ));
        }
        out.push('\n');
    }

    let budget = MAX_CHARS - TAIL_RESERVE;
    let mut left = 0;
    if !new.is_empty() {
        // Most severe first: if the comment must be cut, cut the least important.
        let mut sorted = new.clone();
        sorted.sort_by_key(|f| std::cmp::Reverse(f.severity));
        out.push_str("### New findings\n\n");
        out.push_str(HEADER);
        left += rows(&mut out, report, sorted.into_iter(), budget);
        out.push('\n');
    }
    let known: Vec<&Finding> = report.findings.iter().filter(|f| !f.is_new()).collect();
    if !known.is_empty() && out.len() < budget {
        out.push_str(&format!("<details><summary>Suppressed or baseline findings ({})</summary>\n\n", known.len()));
        out.push_str(HEADER);
        left += rows(&mut out, report, known.into_iter(), budget);
        out.push_str("\n</details>\n\n");
    }
    let problems: Vec<_> = report.diagnostics.iter().filter(|d| d.level != crate::diagnostic::Level::Info).collect();
    if !problems.is_empty() && out.len() < budget {
        out.push_str(&format!("<details><summary>Scan problems ({})</summary>\n\n", problems.len()));
        for d in problems {
            let line = format!("- {}\n", cell(&d.to_string()));
            if out.len() + line.len() > budget {
                left += 1;
                continue;
            }
            out.push_str(&line);
        }
        out.push_str("\n</details>\n\n");
    }
    let waivers = report.waiver_lines();
    if !waivers.is_empty() && out.len() < budget {
        out.push_str(&format!("<details><summary>Waivers ({})</summary>\n\n", waivers.len()));
        for w in waivers {
            let line = format!("- {}\n", cell(&w));
            if out.len() + line.len() > budget {
                left += 1;
                continue;
            }
            out.push_str(&line);
        }
        out.push_str("\n</details>\n\n");
    }
    if left > 0 {
        out.push_str(&format!("…and {left} more not shown here: see the full report (SARIF or JSON).\n"));
    }
    out
}

impl Reporter for Markdown {
    fn write(&self, report: &Report, _style: Style, out: &mut dyn Write) -> io::Result<()> {
        out.write_all(render(report).as_bytes())
    }
}
