//! `rampart init`: set a project up the way it will be run everywhere: a commented
//! `.rampart.yaml`, and on request a GitHub workflow that uses the Rampart action and a
//! pre-commit hook entry.
//!
//! The config is rendered from `KEYS`, one entry per key of `config::Config`, so that the
//! tests can check that every key is documented and that every commented-out example still
//! loads with the real parser. Existing files are never overwritten without `--force`; an
//! existing `.pre-commit-config.yaml` is edited in place (the entry is appended to `repos`).

use std::path::{Path, PathBuf};
use std::process::ExitCode;

use anyhow::{bail, Context, Result};

use super::EXIT_OK;
use crate::cli::InitArgs;
use crate::config;
use crate::yaml;

/// Where the action and the source hooks are published; one place to change it.
pub const REPO_URL: &str = "https://github.com/rampart-dev/rampart";
/// The pre-commit mirror (deploy/pre-commit/): its hooks install the release wheel instead of
/// compiling, so the first commit after `pre-commit install` takes seconds, not minutes.
pub const PRE_COMMIT_URL: &str = "https://github.com/rampart-dev/rampart-pre-commit";
/// `uses:` value of the action, at the release matching this binary.
pub fn action_ref() -> String {
    format!("rampart-dev/rampart@v{}", env!("CARGO_PKG_VERSION"))
}

pub const WORKFLOW_PATH: &str = ".github/workflows/rampart.yml";
pub const PRE_COMMIT_PATH: &str = ".pre-commit-config.yaml";

/// One top-level key of `.rampart.yaml`: what it is for and a working example.
pub struct Key {
    pub name: &'static str,
    pub doc: &'static str,
    /// YAML for this key alone; written commented out unless `active`.
    pub example: &'static str,
    /// Written uncommented: the file then states the default explicitly.
    pub active: bool,
}

pub const KEYS: &[Key] = &[
    Key {
        name: "fail_on",
        doc: "Lowest severity of a new finding that makes `rampart scan` exit 1: critical, high,\n\
              medium, low, info, or none (never fail). `--fail-on` on the command line wins.",
        example: "fail_on: low",
        active: true,
    },
    Key {
        name: "skip_rules",
        doc: "Rules never evaluated, anywhere (see `rampart rules`). Prefer `ignore` below, which\n\
              keeps a reason and can expire.",
        example: "skip_rules: [K8S-042]",
        active: false,
    },
    Key {
        name: "skip_paths",
        doc: "Paths never scanned: globs matched against paths relative to the repository root.\n\
              .gitignore is honoured already.",
        example: "skip_paths: [\"vendor/**\", \"**/testdata/**\"]",
        active: false,
    },
    Key {
        name: "policies",
        doc: "Directories of your own Rego policies, relative to this file (same contract as the\n\
              built-ins: Rampart's docs/writing-policies.md). Test them with `rampart test DIR`.",
        example: "policies: [./policies]",
        active: false,
    },
    Key {
        name: "ignore",
        doc: "Waivers: matching findings are still reported, marked as suppressed with the reason,\n\
              and do not fail the run. `paths` are globs (every path when omitted); after\n\
              `expires` (YYYY-MM-DD) the findings count again. Inline alternative: a\n\
              `# rampart:ignore RULE -- reason` comment next to the offending line.",
        example: "ignore:\n  - rules: [K8S-001]\n    paths: [\"charts/node-agent/**\"]\n    \
                  reason: the node agent needs privileged mode\n    expires: 2027-01-01",
        active: false,
    },
    Key {
        name: "max_file_size",
        doc: "Files larger than this many bytes are skipped with a warning.",
        example: "max_file_size: 10485760",
        active: false,
    },
    Key {
        name: "baseline",
        doc: "Baseline file, relative to this file: findings recorded in it (by `rampart baseline\n\
              create`) are reported as known and do not fail the run, so a gate fails only on new\n\
              ones. `--baseline` on the command line wins.",
        example: "baseline: .rampart-baseline.json",
        active: false,
    },
    Key {
        name: "frameworks",
        doc: "Compliance frameworks to summarise in every report (see `rampart compliance list`).",
        example: "frameworks: [pss-baseline, cis-docker]",
        active: false,
    },
    Key {
        name: "trusted_actions",
        doc: "GitHub owners (`acme` or `acme/*`) and repositories (`acme/tools`) whose actions may\n\
              be used by tag without a GHA-002 finding, as GitHub's own (`actions/*`, `github/*`)\n\
              are. Their tags can still be moved: list only publishers you control or audit.",
        example: "trusted_actions: [my-org, partner-org/deploy-action]",
        active: false,
    },
    Key {
        name: "honor_peer_ignores",
        doc: "Also honour waivers written for Checkov, tfsec, Trivy, cfn-nag and cfn-guard (`#checkov:skip=…`,\n\
              `#tfsec:ignore:…`, `#trivy:ignore:…`, CloudFormation Metadata, `checkov.io/skipN`\n\
              annotations), through Rampart's table of their check IDs; IDs without a Rampart\n\
              equivalent are listed.",
        example: "honor_peer_ignores: true",
        active: false,
    },
    Key {
        name: "helm",
        doc: "The values each Helm chart is rendered with, by chart directory (relative to this\n\
              file): values files (later ones win) and `key.path: value` pairs, applied before\n\
              `--helm-values` and `--helm-set`; with `sets: [{values: [...]}, ...]`, the chart is\n\
              rendered and judged once per set. Without it, a chart's own values.yaml.",
        example: "helm:\n  charts/web:\n    values: [charts/web/values-prod.yaml]\n    set: {image.tag: \"1.4.2\"}",
        active: false,
    },
];

