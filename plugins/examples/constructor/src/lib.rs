//! Test fixture: a library that runs code the moment it is opened, as a hostile
//! plugin would. Its initialiser appends a line to the file named by
//! `ZHIJIAN_TEST_MARKER`; the tests check which commands never open it.
//!
//! It is not a zhijian plugin (no entry symbol): what matters is that opening it at
//! all runs its code.

/// Appends `opened` to the marker file, if the tests named one.
extern "C" fn leave_a_marker() {
    if let Some(path) = std::env::var_os("ZHIJIAN_TEST_MARKER") {
        use std::io::Write as _;
        if let Ok(mut file) = std::fs::OpenOptions::new()
            .create(true)
            .append(true)
            .open(path)
        {
            let _ = file.write_all(b"opened\n");
        }
    }
}

/// Run by the dynamic loader when the library is opened, like a C
/// `__attribute__((constructor))`.
#[cfg(any(target_os = "linux", target_os = "android", target_os = "freebsd"))]
#[used]
#[unsafe(link_section = ".init_array")]
static INITIALISER: extern "C" fn() = leave_a_marker;

/// The same on macOS.
#[cfg(target_vendor = "apple")]
#[used]
#[unsafe(link_section = "__DATA,__mod_init_func")]
static INITIALISER: extern "C" fn() = leave_a_marker;
