//! Fuzz target: the whole document pipeline, bytes → UTF-8 → front matter → comrak →
//! sections and links, then the index units built from the document.
#![no_main]

use libfuzzer_sys::fuzz_target;
use zhijian_kb::load::load;
use zhijian_kb::units::units;

fuzz_target!(|bytes: &[u8]| {
    for path in ["cases/fuzz.md", "policies/fuzz.md", "notes/fuzz.md"] {
        let Ok(loaded) = load(path, bytes) else {
            continue;
        };
        let doc = loaded.document;
        assert!(zhijian_kb::document::validate_id(&doc.id).is_ok());
        for section in &doc.markdown.sections {
            assert!(section.line >= 1);
        }
        let _ = units(&doc, "2024-01-01");
    }
});
