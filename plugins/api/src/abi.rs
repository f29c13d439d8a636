//! The C ABI between zhijian and a dynamic plugin: two `#[repr(C)]` tables of
//! C strings and function pointers, with JSON for everything else.
//!
//! A plugin library exports [`ENTRY_SYMBOL`], a function returning a
//! [`PluginTable`]. The host calls `call` with a [`HostTable`] through which the plugin
//! may call back. Only C types cross: every request, response and error travels as a
//! NUL-terminated UTF-8 JSON string, freed by the `free` of the side that allocated
//! it (each library has its own allocator). No Rust panic crosses either: every
//! function below catches it and answers with an error instead.
//!
//! The wire shapes are:
//!
//! - `PluginTable::manifest` → a [`Manifest`](crate::Manifest) object.
//! - `PluginTable::call` takes a [`Request`](crate::Request) object and returns
//!   `{"ok": Response}` or `{"err": PluginError}`.
//! - `HostTable::call` takes a [`HostRequest`] object and returns
//!   `{"ok": any JSON value}` or `{"err": "message"}`.

use std::any::Any;
use std::ffi::{CStr, CString, c_char, c_void};
use std::mem::{offset_of, size_of};
use std::panic::{AssertUnwindSafe, catch_unwind};

use serde::{Deserialize, Serialize};
use serde_json::Value;

use crate::{Host, HostRequest, NoHost};

/// The plugin ABI this crate speaks; see "ABI versioning" in the crate docs.
pub const ABI_VERSION: u32 = 1;

/// The tag at the start of every [`PluginTable`]: "ZHIJIAN1" in ASCII.
///
/// It tells a zhijian plugin from a library that merely exports a symbol of the
/// same name. It never changes; [`ABI_VERSION`] does.
pub const PLUGIN_MAGIC: u64 = 0x5a48_494a_4941_4e31;

/// The name of the function every plugin library exports, without its NUL.
pub const ENTRY_SYMBOL: &str = "zhijian_plugin_entry";

/// The type of [`ENTRY_SYMBOL`]: returns the plugin's table, or null when the
/// plugin could not start.
pub type EntryFn = unsafe extern "C" fn() -> *const PluginTable;

/// The type of `PluginTable::manifest`.
pub type ManifestFn = unsafe extern "C" fn() -> *mut c_char;

/// The type of `PluginTable::call`.
pub type CallFn =
    unsafe extern "C" fn(host: *const HostTable, request_json: *const c_char) -> *mut c_char;

/// The type of `HostTable::call`.
pub type HostCallFn =
    unsafe extern "C" fn(ctx: *const c_void, request_json: *const c_char) -> *mut c_char;

/// The type of both tables' `free`.
pub type FreeFn = unsafe extern "C" fn(text: *mut c_char);

/// The first fields of every [`PluginTable`], whatever its ABI version.
///
/// The loader reads only these before it trusts anything else, so they must never
/// change: a plugin built for another ABI is then refused with a clear message
/// instead of being called through a wrong layout.
#[repr(C)]
#[derive(Debug, Clone, Copy)]
pub struct TablePrefix {
    /// Always [`PLUGIN_MAGIC`].
    pub magic: u64,
    /// The [`ABI_VERSION`] the plugin was built against.
    pub abi_version: u32,
    /// `size_of::<PluginTable>()` in the plugin: a layout check.
    pub table_size: u32,
}

/// What a plugin library hands the host, returned by [`ENTRY_SYMBOL`].
///
/// The table and the strings it points to live as long as the library (the host
/// never unloads one). The functions may be called from several threads at once.
/// They are `Option`s so that a null pointer in a broken table is a value the
/// loader can check rather than undefined behaviour.
#[repr(C)]
#[derive(Debug)]
pub struct PluginTable {
    /// Always [`PLUGIN_MAGIC`].
    pub magic: u64,
    /// The [`ABI_VERSION`] the plugin was built against.
    pub abi_version: u32,
    /// `size_of::<PluginTable>()` as the plugin sees it.
    pub table_size: u32,
    /// The plugin's name, a static NUL-terminated UTF-8 string equal to the
    /// manifest's `name`.
    pub name: *const c_char,
    /// The plugin's version, a static NUL-terminated UTF-8 string.
    pub version: *const c_char,
    /// Returns the [`Manifest`](crate::Manifest) as JSON (to be released with `free`),
    /// or null on failure.
    pub manifest: Option<ManifestFn>,
    /// Runs one request.
    ///
    /// `host` points to a [`HostTable`] valid only until `call` returns (it may be
    /// null: the plugin then has no host). `request_json` is a NUL-terminated
    /// [`Request`](crate::Request). Returns `{"ok":Response}` or `{"err":PluginError}`,
    /// to be released with `free`.
    pub call: Option<CallFn>,
    /// Releases a string returned by `manifest` or `call`; null is ignored.
    pub free: Option<FreeFn>,
}

