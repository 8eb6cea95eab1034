//! The policy engine: regorus, compiled once per process and cloned per worker.
//!
//! Compiling and preparing policies costs milliseconds; evaluating one costs microseconds. So
//! the base engine is built and prepared once, each rayon worker clones it, each document is
//! converted to a regorus value once and evaluated only by the rules whose selector matches it,
//! and each result is turned into a located, fingerprinted Finding here.

use std::collections::HashMap;
use std::num::NonZeroU32;
use std::sync::Arc;
use std::time::Duration;

use regorus::utils::limits::ExecutionTimerConfig;
use serde_json::Value as Json;

use crate::document::{Document, Model};
use crate::finding::{fingerprint, Diagnostic, Finding, Severity};
use crate::policy::{Policy, PolicySet};
use crate::suppress::{Suppression, SuppressionKind};

/// Default cap on one rule's evaluation of one document.
pub const DEFAULT_POLICY_TIMEOUT: Duration = Duration::from_secs(10);

/// What evaluating one document produced.
pub struct Evaluation {
    pub findings: Vec<Finding>,
    pub diagnostics: Vec<Diagnostic>,
    /// The rules that evaluated the document (for compliance: "checked and passed").
    pub evaluated: Vec<Arc<str>>,
    /// Whether all rules ran in one aggregated evaluation (else one by one).
    pub aggregated: bool,
}

pub struct Engine {
    base: regorus::Engine,
    policies: Vec<Arc<PolicyEntry>>,
    /// Model → the rule that evaluates all of that model's rules at once.
    aggregates: HashMap<Model, String>,
    today: String,
}

struct PolicyEntry {
    policy: Policy,
    rule_path: String,
    id: Arc<str>,
    title: Arc<str>,
}

impl Engine {
    /// Build from compiled policies, keeping only the rules `keep` accepts.
    pub fn new(set: PolicySet, keep: impl Fn(&Policy) -> bool, timeout: Duration) -> anyhow::Result<Engine> {
        let mut base = set.engine;
        base.set_execution_timer_config(ExecutionTimerConfig {
            limit: timeout,
            check_interval: NonZeroU32::new(64).expect("non-zero"),
        });
        let policies: Vec<Arc<PolicyEntry>> = set
            .policies
            .into_iter()
            .filter(|p| !p.meta.deprecated && keep(p))
            .map(|p| {
                Arc::new(PolicyEntry {
                    rule_path: format!("{}.deny", p.package),
                    id: Arc::from(p.meta.id.as_str()),
                    title: Arc::from(p.meta.title.as_str()),
                    policy: p,
                })
            })
            .collect();
        let mut aggregates = HashMap::new();
        for model in [Model::Kubernetes, Model::Dockerfile, Model::Cloud, Model::Terraform, Model::Cloudformation] {
            if let Some(module) = aggregate_module(model, &policies) {
                base.add_policy(format!("rampart-internal-{}.rego", model.as_str()), module)
                    .map_err(|e| anyhow::anyhow!("building the {} aggregate: {e}", model.as_str()))?;
                aggregates.insert(model, format!("data.rampart.internal.{}.results", model.as_str()));
            }
        }
        // Prepare once, so that every clone starts ready to evaluate. A no-op rule of our own
        // triggers it: no user rule may run (or time out) before it has a document.
        base.add_policy("rampart-internal.rego".into(), "package rampart.internal\n\nready := true\n".into())
            .map_err(|e| anyhow::anyhow!("preparing policies: {e}"))?;
        base.set_input(regorus::Value::new_object());
        base.eval_rule("data.rampart.internal.ready".into()).map_err(|e| anyhow::anyhow!("preparing policies: {e}"))?;
        Ok(Engine { base, policies, aggregates, today: crate::suppress::today() })
    }

    pub fn policies(&self) -> impl Iterator<Item = &Policy> {
        self.policies.iter().map(|p| &p.policy)
    }

    /// Which input models any active rule reads.
    pub fn wants(&self, model: Model) -> bool {
        self.policies.iter().any(|p| p.policy.meta.selectors.iter().any(|s| s.model == model))
    }

    /// Globs of every active raw rule.
    pub fn raw_globs(&self) -> Vec<String> {
        self.policies
            .iter()
            .flat_map(|p| p.policy.meta.selectors.iter())
            .filter(|s| s.model == Model::Raw)
            .flat_map(|s| s.files.iter().cloned())
            .collect()
    }

