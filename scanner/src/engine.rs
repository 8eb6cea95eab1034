//! The policy engine: regorus engines, one per input model, compiled at most once per process
//! and cloned per worker.
//!
//! Compiling and preparing policies costs milliseconds; evaluating one costs microseconds. A
//! model's rules (with the shared libraries) are compiled into their own engine the first time
//! a document of that model needs them, so a Dockerfile scanned alone never pays for the 85
//! AWS rules, and two models compile on two cores at once. Each rayon worker clones the engine
//! it needs, each document is converted to a regorus value once and evaluated only by the
//! rules whose selector matches it, and each result becomes a located, fingerprinted
//! Finding ([`Finding::from_result`]); waivers are decided later, in one step
//! ([`crate::suppress::apply`]).
//!
//! A document's rules run together in one aggregate query, as regorus RVM bytecode where it
//! can: two to three times faster than the tree interpreter. The built-in rules' bytecode is
//! compiled by build.rs, so a scan of them compiles nothing; other rules' is compiled when a
//! scan is large enough to repay it. The interpreter runs the rest (small scans with custom
//! rules, anything the VM cannot compile) and re-runs a failed document rule by rule, which
//! names the rule that failed.

use std::collections::{BTreeMap, HashMap, HashSet};
use std::num::NonZeroU32;
use std::sync::{Arc, OnceLock, PoisonError, RwLock, RwLockReadGuard, RwLockWriteGuard};
use std::time::Duration;

use rayon::prelude::*;
use regorus::languages::rego::compiler::Compiler;
use regorus::rvm::program::{DeserializationResult, Program};
use regorus::rvm::vm::RegoVM;
use regorus::utils::limits::ExecutionTimerConfig;
use serde_json::Value as Json;

use crate::diagnostic::Diagnostic;
use crate::document::{Document, Model};
use crate::finding::{Finding, RuleRef};
use crate::policy::aggregate::{self, AggregateRule};
use crate::policy::{Policy, PolicySet, Source};

/// The fewest documents for which a scan compiles its rules to RVM bytecode.
pub const VM_MIN_DOCUMENTS: usize = 8;

/// Default cap on one rule's evaluation of one document.
pub const DEFAULT_POLICY_TIMEOUT: Duration = Duration::from_secs(10);

/// Default memory bound, in MiB, past which an evaluation stops (see [`set_memory_limit`]).
pub const DEFAULT_MAX_MEMORY_MIB: u64 = 4096;

/// Bound the memory evaluations may bring the process to: past `mib` MiB allocated (by the
/// whole process, regorus's allocator counts every allocation), a rule's evaluation stops with
/// a diagnostic instead of growing until the runner kills the scan without a report. A time
/// limit alone does not do it: a comprehension over `numbers.range(1, 1e10)` takes all memory
/// long before any time limit. 0 lifts the bound. The bound is process-wide, so set once.
pub fn set_memory_limit(mib: u64) {
    regorus::set_global_memory_limit((mib > 0).then(|| mib.saturating_mul(1024 * 1024)));
}

/// Every evaluation holds this shared. The memory bound counts the whole process, so a rule
/// that takes all memory on one thread also stops whatever other threads evaluate at that
/// moment; an evaluation stopped at the bound is retried holding it alone, when only its own
/// allocations count. The culprit fails again, the others pass: the report does not depend on
/// timing or on the number of threads.
static EVALUATING: RwLock<()> = RwLock::new(());

fn shared() -> RwLockReadGuard<'static, ()> {
    EVALUATING.read().unwrap_or_else(PoisonError::into_inner)
}

fn alone() -> RwLockWriteGuard<'static, ()> {
    EVALUATING.write().unwrap_or_else(PoisonError::into_inner)
}

fn is_memory_limit(err: &anyhow::Error) -> bool {
    err.downcast_ref::<regorus::LimitError>()
        .is_some_and(|e| matches!(e, regorus::LimitError::MemoryLimitExceeded { .. }))
        || err.to_string().contains("exceeded memory limit")
}

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
    policies: Vec<Arc<PolicyEntry>>,
    /// Each model's rules, in one part, or in several after [`Engine::split`].
    models: BTreeMap<Model, Vec<ModelEngine>>,
    libraries: Arc<[(Source, String)]>,
    timeout: Duration,
    /// Whether aggregates run as RVM bytecode (see [`Engine::use_vm`]).
    vm: Bytecode,
    /// Today (`YYYY-MM-DD`, `RAMPART_TODAY` overrides it), given to cloud documents as
    /// `input.__today`: rules that depend on the calendar (runtime deprecations) read it there,
    /// never the clock, so a test can pin it.
    today: Option<String>,
}

