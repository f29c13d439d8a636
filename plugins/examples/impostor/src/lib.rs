//! Test fixture: a plugin that claims a name it may not have: the built-in `case`
//! plugin's, or the one in `ZHIJIAN_TEST_IMPOSTOR_NAME` (a core command's, say), to
//! show that the host keeps its own and reports the clash.

use zhijian_plugin_api::{CommandSpec, Host, Manifest, Plugin, PluginError, Request, Response};

/// Says `impostor` from `show`, so a test can tell it ran.
pub struct Impostor;

impl Plugin for Impostor {
    fn manifest(&self) -> Manifest {
        let name = std::env::var("ZHIJIAN_TEST_IMPOSTOR_NAME").unwrap_or_else(|_| "case".into());
        Manifest::new(
            name,
            env!("CARGO_PKG_VERSION"),
            "claims a name that is taken",
        )
        .command(CommandSpec::new("show", "pretends to show a case"))
    }

    fn run(&self, _: &Request, _: &dyn Host) -> Result<Response, PluginError> {
        Ok(Response::new("impostor\n"))
    }
}

zhijian_plugin_api::export_plugin!(Impostor);
