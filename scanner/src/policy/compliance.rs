//! Compliance frameworks: the control lists in `policies/compliance/*.yaml` and the per-control
//! verdicts a scan supports.
//!
//! Rules name the controls they evidence in their METADATA (the one source of truth); the spec
//! files list every control of a framework, so a summary can also show what no rule checks
//! ("manual") instead of pretending to full coverage.

use std::collections::{BTreeMap, BTreeSet};

use anyhow::{anyhow, bail, Result};
use serde::{Deserialize, Serialize};

use crate::document::SpanMap;
use crate::finding::Finding;
use crate::policy::Metadata;
use crate::yaml;

#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct Framework {
    pub id: String,
    pub title: String,
    pub version: String,
    pub url: String,
    pub description: String,
    pub controls: Vec<Control>,
}

#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct Control {
    pub id: String,
    pub title: String,
    pub section: String,
}

mod embedded {
    pub use crate::policy::embedded::COMPLIANCE_FILES;
}

pub fn parse(name: &str, text: &str) -> Result<Framework> {
    let docs = yaml::parse(text).map_err(|e| anyhow!("{name}:{}: {}", e.line, e.message))?;
    let node = docs.first().ok_or_else(|| anyhow!("{name}: empty"))?;
    let json = yaml::to_json(node, &mut String::new(), &mut SpanMap::default());
    let fw: Framework = serde_json::from_value(json).map_err(|e| anyhow!("{name}: {e}"))?;
    let mut seen = BTreeSet::new();
    for c in &fw.controls {
        if !seen.insert(&c.id) {
            bail!("{name}: control {} is listed twice", c.id);
        }
    }
    Ok(fw)
}

/// Every built-in framework, sorted by id.
pub fn frameworks() -> Result<Vec<Framework>> {
    let mut out = Vec::new();
    for (rel, text) in embedded::COMPLIANCE_FILES {
        let fw = parse(rel, text)?;
        if format!("{}.yaml", fw.id) != *rel {
            bail!("{rel}: id {} must match the file name", fw.id);
        }
        out.push(fw);
    }
    out.sort_by(|a, b| a.id.cmp(&b.id));
    Ok(out)
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Status {
    Fail,
    Pass,
    NotApplicable,
    Manual,
}

impl Status {
    pub fn as_str(self) -> &'static str {
        match self {
            Status::Fail => "fail",
            Status::Pass => "pass",
            Status::NotApplicable => "not-applicable",
            Status::Manual => "manual",
        }
    }
}

#[derive(Debug, Clone, Serialize)]
pub struct FailingResource {
    pub rule_id: String,
    pub file: String,
    pub line: u32,
    pub resource: String,
}

#[derive(Debug, Clone, Serialize)]
pub struct ControlResult {
    pub id: String,
    pub title: String,
    pub section: String,
    pub status: Status,
    pub rules: Vec<String>,
    pub failing: Vec<FailingResource>,
}

#[derive(Debug, Clone, Default, Serialize)]
pub struct Totals {
    pub pass: usize,
    pub fail: usize,
    pub manual: usize,
    pub not_applicable: usize,
}

#[derive(Debug, Clone, Serialize)]
pub struct FrameworkReport {
    pub id: String,
    pub title: String,
    pub version: String,
    /// Passed automated controls over those evaluated, in percent; `None` when none were.
    pub score: Option<f64>,
    pub totals: Totals,
    pub controls: Vec<ControlResult>,
}

/// Judge each control of `framework`: failed if a mapped rule has an unsuppressed finding,
/// passed if a mapped rule evaluated something and found nothing, not applicable if no mapped
/// rule saw an input, manual if no rule maps to it.
pub fn evaluate(
    framework: &Framework,
    rules: &[&Metadata],
    evaluated: &BTreeSet<String>,
    findings: &[Finding],
) -> FrameworkReport {
    let mut by_control: BTreeMap<&str, Vec<&Metadata>> = BTreeMap::new();
    for rule in rules {
        for control in rule.frameworks.get(&framework.id).into_iter().flatten() {
            by_control.entry(control.as_str()).or_default().push(rule);
        }
    }
    let mut by_rule: BTreeMap<&str, Vec<&Finding>> = BTreeMap::new();
    for f in findings.iter().filter(|f| !f.is_suppressed()) {
        by_rule.entry(f.rule_id.as_ref()).or_default().push(f);
    }
    let mut totals = Totals::default();
    let controls: Vec<ControlResult> = framework
        .controls
        .iter()
        .map(|control| {
            let mapped = by_control.get(control.id.as_str()).cloned().unwrap_or_default();
            let ids: Vec<String> = mapped.iter().map(|m| m.id.clone()).collect();
            let mut hits: Vec<&Finding> =
                ids.iter().flat_map(|id| by_rule.get(id.as_str()).into_iter().flatten().copied()).collect();
            // In report order, whichever rule found them.
            hits.sort_by(|a, b| a.sort_key().cmp(&b.sort_key()));
            let failing: Vec<FailingResource> = hits
                .into_iter()
                .map(|f| FailingResource {
                    rule_id: f.rule_id.to_string(),
                    file: f.file.to_string(),
                    line: f.start_line,
                    resource: f.resource.clone(),
                })
                .collect();
            let status = if ids.is_empty() {
                Status::Manual
            } else if !failing.is_empty() {
                Status::Fail
            } else if ids.iter().any(|id| evaluated.contains(id)) {
                Status::Pass
            } else {
                Status::NotApplicable
            };
            match status {
                Status::Pass => totals.pass += 1,
                Status::Fail => totals.fail += 1,
                Status::Manual => totals.manual += 1,
                Status::NotApplicable => totals.not_applicable += 1,
            }
            ControlResult {
                id: control.id.clone(),
                title: control.title.clone(),
                section: control.section.clone(),
                status,
                rules: ids,
                failing,
            }
        })
        .collect();
    let judged = totals.pass + totals.fail;
    let score = (judged > 0).then(|| (totals.pass as f64 * 1000.0 / judged as f64).round() / 10.0);
    FrameworkReport {
        id: framework.id.clone(),
        title: framework.title.clone(),
        version: framework.version.clone(),
        score,
        totals,
        controls,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::policy::{builtin_sources, load};

    #[test]
    fn every_control_a_rule_names_exists_in_its_framework() {
        let frameworks = frameworks().unwrap();
        let set = load(builtin_sources(), false).unwrap();
        let mut problems = Vec::new();
        for p in &set.policies {
            for (fw, controls) in &p.meta.frameworks {
                let Some(spec) = frameworks.iter().find(|f| &f.id == fw) else {
                    problems.push(format!("{}: no spec for framework {fw}", p.meta.id));
                    continue;
                };
                for c in controls {
                    if !spec.controls.iter().any(|x| &x.id == c) {
                        problems.push(format!("{}: {fw} has no control {c}", p.meta.id));
                    }
                }
            }
        }
        assert!(problems.is_empty(), "{problems:#?}");
        // Every known framework has a spec.
        for known in crate::policy::metadata::KNOWN_FRAMEWORKS {
            assert!(frameworks.iter().any(|f| f.id == *known), "no spec for {known}");
        }
    }
}
