//! Output helpers, in one place so that they give way to the shared support layer in one
//! change: a CJK-aligned text table, one-line JSON, fractions shown as percentages.

use serde_json::Value;
use unicode_width::UnicodeWidthStr;

/// Rows under a header, columns two spaces apart, padded by display width (CJK = 2 columns).
pub fn table(header: &[&str], rows: &[Vec<String>]) -> String {
    let mut widths: Vec<usize> = header.iter().map(|h| h.width()).collect();
    for row in rows {
        for (i, cell) in row.iter().enumerate() {
            if let Some(w) = widths.get_mut(i) {
                *w = (*w).max(cell.width());
            }
        }
    }
    let header: Vec<String> = header.iter().map(|h| (*h).to_string()).collect();
    let mut out = String::new();
    for row in std::iter::once(&header).chain(rows) {
        let mut line = String::new();
        for (i, cell) in row.iter().enumerate() {
            line.push_str(cell);
            if i + 1 < row.len() {
                let pad = widths
                    .get(i)
                    .copied()
                    .unwrap_or(0)
                    .saturating_sub(cell.width())
                    + 2;
                line.extend(std::iter::repeat_n(' ', pad));
            }
        }
        out.push_str(line.trim_end());
        out.push('\n');
    }
    out
}

/// One JSON value on one line, with a newline.
pub fn json(value: &Value) -> String {
    let mut out = value.to_string();
    out.push('\n');
    out
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
            &[
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
        assert_eq!(json(&serde_json::json!({"a": 1})), "{\"a\":1}\n");
    }
}
