//! Documents: what collectors produce and policies evaluate.
//!
//! Policies see only JSON and answer with an entity `ref` and a JSON `path`; they never see line
//! numbers. The SourceMap is how Rampart turns that answer back into a file and a line: it
//! maps every written (entity, path) to its lines, and a lookup falls back to the longest
//! written prefix, so a finding about a missing attribute lands on the block that lacks it.

use std::collections::HashMap;
use std::sync::Arc;

use serde::Serialize;

use crate::ignores::InlineIgnores;

/// An inclusive, 1-based line range.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct Span {
    pub start: u32,
    pub end: u32,
}

impl Span {
    pub fn new(start: u32, end: u32) -> Self {
        let start = start.max(1);
        Span { start, end: end.max(start) }
    }
}

/// JSON pointer (relative to an entity) → lines, for one file.
pub type SpanMap = HashMap<String, Span>;

/// The input model a document belongs to; policy selectors name it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Model {
    Kubernetes,
    Dockerfile,
    Raw,
    /// The provider-neutral cloud model (AWS), built from Terraform, plan JSON and CloudFormation.
    Cloud,
    /// A Terraform module as evaluated (resources, data, modules, variables, providers).
    Terraform,
    /// A CloudFormation template with intrinsics resolved where possible.
    Cloudformation,
    /// A GitHub Actions workflow, with its triggers, parsed `uses` and `${{ }}` expressions.
    #[serde(rename = "github_workflow")]
    GithubWorkflow,
    /// A GitHub action (`action.yml`), read like a workflow.
    #[serde(rename = "github_action")]
    GithubAction,
    /// A repository's Dependabot configuration (`.github/dependabot.yml`).
    Dependabot,
    /// A GitLab CI/CD pipeline file (`.gitlab-ci.yml` and the local files it includes), with
    /// its includes and the variables its scripts expand, located.
    #[serde(rename = "gitlab_ci")]
    GitlabCi,
    /// A Docker Compose project: the Compose file merged with its override, interpolated.
    Compose,
}

impl Model {
    pub const ALL: [Model; 11] = [
        Model::Kubernetes,
        Model::Dockerfile,
        Model::Raw,
        Model::Cloud,
        Model::Terraform,
        Model::Cloudformation,
        Model::GithubWorkflow,
        Model::GithubAction,
        Model::Dependabot,
        Model::GitlabCi,
        Model::Compose,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            Model::Kubernetes => "kubernetes",
            Model::Dockerfile => "dockerfile",
            Model::Raw => "raw",
            Model::Cloud => "cloud",
            Model::Terraform => "terraform",
            Model::Cloudformation => "cloudformation",
            Model::GithubWorkflow => "github_workflow",
            Model::GithubAction => "github_action",
            Model::Dependabot => "dependabot",
            Model::GitlabCi => "gitlab_ci",
            Model::Compose => "compose",
        }
    }

    pub fn parse(s: &str) -> Option<Model> {
        match s {
            "kubernetes" => Some(Model::Kubernetes),
            "dockerfile" => Some(Model::Dockerfile),
            "raw" => Some(Model::Raw),
            "cloud" => Some(Model::Cloud),
            "terraform" => Some(Model::Terraform),
            "cloudformation" => Some(Model::Cloudformation),
            "github_workflow" => Some(Model::GithubWorkflow),
            "github_action" => Some(Model::GithubAction),
            "dependabot" => Some(Model::Dependabot),
            "gitlab_ci" => Some(Model::GitlabCi),
            "compose" => Some(Model::Compose),
            _ => None,
        }
    }
}

/// A set of models: the ones the selected rules read, so collectors build only those.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Models(u16);

impl Models {
    pub const ALL: Models = Models((1 << Model::ALL.len()) - 1);

    fn bit(model: Model) -> u16 {
        1 << model as u16
    }

    pub fn contains(self, model: Model) -> bool {
        self.0 & Self::bit(model) != 0
    }

    /// Whether any of `models` is in the set.
    pub fn any(self, models: &[Model]) -> bool {
        models.iter().any(|m| self.contains(*m))
    }
}

impl FromIterator<Model> for Models {
    fn from_iter<I: IntoIterator<Item = Model>>(iter: I) -> Self {
        Models(iter.into_iter().fold(0, |bits, m| bits | Self::bit(m)))
    }
}

/// Another place a finding's value comes from, shown beside it (SARIF related location):
/// the values-file key a Helm template printed.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct Related {
    pub file: Arc<str>,
    pub line: u32,
    /// What it is, as the finding's message quotes it (`set in values.yaml:14 (`a.b`)`).
    pub label: String,
}

/// Where a finding is reported.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Location {
    pub related: Option<Related>,
    pub file: Arc<str>,
    pub span: Span,
    /// Start lines of the entity and of every written prefix of the path, outermost first:
    /// an inline ignore on any of them covers the finding.
    pub anchors: Vec<u32>,
}

