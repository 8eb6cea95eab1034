//! Waivers as sources write them: `# rampart:ignore RULE [exp:DATE] -- reason` comments (on
//! the line above, or at the end of the line, of what they cover) and the Kubernetes
//! annotation `rampart.dev/ignore`. Malformed ones are located warnings; what they waive is
//! decided in one step after evaluation ([`crate::suppress::apply`]).

use std::collections::HashMap;
use std::sync::LazyLock;

use regex::Regex;

use crate::date::Date;
use crate::diagnostic::Diagnostic;

/// One `# rampart:ignore RULE[,RULE…] [exp:YYYY-MM-DD] [-- reason]` comment.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Ignore {
    pub rules: Vec<String>,
    pub reason: Option<String>,
    pub expires: Option<Date>,
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

/// A comment that opens with `rampart:ignore`: a waiver, well formed or not. Prose that merely
/// mentions `rampart:ignore` (a description, a sentence in a comment) is not one.
static DIRECTIVE_RE: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"(?:^|\s)(?:#|//)\s*rampart:ignore\b").expect("valid directive regex"));

static IGNORE_RE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r"(?:^|\s)(?:#|//)\s*rampart:ignore(?:\s+(?P<rules>[A-Za-z0-9*][A-Za-z0-9_*\-]*(?:\s*,\s*[A-Za-z0-9*][A-Za-z0-9_*\-]*)*))?(?:\s+exp:(?P<exp>\S+))?(?:\s+--\s*(?P<reason>.*?))?\s*$",
    )
    .expect("valid ignore regex")
});

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
            if !line.contains("rampart:ignore") || !DIRECTIVE_RE.is_match(line) {
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
            let expires = match caps.name("exp").map(|m| m.as_str().parse::<Date>()).transpose() {
                Ok(expires) => expires,
                Err(e) => {
                    out.problems.push((line_no, format!("rampart:ignore has an invalid expiry: {e}")));
                    continue;
                }
            };
            let rules: Vec<String> = rules.as_str().split(',').map(|r| r.trim().to_string()).collect();
            // A waiver a reviewer cannot judge is no waiver: it names its rules and says why.
            if rules.iter().any(|r| r.contains('*')) {
                out.problems.push((
                    line_no,
                    "rampart:ignore with a wildcard is refused: name the rules it waives (`rampart:ignore K8S-001 -- reason`)"
                        .into(),
                ));
                continue;
            }
            let Some(reason) = caps.name("reason").map(|m| m.as_str().to_string()).filter(|r| !r.is_empty()) else {
                out.problems.push((
                    line_no,
                    "rampart:ignore without a reason is refused: add `-- why` (`rampart:ignore K8S-001 -- reason`)"
                        .into(),
                ));
                continue;
            };
            let ignore = Ignore { rules, reason: Some(reason), expires, line: line_no };
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
    pub fn find<'a>(&'a self, rule_id: &'a str, lines: &'a [u32]) -> Option<&'a Ignore> {
        self.covering(rule_id, lines).next()
    }

    /// Every ignore covering `rule_id` on any of `lines`, innermost first.
    pub fn covering<'a>(&'a self, rule_id: &'a str, lines: &'a [u32]) -> impl Iterator<Item = &'a Ignore> + 'a {
        lines.iter().rev().filter_map(|l| self.by_line.get(l)).flatten().filter(move |ig| ig.covers(rule_id))
    }

    pub fn is_empty(&self) -> bool {
        self.by_line.is_empty() && self.problems.is_empty()
    }

    pub fn diagnostics(&self, file: &str) -> Vec<Diagnostic> {
        self.problems.iter().map(|(line, msg)| Diagnostic::warning(file, Some(*line), msg.clone())).collect()
    }
}

/// Parse the Kubernetes annotation `rampart.dev/ignore: "K8S-001,K8S-004 -- reason"`.
/// A wildcard, or no reason, is refused with the reason why.
pub fn parse_annotation(value: &str) -> Result<Vec<(String, Option<String>)>, String> {
    let (rules, reason) = match value.split_once("--") {
        Some((rules, reason)) => (rules, Some(reason.trim().to_string()).filter(|r| !r.is_empty())),
        None => (value, None),
    };
    let rules: Vec<&str> = rules.split([',', ' ']).map(str::trim).filter(|r| !r.is_empty()).collect();
    if rules.iter().any(|r| r.contains('*')) {
        return Err("a wildcard is refused: name the rules it waives".into());
    }
    if rules.is_empty() {
        return Err("it names no rule: expected \"RULE-ID[,RULE-ID] -- reason\"".into());
    }
    if reason.is_none() {
        return Err("a waiver without a reason is refused: add \"-- why\"".into());
    }
    Ok(rules.into_iter().map(|r| (r.to_string(), reason.clone())).collect())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn comment_above_and_trailing() {
        let text = "a: 1\n# rampart:ignore K8S-001 -- reviewed\n\n# other comment\nb: 2 # rampart:ignore K8S-002,K8S-003 exp:2030-01-01 -- tracked\n";
        let ig = InlineIgnores::parse(text);
        let above = ig.find("K8S-001", &[5]).unwrap();
        assert_eq!(above.reason.as_deref(), Some("reviewed"));
        let trailing = ig.find("K8S-003", &[5]).unwrap();
        assert_eq!(trailing.expires, Some("2030-01-01".parse().unwrap()));
        assert!(ig.find("K8S-001", &[1]).is_none());
        assert!(ig.problems.is_empty());
    }

    #[test]
    fn malformed_comments_are_reported() {
        let ig = InlineIgnores::parse("# rampart:ignore\na: 1\n# rampart:ignore X-1 exp:tomorrow\nb: 1\n");
        assert_eq!(ig.problems.len(), 2);
        assert_eq!(ig.problems[0].0, 1);
        // Prose about waivers is not a waiver.
        let prose = "description: Honour rampart:ignore comments\n# Use rampart:ignore comments sparingly\n";
        assert!(InlineIgnores::parse(prose).problems.is_empty());
    }

    #[test]
    fn impossible_expiry_dates_are_refused() {
        let ig = InlineIgnores::parse("# rampart:ignore X-1 exp:2026-02-30 -- r\na: 1\n");
        assert!(ig.problems[0].1.contains("month 2 of 2026 has 28 days"), "{:?}", ig.problems);
        assert!(ig.find("X-1", &[2]).is_none());
    }

    #[test]
    fn annotation() {
        assert_eq!(
            parse_annotation("K8S-001, K8S-004 -- sidecar needs it").unwrap(),
            vec![
                ("K8S-001".to_string(), Some("sidecar needs it".to_string())),
                ("K8S-004".to_string(), Some("sidecar needs it".to_string()))
            ]
        );
        assert!(parse_annotation("* -- all of them").unwrap_err().contains("wildcard"));
        assert!(parse_annotation("K8S-001").unwrap_err().contains("reason"));
        assert!(parse_annotation(" -- why").is_err());
    }

    #[test]
    fn wildcards_and_waivers_without_reasons_are_refused() {
        let ig = InlineIgnores::parse("a: 1 # rampart:ignore * -- everything\nb: 1 # rampart:ignore K8S-001\nc: 1 # rampart:ignore K8S-0* -- some\n");
        assert!(ig.find("K8S-001", &[1, 2, 3]).is_none());
        let lines: Vec<u32> = ig.problems.iter().map(|(l, _)| *l).collect();
        assert_eq!(lines, [1, 2, 3], "{:?}", ig.problems);
        assert!(ig.problems[0].1.contains("wildcard") && ig.problems[1].1.contains("reason"));
    }
}
