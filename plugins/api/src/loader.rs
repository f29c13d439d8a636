//! Finding and loading dynamic plugins, refusing foreign, broken or unsafe libraries
//! with a message that names the file.

use std::collections::HashSet;
use std::ffi::CString;
use std::fmt;
use std::fs;
use std::io;
use std::path::{Path, PathBuf};

use libloading::Library;

use crate::abi::{
    ABI_VERSION, CallFn, ENTRY_SYMBOL, EntryFn, Envelope, FreeFn, ManifestFn, PLUGIN_MAGIC,
    PluginTable, TABLE_SIZE, TablePrefix, read_c_str, with_host_table,
};
use crate::{Host, Manifest, Plugin, PluginError, Request, Response};

/// The release series of this crate, named when a plugin must be rebuilt.
const API_SERIES: &str = concat!(
    env!("CARGO_PKG_VERSION_MAJOR"),
    ".",
    env!("CARGO_PKG_VERSION_MINOR")
);

/// Why a library could not be loaded as a plugin. Every message names the file.
#[derive(Debug, thiserror::Error)]
pub enum LoadError {
    /// The file could not be inspected.
    #[error("cannot read plugin {path}: {source}")]
    Io {
        /// The library.
        path: PathBuf,
        /// The underlying error.
        source: io::Error,
    },
    /// The path is a directory or another non-regular file.
    #[error("plugin {path} is not a regular file")]
    NotAFile {
        /// The path.
        path: PathBuf,
    },
    /// The file name lacks the platform's library suffix.
    #[error("{path} is not a plugin library: its name does not end in {suffix}")]
    NotALibrary {
        /// The path.
        path: PathBuf,
        /// The suffix expected on this platform, e.g. `.so`.
        suffix: &'static str,
    },
    /// Anyone may replace the file (or the folder holding it), so running it would
    /// run anyone's code.
    #[error("refusing plugin code in {path}: it is writable by every user (run `chmod o-w` on it)")]
    WorldWritable {
        /// The library, or a folder it depends on.
        path: PathBuf,
    },
    /// Every member of the file's group may replace it.
    #[error("refusing plugin code in {path}: it is writable by its group (run `chmod g-w` on it)")]
    GroupWritable {
        /// The library, or a folder it depends on.
        path: PathBuf,
    },
    /// The file belongs to another user, who may change it at any time.
    #[error("refusing plugin code in {path}: it belongs to user {uid}, not to you or root")]
    ForeignOwner {
        /// The library, or a folder it depends on.
        path: PathBuf,
        /// Its owner.
        uid: u32,
    },
    /// The system loader refused the file (not a library, truncated, wrong
    /// architecture, missing dependency).
    #[error("cannot load plugin {path}: {reason}")]
    Open {
        /// The library.
        path: PathBuf,
        /// The system loader's explanation.
        reason: String,
    },
    /// The library does not export [`ENTRY_SYMBOL`].
    #[error("{path} is not a zhijian plugin: it does not export `{ENTRY_SYMBOL}`")]
    NoEntry {
        /// The library.
        path: PathBuf,
    },
    /// The entry function returned null.
    #[error("plugin {path} did not start: its entry function returned no plugin table")]
    NullTable {
        /// The library.
        path: PathBuf,
    },
    /// The table does not start with [`PLUGIN_MAGIC`].
    #[error("{path} is not a zhijian plugin: its plugin table has the wrong magic number")]
    BadMagic {
        /// The library.
        path: PathBuf,
    },
    /// The plugin was built for another ABI version.
    #[error(
        "plugin {path} was built for plugin ABI {found}, this zhijian speaks ABI {expected}: \
         rebuild it against zhijian-plugin-api {}",
        API_SERIES
    )]
    AbiMismatch {
        /// The library.
        path: PathBuf,
        /// The version in its table.
        found: u32,
        /// [`ABI_VERSION`].
        expected: u32,
    },
    /// The ABI version matches but the table's size does not.
    #[error(
        "plugin {path} has a plugin table of {found} bytes, this zhijian expects {expected}: \
         rebuild it against zhijian-plugin-api {}",
        API_SERIES
    )]
    TableSize {
        /// The library.
        path: PathBuf,
        /// The size in its table.
        found: u32,
        /// `size_of::<PluginTable>()` here.
        expected: u32,
    },
    /// The table or the manifest is malformed.
    #[error("plugin {path} is broken: {reason}")]
    Broken {
        /// The library.
        path: PathBuf,
        /// What is wrong.
        reason: String,
    },
    /// An earlier plugin already has this name.
    #[error("plugin {path} is named `{name}` like {first}, which is used instead")]
    DuplicateName {
        /// The library left out.
        path: PathBuf,
        /// The name both use.
        name: String,
        /// The library kept.
        first: PathBuf,
    },
}

