//! The baseline file: the fingerprints of findings a team has accepted, so that a gate fails
//! only on new ones. `rampart baseline create` writes it; every scan and audit can read it.
//!
//! A baseline holds fingerprints, which leave line numbers out, so moving code or adding lines
//! above a finding does not make it new.

use std::collections::BTreeSet;
use std::path::Path;

use anyhow::{bail, Context, Result};
use serde::{Deserialize, Serialize};

use crate::finding::Finding;

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

impl Baseline {
    /// The unsuppressed findings of a report, sorted and without duplicates.
    pub fn of(findings: &[Finding]) -> Baseline {
        let mut entries: Vec<Entry> = findings
            .iter()
            .filter(|f| !f.is_suppressed())
            .map(|f| Entry {
                fingerprint: f.fingerprint.clone(),
                rule_id: f.rule_id.to_string(),
                file: f.file.to_string(),
                resource: f.resource.clone(),
            })
            .collect();
        entries.sort();
        entries.dedup();
        Baseline { version: VERSION, tool: format!("rampart {}", env!("CARGO_PKG_VERSION")), findings: entries }
    }

    pub fn write(&self, path: &Path) -> Result<()> {
        let mut text = serde_json::to_string_pretty(self)?;
        text.push('\n');
        std::fs::write(path, text).with_context(|| format!("writing {}", path.display()))
    }
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
