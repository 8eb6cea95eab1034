//! A deterministic mutation fuzzer that runs with every test: the real corpus (fixtures and
//! rules-tests cases, policies, config) is mutated thousands of times — bytes flipped, lines cut,
//! duplicated, truncated, YAML and Dockerfile syntax spliced in — and fed to the parsers and the
//! engine. Nothing may panic. (Coverage-guided fuzzing with cargo-fuzz goes deeper; this keeps
//! the floor in CI.)

mod common;

use std::path::Path;
use std::sync::Arc;

use rampart::collect::{self, classify};
use rampart::engine::{Engine, DEFAULT_POLICY_TIMEOUT};
use rampart::policy;

struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        // xorshift64*: good enough to pick mutations, and reproducible.
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_F491_4F6C_DD1D)
    }
    fn below(&mut self, n: usize) -> usize {
        if n == 0 {
            0
        } else {
            (self.next() % n as u64) as usize
        }
    }
}

const SPLICES: &[&str] = &[
    "\n",
    ": ",
    "- ",
    "[",
    "]",
    "{",
    "}",
    "&a ",
    "*a",
    "!Ref ",
    "<<: *a\n",
    "\t",
    "'",
    "\"",
    "#",
    "---\n",
    "\\\n",
    "RUN <<EOF\n",
    "EOF\n",
    "FROM ",
    " AS ",
    "${X:-y}",
    "\u{feff}",
    "\u{0}",
    "é",
    "~",
    "? ",
    "|\n  ",
    ">-\n  ",
    "%YAML 1.2\n",
    "kind: List\nitems:\n- ",
    "apiVersion: v1\nkind: Pod\n",
    "containers:\n",
    "containers: ~\n",
    "- null\n",
    "${",
    "%{ for x in y }",
    "= ",
    "resource \"aws_s3_bucket\" \"x\" {\n",
    "count = 100000\n",
    "for_each = var.x\n",
    "dynamic \"ingress\" {\n",
    "module \"m\" {\n  source = \"./\"\n}\n",
    "<<EOT\n",
    "!GetAtt ",
    "!Sub ",
    "Fn::If: ",
    "Condition: C\n",
    "\"after_unknown\": ",
    "${{ ",
    " }}",
    "github.event['x'].y[0] ",
    "uses: a/b@",
    "jobs:\n",
];

fn mutate(text: &str, rng: &mut Rng) -> String {
    let mut bytes = text.as_bytes().to_vec();
    for _ in 0..1 + rng.below(4) {
        let at = rng.below(bytes.len() + 1);
        match rng.below(6) {
            0 if !bytes.is_empty() => {
                let i = rng.below(bytes.len());
                bytes[i] ^= 1 << rng.below(8);
            }
            1 => bytes.truncate(at),
            2 => {
                let s = SPLICES[rng.below(SPLICES.len())].as_bytes();
                bytes.splice(at..at, s.iter().copied());
            }
            3 if !bytes.is_empty() => {
                let end = (at + rng.below(64)).min(bytes.len());
                bytes.drain(at.min(end)..end);
            }
            4 => {
                let end = (at + rng.below(200)).min(bytes.len());
                let chunk: Vec<u8> = bytes[at.min(end)..end].to_vec();
                bytes.splice(at..at, chunk);
            }
            _ => {
                let n = rng.below(8);
                bytes.splice(at..at, std::iter::repeat_n(b' ', n));
            }
        }
    }
    // The collectors take text; invalid UTF-8 is rejected before them (tested elsewhere).
    String::from_utf8_lossy(&bytes).into_owned()
}

#[test]
fn mutated_inputs_never_panic_the_collectors_or_the_engine() {
    let files = common::corpus_files();
    assert!(files.len() > 200, "{}", files.len());
    let set = policy::load(policy::builtin_sources(), false).unwrap();
    let engine = Engine::new(set, |_| true, DEFAULT_POLICY_TIMEOUT).unwrap();
    let mut worker = engine.worker();
    let opts = collect::Options {
        raw: Some(Arc::new(rampart::paths::build_globs(&["**".to_string()]).unwrap())),
        ..collect::Options::default()
    };
    let mut rng = Rng(0x5eed_1234_abcd_0042);
    let (mut parsed, mut evaluated) = (0, 0);
    for (i, path) in files.iter().enumerate() {
        let text = std::fs::read_to_string(path).unwrap();
        let kind = classify(path).unwrap();
        let name = path.file_name().unwrap().to_string_lossy();
        let rel: Arc<str> = Arc::from(common::ci_case_as(path).unwrap_or_else(|| name.into_owned()).as_str());
        for round in 0..40 {
            let mutated = mutate(&text, &mut rng);
            let out = rampart::pipeline::iac::collect_text(&rel, kind, &mutated, &opts);
            parsed += 1;
            // Evaluating is slower: a sample of the documents that still parse.
            if (i + round) % 16 == 0 {
                for doc in out.docs {
                    let eval = engine.evaluate(&mut worker, doc);
                    for f in &eval.findings {
                        assert!(f.start_line >= 1 && f.end_line >= f.start_line, "{}: {f:?}", path.display());
                    }
                    evaluated += 1;
                }
            }
        }
    }
    assert!(parsed > 8_000 && evaluated > 200, "{parsed} parsed, {evaluated} evaluated");
}

