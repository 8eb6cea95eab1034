//! From what collectors read to what policies evaluate: an IaC scan unit (a Terraform module,
//! a plan, a CloudFormation template) becomes the `cloud` document the adapters build and the
//! source's raw model, sharing the unit's files and inline ignores. This step is the
//! pipeline's, so collectors never depend on the cloud adapters.

use crate::cloud::aws;
use crate::collect;
use crate::diagnostic::Diagnostic;
use crate::document::{Document, Model, Models, SourceMap, Span, SpanMap};
use crate::iac::Unit;

/// What collecting gave, as documents only.
#[derive(Default)]
pub struct Collected {
    pub docs: Vec<Document>,
    pub diagnostics: Vec<Diagnostic>,
}

/// A collector's output with its IaC units turned into documents of the wanted `models`.
pub fn documents(out: collect::Output, models: Models) -> Collected {
    let mut docs = out.docs;
    for unit in out.iac {
        docs.extend(unit_documents(unit, models));
    }
    Collected { docs, diagnostics: out.diagnostics }
}

/// Collect a file's text (already read) into documents: what `rampart test` runs a case
/// through, and the fuzz targets and benchmarks drive.
pub fn collect_text(
    rel: &std::sync::Arc<str>,
    kind: collect::FileKind,
    text: &str,
    opts: &collect::Options,
) -> Collected {
    documents(collect::collect_text(rel, kind, text, opts), opts.models)
}

/// The unit's documents: `cloud` when `cloud` rules are active and it describes any AWS
/// entity; its raw model (`terraform`, `cloudformation`) when that model's rules are.
fn unit_documents(unit: Unit, models: Models) -> Vec<Document> {
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
        annotation_ignores: Default::default(),
        context: None,
    };
    if models.contains(Model::Cloud) {
        let model = aws::build(&unit.inventory);
        if !model.is_empty() {
            let (input, mut map) = model.finish();
            root_entity(&mut map);
            docs.push(document(Model::Cloud, input, map));
        }
    }
    if let Some((model, mut input, mut map)) = unit.raw.filter(|(model, _, _)| models.contains(*model)) {
        root_entity(&mut map);
        // Where credentials are written, found in one pass (see policies/lib/secrets.rego).
        let credentials = crate::secrets::credential_paths(&input);
        if let Some(obj) = input.as_object_mut() {
            obj.insert("__credentials".into(), serde_json::json!(credentials));
        }
        docs.push(document(model, input, map));
    }
    docs
}
