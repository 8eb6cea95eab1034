//! Every AWS request of the audit goes through `Api::call`: it bounds how many are in flight,
//! counts them, tells "not configured" answers from failures, and turns a failure into a
//! "not evaluated" diagnostic naming the IAM action the audit needs. The operation table is
//! also what `deploy/aws/rampart-audit-policy.json` is checked against.

use std::error::Error as StdError;
use std::future::Future;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};

use aws_sdk_s3::error::{ProvideErrorMetadata, SdkError};
use tokio::sync::Semaphore;

use crate::progress::Progress;

/// The operations the collector calls.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Op {
    GetCallerIdentity,
    GetAccountAuthorizationDetails,
    ListMfaDevices,
    ListAccessKeys,
    GetAccessKeyLastUsed,
    GetLoginProfile,
    GetAccountPasswordPolicy,
    GetAccountSummary,
    GenerateCredentialReport,
    GetCredentialReport,
    ListBuckets,
    GetBucketLocation,
    GetBucketAcl,
    GetBucketPolicy,
    GetPublicAccessBlock,
    GetBucketEncryption,
    GetBucketVersioning,
    GetBucketLogging,
    GetObjectLockConfiguration,
    GetBucketWebsite,
}

/// Operation → (API name, IAM action it needs, error codes that mean "not configured").
pub const OPERATIONS: &[(Op, &str, &str, &[&str])] = &[
    (Op::GetCallerIdentity, "GetCallerIdentity", "sts:GetCallerIdentity", &[]),
    (Op::GetAccountAuthorizationDetails, "GetAccountAuthorizationDetails", "iam:GetAccountAuthorizationDetails", &[]),
    (Op::ListMfaDevices, "ListMFADevices", "iam:ListMFADevices", &[]),
    (Op::ListAccessKeys, "ListAccessKeys", "iam:ListAccessKeys", &[]),
    (Op::GetAccessKeyLastUsed, "GetAccessKeyLastUsed", "iam:GetAccessKeyLastUsed", &[]),
    (Op::GetLoginProfile, "GetLoginProfile", "iam:GetLoginProfile", &["NoSuchEntity"]),
    (Op::GetAccountPasswordPolicy, "GetAccountPasswordPolicy", "iam:GetAccountPasswordPolicy", &["NoSuchEntity"]),
    (Op::GetAccountSummary, "GetAccountSummary", "iam:GetAccountSummary", &[]),
    (Op::GenerateCredentialReport, "GenerateCredentialReport", "iam:GenerateCredentialReport", &[]),
    (Op::GetCredentialReport, "GetCredentialReport", "iam:GetCredentialReport", &[]),
    (Op::ListBuckets, "ListBuckets", "s3:ListAllMyBuckets", &[]),
    (Op::GetBucketLocation, "GetBucketLocation", "s3:GetBucketLocation", &[]),
    (Op::GetBucketAcl, "GetBucketAcl", "s3:GetBucketAcl", &[]),
    (Op::GetBucketPolicy, "GetBucketPolicy", "s3:GetBucketPolicy", &["NoSuchBucketPolicy"]),
    (
        Op::GetPublicAccessBlock,
        "GetPublicAccessBlock",
        "s3:GetBucketPublicAccessBlock",
        &["NoSuchPublicAccessBlockConfiguration"],
    ),
    (
        Op::GetBucketEncryption,
        "GetBucketEncryption",
        "s3:GetEncryptionConfiguration",
        &["ServerSideEncryptionConfigurationNotFoundError"],
    ),
    (Op::GetBucketVersioning, "GetBucketVersioning", "s3:GetBucketVersioning", &[]),
    (Op::GetBucketLogging, "GetBucketLogging", "s3:GetBucketLogging", &[]),
    (
        Op::GetObjectLockConfiguration,
        "GetObjectLockConfiguration",
        "s3:GetBucketObjectLockConfiguration",
        &["ObjectLockConfigurationNotFoundError"],
    ),
    (Op::GetBucketWebsite, "GetBucketWebsite", "s3:GetBucketWebsite", &["NoSuchWebsiteConfiguration"]),
];

fn describe(op: Op) -> (&'static str, &'static str, &'static [&'static str]) {
    OPERATIONS
        .iter()
        .find(|(o, ..)| *o == op)
        .map_or(("?", "?", &[]), |(_, name, action, missing)| (*name, *action, *missing))
}

/// What a call gave.
#[derive(Debug)]
pub enum Got<T> {
    Ok(T),
    /// The configuration does not exist: the defaults apply.
    Missing,
    /// The call failed; a diagnostic was recorded and the attributes it feeds stay `null`.
    Failed,
}

impl<T> Got<T> {
    pub fn ok(self) -> Option<T> {
        match self {
            Got::Ok(v) => Some(v),
            _ => None,
        }
    }
}

/// A failed call, for the diagnostics.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Failure {
    pub resource: String,
    pub operation: &'static str,
    pub code: String,
    pub action: &'static str,
}

impl Failure {
    pub fn message(&self) -> String {
        format!(
            "not evaluated: {}: {} failed ({}); the audit needs {}",
            self.resource, self.operation, self.code, self.action
        )
    }
}

pub struct Api {
    permits: Semaphore,
    calls: AtomicUsize,
    failures: Mutex<Vec<Failure>>,
    progress: Progress,
}

