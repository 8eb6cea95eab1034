//! What a model's engine is compiled from: the libraries its rules reach, and the aggregate
//! module that evaluates all its rules on one document in one query.
//!
//! Shared, through `#[path]`, with build.rs, which compiles the built-in rules to RVM bytecode
//! at build time: the engine uses that bytecode only when it would have compiled the very same
//! sources and aggregate, so both sides must build them with this one code. Plain types only.

use std::sync::LazyLock;

use regex::Regex;

/// The Kubernetes kinds whose pod spec the API puts in a known place (the library's
/// `workload_kinds`). An object of another kind that carries a pod spec where these do (an
/// Argo Rollout, a Knative Service) is selected as the kind it is shaped like: a pod template
/// as a `Deployment`'s, a job template as a `CronJob`'s, containers in its spec as a `Pod`'s.
pub const WORKLOAD_KINDS: &[&str] =
    &["Pod", "Deployment", "StatefulSet", "DaemonSet", "ReplicaSet", "ReplicationController", "Job", "CronJob"];

/// Where a Kubernetes object of `kind` keeps its pod spec (keys from the object's root): where
/// the API puts it for [`WORKLOAD_KINDS`], else where its shape says (see [`shaped_like`]).
/// The Kubernetes library's `pod_spec_path` finds the same.
pub fn pod_spec_path(kind: &str, object: &serde_json::Value) -> Option<&'static [&'static str]> {
    match kind {
        "Pod" => Some(&["spec"]),
        "CronJob" => Some(JOB_TEMPLATE),
        k if WORKLOAD_KINDS.contains(&k) => Some(TEMPLATE),
        _ => by_shape(object).map(|(path, _)| path),
    }
}

/// The workload kind an object of a kind outside [`WORKLOAD_KINDS`] is shaped like, from where
/// it holds a pod spec: a template (`Deployment`), a job template (`CronJob`) or containers in
/// its own spec (`Pod`), as the guards below decide.
pub fn shaped_like(kind: &str, object: &serde_json::Value) -> Option<&'static str> {
    if WORKLOAD_KINDS.contains(&kind) {
        return None;
    }
    by_shape(object).map(|(_, like)| like)
}

const TEMPLATE: &[&str] = &["spec", "template", "spec"];
const JOB_TEMPLATE: &[&str] = &["spec", "jobTemplate", "spec", "template", "spec"];

fn by_shape(object: &serde_json::Value) -> Option<(&'static [&'static str], &'static str)> {
    [(TEMPLATE, "Deployment"), (JOB_TEMPLATE, "CronJob"), (&["spec"][..], "Pod")].into_iter().find(|(path, _)| {
        path.iter()
            .try_fold(object, |v, k| v.get(k))
            .and_then(|spec| spec.get("containers"))
            .is_some_and(|c| c.is_array())
    })
}

/// The Rego of [`shaped_like`], for the aggregate's guards.
const POD_SPEC_GUARD: &str = r#"_kind_in(kinds) if input.kind in kinds

_kind_in(kinds) if {
	not input.kind in _workload_kinds
	_shaped_like in kinds
}

_shaped_like := "Deployment" if is_array(input.spec.template.spec.containers)

_shaped_like := "CronJob" if {
	not is_array(input.spec.template.spec.containers)
	is_array(input.spec.jobTemplate.spec.template.spec.containers)
}

_shaped_like := "Pod" if {
	not is_array(input.spec.template.spec.containers)
	not is_array(input.spec.jobTemplate.spec.template.spec.containers)
	is_array(input.spec.containers)
}

"#;

/// One rule, as the aggregate sees it.
pub struct AggregateRule<'a> {
    pub id: &'a str,
    /// `data.rampart.aws.s3.versioning`
    pub package: &'a str,
    /// The kinds it selects in this model; `None`: every kind.
    pub kinds: Option<Vec<&'a str>>,
}

/// Which of `libraries` (package, text) the rule texts reach through `data.` references,
/// directly or through another library: a Dockerfile scan need not parse the AWS helpers.
/// `data[x]` keeps them all; a bare `data` is taken for prose (it is one in messages and
/// comments far more often than an expression).
pub fn reached_libraries(libraries: &[(&str, &str)], rules: &[&str]) -> Vec<bool> {
    static DATA_REF: LazyLock<Regex> =
        LazyLock::new(|| Regex::new(r"\bdata((?:\.[A-Za-z_][A-Za-z0-9_]*)*)(\[)?").expect("valid regex"));
    let refs = |text: &str| -> Vec<String> {
        DATA_REF
            .captures_iter(text)
            .filter(|c| !c[1].is_empty() || c.get(2).is_some())
            .map(|c| c[1].to_string())
            .collect()
    };
    let mut wanted: Vec<String> = rules.iter().flat_map(|text| refs(text)).collect();
    let mut keep = vec![false; libraries.len()];
    while let Some(r) = wanted.pop() {
        for (i, (package, text)) in libraries.iter().enumerate() {
            // `data.a.b` reaches package `data.a.b.c` (a subtree) and `data.a` (a rule of it).
            let package = package.trim_start_matches("data");
            let reached = package.starts_with(r.as_str()) && package[r.len()..].chars().next().is_none_or(|c| c == '.')
                || r.starts_with(package) && r[package.len()..].chars().next().is_none_or(|c| c == '.');
            if reached && !keep[i] {
                keep[i] = true;
                wanted.extend(refs(text));
            }
        }
    }
    keep
}

