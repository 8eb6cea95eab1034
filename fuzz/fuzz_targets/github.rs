//! The GitHub workflow collector (YAML, `uses` and `${{ }}` expression parsing, locating
//! expressions in the source) on arbitrary bytes.
#![no_main]

use std::sync::Arc;

use libfuzzer_sys::fuzz_target;
use rampart::collect::{FileKind, Options};
use rampart::pipeline::iac::collect_text;

fuzz_target!(|data: &[u8]| {
    if let Ok(text) = std::str::from_utf8(data) {
        for rel in [".github/workflows/fuzz.yml", "fuzz/action.yml"] {
            let rel: Arc<str> = Arc::from(rel);
            let out = collect_text(&rel, FileKind::Yaml, text, &Options::default());
            for doc in out.docs {
                assert!(doc.source_map.locate(&doc.root_ref, &[]).is_some());
            }
        }
    }
});
