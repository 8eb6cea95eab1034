//! JUnit XML for CI test reporters.
//!
//! One `<testsuite>` per rule, one `<testcase>` per rule × resource: a rule is what a reader
//! recognises as "a check", the suite list stays stable as files come and go, and reporters
//! then show "K8S-001: 3 failed" the way they show a failing test class. A rule that evaluated
//! documents and found nothing gets one passing case; suppressed findings are skipped cases.

use std::collections::BTreeMap;
use std::io::{self, Write};

use super::{Report, Reporter, Style};
use crate::finding::Finding;

pub struct Junit;

pub fn escape(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&apos;"),
            // Characters XML 1.0 cannot carry at all.
            c if (c as u32) < 0x20 && !matches!(c, '\t' | '\n' | '\r') => out.push('?'),
            c => out.push(c),
        }
    }
    out
}

impl Reporter for Junit {
    fn write(&self, report: &Report, _style: Style, out: &mut dyn Write) -> io::Result<()> {
        // rule → (file, resource) → findings
        let mut by_rule: BTreeMap<&str, BTreeMap<(&str, &str), Vec<&Finding>>> = BTreeMap::new();
        for f in &report.findings {
            by_rule.entry(&f.rule_id).or_default().entry((&f.file, &f.resource)).or_default().push(f);
        }
        let mut suites = Vec::new();
        let (mut total, mut failed, mut skipped) = (0, 0, 0);
        for doc in &report.catalog {
            let id = doc.meta.id.as_str();
            let cases = by_rule.get(id);
            if cases.is_none() && !report.evaluated.contains(id) {
                continue;
            }
            let mut body = String::new();
            let (mut s_total, mut s_failed, mut s_skipped) = (0, 0, 0);
            match cases {
                None => {
                    s_total += 1;
                    body.push_str(&format!(
                        "    <testcase name=\"{}\" classname=\"{}\"/>\n",
                        escape("all resources"),
                        escape(id)
                    ));
                }
                Some(cases) => {
                    for ((file, resource), findings) in cases {
                        s_total += 1;
                        let first = findings[0];
                        let open = format!(
                            "    <testcase name=\"{}\" classname=\"{}\" file=\"{}\" line=\"{}\">\n",
                            escape(resource),
                            escape(&format!("{id}.{file}")),
                            escape(file),
                            first.start_line
                        );
                        body.push_str(&open);
                        let new: Vec<&&Finding> = findings.iter().filter(|f| f.is_new()).collect();
                        if new.is_empty() {
                            s_skipped += 1;
                            let why = if findings.iter().all(|f| f.is_suppressed()) {
                                "suppressed"
                            } else {
                                "in the baseline"
                            };
                            body.push_str(&format!("      <skipped message=\"{why}\"/>\n"));
                        } else {
                            s_failed += 1;
                            let details: Vec<String> = new
                                .iter()
                                .map(|f| format!("{}:{}: {} [{}]", f.file, f.start_line, f.message, f.severity))
                                .collect();
                            body.push_str(&format!(
                                "      <failure type=\"{}\" message=\"{}\">{}\n{}</failure>\n",
                                first.severity,
                                escape(&new[0].message),
                                escape(&details.join("\n")),
                                escape(&format!("Remediation: {}", doc.meta.recommended_action)),
                            ));
                        }
                        body.push_str("    </testcase>\n");
                    }
                }
            }
            total += s_total;
            failed += s_failed;
            skipped += s_skipped;
            suites.push(format!(
                "  <testsuite name=\"{}\" tests=\"{s_total}\" failures=\"{s_failed}\" errors=\"0\" skipped=\"{s_skipped}\">\n{body}  </testsuite>\n",
                escape(&format!("{id} {}", doc.meta.title)),
            ));
        }
        let errors = report.errors();
        // Files not scanned that are not errors count as skipped test cases of their own.
        let unscanned =
            report.diagnostics.iter().filter(|d| d.not_scanned && d.level != crate::diagnostic::Level::Error).count();
        writeln!(out, "<?xml version=\"1.0\" encoding=\"UTF-8\"?>")?;
        writeln!(
            out,
            "<testsuites name=\"rampart\" tests=\"{}\" failures=\"{failed}\" errors=\"{errors}\" skipped=\"{}\">",
            total + errors + unscanned,
            skipped + unscanned
        )?;
        for s in suites {
            out.write_all(s.as_bytes())?;
        }
        // Problems with the scan: errors as errors, files not scanned as skipped test cases.
        let problems: Vec<&crate::diagnostic::Diagnostic> =
            report.diagnostics.iter().filter(|d| d.level == crate::diagnostic::Level::Error || d.not_scanned).collect();
        if !problems.is_empty() {
            let unscanned = problems.iter().filter(|d| d.level != crate::diagnostic::Level::Error).count();
            writeln!(
                out,
                "  <testsuite name=\"rampart diagnostics\" tests=\"{}\" failures=\"0\" errors=\"{errors}\" skipped=\"{unscanned}\">",
                problems.len()
            )?;
            for d in problems {
                let file = d.file.as_deref().unwrap_or("");
                writeln!(out, "    <testcase name=\"{}\" classname=\"diagnostics\">", escape(file))?;
                if d.level == crate::diagnostic::Level::Error {
                    writeln!(out, "      <error message=\"{}\"/>", escape(&d.to_string()))?;
                } else {
                    writeln!(out, "      <skipped message=\"{}\"/>", escape(&d.to_string()))?;
                }
                writeln!(out, "    </testcase>")?;
            }
            writeln!(out, "  </testsuite>")?;
        }
        writeln!(out, "</testsuites>")
    }
}