/// The `.rampart.yaml` that `rampart init` writes; with `all_active`, every example uncommented
/// (what the tests load, so an example can never rot into something the parser rejects).
pub fn config_text(all_active: bool) -> String {
    let mut out = String::from(
        "# Rampart configuration, written by `rampart init`.\n\
         #\n\
         # `rampart scan` looks for this file from the first scanned path upward; `--config FILE`\n\
         # names another one and `--no-config` ignores it. Every key is optional and unknown keys\n\
         # are errors, so a typo never silently turns a setting off. Uncomment what you need.\n",
    );
    for key in KEYS {
        out.push('\n');
        for line in key.doc.lines() {
            out.push_str(&format!("# {}\n", line.trim()));
        }
        for line in key.example.lines() {
            if key.active || all_active {
                out.push_str(&format!("{line}\n"));
            } else {
                out.push_str(&format!("# {line}\n"));
            }
        }
    }
    out
}

pub fn workflow_text() -> String {
    format!(
        r#"# Rampart on every pull request and on pushes to the default branch, written by
# `rampart init --github`. Findings show as annotations on the pull request, in the job
# summary and, through SARIF, as code scanning alerts. Every input of the action is listed in
# Rampart's README ("GitHub Action").
name: rampart

on:
  pull_request:
  push:
    branches: [main] # your default branch
  workflow_dispatch:

permissions:
  contents: read
  security-events: write # upload the SARIF report to code scanning

jobs:
  rampart:
    runs-on: ubuntu-latest
    steps:
      - uses: actions/checkout@v4
      - uses: {action}
        with:
          fail-on: high
          # baseline: .rampart-baseline.json # fail only on findings that are not in it
          # only-changed: "true" # on pull requests, scan only the changed files
"#,
        action = action_ref()
    )
}

/// The `repos:` item for the hook, indented so that its dash sits at `indent` columns.
fn pre_commit_entry(indent: usize) -> String {
    let pad = " ".repeat(indent);
    format!(
        "{pad}- repo: {PRE_COMMIT_URL}\n\
         {pad}  rev: v{version}\n\
         {pad}  hooks:\n\
         {pad}    - id: rampart\n\
         {pad}    # - id: rampart-test-policies # runs `rampart test` when a .rego file changes\n",
        version = env!("CARGO_PKG_VERSION")
    )
}

/// How many items of `repos` point at one of Rampart's hook repositories (the mirror, or this
/// repository's source-built hooks).
fn rampart_entries(text: &str) -> Result<(usize, Option<yaml::Node>)> {
    let docs = yaml::parse(text).map_err(|e| anyhow::anyhow!("{PRE_COMMIT_PATH}: {e}"))?;
    let root = docs.into_iter().next();
    let repos = root.as_ref().and_then(|r| r.get("repos")).cloned();
    let count = match repos.as_ref().map(|r| &r.value) {
        Some(yaml::Value::Seq(items)) => items
            .iter()
            .filter(|i| {
                i.get("repo")
                    .and_then(yaml::Node::as_str)
                    .is_some_and(|u| [REPO_URL, PRE_COMMIT_URL].contains(&u.trim_end_matches(".git")))
            })
            .count(),
        _ => 0,
    };
    Ok((count, repos))
}

