//! The schema of the cloud model: one file per service (`aws/schema/<service>.json`, embedded
//! at build time) listing every collection and field, its type, its default and where it comes
//! from. It is the one description that the IaC adapters, the live audit and the rules are all
//! held to: tests check that every entity the adapters or the audit emit has exactly the
//! schema's fields with the schema's types, and `rampart test` checks that every rule's
//! `service:` and `input.aws.…` paths name something the schema has, so a typo cannot make a
//! rule silently never run.

use std::sync::LazyLock;

use serde_json::Value as Json;

use crate::yaml::{self, Node, Value};

/// The schema files, in the order the docs list the services.
const FILES: &[(&str, &str)] = &[
    ("s3", include_str!("aws/schema/s3.json")),
    ("iam", include_str!("aws/schema/iam.json")),
    ("ec2", include_str!("aws/schema/ec2.json")),
    ("elb", include_str!("aws/schema/elb.json")),
    ("cloudfront", include_str!("aws/schema/cloudfront.json")),
    ("eks", include_str!("aws/schema/eks.json")),
    ("rds", include_str!("aws/schema/rds.json")),
    ("cloudtrail", include_str!("aws/schema/cloudtrail.json")),
    ("kms", include_str!("aws/schema/kms.json")),
    ("logs", include_str!("aws/schema/logs.json")),
    ("lambda", include_str!("aws/schema/lambda.json")),
    ("sqs", include_str!("aws/schema/sqs.json")),
    ("sns", include_str!("aws/schema/sns.json")),
    ("dynamodb", include_str!("aws/schema/dynamodb.json")),
    ("ecr", include_str!("aws/schema/ecr.json")),
];

/// What a field holds. Any field may also be `null` (written, but unknowable).
#[derive(Debug, Clone)]
pub enum Type {
    String,
    Boolean,
    Integer,
    Number,
    /// A closed set of keys.
    Object(Fields),
    Array(Box<Field>),
    /// Free keys, each value of one type (tags).
    Map(Box<Field>),
    /// An IAM policy document as `policy_document` normalises it: free-form inside.
    PolicyDocument,
    Any,
}

#[derive(Debug, Clone)]
pub struct Field {
    pub ty: Type,
    pub doc: String,
    /// The provider default an adapter fills when the attribute is omitted.
    pub default: Option<Json>,
    /// Only the live audit emits it.
    pub live_only: bool,
    /// The live audit never emits it (services it reads).
    pub iac_only: bool,
}

pub type Fields = Vec<(String, Field)>;

#[derive(Debug, Clone)]
pub struct Collection {
    pub name: String,
    pub doc: String,
    pub fields: Fields,
}

#[derive(Debug, Clone)]
pub struct Service {
    pub name: String,
    pub title: String,
    pub doc: String,
    pub collections: Vec<Collection>,
}

/// Which emitter an entity came from, for the fields it must have.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Emitter {
    /// Terraform, plans and CloudFormation: every field but the live-only ones.
    Iac,
    /// The live audit: every field but the IaC-only ones.
    Live,
    /// A hand-written or partial snapshot: only the keys and types it has are checked.
    Partial,
}

/// Whether the AWS cloud model has `name` (without reading the schema files).
pub fn is_service(name: &str) -> bool {
    FILES.iter().any(|(n, _)| *n == name)
}

pub fn service_names() -> impl Iterator<Item = &'static str> {
    FILES.iter().map(|(n, _)| *n)
}

/// Every service of the AWS cloud model.
pub fn aws() -> &'static [Service] {
    static SERVICES: LazyLock<Vec<Service>> = LazyLock::new(|| {
        FILES
            .iter()
            .map(|(name, text)| parse_service(text).unwrap_or_else(|e| panic!("cloud/aws/schema/{name}.json: {e}")))
            .collect()
    });
    &SERVICES
}

pub fn service(name: &str) -> Option<&'static Service> {
    aws().iter().find(|s| s.name == name)
}

impl Service {
    pub fn collection(&self, name: &str) -> Option<&Collection> {
        self.collections.iter().find(|c| c.name == name)
    }
}