/// A plugin loaded from a shared library, usable through the [`Plugin`] trait.
///
/// Its library stays loaded until the process exits.
#[derive(Debug)]
pub struct DynamicPlugin {
    path: PathBuf,
    name: String,
    version: String,
    abi_version: u32,
    manifest: Manifest,
    call: CallFn,
    free: FreeFn,
}

impl DynamicPlugin {
    /// The library file it was loaded from.
    pub fn path(&self) -> &Path {
        &self.path
    }

    /// The ABI version in its table (always [`ABI_VERSION`] once loaded).
    pub fn abi_version(&self) -> u32 {
        self.abi_version
    }

    /// Its name, as in its table and manifest.
    pub fn name(&self) -> &str {
        &self.name
    }

    /// Its own version.
    pub fn version(&self) -> &str {
        &self.version
    }

    /// An internal error naming this plugin, for a broken answer.
    fn broken(&self, what: impl fmt::Display) -> PluginError {
        PluginError::internal(format!(
            "plugin {} ({}) {what}",
            self.name,
            self.path.display()
        ))
    }
}

impl Plugin for DynamicPlugin {
    fn manifest(&self) -> Manifest {
        // Read once at load time: the manifest is also how the library was checked.
        self.manifest.clone()
    }

    fn run(&self, request: &Request, host: &dyn Host) -> Result<Response, PluginError> {
        let json = serde_json::to_string(request)
            .map_err(|err| self.broken(format_args!("cannot be sent the request: {err}")))?;
        let json = CString::new(json)
            .map_err(|_| self.broken("cannot be sent a request holding a NUL"))?;
        let answer = with_host_table(host, |table| {
            // SAFETY: `load` checked that the table has our ABI and layout; `table`
            // and `json` stay valid for the whole call, which is all `call` needs.
            unsafe { (self.call)(table, json.as_ptr()) }
        });
        // SAFETY: a non-null answer is a NUL-terminated string valid until freed.
        let text = unsafe { read_c_str(answer) }.map(str::to_owned);
        // SAFETY: `answer` came from this plugin's `call` and is released once, here;
        // `free` ignores null.
        unsafe { (self.free)(answer) };
        let text = text.map_err(|what| self.broken(format_args!("returned {what}")))?;
        serde_json::from_str::<Envelope<Response, PluginError>>(&text)
            .map_err(|err| self.broken(format_args!("returned invalid JSON: {err}")))?
            .into_result()
    }
}

