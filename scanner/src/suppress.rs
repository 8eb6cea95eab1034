//! The one suppression step ([`apply`]), after evaluation: inline comments and Kubernetes
//! annotations (as [`crate::ignores`] parsed them), `.rampart.yaml` ignores and the baseline.
//!
//! A suppressed finding is kept and reported as suppressed, never dropped: reviewers must be
//! able to see what was waived, by whom's reasoning, and until when. An expired waiver waives
//! nothing and is reported once.

use std::collections::{BTreeMap, BTreeSet};

use globset::GlobSet;
use serde::Serialize;

use crate::config::ConfigIgnore;
use crate::date::Date;
use crate::diagnostic::{Diagnostic, Level};
use crate::finding::{Finding, Suppression, SuppressionKind};
use crate::ignores::{Ignore, PeerIgnore};
use crate::peers::{self, Mapping};

/// Everything that can waive a finding, besides what the finding carries from its source
/// (the ignore comments of its file and the annotation of its object, see
/// [`crate::finding::Origin`]).
pub struct Waivers<'a> {
    /// Honour `# rampart:ignore` comments and `rampart.dev/ignore` annotations.
    pub inline: bool,
    /// Honour peers' waivers (`--honor-peer-ignores`) through the peer ID table.
    pub peers: bool,
    /// `.rampart.yaml` ignores with their compiled path globs, and the name the file is
    /// reported under.
    pub config: Vec<(&'a ConfigIgnore, GlobSet)>,
    pub config_name: String,
    /// Fingerprints of the baseline, when one is used.
    pub baseline: Option<&'a BTreeSet<String>>,
    pub today: Date,
}

/// One thing that silenced findings, and how many: every report lists them, so a pull request
/// that quietly waives a check is seen.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Serialize)]
pub struct Waiver {
    /// `inline`, `annotation`, `peer`, `config`, `skip_rules` or `skip_paths`.
    pub kind: &'static str,
    /// Where it is written: `file:line` of a comment, the object of an annotation, the config
    /// file (or the command line) of a setting.
    pub source: String,
    /// The rules (or path globs) it names.
    pub rules: Vec<String>,
    /// Findings it waived; `None` for settings that keep rules or files from being evaluated
    /// at all, so that what they hide cannot be counted.
    pub findings: Option<usize>,
}

/// What the suppression step decided besides each finding's own state.
#[derive(Debug, Default)]
pub struct Applied {
    /// Expired waivers, once each.
    pub diagnostics: Vec<Diagnostic>,
    /// The waivers that silenced something, with their counts.
    pub waivers: Vec<Waiver>,
}