    /// A fresh evaluator for one worker thread.
    pub fn worker(&self) -> regorus::Engine {
        self.base.clone()
    }

    /// Evaluate every selected rule on `doc`.
    pub fn evaluate(&self, worker: &mut regorus::Engine, mut doc: Document) -> Evaluation {
        let Some(aggregate) = self.aggregates.get(&doc.model) else {
            return self.evaluate_with(worker, doc, &|p, doc| p.selects(doc));
        };
        let selected: Vec<&Arc<PolicyEntry>> = self.policies.iter().filter(|p| p.policy.selects(&doc)).collect();
        let evaluated: Vec<Arc<str>> = selected.iter().map(|p| p.id.clone()).collect();
        if selected.is_empty() {
            return Evaluation { findings: Vec::new(), diagnostics: Vec::new(), evaluated, aggregated: true };
        }
        // One evaluation for all the document's rules, so shared helpers (the containers of a
        // workload, the stages of a Dockerfile) are computed once, not once per rule.
        let input = regorus::Value::from(std::mem::take(&mut doc.input));
        worker.set_input(input.clone());
        // A partial object rule is a query, not a rule path, for regorus.
        let results = match worker.eval_query(aggregate.clone(), false) {
            Ok(r) => match r.result.first().and_then(|r| r.expressions.first()) {
                Some(e) => serde_json::to_value(&e.value).ok(),
                // Undefined: no rule produced anything.
                None => Some(Json::Object(Default::default())),
            },
            Err(_) => None,
        };
        let Some(Json::Object(mut results)) = results else {
            // Something failed: evaluate rule by rule to say which one.
            doc.input = Json::Null;
            worker.set_input(input);
            return self.evaluate_prepared(worker, doc, selected, evaluated);
        };
        let aggregated = true;
        let mut findings = Vec::new();
        let mut diagnostics = Vec::new();
        for entry in selected {
            let items = match results.remove(entry.id.as_ref()) {
                Some(Json::Array(items)) => items,
                None => Vec::new(),
                Some(other) => {
                    diagnostics.push(policy_error(entry, &doc, format!("`deny` must be a set, got {other}")));
                    continue;
                }
            };
            self.collect_results(entry, &doc, items, &mut findings, &mut diagnostics);
        }
        Evaluation { findings, diagnostics, evaluated, aggregated }
    }

    /// Evaluate the rules that `select` picks for `doc`.
    pub fn evaluate_with(
        &self,
        worker: &mut regorus::Engine,
        mut doc: Document,
        select: &dyn Fn(&Policy, &Document) -> bool,
    ) -> Evaluation {
        let selected: Vec<&Arc<PolicyEntry>> = self.policies.iter().filter(|p| select(&p.policy, &doc)).collect();
        let evaluated = selected.iter().map(|p| p.id.clone()).collect();
        if selected.is_empty() {
            return Evaluation { findings: Vec::new(), diagnostics: Vec::new(), evaluated, aggregated: false };
        }
        // Converted once, then shared by every rule.
        let input = regorus::Value::from(std::mem::take(&mut doc.input));
        worker.set_input(input);
        self.evaluate_prepared(worker, doc, selected, evaluated)
    }

    /// Evaluate `selected` one by one on the input already set on `worker`.
    fn evaluate_prepared(
        &self,
        worker: &mut regorus::Engine,
        doc: Document,
        selected: Vec<&Arc<PolicyEntry>>,
        evaluated: Vec<Arc<str>>,
    ) -> Evaluation {
        let mut findings = Vec::new();
        let mut diagnostics = Vec::new();
        for entry in selected {
            match worker.eval_rule(entry.rule_path.clone()) {
                Ok(value) => {
                    let results = match serde_json::to_value(&value) {
                        Ok(Json::Array(items)) => items,
                        Ok(Json::String(s)) if s == "<undefined>" => Vec::new(),
                        other => {
                            diagnostics.push(policy_error(entry, &doc, format!("`deny` must be a set, got {other:?}")));
                            continue;
                        }
                    };
                    self.collect_results(entry, &doc, results, &mut findings, &mut diagnostics);
                }
                Err(e) => {
                    let text = e.to_string();
                    let msg = if text.to_lowercase().contains("time limit") || text.to_lowercase().contains("timed out")
                    {
                        format!("stopped after the evaluation time limit: {text}")
                    } else {
                        format!("evaluation failed: {text}")
                    };
                    diagnostics.push(policy_error(entry, &doc, msg));
                }
            }
        }
        Evaluation { findings, diagnostics, evaluated, aggregated: false }
    }

