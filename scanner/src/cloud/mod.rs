//! The cloud model: one provider-neutral picture of AWS resources, whatever described them.
//!
//! Terraform, plan JSON, CloudFormation and (later) the live APIs all fill the same entities,
//! so one policy covers every source. Adapters (one file per service under `aws/`) fold related
//! resources into the entity they describe and fill every modelled attribute: the written
//! value (located at its line), the provider's default when omitted (located at the block), or
//! `null` when it cannot be known — which no rule fires on.

pub mod aws;
pub mod read;
pub mod schema;

use std::collections::BTreeMap;
use std::sync::Arc;

use serde_json::{Map, Value as Json};

use crate::document::{escape_pointer_segment, FileMap, SourceMap, Span, SpanMap};
use crate::iac::Resource;

/// One entity being built: a bucket, a role, a security group.
#[derive(Debug, Clone)]
pub struct Entity {
    reference: String,
    file: Arc<str>,
    value: Map<String, Json>,
    spans: SpanMap,
    files: FileMap,
}

impl Entity {
    /// An entity described by `res`: its `__ref` is the resource's address, its block the
    /// resource's block.
    pub fn new(res: &Resource) -> Entity {
        Entity::at(res.address.clone(), res.file.clone(), res.span)
    }

    /// An entity with an explicit ref and location (live resources: the ARN, at the account).
    pub fn at(reference: String, file: Arc<str>, span: Span) -> Entity {
        let mut spans = SpanMap::new();
        spans.insert(String::new(), span);
        let mut value = Map::new();
        value.insert("__ref".into(), Json::String(reference.clone()));
        Entity { reference, file, value, spans, files: FileMap::new() }
    }

    /// An entity the scan configures but does not declare (a bucket named by a split resource's
    /// literal, variable or data source), described by `split`: every field of the schema's
    /// `service`/`collection` is unknown (`null`) until a split resource sets it, so no rule
    /// fires on what the scan cannot see.
    pub fn external(split: &Resource, service: &str, collection: &str) -> Entity {
        let mut e = Entity::new(split);
        let fields = schema::service(service).and_then(|s| s.collection(collection)).map(|c| c.fields.as_slice());
        for (name, field) in fields.unwrap_or_default() {
            if name != "__ref" && !field.live_only {
                e.set(name, Json::Null);
            }
        }
        e
    }

    pub fn reference(&self) -> &str {
        &self.reference
    }

    /// The value built so far at a model path (`versioning/enabled`).
    pub fn get(&self, path: &str) -> Option<&Json> {
        self.value
            .get(path.split('/').next()?)
            .and_then(|v| path.split_once('/').map_or(Some(v), |(_, rest)| v.pointer(&format!("/{rest}"))))
    }

    /// Set a computed or default value at a model path, without a location of its own (it is
    /// reported at the longest located prefix: the block, for a default).
    pub fn set(&mut self, path: &str, value: Json) -> &mut Self {
        let mut parts = path.split('/');
        let first = parts.next().expect("split yields one item");
        let mut slot = self.value.entry(first.to_string()).or_insert(Json::Null);
        for part in parts {
            if !slot.is_object() {
                *slot = Json::Object(Map::new());
            }
            slot = slot.as_object_mut().expect("object").entry(part.to_string()).or_insert(Json::Null);
        }
        *slot = value;
        self
    }

    /// Report model path `path` at the line of `res`'s attribute `pointer` (or, when that is
    /// not written, of its longest written prefix, then of the resource block).
    pub fn locate(&mut self, path: &str, res: &Resource, pointer: &str) -> &mut Self {
        // A CloudFormation resource's own settings are written under `Properties`.
        let mut span = match res.spans.get("") {
            Some(properties) if read::is_cloudformation(res) => *properties,
            _ => res.span,
        };
        let mut prefix = String::new();
        for part in pointer.split('/').skip(1) {
            prefix.push('/');
            prefix.push_str(part);
            if let Some(s) = res.spans.get(&prefix) {
                span = *s;
            }
        }
        let model_pointer = model_pointer(path);
        self.spans.insert(model_pointer.clone(), span);
        if res.file != self.file {
            self.files.insert(model_pointer, res.file.clone());
        } else {
            self.files.remove(&model_pointer);
        }
        self
    }

    /// Report model path `path` at the block of `res` (a folded-in resource that sets it).
    pub fn locate_block(&mut self, path: &str, res: &Resource) -> &mut Self {
        self.locate(path, res, "")
    }
}

fn model_pointer(path: &str) -> String {
    let mut pointer = String::new();
    for part in path.split('/') {
        pointer.push('/');
        escape_pointer_segment(part, &mut pointer);
    }
    pointer
}

