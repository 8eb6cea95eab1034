//! Live audits: collectors that read an AWS account or a Kubernetes cluster through their APIs
//! and produce the same documents as the IaC and manifest collectors.
//!
//! Faults are findings about coverage, not crashes: a resource that cannot be read becomes a
//! "not evaluated" diagnostic naming it and the permission missing, and the audit goes on.

#[cfg(feature = "aws")]
pub mod aws;
#[cfg(feature = "k8s")]
pub mod k8s;

/// Builds without a live-cloud feature still know the command, and say why it cannot run.
#[cfg(not(feature = "aws"))]
pub mod aws {
    pub fn collect(_: &crate::cli::AuditAwsArgs, _: bool) -> anyhow::Result<super::Collected> {
        anyhow::bail!("this rampart was built without the `aws` feature: rebuild with `--features aws`")
    }
}

#[cfg(not(feature = "k8s"))]
pub mod k8s {
    pub fn collect(_: &crate::cli::AuditK8sArgs, _: bool) -> anyhow::Result<super::Collected> {
        anyhow::bail!("this rampart was built without the `k8s` feature: rebuild with `--features k8s`")
    }
}

use crate::diagnostic::Diagnostic;
use crate::document::Document;

/// What a live collector read.
#[derive(Debug, Default)]
pub struct Collected {
    pub documents: Vec<Document>,
    pub diagnostics: Vec<Diagnostic>,
    /// How many resources were read (reported as `files_scanned`).
    pub resources: usize,
}
