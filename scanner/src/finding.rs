//! Findings: what a scan reports, and how a rule's result becomes a finding
//! (located through the document's SourceMap, fingerprinted, its message masked).
//!
//! A finding's fingerprint deliberately leaves the line out, so moving code around does not
//! reopen an alert or break a baseline; it hashes what identifies the problem instead.

use std::fmt;
use std::str::FromStr;
use std::sync::Arc;

use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};

use serde_json::Value as Json;

use crate::date::Date;
use crate::document::Document;
use crate::ignores::InlineIgnores;

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "UPPERCASE")]
pub enum Severity {
    Info,
    Low,
    Medium,
    High,
    Critical,
}

impl Severity {
    pub const ALL: [Severity; 5] =
        [Severity::Critical, Severity::High, Severity::Medium, Severity::Low, Severity::Info];

    pub fn as_str(self) -> &'static str {
        match self {
            Severity::Info => "INFO",
            Severity::Low => "LOW",
            Severity::Medium => "MEDIUM",
            Severity::High => "HIGH",
            Severity::Critical => "CRITICAL",
        }
    }
}

impl fmt::Display for Severity {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl FromStr for Severity {
    type Err = String;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        match s.to_ascii_uppercase().as_str() {
            "INFO" => Ok(Severity::Info),
            "LOW" => Ok(Severity::Low),
            "MEDIUM" => Ok(Severity::Medium),
            "HIGH" => Ok(Severity::High),
            "CRITICAL" => Ok(Severity::Critical),
            _ => Err(format!("unknown severity {s:?}: expected CRITICAL, HIGH, MEDIUM, LOW or INFO")),
        }
    }
}

/// The gate: the lowest severity whose new findings fail a run, or never.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FailOn {
    Never,
    At(Severity),
}

impl FailOn {
    pub const ALL: [FailOn; 6] = [
        FailOn::At(Severity::Critical),
        FailOn::At(Severity::High),
        FailOn::At(Severity::Medium),
        FailOn::At(Severity::Low),
        FailOn::At(Severity::Info),
        FailOn::Never,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            FailOn::Never => "none",
            FailOn::At(Severity::Critical) => "critical",
            FailOn::At(Severity::High) => "high",
            FailOn::At(Severity::Medium) => "medium",
            FailOn::At(Severity::Low) => "low",
            FailOn::At(Severity::Info) => "info",
        }
    }

    /// Whether a new finding of `severity` fails the run.
    pub fn fails(self, severity: Severity) -> bool {
        matches!(self, FailOn::At(threshold) if severity >= threshold)
    }
}

impl Default for FailOn {
    fn default() -> Self {
        FailOn::At(Severity::Low)
    }
}

impl FromStr for FailOn {
    type Err = String;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        if s.eq_ignore_ascii_case("none") {
            return Ok(FailOn::Never);
        }
        s.parse::<Severity>()
            .map(FailOn::At)
            .map_err(|_| format!("unknown severity {s:?}: expected critical, high, medium, low, info or none"))
    }
}

#[derive(Debug, Clone, Serialize)]
pub struct Finding {
    pub rule_id: Arc<str>,
    pub severity: Severity,
    pub title: Arc<str>,
    pub message: String,
    pub file: Arc<str>,
    pub start_line: u32,
    pub end_line: u32,
    /// The entity the finding is about ("Deployment/web").
    pub resource: String,
    /// Where in the entity, as the policy said it (JSON path).
    pub path: Vec<serde_json::Value>,
    pub fingerprint: String,
    pub suppression: Option<Suppression>,
    /// Known from the baseline: reported, but not new, so it does not fail the run.
    pub in_baseline: bool,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub extra: Option<serde_json::Value>,
    /// Where the offending value was set, when elsewhere (a Helm values key).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub related: Option<crate::document::Related>,
    /// What inline waivers need to know of where the finding was raised (never reported).
    #[serde(skip)]
    pub origin: Origin,
}

/// Why a finding does not count: what waived it, with its reason and expiry.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum SuppressionKind {
    Inline,
    Annotation,
    /// A waiver written for another scanner (`--honor-peer-ignores`).
    Peer,
    Config,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Suppression {
    pub kind: SuppressionKind,
    pub reason: Option<String>,
    pub expires: Option<Date>,
}

/// Where in its source a finding was raised, as the suppression step needs it.
#[derive(Debug, Clone, Default)]
pub struct Origin {
    /// Start lines of the entity and of every written prefix of the path in the finding's
    /// file: an ignore comment on any of them covers the finding.
    pub anchors: Vec<u32>,
    /// The ignore comments of the finding's file.
    pub comments: Option<Arc<InlineIgnores>>,
    /// Rules the finding's document waives as a whole (Kubernetes annotation), with reasons.
    pub annotation: Arc<[(String, Option<String>)]>,
}

/// A rule, as the findings it raises name it.
pub struct RuleRef<'a> {
    pub id: &'a Arc<str>,
    pub title: &'a Arc<str>,
    pub severity: Severity,
}

