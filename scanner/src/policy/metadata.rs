//! The `# METADATA` block of a policy: Rampart's one source of truth about a rule.
//!
//! regorus does not read OPA annotations, so Rampart parses the comment block itself and holds
//! it to a strict schema (unknown keys and missing fields are errors): `rampart rules`,
//! `rules explain`, reports and docs all read from here.

use std::collections::BTreeMap;
use std::sync::LazyLock;

use regex::Regex;
use serde::{Deserialize, Serialize};

use crate::document::{Model, SpanMap};
use crate::finding::Severity;
use crate::yaml;

/// Compliance frameworks a rule may map to.
pub const KNOWN_FRAMEWORKS: &[&str] = &[
    "cis-aws-3.0",
    "cis-kubernetes",
    "nsa-cisa-k8s",
    "pss-baseline",
    "pss-restricted",
    "cis-docker",
    "nist-800-53-r5",
    "pci-dss-4.0",
    "soc2",
    "openssf-scorecard",
];

static ID_RE: LazyLock<Regex> = LazyLock::new(|| Regex::new(r"^[A-Z][A-Z0-9]*(-[A-Z0-9]+)+$").expect("valid regex"));

#[derive(Debug, Clone, Serialize)]
pub struct Metadata {
    pub id: String,
    pub title: String,
    pub description: String,
    pub severity: Severity,
    pub recommended_action: String,
    pub related_resources: Vec<String>,
    pub selectors: Vec<Selector>,
    pub frameworks: BTreeMap<String, Vec<String>>,
    pub deprecated: bool,
}

#[derive(Debug, Clone, Serialize)]
pub struct Selector {
    #[serde(rename = "type")]
    pub model: Model,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub kinds: Vec<String>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub files: Vec<String>,
    /// For `cloud`: the service (`s3`, `iam`, …) whose entities the rule reads.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub service: Option<String>,
    /// `files`, compiled once: raw rules test it for every document.
    #[serde(skip)]
    pub file_matcher: globset::GlobSet,
}

impl Metadata {
    /// A short name for the platform the rule is about, for listings.
    pub fn platform(&self) -> &'static str {
        match self.selectors.first().map(|s| s.model) {
            Some(Model::Kubernetes) => "Kubernetes",
            Some(Model::Dockerfile) => "Dockerfile",
            Some(Model::Cloud) => "AWS",
            Some(Model::Terraform) => "Terraform",
            Some(Model::Cloudformation) => "CloudFormation",
            Some(Model::GithubWorkflow | Model::GithubAction) => "GitHub Actions",
            Some(Model::Dependabot) => "Dependabot",
            Some(Model::GitlabCi) => "GitLab CI",
            Some(Model::Compose) => "Docker Compose",
            Some(Model::Raw) | None => "Raw",
        }
    }
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawMetadata {
    title: String,
    description: String,
    scope: String,
    #[serde(default)]
    related_resources: Vec<RelatedResource>,
    custom: RawCustom,
}