    fn collect_results(
        &self,
        entry: &PolicyEntry,
        doc: &Document,
        results: Vec<Json>,
        findings: &mut Vec<Finding>,
        diagnostics: &mut Vec<Diagnostic>,
    ) {
        for result in results {
            match self.finding(entry, doc, result) {
                Ok((finding, diag)) => {
                    findings.push(finding);
                    diagnostics.extend(diag);
                }
                Err(msg) => diagnostics.push(policy_error(entry, doc, msg)),
            }
        }
    }

    fn finding(
        &self,
        entry: &PolicyEntry,
        doc: &Document,
        result: Json,
    ) -> Result<(Finding, Option<Diagnostic>), String> {
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
                (msg, entity, path, severity, obj.remove("extra"))
            }
            other => return Err(format!("result must be an object with `msg`, got {other}")),
        };
        let entity = entity.unwrap_or_else(|| doc.root_ref.clone());
        let location = doc
            .source_map
            .locate(&entity, &path)
            .or_else(|| doc.source_map.locate(&doc.root_ref, &[]))
            .ok_or_else(|| format!("result refers to unknown entity {entity:?}"))?;
        let id = entry.id.as_ref();
        let mut diagnostic = None;
        let suppression = if let Some((_, reason)) = doc.annotation_ignores.iter().find(|(r, _)| r == id || r == "*") {
            Some(Suppression { kind: SuppressionKind::Annotation, reason: reason.clone(), expires: None })
        } else if let Some(ig) = doc.ignores_of(&location.file).and_then(|i| i.find(id, &location.anchors)) {
            match &ig.expires {
                Some(exp) if exp.as_str() < self.today.as_str() => {
                    diagnostic = Some(Diagnostic::warning(
                        &location.file,
                        Some(ig.line),
                        format!("rampart:ignore for {id} expired on {exp}; the finding is reported again"),
                    ));
                    None
                }
                _ => Some(Suppression {
                    kind: SuppressionKind::Inline,
                    reason: ig.reason.clone(),
                    expires: ig.expires.clone(),
                }),
            }
        } else {
            None
        };
        let finding = Finding {
            rule_id: entry.id.clone(),
            severity: severity.unwrap_or(entry.policy.meta.severity),
            title: entry.title.clone(),
            message,
            file: location.file.clone(),
            start_line: location.span.start,
            end_line: location.span.end,
            fingerprint: fingerprint(id, &location.file, &entity, &doc.source_map.stable_path(&entity, &path)),
            resource: entity,
            path,
            suppression,
            in_baseline: false,
            extra,
        };
        Ok((finding, diagnostic))
    }
}

/// A module whose `results` object holds, per rule id, that rule's `deny` set, for every rule
/// of `model`, each guarded by its selector's kinds (raw rules select by file name, which the
/// input does not carry: they are evaluated one by one).
fn aggregate_module(model: Model, policies: &[Arc<PolicyEntry>]) -> Option<String> {
    let mut module = format!("package rampart.internal.{}\n\nimport rego.v1\n\n", model.as_str());
    let mut any = false;
    for entry in policies {
        let selectors: Vec<_> = entry.policy.meta.selectors.iter().filter(|s| s.model == model).collect();
        if selectors.is_empty() || !entry.id.chars().all(|c| c.is_ascii_alphanumeric() || c == '-') {
            continue;
        }
        any = true;
        let kinds: Option<Vec<&String>> = if selectors.iter().any(|s| s.kinds.is_empty()) {
            None
        } else {
            Some(selectors.iter().flat_map(|s| s.kinds.iter()).collect())
        };
        match kinds {
            None => module.push_str(&format!("results[\"{}\"] := {}\n\n", entry.id, entry.rule_path)),
            Some(kinds) => {
                let set = kinds.iter().map(|k| format!("{:?}", k)).collect::<Vec<_>>().join(", ");
                module.push_str(&format!(
                    "results[\"{}\"] := {} if {{\n\tinput.kind in {{{set}}}\n}}\n\n",
                    entry.id, entry.rule_path
                ));
            }
        }
    }
    any.then_some(module)
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

fn policy_error(entry: &PolicyEntry, doc: &Document, message: String) -> Diagnostic {
    let mut d = Diagnostic::error(
        &doc.file,
        None,
        format!("rule {} ({}) on {}: {message}", entry.id, entry.policy.source.display, doc.root_ref),
    );
    d.rule = Some(entry.id.to_string());
    d
}
