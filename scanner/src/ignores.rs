//! Waivers as sources write them: `# rampart:ignore RULE [exp:DATE] -- reason` comments (on
//! the line above, or at the end of the line, of what they cover) and the Kubernetes
//! annotation `rampart.dev/ignore`. Malformed ones are located warnings; what they waive is
//! decided in one step after evaluation ([`crate::suppress::apply`]).

use std::collections::HashMap;
use std::sync::{Arc, LazyLock};

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

/// A waiver written for another scanner (`#checkov:skip=CKV_AWS_18:reason`,
/// `#tfsec:ignore:…`, `#trivy:ignore:…`, CloudFormation `Metadata`, Kubernetes
/// `checkov.io/skipN` annotations), honoured only with
/// `--honor-peer-ignores`, through [`crate::peers`]'s table of what it stands for.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PeerIgnore {
    /// `checkov`, `tfsec`, `trivy`, `cfn-nag` or `cfn-guard`.
    pub tool: &'static str,
    /// The peer's check ID as written.
    pub id: String,
    pub reason: Option<String>,
    pub expires: Option<Date>,
    /// Line of the comment or metadata entry.
    pub line: u32,
}

impl PeerIgnore {
    pub fn new(tool: &'static str, id: &str, reason: Option<String>, expires: Option<Date>, line: u32) -> PeerIgnore {
        PeerIgnore { tool, id: id.to_string(), reason, expires, line }
    }

    /// `checkov:CKV_AWS_18`, as reports name where a waiver came from.
    pub fn origin(&self) -> String {
        format!("{}:{}", self.tool, self.id)
    }
}

/// The ignore comments of one file, by the line they apply to.
#[derive(Debug, Default, Clone)]
pub struct InlineIgnores {
    by_line: HashMap<u32, Vec<Ignore>>,
    /// Peers' waivers, by the line they apply to.
    peers: HashMap<u32, Vec<PeerIgnore>>,
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

/// `#checkov:skip=CKV_AWS_18:reason`: Checkov's waiver, written inside the block it covers.
static CHECKOV_RE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?:#|//)\s*checkov:skip=(?P<id>[A-Za-z0-9_]+)(?:\s*:\s*(?P<reason>[^#]*?))?\s*(?:#|$)")
        .expect("valid checkov regex")
});

/// `#tfsec:ignore:ID[:exp:YYYY-MM-DD]` and `#trivy:ignore:ID[:exp:…]`, above or beside what
/// they cover; several may share a line.
static TFSEC_RE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?:#|//)\s*(?P<tool>tfsec|trivy):ignore:(?P<id>[A-Za-z0-9_\-]+)(?::exp:(?P<exp>[0-9-]+))?")
        .expect("valid tfsec regex")
});

/// An HCL block header (`resource "aws_s3_bucket" "logs" {`): Checkov's waiver covers the
/// block it is written in.
static BLOCK_RE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r#"^\s*(?:resource|data|module)\s+"[^"]*"(?:\s+"[^"]*")?\s*\{"#).expect("valid block regex")
});

fn is_comment_only(line: &str) -> bool {
    let t = line.trim_start();
    t.starts_with('#') || t.starts_with("//")
}

