//! Suppressions: inline `# rampart:ignore` comments, the Kubernetes annotation, `.rampart.yaml`
//! ignores and the baseline, decided in one step after evaluation ([`apply`]).
//!
//! A suppressed finding is kept and reported as suppressed, never dropped: reviewers must be
//! able to see what was waived, by whom's reasoning, and until when. Expiry dates are
//! validated [`Date`]s, so a waiver with a date that does not exist is refused where it is
//! written instead of never lapsing.

use std::collections::{BTreeSet, HashMap};
use std::fmt;
use std::str::FromStr;
use std::sync::LazyLock;

use globset::GlobSet;
use regex::Regex;
use serde::{Serialize, Serializer};

use crate::config::ConfigIgnore;
use crate::finding::{Diagnostic, Finding};

/// A calendar date (proleptic Gregorian), written `YYYY-MM-DD`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Date {
    year: u16,
    month: u8,
    day: u8,
}

impl Date {
    /// Today (UTC); `RAMPART_TODAY` (a date) overrides it for reproducible runs.
    pub fn today() -> anyhow::Result<Date> {
        if let Ok(today) = std::env::var("RAMPART_TODAY") {
            return today.parse().map_err(|e| anyhow::anyhow!("RAMPART_TODAY: {e}"));
        }
        let secs = std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).map(|d| d.as_secs()).unwrap_or(0);
        let (year, month, day) = civil_from_days((secs / 86_400) as i64);
        Ok(Date { year: year as u16, month: month as u8, day: day as u8 })
    }
}

impl FromStr for Date {
    type Err = String;
    fn from_str(s: &str) -> Result<Date, String> {
        let invalid = || format!("{s:?} is not a date: expected YYYY-MM-DD");
        let bytes = s.as_bytes();
        if bytes.len() != 10 || bytes[4] != b'-' || bytes[7] != b'-' {
            return Err(invalid());
        }
        let number = |r: std::ops::Range<usize>| -> Result<u16, String> {
            let part = &s[r];
            if !part.bytes().all(|b| b.is_ascii_digit()) {
                return Err(invalid());
            }
            part.parse().map_err(|_| invalid())
        };
        let (year, month, day) = (number(0..4)?, number(5..7)?, number(8..10)?);
        let leap = (year % 4 == 0 && year % 100 != 0) || year % 400 == 0;
        let days_in_month = match month {
            1 | 3 | 5 | 7 | 8 | 10 | 12 => 31,
            4 | 6 | 9 | 11 => 30,
            2 if leap => 29,
            2 => 28,
            _ => return Err(format!("{s:?} is not a date: there is no month {month}")),
        };
        if day == 0 || day > days_in_month {
            return Err(format!("{s:?} is not a date: month {month} of {year} has {days_in_month} days"));
        }
        Ok(Date { year, month: month as u8, day: day as u8 })
    }
}

impl fmt::Display for Date {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{:04}-{:02}-{:02}", self.year, self.month, self.day)
    }
}

impl Serialize for Date {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.collect_str(self)
    }
}

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
    pub expires: Option<Date>,
}

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
            let expires = match caps.name("exp").map(|m| m.as_str().parse::<Date>()).transpose() {
                Ok(expires) => expires,
                Err(e) => {
                    out.problems.push((line_no, format!("rampart:ignore has an invalid expiry: {e}")));
                    continue;
                }
            };
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
pub fn parse_annotation(value: &str) -> Vec<(String, Option<String>)> {
    let (rules, reason) = match value.split_once("--") {
        Some((rules, reason)) => (rules, Some(reason.trim().to_string()).filter(|r| !r.is_empty())),
        None => (value, None),
    };
    rules.split([',', ' ']).map(str::trim).filter(|r| !r.is_empty()).map(|r| (r.to_string(), reason.clone())).collect()
}

/// Everything that can waive a finding, besides what the finding carries from its source
/// (the ignore comments of its file and the annotation of its object, see
/// [`crate::finding::Origin`]).
pub struct Waivers<'a> {
    /// Honour `# rampart:ignore` comments and `rampart.dev/ignore` annotations.
    pub inline: bool,
    /// `.rampart.yaml` ignores with their compiled path globs, and the name the file is
    /// reported under.
    pub config: Vec<(&'a ConfigIgnore, GlobSet)>,
    pub config_name: String,
    /// Fingerprints of the baseline, when one is used.
    pub baseline: Option<&'a BTreeSet<String>>,
    pub today: Date,
}

