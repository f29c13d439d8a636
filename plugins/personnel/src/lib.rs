//! The personnel plugin of zhijian: personnel records (select, cultivate, manage, use).

use zhijian_plugin_api::{Host, Manifest, Plugin, PluginError, Request, Response};

/// The personnel plugin, linked into the zhijian binary.
#[derive(Debug, Default)]
pub struct PersonnelPlugin;

impl Plugin for PersonnelPlugin {
    fn manifest(&self) -> Manifest {
        Manifest::new("personnel", env!("CARGO_PKG_VERSION"), "personnel records (select, cultivate, manage, use)")
    }

    fn run(&self, request: &Request, _host: &dyn Host) -> Result<Response, PluginError> {
        Err(PluginError::usage(format!("unknown command `{}`", request.command_line())))
    }
}