impl Api {
    pub fn new(concurrency: usize, progress: bool) -> Arc<Api> {
        Arc::new(Api {
            permits: Semaphore::new(concurrency.max(1)),
            calls: AtomicUsize::new(0),
            failures: Mutex::new(Vec::new()),
            progress: Progress::counter("AWS requests", progress),
        })
    }

    /// Run one request under the concurrency bound.
    pub async fn call<T, E, R, F>(&self, op: Op, resource: &str, request: F) -> Got<T>
    where
        F: Future<Output = Result<T, SdkError<E, R>>>,
        E: ProvideErrorMetadata + StdError + 'static,
        R: std::fmt::Debug,
    {
        let result = {
            // The semaphore is never closed, so acquiring only fails if it were; run unbounded then.
            let _permit = self.permits.acquire().await.ok();
            self.calls.fetch_add(1, Ordering::Relaxed);
            request.await
        };
        self.progress.tick();
        let (operation, action, missing) = describe(op);
        match result {
            Ok(v) => Got::Ok(v),
            Err(err) => {
                let code = error_code(&err);
                if missing.contains(&code.as_str()) {
                    return Got::Missing;
                }
                let failure = Failure { resource: resource.to_string(), operation, code, action };
                if let Ok(mut f) = self.failures.lock() {
                    f.push(failure);
                }
                Got::Failed
            }
        }
    }

    /// Record a failure that is not a failed request (a report never ready, an answer that
    /// does not parse).
    pub fn record_failure(&self, resource: &str, op: Op, code: &str) {
        let (operation, action, _) = describe(op);
        if let Ok(mut f) = self.failures.lock() {
            f.push(Failure { resource: resource.to_string(), operation, code: code.to_string(), action });
        }
    }

    pub fn calls(&self) -> usize {
        self.calls.load(Ordering::Relaxed)
    }

    pub fn failures(&self) -> Vec<Failure> {
        let mut f = self.failures.lock().map(|f| f.clone()).unwrap_or_default();
        f.sort_by(|a, b| (&a.resource, a.operation).cmp(&(&b.resource, b.operation)));
        f
    }

    /// End the progress line so that what follows starts on its own.
    pub fn finish_progress(&self) {
        self.progress.finish();
    }
}

/// The service's error code, or what kind of failure it was when the service gave none (a
/// connection failure, a response the SDK could not read).
fn error_code<E, R>(err: &SdkError<E, R>) -> String
where
    E: ProvideErrorMetadata + StdError + 'static,
    R: std::fmt::Debug,
{
    if let Some(code) = err.code() {
        return code.to_string();
    }
    match err {
        SdkError::ConstructionFailure(_) => "request not built".into(),
        SdkError::TimeoutError(_) => "timed out".into(),
        SdkError::DispatchFailure(_) => "connection failed".into(),
        SdkError::ResponseError(_) => "response not understood".into(),
        SdkError::ServiceError(_) => "response not understood".into(),
        _ => "unknown error".into(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::BTreeSet;

    /// The published policy grants exactly the actions the collector's calls need.
    #[test]
    fn audit_policy_lists_exactly_the_called_actions() {
        let text = include_str!("../../../../deploy/aws/rampart-audit-policy.json");
        let policy: serde_json::Value = serde_json::from_str(text).expect("the policy is JSON");
        let mut granted = BTreeSet::new();
        for s in policy["Statement"].as_array().expect("statements") {
            assert_eq!(s["Effect"], "Allow");
            for a in s["Action"].as_array().expect("action list") {
                granted.insert(a.as_str().expect("action").to_string());
            }
        }
        let called: BTreeSet<String> = OPERATIONS.iter().map(|(_, _, a, _)| a.to_string()).collect();
        assert_eq!(granted, called);
    }

    #[test]
    fn every_operation_is_described() {
        let all = [
            Op::GetCallerIdentity,
            Op::GetAccountAuthorizationDetails,
            Op::ListMfaDevices,
            Op::ListAccessKeys,
            Op::GetAccessKeyLastUsed,
            Op::GetLoginProfile,
            Op::GetAccountPasswordPolicy,
            Op::GetAccountSummary,
            Op::GenerateCredentialReport,
            Op::GetCredentialReport,
            Op::ListBuckets,
            Op::GetBucketLocation,
            Op::GetBucketAcl,
            Op::GetBucketPolicy,
            Op::GetPublicAccessBlock,
            Op::GetBucketEncryption,
            Op::GetBucketVersioning,
            Op::GetBucketLogging,
            Op::GetObjectLockConfiguration,
            Op::GetBucketWebsite,
        ];
        for op in all {
            assert_ne!(describe(op).1, "?", "{op:?}");
        }
        assert_eq!(OPERATIONS.len(), all.len());
    }

    #[test]
    fn failure_message_names_the_action() {
        let f = Failure {
            resource: "arn:aws:s3:::b".into(),
            operation: "GetBucketPolicy",
            code: "AccessDenied".into(),
            action: "s3:GetBucketPolicy",
        };
        assert_eq!(
            f.message(),
            "not evaluated: arn:aws:s3:::b: GetBucketPolicy failed (AccessDenied); the audit needs s3:GetBucketPolicy"
        );
    }
}
