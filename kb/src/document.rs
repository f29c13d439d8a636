//! Documents: the typed Markdown files of a knowledge base, and their validation.

use serde::Serialize;

use crate::markdown::Markdown;

/// The kinds of document zhijian knows (`type = "…"` in the front matter).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum DocType {
    /// Any Markdown file; the default when there is no front matter or no `type`.
    Note,
    /// A guiding, typical or reference case.
    Case,
    /// A law, judicial interpretation or normative document.
    Policy,
    /// A training material.
    Training,
    /// A learning path.
    Path,
    /// A personnel record (personal data: never in the general index).
    Person,
}

impl DocType {
    /// Every type, in the order used by help texts.
    pub const ALL: [DocType; 6] = [
        DocType::Note,
        DocType::Case,
        DocType::Policy,
        DocType::Training,
        DocType::Path,
        DocType::Person,
    ];

    /// The name written in `type = "…"`.
    pub fn as_str(self) -> &'static str {
        match self {
            DocType::Note => "note",
            DocType::Case => "case",
            DocType::Policy => "policy",
            DocType::Training => "training",
            DocType::Path => "path",
            DocType::Person => "person",
        }
    }

    /// Parses a type name.
    pub fn parse(name: &str) -> Option<DocType> {
        DocType::ALL.into_iter().find(|t| t.as_str() == name)
    }

    /// The folder `zhijian init` creates for this type and `zhijian new` writes into.
    pub fn folder(self) -> &'static str {
        match self {
            DocType::Note => "notes",
            DocType::Case => "cases",
            DocType::Policy => "policies",
            DocType::Training => "training",
            DocType::Path => "paths",
            DocType::Person => "people",
        }
    }
}

impl std::fmt::Display for DocType {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.as_str())
    }
}

/// A parsed, validated document.
#[derive(Debug, Clone)]
pub struct Document {
    /// Unique in the knowledge base; defaults to the file stem.
    pub id: String,
    /// True when the front matter wrote the id (else it came from the file name).
    pub explicit_id: bool,
    /// The document's type.
    pub doc_type: DocType,
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

    /// A date field as `YYYY-MM-DD` (TOML dates and date strings are both accepted).
    pub fn date_field(&self, key: &str) -> Option<String> {
        self.front.get(key).and_then(date_value)
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

/// Reads a TOML value as a `YYYY-MM-DD` date.
pub fn date_value(value: &toml::Value) -> Option<String> {
    match value {
        toml::Value::Datetime(dt) => dt
            .date
            .map(|d| format!("{:04}-{:02}-{:02}", d.year, d.month, d.day)),
        toml::Value::String(s) => parse_date(s),
        _ => None,
    }
}

/// Accepts `YYYY-MM-DD` (also `YYYY-M-D`, `YYYY/MM/DD` and `YYYY年M月D日`) and returns
/// the canonical `YYYY-MM-DD`, or `None` for anything that is not a real date.
pub fn parse_date(text: &str) -> Option<String> {
    let text = text.trim();
    let cleaned: String = text
        .chars()
        .map(|c| match c {
            '/' | '.' | '年' | '月' => '-',
            '日' => ' ',
            c => crate::analysis::fold_char(c),
        })
        .collect();
    let mut parts = cleaned.trim().split('-');
    let year: u32 = parts.next()?.trim().parse().ok()?;
    let month: u32 = parts.next()?.trim().parse().ok()?;
    let day: u32 = parts.next()?.trim().parse().ok()?;
    if parts.next().is_some() || !(1000..=9999).contains(&year) || !(1..=12).contains(&month) {
        return None;
    }
    let leap = (year.is_multiple_of(4) && !year.is_multiple_of(100)) || year.is_multiple_of(400);
    let days = match month {
        2 if leap => 29,
        2 => 28,
        4 | 6 | 9 | 11 => 30,
        _ => 31,
    };
    (1..=days)
        .contains(&day)
        .then(|| format!("{year:04}-{month:02}-{day:02}"))
}

/// Today's date (UTC) as `YYYY-MM-DD`.
pub fn today() -> String {
    let secs = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0, |d| d.as_secs());
    civil_date((secs / 86_400) as i64)
}

/// The `YYYY-MM-DD` date `days` days after 1970-01-01 (Howard Hinnant's algorithm).
pub fn civil_date(days: i64) -> String {
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z - era * 146_097;
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let day = doy - (153 * mp + 2) / 5 + 1;
    let month = if mp < 10 { mp + 3 } else { mp - 9 };
    let year = yoe + era * 400 + i64::from(month <= 2);
    format!("{year:04}-{month:02}-{day:02}")
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
    fn dates_in_several_spellings() {
        assert_eq!(parse_date("2021-3-1").as_deref(), Some("2021-03-01"));
        assert_eq!(parse_date("2021年3月1日").as_deref(), Some("2021-03-01"));
        assert_eq!(parse_date("2021/03/01").as_deref(), Some("2021-03-01"));
        assert_eq!(parse_date("2023-02-29"), None);
        assert_eq!(parse_date("2024-02-29").as_deref(), Some("2024-02-29"));
        assert_eq!(parse_date("昨天"), None);
        assert_eq!(parse_date("2021-13-01"), None);
    }

    #[test]
    fn ids_that_could_escape_are_refused() {
        assert!(validate_id("sample-case-9001").is_ok());
        assert!(validate_id("刑法-2021").is_ok());
        for bad in ["", "a/b", "a\\b", "..", "a..b", "x\u{7}", ".hidden", "-x"] {
            assert!(validate_id(bad).is_err(), "{bad:?} accepted");
        }
    }

    #[test]
    fn civil_dates() {
        assert_eq!(civil_date(0), "1970-01-01");
        assert_eq!(civil_date(19_782), "2024-02-29");
        assert_eq!(today().len(), 10);
    }

    #[test]
    fn types_round_trip() {
        for t in DocType::ALL {
            assert_eq!(DocType::parse(t.as_str()), Some(t));
        }
        assert_eq!(DocType::parse("memo"), None);
    }
}
