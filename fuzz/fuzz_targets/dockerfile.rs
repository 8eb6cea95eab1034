//! The Dockerfile parser on arbitrary text.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    if let Ok(text) = std::str::from_utf8(data) {
        if let Ok(parsed) = rampart::collect::dockerfile::parse(text) {
            for span in parsed.spans.values() {
                assert!(span.start >= 1 && span.end >= span.start);
            }
        }
    }
});