impl Collection {
    /// The field at `path` (`["versioning", "enabled"]`), descending into objects, array
    /// items and map values; `Some` for any path inside a free-form field.
    /// A `_` where an object's field is expected is a key chosen at run time (`b[setting]`):
    /// it cannot be checked, so it matches.
    pub fn field(&self, path: &[&str]) -> Option<&Field> {
        static ANY: LazyLock<Field> = LazyLock::new(|| Field {
            ty: Type::Any,
            doc: String::new(),
            default: None,
            live_only: false,
            iac_only: false,
        });
        let (first, rest) = path.split_first()?;
        if *first == "_" {
            return Some(&ANY);
        }
        let mut field = find(&self.fields, first)?;
        for part in rest {
            field = match &field.ty {
                Type::Object(_) if *part == "_" => return Some(&ANY),
                Type::Object(fields) => find(fields, part)?,
                Type::Array(item) | Type::Map(item) => match &item.ty {
                    // An index or `_` selects an item; a name continues into an object item.
                    Type::Object(fields) if !is_index(part) => find(fields, part)?,
                    _ => item,
                },
                Type::PolicyDocument | Type::Any => return Some(field),
                _ => return None,
            };
        }
        Some(field)
    }

    /// Where `entity` (one item of this collection) departs from the schema: unknown keys,
    /// values of the wrong type and, unless `emitter` is partial, missing fields.
    pub fn check(&self, entity: &Json, emitter: Emitter) -> Vec<String> {
        let mut problems = Vec::new();
        check_object(&self.fields, entity, "", emitter, &mut problems);
        problems
    }
}

fn is_index(part: &str) -> bool {
    part == "_" || part.chars().all(|c| c.is_ascii_digit())
}

fn find<'a>(fields: &'a Fields, name: &str) -> Option<&'a Field> {
    fields.iter().find(|(n, _)| n == name).map(|(_, f)| f)
}

/// Check every entity of a `cloud` input (`{"aws": {service: {collection: [...]}}}`).
pub fn check_input(input: &Json, emitter: Emitter) -> Vec<String> {
    let mut problems = Vec::new();
    let Some(aws) = input.get("aws").and_then(Json::as_object) else {
        return vec!["no `aws` object".to_string()];
    };
    for (svc_name, collections) in aws {
        let Some(svc) = service(svc_name) else {
            problems.push(format!("aws.{svc_name}: no such service in the schema"));
            continue;
        };
        for (coll_name, items) in collections.as_object().into_iter().flatten() {
            let Some(coll) = svc.collection(coll_name) else {
                problems.push(format!("aws.{svc_name}.{coll_name}: no such collection in the schema"));
                continue;
            };
            for item in items.as_array().into_iter().flatten() {
                let name = item.get("__ref").and_then(Json::as_str).unwrap_or("?");
                problems.extend(
                    coll.check(item, emitter).into_iter().map(|p| format!("aws.{svc_name}.{coll_name} {name}: {p}")),
                );
            }
        }
    }
    problems
}

fn check_object(fields: &Fields, value: &Json, at: &str, emitter: Emitter, problems: &mut Vec<String>) {
    let Some(obj) = value.as_object() else {
        problems.push(format!("{}: expected an object, got {value}", shown(at)));
        return;
    };
    for key in obj.keys() {
        if find(fields, key).is_none() {
            problems.push(format!("{}: not in the schema", join(at, key)));
        }
    }
    for (name, field) in fields {
        let path = join(at, name);
        match obj.get(name) {
            Some(v) => check_value(field, v, &path, emitter, problems),
            None => {
                let optional = match emitter {
                    Emitter::Iac => field.live_only,
                    Emitter::Live => field.iac_only,
                    Emitter::Partial => true,
                };
                if !optional {
                    problems.push(format!("{path}: missing"));
                }
            }
        }
    }
}

fn check_value(field: &Field, value: &Json, at: &str, emitter: Emitter, problems: &mut Vec<String>) {
    if value.is_null() {
        return;
    }
    let ok = match &field.ty {
        Type::String => value.is_string(),
        Type::Boolean => value.is_boolean(),
        Type::Integer => value.is_i64() || value.is_u64(),
        Type::Number => value.is_number(),
        Type::PolicyDocument | Type::Any => true,
        Type::Object(fields) => {
            check_object(fields, value, at, emitter, problems);
            true
        }
        Type::Array(item) => match value.as_array() {
            Some(items) => {
                for (i, v) in items.iter().enumerate() {
                    check_value(item, v, &format!("{at}[{i}]"), emitter, problems);
                }
                true
            }
            None => false,
        },
        Type::Map(item) => match value.as_object() {
            Some(entries) => {
                for (k, v) in entries {
                    check_value(item, v, &format!("{at}[{k:?}]"), emitter, problems);
                }
                true
            }
            None => false,
        },
    };
    if !ok {
        problems.push(format!("{at}: expected {}, got {value}", type_name(&field.ty)));
    }
}

