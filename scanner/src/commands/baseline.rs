//! `rampart baseline create`: record today's findings so that a gate fails only on new ones.
//!
//! A baseline holds fingerprints, which leave line numbers out, so moving code or adding lines
//! above a finding does not make it new.

use std::collections::BTreeSet;
use std::path::Path;
use std::process::ExitCode;

use anyhow::{bail, Context, Result};
use serde::{Deserialize, Serialize};

use super::EXIT_OK;
use crate::cli::{BaselineAction, BaselineArgs};

pub const VERSION: u32 = 1;

#[derive(Debug, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Baseline {
    pub version: u32,
    pub tool: String,
    pub findings: Vec<Entry>,
}

#[derive(Debug, Serialize, Deserialize, PartialEq, Eq, PartialOrd, Ord)]
#[serde(deny_unknown_fields)]
pub struct Entry {
    pub fingerprint: String,
    pub rule_id: String,
    pub file: String,
    pub resource: String,
}

/// The fingerprints recorded in a baseline file.
pub fn load(path: &Path) -> Result<BTreeSet<String>> {
    let text = std::fs::read_to_string(path).with_context(|| format!("reading baseline {}", path.display()))?;
    let baseline: Baseline =
        serde_json::from_str(&text).with_context(|| format!("{} is not a Rampart baseline", path.display()))?;
    if baseline.version != VERSION {
        bail!("{}: baseline version {} is not supported (expected {VERSION})", path.display(), baseline.version);
    }
    Ok(baseline.findings.into_iter().map(|e| e.fingerprint).collect())
}

pub fn run(args: BaselineArgs) -> Result<ExitCode> {
    match args.action {
        BaselineAction::Create { scan, output } => {
            let scanned = super::scan::execute(&scan, &[], false)?;
            let mut findings: Vec<Entry> = scanned
                .report
                .findings
                .iter()
                .filter(|f| !f.is_suppressed())
                .map(|f| Entry {
                    fingerprint: f.fingerprint.clone(),
                    rule_id: f.rule_id.to_string(),
                    file: f.file.to_string(),
                    resource: f.resource.clone(),
                })
                .collect();
            findings.sort();
            findings.dedup();
            let count = findings.len();
            let baseline =
                Baseline { version: VERSION, tool: format!("rampart {}", env!("CARGO_PKG_VERSION")), findings };
            let mut text = serde_json::to_string_pretty(&baseline)?;
            text.push('\n');
            std::fs::write(&output, text).with_context(|| format!("writing {}", output.display()))?;
            for d in scanned.report.diagnostics.iter().filter(|d| d.level == crate::finding::Level::Error) {
                eprintln!("{d}");
            }
            eprintln!("wrote {count} findings to {}", output.display());
            Ok(ExitCode::from(EXIT_OK))
        }
    }
}
