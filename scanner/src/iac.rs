//! IaC resources: what the Terraform, plan JSON and CloudFormation collectors hand to the
//! cloud adapters.
//!
//! The three sources differ in syntax but agree on this: a resource has a type, an address, the
//! values it was given (evaluated as far as can be known without deploying), the line of each
//! value, and the other resources each value refers to. The adapters in `cloud/` read only
//! this, so one adapter per service serves every source that shares its vocabulary.

use std::collections::{BTreeMap, HashMap};
use std::sync::Arc;

use serde_json::Value as Json;

use crate::document::{Model, SourceMap, Span, SpanMap};
use crate::ignores::InlineIgnores;

/// What an IaC collector gives for one scan unit (a Terraform module, a plan, a template):
/// the resources for the cloud adapters and the source's raw model. The pipeline turns it into
/// documents ([`crate::pipeline::iac`]).
pub struct Unit {
    /// The file the unit is reported under (a template, a plan, the first file of a module).
    pub file: Arc<str>,
    /// The unit's name for results without a `ref` (the module directory, the template).
    pub root_ref: String,
    pub inventory: Inventory,
    /// The raw model (`terraform` or `cloudformation`) and its SourceMap.
    pub raw: Option<(Model, Json, SourceMap)>,
    /// Inline ignores of every file the unit read.
    pub ignores: HashMap<Arc<str>, Arc<InlineIgnores>>,
}

/// Which vocabulary a resource's attributes use.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Source {
    /// Terraform HCL or plan JSON: `aws_s3_bucket` with snake_case attributes; nested blocks
    /// are always arrays of objects.
    Terraform,
    /// CloudFormation (and SAM): `AWS::S3::Bucket` with PascalCase properties.
    CloudFormation,
}

#[derive(Debug, Clone)]
pub struct Resource {
    /// `aws_s3_bucket`, `aws_iam_policy_document` (data), `AWS::S3::Bucket`.
    pub kind: String,
    /// Terraform data source (`data.` address); always false for CloudFormation.
    pub data: bool,
    /// `aws_s3_bucket.logs`, `module.logs.aws_s3_bucket.this["a"]`,
    /// `data.aws_iam_policy_document.x`, `Resources.LogsBucket`.
    pub address: String,
    /// The file the resource is written in (repo-relative).
    pub file: Arc<str>,
    /// The whole block.
    pub span: Span,
    /// Evaluated attributes (an object). A written value that cannot be known is `null`; an
    /// omitted one is absent.
    pub attrs: Json,
    /// JSON pointer into `attrs` → the lines it was written on, in `file`.
    pub spans: SpanMap,
    /// JSON pointer into `attrs` → addresses of the resources its expression refers to
    /// (`bucket = aws_s3_bucket.logs.id` → `["aws_s3_bucket.logs"]`; `!Ref LogsBucket` →
    /// `["Resources.LogsBucket"]`). Unknown values still say what they point at.
    pub refs: HashMap<String, Vec<String>>,
    /// JSON pointer into `attrs` → the written expression of a value that cannot be known, in a
    /// canonical form (`Fn::Sub("logs-${AWS::AccountId}")`, `module.a|"${var.prefix}-logs"`).
    /// Equal forms in one scan unit are equal values once deployed, so a policy that names its
    /// bucket with the bucket's own unresolved expression is still attached to it.
    pub exprs: HashMap<String, String>,
}

impl Resource {
    /// The value at a JSON pointer of the attributes: `None` when omitted, `Some(Null)` when
    /// written but unknown.
    pub fn get(&self, pointer: &str) -> Option<&Json> {
        self.attrs.pointer(pointer)
    }

    /// Whether the value at `pointer` refers to `address` (or to an instance of it).
    pub fn refers_to(&self, pointer: &str, address: &str) -> bool {
        self.refs.get(pointer).is_some_and(|refs| {
            refs.iter().any(|r| {
                r == address
                    || (r.starts_with(address) && r[address.len()..].starts_with('['))
                    || (address.starts_with(r.as_str()) && address[r.len()..].starts_with('['))
            })
        })
    }
}

/// All the resources of one scan unit (a Terraform root module with its local modules, a
/// CloudFormation template, a plan), in source order.
#[derive(Debug, Clone)]
pub struct Inventory {
    pub source: Source,
    pub resources: Vec<Resource>,
    by_address: HashMap<String, usize>,
    by_kind: BTreeMap<String, Vec<usize>>,
}

impl Inventory {
    pub fn new(source: Source, resources: Vec<Resource>) -> Inventory {
        let mut by_address = HashMap::new();
        let mut by_kind: BTreeMap<String, Vec<usize>> = BTreeMap::new();
        for (i, r) in resources.iter().enumerate() {
            by_address.insert(r.address.clone(), i);
            by_kind.entry(r.kind.clone()).or_default().push(i);
        }
        Inventory { source, resources, by_address, by_kind }
    }

    /// Managed resources and data sources of one type, in source order.
    pub fn of_kind<'a>(&'a self, kind: &str) -> impl Iterator<Item = &'a Resource> + 'a {
        self.by_kind.get(kind).into_iter().flatten().map(|&i| &self.resources[i])
    }

    pub fn get(&self, address: &str) -> Option<&Resource> {
        self.by_address.get(address).map(|&i| &self.resources[i])
    }
}
