//! SARIF 2.1.0, shaped for GitHub code scanning: repo-relative URIs under `%SRCROOT%`, 1-based
//! regions on the attribute, `security-severity`, rule help in Markdown, line-independent
//! `partialFingerprints`, suppressions, baseline state, and parse problems as tool execution
//! notifications. GitHub takes at most 25,000 results per run: past that the most severe are
//! kept and a notification says how many were left out.

use std::collections::BTreeMap;
use std::io::{self, Write};

use serde_json::json;
use serde_sarif::sarif;

use super::{Report, Reporter, RuleDoc, Style};
use crate::diagnostic::{Diagnostic, Level};
use crate::finding::SuppressionKind;
use crate::finding::{Finding, Severity};

/// GitHub code scanning's limit on results per run.
pub const MAX_RESULTS: usize = 25_000;

pub const SCHEMA_URI: &str = "https://json.schemastore.org/sarif-2.1.0.json";
const INFORMATION_URI: &str = "https://github.com/rampart-scanner/rampart";

pub struct Sarif;

fn level(severity: Severity) -> &'static str {
    match severity {
        Severity::Critical | Severity::High => "error",
        Severity::Medium => "warning",
        Severity::Low | Severity::Info => "note",
    }
}

fn result_level(severity: Severity) -> sarif::ResultLevel {
    match severity {
        Severity::Critical | Severity::High => sarif::ResultLevel::Error,
        Severity::Medium => sarif::ResultLevel::Warning,
        Severity::Low | Severity::Info => sarif::ResultLevel::Note,
    }
}

fn security_severity(severity: Severity) -> &'static str {
    match severity {
        Severity::Critical => "9.5",
        Severity::High => "8.0",
        Severity::Medium => "5.5",
        Severity::Low => "3.0",
        Severity::Info => "1.0",
    }
}

fn property_bag(tags: Vec<String>, extra: BTreeMap<String, serde_json::Value>) -> sarif::PropertyBag {
    let mut bag = sarif::PropertyBag::builder().tags(tags).additional_properties(extra).build();
    if bag.tags.as_ref().is_some_and(Vec::is_empty) {
        bag.tags = None;
    }
    bag
}

fn rule_descriptor(doc: &RuleDoc) -> sarif::ReportingDescriptor {
    let m = &doc.meta;
    let mut tags = vec!["security".to_string(), m.platform().to_lowercase()];
    tags.extend(m.frameworks.keys().cloned());
    let mut extra = BTreeMap::new();
    extra.insert("security-severity".to_string(), json!(security_severity(m.severity)));
    extra.insert("severity".to_string(), json!(m.severity.as_str()));
    if !m.frameworks.is_empty() {
        extra.insert("frameworks".to_string(), json!(m.frameworks));
    }
    let mut descriptor = sarif::ReportingDescriptor::builder()
        .id(m.id.clone())
        .name(m.id.replace('-', ""))
        .short_description(sarif::MultiformatMessageString::builder().text(m.title.clone()).build())
        .full_description(sarif::MultiformatMessageString::builder().text(m.description.clone()).build())
        .help(
            sarif::MultiformatMessageString::builder()
                .text(doc.help.as_ref().map_or_else(|| m.description.clone(), |h| h.0.clone()))
                .markdown(doc.help.as_ref().map_or_else(|| m.description.clone(), |h| h.1.clone()))
                .build(),
        )
        .default_configuration(sarif::ReportingConfiguration::builder().level(json!(level(m.severity))).build())
        .properties(property_bag(tags, extra))
        .build();
    descriptor.help_uri = m.related_resources.first().cloned();
    descriptor
}

fn physical(file: &str, start: u32, end: u32) -> sarif::PhysicalLocation {
    sarif::PhysicalLocation::builder()
        .artifact_location(sarif::ArtifactLocation::builder().uri(uri_escape(file)).uri_base_id("%SRCROOT%").build())
        .region(
            sarif::Region::builder()
                .start_line(i64::from(start.max(1)))
                .end_line(i64::from(end.max(start).max(1)))
                .build(),
        )
        .build()
}

/// Percent-encode what a relative URI reference may not contain.
fn uri_escape(path: &str) -> String {
    let mut out = String::with_capacity(path.len());
    for b in path.bytes() {
        match b {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'.' | b'_' | b'~' | b'/' | b'@' | b'+' | b'=' => {
                out.push(b as char)
            }
            _ => out.push_str(&format!("%{b:02X}")),
        }
    }
    out
}

