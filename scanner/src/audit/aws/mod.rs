//! `rampart audit aws`: reads an account's IAM and S3 through the AWS APIs into the cloud model
//! the Terraform and CloudFormation adapters fill, so the same AWS-S3-* and AWS-IAM-* policies
//! judge the live account. The account is one `cloud` document whose entities are named by
//! their ARNs; every request goes through `client::Api` (bounded, counted, faults turned into
//! "not evaluated" diagnostics).

mod client;
mod credential_report;
mod iam;
mod s3;

use std::sync::Arc;
use std::time::{Duration, SystemTime, UNIX_EPOCH};

use anyhow::{anyhow, Context, Result};
use aws_config::meta::region::RegionProviderChain;
use aws_config::retry::RetryConfig;
use aws_config::sts::AssumeRoleProvider;
use aws_config::timeout::TimeoutConfig;
use aws_config::{BehaviorVersion, Region};
use serde_json::Value as Json;

use super::Collected;
use crate::cli::AuditAwsArgs;
use crate::cloud::{CloudModel, Entity};
use crate::diagnostic::Diagnostic;
use crate::document::{Document, Model, SourceMap, Span, SpanMap};
use client::{Api, Got, Op};

/// One entity as read: its place in the model, its ARN and its attributes (model paths).
pub(crate) struct Item {
    service: &'static str,
    collection: &'static str,
    reference: String,
    attrs: Vec<(String, Json)>,
}

impl Item {
    fn new(service: &'static str, collection: &'static str, reference: String) -> Item {
        Item { service, collection, reference, attrs: Vec::new() }
    }

    fn set(&mut self, path: &str, value: Json) {
        self.attrs.push((path.to_string(), value));
    }
}

pub fn collect(args: &AuditAwsArgs, progress: bool) -> Result<Collected> {
    let runtime =
        tokio::runtime::Builder::new_multi_thread().enable_all().build().context("starting the AWS client runtime")?;
    runtime.block_on(audit(args, progress))
}

async fn audit(args: &AuditAwsArgs, progress: bool) -> Result<Collected> {
    let region = RegionProviderChain::first_try(args.regions.first().cloned().map(Region::new))
        .or_default_provider()
        .or_else(Region::from_static("us-east-1"));
    let mut loader = aws_config::defaults(BehaviorVersion::latest())
        .region(region)
        .retry_config(RetryConfig::standard().with_max_attempts(5))
        .timeout_config(TimeoutConfig::builder().operation_attempt_timeout(Duration::from_secs(30)).build());
    if let Some(profile) = &args.profile {
        loader = loader.profile_name(profile);
    }
    if let Some(url) = &args.endpoint_url {
        loader = loader.endpoint_url(url);
    }
    let mut config = loader.load().await;
    if let Some(role) = &args.role_arn {
        let mut provider = AssumeRoleProvider::builder(role).session_name("rampart-audit").configure(&config);
        if let Some(id) = &args.external_id {
            provider = provider.external_id(id);
        }
        let provider = provider.build().await;
        config = config
            .into_builder()
            .credentials_provider(aws_sdk_s3::config::SharedCredentialsProvider::new(provider))
            .build();
    }

    let api = Api::new(args.concurrency, progress);
    let sts = aws_sdk_sts::Client::new(&config);
    let identity = match api.call(Op::GetCallerIdentity, "the caller", sts.get_caller_identity().send()).await {
        Got::Ok(id) => id,
        _ => {
            let why = api.failures().first().map(|f| f.code.clone()).unwrap_or_default();
            return Err(anyhow!(
                "cannot identify the AWS account (sts:GetCallerIdentity failed: {why}); check the credentials, profile and endpoint"
            ));
        }
    };
    let account = identity.account().unwrap_or("unknown").to_string();
    let partition =
        identity.arn().and_then(|a| a.split(':').nth(1)).filter(|p| !p.is_empty()).unwrap_or("aws").to_string();

    let now = SystemTime::now().duration_since(UNIX_EPOCH).map_or(0, |d| d.as_secs() as i64);
    let iam_client = aws_sdk_iam::Client::new(&config);
    let clients = s3::Clients { base: config.clone(), path_style: args.endpoint_url.is_some() };
    let (iam_items, buckets) = tokio::join!(
        iam::collect(&api, &iam_client, &partition, &account, now),
        s3::collect(&api, &clients, &partition, &account),
    );
    api.finish_progress();

    let mut items = iam_items;
    for b in buckets.unwrap_or_default() {
        let mut item = Item::new("s3", "buckets", b.arn);
        item.attrs = b.attrs.into_iter().map(|(k, v)| (k.to_string(), v)).collect();
        items.push(item);
    }
    let file: Arc<str> = Arc::from(format!("aws/{account}"));
    let resources = items.len();
    let diagnostics = api.failures().iter().map(|f| Diagnostic::warning(&file, None, f.message())).collect::<Vec<_>>();
    // For measurements (the scale test quotes it); reports stay free of timing noise.
    if std::env::var_os("RAMPART_AWS_STATS").is_some_and(|v| !v.is_empty()) {
        eprintln!("rampart: {} AWS requests, {} resources", api.calls(), resources);
    }
    let doc = document(items, file, &account);
    if let Some(path) = &args.snapshot {
        write_private(path, crate::collect::snapshot::render(&account, &doc.input).as_bytes())
            .with_context(|| format!("writing the snapshot {}", path.display()))?;
    }
    Ok(Collected { documents: vec![doc], diagnostics, resources })
}

