//! Suppressions: inline `# rampart:ignore` comments, the Kubernetes annotation and
//! `.rampart.yaml` ignores.
//!
//! A suppressed finding is kept and reported as suppressed, never dropped: reviewers must be
//! able to see what was waived, by whom's reasoning, and until when.

use std::collections::HashMap;
use std::sync::LazyLock;

use regex::Regex;
use serde::Serialize;

use crate::finding::Diagnostic;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum SuppressionKind {
    Inline,
    Annotation,
    Config,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Suppression {
    pub kind: SuppressionKind,
    pub reason: Option<String>,
    pub expires: Option<String>,
}

/// One `# rampart:ignore RULE[,RULE…] [exp:YYYY-MM-DD] [-- reason]` comment.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Ignore {
    pub rules: Vec<String>,
    pub reason: Option<String>,
    pub expires: Option<String>,
    /// Line of the comment itself.
    pub line: u32,
}

impl Ignore {
    pub fn covers(&self, rule_id: &str) -> bool {
        self.rules.iter().any(|r| r == rule_id || r == "*")
    }
}

/// The ignore comments of one file, by the line they apply to.
#[derive(Debug, Default, Clone)]
pub struct InlineIgnores {
    by_line: HashMap<u32, Vec<Ignore>>,
    /// Malformed comments, reported once per file.
    pub problems: Vec<(u32, String)>,
}

static IGNORE_RE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r"(?:^|\s)(?:#|//)\s*rampart:ignore(?:\s+(?P<rules>[A-Za-z0-9*][A-Za-z0-9_*\-]*(?:\s*,\s*[A-Za-z0-9*][A-Za-z0-9_*\-]*)*))?(?:\s+exp:(?P<exp>\S+))?(?:\s+--\s*(?P<reason>.*?))?\s*$",
    )
    .expect("valid ignore regex")
});

static DATE_RE: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"^\d{4}-(0[1-9]|1[0-2])-(0[1-9]|[12]\d|3[01])$").expect("valid date regex"));

fn is_comment_only(line: &str) -> bool {
    let t = line.trim_start();
    t.starts_with('#') || t.starts_with("//")
}

impl InlineIgnores {
    pub fn parse(text: &str) -> InlineIgnores {
        let mut out = InlineIgnores::default();
        if !text.contains("rampart:ignore") {
            return out;
        }
        let lines: Vec<&str> = text.lines().collect();
        for (idx, line) in lines.iter().enumerate() {
            if !line.contains("rampart:ignore") {
                continue;
            }
            let line_no = idx as u32 + 1;
            let Some(caps) = IGNORE_RE.captures(line) else {
                out.problems.push((line_no, "malformed rampart:ignore comment: expected `rampart:ignore RULE-ID[,RULE-ID] [exp:YYYY-MM-DD] [-- reason]`".into()));
                continue;
            };
            let Some(rules) = caps.name("rules") else {
                out.problems.push((
                    line_no,
                    "rampart:ignore names no rule: expected `rampart:ignore RULE-ID -- reason`".into(),
                ));
                continue;
            };
            let expires = caps.name("exp").map(|m| m.as_str().to_string());
            if let Some(exp) = &expires {
                if !DATE_RE.is_match(exp) {
                    out.problems.push((
                        line_no,
                        format!("rampart:ignore has an invalid expiry {exp:?}: expected exp:YYYY-MM-DD"),
                    ));
                    continue;
                }
            }
            let ignore = Ignore {
                rules: rules.as_str().split(',').map(|r| r.trim().to_string()).collect(),
                reason: caps.name("reason").map(|m| m.as_str().to_string()).filter(|r| !r.is_empty()),
                expires,
                line: line_no,
            };
            // A comment on a line of its own applies to the next line of code; a trailing one to
            // its own line.
            let target = if is_comment_only(line) {
                lines[idx + 1..]
                    .iter()
                    .position(|l| !l.trim().is_empty() && !is_comment_only(l))
                    .map(|off| line_no + 1 + off as u32)
            } else {
                Some(line_no)
            };
            if let Some(target) = target {
                out.by_line.entry(target).or_default().push(ignore);
            }
        }
        out
    }