fn type_name(ty: &Type) -> &'static str {
    match ty {
        Type::String => "a string",
        Type::Boolean => "a boolean",
        Type::Integer => "an integer",
        Type::Number => "a number",
        Type::Object(_) => "an object",
        Type::Array(_) => "an array",
        Type::Map(_) => "a map",
        Type::PolicyDocument => "a policy document",
        Type::Any => "anything",
    }
}

fn join(at: &str, key: &str) -> String {
    if at.is_empty() {
        key.to_string()
    } else {
        format!("{at}.{key}")
    }
}

fn shown(at: &str) -> &str {
    if at.is_empty() {
        "the entity"
    } else {
        at
    }
}

// ---- reading the files (through the YAML parser, which keeps the order of keys) ----

fn parse_service(text: &str) -> Result<Service, String> {
    let docs = yaml::parse(text).map_err(|e| format!("line {}: {}", e.line, e.message))?;
    let node = docs.first().ok_or("empty file")?;
    let collections = entries(node.get("collections").ok_or("no `collections`")?)?
        .iter()
        .map(|(name, c)| {
            Ok(Collection {
                name: name.clone(),
                doc: text_of(c, "doc"),
                fields: fields(c.get("fields").ok_or_else(|| format!("{name}: no `fields`"))?)?,
            })
        })
        .collect::<Result<Vec<_>, String>>()?;
    Ok(Service {
        name: text_of(node, "service"),
        title: text_of(node, "title"),
        doc: text_of(node, "doc"),
        collections,
    })
}

fn entries(node: &Node) -> Result<Vec<(String, &Node)>, String> {
    match &node.value {
        Value::Map(entries) => Ok(entries.iter().map(|(k, v)| (k.text.clone(), v)).collect()),
        _ => Err(format!("line {}: expected a map", node.line)),
    }
}

fn text_of(node: &Node, key: &str) -> String {
    node.get(key).and_then(Node::as_str).unwrap_or_default().to_string()
}

fn fields(node: &Node) -> Result<Fields, String> {
    entries(node)?
        .into_iter()
        .map(|(name, f)| Ok((name.clone(), field(f).map_err(|e| format!("{name}: {e}"))?)))
        .collect()
}

fn field(node: &Node) -> Result<Field, String> {
    let ty = match node.get("type").and_then(Node::as_str) {
        Some("string") => Type::String,
        Some("boolean") => Type::Boolean,
        Some("integer") => Type::Integer,
        Some("number") => Type::Number,
        Some("policy_document") => Type::PolicyDocument,
        Some("any") => Type::Any,
        Some("object") => Type::Object(fields(node.get("fields").ok_or("an object needs `fields`")?)?),
        Some("array") => Type::Array(Box::new(field(node.get("items").ok_or("an array needs `items`")?)?)),
        Some("map") => Type::Map(Box::new(field(node.get("values").ok_or("a map needs `values`")?)?)),
        other => return Err(format!("line {}: unknown type {other:?}", node.line)),
    };
    let flag = |key: &str| matches!(node.get(key).map(|n| &n.value), Some(Value::Bool(true)));
    Ok(Field {
        ty,
        doc: text_of(node, "doc"),
        default: node.get("default").map(|d| yaml::to_json(d, &mut String::new(), &mut Default::default())),
        live_only: flag("live_only"),
        iac_only: flag("iac_only"),
    })
}

#[cfg(test)]
mod tests {
    use std::path::Path;
    use std::sync::Arc;

    use super::*;
    use crate::collect;
    use crate::document::Model;

