//! Embeds the built-in policies and their rules-tests cases into the binary, so a single
//! executable carries everything `scan`, `rules explain` and `test` need.

use std::fmt::Write;
use std::path::{Path, PathBuf};

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
    table(&mut out, "RULE_TEST_FILES", &root, &cases, &|p| std::fs::read_to_string(p).is_ok());
    let dest = PathBuf::from(std::env::var("OUT_DIR").unwrap()).join("embedded.rs");
    std::fs::write(dest, out).unwrap();
}
