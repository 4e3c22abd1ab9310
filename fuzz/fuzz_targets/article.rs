//! The article readers on arbitrary bytes in every format: no panic, and every failure is
//! an error with a location, never a silently dropped document.
#![no_main]
use libfuzzer_sys::fuzz_target;
use rasid_ingest::{read_bytes, Format, ReadOptions};

fuzz_target!(|data: &[u8]| {
    let opts = ReadOptions { max_bytes: 1 << 16, ..ReadOptions::default() };
    for format in [Format::Text, Format::Json, Format::JsonLines, Format::JsonLinesGz] {
        for r in read_bytes(data, format, "fuzz-20180622.in", &opts) {
            match r {
                Ok(a) => {
                    let _ = a.analysis_text();
                }
                Err(e) => assert!(!e.to_string().is_empty()),
            }
        }
    }
});
