//! Test fixture: a plugin whose every command panics, to show the host survives it.

use zhijian_plugin_api::{CommandSpec, Host, Manifest, Plugin, PluginError, Request, Response};

/// Loads fine, then panics in `run`.
pub struct Panics;

impl Plugin for Panics {
    fn manifest(&self) -> Manifest {
        Manifest::new(
            "panics",
            env!("CARGO_PKG_VERSION"),
            "panics on every command",
        )
        .command(CommandSpec::new("boom", "panic"))
    }

    fn run(&self, _: &Request, _: &dyn Host) -> Result<Response, PluginError> {
        panic!("boom from the panics fixture")
    }
}

zhijian_plugin_api::export_plugin!(Panics);
