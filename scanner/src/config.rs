//! `.rampart.yaml`: project settings, found from the scan root upward.
//!
//! Teams put their policy directories, skipped rules and paths, waivers and gate here so that
//! every place that runs Rampart (laptop, pre-commit, CI) behaves the same. Unknown keys are
//! errors: a typo must not silently disable a setting.

use std::path::{Path, PathBuf};

use anyhow::{bail, Context, Result};
use serde::Deserialize;

use crate::date::Date;
use crate::document::SpanMap;
use crate::finding::FailOn;
use crate::yaml;

pub const FILE_NAME: &str = ".rampart.yaml";

#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Config {
    /// Lowest severity that fails the run (`none` never fails), as written; [`parse`] reads it
    /// into `fail_on`.
    #[serde(rename = "fail_on")]
    fail_on_text: Option<String>,
    #[serde(skip)]
    pub fail_on: Option<FailOn>,
    /// Rules not evaluated at all.
    #[serde(default)]
    pub skip_rules: Vec<String>,
    /// Globs of repo-relative paths not scanned.
    #[serde(default)]
    pub skip_paths: Vec<String>,
    /// Directories of custom policies, relative to this file.
    #[serde(default)]
    pub policies: Vec<PathBuf>,
    /// Waivers: findings still reported, as suppressed.
    #[serde(default)]
    pub ignore: Vec<ConfigIgnore>,
    /// Largest file read, in bytes.
    pub max_file_size: Option<u64>,
    /// Baseline file, relative to this file.
    pub baseline: Option<PathBuf>,
    /// Compliance frameworks to summarise.
    #[serde(default)]
    pub frameworks: Vec<String>,
    /// GitHub owners (`acme`, or `acme/*`) and repositories (`acme/tools`) whose actions may be
    /// used by tag; [`parse`] checks each and keeps it lower case, `owner/*` as `owner`.
    #[serde(default)]
    pub trusted_actions: Vec<String>,
    /// Honour waivers written for peer scanners (`--honor-peer-ignores`).
    #[serde(default)]
    pub honor_peer_ignores: bool,
    /// The values each Helm chart is rendered with, by chart directory (relative to this file).
    #[serde(default)]
    pub helm: std::collections::BTreeMap<PathBuf, ConfigHelm>,
}

/// How one chart is rendered: values files (relative to this file, later ones winning) and
/// `key.path: value` pairs, as `--helm-values` and `--helm-set` give them to every chart; with
/// `sets`, once per set (each on top of the common `values` and `set`), as each environment
/// deploys it.
#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ConfigHelm {
    #[serde(default)]
    pub values: Vec<PathBuf>,
    #[serde(default)]
    pub set: std::collections::BTreeMap<String, serde_json::Value>,
    #[serde(default)]
    pub sets: Vec<ConfigHelmSet>,
}

/// One values set of a chart rendered several times.
#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ConfigHelmSet {
    #[serde(default)]
    pub values: Vec<PathBuf>,
    #[serde(default)]
    pub set: std::collections::BTreeMap<String, serde_json::Value>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ConfigIgnore {
    pub rules: Vec<String>,
    /// Globs of repo-relative paths; every path when empty.
    #[serde(default)]
    pub paths: Vec<String>,
    pub reason: String,
    /// As written; [`parse`] checks it is a date and fills `expires`.
    #[serde(rename = "expires")]
    expires_text: Option<String>,
    #[serde(skip)]
    pub expires: Option<Date>,
}

/// A loaded config and the directory relative paths in it are resolved against.
#[derive(Debug, Default)]
pub struct Loaded {
    pub config: Config,
    pub dir: Option<PathBuf>,
    pub path: Option<PathBuf>,
}

impl Loaded {
    pub fn baseline(&self) -> Option<PathBuf> {
        let dir = self.dir.clone().unwrap_or_default();
        self.config.baseline.as_ref().map(|b| dir.join(b))
    }

    pub fn policy_dirs(&self) -> Vec<PathBuf> {
        let dir = self.dir.clone().unwrap_or_default();
        self.config.policies.iter().map(|p| dir.join(p)).collect()
    }
}

/// Find `.rampart.yaml` in `start` or above it.
pub fn discover(start: &Path) -> Option<PathBuf> {
    let start = std::path::absolute(start).ok()?;
    let mut dir = if start.is_dir() { Some(start.as_path()) } else { start.parent() };
    while let Some(d) = dir {
        let candidate = d.join(FILE_NAME);
        if candidate.is_file() {
            return Some(candidate);
        }
        dir = d.parent();
    }
    None
}

