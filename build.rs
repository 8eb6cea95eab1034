//! Embeds the built-in policies and their rules-tests cases into the binary, so a single
//! executable carries everything `scan`, `rules explain` and `test` need; the built-in
//! policies' METADATA blocks as JSON, so that no scan spends its start reading their YAML; and
//! each model's built-in rules compiled to regorus RVM bytecode, so that no scan of the
//! built-in rules compiles them (most of a one-file scan's time otherwise).

use std::fmt::Write;
use std::path::{Path, PathBuf};

use saphyr::{LoadableYamlNode, ScalarOwned, YamlOwned};

#[path = "scanner/src/policy/metadata_block.rs"]
mod metadata_block;

// The pod-spec helpers of this file serve the scanner's selectors, not the build.
#[allow(dead_code)]
#[path = "scanner/src/policy/aggregate.rs"]
mod aggregate;

fn files(root: &Path, keep: &dyn Fn(&Path) -> bool) -> Vec<PathBuf> {
    let mut out = Vec::new();
    let mut stack = vec![root.to_path_buf()];
    while let Some(dir) = stack.pop() {
        let Ok(entries) = std::fs::read_dir(&dir) else { continue };
        for entry in entries.flatten() {
            let path = entry.path();
            if path.is_dir() {
                stack.push(path);
            } else if keep(&path) {
                out.push(path);
            }
        }
    }
    out.sort();
    out
}

/// Paths are written relative to the manifest directory: a build cache shared by two clones
/// of the repository (CI's and a developer's) must never embed the other clone's files.
fn table(out: &mut String, name: &str, manifest: &Path, root: &Path, keep: &dyn Fn(&Path) -> bool) {
    writeln!(out, "pub static {name}: &[(&str, &str)] = &[").unwrap();
    for path in files(root, keep) {
        let rel = path.strip_prefix(root).unwrap().to_string_lossy().replace('\\', "/");
        let from_manifest = path.strip_prefix(manifest).unwrap().to_string_lossy().replace('\\', "/");
        writeln!(
            out,
            "    ({rel:?}, include_str!(concat!(env!(\"CARGO_MANIFEST_DIR\"), {:?}))),",
            format!("/{from_manifest}")
        )
        .unwrap();
    }
    writeln!(out, "];").unwrap();
}

/// YAML to JSON, for the plain data METADATA holds. Anything else (tags, aliases, non-string
/// keys) gives `None`: that policy's METADATA is then read from its YAML at run time.
fn to_json(node: &YamlOwned) -> Option<serde_json::Value> {
    use serde_json::Value;
    Some(match node {
        YamlOwned::Value(ScalarOwned::Null) => Value::Null,
        YamlOwned::Value(ScalarOwned::Boolean(b)) => Value::Bool(*b),
        YamlOwned::Value(ScalarOwned::Integer(i)) => Value::from(*i),
        YamlOwned::Value(ScalarOwned::FloatingPoint(f)) => Value::Number(serde_json::Number::from_f64(f.0)?),
        YamlOwned::Value(ScalarOwned::String(s)) => Value::String(s.clone()),
        YamlOwned::Sequence(items) => Value::Array(items.iter().map(to_json).collect::<Option<_>>()?),
        YamlOwned::Mapping(entries) => {
            let mut map = serde_json::Map::new();
            for (key, value) in entries {
                let YamlOwned::Value(ScalarOwned::String(key)) = key else { return None };
                map.insert(key.clone(), to_json(value)?);
            }
            Value::Object(map)
        }
        _ => return None,
    })
}

fn metadata_table(out: &mut String, root: &Path) {
    // Sorted as strings: the scanner looks entries up by binary search.
    let mut entries = Vec::new();
    for path in files(root, &|p| p.extension().is_some_and(|e| e == "rego")) {
        let Ok(text) = std::fs::read_to_string(&path) else { continue };
        let Some((block, _)) = metadata_block::extract(&text) else { continue };
        let Some(json) = YamlOwned::load_from_str(&block).ok().and_then(|docs| docs.first().and_then(to_json)) else {
            continue;
        };
        let rel = path.strip_prefix(root).unwrap().to_string_lossy().replace('\\', "/");
        entries.push((rel, json.to_string()));
    }
    entries.sort();
    writeln!(out, "pub static METADATA_JSON: &[(&str, &str)] = &[").unwrap();
    for (rel, json) in entries {
        writeln!(out, "    ({rel:?}, {json:?}),").unwrap();
    }
    writeln!(out, "];").unwrap();
}

fn kinds_of(selector: &serde_json::Value) -> Vec<&str> {
    selector["kinds"].as_array().map(|k| k.iter().filter_map(|k| k.as_str()).collect()).unwrap_or_default()
}

/// The models, as the engine names them (`document::Model::as_str`).
const MODELS: &[&str] = &[
    "kubernetes",
    "dockerfile",
    "raw",
    "cloud",
    "terraform",
    "cloudformation",
    "github_workflow",
    "github_action",
    "dependabot",
    "gitlab_ci",
    "compose",
];

