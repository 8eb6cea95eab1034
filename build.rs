//! Embeds the built-in policies and their rules-tests cases into the binary, so a single
//! executable carries everything `scan`, `rules explain` and `test` need; and the built-in
//! policies' METADATA blocks as JSON, so that no scan spends its start reading their YAML.

use std::fmt::Write;
use std::path::{Path, PathBuf};

use saphyr::{LoadableYamlNode, ScalarOwned, YamlOwned};

#[path = "scanner/src/policy/metadata_block.rs"]
mod metadata_block;

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
    let dest = PathBuf::from(std::env::var("OUT_DIR").unwrap()).join("embedded.rs");
    std::fs::write(dest, out).unwrap();
}