/// The entities of one scan unit, by service and collection (`s3` → `buckets` → […]).
#[derive(Debug, Default)]
pub struct CloudModel {
    services: BTreeMap<&'static str, BTreeMap<&'static str, Vec<Entity>>>,
}

impl CloudModel {
    pub fn push(&mut self, service: &'static str, collection: &'static str, entity: Entity) {
        self.services.entry(service).or_default().entry(collection).or_default().push(entity);
    }

    /// Account-level settings (`{"ec2": {"account": {…}}}`) are one entity, not a list.
    pub fn is_empty(&self) -> bool {
        self.services.is_empty()
    }

    /// The `input` policies see (`{"aws": {service: {collection: [entities]}}}`, entities in
    /// ref order so output never depends on source order) and its SourceMap.
    pub fn finish(self) -> (Json, SourceMap) {
        let mut map = SourceMap::default();
        let mut aws = Map::new();
        for (service, collections) in self.services {
            let mut svc = Map::new();
            for (collection, mut entities) in collections {
                entities.sort_by(|a, b| a.reference.cmp(&b.reference));
                let mut items = Vec::with_capacity(entities.len());
                for e in entities {
                    map.insert_entity_in_files(e.reference, e.file, e.spans, e.files);
                    items.push(Json::Object(e.value));
                }
                svc.insert(collection.to_string(), Json::Array(items));
            }
            aws.insert(service.to_string(), Json::Object(svc));
        }
        let mut input = Map::new();
        input.insert("aws".into(), Json::Object(aws));
        (Json::Object(input), map)
    }
}

#[cfg(test)]
mod tests {
    use super::read::{attr, boolean, string};
    use super::*;
    use serde_json::json;

    fn bucket() -> Resource {
        let mut spans = SpanMap::new();
        spans.insert("/acl".into(), Span::new(3, 3));
        spans.insert("/versioning".into(), Span::new(4, 6));
        spans.insert("/versioning/0".into(), Span::new(4, 6));
        spans.insert("/versioning/0/enabled".into(), Span::new(5, 5));
        Resource {
            kind: "aws_s3_bucket".into(),
            data: false,
            address: "aws_s3_bucket.logs".into(),
            file: "main.tf".into(),
            span: Span::new(2, 7),
            attrs: json!({"acl": "public-read", "bucket": null, "versioning": [{"enabled": true}]}),
            spans,
            refs: Default::default(),
            exprs: Default::default(),
        }
    }

    #[test]
    fn written_default_and_unknown_values_are_located() {
        let res = bucket();
        let mut e = Entity::new(&res);
        attr(&mut e, "acl", &res, "/acl", json!("private"), string);
        attr(&mut e, "name", &res, "/bucket", Json::Null, string);
        attr(&mut e, "versioning/enabled", &res, "/versioning/0/enabled", json!(false), boolean);
        attr(&mut e, "logging/enabled", &res, "/logging/0/target_bucket", json!(false), boolean);
        assert_eq!(e.get("versioning/enabled"), Some(&json!(true)));
        let mut model = CloudModel::default();
        model.push("s3", "buckets", e);
        let (input, map) = model.finish();
        assert_eq!(input["aws"]["s3"]["buckets"][0]["acl"], json!("public-read"));
        assert_eq!(input["aws"]["s3"]["buckets"][0]["logging"], json!({"enabled": false}));
        let at = |path: &[&str]| {
            let path: Vec<Json> = path.iter().map(|p| json!(p)).collect();
            map.locate("aws_s3_bucket.logs", &path).unwrap().span
        };
        assert_eq!(at(&["acl"]), Span::new(3, 3));
        assert_eq!(at(&["versioning", "enabled"]), Span::new(5, 5));
        assert_eq!(at(&["logging", "enabled"]), Span::new(2, 7));
    }

    #[test]
    fn folded_values_keep_their_own_file() {
        let res = bucket();
        let mut other = bucket();
        other.file = "s3.tf".into();
        other.address = "aws_s3_bucket_versioning.logs".into();
        let mut e = Entity::new(&res);
        attr(&mut e, "versioning/enabled", &other, "/versioning/0/enabled", json!(false), boolean);
        let mut model = CloudModel::default();
        model.push("s3", "buckets", e);
        let (_, map) = model.finish();
        let loc = map.locate("aws_s3_bucket.logs", &[json!("versioning"), json!("enabled")]).unwrap();
        assert_eq!(&*loc.file, "s3.tf");
        assert_eq!(loc.anchors, vec![5]);
    }
}
