//! `rampart baseline create`: record today's findings so that a gate fails only on new ones.

use std::process::ExitCode;

use anyhow::Result;

use super::EXIT_OK;
use crate::baseline::Baseline;
use crate::cli::{BaselineAction, BaselineArgs};
use crate::diagnostic::Level;
use crate::pipeline;

pub fn run(args: BaselineArgs) -> Result<ExitCode> {
    match args.action {
        BaselineAction::Create { scan, output } => {
            let scanned = pipeline::scan(&scan, &pipeline::OutputPlan::none())?;
            let baseline = Baseline::of(&scanned.report.findings);
            baseline.write(&output)?;
            for d in scanned.report.diagnostics.iter().filter(|d| d.level == Level::Error) {
                eprintln!("{d}");
            }
            eprintln!("wrote {} findings to {}", baseline.findings.len(), output.display());
            Ok(ExitCode::from(EXIT_OK))
        }
    }
}
