//! Terminal text: display width (a CJK character is two columns), padding, and
//! control characters made visible so a title can never move the cursor or forge a line.

use unicode_width::UnicodeWidthStr;

/// The display width of `text` in terminal columns.
pub fn width(text: &str) -> usize {
    UnicodeWidthStr::width(text)
}

/// The widest of `items`, in display columns.
pub fn widest<'a>(items: impl IntoIterator<Item = &'a str>) -> usize {
    items.into_iter().map(width).max().unwrap_or(0)
}

/// `text` padded with spaces to `columns` display columns.
pub fn pad(text: &str, columns: usize) -> String {
    format!("{text}{}", " ".repeat(columns.saturating_sub(width(text))))
}

/// `text` with control characters (escape, carriage return, a line break inside a
/// cell …) shown as escapes, so text from files cannot drive the terminal.
pub fn clean(text: &str) -> String {
    if !text.chars().any(is_unsafe) {
        return text.to_string();
    }
    text.chars()
        .map(|c| {
            if is_unsafe(c) {
                c.escape_default().to_string()
            } else {
                c.to_string()
            }
        })
        .collect()
}

/// Control characters, and the invisible bidi controls that reorder what is shown.
fn is_unsafe(c: char) -> bool {
    c.is_control() || matches!(c, '\u{202a}'..='\u{202e}' | '\u{2066}'..='\u{2069}')
}

/// A bar of `█` for `count` out of `max`, at most `full` blocks (at least one for a
/// count above zero).
pub fn bar(count: u64, max: u64, full: usize) -> String {
    if max == 0 || count == 0 {
        return String::new();
    }
    let blocks = ((count as f64 / max as f64) * full as f64).round() as usize;
    "█".repeat(blocks.clamp(1, full))
}

/// `、`-joined items, or `—` when there are none.
pub fn joined(items: &[String]) -> String {
    if items.is_empty() {
        "—".to_string()
    } else {
        items.join("、")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn widths_count_cjk_as_two_columns() {
        assert_eq!(width("刑事a"), 5);
        assert_eq!(pad("刑事", 6), "刑事  ");
        assert_eq!(pad("toolong", 3), "toolong");
        assert_eq!(widest(["刑事", "公益诉讼"]), 8);
    }

    #[test]
    fn control_characters_are_escaped() {
        assert_eq!(clean("醉驾"), "醉驾");
        assert_eq!(clean("a\u{1b}[2Jb"), "a\\u{1b}[2Jb");
        assert_eq!(clean("line\nforged"), "line\\nforged");
        assert_eq!(clean("\u{202e}txt"), "\\u{202e}txt");
    }

    #[test]
    fn bars_and_lists() {
        assert_eq!(bar(5, 10, 20), "█".repeat(10));
        assert_eq!(bar(1, 1000, 20), "█");
        assert_eq!(bar(0, 10, 20), "");
        assert_eq!(joined(&[]), "—");
        assert_eq!(joined(&["甲".into(), "乙".into()]), "甲、乙");
    }
}
