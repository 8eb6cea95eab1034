//! Findings and diagnostics: what a scan reports.
//!
//! A finding's fingerprint deliberately leaves the line out, so moving code around does not
//! reopen an alert or break a baseline; it hashes what identifies the problem instead.

use std::fmt;
use std::str::FromStr;
use std::sync::Arc;

use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};

use crate::suppress::Suppression;

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

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Level {
    Error,
    Warning,
    Info,
}

impl Level {
    pub fn as_str(self) -> &'static str {
        match self {
            Level::Error => "error",
            Level::Warning => "warning",
            Level::Info => "info",
        }
    }
}

/// A problem with the scan itself (a file that does not parse, a policy that failed), located
/// where possible; it never stops the scan of other files.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Serialize)]
pub struct Diagnostic {
    pub file: Option<String>,
    pub line: Option<u32>,
    pub level: Level,
    pub message: String,
    /// Set when a rule failed (rather than a file): a policy error, exit code 2.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub rule: Option<String>,
}

impl Diagnostic {
    pub fn new(level: Level, file: Option<&str>, line: Option<u32>, message: impl Into<String>) -> Self {
        let message = crate::redact::mask_owned(message.into());
        Diagnostic { file: file.map(str::to_string), line, level, message, rule: None }
    }

    pub fn error(file: &str, line: Option<u32>, message: impl Into<String>) -> Self {
        Self::new(Level::Error, Some(file), line, message)
    }

    pub fn warning(file: &str, line: Option<u32>, message: impl Into<String>) -> Self {
        Self::new(Level::Warning, Some(file), line, message)
    }

    pub fn info(file: &str, line: Option<u32>, message: impl Into<String>) -> Self {
        Self::new(Level::Info, Some(file), line, message)
    }
}

impl fmt::Display for Diagnostic {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match (&self.file, self.line) {
            (Some(file), Some(line)) => write!(f, "{file}:{line}: ")?,
            (Some(file), None) => write!(f, "{file}: ")?,
            _ => {}
        }
        write!(f, "{}: {}", self.level.as_str(), self.message)
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
