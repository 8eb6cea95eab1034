//! Waivers written for other scanners — `#checkov:skip=CKV_AWS_18:reason`,
//! `#tfsec:ignore:aws-s3-enable-bucket-logging`, `#trivy:ignore:AVD-AWS-0089`, Checkov, cfn-nag
//! or cfn-guard `Metadata` in CloudFormation, and Checkov's `checkov.io/skipN` annotations on
//! Kubernetes objects — honoured with `--honor-peer-ignores`, so a team moving to Rampart keeps
//! the exceptions it already reviewed.
//!
//! A peer's check ID counts only through `policies/peer-ids.yaml`, which maps it to the Rampart
//! rules that judge the same thing; an ID without an equivalent is listed back to the user,
//! never guessed at.

use std::collections::HashMap;
use std::sync::LazyLock;

use crate::ignores::PeerIgnore;
use crate::yaml::{self, Node, Value};

/// The peers whose waivers Rampart reads, as their comments and metadata name them.
pub const TOOLS: [&str; 5] = ["checkov", "tfsec", "trivy", "cfn-nag", "cfn-guard"];

struct Table {
    mapped: HashMap<(String, String), Vec<String>>,
    unmapped: HashMap<(String, String), String>,
}

static TABLE: LazyLock<Table> = LazyLock::new(|| parse_table(include_str!("../../policies/peer-ids.yaml")));

fn parse_table(text: &str) -> Table {
    let mut table = Table { mapped: HashMap::new(), unmapped: HashMap::new() };
    let root = yaml::parse(text).ok().and_then(|mut docs| docs.pop());
    let Some(Node { value: Value::Map(sections), .. }) = root else { return table };
    for (section, body) in &sections {
        let Value::Map(entries) = &body.value else { continue };
        if section.text == "unmapped" {
            for (tool, ids) in entries {
                let Value::Map(ids) = &ids.value else { continue };
                for (id, reason) in ids {
                    let reason = reason.as_str().unwrap_or_default().to_string();
                    table.unmapped.insert((tool.text.clone(), id.text.clone()), reason);
                }
            }
            continue;
        }
        for (id, rules) in entries {
            let Value::Seq(rules) = &rules.value else { continue };
            let rules = rules.iter().filter_map(|r| r.as_str().map(str::to_string)).collect();
            table.mapped.insert((section.text.clone(), id.text.clone()), rules);
        }
    }
    table
}

/// What Rampart makes of one peer check ID.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Mapping {
    /// The Rampart rules that judge the same thing.
    Rules(Vec<String>),
    /// No Rampart rule does; the reason when the table gives one.
    Unmapped(Option<String>),
}

/// The Rampart rules a waiver of `tool`'s check `id` stands for. Trivy also accepts tfsec's
/// long IDs, as Trivy itself does.
pub fn mapping(tool: &str, id: &str) -> Mapping {
    let table = &*TABLE;
    let key = |t: &str| (t.to_string(), id.to_string());
    let mut tools = vec![tool];
    if tool == "trivy" {
        tools.push("tfsec");
    }
    for t in &tools {
        if let Some(rules) = table.mapped.get(&key(t)) {
            return Mapping::Rules(rules.clone());
        }
    }
    Mapping::Unmapped(tools.iter().find_map(|t| table.unmapped.get(&key(t)).cloned()))
}

/// Waivers that CloudFormation resources carry in `Metadata` for Checkov
/// (`checkov: {skip: [{id, comment}]}`), cfn-nag (`cfn_nag: {rules_to_suppress: [{id,
/// reason}]}`) and cfn-guard (`guard: {SuppressedRules: [NAME]}`, AWS Config rule names), each
/// with the line of the resource's logical ID (what they cover).
pub fn cloudformation_waivers(template: &Node) -> Vec<(u32, PeerIgnore)> {
    let mut out = Vec::new();
    let Some(Value::Map(resources)) = template.get("Resources").map(|r| &r.value) else { return out };
    for (key, resource) in resources {
        let Some(metadata) = resource.get("Metadata") else { continue };
        for (tool, section, list, why) in
            [("checkov", "checkov", "skip", "comment"), ("cfn-nag", "cfn_nag", "rules_to_suppress", "reason")]
        {
            let Some(Value::Seq(entries)) = metadata.get(section).and_then(|s| s.get(list)).map(|l| &l.value) else {
                continue;
            };
            for entry in entries {
                let Some(id) = entry.get("id").and_then(Node::as_str) else { continue };
                let reason = entry.get(why).and_then(Node::as_str).map(str::to_string);
                out.push((key.line, PeerIgnore::new(tool, id, reason, None, entry.line)));
            }
        }
        let guard = metadata.get("guard").and_then(|g| g.get("SuppressedRules")).map(|l| &l.value);
        for entry in
            guard.and_then(|g| if let Value::Seq(names) = g { Some(names) } else { None }).into_iter().flatten()
        {
            let Some(name) = entry.as_str() else { continue };
            out.push((key.line, PeerIgnore::new("cfn-guard", name, None, None, entry.line)));
        }
    }
    out
}