// SAFETY: the pointers in a table point to immutable data that lives as long as the
// library, and the functions may be called from any thread (documented above and
// guaranteed by `export_plugin!`, whose `Plugin` is `Send + Sync`). A static table in
// the plugin needs these impls.
unsafe impl Send for PluginTable {}
// SAFETY: as for `Send`: nothing in the table is ever mutated.
unsafe impl Sync for PluginTable {}

// The prefix of a `PluginTable` must be laid out exactly like a `TablePrefix`.
const _: () = {
    assert!(offset_of!(PluginTable, magic) == offset_of!(TablePrefix, magic));
    assert!(offset_of!(PluginTable, abi_version) == offset_of!(TablePrefix, abi_version));
    assert!(offset_of!(PluginTable, table_size) == offset_of!(TablePrefix, table_size));
    assert!(size_of::<PluginTable>() <= u32::MAX as usize);
};

/// `size_of::<PluginTable>()` as stored in `table_size`.
// The assertion above proves the cast lossless.
pub const TABLE_SIZE: u32 = size_of::<PluginTable>() as u32;

/// What the host hands a plugin for the duration of one `call`.
#[repr(C)]
#[derive(Debug)]
pub struct HostTable {
    /// The [`ABI_VERSION`] of the host; always the first field.
    pub abi_version: u32,
    /// Opaque to the plugin; passed back to `call`.
    pub ctx: *const c_void,
    /// Answers one [`HostRequest`] given as JSON with
    /// `{"ok":value}` or `{"err":"message"}`, to be released with `free`.
    pub call: HostCallFn,
    /// Releases a string returned by `call`; null is ignored.
    pub free: FreeFn,
}

/// `{"ok": …}` or `{"err": …}`: a `Result` as it crosses the boundary.
#[derive(Debug, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub(crate) enum Envelope<T, E> {
    Ok(T),
    Err(E),
}

impl<T, E> From<Result<T, E>> for Envelope<T, E> {
    fn from(result: Result<T, E>) -> Self {
        match result {
            Ok(value) => Envelope::Ok(value),
            Err(err) => Envelope::Err(err),
        }
    }
}

impl<T, E> Envelope<T, E> {
    pub(crate) fn into_result(self) -> Result<T, E> {
        match self {
            Envelope::Ok(value) => Ok(value),
            Envelope::Err(err) => Err(err),
        }
    }
}

/// The text of a caught panic, for an error message.
pub(crate) fn panic_message(payload: &(dyn Any + Send)) -> String {
    if let Some(text) = payload.downcast_ref::<&str>() {
        (*text).to_owned()
    } else if let Some(text) = payload.downcast_ref::<String>() {
        text.clone()
    } else {
        "unknown panic payload".to_owned()
    }
}

/// Serialises `value` into a C string owned by this library (release it with
/// [`free_c_string`]), or null if that is impossible.
pub(crate) fn to_c_string<T: Serialize>(value: &T) -> *mut c_char {
    // JSON escapes every control character, so the text never holds a NUL and
    // `CString::new` cannot fail on it; serialising our own types cannot fail either.
    match serde_json::to_string(value).map(CString::new) {
        Ok(Ok(text)) => text.into_raw(),
        _ => std::ptr::null_mut(),
    }
}

/// Reads a borrowed C string as UTF-8.
///
/// # Safety
///
/// `text` is null or points to a NUL-terminated string that stays valid and
/// unchanged for `'a`.
pub(crate) unsafe fn read_c_str<'a>(text: *const c_char) -> Result<&'a str, &'static str> {
    if text.is_null() {
        return Err("a null string");
    }
    // SAFETY: non-null, and the caller promises a valid NUL-terminated string.
    let text = unsafe { CStr::from_ptr(text) };
    text.to_str().map_err(|_| "a string that is not UTF-8")
}

