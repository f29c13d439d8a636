//! The policy plugin of zhijian: laws and normative documents.

use zhijian_plugin_api::{Host, Manifest, Plugin, PluginError, Request, Response};

/// The policy plugin, linked into the zhijian binary.
#[derive(Debug, Default)]
pub struct PolicyPlugin;

impl Plugin for PolicyPlugin {
    fn manifest(&self) -> Manifest {
        Manifest::new("policy", env!("CARGO_PKG_VERSION"), "laws and normative documents")
    }

    fn run(&self, request: &Request, _host: &dyn Host) -> Result<Response, PluginError> {
        Err(PluginError::usage(format!("unknown command `{}`", request.command_line())))
    }
}