/// JSON pointer → a name for that element that does not move when code is added above it
/// (`name=web` for a container, the instruction text for a Dockerfile instruction).
pub type Aliases = HashMap<String, String>;

#[derive(Debug, Clone)]
struct Entity {
    file: Arc<str>,
    spans: SpanMap,
    aliases: Aliases,
    /// Pointers written in another file than the entity's own (a Terraform bucket's versioning
    /// comes from an `aws_s3_bucket_versioning` resource that may sit in another file).
    files: HashMap<String, Arc<str>>,
    /// Pointers whose value was set elsewhere than where it is written (a Helm values key).
    related: HashMap<String, Related>,
}

/// JSON pointer → the file a span of an entity was written in, when not the entity's own.
pub type FileMap = HashMap<String, Arc<str>>;

/// (entity ref, JSON pointer) → lines, with the file each entity was written in.
#[derive(Debug, Default, Clone)]
pub struct SourceMap {
    entities: HashMap<String, Entity>,
}

impl SourceMap {
    pub fn insert_entity(&mut self, entity: impl Into<String>, file: Arc<str>, spans: SpanMap) {
        self.insert_entity_with_aliases(entity, file, spans, Aliases::new());
    }

    pub fn insert_entity_with_aliases(
        &mut self,
        entity: impl Into<String>,
        file: Arc<str>,
        spans: SpanMap,
        aliases: Aliases,
    ) {
        self.entities
            .insert(entity.into(), Entity { file, spans, aliases, files: FileMap::new(), related: HashMap::new() });
    }

    /// An entity whose spans come from several files: `files` names the file of each pointer
    /// that is not in `file`.
    pub fn insert_entity_in_files(
        &mut self,
        entity: impl Into<String>,
        file: Arc<str>,
        spans: SpanMap,
        files: FileMap,
    ) {
        self.insert_entity_full(entity, file, spans, Aliases::new(), files);
    }

    /// An entity from several files with stable names for its elements.
    pub fn insert_entity_full(
        &mut self,
        entity: impl Into<String>,
        file: Arc<str>,
        spans: SpanMap,
        aliases: Aliases,
        files: FileMap,
    ) {
        self.entities.insert(entity.into(), Entity { file, spans, aliases, files, related: HashMap::new() });
    }

    /// Where the values of some pointers of `entity` were set (the longest written prefix of a
    /// finding's path that has one is shown with it).
    pub fn set_related(&mut self, entity: &str, related: HashMap<String, Related>) {
        if let Some(e) = self.entities.get_mut(entity) {
            e.related = related;
        }
    }

    pub fn contains(&self, entity: &str) -> bool {
        self.entities.contains_key(entity)
    }

    /// Every entity ref, for callers that merge maps.
    pub fn entities(&self) -> impl Iterator<Item = &str> {
        self.entities.keys().map(String::as_str)
    }

    /// Move every entity of `other` into this map.
    pub fn extend(&mut self, other: SourceMap) {
        self.entities.extend(other.entities);
    }

    /// `path` with every element that has a stable name replaced by it: what fingerprints
    /// hash, so that inserting a container or an instruction above does not renumber findings.
    pub fn stable_path(&self, entity: &str, path: &[serde_json::Value]) -> Vec<String> {
        let aliases = self.entities.get(entity).map(|e| &e.aliases);
        let mut pointer = String::new();
        path.iter()
            .map(|segment| {
                push_path_segment(segment, &mut pointer);
                aliases.and_then(|a| a.get(&pointer)).cloned().unwrap_or_else(|| match segment {
                    serde_json::Value::String(s) => s.clone(),
                    other => other.to_string(),
                })
            })
            .collect()
    }

    /// Locate `path` of `entity` at its longest written prefix.
    pub fn locate(&self, entity: &str, path: &[serde_json::Value]) -> Option<Location> {
        let Entity { file, spans, files, related, .. } = self.entities.get(entity)?;
        let mut pointer = String::new();
        // (file, line) of every written prefix; the anchors are those in the best one's file.
        let mut anchors: Vec<(&Arc<str>, u32)> = Vec::new();
        let mut best = (file, *spans.get("")?);
        let mut set_at = None;
        anchors.push((file, best.1.start));
        for segment in path {
            push_path_segment(segment, &mut pointer);
            // A prefix that is not written may still have a longer one that is.
            if let Some(span) = spans.get(&pointer) {
                let in_file = files.get(&pointer).unwrap_or(file);
                best = (in_file, *span);
                set_at = related.get(&pointer).cloned();
                if anchors.last() != Some(&(in_file, span.start)) {
                    anchors.push((in_file, span.start));
                }
            }
        }
        let anchors = anchors.into_iter().filter(|(f, _)| *f == best.0).map(|(_, line)| line).collect();
        Some(Location { file: best.0.clone(), span: best.1, anchors, related: set_at })
    }
}

