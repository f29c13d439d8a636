//! Test fixture: a valid shared library that is not a zhijian plugin, since it does
//! not export `zhijian_plugin_entry`.

/// Some unrelated export, so that the library is not empty.
#[unsafe(no_mangle)]
pub extern "C" fn not_a_zhijian_plugin() -> u32 {
    42
}