/// `.pre-commit-config.yaml` with the Rampart entry added to `repos`, or `None` when it is
/// there already. The edit keeps every other line as it was (comments, order, style).
pub fn add_pre_commit_entry(existing: Option<&str>) -> Result<Option<String>> {
    let Some(text) = existing else {
        return Ok(Some(format!(
            "# pre-commit hooks (https://pre-commit.com): run `pre-commit install` once per clone.\nrepos:\n{}",
            pre_commit_entry(2)
        )));
    };
    let (before, repos) = rampart_entries(text)?;
    if before > 0 {
        return Ok(None);
    }
    let lines: Vec<&str> = text.lines().collect();
    let mut out: Vec<String> = lines.iter().map(|l| l.to_string()).collect();
    let repos_key_line = lines.iter().position(|l| l.starts_with("repos:")).map(|i| i + 1).filter(|_| repos.is_some());
    match (repos.as_ref().map(|r| &r.value), repos_key_line) {
        (Some(yaml::Value::Seq(items)), Some(key_line)) if !items.is_empty() => {
            let first = lines.get(items[0].line as usize - 1).copied().unwrap_or("");
            let indent = first.len() - first.trim_start().len();
            if !first.trim_start().starts_with('-') {
                bail!(
                    "{PRE_COMMIT_PATH}: `repos` is not a block list; add the Rampart entry by hand:\n{}",
                    pre_commit_entry(2)
                );
            }
            let last = items.last().map_or(key_line, |i| i.end_line as usize);
            out.insert(last, pre_commit_entry(indent).trim_end().to_string());
        }
        (Some(yaml::Value::Seq(_)) | Some(yaml::Value::Null), Some(key_line)) => {
            // `repos: []` or `repos:` with nothing under it.
            out[key_line - 1] = format!("repos:\n{}", pre_commit_entry(2).trim_end());
        }
        (None, _) => {
            if out.last().is_some_and(|l| !l.trim().is_empty()) {
                out.push(String::new());
            }
            out.push(format!("repos:\n{}", pre_commit_entry(2).trim_end()));
        }
        _ => bail!(
            "{PRE_COMMIT_PATH}: cannot find a top-level `repos` list; add the Rampart entry by hand:\n{}",
            pre_commit_entry(2)
        ),
    }
    let mut new_text = out.join("\n");
    new_text.push('\n');
    // The edit is textual: prove it produced exactly one more item, pointing at Rampart.
    let (after, repos_after) = rampart_entries(&new_text)?;
    let old_len = match repos.map(|r| r.value) {
        Some(yaml::Value::Seq(items)) => items.len(),
        _ => 0,
    };
    let new_len = match repos_after.map(|r| r.value) {
        Some(yaml::Value::Seq(items)) => items.len(),
        _ => 0,
    };
    if after != 1 || new_len != old_len + 1 {
        bail!("{PRE_COMMIT_PATH}: could not add the Rampart entry safely; add it by hand:\n{}", pre_commit_entry(2));
    }
    Ok(Some(new_text))
}

/// A path as the user would type it: `.rampart.yaml`, not `./.rampart.yaml`.
fn shown(path: &Path) -> String {
    path.strip_prefix(".").unwrap_or(path).display().to_string()
}

