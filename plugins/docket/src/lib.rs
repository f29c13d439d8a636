//! The docket plugin of zhijian (案件管理): case-flow records imported from case-system
//! exports, statutory deadlines with early warnings, indicators, the 三个结构比 and an HTML
//! report.
//!
//! The domain core (calendar, periods, stages, indicators, structure) does no I/O. The imported
//! records live under `docket/` in the knowledge base as CSV files (personal data: owner-only,
//! never in the general index, which reads Markdown only); a binary cache under `.zhijian/docket/`
//! makes the commands fast and is rebuilt from the files whenever they change.

pub mod calendar;
pub mod dates;
mod error;
pub mod import;
pub mod indicators;
pub mod messages;
pub mod model;
pub mod period;
pub mod range;
pub mod settings;
pub mod stages;
pub mod store;
pub mod structure;

pub use error::DocketError;
