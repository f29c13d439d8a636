//! The error type of the training plugin, and how it becomes a [`PluginError`].

use std::path::PathBuf;

use zhijian_kb::KbError;
use zhijian_plugin_api::PluginError;

/// Everything that can go wrong in the training plugin.
///
/// Messages are lower-case, name the file (and line where known) and end without a
/// period.
#[derive(Debug, thiserror::Error)]
pub enum TrainingError {
    /// An error from the knowledge-base engine.
    #[error(transparent)]
    Kb(#[from] KbError),
    /// The host or the support layer refused (no knowledge base, a bad argument).
    #[error(transparent)]
    Plugin(#[from] PluginError),
    /// A material, path, case or person that does not exist.
    #[error("{0}")]
    NotFound(String),
    /// A malformed document, record or answers file.
    #[error("{}{}: {message}", path.display(), line.map(|l| format!(":{l}")).unwrap_or_default())]
    Data {
        /// The file at fault.
        path: PathBuf,
        /// 1-based line, where known.
        line: Option<usize>,
        /// What is wrong.
        message: String,
    },
    /// No knowledge base, or one that cannot be used.
    #[error("{0}")]
    Config(String),
    /// A bad command-line value, or a step refused (prerequisites, duplicates).
    #[error("{0}")]
    Usage(String),
    /// A file could not be read or written.
    #[error("{}: {source}", path.display())]
    Io {
        /// The file.
        path: PathBuf,
        /// The cause.
        source: std::io::Error,
    },
}

impl TrainingError {
    /// A data error in `path` at `line`.
    pub fn data(path: impl Into<PathBuf>, line: Option<usize>, message: impl Into<String>) -> Self {
        TrainingError::Data {
            path: path.into(),
            line,
            message: message.into(),
        }
    }

    /// An I/O error on `path`.
    pub fn io(path: impl Into<PathBuf>, source: std::io::Error) -> Self {
        TrainingError::Io {
            path: path.into(),
            source,
        }
    }
}

impl From<TrainingError> for PluginError {
    fn from(err: TrainingError) -> Self {
        let message = err.to_string();
        match err {
            TrainingError::Kb(kb) => zhijian_plugin_support::from_kb(kb),
            TrainingError::Plugin(p) => p,
            TrainingError::NotFound(_) => PluginError::not_found(message),
            TrainingError::Usage(_) => PluginError::usage(message),
            TrainingError::Data { .. } => PluginError::data(message),
            TrainingError::Config(_) => PluginError::config(message),
            TrainingError::Io { .. } => PluginError::internal(message),
        }
    }
}