/// The one suppression step: waive what the inline comments, annotations and config ignores
/// cover, mark what the baseline knows, and say which waivers have expired. A finding keeps
/// the first waiver that covers it, in that order; expired waivers are reported once each and
/// waive nothing.
pub fn apply(findings: &mut [Finding], waivers: &Waivers) -> Vec<Diagnostic> {
    let mut expired = BTreeSet::new();
    let today = waivers.today;
    let lapsed = |exp: Option<Date>| exp.is_some_and(|e| e < today);
    for finding in findings.iter_mut() {
        let id = finding.rule_id.as_ref();
        if waivers.inline && finding.suppression.is_none() {
            let origin = &finding.origin;
            if let Some((_, reason)) = origin.annotation.iter().find(|(r, _)| r == id || r == "*") {
                finding.suppression =
                    Some(Suppression { kind: SuppressionKind::Annotation, reason: reason.clone(), expires: None });
            } else if let Some(comments) = &origin.comments {
                // An expired comment does not hide a current one that also covers the finding.
                let mut covering: Vec<&Ignore> = comments.covering(id, &origin.anchors).collect();
                covering.sort_by_key(|ig| lapsed(ig.expires));
                match covering.first() {
                    Some(ig) if lapsed(ig.expires) => {
                        expired.insert(Diagnostic::warning(
                            &finding.file,
                            Some(ig.line),
                            format!(
                                "rampart:ignore for {id} expired on {}; the finding is reported again",
                                ig.expires.map(|d| d.to_string()).unwrap_or_default()
                            ),
                        ));
                    }
                    Some(ig) => {
                        finding.suppression = Some(Suppression {
                            kind: SuppressionKind::Inline,
                            reason: ig.reason.clone(),
                            expires: ig.expires,
                        })
                    }
                    None => {}
                }
            }
        }
        if finding.suppression.is_none() {
            let mut hits: Vec<&ConfigIgnore> = waivers
                .config
                .iter()
                .filter(|(ig, paths)| {
                    ig.rules.iter().any(|r| r == "*" || r == id)
                        && (ig.paths.is_empty() || paths.is_match(finding.file.as_ref()))
                })
                .map(|(ig, _)| *ig)
                .collect();
            hits.sort_by_key(|ig| lapsed(ig.expires));
            match hits.first() {
                Some(ig) if lapsed(ig.expires) => {
                    expired.insert(Diagnostic::new(
                        crate::finding::Level::Warning,
                        Some(&waivers.config_name),
                        None,
                        format!(
                            "ignore of {:?} expired on {}; its findings are reported again",
                            ig.rules,
                            ig.expires.map(|d| d.to_string()).unwrap_or_default()
                        ),
                    ));
                }
                Some(ig) => {
                    finding.suppression = Some(Suppression {
                        kind: SuppressionKind::Config,
                        reason: Some(ig.reason.clone()),
                        expires: ig.expires,
                    })
                }
                None => {}
            }
        }
        if let Some(known) = waivers.baseline {
            finding.in_baseline = known.contains(&finding.fingerprint);
        }
    }
    expired.into_iter().collect()
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
    use std::sync::Arc;

    use super::*;

    #[test]
    fn comment_above_and_trailing() {
        let text = "a: 1\n# rampart:ignore K8S-001 -- reviewed\n\n# other comment\nb: 2 # rampart:ignore K8S-002,K8S-003 exp:2030-01-01\n";
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

    fn finding(rule: &str, file: &str, line: u32, comments: &Arc<InlineIgnores>) -> Finding {
        Finding {
            rule_id: rule.into(),
            severity: crate::finding::Severity::High,
            title: "t".into(),
            message: "m".into(),
            file: file.into(),
            start_line: line,
            end_line: line,
            resource: "Pod/x".into(),
            path: Vec::new(),
            fingerprint: format!("{rule}-{file}"),
            suppression: None,
            in_baseline: false,
            extra: None,
            origin: crate::finding::Origin {
                anchors: vec![line],
                comments: Some(comments.clone()),
                annotation: Arc::from(vec![("K8S-009".to_string(), Some("annotated".to_string()))]),
            },
        }
    }

    #[test]
    fn one_step_decides_every_waiver() {
        let text = "a: 1 # rampart:ignore K8S-001 -- inline\n\
                    b: 1 # rampart:ignore K8S-002 exp:2020-01-01 -- old\n\
                    c: 1 # rampart:ignore K8S-003 exp:2020-01-01 -- old\n\
                    d: 1 # rampart:ignore K8S-003 exp:2099-01-01 -- current\n";
        let comments = Arc::new(InlineIgnores::parse(text));
        let cfg = crate::config::parse(
            "ignore:\n  - {rules: [K8S-002], reason: stale, expires: 2021-01-01}\n  - {rules: [K8S-002], paths: ['*.yaml'], reason: config}\n  - {rules: [K8S-005], reason: gone, expires: 2021-01-01}\n",
        )
        .unwrap();
        let config: Vec<(&ConfigIgnore, GlobSet)> =
            cfg.ignore.iter().map(|ig| (ig, crate::paths::build_globs(&ig.paths).unwrap())).collect();
        let baseline: BTreeSet<String> = ["K8S-005-a.yaml".to_string()].into();
        let mut findings = vec![
            finding("K8S-001", "a.yaml", 1, &comments),
            finding("K8S-002", "a.yaml", 2, &comments),
            finding("K8S-003", "a.yaml", 3, &comments),
            finding("K8S-003", "a.yaml", 4, &comments),
            finding("K8S-005", "a.yaml", 1, &comments),
            finding("K8S-005", "a.yaml", 1, &comments),
            finding("K8S-009", "a.yaml", 1, &comments),
        ];
        let waivers = Waivers {
            inline: true,
            config,
            config_name: ".rampart.yaml".into(),
            baseline: Some(&baseline),
            today: "2026-12-07".parse().unwrap(),
        };
        let diags = apply(&mut findings, &waivers);
        let kinds: Vec<Option<SuppressionKind>> =
            findings.iter().map(|f| f.suppression.as_ref().map(|s| s.kind)).collect();
        use SuppressionKind::*;
        // K8S-002: the inline comment expired, the second config ignore (the first expired) holds.
        assert_eq!(kinds, [Some(Inline), Some(Config), None, Some(Inline), None, None, Some(Annotation)]);
        assert!(findings[4].in_baseline && !findings[0].in_baseline);
        let messages: Vec<String> = diags.iter().map(|d| d.to_string()).collect();
        assert_eq!(
            messages,
            [
                ".rampart.yaml: warning: ignore of [\"K8S-005\"] expired on 2021-01-01; its findings are reported again",
                "a.yaml:2: warning: rampart:ignore for K8S-002 expired on 2020-01-01; the finding is reported again",
                "a.yaml:3: warning: rampart:ignore for K8S-003 expired on 2020-01-01; the finding is reported again",
            ],
            "each expired waiver once, and none that a current one of the same kind replaced"
        );

        // Without inline waivers (a pull request's own comments), only config and baseline count.
        let mut findings = vec![finding("K8S-001", "a.yaml", 1, &comments), finding("K8S-009", "a.yaml", 1, &comments)];
        apply(&mut findings, &Waivers { inline: false, ..waivers });
        assert!(findings.iter().all(|f| f.suppression.is_none()));
    }

    #[test]
    fn dates_are_validated() {
        for good in ["2026-01-01", "2024-02-29", "2000-02-29", "2026-12-31"] {
            assert_eq!(good.parse::<Date>().unwrap().to_string(), good);
        }
        for bad in
            ["soon", "2026-13-45", "2026-02-29", "1900-02-29", "2026-04-31", "2026-1-01", "26-01-01", "2026-00-10"]
        {
            assert!(bad.parse::<Date>().is_err(), "{bad}");
        }
        assert!("2026-01-02".parse::<Date>().unwrap() > "2025-12-31".parse::<Date>().unwrap());
        let ig = InlineIgnores::parse("# rampart:ignore X-1 exp:2026-02-30 -- r\na: 1\n");
        assert!(ig.problems[0].1.contains("February") || ig.problems[0].1.contains("month 2"), "{:?}", ig.problems);
    }

    #[test]
    fn civil_dates() {
        assert_eq!(civil_from_days(0), (1970, 1, 1));
        assert_eq!(civil_from_days(20_454), (2026, 1, 1));
        assert_eq!(civil_from_days(11_016), (2000, 2, 29));
    }
}
