//! Output: the platform's table and JSON line, and how numbers are shown.

use serde_json::Value;
use zhijian_plugin_support::{Table, json_line};

use crate::error::{DocketError, Result};

/// Rows under a header, aligned by display width (the platform's [`Table`]).
pub fn table(header: &[&str], rows: Vec<Vec<String>>) -> String {
    let mut table = Table::new(header.iter().copied());
    for row in rows {
        table.row(row);
    }
    table.render()
}

/// One JSON value on one line, with a newline.
pub fn json(value: &Value) -> Result<String> {
    json_line(value).map_err(|e| DocketError::Data(e.message))
}

/// A fraction as a percentage with one decimal (`25.0%`), or `—` when there is none.
pub fn percent(value: Option<f64>) -> String {
    value.map_or_else(|| "—".to_string(), |v| format!("{:.1}%", v * 100.0))
}

/// A ratio like 案件比 (`1.25`), or `—`.
pub fn ratio(value: Option<f64>) -> String {
    value.map_or_else(|| "—".to_string(), |v| format!("{v:.2}"))
}

/// A fraction for JSON: the number, or null.
pub fn fraction(value: Option<f64>) -> Value {
    value.map_or(Value::Null, |v| Value::from((v * 1e6).round() / 1e6))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tables_align_chinese_by_display_width() {
        let text = table(
            &["部门受案号", "阶段"],
            vec![
                vec!["A1".into(), "审查起诉".into()],
                vec!["检刑诉受[2024]12号".into(), "审查逮捕".into()],
            ],
        );
        assert_eq!(
            text,
            "部门受案号          阶段\nA1                  审查起诉\n检刑诉受[2024]12号  审查逮捕\n"
        );
    }

    #[test]
    fn numbers() {
        assert_eq!(percent(Some(0.25)), "25.0%");
        assert_eq!(percent(None), "—");
        assert_eq!(ratio(Some(1.25)), "1.25");
        assert_eq!(fraction(Some(1.0 / 3.0)), serde_json::json!(0.333333));
        assert_eq!(
            json(&serde_json::json!({"a": 1})).expect("json"),
            "{\"a\":1}\n"
        );
    }
}
