//! ANSI emphasis for case output (widths, padding and bars are in the support crate).

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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn emphasis_only_with_colour() {
        assert_eq!(bold("x", false), "x");
        assert_eq!(
            highlight("醉驾案", &[(0, 2)], true),
            "\x1b[1;31m醉驾\x1b[0m案"
        );
    }
}
