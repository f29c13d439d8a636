//! Documents: the typed Markdown files of a knowledge base, and their validation.

use crate::markdown::Markdown;
use crate::time::{Date, date_value};

/// A parsed, validated document.
#[derive(Debug, Clone)]
pub struct Document {
    /// Unique in the knowledge base; defaults to the file stem.
    pub id: String,
    /// True when the front matter wrote the id (else it came from the file name).
    pub explicit_id: bool,
    /// The document's type: `note` when the front matter names none.
    pub doc_type: String,
    /// From `title`, else the first heading, else the file stem.
    pub title: String,
    /// Path relative to the knowledge base root, with `/` separators.
    pub path: String,
    /// The whole front matter table (empty when the file has none).
    pub front: toml::Table,
    /// 1-based line of the file where the front matter's first line is.
    pub front_line: usize,
    /// The raw Markdown body.
    pub body: String,
    /// 1-based line of the file where the body starts.
    pub body_line: usize,
    /// The parsed body.
    pub markdown: Markdown,
}

impl Document {
    /// A string field of the front matter.
    pub fn str_field(&self, key: &str) -> Option<&str> {
        self.front
            .get(key)
            .and_then(toml::Value::as_str)
            .filter(|s| !s.is_empty())
    }

    /// A string-array field (a single string counts as a one-element list).
    pub fn list_field(&self, key: &str) -> Vec<String> {
        match self.front.get(key) {
            Some(toml::Value::Array(items)) => items
                .iter()
                .filter_map(|v| v.as_str().map(str::to_string))
                .collect(),
            Some(toml::Value::String(s)) if !s.is_empty() => vec![s.clone()],
            _ => Vec::new(),
        }
    }

    /// A date field (TOML dates and date strings are both accepted).
    pub fn date_field(&self, key: &str) -> Option<Date> {
        self.front.get(key).and_then(date_value)
    }

    /// Whether the document is of type `name`.
    pub fn is(&self, name: &str) -> bool {
        self.doc_type == name
    }

    /// A number field (integer or float).
    pub fn number_field(&self, key: &str) -> Option<f64> {
        match self.front.get(key)? {
            toml::Value::Integer(i) => Some(*i as f64),
            toml::Value::Float(f) => Some(*f),
            _ => None,
        }
    }

    /// The document's tags.
    pub fn tags(&self) -> Vec<String> {
        self.list_field("tags")
    }
}

/// Checks an id: non-empty, at most 200 bytes, and safe as a file name.
///
/// Ids become file names (`zhijian new`) and are resolved to paths, so anything that
/// could leave the folder (`/`, `\`, `..`) or confuse a terminal (control characters)
/// is refused.
pub fn validate_id(id: &str) -> Result<(), String> {
    if id.trim().is_empty() {
        return Err("an id may not be empty".into());
    }
    // 250 bytes keeps `ID.md` within the 255-byte file-name limit of common file systems.
    if id.len() > 250 {
        return Err("an id may be at most 250 bytes long".into());
    }
    if id.contains('/') || id.contains('\\') {
        return Err("an id may not contain `/` or `\\`".into());
    }
    if id.contains("..") {
        return Err("an id may not contain `..`".into());
    }
    if id.chars().any(char::is_control) {
        return Err("an id may not contain control characters".into());
    }
    if id.starts_with('.') || id.starts_with('-') {
        return Err("an id may not start with `.` or `-`".into());
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ids_that_could_escape_are_refused() {
        assert!(validate_id("sample-case-9001").is_ok());
        assert!(validate_id("刑法-2021").is_ok());
        for bad in ["", "a/b", "a\\b", "..", "a..b", "x\u{7}", ".hidden", "-x"] {
            assert!(validate_id(bad).is_err(), "{bad:?} accepted");
        }
    }
}