/// Loads one plugin library, checking it before calling anything but its entry.
///
/// The file must be a regular file with the platform's library suffix and, on Unix,
/// it and its folder must be owned by this user or root and writable by no one
/// else (see [`exposure`]): opening a library runs its initialisers.
pub fn load(path: &Path) -> Result<DynamicPlugin, LoadError> {
    check_file(path)?;
    // SAFETY: opening a library runs its initialisers, which we cannot check: trusting
    // them is what installing a plugin means, and the owner and mode checks above
    // make sure that only this user or root installed it.
    let library = unsafe { Library::new(path) }.map_err(|err| LoadError::Open {
        path: path.to_owned(),
        reason: error_chain(&err),
    })?;
    // Never unload a plugin: code from it may still run at exit (thread-local
    // destructors, atexit handlers), and unloading a Rust library that used
    // thread-locals is unsound on Linux. One mapping per plugin per process is cheap.
    let library: &'static Library = Box::leak(Box::new(library));
    // SAFETY: if the library is a zhijian plugin the symbol has type `EntryFn`; if it
    // is some other library exporting this name, the magic check below is our
    // guard, since no type information crosses a C symbol.
    let entry: EntryFn = match unsafe { library.get::<EntryFn>(ENTRY_SYMBOL.as_bytes()) } {
        Ok(symbol) => *symbol,
        Err(_) => {
            return Err(LoadError::NoEntry {
                path: path.to_owned(),
            });
        }
    };
    // SAFETY: calling the plugin's entry is part of trusting the plugin (see above);
    // it takes no arguments and returns a pointer we check before use.
    let table = unsafe { entry() };
    // SAFETY: `table` came from the entry of a library that is never unloaded.
    unsafe { from_table(path, table) }
}

/// Checks a plugin table and reads its name, version and manifest.
///
/// # Safety
///
/// `table` is null or points to memory that starts with a [`TablePrefix`] and stays
/// valid for the rest of the process, as a plugin's entry function returns.
unsafe fn from_table(path: &Path, table: *const PluginTable) -> Result<DynamicPlugin, LoadError> {
    let broken = |reason: String| LoadError::Broken {
        path: path.to_owned(),
        reason,
    };
    if table.is_null() {
        return Err(LoadError::NullTable {
            path: path.to_owned(),
        });
    }
    if !table.is_aligned() {
        return Err(broken("its plugin table is misaligned".to_owned()));
    }
    // SAFETY: non-null and aligned; the caller promises a prefix is there. Only the
    // prefix is read until it proves that the rest is a `PluginTable` of our ABI.
    let prefix = unsafe { table.cast::<TablePrefix>().read() };
    if prefix.magic != PLUGIN_MAGIC {
        return Err(LoadError::BadMagic {
            path: path.to_owned(),
        });
    }
    if prefix.abi_version != ABI_VERSION {
        return Err(LoadError::AbiMismatch {
            path: path.to_owned(),
            found: prefix.abi_version,
            expected: ABI_VERSION,
        });
    }
    if prefix.table_size != TABLE_SIZE {
        return Err(LoadError::TableSize {
            path: path.to_owned(),
            found: prefix.table_size,
            expected: TABLE_SIZE,
        });
    }
    // SAFETY: same magic, ABI version and size: the plugin was built against this
    // very layout, and the memory lives as long as the process (caller's promise).
    let table: &PluginTable = unsafe { &*table };
    let (Some(manifest_fn), Some(call), Some(free)) = (table.manifest, table.call, table.free)
    else {
        return Err(broken("its plugin table lacks a function".to_owned()));
    };
    // SAFETY: the table promises static NUL-terminated strings; null is checked.
    let name = unsafe { read_c_str(table.name) }
        .map_err(|what| broken(format!("its name is {what}")))?
        .to_owned();
    // SAFETY: as for the name.
    let version = unsafe { read_c_str(table.version) }
        .map_err(|what| broken(format!("its version is {what}")))?
        .to_owned();
    if name.is_empty() {
        return Err(broken("its name is empty".to_owned()));
    }
    // SAFETY: both functions come from a checked table of our ABI.
    let manifest = unsafe { fetch_manifest(manifest_fn, free) }
        .map_err(|reason| broken(format!("its manifest {reason}")))?;
    if manifest.name != name {
        return Err(broken(format!(
            "its table names it `{name}` but its manifest `{}`",
            manifest.name
        )));
    }
    Ok(DynamicPlugin {
        path: path.to_owned(),
        name,
        version,
        abi_version: prefix.abi_version,
        manifest,
        call,
        free,
    })
}

