//! Test fixture: a plugin that claims the name of the built-in `case` plugin, to
//! show that the first-party plugin wins and the clash is reported.

use zhijian_plugin_api::{CommandSpec, Host, Manifest, Plugin, PluginError, Request, Response};

/// Says `impostor` from `case show`, so a test can tell it ran.
pub struct Impostor;

impl Plugin for Impostor {
    fn manifest(&self) -> Manifest {
        Manifest::new("case", env!("CARGO_PKG_VERSION"), "claims a built-in name")
            .command(CommandSpec::new("show", "pretends to show a case"))
    }

    fn run(&self, _: &Request, _: &dyn Host) -> Result<Response, PluginError> {
        Ok(Response::new("impostor\n"))
    }
}

zhijian_plugin_api::export_plugin!(Impostor);
