//! Fuzz target: the whole document pipeline, bytes → UTF-8 → front matter → comrak →
//! sections and links, then each first-party type's checks and index units.
#![no_main]

use std::sync::OnceLock;

use libfuzzer_sys::fuzz_target;
use zhijian_kb::Types;
use zhijian_kb::load::load;

fn types() -> &'static Types {
    static TYPES: OnceLock<Types> = OnceLock::new();
    TYPES.get_or_init(|| {
        let builder = zhijian_policy::declare_types(Types::builder());
        let builder = zhijian_cases::declare_types(builder);
        let builder = zhijian_training::declare_types(builder);
        zhijian_personnel::declare_types(builder).build()
    })
}

fuzz_target!(|bytes: &[u8]| {
    let types = types();
    for path in ["cases/fuzz.md", "policies/fuzz.md", "notes/fuzz.md", "people/fuzz.md"] {
        let Ok(loaded) = load(path, bytes, types) else {
            continue;
        };
        let doc = loaded.document;
        assert!(zhijian_kb::document::validate_id(&doc.id).is_ok());
        for section in &doc.markdown.sections {
            assert!(section.line >= 1);
        }
        let declared = types.get(&doc.doc_type).expect("a loaded document has a known type");
        let units = declared.units(&doc);
        assert!(!declared.personal() || path.starts_with("people/") || doc.doc_type == "person");
        for unit in &units {
            assert!(unit.line >= 1);
        }
    }
});
