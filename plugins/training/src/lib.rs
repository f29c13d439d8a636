//! The training plugin of zhijian: training materials, learning paths, assignments and quizzes.

use zhijian_plugin_api::{Host, Manifest, Plugin, PluginError, Request, Response};

/// The training plugin, linked into the zhijian binary.
#[derive(Debug, Default)]
pub struct TrainingPlugin;

impl Plugin for TrainingPlugin {
    fn manifest(&self) -> Manifest {
        Manifest::new("training", env!("CARGO_PKG_VERSION"), "training materials, learning paths, assignments and quizzes")
    }

    fn run(&self, request: &Request, _host: &dyn Host) -> Result<Response, PluginError> {
        Err(PluginError::usage(format!("unknown command `{}`", request.command_line())))
    }
}
