//! What every first-party zhijian plugin shares, written once: the session the host
//! hands over (the opened knowledge base, today, the language), one error-to-exit-code
//! mapping, output in text, JSON or CSV, one CJK-aware table, dates from arguments,
//! and the message catalogues of both languages.
//!
//! Dynamic plugins never see this crate: they talk to the host through
//! `zhijian-plugin-api` alone.

pub mod dates;
pub mod error;
pub mod messages;
pub mod output;
pub mod session;
pub mod table;
pub mod text;

pub use error::{exit_code, from_kb, kind_of};
pub use messages::{Catalog, Lang};
pub use output::{json_line, respond, respond_table, wants_csv};
pub use session::{Session, open_kb};
pub use table::Table;