/// Releases a string made by [`to_c_string`] in this same library.
///
/// # Safety
///
/// `text` is null or was returned by `to_c_string` of this copy of the crate and
/// has not been released yet.
pub(crate) unsafe extern "C" fn free_c_string(text: *mut c_char) {
    if text.is_null() {
        return;
    }
    // Dropping a `CString` cannot panic, but a panic must never unwind out of an
    // `extern "C"` function (that aborts the whole host), so guard it anyway.
    let _ = catch_unwind(|| {
        // SAFETY: the caller promises `text` came from `CString::into_raw` in this
        // library and is released exactly once.
        drop(unsafe { CString::from_raw(text) });
    });
}

/// Builds the [`HostTable`] for `host` and runs `body` with it; the table is valid
/// only inside `body`.
pub(crate) fn with_host_table<R>(host: &dyn Host, body: impl FnOnce(&HostTable) -> R) -> R {
    // `ctx` points at this fat reference, which lives on this stack frame until
    // `body` returns; a plugin may only call back while its `call` runs.
    let host_ref: &dyn Host = host;
    let table = HostTable {
        abi_version: ABI_VERSION,
        ctx: (&raw const host_ref).cast(),
        call: host_call,
        free: free_c_string,
    };
    body(&table)
}

/// `HostTable::call` on the host side: decodes the request and asks the `&dyn Host`.
///
/// # Safety
///
/// `ctx` is the `ctx` of a table made by [`with_host_table`] whose body is still
/// running; `request` is null or a valid NUL-terminated string.
unsafe extern "C" fn host_call(ctx: *const c_void, request: *const c_char) -> *mut c_char {
    let answer = catch_unwind(AssertUnwindSafe(|| {
        if ctx.is_null() {
            return Err("the plugin passed a null host context".to_owned());
        }
        // SAFETY: `with_host_table` set `ctx` to the address of a `&dyn Host` that
        // outlives this call (see the function's contract).
        let host: &dyn Host = unsafe { *ctx.cast::<&dyn Host>() };
        // SAFETY: the caller promises a valid string that outlives this call.
        let text = unsafe { read_c_str(request) }
            .map_err(|what| format!("the plugin sent {what} as a host request"))?;
        let request: HostRequest = serde_json::from_str(text)
            .map_err(|err| format!("the plugin sent an invalid host request: {err}"))?;
        host.call(request)
    }))
    .unwrap_or_else(|payload| Err(format!("host panicked: {}", panic_message(&*payload))));
    to_c_string(&Envelope::from(answer))
}

/// The plugin side of a [`HostTable`]: a [`Host`] that forwards over the C ABI.
struct ForeignHost<'a> {
    table: &'a HostTable,
}

impl Host for ForeignHost<'_> {
    fn call(&self, request: HostRequest) -> Result<Value, String> {
        if self.table.abi_version != ABI_VERSION {
            return Err(format!(
                "the host speaks plugin ABI {}, this plugin speaks ABI {ABI_VERSION}",
                self.table.abi_version
            ));
        }
        let json = serde_json::to_string(&request)
            .map_err(|err| format!("cannot encode the host request: {err}"))?;
        let json = CString::new(json)
            .map_err(|_| "cannot encode the host request: it holds a NUL".to_owned())?;
        // SAFETY: the table and its `ctx` are valid while the plugin's `call` runs,
        // which is the only time a `ForeignHost` exists; `json` outlives the call.
        let answer = unsafe { (self.table.call)(self.table.ctx, json.as_ptr()) };
        // SAFETY: a non-null answer is a NUL-terminated string valid until freed.
        let text = unsafe { read_c_str(answer) }.map(str::to_owned);
        // SAFETY: `answer` came from this table's `call` and is released once, here.
        unsafe { (self.table.free)(answer) };
        let text = text.map_err(|what| format!("the host answered with {what}"))?;
        serde_json::from_str::<Envelope<Value, String>>(&text)
            .map_err(|err| format!("the host answered with invalid JSON: {err}"))?
            .into_result()
    }
}

/// The plugin side of the ABI, used by [`export_plugin!`](crate::export_plugin).
///
/// Public only so that the macro can reach it from the plugin's crate; not part of
/// the stable API.
#[doc(hidden)]
pub mod export {
    use super::*;
    use crate::{Manifest, Plugin, PluginError, Request};
    use std::sync::OnceLock;

