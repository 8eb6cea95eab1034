//! A rule's help, from its METADATA and its rules-tests cases: the one text that
//! `rampart rules explain`, SARIF `help` and the docs all show.

use std::path::PathBuf;

use super::{builtin_cases, Metadata, Policy};

/// The first fail and pass example of a rule: embedded for built-ins, from disk otherwise.
pub fn examples(p: &Policy, dirs: &[PathBuf]) -> Vec<(String, String)> {
    let prefix = format!("{}/", p.source.rel.trim_end_matches(".rego"));
    let mut cases: Vec<(String, String)> = if p.source.builtin {
        builtin_cases()
            .iter()
            .filter_map(|(path, text)| path.strip_prefix(&prefix).map(|n| (n.to_string(), text.to_string())))
            .filter(|(n, _)| !n.contains('/'))
            .collect()
    } else {
        dirs.iter()
            .flat_map(|d| {
                let sibling = d.join("..").join("rules-tests");
                let root = if sibling.is_dir() { sibling } else { d.clone() };
                super::cases::read_cases(&super::cases::case_dir(p, &root))
            })
            .map(|c| (c.name, c.text))
            .collect()
    };
    cases.sort();
    let first = |prefix: &str| cases.iter().find(|(n, _)| n.starts_with(prefix)).cloned();
    first("fail").into_iter().chain(first("pass")).map(|(n, t)| (n, strip_test_markers(&t))).collect()
}

fn strip_test_markers(text: &str) -> String {
    text.lines()
        .filter(|l| !l.contains("rampart:expect-lines") && !l.contains("rampart:today"))
        .map(|l| format!("{l}\n"))
        .collect()
}

fn example_label(name: &str) -> &'static str {
    if name.starts_with("fail") {
        "Example that fails"
    } else {
        "Example that passes"
    }
}

fn fence_language(name: &str) -> &'static str {
    let lower = name.to_ascii_lowercase();
    if lower.ends_with(".yaml") || lower.ends_with(".yml") {
        "yaml"
    } else if lower.ends_with(".json") {
        "json"
    } else if lower.ends_with(".toml") {
        "toml"
    } else if lower.contains("dockerfile") {
        "dockerfile"
    } else if lower.ends_with(".tf") || lower.ends_with(".tfvars") {
        "hcl"
    } else {
        ""
    }
}

/// Plain-text help: description, remediation, compliance, references, examples.
pub fn text(m: &Metadata, examples: &[(String, String)]) -> String {
    let mut out = format!("{}\n\nRemediation:\n  {}\n", m.description, m.recommended_action);
    if !m.frameworks.is_empty() {
        out.push_str("\nCompliance:\n");
        for (framework, controls) in &m.frameworks {
            out.push_str(&format!("  {framework}: {}\n", controls.join(", ")));
        }
    }
    if !m.related_resources.is_empty() {
        out.push_str("\nReferences:\n");
        for r in &m.related_resources {
            out.push_str(&format!("  {r}\n"));
        }
    }
    for (name, body) in examples {
        out.push_str(&format!("\n{} ({name}):\n", example_label(name)));
        for line in body.lines() {
            out.push_str(&format!("  {line}\n"));
        }
    }
    out
}

/// The same help as Markdown (SARIF `help.markdown`, generated docs).
pub fn markdown(m: &Metadata, examples: &[(String, String)]) -> String {
    let mut out = format!(
        "**{}** ({}, {})\n\n{}\n\n**Remediation:** {}\n",
        m.title, m.id, m.severity, m.description, m.recommended_action
    );
    if !m.frameworks.is_empty() {
        out.push_str("\n**Compliance:**\n\n");
        for (framework, controls) in &m.frameworks {
            out.push_str(&format!("- {framework}: {}\n", controls.join(", ")));
        }
    }
    if !m.related_resources.is_empty() {
        out.push_str("\n**References:**\n\n");
        for r in &m.related_resources {
            out.push_str(&format!("- <{r}>\n"));
        }
    }
    for (name, body) in examples {
        out.push_str(&format!("\n**{}** (`{name}`):\n\n```{}\n{body}```\n", example_label(name), fence_language(name)));
    }
    out
}
