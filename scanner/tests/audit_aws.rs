//! `rampart audit aws` against a real moto server: seeded good and bad resources give the
//! findings the IaC tests give, faults become "not evaluated" diagnostics, every report format
//! works on an audit, and a moderate account is audited quickly.
//!
//! moto comes from scripts/test.sh (RAMPART_MOTO_SERVER, RAMPART_PYTHON with boto3).

mod common;

use std::collections::BTreeSet;
use std::io::Read;
use std::net::{TcpListener, TcpStream};
use std::process::{Child, Command, Output, Stdio};
use std::time::{Duration, Instant};

use common::*;

/// A moto server on a free port, stopped on drop.
struct Moto {
    child: Child,
    url: String,
}

impl Drop for Moto {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

fn moto() -> Option<Moto> {
    let Ok(server) = std::env::var("RAMPART_MOTO_SERVER") else {
        eprintln!("RAMPART_MOTO_SERVER is not set: skipping the moto audit tests (scripts/test.sh sets it)");
        return None;
    };
    let port = TcpListener::bind("127.0.0.1:0").unwrap().local_addr().unwrap().port();
    let child = Command::new(&server)
        .args(["-H", "127.0.0.1", "-p", &port.to_string()])
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .unwrap_or_else(|e| panic!("starting {server}: {e}"));
    let moto = Moto { child, url: format!("http://127.0.0.1:{port}") };
    let deadline = Instant::now() + Duration::from_secs(30);
    while !ready(port) {
        assert!(Instant::now() < deadline, "moto_server did not answer GET /moto-api/ within 30 s");
        std::thread::sleep(Duration::from_millis(200));
    }
    Some(moto)
}

fn ready(port: u16) -> bool {
    use std::io::Write;
    let Ok(mut s) = TcpStream::connect(("127.0.0.1", port)) else { return false };
    let _ = s.set_read_timeout(Some(Duration::from_secs(5)));
    if s.write_all(b"GET /moto-api/ HTTP/1.0\r\nHost: 127.0.0.1\r\n\r\n").is_err() {
        return false;
    }
    let mut head = [0u8; 12];
    s.read_exact(&mut head).is_ok() && head.starts_with(b"HTTP/1.") && &head[9..12] == b"200"
}

/// Run scripts/moto_seed.py; its stdout (the auditor's keys, with --deny-bucket).
fn seed(moto: &Moto, extra: &[&str]) -> String {
    let python = std::env::var("RAMPART_PYTHON").expect("RAMPART_PYTHON (a python with boto3) is set with moto");
    let out = Command::new(python)
        .arg(repo().join("scripts/moto_seed.py"))
        .args(["--endpoint", &moto.url])
        .args(extra)
        .output()
        .expect("run moto_seed.py");
    assert!(out.status.success(), "seeding failed: {}", String::from_utf8_lossy(&out.stderr));
    String::from_utf8(out.stdout).unwrap()
}

fn audit_with(moto: &Moto, args: &[&str], key: (&str, &str)) -> Output {
    let dir = tempfile::tempdir().unwrap();
    let mut all = vec!["audit", "aws", "--endpoint-url", &moto.url, "--region", "us-east-1", "--no-config"];
    all.extend_from_slice(args);
    rampart_env(
        dir.path(),
        &all,
        &[
            ("AWS_ACCESS_KEY_ID", key.0),
            ("AWS_SECRET_ACCESS_KEY", key.1),
            ("AWS_REGION", "us-east-1"),
            ("AWS_CONFIG_FILE", "/nonexistent"),
            ("AWS_SHARED_CREDENTIALS_FILE", "/nonexistent"),
            ("RAMPART_AWS_STATS", "1"),
        ],
    )
}

fn audit(moto: &Moto, args: &[&str]) -> Output {
    audit_with(moto, args, ("testing", "testing"))
}

/// `rule_id resource` of every finding.
fn findings(report: &serde_json::Value) -> Vec<String> {
    let mut v: Vec<String> = report["findings"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| format!("{} {}", f["rule_id"].as_str().unwrap(), f["resource"].as_str().unwrap()))
        .collect();
    v.sort();
    v
}

fn diagnostics(report: &serde_json::Value) -> Vec<String> {
    report["diagnostics"]
        .as_array()
        .map(|d| d.iter().map(|d| d["message"].as_str().unwrap_or_default().to_string()).collect())
        .unwrap_or_default()
}

const ACCOUNT: &str = "123456789012";

#[test]
fn seeded_account_gives_the_iac_findings() {
    let Some(moto) = moto() else { return };
    seed(&moto, &[]);
    let out = audit(&moto, &["-f", "json", "--fail-on", "none"]);
    assert_eq!(code(&out), 0, "{}", String::from_utf8_lossy(&out.stderr));
    let report = json(&out);
    let found = findings(&report);
    let has = |rule: &str, resource: &str| found.contains(&format!("{rule} {resource}"));
    let expected = [
        ("AWS-S3-001", "arn:aws:s3:::public-acl-bucket".to_string()),
        ("AWS-S3-003", "arn:aws:s3:::public-acl-bucket".to_string()),
        ("AWS-S3-002", "arn:aws:s3:::public-policy-bucket".to_string()),
        ("AWS-S3-003", "arn:aws:s3:::no-pab-bucket".to_string()),
        ("AWS-S3-009", "arn:aws:s3:::no-pab-bucket".to_string()),
        ("AWS-IAM-001", format!("arn:aws:iam::{ACCOUNT}:policy/AdminAll")),
        ("AWS-IAM-004", format!("arn:aws:iam::{ACCOUNT}:user/admin-user")),
        ("AWS-IAM-006", format!("arn:aws:iam::{ACCOUNT}:role/open-role")),
        ("AWS-IAM-015", format!("arn:aws:iam::{ACCOUNT}:user/two-keys-user")),
        ("AWS-IAM-008", format!("arn:aws:iam::{ACCOUNT}:root/password-policy")),
        ("AWS-IAM-010", format!("arn:aws:iam::{ACCOUNT}:root/password-policy")),
        ("AWS-IAM-021", format!("arn:aws:iam::{ACCOUNT}:user/console-no-mfa")),
    ];
    for (rule, resource) in &expected {
        assert!(has(rule, resource), "missing {rule} on {resource}; found:\n{}", found.join("\n"));
    }
    assert!(!has("AWS-IAM-021", &format!("arn:aws:iam::{ACCOUNT}:user/console-mfa")), "{found:?}");
    // Keys made a moment ago are neither old nor idle.
    assert!(!found.iter().any(|f| f.starts_with("AWS-IAM-022 ") || f.starts_with("AWS-IAM-023 ")), "{found:?}");
    // Versioning is read: the buckets that never turned it on fail AWS-S3-006, the hardened one
    // (object lock turns it on) does not. moto drops the MFADelete of PutBucketVersioning, so
    // MFA delete is the one control the hardened bucket still fails.
    let hardened: Vec<&String> = found.iter().filter(|f| f.ends_with(" arn:aws:s3:::hardened-bucket")).collect();
    assert_eq!(hardened, ["AWS-S3-007 arn:aws:s3:::hardened-bucket"], "the hardened bucket's findings");
    assert!(has("AWS-S3-006", "arn:aws:s3:::no-pab-bucket"), "versioning was not read: {found:?}");
    for f in report["findings"].as_array().unwrap() {
        assert_eq!(f["file"], format!("aws/{ACCOUNT}"));
        assert_eq!(f["start_line"], 1);
    }
    let diags = diagnostics(&report);
    assert!(!diags.iter().any(|d| d.contains("not evaluated")), "every call was answered: {diags:?}");

    // SARIF of an audit passes the schema and the multitool.
    let sarif = audit(&moto, &["-f", "sarif", "--fail-on", "none"]);
    assert_eq!(code(&sarif), 0);
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("audit.sarif");
    std::fs::write(&path, &sarif.stdout).unwrap();
    validate_sarif(&path);

    // A snapshot of the account scans, offline, to the same findings.
    let snapshot = dir.path().join("account.json");
    let saved = audit(&moto, &["-f", "json", "--fail-on", "none", "--snapshot", snapshot.to_str().unwrap()]);
    assert_eq!(code(&saved), 0, "{}", String::from_utf8_lossy(&saved.stderr));
    // The credential report was read: console passwords set a moment ago, never used.
    let account: serde_json::Value = serde_json::from_slice(&std::fs::read(&snapshot).unwrap()).unwrap();
    // What the live audit emits is what the cloud model's schema says, field for field.
    let problems = rampart::cloud::schema::check_input(&account, rampart::cloud::schema::Emitter::Live);
    assert!(problems.is_empty(), "the live model departs from the schema:\n{}", problems.join("\n"));
    let users = account["aws"]["iam"]["users"].as_array().expect("users in the snapshot");
    let console = users.iter().find(|u| u["name"] == "console-no-mfa").expect("console-no-mfa");
    assert_eq!(
        (&console["password_ever_used"], &console["password_age_days"]),
        (&serde_json::json!(false), &serde_json::json!(0)),
        "{console}"
    );
    let api_only = users.iter().find(|u| u["name"] == "admin-user").expect("admin-user");
    assert_eq!(api_only["password_ever_used"], serde_json::Value::Null, "{api_only}");
    assert!(!diags.iter().any(|d| d.contains("CredentialReport")), "{diags:?}");
    assert!(!found.iter().any(|f| f.starts_with("AWS-IAM-024 ") || f.starts_with("AWS-IAM-025 ")), "{found:?}");
    let offline = rampart(dir.path(), &["scan", "account.json", "-f", "json", "--fail-on", "none", "--no-config"]);
    assert_eq!(code(&offline), 0, "{}", String::from_utf8_lossy(&offline.stderr));
    let offline = json(&offline);
    assert_eq!(findings(&offline), found, "a snapshot evaluates as the live account did");
    assert!(offline["findings"]
        .as_array()
        .unwrap()
        .iter()
        .all(|f| f["file"] == "account.json" && f["start_line"].as_u64().unwrap() > 1));

    // Compliance summaries work on an audit.
    let compliance = audit(&moto, &["-f", "compliance", "--compliance", "cis-aws-3.0", "--fail-on", "none"]);
    assert_eq!(code(&compliance), 0, "{}", String::from_utf8_lossy(&compliance.stderr));
    let text = stdout(&compliance);
    assert!(text.contains("CIS"), "{text}");

    // A table's summary counts what an audit reads: resources, not files.
    let table = audit(&moto, &["-f", "table", "--fail-on", "none"]);
    let text = stdout(&table);
    let summary = text.lines().rev().find(|l| l.contains(" findings (")).expect("a summary line");
    assert!(summary.contains(" resources (") && !summary.contains(" files ("), "{summary}");

    // The gate follows the normal rules: findings at HIGH fail the run.
    let gated = audit(&moto, &["-f", "json", "--fail-on", "high"]);
    assert_eq!(code(&gated), 1);
}

#[test]
fn access_denied_on_one_bucket_is_a_diagnostic() {
    let Some(moto) = moto() else { return };
    let keys: serde_json::Value = serde_json::from_str(&seed(&moto, &["--deny-bucket", "denied-bucket"])).unwrap();
    let key = (keys["AccessKeyId"].as_str().unwrap(), keys["SecretAccessKey"].as_str().unwrap());
    let out = audit_with(&moto, &["-f", "json", "--fail-on", "none"], key);
    assert_eq!(code(&out), 0, "{}", String::from_utf8_lossy(&out.stderr));
    let report = json(&out);
    let diags = diagnostics(&report);
    assert!(
        diags.contains(
            &"not evaluated: arn:aws:s3:::denied-bucket: GetBucketPolicy failed (AccessDenied); the audit needs s3:GetBucketPolicy"
                .to_string()
        ),
        "{diags:?}"
    );
    assert!(
        diags.contains(
            &"not evaluated: arn:aws:s3:::denied-bucket: GetBucketVersioning failed (AccessDenied); the audit needs s3:GetBucketVersioning"
                .to_string()
        ),
        "{diags:?}"
    );
    let found = findings(&report);
    assert!(found.contains(&"AWS-S3-002 arn:aws:s3:::public-policy-bucket".to_string()), "{found:?}");
    // The unread policy and versioning are unknown: no rule judges them...
    for rule in ["AWS-S3-009", "AWS-S3-006", "AWS-S3-007"] {
        assert!(!found.contains(&format!("{rule} arn:aws:s3:::denied-bucket")), "{rule}: {found:?}");
    }
    // ...while what was read still is, on that bucket and on the others.
    assert!(found.contains(&"AWS-S3-003 arn:aws:s3:::denied-bucket".to_string()), "{found:?}");
    assert!(found.contains(&"AWS-S3-006 arn:aws:s3:::no-pab-bucket".to_string()), "{found:?}");

    // --strict: a coverage gap fails the nightly run with the error exit code.
    let strict = audit_with(&moto, &["-f", "json", "--fail-on", "none", "--strict"], key);
    assert_eq!(code(&strict), 2, "{}", String::from_utf8_lossy(&strict.stderr));
}

#[test]
fn role_arn_is_assumed_through_sts() {
    let Some(moto) = moto() else { return };
    seed(&moto, &[]);
    // moto hands out credentials for the account the role ARN names: the audit then sees that
    // (empty) account, which proves the assumed credentials, not the caller's, were used.
    let role = "arn:aws:iam::111111111111:role/rampart-audit";
    let out = audit(&moto, &["-f", "json", "--fail-on", "none", "--role-arn", role, "--external-id", "nightly"]);
    assert_eq!(code(&out), 0, "{}", String::from_utf8_lossy(&out.stderr));
    let report = json(&out);
    let files: BTreeSet<&str> =
        report["findings"].as_array().unwrap().iter().filter_map(|f| f["file"].as_str()).collect();
    assert_eq!(files, BTreeSet::from(["aws/111111111111"]));
    assert!(!findings(&report).iter().any(|f| f.contains("arn:aws:s3:::")), "the caller's buckets leaked in");
}

#[test]
fn a_larger_account_is_audited_in_full() {
    let Some(moto) = moto() else { return };
    seed(&moto, &["--scale", "50"]);
    let started = Instant::now();
    let out = audit(&moto, &["-f", "json", "--fail-on", "none", "--concurrency", "16"]);
    let took = started.elapsed();
    assert_eq!(code(&out), 0, "{}", String::from_utf8_lossy(&out.stderr));
    let stderr = String::from_utf8_lossy(&out.stderr);
    let stats = stderr.lines().find(|l| l.contains("AWS requests")).unwrap_or("(no request count)");
    eprintln!("audit of 55 buckets and 52 users: {:.1} s wall, {stats}", took.as_secs_f64());
    let report = json(&out);
    let buckets = findings(&report).iter().filter(|f| f.starts_with("AWS-S3-003 arn:aws:s3:::scale-bucket-")).count();
    assert_eq!(buckets, 50);
}