/// Asks a plugin for its manifest and parses it.
///
/// # Safety
///
/// `manifest` and `free` come from the same checked [`PluginTable`].
unsafe fn fetch_manifest(manifest: ManifestFn, free: FreeFn) -> Result<Manifest, String> {
    // SAFETY: the caller promises a checked table; the function takes no arguments.
    let raw = unsafe { manifest() };
    // SAFETY: a non-null answer is a NUL-terminated string valid until freed.
    let text = unsafe { read_c_str(raw) }.map(str::to_owned);
    // SAFETY: `raw` came from this plugin and is released once, here; null is ignored.
    unsafe { free(raw) };
    let text = text.map_err(|what| format!("is {what}"))?;
    serde_json::from_str(&text).map_err(|err| format!("is invalid: {err}"))
}

/// The checks made before a file is handed to the system loader: a regular library
/// file that nobody but its owner (this user or root) can change, in a folder of
/// which the same holds.
fn check_file(path: &Path) -> Result<(), LoadError> {
    let metadata = fs::metadata(path).map_err(|source| LoadError::Io {
        path: path.to_owned(),
        source,
    })?;
    if !metadata.is_file() {
        return Err(LoadError::NotAFile {
            path: path.to_owned(),
        });
    }
    if !has_library_suffix(path) {
        return Err(LoadError::NotALibrary {
            path: path.to_owned(),
            suffix: std::env::consts::DLL_SUFFIX,
        });
    }
    check_trusted(path)?;
    // Whoever may write the folder may swap the file between this check and the
    // system loader's open; through a symlink, both folders count.
    let canonical = fs::canonicalize(path).map_err(|source| LoadError::Io {
        path: path.to_owned(),
        source,
    })?;
    let real_folder = canonical.parent().unwrap_or(Path::new("/"));
    check_trusted(real_folder)?;
    let link_folder = match path.parent() {
        Some(folder) if folder.as_os_str().is_empty() => Path::new("."),
        Some(folder) => folder,
        None => real_folder,
    };
    if fs::canonicalize(link_folder).ok().as_deref() != Some(real_folder) {
        check_trusted(link_folder)?;
    }
    Ok(())
}

/// Who besides its owner could change a file or folder that code is run from.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Exposure {
    /// Owned by this user or root and writable by no one else: safe to run.
    Private,
    /// Owned by another user (the uid), who may change it at any time.
    ForeignOwner(u32),
    /// Writable by every member of its group.
    GroupWritable,
    /// Writable by every user.
    WorldWritable,
}

/// Whether files of `owner` may be trusted by the user `me`: their own, or root's.
pub fn is_trusted_owner(owner: u32, me: u32) -> bool {
    owner == me || owner == 0
}

/// Judges a file or folder by its owner and Unix mode, for the user `me`, as ssh's
/// `StrictModes` does: owned by `me` or root, and writable by neither its group
/// nor everyone.
///
/// Plain numbers in, so that owners no test can create are tested too.
pub fn exposure(owner: u32, mode: u32, me: u32) -> Exposure {
    if !is_trusted_owner(owner, me) {
        Exposure::ForeignOwner(owner)
    } else if mode & 0o002 != 0 {
        Exposure::WorldWritable
    } else if mode & 0o020 != 0 {
        Exposure::GroupWritable
    } else {
        Exposure::Private
    }
}

/// The effective user id of this process (0 where there are no Unix users).
pub fn current_uid() -> u32 {
    #[cfg(unix)]
    {
        unsafe extern "C" {
            // POSIX: always succeeds, no side effects.
            safe fn geteuid() -> u32;
        }
        geteuid()
    }
    #[cfg(not(unix))]
    {
        0
    }
}

