//! `rampart audit aws|k8s`: collect live resources into the same documents a scan builds, then
//! evaluate, report and gate exactly like a scan, so one set of policies covers both.

use std::process::ExitCode;

use anyhow::Result;

use crate::cli::{AuditArgs, AuditTarget};
use crate::pipeline::{self, report_and_gate, OutputPlan, Scanned};

pub fn run(args: AuditArgs) -> Result<ExitCode> {
    let (eval, report) = match &args.target {
        AuditTarget::Aws(a) => (&a.eval, &a.report),
        AuditTarget::K8s(a) => (&a.eval, &a.report),
    };
    let plan = OutputPlan::new(report)?;
    let Scanned { report: result, config } =
        pipeline::audit(eval, &plan, report.strict, |progress| match &args.target {
            AuditTarget::Aws(a) => crate::audit::aws::collect(a, progress),
            AuditTarget::K8s(a) => crate::audit::k8s::collect(a, progress),
        })?;
    report_and_gate(result, &config, report, &plan)
}
