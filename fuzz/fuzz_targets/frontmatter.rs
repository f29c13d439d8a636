//! Fuzz target: the `+++` front-matter splitter and the TOML parser behind it.
#![no_main]

use libfuzzer_sys::fuzz_target;
use zhijian_kb::frontmatter::{key_line, parse, split};

fuzz_target!(|text: &str| {
    let Ok(parts) = split(text) else { return };
    // The pieces are slices of the input, in order, and the lines are 1-based.
    assert!(parts.body_line >= 1 && parts.front_line >= 1);
    assert!(text.ends_with(parts.body));
    if let Some(front) = parts.front {
        if let Ok(table) = parse(front, parts.front_line) {
            for key in table.keys().take(8) {
                let _ = key_line(front, parts.front_line, key);
            }
        }
    }
});