/// For each model, the sources and aggregate module the engine builds from the built-in rules
/// alone, and their bytecode. The engine compares the first two with what it would compile
/// and uses the bytecode only when they are the same.
fn bytecode_table(out: &mut String, policies: &Path, out_dir: &Path) {
    struct File {
        display: String,
        text: String,
        package: String,
        meta: Option<serde_json::Value>,
    }
    let mut all = Vec::new();
    for path in files(policies, &|p| p.extension().is_some_and(|e| e == "rego")) {
        let rel = path.strip_prefix(policies).unwrap().to_string_lossy().replace('\\', "/");
        if rel.ends_with("_test.rego") {
            continue;
        }
        let text = std::fs::read_to_string(&path).unwrap();
        let Some(package) = text.lines().find_map(|l| l.strip_prefix("package ")) else { continue };
        let package = format!("data.{}", package.trim());
        let meta = metadata_block::extract(&text).map(|(block, _)| {
            YamlOwned::load_from_str(&block).ok().and_then(|docs| docs.first().and_then(to_json)).unwrap_or_default()
        });
        all.push(File { display: format!("builtin:{rel}"), text, package, meta });
    }
    let libraries: Vec<&File> = all.iter().filter(|f| f.meta.is_none()).collect();
    writeln!(out, "pub static BYTECODE: &[(&str, &str, &[&str], &[u8])] = &[").unwrap();
    for model in MODELS {
        let mut rules = Vec::new();
        for file in all.iter().filter(|f| f.meta.is_some()) {
            let custom = &file.meta.as_ref().unwrap()["custom"];
            if custom["deprecated"] == serde_json::Value::Bool(true) {
                continue;
            }
            let selectors: Vec<&serde_json::Value> = custom["input"]["selector"]
                .as_array()
                .map(|s| s.iter().filter(|s| s["type"] == *model).collect())
                .unwrap_or_default();
            if selectors.is_empty() {
                continue;
            }
            let kinds = if selectors.iter().any(|s| kinds_of(s).is_empty()) {
                None
            } else {
                Some(selectors.iter().flat_map(|s| kinds_of(s)).collect())
            };
            let id = custom["id"].as_str().unwrap_or_default();
            rules.push((file, aggregate::AggregateRule { id, package: &file.package, kinds }));
        }
        // In the engine's order: policies are sorted by id.
        rules.sort_by(|a, b| a.1.id.cmp(b.1.id));
        if rules.is_empty() || !rules.iter().all(|(_, r)| r.id.chars().all(|c| c.is_ascii_alphanumeric() || c == '-')) {
            continue;
        }
        let lib_refs: Vec<(&str, &str)> = libraries.iter().map(|f| (f.package.as_str(), f.text.as_str())).collect();
        let rule_texts: Vec<&str> = rules.iter().map(|(f, _)| f.text.as_str()).collect();
        let keep = aggregate::reached_libraries(&lib_refs, &rule_texts);
        let mut sources: Vec<&File> = libraries.iter().zip(&keep).filter(|(_, k)| **k).map(|(f, _)| *f).collect();
        sources.extend(rules.iter().map(|(f, _)| *f));
        let mut foreign: Vec<&str> = libraries.iter().map(|f| f.package.as_str()).collect();
        foreign.push("data.rampart.internal");
        let aggregated: Vec<aggregate::AggregateRule> = rules.into_iter().map(|(_, r)| r).collect();
        let module = aggregate::module(model, &aggregated, &foreign);

        let mut engine = regorus::Engine::new();
        engine.set_rego_v0(false);
        for file in &sources {
            engine.add_policy(file.display.clone(), file.text.clone()).unwrap();
        }
        engine.add_policy(format!("rampart-internal-{model}.rego"), module.clone()).unwrap();
        let entry: regorus::Rc<str> = format!("data.rampart.internal.{model}.results").into();
        let program = engine.compile_with_entrypoint(&entry).ok().and_then(|policy| {
            regorus::languages::rego::compiler::Compiler::compile_from_policy(&policy, &[entry.as_ref()]).ok()
        });
        // A model the VM cannot compile is compiled for the interpreter at run time, as before.
        let Some(bytes) = program.and_then(|p| p.serialize_binary().ok()) else {
            println!("cargo:warning=the built-in {model} rules do not compile to RVM bytecode");
            continue;
        };
        let file = out_dir.join(format!("{model}.rvm"));
        std::fs::write(&file, bytes).unwrap();
        let names: Vec<String> = sources.iter().map(|f| format!("{:?}", f.display)).collect();
        writeln!(
            out,
            "    ({model:?}, {module:?}, &[{}], include_bytes!(concat!(env!(\"OUT_DIR\"), \"/{model}.rvm\"))),",
            names.join(", ")
        )
        .unwrap();
    }
    writeln!(out, "];").unwrap();
}

fn main() {
    let root = PathBuf::from(std::env::var("CARGO_MANIFEST_DIR").unwrap());
    let policies = root.join("policies");
    let cases = root.join("rules-tests");
    println!("cargo:rerun-if-changed=policies");
    println!("cargo:rerun-if-changed=rules-tests");
    let mut out = String::new();
    table(&mut out, "POLICY_FILES", &root, &policies, &|p| p.extension().is_some_and(|e| e == "rego"));
    table(&mut out, "COMPLIANCE_FILES", &root, &policies.join("compliance"), &|p| {
        p.extension().is_some_and(|e| e == "yaml")
    });
    metadata_table(&mut out, &policies);
    table(&mut out, "RULE_TEST_FILES", &root, &cases, &|p| std::fs::read_to_string(p).is_ok());
    let out_dir = PathBuf::from(std::env::var("OUT_DIR").unwrap());
    bytecode_table(&mut out, &policies, &out_dir);
    let dest = out_dir.join("embedded.rs");
    std::fs::write(dest, out).unwrap();
}