struct PolicyEntry {
    policy: Policy,
    rule_path: String,
    id: Arc<str>,
    title: Arc<str>,
}

/// Some or all of one model's rules, and the engine compiled from them on first use.
struct ModelEngine {
    model: Model,
    /// The ids of its rules.
    ids: HashSet<Arc<str>>,
    /// Its rules' files.
    rules: Vec<(Source, String)>,
    /// Every library; the ones the rules reach are compiled with them.
    libraries: Arc<[(Source, String)]>,
    /// The module that evaluates all its rules in one query (none for raw rules).
    aggregate: Option<String>,
    timeout: Duration,
    compiled: OnceLock<Result<regorus::Engine, String>>,
    /// The aggregate as RVM bytecode, compiled when a scan is large enough to repay it.
    program: OnceLock<Option<Arc<Program>>>,
}

impl ModelEngine {
    fn new(model: Model, rules: &[Arc<PolicyEntry>], libraries: &Arc<[(Source, String)]>, timeout: Duration) -> Self {
        ModelEngine {
            model,
            ids: rules.iter().map(|e| e.id.clone()).collect(),
            rules: rules.iter().map(|e| (e.policy.source.clone(), e.policy.package.clone())).collect(),
            libraries: libraries.clone(),
            aggregate: aggregate_module(model, rules, libraries),
            timeout,
            compiled: OnceLock::new(),
            program: OnceLock::new(),
        }
    }

    fn timer(&self) -> ExecutionTimerConfig {
        ExecutionTimerConfig { limit: self.timeout, check_interval: NonZeroU32::new(64).expect("non-zero") }
    }

    fn aggregate_query(&self) -> String {
        format!("data.rampart.internal.{}.results", self.model.as_str())
    }

    /// The aggregate as RVM bytecode under `mode`: the built-in rules' from build time when
    /// these are exactly they, else (with [`Bytecode::Compile`]) compiled now. None when the VM
    /// cannot compile it (a custom policy may use what it does not support yet): the
    /// interpreter then runs it. Decided once, by the first call.
    fn program(&self, mode: Bytecode) -> Option<&Arc<Program>> {
        if mode == Bytecode::Off {
            return None;
        }
        self.program
            .get_or_init(|| {
                self.builtin_program().or_else(|| {
                    if mode != Bytecode::Compile {
                        return None;
                    }
                    let engine = self.get().as_ref().ok()?;
                    let entry: regorus::Rc<str> = self.aggregate_query().into();
                    let policy = engine.clone().compile_with_entrypoint(&entry).ok()?;
                    Compiler::compile_from_policy(&policy, &[entry.as_ref()]).ok()
                })
            })
            .as_ref()
    }

    /// The build-time bytecode entry for this model, when this part has only built-in rules
    /// and libraries: [`ModelEngine::builtin_program`] may then apply (found without loading it).
    fn builtin_entry(&self) -> Option<&'static crate::policy::BytecodeEntry> {
        if self.has_custom() {
            return None;
        }
        crate::policy::BYTECODE.iter().find(|(m, ..)| *m == self.model.as_str())
    }

    /// The bytecode build.rs compiled from the built-in rules, if this part would compile the
    /// same sources and the same aggregate.
    fn builtin_program(&self) -> Option<Arc<Program>> {
        let aggregate = self.aggregate.as_ref()?;
        let (_, module, sources, bytes) = self.builtin_entry()?;
        let compiled = with_referenced_libraries(&self.libraries, &self.rules);
        if module != aggregate
            || compiled.len() != sources.len()
            || compiled.iter().zip(sources.iter()).any(|((s, _), name)| s.display != *name)
        {
            return None;
        }
        match Program::deserialize_binary(bytes).ok()? {
            DeserializationResult::Complete(program) => Some(Arc::new(program)),
            DeserializationResult::Partial(_) => None,
        }
    }

    fn get(&self) -> &Result<regorus::Engine, String> {
        self.compiled.get_or_init(|| self.compile().map_err(|e| format!("{e:#}")))
    }

    /// Whether a custom policy (rule or library) is among its files.
    fn has_custom(&self) -> bool {
        self.rules.iter().chain(self.libraries.iter()).any(|(s, _)| !s.builtin)
    }

    /// Compiled on the thread that first needs it, with only the libraries the rules reach
    /// (found here rather than up front, so models no file needs cost nothing).
    fn compile(&self) -> anyhow::Result<regorus::Engine> {
        let mut engine = crate::policy::compile(&with_referenced_libraries(&self.libraries, &self.rules))?;
        engine.set_execution_timer_config(self.timer());
        if let Some(module) = &self.aggregate {
            engine
                .add_policy(format!("rampart-internal-{}.rego", self.model.as_str()), module.clone())
                .map_err(|e| anyhow::anyhow!("building the {} aggregate: {e}", self.model.as_str()))?;
        }
        // Prepare once, so that every clone starts ready to evaluate. A no-op rule of our own
        // triggers it: no user rule may run (or time out) before it has a document.
        engine
            .add_policy("rampart-internal.rego".into(), "package rampart.internal\n\nready := true\n".into())
            .map_err(|e| anyhow::anyhow!("preparing policies: {e}"))?;
        engine.set_input(regorus::Value::new_object());
        engine
            .eval_rule("data.rampart.internal.ready".into())
            .map_err(|e| anyhow::anyhow!("preparing policies: {e}"))?;
        Ok(engine)
    }
}

