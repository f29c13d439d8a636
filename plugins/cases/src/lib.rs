//! The cases plugin of zhijian: guiding and typical cases.

use zhijian_plugin_api::{Host, Manifest, Plugin, PluginError, Request, Response};

/// The cases plugin, linked into the zhijian binary.
#[derive(Debug, Default)]
pub struct CasesPlugin;

impl Plugin for CasesPlugin {
    fn manifest(&self) -> Manifest {
        Manifest::new("case", env!("CARGO_PKG_VERSION"), "guiding and typical cases")
    }

    fn run(&self, request: &Request, _host: &dyn Host) -> Result<Response, PluginError> {
        Err(PluginError::usage(format!("unknown command `{}`", request.command_line())))
    }
}