    /// The ignore covering `rule_id` on any of `lines` (the finding's anchors), if any.
    pub fn find(&self, rule_id: &str, lines: &[u32]) -> Option<&Ignore> {
        lines.iter().rev().filter_map(|l| self.by_line.get(l)).flatten().find(|ig| ig.covers(rule_id))
    }

    pub fn is_empty(&self) -> bool {
        self.by_line.is_empty() && self.problems.is_empty()
    }

    pub fn diagnostics(&self, file: &str) -> Vec<Diagnostic> {
        self.problems.iter().map(|(line, msg)| Diagnostic::warning(file, Some(*line), msg.clone())).collect()
    }
}

/// Parse the Kubernetes annotation `rampart.dev/ignore: "K8S-001,K8S-004 -- reason"`.
pub fn parse_annotation(value: &str) -> Vec<(String, Option<String>)> {
    let (rules, reason) = match value.split_once("--") {
        Some((rules, reason)) => (rules, Some(reason.trim().to_string()).filter(|r| !r.is_empty())),
        None => (value, None),
    };
    rules.split([',', ' ']).map(str::trim).filter(|r| !r.is_empty()).map(|r| (r.to_string(), reason.clone())).collect()
}

/// Today's date as YYYY-MM-DD (UTC); `RAMPART_TODAY` overrides it for reproducible runs.
pub fn today() -> String {
    if let Ok(today) = std::env::var("RAMPART_TODAY") {
        return today;
    }
    let secs = std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).map(|d| d.as_secs()).unwrap_or(0);
    let (y, m, d) = civil_from_days((secs / 86_400) as i64);
    format!("{y:04}-{m:02}-{d:02}")
}

/// Days since 1970-01-01 → (year, month, day), proleptic Gregorian (H. Hinnant's algorithm).
fn civil_from_days(days: i64) -> (i64, u32, u32) {
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z.rem_euclid(146_097);
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let d = (doy - (153 * mp + 2) / 5 + 1) as u32;
    let m = if mp < 10 { mp + 3 } else { mp - 9 } as u32;
    let y = yoe + era * 400 + i64::from(m <= 2);
    (y, m, d)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn comment_above_and_trailing() {
        let text = "a: 1\n# rampart:ignore K8S-001 -- reviewed\n\n# other comment\nb: 2 # rampart:ignore K8S-002,K8S-003 exp:2030-01-01\n";
        let ig = InlineIgnores::parse(text);
        let above = ig.find("K8S-001", &[5]).unwrap();
        assert_eq!(above.reason.as_deref(), Some("reviewed"));
        let trailing = ig.find("K8S-003", &[5]).unwrap();
        assert_eq!(trailing.expires.as_deref(), Some("2030-01-01"));
        assert!(ig.find("K8S-001", &[1]).is_none());
        assert!(ig.problems.is_empty());
    }

    #[test]
    fn malformed_comments_are_reported() {
        let ig = InlineIgnores::parse("# rampart:ignore\na: 1\n# rampart:ignore X-1 exp:tomorrow\nb: 1\n");
        assert_eq!(ig.problems.len(), 2);
        assert_eq!(ig.problems[0].0, 1);
    }

    #[test]
    fn annotation() {
        assert_eq!(
            parse_annotation("K8S-001, K8S-004 -- sidecar needs it"),
            vec![
                ("K8S-001".to_string(), Some("sidecar needs it".to_string())),
                ("K8S-004".to_string(), Some("sidecar needs it".to_string()))
            ]
        );
    }

    #[test]
    fn civil_dates() {
        assert_eq!(civil_from_days(0), (1970, 1, 1));
        assert_eq!(civil_from_days(20_454), (2026, 1, 1));
        assert_eq!(civil_from_days(11_016), (2000, 2, 29));
    }
}