#[test]
fn mutated_kustomizations_never_panic_the_build() {
    // A copy of the Kustomize fixtures, one file of it mutated at a time, every overlay built.
    let data = common::repo().join("scanner/tests/data/kustomize");
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path().canonicalize().unwrap();
    let mut files = Vec::new();
    for entry in walk_files(&data) {
        let rel = entry.strip_prefix(&data).unwrap().to_path_buf();
        std::fs::create_dir_all(root.join(&rel).parent().unwrap()).unwrap();
        std::fs::copy(&entry, root.join(&rel)).unwrap();
        files.push(rel);
    }
    let overlays = ["app/overlays/prod", "app/overlays/dev", "jobs/overlay", "crd/overlay", "order"];
    let mut rng = Rng(0xc0ff_ee00_1234_0019);
    let mut built = 0;
    for rel in &files {
        let original = std::fs::read_to_string(data.join(rel)).unwrap();
        for _ in 0..12 {
            std::fs::write(root.join(rel), mutate(&original, &mut rng)).unwrap();
            for overlay in overlays {
                let out = rampart::collect::kustomize::build(&root.join(overlay), &root, 1 << 20);
                for doc in &out.docs {
                    let at = doc.source_map.locate(&doc.root_ref, &[]).unwrap();
                    assert!(at.span.start >= 1 && !at.file.starts_with('/'), "{}: {at:?}", rel.display());
                }
                built += 1;
            }
        }
        std::fs::write(root.join(rel), &original).unwrap();
    }
    assert!(built > 1_000, "{built}");
}

#[test]
fn mutated_charts_never_panic_the_renderer() {
    // Copies of the sample chart and of the renderer's test charts, one file mutated at a time
    // (templates, helpers, values, Chart.yaml), each chart rendered.
    let data = common::repo().join("scanner/tests/data/helm");
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path().canonicalize().unwrap();
    let mut charts = vec![common::repo().join("fixtures/sample/helm")];
    charts.extend(
        std::fs::read_dir(&data).unwrap().map(|e| e.unwrap().path()).filter(|p| p.join("Chart.yaml").is_file()),
    );
    charts.sort();
    let mut rng = Rng(0xc0ff_ee00_1234_0020);
    let mut rendered = 0;
    for chart in &charts {
        let copy = root.join(chart.file_name().unwrap());
        let files = walk_files(chart);
        for f in &files {
            let rel = f.strip_prefix(chart).unwrap();
            std::fs::create_dir_all(copy.join(rel).parent().unwrap()).unwrap();
            std::fs::copy(f, copy.join(rel)).unwrap();
        }
        for f in &files {
            let rel = f.strip_prefix(chart).unwrap();
            let Ok(original) = std::fs::read_to_string(f) else { continue };
            for _ in 0..8 {
                std::fs::write(copy.join(rel), mutate(&original, &mut rng)).unwrap();
                let out = rampart::collect::helm::build(&copy, &root, 1 << 20, &Default::default());
                for doc in &out.docs {
                    let at = doc.source_map.locate(&doc.root_ref, &[]).unwrap();
                    assert!(at.span.start >= 1 && !at.file.starts_with('/'), "{}: {at:?}", rel.display());
                }
                for d in &out.diagnostics {
                    assert!(d.line.is_none_or(|l| l >= 1), "{d:?}");
                }
                rendered += 1;
            }
            std::fs::write(copy.join(rel), &original).unwrap();
        }
    }
    assert!(rendered > 150, "{rendered}");
}

fn walk_files(dir: &Path) -> Vec<std::path::PathBuf> {
    let mut out = Vec::new();
    for entry in std::fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        if path.is_dir() {
            out.extend(walk_files(&path));
        } else {
            out.push(path);
        }
    }
    out.sort();
    out
}

#[test]
fn mutated_metadata_and_config_never_panic() {
    let mut rng = Rng(0xfeed_beef_0000_0007);
    for source in policy::builtin_sources().iter().filter(|s| !s.rel.starts_with("lib/")).take(40) {
        for _ in 0..50 {
            let _ = policy::metadata::parse(&mutate(&source.text, &mut rng));
        }
    }
    let config = "fail_on: high\nskip_rules: [K8S-001]\nskip_paths: [\"vendor/**\"]\npolicies: [./p]\nignore:\n  - rules: [K8S-002]\n    paths: [\"a/**\"]\n    reason: why\n    expires: 2027-01-01\n";
    for _ in 0..2_000 {
        let _ = rampart::config::parse(&mutate(config, &mut rng));
    }
    for _ in 0..2_000 {
        let _ = rampart::yaml::parse(&mutate(config, &mut rng));
    }
}

#[test]
fn path_helpers_survive_odd_names() {
    for name in ["", ".", "..", "/", "a/../../b", "ünï/cödé.yaml", "with space/Dockerfile", "x\ny.yaml"] {
        let _ = rampart::paths::display_path(Path::new(name), Path::new("/repo"), Path::new("/repo"));
        let _ = classify(Path::new(name));
    }
}
