//! One file per command; this module holds what they share.

pub mod list;
pub mod lookup;
pub mod search;
pub mod show;
pub mod versions;

/// `value` or `—` for an absent field.
pub fn or_dash(value: Option<&str>) -> String {
    value.unwrap_or("—").to_string()
}