pub fn load(path: &Path) -> Result<Loaded> {
    let text = std::fs::read_to_string(path).with_context(|| format!("reading {}", path.display()))?;
    let config = parse(&text).with_context(|| format!("in {}", path.display()))?;
    let dir = crate::paths::normalize(path.parent().unwrap_or(Path::new(".")));
    check_inside(&config, &text, &dir).with_context(|| format!("in {}", path.display()))?;
    Ok(Loaded { config, dir: Some(dir), path: Some(path.to_path_buf()) })
}

/// `policies:`, `baseline:` and `helm:` name files of the repository the config is in: a pull request
/// must not point the gate at rules or a baseline from elsewhere on the machine (an absolute
/// path, `..` out of the work tree, a symbolic link out of it).
fn check_inside(config: &Config, text: &str, dir: &Path) -> Result<()> {
    let root = crate::paths::report_base(dir);
    let real_root = std::fs::canonicalize(&root).unwrap_or_else(|_| root.clone());
    let helm = config
        .helm
        .iter()
        .flat_map(|(chart, h)| std::iter::once(chart).chain(&h.values).chain(h.sets.iter().flat_map(|s| &s.values)))
        .map(|p| ("helm", p));
    let named = config
        .policies
        .iter()
        .map(|p| ("policies", p))
        .chain(config.baseline.iter().map(|b| ("baseline", b)))
        .chain(helm);
    for (key, p) in named {
        let written = p.to_string_lossy();
        let line = text
            .lines()
            .position(|l| l.contains(written.as_ref()))
            .map_or(String::new(), |i| format!("line {}: ", i + 1));
        if p.is_absolute() {
            bail!("{line}{key}: {written} is an absolute path; name a path inside the repository");
        }
        let joined = crate::paths::normalize(&dir.join(p));
        let real = std::fs::canonicalize(&joined).unwrap_or_else(|_| joined.clone());
        if !joined.starts_with(&root) || !real.starts_with(&real_root) {
            bail!("{line}{key}: {written} leads outside the repository ({}); name a path inside it", root.display());
        }
    }
    Ok(())
}

pub fn parse(text: &str) -> Result<Config> {
    let docs = yaml::parse(text).map_err(|e| anyhow::anyhow!("line {}: {}", e.line, e.message))?;
    let Some(node) = docs.into_iter().next() else { return Ok(Config::default()) };
    if node.value == yaml::Value::Null {
        return Ok(Config::default());
    }
    let mut spans = SpanMap::default();
    let json = yaml::to_json(&node, &mut String::new(), &mut spans);
    let mut config: Config = serde_json::from_value(json.clone()).map_err(|e| {
        // Point at the offending top-level key when we can tell which one it is.
        let text = e.to_string();
        let line = text
            .strip_prefix("unknown field `")
            .and_then(|rest| rest.split('`').next())
            .and_then(|k| spans.get(&format!("/{k}")))
            .map(|s| s.start);
        match line {
            Some(line) => anyhow::anyhow!("line {line}: {e}"),
            None => anyhow::anyhow!("{e}"),
        }
    })?;
    let line_of = |pointer: &str| spans.get(pointer).map_or(String::new(), |s| format!("line {}: ", s.start));
    if let Some(text) = &config.fail_on_text {
        config.fail_on = Some(text.parse().map_err(|e| anyhow::anyhow!("{}fail_on: {e}", line_of("/fail_on")))?);
    }
    for glob in config.skip_paths.iter().chain(config.ignore.iter().flat_map(|i| i.paths.iter())) {
        globset::Glob::new(glob).with_context(|| format!("invalid glob {glob:?}"))?;
    }
    for (i, ig) in config.ignore.iter_mut().enumerate() {
        if ig.reason.trim().is_empty() {
            bail!("{}every ignore needs a reason (rules {:?})", line_of(&format!("/ignore/{i}")), ig.rules);
        }
        // A waiver of everything would let a pull request turn the gate off in one line.
        if let Some(r) = ig.rules.iter().position(|r| r.contains('*')) {
            bail!(
                "{}ignore[{i}].rules: a wildcard is refused; name the rules it waives (skip_rules turns a rule off)",
                line_of(&format!("/ignore/{i}/rules/{r}"))
            );
        }
        if let Some(text) = &ig.expires_text {
            // A date that does not exist must not become a waiver that never lapses.
            let line = line_of(&format!("/ignore/{i}/expires"));
            ig.expires = Some(text.parse().map_err(|e| anyhow::anyhow!("{line}ignore[{i}].expires: {e}"))?);
        }
    }
    for (i, entry) in config.trusted_actions.iter_mut().enumerate() {
        *entry = trusted_action(entry)
            .map_err(|e| anyhow::anyhow!("{}trusted_actions[{i}]: {e}", line_of(&format!("/trusted_actions/{i}"))))?;
    }
    Ok(config)
}

