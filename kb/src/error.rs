//! The error type of the knowledge-base engine.

use std::path::PathBuf;

/// Everything that can go wrong in the `kb` crate.
///
/// Messages are lower-case, name the file (and line where known) and end without a
/// period, so the CLI can print them as one line.
#[derive(Debug, thiserror::Error)]
pub enum KbError {
    /// No `zhijian.toml` was found.
    #[error("no knowledge base found in {} or any parent folder (create one with `zhijian init`)", start.display())]
    NotFound { start: PathBuf },
    /// A folder named with `--kb` or `ZHIJIAN_KB` has no `zhijian.toml`.
    #[error("{} is not a knowledge base: it has no zhijian.toml (create one with `zhijian init`)", path.display())]
    NotAKb { path: PathBuf },
    /// `zhijian.toml` (or another configuration file) is invalid.
    #[error("{}{}: {message}", path.display(), line.map(|l| format!(":{l}")).unwrap_or_default())]
    Config {
        path: PathBuf,
        line: Option<usize>,
        message: String,
    },
    /// A file could not be read or written.
    #[error("{}: {source}", path.display())]
    Io {
        path: PathBuf,
        source: std::io::Error,
    },
    /// Another process holds the index lock.
    #[error("index is locked: another `zhijian index` is running on this knowledge base ({})", path.display())]
    Locked { path: PathBuf },
    /// The index does not exist yet.
    #[error("the knowledge base has no index yet: run `zhijian index`")]
    NoIndex,
    /// The index is unreadable; `zhijian index --rebuild` recreates it from the files.
    #[error("the index is damaged ({reason}): run `zhijian index --rebuild`")]
    Corrupt { reason: String },
    /// The search query could not be understood.
    #[error("query: {0}")]
    Query(String),
    /// No document has the given id.
    #[error("no document with id `{0}`")]
    UnknownId(String),
    /// An id that may not be used (for example one containing `/`).
    #[error("invalid id `{id}`: {reason}")]
    InvalidId { id: String, reason: String },
    /// An error inside tantivy.
    #[error("index: {0}")]
    Index(#[from] tantivy::TantivyError),
}

impl KbError {
    /// Wraps an I/O error with the path it concerns.
    pub fn io(path: impl Into<PathBuf>, source: std::io::Error) -> Self {
        KbError::Io {
            path: path.into(),
            source,
        }
    }

    /// True when the error is the user's to fix (bad input, config, query), not a fault.
    pub fn is_user_error(&self) -> bool {
        matches!(
            self,
            KbError::NotFound { .. }
                | KbError::NotAKb { .. }
                | KbError::Config { .. }
                | KbError::Locked { .. }
                | KbError::NoIndex
                | KbError::Query(_)
                | KbError::UnknownId(_)
                | KbError::InvalidId { .. }
        )
    }
}
