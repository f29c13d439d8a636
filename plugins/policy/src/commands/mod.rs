//! One file per command; this module holds what they share.

pub mod list;
pub mod lookup;
pub mod search;
pub mod show;
pub mod versions;

use unicode_width::UnicodeWidthStr;
use zhijian_kb::Kb;
use zhijian_plugin_api::{PluginError, Request};

/// Opens the request's knowledge base.
pub fn open_kb(request: &Request) -> Result<Kb, PluginError> {
    let root = request.kb_root.as_deref().ok_or_else(|| {
        PluginError::config("no knowledge base found: run `zhijian init DIR` or pass --kb DIR")
    })?;
    Kb::open(root).map_err(|e| PluginError::config(e.to_string()))
}

/// One JSON value on one line, like every `--json` output of zhijian.
pub fn to_json(value: &impl serde::Serialize) -> Result<String, PluginError> {
    serde_json::to_string(value)
        .map_err(|e| PluginError::internal(format!("cannot write JSON: {e}")))
}

/// Rows as columns aligned by display width (a CJK character is two columns wide).
pub fn table(rows: &[Vec<String>]) -> String {
    let columns = rows.iter().map(Vec::len).max().unwrap_or(0);
    let widths: Vec<usize> = (0..columns)
        .map(|c| {
            rows.iter()
                .filter_map(|r| r.get(c))
                .map(|s| s.width())
                .max()
                .unwrap_or(0)
        })
        .collect();
    let mut out = String::new();
    for row in rows {
        let mut line = String::new();
        for (c, cell) in row.iter().enumerate() {
            line.push_str(cell);
            if c + 1 < row.len() {
                line.push_str(&" ".repeat(widths[c] - cell.width() + 2));
            }
        }
        out.push_str(line.trim_end());
        out.push('\n');
    }
    out
}

/// `value` or `—` for an absent field.
pub fn or_dash(value: Option<&str>) -> String {
    value.unwrap_or("—").to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tables_align_chinese_text() {
        let rows = vec![
            vec!["刑法".to_string(), "a".to_string()],
            vec!["x".to_string(), "b".to_string()],
        ];
        assert_eq!(table(&rows), "刑法  a\nx     b\n");
    }
}
