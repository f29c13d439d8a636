//! The zhijian plugin interface: the [`Plugin`] trait, the versioned C ABI for
//! dynamic plugins, the [`export_plugin!`] macro and the loader.
//!
//! One trait, two ways in. First-party plugins (`cases`, `policy`, `training`,
//! `personnel`) implement [`Plugin`] and are linked into the `zhijian` binary.
//! Third-party plugins implement the very same trait in a `cdylib` and export it with
//! [`export_plugin!`]; the host finds them at run time with [`discover`] (in
//! `<kb>/.zhijian/plugins/`, the user's data directory, and `--plugin PATH`) and
//! calls them through [`DynamicPlugin`], which implements [`Plugin`] too. The host
//! never sees the difference.
//!
//! This crate never prints and does not depend on clap: a plugin describes its
//! commands as data in a [`Manifest`], and the host turns that into its command line.
//!
//! # Writing a plugin
//!
//! `Cargo.toml`:
//!
//! ```toml
//! [package]
//! name = "zhijian-wordcount"
//! version = "0.1.0"
//! edition = "2024"
//!
//! [lib]
//! crate-type = ["cdylib"]
//!
//! [dependencies]
//! zhijian-plugin-api = "0.1"
//! ```
//!
//! `src/lib.rs`:
//!
//! ```
//! use zhijian_plugin_api::{
//!     ArgSpec, CommandSpec, Format, Host, Manifest, Plugin, PluginError, Request, Response,
//! };
//!
//! pub struct WordCount;
//!
//! impl Plugin for WordCount {
//!     fn manifest(&self) -> Manifest {
//!         Manifest::new("wordcount", env!("CARGO_PKG_VERSION"), "count characters in a document")
//!             .command(
//!                 CommandSpec::new("count", "count the characters of one document")
//!                     .arg(ArgSpec::positional("id", "the document id").required())
//!                     // It prints a table, so the host offers `--csv` (`Format::Csv`).
//!                     .table(),
//!             )
//!     }
//!
//!     fn run(&self, request: &Request, host: &dyn Host) -> Result<Response, PluginError> {
//!         match request.command_line().as_str() {
//!             "count" => {
//!                 let id = request.require_str("id")?;
//!                 let doc = host.read(id).map_err(PluginError::not_found)?;
//!                 let chars = doc["body"].as_str().unwrap_or_default().chars().count();
//!                 Ok(Response::new(match request.format {
//!                     Format::Json => format!("{{\"id\":{:?},\"chars\":{chars}}}\n", id),
//!                     Format::Csv => format!("id,chars\n{id},{chars}\n"),
//!                     Format::Text => format!("{id}: {chars} characters\n"),
//!                 }))
//!             }
//!             other => Err(PluginError::usage(format!("unknown command `{other}`"))),
//!         }
//!     }
//! }
//!
//! // Generates the `zhijian_plugin_entry` symbol the host looks for.
//! zhijian_plugin_api::export_plugin!(WordCount);
//! #
//! # // Run it the way the host does, with a host that can only read one document.
//! # struct OneDoc;
//! # impl Host for OneDoc {
//! #     fn call(&self, _: zhijian_plugin_api::HostRequest) -> Result<serde_json::Value, String> {
//! #         Ok(serde_json::json!({"id": "a", "body": "检察机关"}))
//! #     }
//! # }
//! # let response = WordCount.run(&Request::new(["count"]).with_arg("id", "a"), &OneDoc).unwrap();
//! # assert_eq!(response.output, "a: 4 characters\n");
//! ```
//!
//! A longer example, with options, flags, repeated arguments and search, is the one
//! of docs/plugins.md (`plugins/examples/wordcount`), which also documents the JSON
//! the host answers and the contract of `zhijian-NAME` executables.
//!
//! Build it with `cargo build --release` and copy `target/release/libzhijian_wordcount.so`
//! (`.dylib` on macOS, `.dll` on Windows) into `<kb>/.zhijian/plugins/`, or pass it
//! with `--plugin PATH`. It then answers `zhijian wordcount count ID`.
//!
//! What a plugin may rely on:
//!
//! - [`Request::command`] is the command path below the plugin's name
//!   (`["count"]`), or `["import", NAME]` for an importer; [`Request::args`] holds
//!   every argument of the manifest by name.
//! - Output goes in [`Response::output`]; the host prints it. A plugin never writes
//!   to standard output itself. `found: false` makes the host exit with status 1.
//! - Errors carry an [`ErrorKind`] the host maps to an exit code.
//! - The [`Host`] answers [`HostRequest`]s: search, read, write (inside the KB only),
//!   prompt. It is valid only during `run`.
//! - A panic in `run` is caught and reported as an internal error; the host goes on.
//!   Do not build a plugin with `panic = "abort"`, or a panic ends the host too.
//! - The library is never unloaded, and `run` may be called from several threads.
//!
//! # The ABI
//!
//! See [`abi`]: a plugin library exports `zhijian_plugin_entry`, returning a
//! `#[repr(C)]` [`PluginTable`] that starts with a magic number, the ABI version and
//! the table's size. Requests, responses, manifests and host calls cross it as JSON
//! strings; no Rust type does. The loader checks, in this order, that the file is a
//! regular library, that it and its folder are owned by this user or root and
//! writable by no one else, that it exports the symbol, the magic number,
//! the ABI version, the table size, the table's functions and strings, and the
//! manifest, before it calls anything else. A library that fails is refused with a
//! message naming the file, and the host carries on without it.
//!
//! # ABI versioning
//!
//! [`ABI_VERSION`] is the only compatibility promise between a host and a plugin
//! library; the host loads only plugins built for its exact version. It must be
//! bumped by any change that an old plugin or an old host could misread:
//!
//! - any change to the layout of [`PluginTable`] or [`HostTable`] (adding, removing,
//!   reordering or retyping a field), except that the first three fields of
//!   `PluginTable` (magic, ABI version, size) never change at all, so that every
//!   version can refuse every other cleanly;
//! - any change to the JSON shapes (manifest, request, response, errors, host
//!   requests and their answers) that is not purely additive: removing or renaming a
//!   field or variant, changing a field's type or meaning, or adding a field without
//!   a serde default.
//!
//! It is not bumped for additive changes that both sides tolerate: a new optional
//! field with `#[serde(default)]`, a new helper method or constructor, or a new
//! [`HostRequest`] variant (an older host answers it with an error, which the plugin
//! must handle). A new variant of any other enum ([`ErrorKind`], [`Format`],
//! [`ArgKind`]) does need a bump, since the older side cannot parse it.
//!
//! Bumping `ABI_VERSION` also bumps this crate's minor version (0.1 → 0.2), so that
//! the loader's "rebuild it against zhijian-plugin-api 0.2" names a real release.

pub mod abi;
mod error;
mod host;
mod loader;
mod manifest;
mod request;

pub use abi::{ABI_VERSION, HostTable, PluginTable};
pub use error::{ErrorKind, PluginError};
pub use host::{Host, HostRequest, NoHost};
pub use loader::{
    Discovery, DynamicPlugin, Exposure, LoadError, LoadProblem, check_trusted, current_uid,
    discover, exposure, is_trusted_owner, load,
};
pub use manifest::{ArgKind, ArgSpec, CommandSpec, Manifest};
pub use request::{Format, Request, Response};

/// A set of commands, run in-process or loaded from a library.
///
/// The same trait serves first-party plugins linked into the binary and dynamic
/// ones exported with [`export_plugin!`] and loaded as [`DynamicPlugin`].
pub trait Plugin: Send + Sync {
    /// What the plugin offers; called once when the host builds its command line.
    fn manifest(&self) -> Manifest;

    /// Runs one command; output goes in the [`Response`], never to standard output.
    fn run(&self, request: &Request, host: &dyn Host) -> Result<Response, PluginError>;
}
