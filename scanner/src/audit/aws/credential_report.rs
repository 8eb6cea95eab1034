//! The IAM credential report: the one place AWS says when each console password (and the root
//! user) was last used. GetAccountAuthorizationDetails and the per-user calls cannot tell a
//! forgotten password from a daily one; the report can, for a whole account in two requests.

use std::collections::HashMap;
use std::time::Duration;

use aws_sdk_iam::primitives::{DateTime, DateTimeFormat};
use aws_sdk_iam::types::ReportStateType;
use aws_sdk_iam::Client;
use serde_json::{json, Value as Json};

use super::client::{Api, Op};

/// How long AWS may take to build a report before the audit goes on without it.
const POLLS: u32 = 8;

/// Console password use of one user, in days before the audit (`None`: not known).
#[derive(Debug, Default, Clone, PartialEq)]
pub struct PasswordUse {
    pub enabled: Option<bool>,
    pub ever_used: Option<bool>,
    pub last_used_days: Option<i64>,
    pub age_days: Option<i64>,
}

impl PasswordUse {
    /// The user attributes it feeds (all `null` when the report could not be read).
    pub fn attributes(this: Option<&PasswordUse>) -> [(&'static str, Json); 3] {
        let this = this.cloned().unwrap_or_default();
        [
            ("password_ever_used", json!(this.ever_used)),
            ("password_last_used_days", json!(this.last_used_days)),
            ("password_age_days", json!(this.age_days)),
        ]
    }
}

#[derive(Debug, Default, PartialEq)]
pub struct Report {
    /// By user ARN.
    pub users: HashMap<String, PasswordUse>,
    /// Days since the root user last signed in or used an access key.
    pub root_last_used_days: Option<i64>,
}

/// Generate the report (polling while AWS builds it) and read it. `None`, with a "not
/// evaluated" diagnostic, when either request fails or the report is not ready in time.
pub async fn read(api: &Api, client: &Client, account_ref: &str, now: i64) -> Option<Report> {
    let mut ready = false;
    for attempt in 0..POLLS {
        let state = api
            .call(Op::GenerateCredentialReport, account_ref, client.generate_credential_report().send())
            .await
            .ok()?;
        if state.state() == Some(&ReportStateType::Complete) {
            ready = true;
            break;
        }
        tokio::time::sleep(Duration::from_millis(250 << attempt.min(3))).await;
    }
    if !ready {
        api.record_failure(account_ref, Op::GenerateCredentialReport, "report not ready in time");
        return None;
    }
    let out = api.call(Op::GetCredentialReport, account_ref, client.get_credential_report().send()).await.ok()?;
    let text = out.content().and_then(|c| std::str::from_utf8(c.as_ref()).ok());
    match text.map(|t| parse(t, now)) {
        Some(Some(report)) => Some(report),
        _ => {
            api.record_failure(account_ref, Op::GetCredentialReport, "report not understood");
            None
        }
    }
}

/// Days from an RFC 3339 time in the report to `now`; `None` for `N/A`, `no_information`,
/// `not_supported` or anything else that is not a time.
fn days_ago(value: &str, now: i64) -> Option<i64> {
    let t = DateTime::from_str(value, DateTimeFormat::DateTimeWithOffset).ok()?;
    Some((now - t.secs()).max(0) / 86_400)
}

/// The report's CSV. Its columns are found by name; IAM names may contain commas, which the
/// report does not quote, so a row's user and ARN are what lies before the fixed columns.
pub fn parse(text: &str, now: i64) -> Option<Report> {
    let mut lines = text.lines();
    let header: Vec<&str> = lines.next()?.split(',').collect();
    let col = |name: &str| header.iter().position(|h| *h == name);
    let (user_col, arn_col) = (col("user")?, col("arn")?);
    if (user_col, arn_col) != (0, 1) {
        return None;
    }
    let mut report = Report::default();
    for line in lines.filter(|l| !l.trim().is_empty()) {
        let fields: Vec<&str> = line.split(',').collect();
        if fields.len() < header.len() {
            continue;
        }
        let fixed = &fields[fields.len() - (header.len() - 2)..];
        let head = fields[..fields.len() - (header.len() - 2)].join(",");
        let Some((user, arn)) = head.split_once(",arn:") else { continue };
        let get = |name: &str| col(name).and_then(|i| i.checked_sub(2)).and_then(|i| fixed.get(i)).copied();
        if user == "<root_account>" {
            report.root_last_used_days =
                ["password_last_used", "access_key_1_last_used_date", "access_key_2_last_used_date"]
                    .iter()
                    .filter_map(|c| get(c).and_then(|v| days_ago(v, now)))
                    .min();
            continue;
        }
        let enabled = get("password_enabled").map(|v| v == "true");
        let last_used = get("password_last_used");
        let use_ = PasswordUse {
            enabled,
            // `no_information`: never used (since AWS started recording, in 2014).
            ever_used: match (enabled, last_used) {
                (Some(true), Some("no_information")) => Some(false),
                (Some(true), Some(v)) if days_ago(v, now).is_some() => Some(true),
                _ => None,
            },
            last_used_days: last_used.and_then(|v| days_ago(v, now)),
            age_days: get("password_last_changed").and_then(|v| days_ago(v, now)).or_else(|| {
                if enabled == Some(true) {
                    get("user_creation_time").and_then(|v| days_ago(v, now))
                } else {
                    None
                }
            }),
        };
        report.users.insert(format!("arn:{arn}"), use_);
    }
    Some(report)
}

#[cfg(test)]
mod tests {
    use super::*;

