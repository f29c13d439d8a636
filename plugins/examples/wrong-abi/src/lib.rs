//! Test fixture: a library whose plugin table claims ABI 999, as one built for a
//! future zhijian would; the host must refuse it without calling anything in it.

use std::ffi::c_char;

use zhijian_plugin_api::abi::{HostTable, PLUGIN_MAGIC, PluginTable, TABLE_SIZE};

/// Aborts the whole process, so that a host that calls it fails its tests loudly.
unsafe extern "C" fn manifest() -> *mut c_char {
    std::process::abort()
}

/// As `manifest`.
unsafe extern "C" fn call(_: *const HostTable, _: *const c_char) -> *mut c_char {
    std::process::abort()
}

/// As `manifest`.
unsafe extern "C" fn free(_: *mut c_char) {
    std::process::abort()
}

static TABLE: PluginTable = PluginTable {
    magic: PLUGIN_MAGIC,
    abi_version: 999,
    table_size: TABLE_SIZE,
    name: c"wrong-abi".as_ptr(),
    version: c"0.1.0".as_ptr(),
    manifest: Some(manifest),
    call: Some(call),
    free: Some(free),
};

/// The plugin entry, returning the mislabelled table.
#[unsafe(no_mangle)]
pub extern "C" fn zhijian_plugin_entry() -> *const PluginTable {
    &TABLE
}
