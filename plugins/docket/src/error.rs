//! The docket plugin's error type, and how it maps onto the plugin interface.

use std::path::PathBuf;

use zhijian_kb::KbError;
use zhijian_plugin_api::PluginError;

/// Everything a docket command can fail with.
///
/// Messages are lower-case where English, name the file and line where known, and end without
/// a period.
#[derive(Debug, thiserror::Error)]
pub enum DocketError {
    /// The command line is wrong: a malformed date or number.
    #[error("{0}")]
    Usage(String),
    /// No case has this 部门受案号, or nothing is imported yet.
    #[error("{0}")]
    NotFound(String),
    /// An input file or a file under `docket/` is malformed.
    #[error("{0}")]
    Data(String),
    /// `zhijian.toml` (`[docket]`, `[calendar]`) is wrong.
    #[error("{0}")]
    Config(String),
    /// A file could not be read or written.
    #[error("{}: {source}", path.display())]
    Io {
        /// The file.
        path: PathBuf,
        /// What went wrong.
        source: std::io::Error,
    },
    /// An error of the knowledge-base engine.
    #[error(transparent)]
    Kb(#[from] KbError),
}

impl DocketError {
    /// Wraps an I/O error with the path it concerns.
    pub fn io(path: impl Into<PathBuf>, source: std::io::Error) -> Self {
        DocketError::Io {
            path: path.into(),
            source,
        }
    }
}

impl From<DocketError> for PluginError {
    fn from(err: DocketError) -> PluginError {
        let message = err.to_string();
        match err {
            DocketError::Usage(_) => PluginError::usage(message),
            DocketError::NotFound(_) => PluginError::not_found(message),
            DocketError::Data(_) => PluginError::data(message),
            DocketError::Config(_) => PluginError::config(message),
            DocketError::Io { .. } => PluginError::internal(message),
            DocketError::Kb(kb) => zhijian_plugin_support::from_kb(kb),
        }
    }
}

/// Shorthand for results of this crate.
pub type Result<T, E = DocketError> = std::result::Result<T, E>;