/// The libraries that `rules` reach (see [`aggregate::reached_libraries`]), then the rules.
fn with_referenced_libraries(libs: &[(Source, String)], rules: &[(Source, String)]) -> Vec<(Source, String)> {
    let packages: Vec<(&str, &str)> = libs.iter().map(|(s, p)| (p.as_str(), s.text.as_ref())).collect();
    let texts: Vec<&str> = rules.iter().map(|(s, _)| s.text.as_ref()).collect();
    let keep = aggregate::reached_libraries(&packages, &texts);
    let mut kept: Vec<(Source, String)> = libs.iter().zip(&keep).filter(|(_, k)| **k).map(|(s, _)| s.clone()).collect();
    kept.extend_from_slice(rules);
    kept
}

/// One thread's evaluators: a clone of each model part's engine, taken when first needed.
#[derive(Default)]
pub struct Worker {
    engines: HashMap<(Model, usize), Evaluator>,
}

/// A model part's VM when the scan runs its aggregate as bytecode, and its interpreter,
/// cloned when first needed (always without a VM; with one, only to re-run a failed document).
struct Evaluator {
    engine: Option<regorus::Engine>,
    vm: Option<RegoVM>,
}

impl Evaluator {
    fn engine(&mut self, part: &ModelEngine) -> Result<&mut regorus::Engine, String> {
        if self.engine.is_none() {
            let compiled =
                part.get().as_ref().map_err(|e| format!("the {} rules did not compile: {e}", part.model.as_str()))?;
            self.engine = Some(compiled.clone());
        }
        Ok(self.engine.as_mut().expect("set above"))
    }
}

/// Whether and how documents are evaluated as RVM bytecode (see [`Engine::use_vm`]).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum Bytecode {
    /// The interpreter only.
    #[default]
    Off,
    /// The built-in rules' bytecode, compiled at build time, when the rules are exactly those.
    Builtin,
    /// That, or bytecode compiled at run time for any other rules.
    Compile,
}

impl Engine {
    /// Build from loaded policies, keeping only the rules `keep` accepts. Models whose rules
    /// include a custom policy are compiled now, so that its mistakes stop the run before it
    /// starts; the built-in ones when first needed.
    pub fn new(set: PolicySet, keep: impl Fn(&Policy) -> bool, timeout: Duration) -> anyhow::Result<Engine> {
        // Files without METADATA are libraries (tests are not evaluated here).
        let rule_files: HashSet<String> = set.policies.iter().map(|p| p.source.display.clone()).collect();
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
        let libraries: Arc<[(Source, String)]> = set
            .sources
            .iter()
            .filter(|(s, _)| !s.is_test() && !rule_files.contains(s.display.as_str()))
            .cloned()
            .collect();
        let today = crate::date::Date::today().ok().map(|d| d.to_string());
        let mut engine = Engine { policies, models: BTreeMap::new(), libraries, timeout, vm: Bytecode::Off, today };
        for (model, rules) in engine.rules_by_model() {
            let part = ModelEngine::new(model, &rules, &engine.libraries, timeout);
            if part.has_custom() {
                if let Err(e) = part.get() {
                    anyhow::bail!("{e}");
                }
            }
            engine.models.insert(model, vec![part]);
        }
        Ok(engine)
    }

