//! The GitLab CI collector (YAML, includes, images, script lines and the variables they
//! expand, located in the source) on arbitrary bytes.
#![no_main]

use std::sync::Arc;

use libfuzzer_sys::fuzz_target;
use rampart::collect::{FileKind, Options};
use rampart::pipeline::iac::collect_text;

fuzz_target!(|data: &[u8]| {
    if let Ok(text) = std::str::from_utf8(data) {
        let rel: Arc<str> = Arc::from(".gitlab-ci.yml");
        let out = collect_text(&rel, FileKind::Yaml, text, &Options::default());
        for doc in out.docs {
            assert!(doc.source_map.locate(&doc.root_ref, &[]).is_some());
            for part in ["includes", "images", "commands", "references"] {
                for i in 0..doc.input[part].as_array().map_or(0, Vec::len) {
                    let at = [serde_json::json!(part), serde_json::json!(i)];
                    assert!(doc.source_map.locate(&doc.root_ref, &at).is_some_and(|l| l.span.start >= 1));
                }
            }
        }
    }
});
