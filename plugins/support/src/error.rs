//! One mapping from errors to kinds and exit codes, for core commands and plugins alike.
//!
//! ripgrep's convention: 0 found, 1 nothing found, 2 error. An unknown id or article
//! is "nothing found" (1) whichever command asked; everything else that fails is 2.

use zhijian_kb::KbError;
use zhijian_plugin_api::{ErrorKind, PluginError};

/// The kind of a knowledge-base error, as plugins report it.
pub fn kind_of(error: &KbError) -> ErrorKind {
    match error {
        KbError::UnknownId(_) => ErrorKind::NotFound,
        KbError::Query(_) | KbError::InvalidId { .. } => ErrorKind::Usage,
        KbError::NotFound { .. }
        | KbError::NotAKb { .. }
        | KbError::Config { .. }
        | KbError::Locked { .. } => ErrorKind::Config,
        KbError::NoIndex | KbError::Corrupt { .. } => ErrorKind::Data,
        KbError::Io { .. } | KbError::Index(_) => ErrorKind::Internal,
    }
}

/// A knowledge-base error as a plugin error, with its kind and message.
pub fn from_kb(error: KbError) -> PluginError {
    PluginError::new(kind_of(&error), error.to_string())
}

/// The process exit code for an error of `kind`.
pub fn exit_code(kind: ErrorKind) -> u8 {
    match kind {
        ErrorKind::NotFound => 1,
        ErrorKind::Usage | ErrorKind::Data | ErrorKind::Config | ErrorKind::Internal => 2,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_unknown_id_is_nothing_found_and_the_rest_are_errors() {
        let unknown = from_kb(KbError::UnknownId("nosuch".into()));
        assert_eq!(unknown.kind, ErrorKind::NotFound);
        assert_eq!(exit_code(unknown.kind), 1);
        assert_eq!(unknown.message, "no document with id `nosuch`");
        let config = KbError::Config {
            path: "zhijian.toml".into(),
            line: Some(3),
            message: "expected `=`".into(),
        };
        assert_eq!(kind_of(&config), ErrorKind::Config);
        assert_eq!(kind_of(&KbError::Query("x".into())), ErrorKind::Usage);
        for kind in [
            ErrorKind::Usage,
            ErrorKind::Data,
            ErrorKind::Config,
            ErrorKind::Internal,
        ] {
            assert_eq!(exit_code(kind), 2);
        }
    }
}
