//! `rampart rules` and `rampart rules explain ID`: everything printed here comes from the
//! rules' METADATA and their rules-tests cases, the one source of truth.

use std::io::Write;
use std::process::ExitCode;

use anyhow::{bail, Result};
use comfy_table::{presets, ContentArrangement, Table};

use super::EXIT_OK;
use crate::cli::{RulesAction, RulesArgs};
use crate::policy::{self, Policy};

pub fn run(args: RulesArgs) -> Result<ExitCode> {
    let set = policy::load(policy::gather_sources(!args.policies.no_builtin, &args.policies.policy)?, false)?;
    if !args.policies.policy.is_empty() {
        // Listing custom rules also checks that they compile.
        policy::compile(&set.sources)?;
    }
    match &args.action {
        None if args.format == "markdown" => {
            // Written, not printed: `rampart rules -f markdown | head` must not panic.
            std::io::stdout().lock().write_all(reference(&set.policies, &args.policies.policy).as_bytes())?
        }
        None => list(&set.policies, &args.format)?,
        Some(RulesAction::Explain { id }) => {
            let Some(p) = set.policies.iter().find(|p| p.meta.id.eq_ignore_ascii_case(id)) else {
                bail!("unknown rule {id:?} (see `rampart rules`)");
            };
            print!("{}", explain(p, &args.policies.policy));
        }
    }
    Ok(ExitCode::from(EXIT_OK))
}

fn list(policies: &[Policy], format: &str) -> Result<()> {
    match format {
        "json" => {
            let metas: Vec<_> = policies.iter().map(|p| &p.meta).collect();
            println!("{}", serde_json::to_string_pretty(&metas)?);
        }
        "table" => {
            let mut table = Table::new();
            table.load_preset(presets::UTF8_FULL_CONDENSED).set_content_arrangement(ContentArrangement::Dynamic);
            table.set_header(vec!["ID", "Severity", "Platform", "Title"]);
            for p in policies {
                let title =
                    if p.meta.deprecated { format!("{} (deprecated)", p.meta.title) } else { p.meta.title.clone() };
                table.add_row(vec![p.meta.id.clone(), p.meta.severity.to_string(), p.meta.platform().into(), title]);
            }
            println!("{table}");
            println!("{} rules", policies.len());
        }
        other => bail!("unknown format {other:?}: expected table, json or markdown"),
    }
    Ok(())
}

/// The rule reference (docs/rules.md): an index, then each rule's help as SARIF shows it.
pub fn reference(policies: &[Policy], dirs: &[std::path::PathBuf]) -> String {
    let mut out = String::from(
        "# Rule reference\n\n\
         <!-- Generated from the rules' METADATA by `rampart rules --format markdown`: do not edit.\n\
         \x20    Regenerate with: cargo run --quiet -- rules --format markdown > docs/rules.md -->\n\n",
    );
    let mut platforms: Vec<&str> = policies.iter().map(|p| p.meta.platform()).collect();
    platforms.dedup();
    let counts: Vec<String> = platforms
        .iter()
        .map(|pl| format!("{} {pl}", policies.iter().filter(|p| p.meta.platform() == *pl).count()))
        .collect();
    out.push_str(&format!(
        "{} rules ({}). `rampart rules explain ID` prints the same text in a terminal.\n\n",
        policies.len(),
        counts.join(", ")
    ));
    out.push_str("| ID | Severity | Platform | Title |\n| --- | --- | --- | --- |\n");
    for p in policies {
        let m = &p.meta;
        let title = if m.deprecated { format!("{} (deprecated)", m.title) } else { m.title.clone() };
        out.push_str(&format!(
            "| [{}](#{}) | {} | {} | {} |\n",
            m.id,
            m.id.to_ascii_lowercase(),
            m.severity,
            m.platform(),
            title.replace('|', "\\|")
        ));
    }
    for p in policies {
        let m = &p.meta;
        out.push_str(&format!("\n## {}\n\n", m.id));
        let status = if m.deprecated { " · **Deprecated**" } else { "" };
        out.push_str(&format!("**Platform:** {} · **Severity:** {}{status}\n\n", m.platform(), m.severity));
        out.push_str(&policy::help::markdown(m, &policy::help::examples(p, dirs)));
    }
    out
}

pub fn explain(p: &Policy, dirs: &[std::path::PathBuf]) -> String {
    let m = &p.meta;
    let mut out = format!("{} {}\n\n", m.id, m.title);
    out.push_str(&format!("Severity:  {}\nPlatform:  {}\n", m.severity, m.platform()));
    for s in &m.selectors {
        let mut line = format!("Input:     {}", s.model.as_str());
        if !s.kinds.is_empty() {
            line.push_str(&format!(" ({})", s.kinds.join(", ")));
        }
        if !s.files.is_empty() {
            line.push_str(&format!(" files {}", s.files.join(", ")));
        }
        out.push_str(&line);
        out.push('\n');
    }
    out.push_str(&format!("Policy:    {} ({})\n", p.source.display, p.package));
    let peers = crate::peers::peers_of(&m.id);
    if !peers.is_empty() {
        // What `--honor-peer-ignores` reads as a waiver of this rule.
        out.push_str(&format!("Peers:     {}\n", peers.join(", ")));
    }
    if m.deprecated {
        out.push_str("Status:    deprecated\n");
    }
    out.push('\n');
    out.push_str(&policy::help::text(m, &policy::help::examples(p, dirs)));
    out
}