/// Annotation prefixes under which Checkov reads a waiver on a Kubernetes object, one check per
/// annotation: `checkov.io/skip1: CKV_K8S_20=reason` (the reason is optional).
const KUBERNETES_SKIP_PREFIXES: [&str; 2] = ["checkov.io/skip", "bridgecrew.io/skip"];

/// Checkov's waivers in a Kubernetes object's annotations, each with the line of its annotation
/// (`line_of` gives it by annotation key). They cover the whole object.
pub fn kubernetes_waivers(object: &serde_json::Value, line_of: impl Fn(&str) -> Option<u32>) -> Vec<PeerIgnore> {
    let Some(annotations) = object.pointer("/metadata/annotations").and_then(|a| a.as_object()) else {
        return Vec::new();
    };
    let mut out = Vec::new();
    for (key, value) in annotations {
        if !KUBERNETES_SKIP_PREFIXES.iter().any(|p| key.starts_with(p)) {
            continue;
        }
        let Some(value) = value.as_str() else { continue };
        let (id, reason) = match value.split_once('=') {
            Some((id, reason)) => (id.trim(), Some(reason.trim().to_string()).filter(|r| !r.is_empty())),
            None => (value.trim(), None),
        };
        if id.is_empty() {
            continue;
        }
        out.push(PeerIgnore::new("checkov", id, reason, None, line_of(key).unwrap_or(0)));
    }
    out
}

/// The peer checks (`checkov:CKV_AWS_18`) whose waivers stand for `rule_id`, sorted.
pub fn peers_of(rule_id: &str) -> Vec<String> {
    let mut out: Vec<String> = mapped_rules()
        .filter(|(_, _, rules)| rules.iter().any(|r| r == rule_id))
        .map(|(tool, id, _)| format!("{tool}:{id}"))
        .collect();
    out.sort();
    out
}

/// Every Rampart rule the table maps to, with the peer IDs that map to it (for tests and docs).
pub fn mapped_rules() -> impl Iterator<Item = (&'static str, &'static str, &'static [String])> {
    TABLE.mapped.iter().map(|((tool, id), rules)| (tool.as_str(), id.as_str(), rules.as_slice()))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_table_parses_and_names_only_real_rules() {
        let set = crate::policy::load(crate::policy::builtin_sources(), false).expect("built-in policies load");
        let ids: std::collections::HashSet<String> = set.policies.iter().map(|p| p.meta.id.clone()).collect();
        let mut count = 0;
        for (tool, id, rules) in mapped_rules() {
            assert!(TOOLS.contains(&tool), "unknown peer {tool}");
            assert!(!rules.is_empty(), "{tool} {id} maps to nothing: list it under unmapped");
            for r in rules {
                assert!(ids.contains(r), "{tool} {id} maps to {r}, which is not a rule");
            }
            count += 1;
        }
        assert!(count >= 50, "only {count} peer IDs mapped");
    }

    #[test]
    fn kubernetes_annotations_carry_checkov_waivers() {
        let object = serde_json::json!({"metadata": {"annotations": {
            "checkov.io/skip1": "CKV_K8S_20=escalation is needed here",
            "checkov.io/skip2": "CKV_K8S_14",
            "bridgecrew.io/skip3": " CKV_K8S_11 = = BestEffort ",
            "checkov.io/skip4": "",
            "checkov.io/other": 7,
            "team": "CKV_K8S_1",
        }}});
        let lines = |key: &str| Some(key.len() as u32);
        let found: Vec<(String, Option<String>, u32)> =
            kubernetes_waivers(&object, lines).into_iter().map(|p| (p.id, p.reason, p.line)).collect();
        assert_eq!(
            found,
            vec![
                ("CKV_K8S_11".into(), Some("= BestEffort".into()), 19),
                ("CKV_K8S_20".into(), Some("escalation is needed here".into()), 16),
                ("CKV_K8S_14".into(), None, 16),
            ]
        );
        assert!(kubernetes_waivers(&serde_json::json!({"kind": "Pod"}), lines).is_empty());
    }

    #[test]
    fn trivy_reads_tfsec_ids_and_unknown_ids_are_unmapped() {
        let long = mapped_rules().find(|(t, _, _)| *t == "tfsec").map(|(_, id, _)| id).expect("a tfsec id");
        assert!(matches!(mapping("trivy", long), Mapping::Rules(_)));
        assert_eq!(mapping("checkov", "CKV_NOPE_1"), Mapping::Unmapped(None));
    }
}
