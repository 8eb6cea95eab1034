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
use std::collections::HashSet;
use std::time::{Duration, Instant};

use crate::document::Document;

/// What a live collector read.
#[derive(Debug, Default)]
pub struct Collected {
    pub documents: Vec<Document>,
    pub diagnostics: Vec<Diagnostic>,
    /// How many resources were read (reported as `files_scanned`).
    pub resources: usize,
}

/// Most pages one listing may take: far beyond any real account or cluster (millions of
/// objects), near enough that a hostile endpoint cannot keep an audit listing forever.
pub const MAX_PAGES: usize = 10_000;

/// Longest one listing may take, all its pages together (each page also has a timeout).
pub const MAX_LISTING_TIME: Duration = Duration::from_secs(600);

/// The end of a listing decided by its pagination tokens: a token seen before (repeated or
/// alternating, as a hostile or broken endpoint may answer), too many pages or too long end it,
/// with the reason.
#[derive(Debug)]
pub struct Pages {
    seen: HashSet<String>,
    pages: usize,
    started: Instant,
}

impl Default for Pages {
    fn default() -> Self {
        Pages { seen: HashSet::new(), pages: 0, started: Instant::now() }
    }
}

impl Pages {
    /// The token of the next page, when the listing should go on: `Ok(Some)` to follow it,
    /// `Ok(None)` when the listing is complete, `Err` (why) when it must stop short.
    pub fn next(&mut self, token: Option<&str>) -> Result<Option<String>, String> {
        self.pages += 1;
        let Some(token) = token.filter(|t| !t.is_empty()) else { return Ok(None) };
        if self.pages >= MAX_PAGES {
            return Err(format!("the listing went past {MAX_PAGES} pages"));
        }
        if self.started.elapsed() > MAX_LISTING_TIME {
            return Err(format!("the listing took longer than {} s", MAX_LISTING_TIME.as_secs()));
        }
        if !self.seen.insert(token.to_string()) {
            return Err(format!("the endpoint handed back a pagination token it had given before ({token:?})"));
        }
        Ok(Some(token.to_string()))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn pagination_ends_on_repeated_or_alternating_tokens_and_on_too_many_pages() {
        let mut p = Pages::default();
        assert_eq!(p.next(Some("a")), Ok(Some("a".to_string())));
        assert_eq!(p.next(Some("b")), Ok(Some("b".to_string())));
        assert!(p.next(Some("a")).unwrap_err().contains("given before"), "alternating tokens end the listing");
        assert_eq!(Pages::default().next(None), Ok(None));
        assert_eq!(Pages::default().next(Some("")), Ok(None));
        let mut endless = Pages::default();
        let stop = (0..MAX_PAGES + 1).map(|i| endless.next(Some(&i.to_string()))).find(|r| r.is_err());
        assert!(stop.unwrap().unwrap_err().contains("pages"));
    }
}