/// The one suppression step: waive what the inline comments, annotations and config ignores
/// cover, mark what the baseline knows, and say which waivers have expired. A finding keeps
/// the first waiver that covers it, in that order; expired waivers are reported once each and
/// waive nothing.
pub fn apply(findings: &mut [Finding], waivers: &Waivers) -> Applied {
    let mut expired = BTreeSet::new();
    let mut used: BTreeMap<(&'static str, String, Vec<String>), usize> = BTreeMap::new();
    let today = waivers.today;
    let lapsed = |exp: Option<Date>| exp.is_some_and(|e| e < today);
    for finding in findings.iter_mut() {
        let id = finding.rule_id.as_ref();
        if waivers.inline && finding.suppression.is_none() {
            let origin = &finding.origin;
            if let Some((_, reason)) = origin.annotation.iter().find(|(r, _)| r == id || r == "*") {
                finding.suppression =
                    Some(Suppression { kind: SuppressionKind::Annotation, reason: reason.clone(), expires: None });
                let rules = origin.annotation.iter().map(|(r, _)| r.clone()).collect();
                *used.entry(("annotation", format!("{} {}", finding.file, finding.resource), rules)).or_default() += 1;
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
                        });
                        *used
                            .entry(("inline", format!("{}:{}", finding.file, ig.line), ig.rules.clone()))
                            .or_default() += 1;
                    }
                    None => {}
                }
            }
        }
        if waivers.inline && waivers.peers && finding.suppression.is_none() {
            if let Some(comments) = &finding.origin.comments {
                let mut covering: Vec<(&PeerIgnore, Vec<String>)> = comments
                    .peers_on(&finding.origin.anchors)
                    .filter_map(|p| match peers::mapping(p.tool, &p.id) {
                        Mapping::Rules(rules) if rules.iter().any(|r| r == id) => Some((p, rules)),
                        _ => None,
                    })
                    .collect();
                covering.sort_by_key(|(p, _)| lapsed(p.expires));
                match covering.first() {
                    Some((p, _)) if lapsed(p.expires) => {
                        expired.insert(Diagnostic::warning(
                            &finding.file,
                            Some(p.line),
                            format!(
                                "{} waiver for {id} expired on {}; the finding is reported again",
                                p.origin(),
                                p.expires.map(|d| d.to_string()).unwrap_or_default()
                            ),
                        ));
                    }
                    Some((p, rules)) => {
                        // The peer's reason when it has one, and always where the waiver came from.
                        let reason = match &p.reason {
                            Some(why) => format!("{why} (waived for {})", p.origin()),
                            None => format!("waived for {}", p.origin()),
                        };
                        finding.suppression =
                            Some(Suppression { kind: SuppressionKind::Peer, reason: Some(reason), expires: p.expires });
                        let source = format!("{}:{} {}", finding.file, p.line, p.origin());
                        *used.entry(("peer", source, rules.clone())).or_default() += 1;
                    }
                    None => {}
                }
            }
        }
        if finding.suppression.is_none() {
            let mut hits: Vec<(usize, &ConfigIgnore)> = waivers
                .config
                .iter()
                .enumerate()
                .filter(|(_, (ig, paths))| {
                    ig.rules.iter().any(|r| r == "*" || r == id)
                        && (ig.paths.is_empty() || paths.is_match(finding.file.as_ref()))
                })
                .map(|(i, (ig, _))| (i, *ig))
                .collect();
            hits.sort_by_key(|(_, ig)| lapsed(ig.expires));
            match hits.first() {
                Some((_, ig)) if lapsed(ig.expires) => {
                    expired.insert(Diagnostic::new(
                        Level::Warning,
                        Some(&waivers.config_name),
                        None,
                        format!(
                            "ignore of {:?} expired on {}; its findings are reported again",
                            ig.rules,
                            ig.expires.map(|d| d.to_string()).unwrap_or_default()
                        ),
                    ));
                }
                Some((i, ig)) => {
                    finding.suppression = Some(Suppression {
                        kind: SuppressionKind::Config,
                        reason: Some(ig.reason.clone()),
                        expires: ig.expires,
                    });
                    let source = format!("{} ignore[{i}]", waivers.config_name);
                    *used.entry(("config", source, ig.rules.clone())).or_default() += 1;
                }
                None => {}
            }
        }
        if let Some(known) = waivers.baseline {
            finding.in_baseline = known.contains(&finding.fingerprint);
        }
    }
    Applied {
        diagnostics: expired.into_iter().collect(),
        waivers: used
            .into_iter()
            .map(|((kind, source, rules), n)| Waiver { kind, source, rules, findings: Some(n) })
            .collect(),
    }
}

#[cfg(test)]
mod tests {
    use std::sync::Arc;

    use super::*;
    use crate::ignores::InlineIgnores;

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
            related: None,
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
            peers: false,
            config,
            config_name: ".rampart.yaml".into(),
            baseline: Some(&baseline),
            today: "2026-12-07".parse().unwrap(),
        };
        let applied = apply(&mut findings, &waivers);
        let diags = applied.diagnostics;
        let used: Vec<(&str, &str, usize)> =
            applied.waivers.iter().map(|w| (w.kind, w.source.as_str(), w.findings.unwrap_or(0))).collect();
        assert_eq!(
            used,
            [
                ("annotation", "a.yaml Pod/x", 1),
                ("config", ".rampart.yaml ignore[1]", 1),
                ("inline", "a.yaml:1", 1),
                ("inline", "a.yaml:4", 1)
            ]
        );
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
}
