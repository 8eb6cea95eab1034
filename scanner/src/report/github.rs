//! GitHub Actions workflow commands (`::error file=…,line=…::…`): annotations on the pull
//! request's changed lines, without uploading anything. New findings only; suppressed and
//! baseline ones are not news.

use std::io::{self, Write};

use super::{Report, Reporter, Style};
use crate::diagnostic::Level;
use crate::finding::Severity;

pub struct Github;

fn command(severity: Severity) -> &'static str {
    match severity {
        Severity::Critical | Severity::High => "error",
        Severity::Medium => "warning",
        Severity::Low | Severity::Info => "notice",
    }
}

/// Escape a workflow command's message.
fn data(s: &str) -> String {
    s.replace('%', "%25").replace('\r', "%0D").replace('\n', "%0A")
}

/// Escape a workflow command's property value.
fn property(s: &str) -> String {
    data(s).replace(':', "%3A").replace(',', "%2C")
}

impl Reporter for Github {
    fn write(&self, report: &Report, _style: Style, out: &mut dyn Write) -> io::Result<()> {
        for f in report.new_findings() {
            writeln!(
                out,
                "::{} file={},line={},endLine={},title={}::{}",
                command(f.severity),
                property(&f.file),
                f.start_line,
                f.end_line,
                property(&format!("{} {} ({})", f.rule_id, f.title, f.severity)),
                data(&f.message)
            )?;
        }
        for d in &report.diagnostics {
            let cmd = match d.level {
                Level::Error => "error",
                Level::Warning => "warning",
                Level::Info => continue,
            };
            let mut props = Vec::new();
            if let Some(file) = &d.file {
                props.push(format!("file={}", property(file)));
            }
            if let Some(line) = d.line {
                props.push(format!("line={line}"));
            }
            props.push("title=rampart".to_string());
            writeln!(out, "::{cmd} {}::{}", props.join(","), data(&d.message))?;
        }
        for w in report.waiver_lines() {
            writeln!(out, "::notice title=rampart waiver::{}", data(&w))?;
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escaping() {
        assert_eq!(data("50%\nnext"), "50%25%0Anext");
        assert_eq!(property("a:b,c"), "a%3Ab%2Cc");
    }
}
