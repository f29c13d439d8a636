//! One module per `zhijian personnel` command.

pub mod add;
pub mod import;
pub mod list;
pub mod record;
pub mod report;
pub mod show;
pub mod talent;
pub mod timeline;
