//! Fuzz target: ID → path resolution. Whatever the id or relative path, the result is
//! inside the knowledge-base root or an error.
#![no_main]

use std::path::{Component, Path};
use std::sync::OnceLock;

use libfuzzer_sys::fuzz_target;
use zhijian_kb::Kb;

fn kb() -> &'static Kb {
    static KB: OnceLock<Kb> = OnceLock::new();
    KB.get_or_init(|| {
        let root = std::env::temp_dir().join(format!("zhijian-fuzz-kb-{}", std::process::id()));
        std::fs::create_dir_all(&root).expect("temp kb folder");
        std::fs::write(root.join("zhijian.toml"), "name = \"fuzz\"\n").expect("zhijian.toml");
        let types = zhijian_personnel::declare_types(zhijian_policy::declare_types(
            zhijian_kb::Types::builder(),
        ))
        .build();
        Kb::open(&root, types).expect("the fuzz kb opens")
    })
}

/// True when `path` is `root` followed only by plain names.
fn stays_inside(root: &Path, path: &Path) -> bool {
    path.strip_prefix(root)
        .is_ok_and(|rest| rest.components().all(|c| matches!(c, Component::Normal(_))))
}

fuzz_target!(|text: &str| {
    let kb = kb();
    if let Ok(path) = kb.inside(text) {
        assert!(
            stays_inside(kb.root(), &path),
            "{text:?} resolved to {path:?}"
        );
        assert!(path != kb.root(), "{text:?} resolved to the root itself");
    }
    let valid = zhijian_kb::document::validate_id(text).is_ok();
    for doc_type in kb.types().all() {
        match kb.path_for(doc_type.name(), text) {
            Ok(path) => {
                assert!(valid, "path_for accepted an invalid id {text:?}");
                assert!(
                    stays_inside(kb.root(), &path),
                    "{text:?} resolved to {path:?}"
                );
                assert_eq!(
                    path.parent(),
                    Some(kb.root().join(doc_type.folder()).as_path()),
                    "{text:?} left its folder"
                );
            }
            Err(_) => assert!(!valid || text.len() > 200, "valid id {text:?} refused"),
        }
    }
});
