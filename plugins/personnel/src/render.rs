//! Output helpers: tables through the shared renderer, truncation, TOML → JSON.

use serde_json::{Map, Value};
use unicode_width::UnicodeWidthStr;

use crate::context::{Ctx, MASK};
use crate::model::value_text;

/// Renders rows under a header with the shared CJK-aware table.
pub fn table(header: &[&str], rows: &[Vec<String>]) -> String {
    let mut table = zhijian_plugin_support::Table::new(header.iter().copied());
    for row in rows {
        table.row(row.iter().cloned());
    }
    table.render()
}

/// Cuts `text` to at most `max` display columns, ending with `…` when cut.
pub fn truncate(text: &str, max: usize) -> String {
    if text.width() <= max {
        return text.to_string();
    }
    let mut out = String::new();
    for c in text.chars() {
        if out.width() + unicode_width::UnicodeWidthChar::width(c).unwrap_or(0) + 1 > max {
            break;
        }
        out.push(c);
    }
    out.push('…');
    out
}

/// A TOML value as JSON (dates as `YYYY-MM-DD` strings).
pub fn json_value(value: &toml::Value) -> Value {
    match value {
        toml::Value::String(s) => Value::String(s.clone()),
        toml::Value::Integer(i) => Value::from(*i),
        toml::Value::Float(f) => Value::from(*f),
        toml::Value::Boolean(b) => Value::Bool(*b),
        toml::Value::Datetime(_) => Value::String(value_text(value)),
        toml::Value::Array(items) => Value::Array(items.iter().map(json_value).collect()),
        toml::Value::Table(table) => Value::Object(
            table
                .iter()
                .map(|(k, v)| (k.clone(), json_value(v)))
                .collect(),
        ),
    }
}

/// Fields as a JSON object, sensitive ones masked.
pub fn json_fields<'a>(
    ctx: &Ctx,
    fields: impl IntoIterator<Item = (&'a String, &'a toml::Value)>,
) -> Map<String, Value> {
    fields
        .into_iter()
        .map(|(k, v)| {
            let shown = if ctx.hides(k) {
                Value::String(MASK.into())
            } else {
                json_value(v)
            };
            (k.clone(), shown)
        })
        .collect()
}

/// A field's value as text, masked when sensitive.
pub fn shown(ctx: &Ctx, key: &str, value: &toml::Value) -> String {
    if ctx.hides(key) {
        MASK.to_string()
    } else {
        value_text(value)
    }
}

/// A profile field as text, masked when sensitive; empty when absent.
pub fn profile(ctx: &Ctx, person: &crate::model::Person, key: &str) -> String {
    match person.profile.get(key) {
        Some(v) => shown(ctx, key, v),
        None if key == "department" => person.department().unwrap_or_default(),
        None => String::new(),
    }
}

/// Like [`profile`], as JSON (`null` when absent).
pub fn profile_json(ctx: &Ctx, person: &crate::model::Person, key: &str) -> Value {
    let text = profile(ctx, person, key);
    if text.is_empty() {
        Value::Null
    } else {
        Value::String(text)
    }
}

/// Hours without a trailing `.0`: `12`, `1.5`.
pub fn hours(h: f64) -> String {
    let rounded = (h * 100.0).round() / 100.0;
    if rounded.fract() == 0.0 {
        format!("{rounded:.0}")
    } else {
        format!("{rounded}")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tables_align_chinese_by_display_width() {
        let text = table(
            &["编号", "姓名"],
            &[
                vec!["p-a".into(), "张三".into()],
                vec!["p-long".into(), "李".into()],
            ],
        );
        assert_eq!(text, "编号    姓名\np-a     张三\np-long  李\n");
    }

    #[test]
    fn truncation_and_csv_and_hours() {
        assert_eq!(truncate("醉驾案件专业化办案组", 9), "醉驾案件…");
        assert_eq!(truncate("短", 9), "短");
        assert_eq!(hours(12.0), "12");
        assert_eq!(hours(1.5), "1.5");
    }
}