pub fn run(args: InitArgs) -> Result<ExitCode> {
    let dir = &args.dir;
    if !dir.is_dir() {
        bail!("{} is not a directory", dir.display());
    }
    let mut writes: Vec<(PathBuf, String)> = Vec::new();
    if !args.no_config {
        let text = config_text(false);
        // Never hand out a file the scanner would refuse.
        config::parse(&text).context("the generated .rampart.yaml does not load (a bug in rampart init)")?;
        writes.push((dir.join(config::FILE_NAME), text));
    }
    if args.github {
        writes.push((dir.join(WORKFLOW_PATH), workflow_text()));
    }
    // Check every file before writing any, so a refusal leaves the project untouched.
    let existing: Vec<&Path> = writes.iter().map(|(p, _)| p.as_path()).filter(|p| p.exists()).collect();
    if !existing.is_empty() && !args.force {
        let names: Vec<String> = existing.iter().map(|p| shown(p)).collect();
        bail!("{} already exists; nothing was written (use --force to overwrite)", names.join(" and "));
    }
    let pre_commit = if args.pre_commit {
        let path = dir.join(PRE_COMMIT_PATH);
        let current = match std::fs::read_to_string(&path) {
            Ok(text) => Some(text),
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => None,
            Err(e) => return Err(e).with_context(|| format!("reading {}", path.display())),
        };
        Some((path, current.is_some(), add_pre_commit_entry(current.as_deref())?))
    } else {
        None
    };
    if writes.is_empty() && pre_commit.is_none() {
        bail!("nothing to do: --no-config without --github or --pre-commit");
    }

    for (path, text) in &writes {
        if let Some(parent) = path.parent() {
            std::fs::create_dir_all(parent).with_context(|| format!("creating {}", parent.display()))?;
        }
        std::fs::write(path, text).with_context(|| format!("writing {}", path.display()))?;
        println!("wrote {}", shown(path));
    }
    if let Some((path, existed, text)) = pre_commit {
        match text {
            None => println!("{} already runs the rampart hook; left as it is", shown(&path)),
            Some(text) => {
                std::fs::write(&path, text).with_context(|| format!("writing {}", path.display()))?;
                let verb = if existed { "added the rampart hook to" } else { "wrote" };
                println!("{verb} {}; run `pre-commit install` to enable it", shown(&path));
            }
        }
    }
    Ok(ExitCode::from(EXIT_OK))
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Config's own field list, read from serde's "unknown field … expected one of" message,
    /// so a key added to `Config` without documentation here fails this test.
    fn fields_of(text: &str) -> Vec<String> {
        let err = format!("{:#}", config::parse(text).unwrap_err());
        let list = err.split("expected one of").nth(1).unwrap_or_else(|| panic!("unexpected error: {err}"));
        list.split('`').skip(1).step_by(2).map(str::to_string).collect()
    }

    #[test]
    fn every_config_key_is_documented_with_an_example_that_loads() {
        let keys: Vec<&str> = KEYS.iter().map(|k| k.name).collect();
        let fields = fields_of("not_a_key: 1\n");
        assert!(fields.len() >= 8, "{fields:?}");
        for f in &fields {
            assert!(keys.contains(&f.as_str()), "config key {f} is not documented in rampart init's template");
        }
        for k in KEYS {
            assert!(fields.contains(&k.name.to_string()), "{} is not a config key", k.name);
            assert!(k.example.starts_with(&format!("{}:", k.name)), "{}: example must set the key", k.name);
        }
        // Waivers have keys of their own: every one appears in the example.
        let ignore = KEYS.iter().find(|k| k.name == "ignore").unwrap();
        for f in fields_of("ignore:\n  - rules: [K8S-001]\n    reason: r\n    not_a_key: 1\n") {
            assert!(ignore.example.contains(&format!("{f}:")), "ignore.{f} has no example");
        }

        let written = config::parse(&config_text(false)).unwrap();
        assert_eq!(written.fail_on, Some(crate::finding::FailOn::At(crate::finding::Severity::Low)));
        let all = config::parse(&config_text(true)).unwrap();
        assert_eq!(all.skip_rules, vec!["K8S-042"]);
        assert_eq!(all.ignore.len(), 1);
        assert_eq!(all.frameworks.len(), 2);
        assert!(all.baseline.is_some() && all.max_file_size.is_some() && !all.policies.is_empty());
        assert!(!all.skip_paths.is_empty());
        assert_eq!(all.trusted_actions, vec!["my-org", "partner-org/deploy-action"]);
        assert_eq!(all.helm.len(), 1);
    }

    #[test]
    fn pre_commit_entry_goes_into_every_shape_of_repos() {
        let fresh = add_pre_commit_entry(None).unwrap().unwrap();
        assert_eq!(rampart_entries(&fresh).unwrap().0, 1);

        let indented = "repos:\n  - repo: https://github.com/pre-commit/pre-commit-hooks\n    rev: v5.0.0\n    hooks:\n      - id: trailing-whitespace\n# a trailing comment\n";
        let out = add_pre_commit_entry(Some(indented)).unwrap().unwrap();
        assert!(out.contains("\n  - repo: https://github.com/rampart-dev/rampart-pre-commit\n    rev: v"), "{out}");
        assert!(out.contains("# a trailing comment"));
        assert!(out.starts_with("repos:\n  - repo: https://github.com/pre-commit/pre-commit-hooks"));

        let flush = "default_stages: [pre-commit]\nrepos:\n- repo: local\n  hooks:\n  - id: x\n    name: x\n    entry: x\n    language: system\nci:\n  autofix_prs: false\n";
        let out = add_pre_commit_entry(Some(flush)).unwrap().unwrap();
        assert!(
            out.contains("    language: system\n- repo: https://github.com/rampart-dev/rampart-pre-commit\n"),
            "{out}"
        );
        assert!(out.ends_with("ci:\n  autofix_prs: false\n"), "{out}");

        let empty = "repos: []\n";
        assert_eq!(rampart_entries(&add_pre_commit_entry(Some(empty)).unwrap().unwrap()).unwrap().0, 1);
        let none = "minimum_pre_commit_version: '3.0'\n";
        assert_eq!(rampart_entries(&add_pre_commit_entry(Some(none)).unwrap().unwrap()).unwrap().0, 1);

        // Already there: nothing to do, whether it names the mirror or the source hooks.
        assert!(add_pre_commit_entry(Some(&fresh)).unwrap().is_none());
        let source = "repos:\n  - repo: https://github.com/rampart-dev/rampart.git\n    rev: v0.1.0\n    hooks:\n      - id: rampart\n";
        assert!(add_pre_commit_entry(Some(source)).unwrap().is_none());
        // Not YAML: an error, not a guess.
        assert!(add_pre_commit_entry(Some("repos: [\n")).is_err());
        assert!(add_pre_commit_entry(Some("repos: [{repo: local, hooks: []}]\n")).is_err());
    }
}
