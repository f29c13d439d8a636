//! The plugin's errors, and how they map to the host's exit codes.

use zhijian_kb::KbError;
use zhijian_plugin_api::PluginError;

/// Everything that can go wrong in a cases command.
#[derive(Debug, thiserror::Error)]
pub enum CasesError {
    /// The user asked for something malformed.
    #[error("{0}")]
    Usage(String),
    /// No case matches.
    #[error("{0}")]
    NotFound(String),
    /// A file could not be read or written.
    #[error("{path}: {message}")]
    File { path: String, message: String },
    /// The engine failed.
    #[error(transparent)]
    Kb(#[from] KbError),
    /// The host or the support layer refused (no knowledge base, a bad argument).
    #[error(transparent)]
    Plugin(#[from] PluginError),
}

impl From<CasesError> for PluginError {
    fn from(e: CasesError) -> PluginError {
        match e {
            CasesError::Usage(m) => PluginError::usage(m),
            CasesError::NotFound(m) => PluginError::not_found(m),
            CasesError::File { .. } => PluginError::data(e.to_string()),
            CasesError::Kb(kb) => zhijian_plugin_support::from_kb(kb),
            CasesError::Plugin(p) => p,
        }
    }
}