    fn rules_by_model(&self) -> BTreeMap<Model, Vec<Arc<PolicyEntry>>> {
        let mut by_model: BTreeMap<Model, Vec<Arc<PolicyEntry>>> = BTreeMap::new();
        for entry in &self.policies {
            let mut models: Vec<Model> = entry.policy.meta.selectors.iter().map(|s| s.model).collect();
            models.dedup();
            for model in models {
                let rules = by_model.entry(model).or_default();
                if !rules.iter().any(|r| Arc::ptr_eq(r, entry)) {
                    rules.push(entry.clone());
                }
            }
        }
        by_model
    }

    /// Split each model's rules into `parts` engines, compiled and evaluated side by side.
    ///
    /// For a scan of fewer files than cores (the pre-commit case) compiling a model's rules is
    /// most of the run and would keep one core busy while the others wait; in parts, every
    /// core compiles some. A document then runs one query per part, which repeats the shared
    /// helpers, so large scans keep one part. Models already compiled (custom policies), models
    /// that run the built-in bytecode (nothing to compile) and raw rules, which are evaluated
    /// one by one, stay whole. Rules are dealt out largest source first to the lightest part,
    /// so the parts take about the same time to compile.
    pub fn split(&mut self, parts: usize) {
        for (model, rules) in self.rules_by_model() {
            let current = &self.models[&model];
            if parts <= 1
                || rules.len() < 2
                || current[0].aggregate.is_none()
                || (self.vm != Bytecode::Off && current[0].builtin_entry().is_some())
                || current.iter().any(|p| p.compiled.get().is_some())
            {
                continue;
            }
            let mut order: Vec<&Arc<PolicyEntry>> = rules.iter().collect();
            order.sort_by_key(|e| std::cmp::Reverse(e.policy.source.text.len()));
            let mut bins: Vec<(usize, Vec<Arc<PolicyEntry>>)> = vec![(0, Vec::new()); parts.min(rules.len())];
            for entry in order {
                let lightest = bins.iter_mut().min_by_key(|(size, _)| *size).expect("at least one part");
                lightest.0 += entry.policy.source.text.len();
                lightest.1.push(entry.clone());
            }
            let split =
                bins.iter().map(|(_, rules)| ModelEngine::new(model, rules, &self.libraries, self.timeout)).collect();
            self.models.insert(model, split);
        }
    }

    /// Run each document's aggregate as regorus RVM bytecode rather than through its tree
    /// interpreter, which evaluates a document two to three times faster. The built-in rules'
    /// bytecode is compiled at build time; compiling other rules' (custom, or a `--rule`
    /// selection) costs about as much as compiling them for the interpreter again (5–15 ms a
    /// model), which only scans of at least [`VM_MIN_DOCUMENTS`] repay. A document whose
    /// bytecode fails (an error, the time limit) is evaluated again rule by rule by the
    /// interpreter, compiled then if need be, which says what failed. Set before [`Engine::split`]
    /// and before the first evaluation.
    pub fn use_vm(&mut self, mode: Bytecode) {
        self.vm = mode;
    }

    /// Whether every part of `model`'s rules compiles to RVM bytecode (compiling it if needed).
    pub fn compiles_to_vm(&self, model: Model) -> bool {
        self.models.get(&model).is_some_and(|parts| parts.iter().all(|p| p.program(Bytecode::Compile).is_some()))
    }

    /// Whether `model`'s rules run the bytecode compiled at build time.
    pub fn runs_builtin_bytecode(&self, model: Model) -> bool {
        self.models.get(&model).is_some_and(|parts| parts.iter().all(|p| p.builtin_program().is_some()))
    }

    /// Compile the rules of `model` now (from a thread that would otherwise wait), so that the
    /// workers find them ready; the parts of a split model on a thread each. Errors surface
    /// when a document needs the model.
    pub fn prepare(&self, model: Model) {
        let Some(parts) = self.models.get(&model) else { return };
        let compile = &|part: &ModelEngine| {
            if part.program(self.vm).is_none() {
                let _ = part.get();
            }
        };
        std::thread::scope(|scope| {
            for part in &parts[1..] {
                scope.spawn(move || compile(part));
            }
            compile(&parts[0]);
        });
    }

    /// Compile every model's rules now and say which failed (`rampart test`, the tests).
    pub fn compile_all(&self) -> anyhow::Result<()> {
        for part in self.models.values().flatten() {
            if let Err(e) = part.get() {
                anyhow::bail!("{e}");
            }
        }
        Ok(())
    }

