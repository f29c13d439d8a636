//! Snippets: the stretch of a unit's text where the query's words cluster,
//! with the matches marked.
//!
//! Done on the stored text rather than with tantivy's generator, because the
//! index holds overlapping bigrams: highlighting those would mark half-words.

use crate::analysis::fold_char;

/// A snippet and the character ranges (start, end) inside it that matched.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Snippet {
    /// The text, one line, at most about `width` characters.
    pub text: String,
    /// Matches as character offsets into `text`, sorted, not overlapping.
    pub highlights: Vec<(usize, usize)>,
}

/// `text` with each character range of `highlights` wrapped in `open` … `close`
/// (ANSI colours in a terminal); ranges out of order, overlapping or out of bounds
/// are left unmarked.
pub fn mark(text: &str, highlights: &[(usize, usize)], open: &str, close: &str) -> String {
    let chars: Vec<char> = text.chars().collect();
    let mut out = String::with_capacity(text.len());
    let mut at = 0;
    for &(start, end) in highlights {
        if start < at || end > chars.len() || start >= end {
            continue;
        }
        out.extend(&chars[at..start]);
        out.push_str(open);
        out.extend(&chars[start..end]);
        out.push_str(close);
        at = end;
    }
    out.extend(&chars[at..]);
    out
}

/// Texts longer than this many bytes are first narrowed to the stretch around the
/// first exact match, so a hit in a whole law costs a substring search, not a
/// character-by-character scan of the law.
const NARROW_ABOVE: usize = 4096;

/// Builds a snippet of about `width` characters from `text` around `needles`.
pub fn snippet(text: &str, needles: &[String], width: usize) -> Snippet {
    if text.len() > NARROW_ABOVE
        && let Some(anchor) = needles
            .iter()
            .filter(|n| !n.is_empty())
            .filter_map(|n| text.find(n.as_str()))
            .min()
    {
        let start = back_chars(text, anchor, width);
        let end = forward_chars(text, anchor, width * 3);
        let mut narrowed = snippet_of(&text[start..end], needles, width);
        if start > 0 && !narrowed.text.starts_with('…') {
            narrowed.text.insert(0, '…');
            for range in &mut narrowed.highlights {
                *range = (range.0 + 1, range.1 + 1);
            }
        }
        if end < text.len() && !narrowed.text.ends_with('…') {
            narrowed.text.push('…');
        }
        return narrowed;
    }
    snippet_of(text, needles, width)
}

/// A snippet straight from a file's bytes: the first match is found with a SIMD
/// substring search, and only the stretch around it is checked as UTF-8 — a whole
/// law is never validated or copied just to cut eighty characters.
pub fn snippet_of_bytes(bytes: &[u8], needles: &[String], width: usize) -> Option<Snippet> {
    let anchor = needles
        .iter()
        .filter(|n| !n.is_empty())
        .filter_map(|n| memchr::memmem::find(bytes, n.as_bytes()))
        .min()?;
    // Up to four bytes a character: enough room for `width` characters on each side.
    let mut start = anchor.saturating_sub(width * 4);
    let mut end = (anchor + width * 12).min(bytes.len());
    while start > 0 && is_continuation(bytes[start]) {
        start -= 1;
    }
    while end < bytes.len() && is_continuation(bytes[end]) {
        end += 1;
    }
    let window = std::str::from_utf8(&bytes[start..end]).ok()?;
    let mut found = snippet_of(window, needles, width);
    if start > 0 && !found.text.starts_with('…') {
        found.text.insert(0, '…');
        for range in &mut found.highlights {
            *range = (range.0 + 1, range.1 + 1);
        }
    }
    if end < bytes.len() && !found.text.ends_with('…') {
        found.text.push('…');
    }
    Some(found)
}

fn is_continuation(byte: u8) -> bool {
    byte & 0b1100_0000 == 0b1000_0000
}

/// The byte offset `count` characters before `at` (or 0).
fn back_chars(text: &str, at: usize, count: usize) -> usize {
    text[..at]
        .char_indices()
        .rev()
        .nth(count.saturating_sub(1))
        .map_or(0, |(i, _)| i)
}

/// The byte offset `count` characters after `at` (or the end).
fn forward_chars(text: &str, at: usize, count: usize) -> usize {
    text[at..]
        .char_indices()
        .nth(count)
        .map_or(text.len(), |(i, _)| at + i)
}