    const HEADER: &str = "user,arn,user_creation_time,password_enabled,password_last_used,password_last_changed,password_next_rotation,mfa_active,access_key_1_active,access_key_1_last_rotated,access_key_1_last_used_date,access_key_1_last_used_region,access_key_1_last_used_service,access_key_2_active,access_key_2_last_rotated,access_key_2_last_used_date,access_key_2_last_used_region,access_key_2_last_used_service,cert_1_active,cert_1_last_rotated,cert_2_active,cert_2_last_rotated";

    /// 2026-11-27T00:00:00Z
    const NOW: i64 = 1_795_737_600;

    #[test]
    fn reads_users_root_and_names_with_commas() {
        let text = format!(
            "{HEADER}\n\
             <root_account>,arn:aws:iam::123456789012:root,2020-01-01T00:00:00+00:00,not_supported,2026-11-20T10:00:00+00:00,not_supported,not_supported,true,false,N/A,N/A,N/A,N/A,false,N/A,N/A,N/A,N/A,false,N/A,false,N/A\n\
             idle,arn:aws:iam::123456789012:user/idle,2026-01-01T00:00:00+00:00,true,2026-08-01T00:00:00+00:00,2026-02-01T00:00:00+00:00,N/A,false,false,N/A,N/A,N/A,N/A,false,N/A,N/A,N/A,N/A,false,N/A,false,N/A\n\
             new,arn:aws:iam::123456789012:user/new,2026-11-01T00:00:00+00:00,true,no_information,N/A,N/A,false,false,N/A,N/A,N/A,N/A,false,N/A,N/A,N/A,N/A,false,N/A,false,N/A\n\
             a,b,arn:aws:iam::123456789012:user/team/a,b,2026-01-01T00:00:00+00:00,false,not_supported,N/A,N/A,false,false,N/A,N/A,N/A,N/A,false,N/A,N/A,N/A,N/A,false,N/A,false,N/A\n"
        );
        let report = parse(&text, NOW).unwrap();
        assert_eq!(report.root_last_used_days, Some(6));
        let idle = &report.users["arn:aws:iam::123456789012:user/idle"];
        assert_eq!((idle.ever_used, idle.last_used_days, idle.age_days), (Some(true), Some(118), Some(299)));
        let new = &report.users["arn:aws:iam::123456789012:user/new"];
        assert_eq!((new.ever_used, new.last_used_days, new.age_days), (Some(false), None, Some(26)));
        let comma = &report.users["arn:aws:iam::123456789012:user/team/a,b"];
        assert_eq!((comma.enabled, comma.ever_used, comma.age_days), (Some(false), None, None));
    }

    #[test]
    fn a_report_that_is_not_one_gives_nothing() {
        assert_eq!(parse("", NOW), None);
        assert_eq!(parse("name,value\nx,1\n", NOW), None);
        // A short row is skipped, not misread.
        let report = parse(&format!("{HEADER}\nx,arn:aws:iam::1:user/x,true\n"), NOW).unwrap();
        assert!(report.users.is_empty());
    }
}