    /// The evaluators of `model`'s parts for this worker, cloned from the compiled engines on
    /// first use and handed back with [`Engine::give_back`].
    fn take_evaluators(&self, worker: &mut Worker, model: Model) -> Result<Vec<(usize, Evaluator)>, String> {
        let parts = self.models.get(&model).ok_or_else(|| format!("no rule reads the {} model", model.as_str()))?;
        let mut engines = Vec::with_capacity(parts.len());
        for (index, part) in parts.iter().enumerate() {
            let evaluator = match worker.engines.remove(&(model, index)) {
                Some(evaluator) => evaluator,
                None => {
                    let vm = part.program(self.vm).map(|program| {
                        let mut vm = RegoVM::new();
                        vm.load_program(program.clone());
                        // The time limit bounds it, as it does the interpreter.
                        vm.set_max_instructions(usize::MAX);
                        vm.set_execution_timer_config(Some(part.timer()));
                        vm
                    });
                    let mut evaluator = Evaluator { engine: None, vm };
                    if evaluator.vm.is_none() {
                        evaluator.engine(part)?;
                    }
                    evaluator
                }
            };
            engines.push((index, evaluator));
        }
        Ok(engines)
    }

    fn give_back(worker: &mut Worker, model: Model, engines: Vec<(usize, Evaluator)>) {
        worker.engines.extend(engines.into_iter().map(|(index, evaluator)| ((model, index), evaluator)));
    }

    pub fn policies(&self) -> impl Iterator<Item = &Policy> {
        self.policies.iter().map(|p| &p.policy)
    }

    /// How many parts `model`'s rules are compiled in (0: no rule reads it).
    pub fn parts(&self, model: Model) -> usize {
        self.models.get(&model).map_or(0, Vec::len)
    }