/// The module `rampart.internal.MODEL` whose `results` object maps each rule id to its `deny`
/// set, or to null when the rule's kinds leave the document out.
///
/// Rules are reached through package prefixes rather than one `data.` reference each: regorus's
/// interpreter walks every compiled module on each first `data.` reference it meets, so 87
/// references to 96 modules cost a third of a CloudFormation template's evaluation. A prefix
/// (`data.rampart.aws`) evaluates every module under it in one walk, and the rules' sets are
/// then plain lookups in its value. A prefix may hold only these rules, never one of the
/// `foreign` packages (libraries, other modules), and only rules that mostly select the same
/// kinds (a Kubernetes Deployment should not run the RBAC rules); it is guarded by the union of
/// their kinds, each rule's set by its own. `results` is a complete rule with a null default
/// for each entry, which the RVM compiler accepts (it does not take partial object rules).
pub fn module(model: &str, rules: &[AggregateRule], foreign: &[&str]) -> String {
    let components = |package: &str| -> Vec<String> { package.split('.').map(str::to_string).collect() };
    let foreign: Vec<Vec<String>> = foreign.iter().map(|p| components(p)).collect();
    let packages: Vec<Vec<String>> = rules.iter().map(|r| components(r.package)).collect();
    let identifier = |c: &str| {
        c.chars().next().is_some_and(|f| f.is_ascii_alphabetic() || f == '_')
            && c.chars().all(|c| c.is_ascii_alphanumeric() || c == '_')
    };
    // Whether evaluating every rule under `prefix` wastes little: each kind one of them selects
    // is selected by at least half of them (rules that select every kind go together).
    let compact = |prefix: &[String]| -> bool {
        let under: Vec<&Option<Vec<&str>>> =
            rules.iter().zip(&packages).filter(|(_, p)| p.starts_with(prefix)).map(|(r, _)| &r.kinds).collect();
        if under.iter().any(|k| k.is_none()) {
            return under.iter().all(|k| k.is_none());
        }
        let mut kinds: Vec<&str> = under.iter().flat_map(|k| k.iter().flatten().copied()).collect();
        kinds.sort_unstable();
        kinds.dedup();
        kinds
            .iter()
            .all(|kind| 2 * under.iter().filter(|k| k.iter().flatten().any(|x| x == kind)).count() >= under.len())
    };
    // The shortest prefix (below `data`) that no foreign package is under or above.
    let prefix_of = |parts: &[String]| -> Option<usize> {
        if parts.len() < 2 || parts[0] != "data" || !parts.iter().all(|c| identifier(c)) {
            return None;
        }
        (2..=parts.len()).find(|&n| {
            foreign.iter().all(|f| !f.starts_with(&parts[..n]) && !parts[..n].starts_with(f)) && compact(&parts[..n])
        })
    };
    let guard = |kinds: &[&str]| {
        let set = kinds.iter().map(|k| format!("{k:?}")).collect::<Vec<_>>().join(", ");
        format!(" if {{\n\t_kind_in({{{set}}})\n}}")
    };

    let mut prefixes: Vec<(String, Option<Vec<&str>>)> = Vec::new();
    let mut body = String::new();
    let mut entries = String::new();
    for (index, (rule, parts)) in rules.iter().zip(&packages).enumerate() {
        let value = match prefix_of(parts) {
            Some(n) => {
                let prefix = parts[..n].join(".");
                let at = match prefixes.iter().position(|(p, _)| *p == prefix) {
                    Some(at) => at,
                    None => {
                        prefixes.push((prefix, Some(Vec::new())));
                        prefixes.len() - 1
                    }
                };
                // The prefix is needed for the union of its rules' kinds (all, if one has none).
                let union = &mut prefixes[at].1;
                match (union.as_mut(), &rule.kinds) {
                    (Some(union), Some(kinds)) => union.extend(kinds.iter().copied()),
                    _ => *union = None,
                }
                let mut path = format!("_prefix{at}");
                for part in &parts[n..] {
                    path.push('.');
                    path.push_str(part);
                }
                path + ".deny"
            }
            None => format!("{}.deny", rule.package),
        };
        let condition = rule.kinds.as_deref().map(guard).unwrap_or_default();
        body.push_str(&format!("default _rule{index} := null\n\n_rule{index} := {value}{condition}\n\n"));
        entries.push_str(&format!("\t{:?}: _rule{index},\n", rule.id));
    }
    let mut module = format!("package rampart.internal.{model}\n\nimport rego.v1\n\n");
    if rules.iter().any(|r| r.kinds.is_some()) {
        let set = WORKLOAD_KINDS.iter().map(|k| format!("{k:?}")).collect::<Vec<_>>().join(", ");
        module.push_str(&format!("_workload_kinds := {{{set}}}\n\n{POD_SPEC_GUARD}"));
    }
    for (index, (prefix, kinds)) in prefixes.iter_mut().enumerate() {
        let condition = match kinds {
            Some(kinds) => {
                kinds.sort_unstable();
                kinds.dedup();
                guard(kinds)
            }
            None => String::new(),
        };
        module.push_str(&format!("_prefix{index} := {prefix}{condition}\n\n"));
    }
    module.push_str(&body);
    module.push_str("results := {\n");
    module.push_str(&entries);
    module.push_str("}\n");
    module
}