/// Append one element of a path into a document (a key or an index) to a JSON pointer.
pub fn push_path_segment(segment: &serde_json::Value, pointer: &mut String) {
    pointer.push('/');
    match segment {
        serde_json::Value::String(s) => escape_pointer_segment(s, pointer),
        other => pointer.push_str(&other.to_string()),
    }
}

/// The JSON pointer of a path into a document (`["jobs", "a", 0]` → `/jobs/a/0`).
pub fn path_pointer(path: &[serde_json::Value]) -> String {
    let mut pointer = String::new();
    for segment in path {
        push_path_segment(segment, &mut pointer);
    }
    pointer
}

/// Append `segment` to a JSON pointer with `~` and `/` escaped (RFC 6901).
pub fn escape_pointer_segment(segment: &str, pointer: &mut String) {
    if !segment.contains(['~', '/']) {
        pointer.push_str(segment);
        return;
    }
    for c in segment.chars() {
        match c {
            '~' => pointer.push_str("~0"),
            '/' => pointer.push_str("~1"),
            c => pointer.push(c),
        }
    }
}

/// One unit that policies evaluate.
#[derive(Debug, Clone)]
pub struct Document {
    pub model: Model,
    /// Repo-relative path of the file the document came from.
    pub file: Arc<str>,
    /// The Kubernetes kind, for `kinds` selectors.
    pub kind: Option<String>,
    /// The entity a result without `ref` is about ("Deployment/web", "Dockerfile").
    pub root_ref: String,
    pub input: serde_json::Value,
    pub source_map: SourceMap,
    /// `# rampart:ignore` comments of the file.
    pub ignores: Arc<InlineIgnores>,
    /// The comments of the other files a multi-file document (a Terraform module) spans.
    pub other_ignores: HashMap<Arc<str>, Arc<InlineIgnores>>,
    /// Rules suppressed for the whole document (Kubernetes annotation), with their reason.
    pub annotation_ignores: Arc<[(String, Option<String>)]>,
    /// What the document was built as, when one source builds it several ways (`kustomize
    /// overlay overlays/prod`): every finding's message names it and its fingerprint holds it,
    /// so two overlays of one base are two findings.
    pub context: Option<Arc<str>>,
}

impl Document {
    /// The inline ignores of `file`, one of the files this document was read from.
    pub fn ignores_of(&self, file: &str) -> Option<&Arc<InlineIgnores>> {
        if *self.file == *file {
            Some(&self.ignores)
        } else {
            self.other_ignores.get(file)
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn locate_falls_back_to_longest_written_prefix() {
        let mut spans = SpanMap::default();
        spans.insert(String::new(), Span::new(1, 20));
        spans.insert("/spec".into(), Span::new(5, 20));
        spans.insert("/spec/containers/0".into(), Span::new(7, 12));
        spans.insert("/spec/containers".into(), Span::new(6, 20));
        spans.insert("/a~1b".into(), Span::new(3, 3));
        let mut map = SourceMap::default();
        map.insert_entity("Pod/x", "p.yaml".into(), spans);

        let loc =
            map.locate("Pod/x", &[json!("spec"), json!("containers"), json!(0), json!("securityContext")]).unwrap();
        assert_eq!(loc.span, Span::new(7, 12));
        assert_eq!(loc.anchors, vec![1, 5, 6, 7]);
        assert_eq!(map.locate("Pod/x", &[json!("a/b")]).unwrap().span, Span::new(3, 3));
        assert_eq!(map.locate("Pod/x", &[]).unwrap().span, Span::new(1, 20));
        assert!(map.locate("Pod/y", &[]).is_none());

        let mut aliases = Aliases::new();
        aliases.insert("/spec/containers/0".into(), "name=web".into());
        map.insert_entity_with_aliases("Pod/z", "p.yaml".into(), SpanMap::default(), aliases);
        assert_eq!(
            map.stable_path("Pod/z", &[json!("spec"), json!("containers"), json!(0), json!("image")]),
            vec!["spec", "containers", "name=web", "image"]
        );
    }

    #[test]
    fn model_sets() {
        let set: Models = [Model::Cloud, Model::Raw].into_iter().collect();
        assert!(set.contains(Model::Cloud) && set.contains(Model::Raw) && !set.contains(Model::Terraform));
        assert!(set.any(&[Model::Kubernetes, Model::Raw]) && !set.any(&[Model::Kubernetes]));
        assert!(Model::ALL.iter().all(|m| Models::ALL.contains(*m)));
        assert_eq!(Model::ALL.into_iter().collect::<Models>(), Models::ALL);
    }
}
