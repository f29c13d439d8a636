//! Small helpers for terminal text: display-width padding, bars, ANSI emphasis.

use unicode_width::UnicodeWidthStr;

/// `text` padded with spaces to `width` display columns (Chinese characters count two).
pub fn pad(text: &str, width: usize) -> String {
    let w = UnicodeWidthStr::width(text);
    format!("{text}{}", " ".repeat(width.saturating_sub(w)))
}

/// The widest of `items`, in display columns.
pub fn widest<'a>(items: impl IntoIterator<Item = &'a str>) -> usize {
    items
        .into_iter()
        .map(UnicodeWidthStr::width)
        .max()
        .unwrap_or(0)
}

/// A bar of `█` for `count` out of `max`, at most `full` blocks (at least one for a non-zero count).
pub fn bar(count: u64, max: u64, full: usize) -> String {
    if max == 0 || count == 0 {
        return String::new();
    }
    let blocks = ((count as f64 / max as f64) * full as f64).round() as usize;
    "█".repeat(blocks.clamp(1, full))
}

/// Marks the character ranges `highlights` of `text` in bold when `color` is set.
pub fn highlight(text: &str, highlights: &[(usize, usize)], color: bool) -> String {
    if !color || highlights.is_empty() {
        return text.to_string();
    }
    zhijian_kb::snippet::mark(text, highlights, "\x1b[1;31m", "\x1b[0m")
}

/// Bold text when `color` is set.
pub fn bold(text: &str, color: bool) -> String {
    if color {
        format!("\x1b[1m{text}\x1b[0m")
    } else {
        text.to_string()
    }
}

/// Quotes one CSV field when it needs it.
pub fn csv_field(text: &str) -> String {
    if text.contains([',', '"', '\n', '\r']) {
        format!("\"{}\"", text.replace('"', "\"\""))
    } else {
        text.to_string()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn padding_counts_display_columns() {
        assert_eq!(pad("刑事", 6), "刑事  ");
        assert_eq!(widest(["刑事", "公益诉讼"]), 8);
        assert_eq!(bar(5, 10, 20), "█".repeat(10));
        assert_eq!(bar(1, 1000, 20), "█");
        assert_eq!(csv_field("a,b"), "\"a,b\"");
        assert_eq!(
            highlight("醉驾案", &[(0, 2)], true),
            "\x1b[1;31m醉驾\x1b[0m案"
        );
    }
}
