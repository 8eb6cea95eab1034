//! The Terraform plan JSON collector on arbitrary JSON.
#![no_main]

use std::sync::Arc;

use libfuzzer_sys::fuzz_target;
use rampart::collect::{FileKind, Options};
use rampart::pipeline::iac::collect_text;

fuzz_target!(|data: &[u8]| {
    if let Ok(text) = std::str::from_utf8(data) {
        let rel: Arc<str> = Arc::from("plan.json");
        let _ = collect_text(&rel, FileKind::Json, text, &Options::default());
    }
});
