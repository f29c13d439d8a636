//! Test fixture: a hand-written plugin table whose manifest is fine but whose `call`
//! answers with text that is not JSON.

use std::ffi::{CString, c_char};

use zhijian_plugin_api::abi::{ABI_VERSION, HostTable, PLUGIN_MAGIC, PluginTable, TABLE_SIZE};

const MANIFEST: &str = r#"{"name":"bad-json","version":"0.1.0","about":"answers garbage",
"commands":[{"name":"go","about":"answer with invalid JSON"}]}"#;

/// A string the host releases with `free`; null if it holds a NUL (it never does).
fn owned(text: &str) -> *mut c_char {
    CString::new(text).map_or(std::ptr::null_mut(), CString::into_raw)
}

unsafe extern "C" fn manifest() -> *mut c_char {
    owned(MANIFEST)
}

unsafe extern "C" fn call(_: *const HostTable, _: *const c_char) -> *mut c_char {
    owned(r#"{"ok": this is not JSON"#)
}

/// # Safety
///
/// `text` is null or came from `owned` and is released once.
unsafe extern "C" fn free(text: *mut c_char) {
    if !text.is_null() {
        // SAFETY: the caller promises `text` came from `CString::into_raw` above.
        drop(unsafe { CString::from_raw(text) });
    }
}

static TABLE: PluginTable = PluginTable {
    magic: PLUGIN_MAGIC,
    abi_version: ABI_VERSION,
    table_size: TABLE_SIZE,
    name: c"bad-json".as_ptr(),
    version: c"0.1.0".as_ptr(),
    manifest: Some(manifest),
    call: Some(call),
    free: Some(free),
};

/// The plugin entry.
#[unsafe(no_mangle)]
pub extern "C" fn zhijian_plugin_entry() -> *const PluginTable {
    &TABLE
}
