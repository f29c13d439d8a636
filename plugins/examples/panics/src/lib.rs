//! Test fixture: a plugin that panics (`boom`) or never returns (`spin`), to show
//! the host survives the one and everything else keeps working beside the other.

use zhijian_plugin_api::{CommandSpec, Host, Manifest, Plugin, PluginError, Request, Response};

/// Loads fine, then panics in `run`.
pub struct Panics;

impl Plugin for Panics {
    fn manifest(&self) -> Manifest {
        Manifest::new(
            "panics",
            env!("CARGO_PKG_VERSION"),
            "misbehaves on every command",
        )
        .command(CommandSpec::new("boom", "panic"))
        .command(CommandSpec::new("spin", "never return"))
    }

    fn run(&self, request: &Request, _: &dyn Host) -> Result<Response, PluginError> {
        if request.command == ["spin"] {
            // Sleeping rather than burning a core: the point is that it never returns.
            loop {
                std::thread::sleep(std::time::Duration::from_millis(50));
            }
        }
        panic!("boom from the panics fixture")
    }
}

zhijian_plugin_api::export_plugin!(Panics);
