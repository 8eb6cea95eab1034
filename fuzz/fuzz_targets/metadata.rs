//! The METADATA parser and `.rampart.yaml` parser on arbitrary text.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    if let Ok(text) = std::str::from_utf8(data) {
        let _ = rampart::policy::metadata::parse(text);
        let _ = rampart::config::parse(text);
    }
});
