//! The Compose collector (YAML, list-to-mapping normalisation, interpolation, ports and volumes
//! parsing) on arbitrary bytes, as a base file and as a variant read alone.
#![no_main]

use std::sync::Arc;

use libfuzzer_sys::fuzz_target;
use rampart::collect::{FileKind, Options};
use rampart::pipeline::iac::collect_text;

fuzz_target!(|data: &[u8]| {
    if let Ok(text) = std::str::from_utf8(data) {
        for rel in ["compose.yaml", "deploy/docker-compose.prod.yml"] {
            let rel: Arc<str> = Arc::from(rel);
            let out = collect_text(&rel, FileKind::Yaml, text, &Options::default());
            for doc in out.docs {
                assert!(doc.source_map.locate(&doc.root_ref, &[]).is_some());
                for (name, service) in doc.input["services"].as_object().into_iter().flatten() {
                    for part in ["port_bindings", "mounts"] {
                        for i in 0..service[part].as_array().map_or(0, Vec::len) {
                            let at = [serde_json::json!("services"), serde_json::json!(name), serde_json::json!(part), serde_json::json!(i)];
                            assert!(doc.source_map.locate(&doc.root_ref, &at).is_some_and(|l| l.span.start >= 1));
                        }
                    }
                }
            }
        }
    }
});