/// Refuses `path` (a library or a folder a library is loaded from) unless only its
/// owner, this user or root, can change it; see [`exposure`]. Symlinks are followed.
pub fn check_trusted(path: &Path) -> Result<(), LoadError> {
    #[cfg(unix)]
    {
        use std::os::unix::fs::MetadataExt;
        let metadata = fs::metadata(path).map_err(|source| LoadError::Io {
            path: path.to_owned(),
            source,
        })?;
        let path = path.to_owned();
        match exposure(metadata.uid(), metadata.mode(), current_uid()) {
            Exposure::Private => Ok(()),
            Exposure::ForeignOwner(uid) => Err(LoadError::ForeignOwner { path, uid }),
            Exposure::GroupWritable => Err(LoadError::GroupWritable { path }),
            Exposure::WorldWritable => Err(LoadError::WorldWritable { path }),
        }
    }
    #[cfg(not(unix))]
    {
        let _ = path;
        Ok(())
    }
}

/// Whether the file name ends in the platform's library suffix (`.so`, `.dylib`,
/// `.dll`) after at least one other character.
fn has_library_suffix(path: &Path) -> bool {
    let suffix = std::env::consts::DLL_SUFFIX;
    path.file_name()
        .and_then(|name| name.to_str())
        .is_some_and(|name| name.len() > suffix.len() && name.ends_with(suffix))
}

/// An error and its sources on one line: libloading puts the system's explanation
/// in the source, not in the message.
fn error_chain(err: &dyn std::error::Error) -> String {
    let mut text = err.to_string();
    let mut source = err.source();
    while let Some(cause) = source {
        text.push_str(": ");
        text.push_str(&cause.to_string());
        source = cause.source();
    }
    text
}

/// A library that was found but not loaded.
#[derive(Debug)]
pub struct LoadProblem {
    /// The library or directory concerned.
    pub path: PathBuf,
    /// Why it was refused.
    pub reason: LoadError,
}

impl fmt::Display for LoadProblem {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        // The reason already names the path.
        self.reason.fmt(f)
    }
}

/// The outcome of [`discover`]: what loaded and what did not.
#[derive(Debug, Default)]
pub struct Discovery {
    /// Loaded plugins, explicit ones first, then each directory's in name order.
    pub plugins: Vec<DynamicPlugin>,
    /// Libraries that were refused, for the host to report as warnings.
    pub problems: Vec<LoadProblem>,
}

/// Loads every plugin in `dirs` and every library in `explicit` (`--plugin PATH`).
///
/// In a directory only regular files with the platform's library suffix are
/// considered; anything else is ignored, and a missing directory is fine. An
/// explicit path must be a library. A file reached twice (say through a symlink) is
/// loaded once; when two plugins share a name the first wins and the second is a
/// problem. Nothing here fails as a whole: problems are collected.
pub fn discover(dirs: &[PathBuf], explicit: &[PathBuf]) -> Discovery {
    let mut discovery = Discovery::default();
    let mut candidates = explicit.to_vec();
    for dir in dirs {
        // A folder others may write could gain a library between the listing and
        // the load: none of its files is considered.
        if dir.exists()
            && let Err(reason) = check_trusted(dir)
        {
            discovery.problems.push(LoadProblem {
                path: dir.clone(),
                reason,
            });
            continue;
        }
        match library_files(dir) {
            Ok(files) => candidates.extend(files),
            Err(source) => discovery.problems.push(LoadProblem {
                path: dir.clone(),
                reason: LoadError::Io {
                    path: dir.clone(),
                    source,
                },
            }),
        }
    }
    let mut seen = HashSet::new();
    for path in candidates {
        // Loading one file twice would hand back the same library under two names.
        if let Ok(canonical) = fs::canonicalize(&path)
            && !seen.insert(canonical)
        {
            continue;
        }
        let reason = match load(&path) {
            Ok(plugin) => match discovery.plugins.iter().find(|p| p.name == plugin.name) {
                None => {
                    discovery.plugins.push(plugin);
                    continue;
                }
                Some(first) => LoadError::DuplicateName {
                    path: path.clone(),
                    name: plugin.name,
                    first: first.path.clone(),
                },
            },
            Err(reason) => reason,
        };
        discovery.problems.push(LoadProblem { path, reason });
    }
    discovery
}