/// The snippet of a text short enough to scan whole.
fn snippet_of(text: &str, needles: &[String], width: usize) -> Snippet {
    let chars: Vec<char> = text
        .chars()
        .map(|c| if c.is_whitespace() { ' ' } else { c })
        .collect();
    let folded: Vec<char> = chars.iter().map(|&c| fold_char(c)).collect();
    let mut matches: Vec<(usize, usize)> = Vec::new();
    for needle in needles {
        let needle: Vec<char> = needle
            .chars()
            .map(fold_char)
            .filter(|c| !c.is_whitespace())
            .collect();
        if needle.is_empty() || needle.len() > folded.len() {
            continue;
        }
        let mut start = 0;
        while start + needle.len() <= folded.len() {
            if folded[start..start + needle.len()] == needle[..] {
                matches.push((start, start + needle.len()));
                start += needle.len();
            } else {
                start += 1;
            }
            if matches.len() > 10_000 {
                break;
            }
        }
    }
    matches.sort_unstable();
    let merged = merge(matches);

    // The window that holds the most matched characters wins; it starts a little
    // before its first match so the reader sees some context.
    let (mut best_start, mut best_score) = (0usize, 0usize);
    // Only the first few hundred matches are tried as window starts: enough to find
    // the densest stretch, and it keeps a pathological text from costing seconds.
    for &(start, _) in merged.iter().take(300) {
        let window_end = start + width;
        let score: usize = merged
            .iter()
            .skip_while(|(s, _)| *s < start)
            .take_while(|(_, e)| *e <= window_end)
            .map(|(s, e)| e - s)
            .sum();
        if score > best_score {
            best_score = score;
            best_start = start;
        }
    }
    let lead = if best_score > 0 { width / 6 } else { 0 };
    let from = best_start.saturating_sub(lead);
    let to = (from + width).min(chars.len());
    let mut out = String::new();
    let mut highlights = Vec::new();
    let prefix = usize::from(from > 0);
    if from > 0 {
        out.push('…');
    }
    out.extend(chars[from..to].iter());
    if to < chars.len() {
        out.push('…');
    }
    for (s, e) in merged {
        if s >= from && e <= to {
            highlights.push((s - from + prefix, e - from + prefix));
        }
    }
    Snippet {
        text: out,
        highlights,
    }
}

fn merge(sorted: Vec<(usize, usize)>) -> Vec<(usize, usize)> {
    let mut out: Vec<(usize, usize)> = Vec::with_capacity(sorted.len());
    for (s, e) in sorted {
        match out.last_mut() {
            Some(last) if s <= last.1 => last.1 = last.1.max(e),
            _ => out.push((s, e)),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn mark_wraps_character_ranges_and_skips_bad_ones() {
        assert_eq!(
            mark("醉酒驾驶机动车", &[(0, 2), (4, 7)], "[", "]"),
            "[醉酒]驾驶[机动车]"
        );
        assert_eq!(mark("醉驾", &[(1, 5), (0, 0)], "[", "]"), "醉驾");
        assert_eq!(mark("甲乙丙", &[(1, 2), (0, 1)], "[", "]"), "甲[乙]丙");
    }

    fn marked(s: &Snippet) -> String {
        let chars: Vec<char> = s.text.chars().collect();
        let mut out = String::new();
        for (i, c) in chars.iter().enumerate() {
            if s.highlights.iter().any(|(a, _)| *a == i) {
                out.push('[');
            }
            out.push(*c);
            if s.highlights.iter().any(|(_, b)| *b == i + 1) {
                out.push(']');
            }
        }
        out
    }

    #[test]
    fn marks_matches_and_merges_overlaps() {
        let s = snippet(
            "在道路上醉酒驾驶机动车的，处拘役。",
            &["醉酒".into(), "酒驾".into()],
            40,
        );
        assert_eq!(marked(&s), "在道路上[醉酒驾]驶机动车的，处拘役。");
    }

    #[test]
    fn picks_the_window_with_the_matches() {
        let text = format!("{}认罪认罚从宽{}", "甲".repeat(200), "乙".repeat(200));
        let s = snippet(&text, &["认罪认罚".into()], 30);
        assert!(s.text.starts_with('…') && s.text.ends_with('…'));
        assert!(marked(&s).contains("[认罪认罚]"));
    }

    #[test]
    fn long_texts_are_narrowed_to_the_first_match() {
        let text = format!("{}认罪认罚从宽{}", "甲".repeat(5000), "乙".repeat(5000));
        let s = snippet(&text, &["认罪认罚".into()], 30);
        assert!(s.text.starts_with('…') && s.text.ends_with('…'));
        assert!(marked(&s).contains("[认罪认罚]"), "{}", marked(&s));
        assert!(s.text.chars().count() <= 32);
    }

    #[test]
    fn snippets_from_bytes_cut_at_character_boundaries() {
        let text = format!("{}取保候审{}", "甲".repeat(3000), "乙".repeat(3000));
        let s = snippet_of_bytes(text.as_bytes(), &["取保候审".into()], 20).expect("found");
        assert!(marked(&s).contains("[取保候审]"), "{}", marked(&s));
        assert!(s.text.starts_with('…') && s.text.ends_with('…'));
        assert!(snippet_of_bytes(text.as_bytes(), &["没有".into()], 20).is_none());
    }

    #[test]
    fn folds_width_and_case() {
        let s = snippet("ＡＢＣ法", &["abc".into()], 10);
        assert_eq!(s.highlights, vec![(0, 3)]);
    }
}
