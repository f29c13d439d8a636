//! The error a plugin command returns, with a kind the host maps to an exit code.

use serde::{Deserialize, Serialize};

/// Why a command failed; the host picks the exit code and the wording from it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ErrorKind {
    /// The command line is wrong: a missing or malformed argument.
    Usage,
    /// The thing asked for does not exist (an id, an article, a file).
    NotFound,
    /// A document or input file is malformed.
    Data,
    /// The knowledge base or plugin configuration is wrong.
    Config,
    /// A bug: in the plugin, the host, or the boundary between them.
    Internal,
}

/// A failed command: a kind and a lower-case message without a trailing period.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, thiserror::Error)]
#[error("{message}")]
pub struct PluginError {
    /// What went wrong, for the exit code.
    pub kind: ErrorKind,
    /// What to tell the user.
    pub message: String,
}

impl PluginError {
    /// An error of any kind.
    pub fn new(kind: ErrorKind, message: impl Into<String>) -> Self {
        PluginError {
            kind,
            message: message.into(),
        }
    }

    /// The command line is wrong.
    pub fn usage(message: impl Into<String>) -> Self {
        Self::new(ErrorKind::Usage, message)
    }

    /// The thing asked for does not exist.
    pub fn not_found(message: impl Into<String>) -> Self {
        Self::new(ErrorKind::NotFound, message)
    }

    /// Some input is malformed.
    pub fn data(message: impl Into<String>) -> Self {
        Self::new(ErrorKind::Data, message)
    }

    /// The configuration is wrong.
    pub fn config(message: impl Into<String>) -> Self {
        Self::new(ErrorKind::Config, message)
    }

    /// A bug.
    pub fn internal(message: impl Into<String>) -> Self {
        Self::new(ErrorKind::Internal, message)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn display_is_the_message_alone() {
        let err = PluginError::not_found("no article 第999条 in 刑法");
        assert_eq!(err.to_string(), "no article 第999条 in 刑法");
        assert_eq!(err.kind, ErrorKind::NotFound);
    }

    #[test]
    fn constructors_set_their_kind() {
        assert_eq!(PluginError::usage("u").kind, ErrorKind::Usage);
        assert_eq!(PluginError::data("d").kind, ErrorKind::Data);
        assert_eq!(PluginError::config("c").kind, ErrorKind::Config);
        assert_eq!(PluginError::internal("i").kind, ErrorKind::Internal);
    }

    #[test]
    fn json_uses_snake_case_kinds_and_round_trips() {
        let err = PluginError::not_found("gone");
        let value = serde_json::to_value(&err).expect("errors serialise");
        assert_eq!(value, json!({"kind": "not_found", "message": "gone"}));
        let back: PluginError = serde_json::from_value(value).expect("parses");
        assert_eq!(back, err);
    }
}