    /// Returns the plugin's single instance, creating it on first use.
    pub type PluginFn = fn() -> &'static dyn Plugin;

    /// The body of the generated [`ENTRY_SYMBOL`]: fills the table on first use.
    ///
    /// Returns null if the plugin panics while starting or its name or version holds
    /// a NUL; the loader then refuses it.
    pub fn entry(
        table: &'static OnceLock<PluginTable>,
        plugin: PluginFn,
        manifest: ManifestFn,
        call: CallFn,
    ) -> *const PluginTable {
        if let Some(ready) = table.get() {
            return ready;
        }
        let built = catch_unwind(|| {
            let Manifest { name, version, .. } = plugin().manifest();
            // The table wants strings that live as long as the library: leak them.
            // This happens once per process (twice only if two threads race here).
            let name = CString::new(name).ok()?.into_raw().cast_const();
            let version = CString::new(version).ok()?.into_raw().cast_const();
            Some(table.get_or_init(|| PluginTable {
                magic: PLUGIN_MAGIC,
                abi_version: ABI_VERSION,
                table_size: TABLE_SIZE,
                name,
                version,
                manifest: Some(manifest),
                call: Some(call),
                free: Some(free_c_string),
            }))
        });
        match built {
            Ok(Some(ready)) => ready,
            _ => std::ptr::null(),
        }
    }

    /// The body of the generated `manifest`: the manifest as JSON, null on panic.
    pub fn manifest(plugin: PluginFn) -> *mut c_char {
        catch_unwind(|| to_c_string(&plugin().manifest())).unwrap_or(std::ptr::null_mut())
    }

    /// The body of the generated `call`: decodes the request, runs the plugin with a
    /// host that forwards to `host`, and encodes the result or the caught panic.
    ///
    /// # Safety
    ///
    /// `host` is null or points to a valid [`HostTable`] for the duration of this
    /// call; `request` is null or a valid NUL-terminated string.
    pub unsafe fn call(
        plugin: PluginFn,
        host: *const HostTable,
        request: *const c_char,
    ) -> *mut c_char {
        let result = catch_unwind(AssertUnwindSafe(|| {
            // SAFETY: the caller promises a valid string that outlives this call.
            let text = unsafe { read_c_str(request) }.map_err(|what| {
                PluginError::internal(format!("the host sent {what} as a request"))
            })?;
            let request: Request = serde_json::from_str(text).map_err(|err| {
                PluginError::internal(format!("the host sent an invalid request: {err}"))
            })?;
            // SAFETY: the caller promises `host` is null or valid for this call.
            match unsafe { host.as_ref() } {
                Some(table) => plugin().run(&request, &ForeignHost { table }),
                None => plugin().run(&request, &NoHost),
            }
        }))
        .unwrap_or_else(|payload| {
            Err(PluginError::internal(format!(
                "plugin panicked: {}",
                panic_message(&*payload)
            )))
        });
        to_c_string(&Envelope::from(result))
    }
}

