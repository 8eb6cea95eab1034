//! `rampart scan`: walk, collect, evaluate in parallel, suppress, report, gate (the pipeline).

use std::process::ExitCode;

use anyhow::Result;

use crate::cli::ScanArgs;
use crate::pipeline::{self, report_and_gate, OutputPlan, Scanned};

pub fn run(args: ScanArgs) -> Result<ExitCode> {
    let plan = OutputPlan::new(&args.report)?;
    let Scanned { report, config } = pipeline::scan(&args.scan, &plan)?;
    report_and_gate(report, &config, &args.report, &plan)
}