    #[test]
    fn every_schema_file_reads() {
        let services = aws();
        assert_eq!(services.len(), FILES.len());
        for s in services {
            assert!(!s.collections.is_empty(), "{}", s.name);
            for c in &s.collections {
                assert!(c.field(&["__ref"]).is_some(), "{}.{} has no __ref", s.name, c.name);
            }
        }
        let buckets = service("s3").unwrap().collection("buckets").unwrap();
        assert!(buckets.field(&["versioning", "enabled"]).is_some());
        assert!(buckets.field(&["versioning", "enabeld"]).is_none());
        assert!(buckets.field(&["policy", "Statement", "_", "Effect"]).is_some(), "free-form inside a policy");
        let groups = service("ec2").unwrap().collection("security_groups").unwrap();
        assert!(groups.field(&["ingress", "_", "from_port"]).is_some());
    }

    #[test]
    fn checks_find_unknown_missing_and_mistyped_fields() {
        let queues = service("sqs").unwrap().collection("queues").unwrap();
        let problems = queues.check(&serde_json::json!({"__ref": "q", "fifo": "yes", "extra": 1}), Emitter::Iac);
        let text = problems.join("\n");
        assert!(text.contains("extra: not in the schema"), "{text}");
        assert!(text.contains("fifo: expected a boolean, got \"yes\""), "{text}");
        assert!(text.contains("encryption: missing"), "{text}");
        assert!(queues.check(&serde_json::json!({"__ref": "q"}), Emitter::Partial).is_empty());
    }

    /// The fields adapters declare as data name schema fields, with the schema's defaults.
    #[test]
    fn declared_fields_match_the_schema() {
        let mut declared = 0;
        for adapter in crate::cloud::aws::ADAPTERS {
            let service = service(adapter.service).unwrap_or_else(|| panic!("no schema for {}", adapter.service));
            for (collection, fields) in adapter.fields {
                let coll = service.collection(collection).unwrap_or_else(|| panic!("{}.{collection}", service.name));
                for f in *fields {
                    let path: Vec<&str> = f.path.split('/').collect();
                    let field =
                        coll.field(&path).unwrap_or_else(|| panic!("{}.{collection}: no {}", service.name, f.path));
                    if let Some(default) = &field.default {
                        assert_eq!(&f.default.json(), default, "{}.{collection}.{}: default", service.name, f.path);
                    }
                    declared += 1;
                }
            }
        }
        assert!(declared >= 10, "{declared}");
    }

    /// Every entity the IaC adapters build from the sample, the rules' cases and the fuzz
    /// corpus has exactly the schema's fields, with its types.
    #[test]
    fn adapters_emit_what_the_schema_says() {
        let root = Path::new(env!("CARGO_MANIFEST_DIR"));
        let mut files = Vec::new();
        for dir in ["fixtures", "rules-tests"] {
            let mut stack = vec![root.join(dir)];
            while let Some(d) = stack.pop() {
                for e in std::fs::read_dir(&d).unwrap().flatten() {
                    let p = e.path();
                    if p.is_dir() {
                        stack.push(p);
                    } else if let Some(kind) = collect::classify(&p) {
                        files.push((p, kind));
                    }
                }
            }
        }
        files.sort_by(|a, b| a.0.cmp(&b.0));
        let opts = collect::Options::default();
        let (mut entities, mut problems) = (0, Vec::new());
        for (path, kind) in &files {
            let Ok(text) = std::fs::read_to_string(path) else { continue };
            let rel: Arc<str> = Arc::from(path.strip_prefix(root).unwrap().to_string_lossy().as_ref());
            let out = collect::collect_text(&rel, *kind, &text, &opts);
            // Snapshots in cases are partial by design: their keys and types still count.
            for doc in out.docs.iter().filter(|d| d.model == Model::Cloud) {
                problems.extend(check_input(&doc.input, Emitter::Partial).into_iter().map(|p| format!("{rel}: {p}")));
            }
            let iac =
                crate::pipeline::iac::documents(collect::Output { iac: out.iac, ..Default::default() }, opts.models);
            for doc in iac.docs.iter().filter(|d| d.model == Model::Cloud) {
                entities += doc.input["aws"].as_object().map_or(0, |s| {
                    s.values()
                        .flat_map(|c| c.as_object().into_iter().flatten())
                        .map(|(_, v)| v.as_array().map_or(0, Vec::len))
                        .sum()
                });
                problems.extend(check_input(&doc.input, Emitter::Iac).into_iter().map(|p| format!("{rel}: {p}")));
            }
        }
        assert!(entities > 500, "only {entities} entities checked");
        assert!(problems.is_empty(), "{} problems:\n{}", problems.len(), problems[..problems.len().min(40)].join("\n"));
    }
}
