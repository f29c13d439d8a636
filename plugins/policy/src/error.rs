//! The errors of the policy plugin, and how they become plugin errors.

use zhijian_plugin_api::PluginError;

/// What can go wrong when resolving, looking up or importing policies.
#[derive(Debug, thiserror::Error)]
pub enum PolicyError {
    /// The knowledge base could not be read.
    #[error("{0}")]
    Kb(#[from] zhijian_kb::KbError),
    /// No policy matches the name.
    #[error("no policy matches `{0}`")]
    NotFound(String),
    /// Several policies match the name.
    #[error("`{name}` matches several policies: {}", candidates.join(", "))]
    Ambiguous {
        /// The name as given.
        name: String,
        /// `title (id)` of every candidate.
        candidates: Vec<String>,
    },
    /// The article number could not be read.
    #[error("`{text}` is not an article number: {reason}")]
    BadArticle {
        /// The text as given.
        text: String,
        /// Why it was refused.
        reason: String,
    },
    /// The policy has no such article.
    #[error("{policy} has no {article}{context}")]
    NoArticle {
        /// The policy's title and version.
        policy: String,
        /// The canonical label asked for.
        article: String,
        /// Where else the article exists, if anywhere.
        context: String,
    },
    /// A date that is not a date.
    #[error("`{0}` is not a date (expected YYYY-MM-DD)")]
    BadDate(String),
    /// The import source cannot be used.
    #[error("{0}")]
    Import(String),
    /// The LawRefBook database could not be read.
    #[error("cannot read {path}: {message}")]
    Database {
        /// The database file.
        path: String,
        /// What SQLite said.
        message: String,
    },
}

impl From<PolicyError> for PluginError {
    fn from(err: PolicyError) -> PluginError {
        let message = err.to_string();
        match err {
            PolicyError::NotFound(_) | PolicyError::NoArticle { .. } => {
                PluginError::not_found(message)
            }
            PolicyError::Ambiguous { .. }
            | PolicyError::BadArticle { .. }
            | PolicyError::BadDate(_) => PluginError::usage(message),
            PolicyError::Kb(kb) => zhijian_plugin_support::from_kb(kb),
            PolicyError::Database { .. } => PluginError::data(message),
            PolicyError::Import(_) => PluginError::config(message),
        }
    }
}