fn result(f: &Finding, rule_index: Option<usize>, baseline: bool) -> sarif::Result {
    let location = sarif::Location::builder()
        .physical_location(physical(&f.file, f.start_line, f.end_line))
        .logical_locations(vec![sarif::LogicalLocation::builder()
            .fully_qualified_name(f.resource.clone())
            .kind("resource")
            .build()])
        .build();
    let mut fingerprints = BTreeMap::new();
    fingerprints.insert("primaryLocationLineHash".to_string(), format!("{}:1", f.fingerprint));
    fingerprints.insert("rampart/v1".to_string(), f.fingerprint.clone());
    let mut props = BTreeMap::new();
    props.insert("severity".to_string(), json!(f.severity.as_str()));
    let mut result = sarif::Result::builder()
        .rule_id(f.rule_id.to_string())
        .level(result_level(f.severity))
        .message(sarif::Message::builder().text(f.message.clone()).build())
        .locations(vec![location])
        .partial_fingerprints(fingerprints)
        .properties(property_bag(Vec::new(), props))
        .build();
    result.rule_index = rule_index.map(|i| i as i64);
    if let Some(r) = &f.related {
        result.related_locations = Some(vec![sarif::Location::builder()
            .id(0)
            .physical_location(physical(&r.file, r.line, r.line))
            .message(sarif::Message::builder().text(r.label.clone()).build())
            .build()]);
    }
    if baseline {
        result.baseline_state = Some(json!(if f.in_baseline { "unchanged" } else { "new" }));
    }
    if let Some(s) = &f.suppression {
        let kind = match s.kind {
            SuppressionKind::Inline | SuppressionKind::Annotation | SuppressionKind::Peer => "inSource",
            SuppressionKind::Config => "external",
        };
        let mut suppression = sarif::Suppression::builder().kind(json!(kind)).status(json!("accepted")).build();
        suppression.justification = s.reason.clone();
        result.suppressions = Some(vec![suppression]);
    }
    result
}

fn notification(d: &Diagnostic) -> sarif::Notification {
    let level = match d.level {
        Level::Error => "error",
        Level::Warning => "warning",
        Level::Info => "note",
    };
    let mut n = sarif::Notification::builder()
        .level(json!(level))
        .message(sarif::Message::builder().text(d.message.clone()).build())
        .build();
    if let Some(file) = &d.file {
        let line = d.line.unwrap_or(1);
        n.locations = Some(vec![sarif::Location::builder().physical_location(physical(file, line, line)).build()]);
    }
    n.associated_rule =
        d.rule.as_ref().map(|rule| sarif::ReportingDescriptorReference::builder().id(rule.clone()).build());
    n
}

/// The SARIF log for a report.
pub fn log(report: &Report) -> sarif::Sarif {
    let index: BTreeMap<&str, usize> =
        report.catalog.iter().enumerate().map(|(i, r)| (r.meta.id.as_str(), i)).collect();
    let mut findings: Vec<&Finding> = report.findings.iter().collect();
    let mut notifications: Vec<sarif::Notification> = report.diagnostics.iter().map(notification).collect();
    let max = if report.sarif_max_results == 0 { MAX_RESULTS } else { report.sarif_max_results };
    if findings.len() > max {
        // Keep the most severe; the order within a severity stays the report's.
        findings.sort_by_key(|f| std::cmp::Reverse(f.severity));
        let dropped = findings.len() - max;
        findings.truncate(max);
        findings.sort_by(|a, b| a.sort_key().cmp(&b.sort_key()));
        notifications.push(
            sarif::Notification::builder()
                .level(json!("warning"))
                .message(
                    sarif::Message::builder()
                        .text(format!(
                            "{dropped} lower-severity results were left out: this log holds at most {max} (--sarif-max-results; GitHub code scanning accepts {MAX_RESULTS} per run). Use --fail-on or a baseline, or split the upload with --category."
                        ))
                        .build(),
                )
                .build(),
        );
    }
    let results: Vec<sarif::Result> =
        findings.iter().map(|f| result(f, index.get(f.rule_id.as_ref()).copied(), report.baseline)).collect();
    let driver = sarif::ToolComponent::builder()
        .name("Rampart")
        .semantic_version(env!("CARGO_PKG_VERSION"))
        .version(env!("CARGO_PKG_VERSION"))
        .information_uri(INFORMATION_URI)
        .rules(report.catalog.iter().map(rule_descriptor).collect::<Vec<_>>())
        .build();
    // What silenced findings, on the invocation, so a reviewer of the upload sees it.
    let mut props = BTreeMap::new();
    if !report.waivers.is_empty() {
        props.insert("waivers".to_string(), json!(report.waivers));
    }
    let mut invocation = sarif::Invocation::builder()
        .execution_successful(!report.diagnostics.iter().any(|d| d.rule.is_some() && d.level == Level::Error))
        .tool_execution_notifications(notifications)
        .build();
    if !props.is_empty() {
        invocation.properties = Some(property_bag(Vec::new(), props));
    }
    let category = report.category.trim_end_matches('/');
    let run = sarif::Run::builder()
        .tool(sarif::Tool::builder().driver(driver).build())
        .automation_details(sarif::RunAutomationDetails::builder().id(format!("{category}/")).build())
        .column_kind(json!("unicodeCodePoints"))
        .invocations(vec![invocation])
        .results(results)
        .build();
    sarif::Sarif::builder().schema(SCHEMA_URI).version(json!("2.1.0")).runs(vec![run]).build()
}

impl Reporter for Sarif {
    fn write(&self, report: &Report, _style: Style, out: &mut dyn Write) -> io::Result<()> {
        serde_json::to_writer_pretty(&mut *out, &log(report))?;
        writeln!(out)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn uris_are_escaped() {
        assert_eq!(uri_escape("k8s/my app#1.yaml"), "k8s/my%20app%231.yaml");
        assert_eq!(uri_escape("a/b-c_d.yaml"), "a/b-c_d.yaml");
    }
}