/// Exports a [`Plugin`](crate::Plugin) from a `cdylib` as a zhijian dynamic plugin.
///
/// Takes an expression that builds the plugin (`MyPlugin`, `MyPlugin::new()`); it is
/// evaluated once, on first use. Generates the [`ENTRY_SYMBOL`] function and a static
/// [`PluginTable`] whose functions catch panics and translate JSON. Use it once per
/// library, at the crate root.
///
/// ```
/// use zhijian_plugin_api::{Host, Manifest, Plugin, PluginError, Request, Response};
///
/// struct Hello;
///
/// impl Plugin for Hello {
///     fn manifest(&self) -> Manifest {
///         Manifest::new("hello", "0.1.0", "says hello")
///     }
///     fn run(&self, _: &Request, _: &dyn Host) -> Result<Response, PluginError> {
///         Ok(Response::new("hello\n"))
///     }
/// }
///
/// zhijian_plugin_api::export_plugin!(Hello);
/// ```
#[macro_export]
macro_rules! export_plugin {
    ($constructor:expr $(,)?) => {
        const _: () = {
            fn __zhijian_plugin() -> &'static dyn $crate::Plugin {
                static PLUGIN: ::std::sync::OnceLock<::std::boxed::Box<dyn $crate::Plugin>> =
                    ::std::sync::OnceLock::new();
                PLUGIN
                    .get_or_init(|| {
                        let plugin: ::std::boxed::Box<dyn $crate::Plugin> =
                            ::std::boxed::Box::new($constructor);
                        plugin
                    })
                    .as_ref()
            }

            extern "C" fn __zhijian_manifest() -> *mut ::std::ffi::c_char {
                $crate::abi::export::manifest(__zhijian_plugin)
            }

            /// # Safety
            ///
            /// The contract of `PluginTable::call`.
            unsafe extern "C" fn __zhijian_call(
                host: *const $crate::abi::HostTable,
                request: *const ::std::ffi::c_char,
            ) -> *mut ::std::ffi::c_char {
                // SAFETY: the host calls through the table, so it upholds the
                // contract of `PluginTable::call`, which is that of `export::call`.
                unsafe { $crate::abi::export::call(__zhijian_plugin, host, request) }
            }

            #[unsafe(no_mangle)]
            pub extern "C" fn zhijian_plugin_entry() -> *const $crate::abi::PluginTable {
                static TABLE: ::std::sync::OnceLock<$crate::abi::PluginTable> =
                    ::std::sync::OnceLock::new();
                $crate::abi::export::entry(
                    &TABLE,
                    __zhijian_plugin,
                    __zhijian_manifest,
                    __zhijian_call,
                )
            }
        };
    };
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;
    use std::cell::Cell;

    struct Echo {
        calls: Cell<usize>,
    }

    impl Host for Echo {
        fn call(&self, request: HostRequest) -> Result<Value, String> {
            self.calls.set(self.calls.get() + 1);
            match request {
                HostRequest::Prompt { question } if question == "boom" => panic!("host bug"),
                HostRequest::Prompt { question } => Ok(json!(format!("echo {question}"))),
                _ => Err("only prompts".to_owned()),
            }
        }
    }

    #[test]
    fn envelope_json_shape() {
        let ok: Envelope<Value, String> = Ok(json!(1)).into();
        assert_eq!(
            serde_json::to_value(&ok).expect("serialises"),
            json!({"ok": 1})
        );
        let err: Envelope<Value, String> = Err("no".to_owned()).into();
        assert_eq!(
            serde_json::to_value(&err).expect("serialises"),
            json!({"err": "no"})
        );
    }

    #[test]
    fn host_table_round_trip_through_c_strings() {
        let echo = Echo {
            calls: Cell::new(0),
        };
        with_host_table(&echo, |table| {
            let foreign = ForeignHost { table };
            let prompt = HostRequest::Prompt {
                question: "你好".to_owned(),
            };
            assert_eq!(foreign.call(prompt), Ok(json!("echo 你好")));
            let read = HostRequest::Read { id: "x".to_owned() };
            assert_eq!(foreign.call(read), Err("only prompts".to_owned()));
            let boom = HostRequest::Prompt {
                question: "boom".to_owned(),
            };
            let err = foreign.call(boom).expect_err("the host panicked");
            assert_eq!(err, "host panicked: host bug");
        });
        assert_eq!(echo.calls.get(), 3);
    }

    #[test]
    fn host_call_rejects_garbage_without_panicking() {
        with_host_table(&NoHost, |table| {
            for request in [c"not json".as_ptr(), std::ptr::null()] {
                // SAFETY: the table is live inside this closure; the request is a
                // static C string or null, both allowed.
                let answer = unsafe { (table.call)(table.ctx, request) };
                // SAFETY: `answer` is a fresh string from `to_c_string`.
                let text = unsafe { read_c_str(answer) }.map(str::to_owned);
                // SAFETY: released once, by the matching free.
                unsafe { (table.free)(answer) };
                let text = text.expect("the host always answers");
                assert!(text.starts_with(r#"{"err":"the plugin sent"#), "{text}");
            }
        });
    }

    #[test]
    fn panic_message_reads_both_payload_kinds() {
        let payload = catch_unwind(|| panic!("static")).expect_err("panics");
        assert_eq!(panic_message(&*payload), "static");
        let payload = catch_unwind(|| panic!("formatted {}", 1)).expect_err("panics");
        assert_eq!(panic_message(&*payload), "formatted 1");
    }
}
