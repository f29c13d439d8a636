//! The personnel plugin's error type, and how it maps onto the plugin interface.

use std::path::PathBuf;

use zhijian_kb::KbError;
use zhijian_plugin_api::PluginError;

/// Everything a personnel command can fail with.
///
/// Messages are lower-case, name the file (and line where known) and end without a
/// period.
#[derive(Debug, thiserror::Error)]
pub enum PersonnelError {
    /// The command line is wrong: an unknown kind, a malformed date, a bad `--field`.
    #[error("{0}")]
    Usage(String),
    /// No person has this id.
    #[error("no person with id `{0}` (looked in people/)")]
    NoPerson(String),
    /// A person file or an input file is malformed.
    #[error("{0}")]
    Data(String),
    /// The knowledge base or its `[personnel]` settings are wrong.
    #[error("{0}")]
    Config(String),
    /// A file could not be read or written.
    #[error("{}: {source}", path.display())]
    Io {
        path: PathBuf,
        source: std::io::Error,
    },
    /// An error of the knowledge-base engine.
    #[error(transparent)]
    Kb(#[from] KbError),
}

impl PersonnelError {
    /// Wraps an I/O error with the path it concerns.
    pub fn io(path: impl Into<PathBuf>, source: std::io::Error) -> Self {
        PersonnelError::Io {
            path: path.into(),
            source,
        }
    }
}

impl From<PersonnelError> for PluginError {
    fn from(err: PersonnelError) -> PluginError {
        let message = err.to_string();
        match err {
            PersonnelError::Usage(_) => PluginError::usage(message),
            PersonnelError::NoPerson(_) => PluginError::not_found(message),
            PersonnelError::Data(_) => PluginError::data(message),
            PersonnelError::Config(_) => PluginError::config(message),
            PersonnelError::Io { .. } => PluginError::internal(message),
            PersonnelError::Kb(ref kb) if kb.is_user_error() => PluginError::data(message),
            PersonnelError::Kb(_) => PluginError::internal(message),
        }
    }
}

/// Shorthand for results of this crate.
pub type Result<T, E = PersonnelError> = std::result::Result<T, E>;