/// A `trusted_actions` entry, lower case: `owner` or `owner/repo` (`owner/*` is `owner`). A
/// version, a path inside a repository or any other wildcard is refused rather than guessed at:
/// an entry that trusts more than it says would let unpinned code through unnoticed.
fn trusted_action(entry: &str) -> Result<String> {
    let lower = entry.trim().to_ascii_lowercase();
    let name = lower.strip_suffix("/*").unwrap_or(&lower);
    let (owner, repo) = match name.split_once('/') {
        Some((owner, repo)) => (owner, Some(repo)),
        None => (name, None),
    };
    // GitHub's rules: an owner is letters, digits and single inner hyphens; a repository is
    // letters, digits, `-`, `_` and `.`.
    let owner_ok = !owner.is_empty()
        && owner.len() <= 39
        && owner.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'-')
        && !owner.starts_with('-')
        && !owner.ends_with('-');
    let repo_ok = repo.is_none_or(|r| {
        !r.is_empty() && r != "." && r != ".." && r.bytes().all(|b| b.is_ascii_alphanumeric() || b"-_.".contains(&b))
    });
    if owner_ok && repo_ok {
        return Ok(name.to_string());
    }
    let hint = if entry.contains('@') {
        "; name the owner or repository without a version"
    } else if name.matches('/').count() > 1 {
        "; name the repository, not a path inside it"
    } else if entry.contains('*') {
        "; the only wildcard is a whole owner (`owner/*`)"
    } else {
        ""
    };
    bail!("{entry:?} is not a GitHub owner (`acme`, `acme/*`) or repository (`acme/tools`){hint}")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_and_rejects_typos_with_line() {
        let c = parse("fail_on: high\nskip_rules: [K8S-001]\nignore:\n  - rules: [K8S-002]\n    paths: [\"legacy/**\"]\n    reason: migrating\n").unwrap();
        assert_eq!(c.fail_on, Some(FailOn::At(crate::finding::Severity::High)));
        assert_eq!(c.ignore[0].paths, vec!["legacy/**"]);
        let err = parse("fail_on: high\nskip_rule: [K8S-001]\n").unwrap_err().to_string();
        assert!(err.contains("line 2") && err.contains("skip_rule"), "{err}");
        let err = parse("skip_rules: []\nfail_on: urgent\n").unwrap_err().to_string();
        assert!(err.starts_with("line 2: fail_on: unknown severity \"urgent\""), "{err}");
        assert!(parse("").unwrap().skip_rules.is_empty());
    }

    #[test]
    fn wildcard_ignores_are_refused_at_their_line() {
        let err = parse("ignore:\n  - rules: [K8S-001, \"*\"]\n    reason: all\n").unwrap_err().to_string();
        assert!(err.starts_with("line 2: ignore[0].rules: a wildcard is refused"), "{err}");
    }

    #[test]
    fn trusted_actions_are_owners_or_repositories() {
        let c = parse("trusted_actions: [Acme, \"acme-labs/*\", Octo-Org/Deploy.Tools]\n").unwrap();
        assert_eq!(c.trusted_actions, vec!["acme", "acme-labs", "octo-org/deploy.tools"]);
        for (bad, hint) in [
            ("acme/tools@v1", "without a version"),
            ("acme/tools/setup", "not a path inside it"),
            ("\"*\"", "the only wildcard is a whole owner"),
            ("\"*/tools\"", "the only wildcard is a whole owner"),
            ("-acme", "is not a GitHub owner"),
            ("\"\"", "is not a GitHub owner"),
        ] {
            let err =
                parse(&format!("fail_on: high\ntrusted_actions:\n  - acme\n  - {bad}\n")).unwrap_err().to_string();
            assert!(err.starts_with("line 4: trusted_actions[1]: ") && err.contains(hint), "{bad}: {err}");
        }
    }

    #[test]
    fn ignore_expiry_must_be_a_date() {
        let c = parse("ignore:\n  - rules: [K8S-001]\n    reason: r\n    expires: 2027-02-28\n").unwrap();
        assert_eq!(c.ignore[0].expires.map(|d| d.to_string()).as_deref(), Some("2027-02-28"));
        for bad in ["soon", "2026-13-45", "2027-02-29"] {
            let err = parse(&format!("ignore:\n  - rules: [K8S-001]\n    reason: r\n    expires: {bad}\n"))
                .unwrap_err()
                .to_string();
            assert!(err.starts_with("line 4: ignore[0].expires:") && err.contains(bad), "{err}");
        }
    }
}
