//! The Terraform collector (HCL parse, evaluation, adapters) on arbitrary module text.
#![no_main]

use std::sync::Arc;

use libfuzzer_sys::fuzz_target;
use rampart::collect::{FileKind, Options};
use rampart::pipeline::iac::collect_text;

fuzz_target!(|data: &[u8]| {
    if let Ok(text) = std::str::from_utf8(data) {
        let rel: Arc<str> = Arc::from("main.tf");
        let out = collect_text(&rel, FileKind::Terraform, text, &Options::default());
        for doc in &out.docs {
            let _ = doc.source_map.locate(&doc.root_ref, &[]);
        }
    }
});
