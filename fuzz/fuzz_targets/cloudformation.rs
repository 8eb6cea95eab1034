//! The CloudFormation collector (intrinsics, conditions, SAM, adapters) on arbitrary YAML.
#![no_main]

use std::sync::Arc;

use libfuzzer_sys::fuzz_target;
use rampart::collect::{FileKind, Options};
use rampart::pipeline::iac::collect_text;

fuzz_target!(|data: &[u8]| {
    if let Ok(text) = std::str::from_utf8(data) {
        // Make every input a template candidate, so the fuzzer explores the collector.
        let text = format!("AWSTemplateFormatVersion: '2010-09-09'\n{text}");
        let rel: Arc<str> = Arc::from("template.yaml");
        let _ = collect_text(&rel, FileKind::Yaml, &text, &Options::default());
    }
});
