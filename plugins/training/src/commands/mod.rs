//! One module per command of `zhijian training`.

pub mod assign;
pub mod complete;
pub mod export;
pub mod list;
pub mod path_new;
pub mod path_show;
pub mod progress;
pub mod quiz;
pub mod report;
pub mod show;
