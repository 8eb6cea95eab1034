//! `rampart compliance list`: the frameworks a scan can summarise, and how many rules and
//! controls each has.

use std::process::ExitCode;

use anyhow::Result;
use comfy_table::{presets, Table};

use super::EXIT_OK;
use crate::cli::{ComplianceAction, ComplianceArgs};
use crate::policy::{self, compliance};

pub fn run(args: ComplianceArgs) -> Result<ExitCode> {
    match args.action {
        ComplianceAction::List => {
            let set = policy::load(policy::builtin_sources(), false)?;
            let mut table = Table::new();
            table.load_preset(presets::UTF8_FULL_CONDENSED);
            table.set_header(vec!["Framework", "Title", "Version", "Controls", "Automated", "Rules"]);
            for fw in compliance::frameworks()? {
                let rules: Vec<_> = set.policies.iter().filter(|p| p.meta.frameworks.contains_key(&fw.id)).collect();
                let automated = fw
                    .controls
                    .iter()
                    .filter(|c| rules.iter().any(|p| p.meta.frameworks[&fw.id].contains(&c.id)))
                    .count();
                table.add_row(vec![
                    fw.id.clone(),
                    fw.title.clone(),
                    fw.version.clone(),
                    fw.controls.len().to_string(),
                    automated.to_string(),
                    rules.len().to_string(),
                ]);
            }
            println!("{table}");
            Ok(ExitCode::from(EXIT_OK))
        }
    }
}
