//! Example dynamic plugin: `zhijian stats count QUERY` counts search hits by type.

mod count;

use zhijian_plugin_api::{Host, Manifest, Plugin, PluginError, Request, Response};

/// Statistics over the knowledge base, computed from the host's search.
pub struct Stats;

impl Plugin for Stats {
    fn manifest(&self) -> Manifest {
        Manifest::new(
            "stats",
            env!("CARGO_PKG_VERSION"),
            "statistics over the knowledge base",
        )
        .command(count::spec())
    }

    fn run(&self, request: &Request, host: &dyn Host) -> Result<Response, PluginError> {
        match request.command_line().as_str() {
            "count" => count::run(request, host),
            other => Err(PluginError::usage(format!(
                "stats has no command `{other}`"
            ))),
        }
    }
}

zhijian_plugin_api::export_plugin!(Stats);