    /// Whether any active rule reads `model`.
    pub fn wants(&self, model: Model) -> bool {
        self.models.contains_key(&model)
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

    /// A fresh set of evaluators for one worker thread.
    pub fn worker(&self) -> Worker {
        Worker::default()
    }

    /// Evaluate every selected rule on `doc`.
    pub fn evaluate(&self, worker: &mut Worker, mut doc: Document) -> Evaluation {
        self.date(&mut doc);
        let aggregated = self.models.get(&doc.model).is_some_and(|parts| parts[0].aggregate.is_some());
        if !aggregated {
            return self.evaluate_with(worker, doc, &|p, doc| p.selects(doc));
        }
        let selected: Vec<&Arc<PolicyEntry>> = self.policies.iter().filter(|p| p.policy.selects(&doc)).collect();
        let evaluated: Vec<Arc<str>> = selected.iter().map(|p| p.id.clone()).collect();
        if selected.is_empty() {
            return Evaluation { findings: Vec::new(), diagnostics: Vec::new(), evaluated, aggregated: true };
        }
        let parts = &self.models[&doc.model];
        let mut engines = match self.take_evaluators(worker, doc.model) {
            Ok(engines) => engines,
            Err(msg) => return not_compiled(&doc, msg),
        };
        // One evaluation per part for all the document's rules, so shared helpers (the
        // containers of a workload, the stages of a Dockerfile) are computed once, not once per
        // rule; the parts of a split model side by side.
        let input = regorus::Value::from(std::mem::take(&mut doc.input));
        let outcomes: Vec<Option<serde_json::Map<String, Json>>> = engines
            .par_iter_mut()
            .map(|(index, evaluator)| {
                let _evaluating = shared();
                if let Some(vm) = &mut evaluator.vm {
                    return run_vm(vm, &input);
                }
                let engine = evaluator.engine.as_mut().expect("an interpreter where there is no VM");
                engine.set_input(input.clone());
                match engine.eval_query(parts[*index].aggregate_query(), false) {
                    Ok(r) => match r.result.first().and_then(|r| r.expressions.first()) {
                        Some(e) => match serde_json::to_value(&e.value) {
                            Ok(Json::Object(map)) => Some(map),
                            _ => None,
                        },
                        // Undefined: no rule produced anything.
                        None => Some(Default::default()),
                    },
                    Err(_) => None,
                }
            })
            .collect();
        let mut findings = Vec::new();
        let mut diagnostics = Vec::new();
        let mut all_aggregated = true;
        for ((index, evaluator), outcome) in engines.iter_mut().zip(outcomes) {
            let part = &parts[*index];
            let mine: Vec<&Arc<PolicyEntry>> = selected.iter().copied().filter(|e| part.ids.contains(&e.id)).collect();
            let Some(mut results) = outcome else {
                // Something failed: evaluate the part's rules one by one to say which one.
                all_aggregated = false;
                let engine = match evaluator.engine(part) {
                    Ok(engine) => engine,
                    Err(msg) => {
                        diagnostics.extend(not_compiled(&doc, msg).diagnostics);
                        continue;
                    }
                };
                engine.set_input(input.clone());
                self.evaluate_prepared(engine, &doc, mine, &mut findings, &mut diagnostics);
                continue;
            };
            for entry in mine {
                let items = match results.remove(entry.id.as_ref()) {
                    Some(Json::Array(items)) => items,
                    // Not selected by the kind guard.
                    None | Some(Json::Null) => Vec::new(),
                    Some(other) => {
                        diagnostics.push(policy_error(entry, &doc, format!("`deny` must be a set, got {other}")));
                        continue;
                    }
                };
                self.collect_results(entry, &doc, items, &mut findings, &mut diagnostics);
            }
        }
        Self::give_back(worker, doc.model, engines);
        Evaluation { findings, diagnostics, evaluated, aggregated: all_aggregated }
    }

    /// Give a cloud document today's date, unless it already has one (a test case's).
    fn date(&self, doc: &mut Document) {
        if doc.model != Model::Cloud {
            return;
        }
        if let (Some(today), Some(input)) = (&self.today, doc.input.as_object_mut()) {
            input.entry("__today").or_insert_with(|| Json::String(today.clone()));
        }
    }

    /// Evaluate the rules that `select` picks for `doc`, one by one.
    pub fn evaluate_with(
        &self,
        worker: &mut Worker,
        mut doc: Document,
        select: &dyn Fn(&Policy, &Document) -> bool,
    ) -> Evaluation {
        self.date(&mut doc);
        let selected: Vec<&Arc<PolicyEntry>> = self.policies.iter().filter(|p| select(&p.policy, &doc)).collect();
        let evaluated = selected.iter().map(|p| p.id.clone()).collect();
        if selected.is_empty() {
            return Evaluation { findings: Vec::new(), diagnostics: Vec::new(), evaluated, aggregated: false };
        }
        let mut engines = match self.take_evaluators(worker, doc.model) {
            Ok(engines) => engines,
            Err(msg) => return not_compiled(&doc, msg),
        };
        // Converted once, then shared by every rule.
        let input = regorus::Value::from(std::mem::take(&mut doc.input));
        let parts = &self.models[&doc.model];
        let mut findings = Vec::new();
        let mut diagnostics = Vec::new();
        for (index, evaluator) in &mut engines {
            let mine: Vec<&Arc<PolicyEntry>> =
                selected.iter().copied().filter(|e| parts[*index].ids.contains(&e.id)).collect();
            if !mine.is_empty() {
                let engine = match evaluator.engine(&parts[*index]) {
                    Ok(engine) => engine,
                    Err(msg) => {
                        diagnostics.extend(not_compiled(&doc, msg).diagnostics);
                        continue;
                    }
                };
                engine.set_input(input.clone());
                self.evaluate_prepared(engine, &doc, mine, &mut findings, &mut diagnostics);
            }
        }
        Self::give_back(worker, doc.model, engines);
        Evaluation { findings, diagnostics, evaluated, aggregated: false }
    }

    /// Evaluate `selected` one by one on the input already set on `worker`.
    fn evaluate_prepared(
        &self,
        worker: &mut regorus::Engine,
        doc: &Document,
        selected: Vec<&Arc<PolicyEntry>>,
        findings: &mut Vec<Finding>,
        diagnostics: &mut Vec<Diagnostic>,
    ) {
        for entry in selected {
            let outcome = {
                let _evaluating = shared();
                worker.eval_rule(entry.rule_path.clone())
            };
            let outcome = match outcome {
                Err(e) if is_memory_limit(&e) => {
                    let _alone = alone();
                    worker.eval_rule(entry.rule_path.clone())
                }
                other => other,
            };
            match outcome {
                Ok(value) => {
                    let results = match serde_json::to_value(&value) {
                        Ok(Json::Array(items)) => items,
                        Ok(Json::String(s)) if s == "<undefined>" => Vec::new(),
                        other => {
                            diagnostics.push(policy_error(entry, doc, format!("`deny` must be a set, got {other:?}")));
                            continue;
                        }
                    };
                    self.collect_results(entry, doc, results, findings, diagnostics);
                }
                Err(e) => {
                    let text = e.to_string();
                    let lower = text.to_lowercase();
                    let msg = if lower.contains("time limit") || lower.contains("timed out") {
                        format!("stopped after the evaluation time limit: {text}")
                    } else if is_memory_limit(&e) {
                        // Not regorus's text: the usage it quotes differs from run to run.
                        let mib = regorus::global_memory_limit().unwrap_or(0) / (1024 * 1024);
                        format!("stopped at the evaluation memory limit of {mib} MiB (raise it with --max-memory)")
                    } else {
                        format!("evaluation failed: {text}")
                    };
                    diagnostics.push(policy_error(entry, doc, msg));
                }
            }
        }
    }
    fn collect_results(
        &self,
        entry: &PolicyEntry,
        doc: &Document,
        results: Vec<Json>,
        findings: &mut Vec<Finding>,
        diagnostics: &mut Vec<Diagnostic>,
    ) {
        let rule = RuleRef { id: &entry.id, title: &entry.title, severity: entry.policy.meta.severity };
        for result in results {
            match Finding::from_result(&rule, doc, &doc.annotation_ignores, result) {
                Ok(finding) => findings.push(finding),
                Err(msg) => diagnostics.push(policy_error(entry, doc, msg)),
            }
        }
    }
}

/// The aggregate of `rules` in `model` (see [`aggregate::module`]); none without any rule.
fn aggregate_module(model: Model, rules: &[Arc<PolicyEntry>], libraries: &[(Source, String)]) -> Option<String> {
    let mut aggregated = Vec::new();
    let mut foreign: Vec<&str> = libraries.iter().map(|(_, package)| package.as_str()).collect();
    foreign.push("data.rampart.internal");
    for entry in rules {
        let selectors: Vec<_> = entry.policy.meta.selectors.iter().filter(|s| s.model == model).collect();
        if selectors.is_empty() || !entry.id.chars().all(|c| c.is_ascii_alphanumeric() || c == '-') {
            foreign.push(&entry.policy.package);
            continue;
        }
        let kinds = if selectors.iter().any(|s| s.kinds.is_empty()) {
            None
        } else {
            Some(selectors.iter().flat_map(|s| s.kinds.iter().map(String::as_str)).collect())
        };
        aggregated.push(AggregateRule { id: &entry.id, package: &entry.policy.package, kinds });
    }
    (!aggregated.is_empty()).then(|| aggregate::module(model.as_str(), &aggregated, &foreign))
}

/// One document's aggregate on the VM: each rule id to its `deny` set (null when the kind
/// guard left it out), or none when it failed.
fn run_vm(vm: &mut RegoVM, input: &regorus::Value) -> Option<serde_json::Map<String, Json>> {
    vm.set_input(input.clone());
    match serde_json::to_value(vm.execute().ok()?) {
        Ok(Json::Object(map)) => Some(map),
        _ => None,
    }
}

/// A document whose model's rules could not be compiled (only custom policies can fail, and
/// those are compiled before the scan starts: this is a safety net).
fn not_compiled(doc: &Document, message: String) -> Evaluation {
    Evaluation {
        findings: Vec::new(),
        diagnostics: vec![Diagnostic::error(&doc.file, None, format!("{}: {message}", doc.root_ref))],
        evaluated: Vec::new(),
        aggregated: false,
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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::policy::{builtin_sources, load};

    #[test]
    fn every_models_builtin_rules_compile_on_their_own() {
        let engine = Engine::new(load(builtin_sources(), false).unwrap(), |_| true, DEFAULT_POLICY_TIMEOUT).unwrap();
        let models: Vec<Model> = engine.models.keys().copied().collect();
        assert!(models.len() >= 5, "{models:?}");
        engine.compile_all().unwrap();
    }

    fn source(rel: &str, text: &str) -> (Source, String) {
        let package = text.lines().find_map(|l| l.strip_prefix("package ")).expect("a package line");
        let source = Source { rel: rel.into(), display: rel.into(), text: Arc::from(text), builtin: false };
        (source, format!("data.{package}"))
    }

    #[test]
    fn a_model_compiles_only_the_libraries_its_rules_reach() {
        let libs = vec![
            source("lib/a.rego", "package lib.a\n\nimport data.lib.b\n\nx := b.y\n"),
            source("lib/b.rego", "package lib.b\n\n# metadata.namespace, the data at rest\ny := 1\n"),
            source("lib/c.rego", "package lib.c\n\nz := 2\n"),
            source("lib/d/e.rego", "package lib.d.e\n\nw := 3\n"),
        ];
        let kept = |rule: &str| -> Vec<String> {
            with_referenced_libraries(&libs, &[source("rule.rego", rule)]).into_iter().map(|(s, _)| s.rel).collect()
        };
        // Through another library; a message that says "data" reaches nothing.
        assert_eq!(
            kept("package r\n\nimport data.lib.a\n\nmsg := \"data at rest\"\n"),
            ["lib/a.rego", "lib/b.rego", "rule.rego"]
        );
        // A reference to a rule of a package, and to a subtree.
        assert_eq!(kept("package r\n\nv := data.lib.c.z\n"), ["lib/c.rego", "rule.rego"]);
        assert_eq!(kept("package r\n\nv := data.lib.d\n"), ["lib/d/e.rego", "rule.rego"]);
        // `lib.c` is not `lib.cd`.
        assert_eq!(kept("package r\n\nv := data.lib.cd\n"), ["rule.rego"]);
        // What cannot be pinned down keeps everything.
        assert_eq!(kept("package r\n\nv := data[x]\n").len(), 5);
    }

    #[test]
    fn the_builtin_rules_run_the_bytecode_build_rs_compiled() {
        let engine = Engine::new(load(builtin_sources(), false).unwrap(), |_| true, DEFAULT_POLICY_TIMEOUT).unwrap();
        for (model, parts) in &engine.models {
            let part = &parts[0];
            let Some((_, module, sources, _)) = crate::policy::BYTECODE.iter().find(|(m, ..)| *m == model.as_str())
            else {
                panic!("no bytecode for {model:?}");
            };
            // Said in detail, for whoever changes one side and not the other.
            assert_eq!(part.aggregate.as_deref(), Some(*module), "{model:?}: the aggregates differ");
            let compiled: Vec<String> = with_referenced_libraries(&part.libraries, &part.rules)
                .iter()
                .map(|(s, _)| s.display.clone())
                .collect();
            assert_eq!(compiled, *sources, "{model:?}: the sources differ");
            assert!(part.builtin_program().is_some(), "{model:?}: the bytecode does not load");
        }
    }

    #[test]
    fn aggregates_reach_rules_through_prefixes_that_hold_only_them() {
        let engine = Engine::new(load(builtin_sources(), false).unwrap(), |_| true, DEFAULT_POLICY_TIMEOUT).unwrap();
        let aggregate = |model: Model| engine.models[&model][0].aggregate.clone().unwrap();
        // Every AWS rule lives under `rampart.aws`, and no library does: one walk for all.
        let cloud = aggregate(Model::Cloud);
        assert!(cloud.contains("_prefix0 := data.rampart.aws\n"), "{cloud}");
        assert!(!cloud.contains("_prefix1 "), "{cloud}");
        assert!(!cloud.contains("data.rampart.lib"), "{cloud}");
        // Workload rules go together, guarded by their kinds; RBAC rules are not run on them.
        let k8s = aggregate(Model::Kubernetes);
        let pod = k8s.lines().find(|l| l.contains(":= data.rampart.kubernetes.pod if")).expect(&k8s);
        assert!(!k8s.contains(":= data.rampart.kubernetes if"), "{k8s}");
        let guard = k8s.split(pod).nth(1).unwrap().lines().nth(1).unwrap();
        assert!(guard.contains("\"Deployment\"") && !guard.contains("\"Role\""), "{guard}");
        // A rule's set is a lookup in its prefix's value, defaulting to null when unselected.
        assert!(k8s.contains("default _rule0 := null"), "{k8s}");
    }

    #[test]
    fn a_custom_policy_that_does_not_compile_fails_before_the_scan() {
        let mut sources = builtin_sources();
        sources.push(Source {
            rel: "custom/bad.rego".into(),
            display: "custom/bad.rego".into(),
            text: Arc::from(
                concat!(
                    "# METADATA\n# title: Bad\n# description: Bad.\n# scope: package\n# custom:\n#   id: CUSTOM-001\n#   severity: LOW\n",
                    "#   recommended_action: None.\n#   input:\n#     selector:\n#       - type: dockerfile\n",
                    "package custom.bad\n\nimport rego.v1\n\ndeny contains msg if {\n\tmsg := \n}\n",
                ),
            ),
            builtin: false,
        });
        let err = Engine::new(load(sources, false).unwrap(), |_| true, DEFAULT_POLICY_TIMEOUT).err().expect("an error");
        assert!(format!("{err:#}").contains("custom/bad.rego"), "{err:#}");
    }
}