impl InlineIgnores {
    pub fn parse(text: &str) -> InlineIgnores {
        let mut out = InlineIgnores::default();
        if text.contains("checkov:skip=") || text.contains(":ignore:") {
            out.parse_peers(text);
        }
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

    fn parse_peers(&mut self, text: &str) {
        let lines: Vec<&str> = text.lines().collect();
        for (idx, line) in lines.iter().enumerate() {
            let line_no = idx as u32 + 1;
            if let Some(caps) = CHECKOV_RE.captures(line) {
                let reason = caps.name("reason").map(|m| m.as_str().trim().to_string()).filter(|r| !r.is_empty());
                let ignore = PeerIgnore::new("checkov", &caps["id"], reason, None, line_no);
                // The block the comment is written in; outside any block, what follows it.
                let block = lines[..=idx].iter().rposition(|l| BLOCK_RE.is_match(l)).map(|i| i as u32 + 1);
                if let Some(target) = block.or_else(|| next_code_line(&lines, idx)) {
                    self.add_peer(target, ignore);
                }
            }
            for caps in TFSEC_RE.captures_iter(line) {
                let tool = if &caps["tool"] == "tfsec" { "tfsec" } else { "trivy" };
                let expires = match caps.name("exp").map(|m| m.as_str().parse::<Date>()).transpose() {
                    Ok(expires) => expires,
                    Err(e) => {
                        self.problems.push((line_no, format!("{tool}:ignore has an invalid expiry: {e}")));
                        continue;
                    }
                };
                let ignore = PeerIgnore::new(tool, &caps["id"], None, expires, line_no);
                let target = if is_comment_only(line) { next_code_line(&lines, idx) } else { Some(line_no) };
                if let Some(target) = target {
                    self.add_peer(target, ignore);
                }
            }
        }
    }

    /// Record a peer's waiver covering what is written on `line` (a CloudFormation resource's
    /// logical ID, for its `Metadata`; a Kubernetes object's first line, for its annotations).
    pub fn add_peer(&mut self, line: u32, ignore: PeerIgnore) {
        self.peers.entry(line).or_default().push(ignore);
    }

    /// `ignores` with peers' waivers added, each covering what is written on its line; the same
    /// `Arc` when there are none (the common case: no copy).
    pub fn with_peers(ignores: &Arc<InlineIgnores>, waivers: Vec<(u32, PeerIgnore)>) -> Arc<InlineIgnores> {
        if waivers.is_empty() {
            return ignores.clone();
        }
        let mut own = (**ignores).clone();
        for (line, waiver) in waivers {
            own.add_peer(line, waiver);
        }
        Arc::new(own)
    }

    /// Every peer waiver on any of `lines` (a finding's anchors), innermost first.
    pub fn peers_on<'a>(&'a self, lines: &'a [u32]) -> impl Iterator<Item = &'a PeerIgnore> + 'a {
        lines.iter().rev().filter_map(|l| self.peers.get(l)).flatten()
    }

    /// Every peer waiver of the file, in line order.
    pub fn peers(&self) -> Vec<&PeerIgnore> {
        let mut all: Vec<&PeerIgnore> = self.peers.values().flatten().collect();
        all.sort_by_key(|p| (p.line, p.tool, p.id.clone()));
        all
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
        self.by_line.is_empty() && self.peers.is_empty() && self.problems.is_empty()
    }

    pub fn diagnostics(&self, file: &str) -> Vec<Diagnostic> {
        self.problems.iter().map(|(line, msg)| Diagnostic::warning(file, Some(*line), msg.clone())).collect()
    }
}

/// The first line after `idx` that holds code (not blank, not a comment), 1-based.
fn next_code_line(lines: &[&str], idx: usize) -> Option<u32> {
    lines[idx + 1..]
        .iter()
        .position(|l| !l.trim().is_empty() && !is_comment_only(l))
        .map(|off| idx as u32 + 2 + off as u32)
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
    fn peer_waivers_cover_what_their_tool_says() {
        let text = r#"resource "aws_s3_bucket" "logs" {
  #checkov:skip=CKV_AWS_18: the bucket receives other buckets' logs
  bucket = "logs"
}

#tfsec:ignore:aws-s3-enable-bucket-logging:exp:2030-01-01
resource "aws_s3_bucket" "b" {
  bucket = "b" #trivy:ignore:AVD-AWS-0089 #trivy:ignore:AVD-AWS-9999
}
"#;
        let ig = InlineIgnores::parse(text);
        let on = |lines: &[u32]| ig.peers_on(lines).map(|p| p.origin()).collect::<Vec<_>>();
        // Checkov's comment covers the block it is written in.
        assert_eq!(on(&[1]), ["checkov:CKV_AWS_18"]);
        assert_eq!(
            ig.peers_on(&[1]).next().unwrap().reason.as_deref(),
            Some("the bucket receives other buckets' logs")
        );
        assert!(on(&[2, 3]).is_empty());
        // tfsec's covers the next line of code, with its expiry; trivy's, its own line.
        assert_eq!(on(&[7]), ["tfsec:aws-s3-enable-bucket-logging"]);
        assert_eq!(ig.peers_on(&[7]).next().unwrap().expires, Some("2030-01-01".parse().unwrap()));
        assert_eq!(on(&[8]), ["trivy:AVD-AWS-0089", "trivy:AVD-AWS-9999"]);
        // Rampart's own waivers are untouched by peers' comments.
        assert!(ig.find("AWS-S3-008", &[1, 7, 8]).is_none());
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
