//! `rampart audit aws|k8s`: collect live resources into the same documents a scan builds, then
//! evaluate, report and gate exactly like a scan, so one set of policies covers both.

use std::process::ExitCode;

use anyhow::{Context, Result};

use super::scan::{report_and_gate, OutputPlan, Session};
use crate::audit::Collected;
use crate::cli::{AuditArgs, AuditTarget, EvalOptions, ReportArgs};
use crate::finding::Level;

pub fn run(args: AuditArgs) -> Result<ExitCode> {
    match args.target {
        AuditTarget::Aws(a) => {
            let (eval, report) = (&a.eval, &a.report);
            audit(eval, report, |session| crate::audit::aws::collect(&a, session))
        }
        AuditTarget::K8s(a) => {
            let (eval, report) = (&a.eval, &a.report);
            audit(eval, report, |session| crate::audit::k8s::collect(&a, session))
        }
    }
}

fn audit(
    eval: &EvalOptions,
    report: &ReportArgs,
    collect: impl FnOnce(&Session) -> Result<Collected>,
) -> Result<ExitCode> {
    let plan = OutputPlan::new(report)?;
    let cwd = std::env::current_dir().context("reading the current directory")?;
    let mut session = Session::new(eval, &cwd, &plan.frameworks)?;
    let mut collected = collect(&session)?;
    if report.strict {
        // A nightly audit run with --strict must not pass while part of the account went unread.
        for d in collected.diagnostics.iter_mut().filter(|d| d.level == Level::Warning) {
            d.level = Level::Error;
        }
    }
    session.engine.use_vm(super::scan::bytecode(session.bytecode, collected.documents.len()));
    let evaluated = session.evaluate(collected.documents);
    let mut result = session.finish(evaluated, collected.diagnostics, collected.resources, plan.with_help)?;
    result.stats.resources = true;
    report_and_gate(result, &session.loaded, report, &plan)
}