/// The account's `cloud` document: every entity at line 1 of the pseudo file `aws/ACCOUNT`
/// (reports name the ARN as the resource).
fn document(items: Vec<Item>, file: Arc<str>, account: &str) -> Document {
    let mut model = CloudModel::default();
    for item in items {
        let mut e = Entity::at(item.reference, file.clone(), Span::new(1, 1));
        for (path, value) in item.attrs {
            e.set(&path, value);
        }
        model.push(item.service, item.collection, e);
    }
    let root_ref = format!("aws-account/{account}");
    let (input, mut map): (Json, SourceMap) = model.finish();
    let mut spans = SpanMap::new();
    spans.insert(String::new(), Span::new(1, 1));
    map.insert_entity(root_ref.clone(), file.clone(), spans);
    Document {
        model: Model::Cloud,
        file,
        kind: None,
        root_ref,
        input,
        source_map: map,
        ignores: Default::default(),
        other_ignores: Default::default(),
        annotation_ignores: Default::default(),
        context: None,
    }
}

/// Write a file only its owner can read (an account snapshot maps the account's weak spots):
/// created 0600, and an existing file narrowed to 0600 before it is written.
fn write_private(path: &std::path::Path, bytes: &[u8]) -> std::io::Result<()> {
    use std::io::Write;
    let mut options = std::fs::OpenOptions::new();
    options.write(true).create(true).truncate(true);
    #[cfg(unix)]
    {
        use std::os::unix::fs::{OpenOptionsExt, PermissionsExt};
        options.mode(0o600);
        if path.exists() {
            std::fs::set_permissions(path, std::fs::Permissions::from_mode(0o600))?;
        }
    }
    options.open(path)?.write_all(bytes)
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn items_become_one_cloud_document_located_at_line_one() {
        let mut b = Item::new("s3", "buckets", "arn:aws:s3:::b".into());
        b.set("versioning/enabled", json!(false));
        b.set("name", json!("b"));
        let doc = document(vec![b], Arc::from("aws/123456789012"), "123456789012");
        assert_eq!(doc.model, Model::Cloud);
        assert_eq!(doc.input["aws"]["s3"]["buckets"][0]["versioning"]["enabled"], json!(false));
        assert_eq!(doc.input["aws"]["s3"]["buckets"][0]["__ref"], json!("arn:aws:s3:::b"));
        let loc = doc.source_map.locate("arn:aws:s3:::b", &[json!("versioning"), json!("enabled")]).unwrap();
        assert_eq!(loc.span, Span::new(1, 1));
        assert_eq!(&*loc.file, "aws/123456789012");
    }

    #[cfg(unix)]
    #[test]
    fn snapshots_are_written_for_their_owner_only() {
        use std::os::unix::fs::PermissionsExt;
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("account.json");
        std::fs::write(&path, "old").unwrap();
        std::fs::set_permissions(&path, std::fs::Permissions::from_mode(0o644)).unwrap();
        super::write_private(&path, b"{}").unwrap();
        assert_eq!(std::fs::metadata(&path).unwrap().permissions().mode() & 0o777, 0o600);
        assert_eq!(std::fs::read_to_string(&path).unwrap(), "{}");
        let fresh = dir.path().join("new.json");
        super::write_private(&fresh, b"{}").unwrap();
        assert_eq!(std::fs::metadata(&fresh).unwrap().permissions().mode() & 0o777, 0o600);
    }
}
