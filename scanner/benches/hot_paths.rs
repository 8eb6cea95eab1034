//! Micro-benchmarks of the scan's hot paths, on the bundled sample: parsing (YAML, HCL,
//! CloudFormation, Dockerfile), the Terraform module evaluation with its cloud adapters, the
//! Kustomize build of an overlay beside the evaluation of what it builds, policy loading and
//! compilation, and policy evaluation per document. `cargo bench` runs them;
//! `bench/compare.sh` and `bench/scale.sh` measure whole scans against the peers.

use std::path::{Path, PathBuf};
use std::sync::Arc;

use criterion::{criterion_group, criterion_main, BatchSize, Criterion, Throughput};
use rampart::collect::{self, FileKind};
use rampart::document::{Document, Model};
use rampart::engine::{Bytecode, Engine, DEFAULT_POLICY_TIMEOUT};
use rampart::policy;

fn sample(rel: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("fixtures/sample").join(rel)
}

fn read(rel: &str) -> (Arc<str>, String) {
    (Arc::from(rel), std::fs::read_to_string(sample(rel)).expect("sample file"))
}

fn docs(rel: &str, kind: FileKind) -> Vec<Document> {
    let (name, text) = read(rel);
    rampart::pipeline::iac::collect_text(&name, kind, &text, &collect::Options::default()).docs
}

fn terraform_docs() -> Vec<Document> {
    let dir = sample("terraform");
    let base = dir.parent().expect("parent").to_path_buf();
    let first: Arc<str> = Arc::from("terraform/compute.tf");
    let opts = collect::Options::default();
    rampart::pipeline::iac::documents(collect::collect_module(&dir, &base, &first, "terraform", &opts), opts.models)
        .docs
}

fn parsing(c: &mut Criterion) {
    let mut group = c.benchmark_group("parse");
    let (_, manifest) = read("k8s/web.yaml");
    group.throughput(Throughput::Bytes(manifest.len() as u64));
    group.bench_function("yaml k8s/web.yaml", |b| b.iter(|| rampart::yaml::parse(&manifest).expect("valid")));
    for (rel, kind) in [
        ("k8s/web.yaml", FileKind::Yaml),
        ("cloudformation/stack.yaml", FileKind::Yaml),
        ("docker/api/Dockerfile", FileKind::Dockerfile),
    ] {
        let (name, text) = read(rel);
        let opts = collect::Options::default();
        group.throughput(Throughput::Bytes(text.len() as u64));
        group.bench_function(format!("collect {rel}"), |b| {
            b.iter(|| rampart::pipeline::iac::collect_text(&name, kind, &text, &opts))
        });
    }
    group.finish();
}

fn terraform(c: &mut Criterion) {
    let mut group = c.benchmark_group("terraform");
    let dir = sample("terraform");
    let base = dir.parent().expect("parent").to_path_buf();
    let first: Arc<str> = Arc::from("terraform/compute.tf");
    let opts = collect::Options::default();
    // Reading, parsing and evaluating the module (with its local modules), then the AWS adapters.
    group.bench_function("module sample/terraform (HCL, evaluation, adapters)", |b| {
        b.iter(|| {
            rampart::pipeline::iac::documents(
                collect::collect_module(&dir, &base, &first, "terraform", &opts),
                opts.models,
            )
        })
    });
    group.finish();
}

/// What building an overlay in-process costs beside judging the objects it builds.
fn kustomize(c: &mut Criterion) {
    let mut group = c.benchmark_group("kustomize");
    let base = Path::new(env!("CARGO_MANIFEST_DIR")).to_path_buf();
    let overlay = sample("kustomize/overlays/prod");
    group.bench_function("build sample/kustomize/overlays/prod", |b| {
        b.iter(|| collect::kustomize::build(&overlay, &base, collect::DEFAULT_MAX_FILE_SIZE))
    });
    let mut vm =
        Engine::new(policy::load(policy::builtin_sources(), false).expect("valid"), |_| true, DEFAULT_POLICY_TIMEOUT)
            .expect("engine");
    vm.use_vm(Bytecode::Builtin);
    let mut worker = vm.worker();
    let docs = collect::kustomize::build(&overlay, &base, collect::DEFAULT_MAX_FILE_SIZE).docs;
    assert_eq!(docs.len(), 2);
    group.bench_function("all rules on what it builds (bytecode)", |b| {
        b.iter_batched(
            || docs.clone(),
            |docs| docs.into_iter().map(|d| vm.evaluate(&mut worker, d).findings.len()).sum::<usize>(),
            BatchSize::SmallInput,
        )
    });
    group.finish();
}

