//! Rules-tests cases: the `fail*`/`pass*` files beside each rule's path under `rules-tests/`.
//! `rampart test` runs them, and rule help shows the first of each kind as examples, so both
//! read them here.

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};
use std::sync::LazyLock;

use regex::Regex;

use super::Policy;
use crate::document::Model;

static TODAY_RE: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"rampart:today\s+([0-9]{4}-[0-9]{2}-[0-9]{2})").expect("valid regex"));

static EXPECT_RE: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"rampart:expect-lines\s+([0-9][0-9,\s]*)").expect("valid regex"));

/// A rules-tests case file.
pub struct Case {
    pub path: PathBuf,
    pub name: String,
    pub text: String,
}

impl Case {
    pub fn is_fail(&self) -> bool {
        self.name.starts_with("fail")
    }
    pub fn is_pass(&self) -> bool {
        self.name.starts_with("pass")
    }
}

/// Where a rule's cases live: `<cases_root>/<rule path without .rego>/`.
pub fn case_dir(policy: &Policy, cases_root: &Path) -> PathBuf {
    cases_root.join(policy.source.rel.trim_end_matches(".rego"))
}

pub fn read_cases(dir: &Path) -> Vec<Case> {
    let Ok(entries) = std::fs::read_dir(dir) else { return Vec::new() };
    let mut cases: Vec<Case> = entries
        .flatten()
        .filter(|e| e.path().is_file())
        .filter_map(|e| {
            let name = e.file_name().to_string_lossy().into_owned();
            let text = std::fs::read_to_string(e.path()).ok()?;
            (name.starts_with("fail") || name.starts_with("pass")).then(|| Case { path: e.path(), name, text })
        })
        .collect();
    cases.sort_by(|a, b| a.name.cmp(&b.name));
    cases
}

/// Lines a fail case says its findings start on, if it says.
/// The date a case is evaluated on (`# rampart:today YYYY-MM-DD`), for rules that depend on
/// the calendar: the case then means the same thing every day.
pub fn pinned_today(text: &str) -> Option<String> {
    let caps = TODAY_RE.captures(text)?;
    caps[1].parse::<crate::date::Date>().ok().map(|d| d.to_string())
}

pub fn expected_lines(text: &str) -> Option<BTreeSet<u32>> {
    let caps = EXPECT_RE.captures(text)?;
    Some(caps[1].split([',', ' ', '\t']).filter_map(|n| n.trim().parse().ok()).collect())
}

/// The path a case named `name`, for a rule reading `models`, is scanned as. GitHub files are
/// what they are by where they live, so a GitHub rule's case is read as a workflow
/// (`.github/workflows/NAME`), or as an action (`STEM/action.yml`) when its name says
/// `action` (or the rule reads only actions); a Dependabot rule's as `STEM/.github/dependabot.yml`
/// a GitLab rule's as `STEM/.gitlab-ci.yml` and a Compose rule's as `STEM/compose.yaml`; any
/// other case as its own name.
pub fn scanned_as(models: &[Model], name: &str) -> String {
    let stem = name.rsplit_once('.').map_or(name, |(s, _)| s);
    let workflow = models.contains(&Model::GithubWorkflow);
    if models.contains(&Model::GitlabCi) {
        format!("{stem}/.gitlab-ci.yml")
    } else if models.contains(&Model::Compose) {
        format!("{stem}/compose.yaml")
    } else if models.contains(&Model::Dependabot) {
        format!("{stem}/.github/dependabot.yml")
    } else if models.contains(&Model::GithubAction) && (name.contains("action") || !workflow) {
        format!("{stem}/action.yml")
    } else if workflow {
        format!(".github/workflows/{name}")
    } else {
        name.to_string()
    }
}