/// The library files directly in `dir`, sorted; a missing directory has none.
fn library_files(dir: &Path) -> io::Result<Vec<PathBuf>> {
    let entries = match fs::read_dir(dir) {
        Ok(entries) => entries,
        Err(err) if err.kind() == io::ErrorKind::NotFound => return Ok(Vec::new()),
        Err(err) => return Err(err),
    };
    let mut files = Vec::new();
    for entry in entries {
        let path = entry?.path();
        // `metadata` follows symlinks, so a link to a library counts as a library.
        // A dangling link with the suffix is kept so that `load` reports it.
        let regular = fs::metadata(&path).map_or(true, |meta| meta.is_file());
        if has_library_suffix(&path) && regular {
            files.push(path);
        }
    }
    files.sort();
    Ok(files)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::abi::HostTable;
    use crate::{CommandSpec, HostRequest, NoHost};
    use serde_json::{Value, json};
    use std::ffi::c_char;

    /// A plugin compiled into this test binary and exported through the macro, so
    /// the whole ABI can be tested in-process; the integration tests do the same
    /// with real libraries.
    struct Greeter;

    impl Plugin for Greeter {
        fn manifest(&self) -> Manifest {
            Manifest::new("greeter", "1.0.0", "greets")
                .command(CommandSpec::new("hello", "asks the host for a name"))
        }

        fn run(&self, request: &Request, host: &dyn Host) -> Result<Response, PluginError> {
            match request.command_line().as_str() {
                "hello" => {
                    let name = host.prompt("name?").map_err(PluginError::data)?;
                    Ok(Response::new(format!("你好 {name}")))
                }
                "panic" => panic!("on purpose"),
                other => Err(PluginError::usage(format!("no command `{other}`"))),
            }
        }
    }

    crate::export_plugin!(Greeter);

    // The macro hides its entry function in an anonymous scope, as it should; reach
    // it the way a host does, by its exported symbol.
    unsafe extern "C" {
        fn zhijian_plugin_entry() -> *const PluginTable;
    }

    struct Named(&'static str);

    impl Host for Named {
        fn call(&self, request: HostRequest) -> Result<Value, String> {
            match request {
                HostRequest::Prompt { .. } => Ok(json!(self.0)),
                _ => Err("unexpected".to_owned()),
            }
        }
    }

    fn greeter() -> DynamicPlugin {
        let path = Path::new("/in/process/libgreeter.so");
        // SAFETY: the symbol is the macro's entry in this binary, which takes nothing
        // and returns a static table.
        unsafe { from_table(path, zhijian_plugin_entry()) }.expect("our own table is fine")
    }

    #[test]
    fn exported_plugin_runs_through_the_abi() {
        let plugin = greeter();
        assert_eq!(plugin.name(), "greeter");
        assert_eq!(plugin.version(), "1.0.0");
        assert_eq!(plugin.abi_version(), ABI_VERSION);
        assert_eq!(plugin.manifest(), Greeter.manifest());
        let response = plugin
            .run(&Request::new(["hello"]), &Named("张三"))
            .expect("hello works");
        assert_eq!(response.output, "你好 张三");
    }

    #[test]
    fn errors_and_panics_come_back_as_plugin_errors() {
        let plugin = greeter();
        let err = plugin
            .run(&Request::new(["nope"]), &NoHost)
            .expect_err("unknown");
        assert_eq!(err, PluginError::usage("no command `nope`"));
        let err = plugin
            .run(&Request::new(["hello"]), &NoHost)
            .expect_err("no host");
        assert_eq!(
            err,
            PluginError::data("no host is available to answer `prompt`")
        );
        let err = plugin
            .run(&Request::new(["panic"]), &NoHost)
            .expect_err("panics");
        assert_eq!(err, PluginError::internal("plugin panicked: on purpose"));
        // The plugin is still usable after a panic.
        assert!(plugin.run(&Request::new(["hello"]), &Named("x")).is_ok());
    }

    /// A table as a hand-written plugin might get it wrong.
    fn table(abi_version: u32) -> PluginTable {
        unsafe extern "C" fn manifest() -> *mut c_char {
            std::ptr::null_mut()
        }
        unsafe extern "C" fn call(_: *const HostTable, _: *const c_char) -> *mut c_char {
            std::ptr::null_mut()
        }
        PluginTable {
            magic: PLUGIN_MAGIC,
            abi_version,
            table_size: TABLE_SIZE,
            name: c"broken".as_ptr(),
            version: c"0".as_ptr(),
            manifest: Some(manifest),
            call: Some(call),
            free: Some(crate::abi::free_c_string),
        }
    }

    fn load_table(table: &PluginTable) -> LoadError {
        let path = Path::new("/x/libfoo.so");
        // SAFETY: a live table of this test, valid for the call.
        unsafe { from_table(path, table) }.expect_err("the table is broken")
    }

    #[test]
    fn table_checks_refuse_with_clear_messages() {
        let err = load_table(&table(2));
        assert_eq!(
            err.to_string(),
            "plugin /x/libfoo.so was built for plugin ABI 2, this zhijian speaks ABI 1: \
             rebuild it against zhijian-plugin-api 0.1"
        );
        let err = load_table(&PluginTable {
            magic: 7,
            ..table(ABI_VERSION)
        });
        assert!(matches!(err, LoadError::BadMagic { .. }), "{err}");
        let err = load_table(&PluginTable {
            table_size: 8,
            ..table(ABI_VERSION)
        });
        assert!(err.to_string().contains("table of 8 bytes"), "{err}");
        let err = load_table(&PluginTable {
            free: None,
            ..table(ABI_VERSION)
        });
        assert!(err.to_string().ends_with("lacks a function"), "{err}");
        let err = load_table(&PluginTable {
            name: std::ptr::null(),
            ..table(ABI_VERSION)
        });
        assert!(
            err.to_string().ends_with("its name is a null string"),
            "{err}"
        );
        let err = load_table(&table(ABI_VERSION));
        assert_eq!(
            err.to_string(),
            "plugin /x/libfoo.so is broken: its manifest is a null string"
        );
        // SAFETY: null is allowed by `from_table`.
        let err = unsafe { from_table(Path::new("/x/libfoo.so"), std::ptr::null()) }
            .expect_err("null table");
        assert!(matches!(err, LoadError::NullTable { .. }), "{err}");
    }

    #[test]
    fn a_null_answer_becomes_an_internal_error_naming_the_plugin() {
        unsafe extern "C" fn call(_: *const HostTable, _: *const c_char) -> *mut c_char {
            std::ptr::null_mut()
        }
        let plugin = DynamicPlugin { call, ..greeter() };
        let err = plugin
            .run(&Request::new(["hello"]), &NoHost)
            .expect_err("null");
        assert_eq!(err.kind, crate::ErrorKind::Internal);
        assert_eq!(
            err.message,
            "plugin greeter (/in/process/libgreeter.so) returned a null string"
        );
    }

    #[test]
    fn library_suffix() {
        let suffix = std::env::consts::DLL_SUFFIX;
        assert!(has_library_suffix(Path::new(&format!("/a/libx{suffix}"))));
        assert!(!has_library_suffix(Path::new(suffix)));
        assert!(!has_library_suffix(Path::new("/a/README.md")));
        assert!(!has_library_suffix(Path::new("/")));
    }

    #[test]
    fn file_checks_come_before_the_system_loader() {
        let dir = tempfile::tempdir().expect("temp dir");
        let text = dir.path().join("notes.txt");
        fs::write(&text, "hello").expect("write");
        assert!(matches!(load(&text), Err(LoadError::NotALibrary { .. })));
        assert!(matches!(load(dir.path()), Err(LoadError::NotAFile { .. })));
        let missing = dir.path().join("libmissing.so");
        let err = load(&missing).expect_err("missing");
        assert!(err.to_string().starts_with("cannot read plugin "), "{err}");
    }

    #[test]
    fn only_files_nobody_else_can_change_are_trusted() {
        let me = 1000;
        assert_eq!(exposure(me, 0o100_755, me), Exposure::Private);
        assert_eq!(exposure(0, 0o040_755, me), Exposure::Private, "root's");
        assert_eq!(exposure(0, 0o100_700, 0), Exposure::Private, "root runs");
        assert_eq!(exposure(1001, 0o100_755, me), Exposure::ForeignOwner(1001));
        assert_eq!(exposure(me, 0o100_775, me), Exposure::GroupWritable);
        assert_eq!(exposure(me, 0o100_757, me), Exposure::WorldWritable);
        assert_eq!(
            exposure(0, 0o041_777, me),
            Exposure::WorldWritable,
            "sticky"
        );
        // Root is not exempt from trusting others: another user's file is refused.
        assert_eq!(exposure(me, 0o100_700, 0), Exposure::ForeignOwner(me));
        assert!(is_trusted_owner(0, me) && is_trusted_owner(me, me));
        assert!(!is_trusted_owner(me, 1001));
    }

    #[cfg(unix)]
    #[test]
    fn a_writable_library_or_folder_is_refused_before_the_system_loader() {
        use std::os::unix::fs::PermissionsExt;
        let chmod = |path: &Path, mode: u32| {
            fs::set_permissions(path, fs::Permissions::from_mode(mode)).expect("chmod");
        };
        let dir = tempfile::tempdir().expect("temp dir");
        let folder = dir.path().join("plugins");
        fs::create_dir(&folder).expect("mkdir");
        chmod(&folder, 0o755);
        // Not a library at all: had the checks passed, the system loader would say so.
        let library = folder.join(format!("libx{}", std::env::consts::DLL_SUFFIX));
        fs::write(&library, "text").expect("write");
        chmod(&library, 0o644);
        assert!(matches!(load(&library), Err(LoadError::Open { .. })));

        chmod(&library, 0o664);
        let err = load(&library).expect_err("group-writable");
        assert!(matches!(err, LoadError::GroupWritable { ref path } if *path == library));
        assert!(err.to_string().contains("chmod g-w"), "{err}");
        chmod(&library, 0o646);
        assert!(matches!(
            load(&library),
            Err(LoadError::WorldWritable { .. })
        ));
        chmod(&library, 0o644);

        chmod(&folder, 0o777);
        let err = load(&library).expect_err("the folder is world-writable");
        assert!(matches!(err, LoadError::WorldWritable { ref path } if *path == folder));
        let found = discover(std::slice::from_ref(&folder), &[]);
        assert_eq!(found.problems.len(), 1, "{:?}", found.problems);
        assert_eq!(found.problems[0].path, folder, "the folder, once");
        chmod(&folder, 0o775);
        assert!(matches!(
            load(&library),
            Err(LoadError::GroupWritable { .. })
        ));

        // Through a symlink, the folder of the real file counts too.
        let other = dir.path().join("other");
        fs::create_dir(&other).expect("mkdir");
        chmod(&folder, 0o755);
        let link = other.join(format!("liblink{}", std::env::consts::DLL_SUFFIX));
        std::os::unix::fs::symlink(&library, &link).expect("symlink");
        assert!(matches!(load(&link), Err(LoadError::Open { .. })));
        chmod(&folder, 0o757);
        let err = load(&link).expect_err("the real folder is world-writable");
        assert!(matches!(err, LoadError::WorldWritable { ref path } if *path == folder));
    }

    #[test]
    fn discover_tolerates_missing_dirs() {
        let discovery = discover(&[PathBuf::from("/no/such/zhijian/plugins")], &[]);
        assert!(discovery.plugins.is_empty());
        assert!(discovery.problems.is_empty());
    }
}