/// What rendering a chart in-process costs beside judging the objects it renders.
fn helm(c: &mut Criterion) {
    let mut group = c.benchmark_group("helm");
    let base = Path::new(env!("CARGO_MANIFEST_DIR")).to_path_buf();
    let chart = sample("helm");
    let options = collect::helm::HelmOptions::default();
    group.bench_function("render sample/helm", |b| {
        b.iter(|| collect::helm::build(&chart, &base, collect::DEFAULT_MAX_FILE_SIZE, &options))
    });
    let mut vm =
        Engine::new(policy::load(policy::builtin_sources(), false).expect("valid"), |_| true, DEFAULT_POLICY_TIMEOUT)
            .expect("engine");
    vm.use_vm(Bytecode::Builtin);
    let mut worker = vm.worker();
    let docs = collect::helm::build(&chart, &base, collect::DEFAULT_MAX_FILE_SIZE, &options).docs;
    assert_eq!(docs.len(), 1);
    group.bench_function("all rules on what it renders (bytecode)", |b| {
        b.iter_batched(
            || docs.clone(),
            |docs| docs.into_iter().map(|d| vm.evaluate(&mut worker, d).findings.len()).sum::<usize>(),
            BatchSize::SmallInput,
        )
    });
    group.finish();
}

fn policies(c: &mut Criterion) {
    let mut group = c.benchmark_group("policies");
    group.sample_size(10);
    group.bench_function("load METADATA of the built-ins", |b| {
        b.iter(|| policy::load(policy::builtin_sources(), false).expect("valid"))
    });
    group.bench_function("compile the kubernetes rules", |b| {
        b.iter_batched(
            || {
                Engine::new(
                    policy::load(policy::builtin_sources(), false).expect("valid"),
                    |_| true,
                    DEFAULT_POLICY_TIMEOUT,
                )
            },
            |engine| {
                let engine = engine.expect("engine");
                engine.prepare(Model::Kubernetes);
                engine
            },
            BatchSize::PerIteration,
        )
    });
    group.finish();
}

fn evaluation(c: &mut Criterion) {
    let mut group = c.benchmark_group("evaluate");
    let engine =
        Engine::new(policy::load(policy::builtin_sources(), false).expect("valid"), |_| true, DEFAULT_POLICY_TIMEOUT)
            .expect("engine");
    engine.compile_all().expect("built-ins compile");
    let mut worker = engine.worker();
    // The same rules as the RVM bytecode build.rs compiled, as scans run them.
    let mut vm =
        Engine::new(policy::load(policy::builtin_sources(), false).expect("valid"), |_| true, DEFAULT_POLICY_TIMEOUT)
            .expect("engine");
    vm.use_vm(Bytecode::Builtin);
    for model in [Model::Kubernetes, Model::Dockerfile, Model::Cloud] {
        assert!(vm.runs_builtin_bytecode(model), "{model:?}");
    }
    let mut vm_worker = vm.worker();
    let cases: Vec<(&str, Vec<Document>)> = vec![
        ("k8s/web.yaml", docs("k8s/web.yaml", FileKind::Yaml)),
        ("docker/api/Dockerfile", docs("docker/api/Dockerfile", FileKind::Dockerfile)),
        ("cloudformation/stack.yaml", docs("cloudformation/stack.yaml", FileKind::Yaml)),
        ("terraform module", terraform_docs()),
    ];
    for (name, docs) in cases {
        assert!(!docs.is_empty(), "{name}: no document");
        group.throughput(Throughput::Elements(docs.len() as u64));
        group.bench_function(format!("all rules on {name}"), |b| {
            b.iter_batched(
                || docs.clone(),
                |docs| docs.into_iter().map(|d| engine.evaluate(&mut worker, d).findings.len()).sum::<usize>(),
                BatchSize::SmallInput,
            )
        });
        group.bench_function(format!("all rules on {name} (bytecode)"), |b| {
            b.iter_batched(
                || docs.clone(),
                |docs| docs.into_iter().map(|d| vm.evaluate(&mut vm_worker, d).findings.len()).sum::<usize>(),
                BatchSize::SmallInput,
            )
        });
    }
    group.finish();
}

criterion_group!(benches, parsing, terraform, kustomize, helm, policies, evaluation);
criterion_main!(benches);
