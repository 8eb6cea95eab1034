//! Documents of an IaC scan unit (a Terraform module, a plan, a CloudFormation template):
//! the `cloud` model built by the adapters and the source's raw model, sharing the unit's
//! files and inline ignores.

use std::collections::HashMap;
use std::sync::Arc;

use serde_json::Value as Json;

use crate::cloud::aws;
use crate::document::{Document, Model, SourceMap, Span, SpanMap};
use crate::iac::Inventory;
use crate::suppress::InlineIgnores;

/// What a scan unit gives, before it becomes documents.
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

/// The unit's documents: `cloud` when `cloud` rules are active and it describes any AWS
/// entity; the raw model when `raw_model` rules are active.
pub fn documents(unit: Unit, cloud: bool, raw_model: bool) -> Vec<Document> {
    let mut docs = Vec::new();
    let ignores = unit.ignores.get(&unit.file).cloned().unwrap_or_default();
    let mut other_ignores = unit.ignores;
    other_ignores.remove(&unit.file);
    let root_entity = |map: &mut SourceMap| {
        if !map.contains(&unit.root_ref) {
            let mut spans = SpanMap::new();
            spans.insert(String::new(), Span::new(1, 1));
            map.insert_entity(unit.root_ref.clone(), unit.file.clone(), spans);
        }
    };
    let document = |model, input, source_map| Document {
        model,
        file: unit.file.clone(),
        kind: None,
        root_ref: unit.root_ref.clone(),
        input,
        source_map,
        ignores: ignores.clone(),
        other_ignores: other_ignores.clone(),
        annotation_ignores: Vec::new(),
    };
    if cloud {
        let model = aws::build(&unit.inventory);
        if !model.is_empty() {
            let (input, mut map) = model.finish();
            root_entity(&mut map);
            docs.push(document(Model::Cloud, input, map));
        }
    }
    if raw_model {
        if let Some((model, input, mut map)) = unit.raw {
            root_entity(&mut map);
            docs.push(document(model, input, map));
        }
    }
    docs
}
