//! Helpers every command shares: opening the knowledge base, reading dates, and
//! laying out text and JSON.

use serde::Serialize;
use zhijian_kb::Kb;
use zhijian_kb::time::Date;
use zhijian_plugin_api::{Host, Request};

use crate::TrainingError;
use crate::catalog::Catalog;

/// The knowledge base of a request and its training catalog.
#[derive(Debug)]
pub struct Context {
    /// The knowledge base.
    pub kb: Kb,
    /// Its materials, paths, cases and people.
    pub catalog: Catalog,
}

impl Context {
    /// Opens the host's knowledge base and reads its documents.
    pub fn open(host: &dyn Host) -> Result<Context, TrainingError> {
        let kb = zhijian_plugin_support::open_kb(host)?;
        let catalog = Catalog::load(&kb)?;
        Ok(Context { kb, catalog })
    }
}

/// A required argument; its absence is a usage error.
pub fn required<'a>(request: &'a Request, name: &str) -> Result<&'a str, TrainingError> {
    request
        .require_str(name)
        .map_err(|e| TrainingError::Usage(e.message))
}

/// A date option, `None` when absent, a usage error when it is not a date.
pub fn date_arg(request: &Request, name: &str) -> Result<Option<Date>, TrainingError> {
    Ok(zhijian_plugin_support::dates::date_arg(request, name)?)
}

/// Person ids from a `--to a,b --to c` style option, trimmed, each once.
pub fn id_list(request: &Request, name: &str) -> Vec<String> {
    let mut ids: Vec<String> = Vec::new();
    for item in request.arg_list(name) {
        for id in item
            .split([',', '，'])
            .map(str::trim)
            .filter(|s| !s.is_empty())
        {
            if !ids.iter().any(|known| known == id) {
                ids.push(id.to_string());
            }
        }
    }
    ids
}

/// Hours as text: one decimal, two when needed (`1.5`, `2.0`, `0.25`).
pub fn hours(value: f64) -> String {
    if ((value * 10.0).round() - value * 10.0).abs() < 1e-9 {
        format!("{value:.1}")
    } else {
        format!("{value:.2}")
    }
}

/// One line of JSON followed by a newline.
pub fn json<T: Serialize>(value: &T) -> Result<String, TrainingError> {
    serde_json::to_string(value)
        .map(|text| text + "\n")
        .map_err(|err| TrainingError::Usage(format!("cannot render JSON: {err}")))
}

/// Rows under `headers`, aligned by the shared CJK-aware table, `indent` spaces before
/// each line.
pub fn table(indent: usize, headers: &[&str], rows: &[Vec<String>]) -> String {
    let mut table = zhijian_plugin_support::Table::new(headers.iter().copied()).indent(indent);
    for row in rows {
        table.row(row.iter().cloned());
    }
    table.render()
}

/// Text safe inside HTML.
pub fn html_escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            c => out.push(c),
        }
    }
    out
}

/// `、`-joined list, or `—` when empty.
pub use zhijian_plugin_support::text::joined;

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tables_align_chinese_text() {
        let rows = vec![vec!["a".to_string(), "教材".to_string(), "1.5".to_string()]];
        assert_eq!(
            table(1, &["编号", "类型", "学时"], &rows),
            " 编号  类型  学时\n a     教材  1.5\n"
        );
    }

    #[test]
    fn hours_and_escapes() {
        assert_eq!(hours(1.5), "1.5");
        assert_eq!(hours(2.0), "2.0");
        assert_eq!(hours(0.25), "0.25");
        assert_eq!(html_escape("<a & 'b'>"), "&lt;a &amp; &#39;b&#39;&gt;");
    }

    #[test]
    fn id_lists_split_on_commas() {
        let request =
            Request::new(["assign"]).with_arg("to", serde_json::json!(["p1, p2", "p2，p3"]));
        assert_eq!(id_list(&request, "to"), ["p1", "p2", "p3"]);
    }
}
