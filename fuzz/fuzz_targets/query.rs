//! Fuzz target: the search query parser (words, "phrases", field:value, AND/OR/NOT).
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|text: &str| {
    let _ = zhijian_kb::query::parse(text);
});