impl Finding {
    /// The finding one result of `rule` on `doc` describes: `msg` (required), `ref` and `path`
    /// (where; the document's root and the entity itself by default), `severity` (overrides the
    /// rule's) and `extra`. An `Err` says how the result breaks the policy contract.
    pub fn from_result(
        rule: &RuleRef,
        doc: &Document,
        annotation: &Arc<[(String, Option<String>)]>,
        result: Json,
    ) -> Result<Finding, String> {
        let (message, entity, path, severity, extra) = match result {
            Json::String(msg) => (msg, None, Vec::new(), None, None),
            Json::Object(mut obj) => {
                let msg = match obj.remove("msg") {
                    Some(Json::String(s)) => s,
                    _ => return Err("result has no string `msg`".into()),
                };
                let entity = match obj.remove("ref") {
                    Some(Json::String(s)) => Some(s),
                    None | Some(Json::Null) => None,
                    Some(other) => return Err(format!("result `ref` must be a string, got {other}")),
                };
                let path = match obj.remove("path") {
                    Some(Json::Array(p)) => p.into_iter().map(normalize_index).collect(),
                    None | Some(Json::Null) => Vec::new(),
                    Some(other) => return Err(format!("result `path` must be an array, got {other}")),
                };
                let severity = match obj.remove("severity") {
                    Some(Json::String(s)) => Some(s.parse::<Severity>()?),
                    None | Some(Json::Null) => None,
                    Some(other) => return Err(format!("result `severity` must be a string, got {other}")),
                };
                (msg, entity, path, severity, obj.remove("extra").map(mask_strings))
            }
            other => return Err(format!("result must be an object with `msg`, got {other}")),
        };
        let entity = entity.unwrap_or_else(|| doc.root_ref.clone());
        let location = doc
            .source_map
            .locate(&entity, &path)
            .or_else(|| doc.source_map.locate(&doc.root_ref, &[]))
            .ok_or_else(|| format!("result refers to unknown entity {entity:?}"))?;
        let origin = Origin {
            comments: doc.ignores_of(&location.file).cloned(),
            anchors: location.anchors,
            annotation: annotation.clone(),
        };
        let mut stable_path = doc.source_map.stable_path(&entity, &path);
        let message = match &location.related {
            Some(related) => format!("{message}; {}", related.label),
            None => message,
        };
        let message = match &doc.context {
            Some(context) => {
                stable_path.push(context.to_string());
                format!("{message} ({context})")
            }
            None => message,
        };
        Ok(Finding {
            rule_id: rule.id.clone(),
            severity: severity.unwrap_or(rule.severity),
            title: rule.title.clone(),
            message: crate::redact::mask_owned(message),
            fingerprint: fingerprint(rule.id, &location.file, &entity, &stable_path),
            file: location.file,
            start_line: location.span.start,
            end_line: location.span.end,
            resource: entity,
            path,
            suppression: None,
            in_baseline: false,
            extra,
            related: location.related,
            origin,
        })
    }
}

/// `value` with every string masked like messages are: a custom rule's `extra` may quote a
/// scanned value too.
fn mask_strings(value: Json) -> Json {
    match value {
        Json::String(s) => Json::String(crate::redact::mask_owned(s)),
        Json::Array(items) => Json::Array(items.into_iter().map(mask_strings).collect()),
        Json::Object(map) => {
            Json::Object(map.into_iter().map(|(k, v)| (crate::redact::mask_owned(k), mask_strings(v))).collect())
        }
        other => other,
    }
}

/// regorus numbers may arrive as floats (`2.0`); an index is an integer.
fn normalize_index(v: Json) -> Json {
    match &v {
        Json::Number(n) if n.as_u64().is_none() => match n.as_f64() {
            Some(f) if f >= 0.0 && f.fract() == 0.0 && f < 9.0e15 => Json::from(f as u64),
            _ => v,
        },
        _ => v,
    }
}

/// Line-independent identity of a finding: rule, file, entity and (stable) attribute path.
pub fn fingerprint(rule_id: &str, file: &str, resource: &str, stable_path: &[String]) -> String {
    let mut hasher = Sha256::new();
    for part in [rule_id, file, resource].into_iter().chain(stable_path.iter().map(String::as_str)) {
        hasher.update(part.as_bytes());
        hasher.update([0]);
    }
    let digest = hasher.finalize();
    digest[..16].iter().map(|b| format!("{b:02x}")).collect()
}

impl Finding {
    pub fn is_suppressed(&self) -> bool {
        self.suppression.is_some()
    }

    /// Unsuppressed and not in the baseline: what gates a run.
    pub fn is_new(&self) -> bool {
        self.suppression.is_none() && !self.in_baseline
    }

    /// Deterministic report order, whatever order workers finished in.
    pub fn sort_key(&self) -> (&str, u32, &str, &str, &str, &str) {
        (&self.file, self.start_line, &self.rule_id, &self.resource, &self.fingerprint, &self.message)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fingerprint_ignores_lines_but_not_identity() {
        let p = |parts: &[&str]| parts.iter().map(|s| s.to_string()).collect::<Vec<_>>();
        let a = fingerprint("K8S-001", "a.yaml", "Pod/x", &p(&["spec"]));
        assert_eq!(a, fingerprint("K8S-001", "a.yaml", "Pod/x", &p(&["spec"])));
        assert_ne!(a, fingerprint("K8S-002", "a.yaml", "Pod/x", &p(&["spec"])));
        assert_ne!(a, fingerprint("K8S-001", "a.yaml", "Pod/y", &p(&["spec"])));
        assert_ne!(a, fingerprint("K8S-001", "a.yaml", "Pod/x", &p(&["spec", "0"])));
        assert_ne!(a, fingerprint("K8S-001", "a.yam", "lPod/x", &p(&["spec"])));
        assert_eq!(a.len(), 32);
    }

    #[test]
    fn severities_parse_and_order() {
        assert_eq!("high".parse::<Severity>().unwrap(), Severity::High);
        assert!(Severity::Critical > Severity::Low);
        assert!("urgent".parse::<Severity>().is_err());
    }
}