#[derive(Deserialize)]
#[serde(untagged)]
enum RelatedResource {
    Url(String),
    Ref {
        #[serde(rename = "ref")]
        url: String,
        #[allow(dead_code)]
        description: Option<String>,
    },
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawCustom {
    id: String,
    severity: String,
    recommended_action: String,
    input: RawInput,
    #[serde(default)]
    frameworks: BTreeMap<String, Vec<String>>,
    #[serde(default)]
    deprecated: bool,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawInput {
    selector: Vec<RawSelector>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawSelector {
    #[serde(rename = "type")]
    model: String,
    #[serde(default)]
    kinds: Vec<String>,
    #[serde(default)]
    files: Vec<String>,
    #[serde(default)]
    service: Option<String>,
}

/// A METADATA problem, with the 1-based line of the policy file it is about.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MetadataError {
    pub line: u32,
    pub message: String,
}

pub use block::extract;

/// Also compiled into the build script, which turns the built-in blocks into JSON.
#[path = "metadata_block.rs"]
mod block;

/// Parse and validate a policy's METADATA. `Ok(None)` when the file has none (a library).
pub fn parse(source: &str) -> Result<Option<Metadata>, MetadataError> {
    let Some((text, start)) = extract(source) else { return Ok(None) };
    let err = |offset: u32, message: String| MetadataError { line: start + offset, message };
    let docs = yaml::parse(&text).map_err(|e| err(e.line, format!("METADATA is not valid YAML: {}", e.message)))?;
    let node = docs.first().ok_or_else(|| err(0, "METADATA block is empty".into()))?;
    let json = yaml::to_json(node, &mut String::new(), &mut SpanMap::default());
    let raw: RawMetadata = serde_json::from_value(json).map_err(|e| err(0, format!("invalid METADATA: {e}")))?;
    validate(raw, start, Some(&text)).map(Some)
}

/// Validate a built-in policy's METADATA from the JSON the build script converted its YAML to
/// (reading 160 YAML blocks was a third of a single-file scan). `None` when that fails, so the
/// caller reads the YAML again for a located error; a test holds both paths to the same result.
pub fn from_build_json(json: &str) -> Option<Metadata> {
    serde_json::from_str::<RawMetadata>(json).ok().and_then(|raw| validate(raw, 1, None).ok())
}

/// `text` is the METADATA block as written, when there is one, to point at the offending line.
fn validate(raw: RawMetadata, start: u32, text: Option<&str>) -> Result<Metadata, MetadataError> {
    let err = |offset: u32, message: String| MetadataError { line: start + offset, message };
    // Offsets count from the `# METADATA` line; the text starts on the line after it.
    let line_of =
        |needle: &str| text.and_then(|t| t.lines().position(|l| l.contains(needle))).map_or(0, |i| i as u32 + 1);

    let c = raw.custom;
    if !ID_RE.is_match(&c.id) {
        return Err(err(0, format!("custom.id {:?} is not an id like K8S-001 or AWS-S3-002", c.id)));
    }
    if raw.scope != "package" {
        return Err(err(0, format!("scope must be `package`, found {:?}", raw.scope)));
    }
    if raw.title.trim().is_empty() || raw.description.trim().is_empty() || c.recommended_action.trim().is_empty() {
        return Err(err(0, "title, description and custom.recommended_action must not be empty".into()));
    }
    let severity: Severity = c.severity.parse().map_err(|e: String| err(0, format!("custom.severity: {e}")))?;
    if c.input.selector.is_empty() {
        return Err(err(0, "custom.input.selector must name at least one input".into()));
    }
    let mut selectors = Vec::new();
    for s in c.input.selector {
        let model = Model::parse(&s.model).ok_or_else(|| {
            err(
                0,
                format!(
                    "unknown selector type {:?}: expected cloud, terraform, cloudformation, kubernetes, dockerfile or raw",
                    s.model
                ),
            )
        })?;
        if s.service.is_some() && model != Model::Cloud {
            return Err(err(0, "only a cloud selector takes `service`".into()));
        }
        if let Some(svc) = s.service.as_deref().filter(|svc| !crate::cloud::schema::is_service(svc)) {
            // A rule selecting no service the model has would never run, silently.
            return Err(err(
                line_of(&format!("service: {svc}")),
                format!(
                    "unknown cloud service {svc:?} in the selector: expected one of {}",
                    crate::cloud::schema::service_names().collect::<Vec<_>>().join(", ")
                ),
            ));
        }
        if !s.kinds.is_empty() && model != Model::Kubernetes {
            return Err(err(0, "only a kubernetes selector takes `kinds`".into()));
        }
        if model == Model::Raw && s.files.is_empty() {
            return Err(err(0, "a raw selector needs `files` globs".into()));
        }
        let mut matcher = globset::GlobSetBuilder::new();
        for glob in &s.files {
            matcher.add(globset::Glob::new(glob).map_err(|e| err(0, format!("selector glob {glob:?}: {e}")))?);
        }
        let file_matcher = matcher.build().map_err(|e| err(0, format!("selector globs: {e}")))?;
        selectors.push(Selector { model, kinds: s.kinds, files: s.files, service: s.service, file_matcher });
    }
    for framework in c.frameworks.keys() {
        if !KNOWN_FRAMEWORKS.contains(&framework.as_str()) {
            return Err(err(
                0,
                format!(
                    "unknown framework {framework:?} in custom.frameworks: expected one of {}",
                    KNOWN_FRAMEWORKS.join(", ")
                ),
            ));
        }
    }
    Ok(Metadata {
        id: c.id,
        title: raw.title.trim().to_string(),
        description: raw.description.trim().to_string(),
        severity,
        recommended_action: c.recommended_action.trim().to_string(),
        related_resources: raw
            .related_resources
            .into_iter()
            .map(|r| match r {
                RelatedResource::Url(u) | RelatedResource::Ref { url: u, .. } => u,
            })
            .collect(),
        selectors,
        frameworks: c.frameworks,
        deprecated: c.deprecated,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    const GOOD: &str = "# METADATA\n# title: T\n# description: D\n# scope: package\n# custom:\n#   id: K8S-999\n#   severity: high\n#   recommended_action: Fix it.\n#   input:\n#     selector:\n#       - type: kubernetes\n#         kinds: [Pod]\n#   frameworks:\n#     pss-baseline: [privileged-containers]\npackage x\n";

    #[test]
    fn parses_good_metadata() {
        let m = parse(GOOD).unwrap().unwrap();
        assert_eq!(m.id, "K8S-999");
        assert_eq!(m.severity, Severity::High);
        assert_eq!(m.selectors[0].kinds, vec!["Pod"]);
        assert_eq!(m.platform(), "Kubernetes");
    }

    #[test]
    fn rejects_unknown_and_missing_fields() {
        let unknown = GOOD.replace("# scope: package\n", "# scope: package\n# colour: red\n");
        assert!(parse(&unknown).unwrap_err().message.contains("unknown field `colour`"));
        let missing = GOOD.replace("#   severity: high\n", "");
        assert!(parse(&missing).unwrap_err().message.contains("missing field `severity`"));
        let bad_framework = GOOD.replace("pss-baseline", "pss-premium");
        assert!(parse(&bad_framework).unwrap_err().message.contains("unknown framework"));
        let bad_id = GOOD.replace("K8S-999", "k8s_1");
        assert!(parse(&bad_id).is_err());
        let line = parse(&GOOD.replace("#   severity: high", "#   severity: [")).unwrap_err().line;
        assert!((7..=8).contains(&line), "{line}");
    }

    #[test]
    fn a_cloud_service_the_model_lacks_is_refused_at_its_line() {
        let typo = GOOD.replace(
            "#       - type: kubernetes\n#         kinds: [Pod]",
            "#       - type: cloud\n#         service: s4",
        );
        let e = parse(&typo).unwrap_err();
        assert_eq!(e.line, 12, "{e:?}");
        assert!(e.message.starts_with("unknown cloud service \"s4\""), "{e:?}");
        let good = GOOD.replace(
            "#       - type: kubernetes\n#         kinds: [Pod]",
            "#       - type: cloud\n#         service: s3",
        );
        assert!(parse(&good).is_ok());
    }

    #[test]
    fn no_metadata_means_library() {
        assert!(parse("package lib\nx := 1\n").unwrap().is_none());
    }
}
