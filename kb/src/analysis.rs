//! Chinese analysis: the index tokenizer (character bigrams) and literal matching.
//!
//! Reading long questions is in [`crate::question`].
//!
//! Why bigrams (measured on the shared laws, see docs/benchmarks.md): tantivy's
//! default tokenizer makes a whole clause one token, and dictionary words (jieba)
//! miss compounds such as 刑事诉讼 inside 刑事诉讼法. Overlapping character bigrams
//! queried as phrases find every literal occurrence, need no dictionary to load at
//! start-up, and tokenize at hundreds of MB/s.
//!
//! The index side emits, for each run of CJK characters, one token per character:
//! the bigram that starts there, and for the run's last character the character
//! alone. So every character is the first character of exactly one token at its
//! own position, which lets the query side express any literal string:
//! a phrase of bigrams, and a trailing single character as a prefix.

use tantivy::tokenizer::{Token, TokenStream, Tokenizer};

/// Name under which the tokenizer is registered with tantivy.
pub const TOKENIZER_NAME: &str = "zhijian_cjk";

/// True for CJK ideographs (the characters the bigram analysis applies to).
pub fn is_cjk(c: char) -> bool {
    matches!(c as u32,
        0x3007 | 0x3400..=0x4DBF | 0x4E00..=0x9FFF | 0xF900..=0xFAFF | 0x20000..=0x2FA1F)
}

/// Folds a character to the form that is indexed and searched.
///
/// Full-width ASCII (ＡＢＣ１２３) becomes ASCII, the ideographic space a space,
/// letters lower case, and common traditional characters simplified (訴 → 诉). Each character maps to exactly one character, so byte
/// offsets into the folded text line up with the original's character by character.
pub fn fold_char(c: char) -> char {
    let c = match c as u32 {
        0xFF01..=0xFF5E => char::from_u32(c as u32 - 0xFEE0).unwrap_or(c),
        0x3000 => ' ',
        _ => c,
    };
    if c.is_ascii() {
        c.to_ascii_lowercase()
    } else if is_cjk(c) {
        crate::traditional::simplify(c)
    } else if c.is_uppercase() {
        c.to_lowercase().next().unwrap_or(c)
    } else {
        c
    }
}

/// Folds a whole string (see [`fold_char`]).
pub fn fold(text: &str) -> String {
    text.chars().map(fold_char).collect()
}

/// True for letters and digits outside the CJK block (Latin words, numbers).
pub fn is_word_char(c: char) -> bool {
    c.is_alphanumeric() && !is_cjk(c)
}

/// Longest latin/digit token kept whole; longer runs are cut (they are never words).
const MAX_WORD_BYTES: usize = 64;

/// The tantivy tokenizer for every Chinese text field.
#[derive(Debug, Clone, Default)]
pub struct CjkTokenizer;

impl Tokenizer for CjkTokenizer {
    type TokenStream<'a> = CjkTokenStream<'a>;

    fn token_stream<'a>(&'a mut self, text: &'a str) -> CjkTokenStream<'a> {
        CjkTokenStream {
            chars: text.char_indices().peekable(),
            text,
            token: Token::default(),
            position: 0,
            pending_cjk: None,
            word_start: None,
        }
    }
}

/// Streams tokens lazily, so a 10 MB line never becomes a 10 MB token vector.
pub struct CjkTokenStream<'a> {
    chars: std::iter::Peekable<std::str::CharIndices<'a>>,
    text: &'a str,
    token: Token,
    position: usize,
    /// The previous CJK character of the current run (offset, folded char).
    pending_cjk: Option<(usize, char)>,
    /// Byte offset where the current latin/digit word started.
    word_start: Option<usize>,
}

impl CjkTokenStream<'_> {
    fn emit(&mut self, from: usize, to: usize, text: impl FnOnce(&mut String)) {
        self.token.offset_from = from;
        self.token.offset_to = to;
        self.token.position = self.position;
        self.token.position_length = 1;
        self.token.text.clear();
        text(&mut self.token.text);
        self.position += 1;
    }

    fn emit_word(&mut self, start: usize, end: usize) {
        let word = &self.text[start..end];
        let mut cut = word.len().min(MAX_WORD_BYTES);
        while !word.is_char_boundary(cut) {
            cut -= 1;
        }
        self.emit(start, end, |out| {
            out.extend(word[..cut].chars().map(fold_char))
        });
    }
}

impl TokenStream for CjkTokenStream<'_> {
    fn advance(&mut self) -> bool {
        while let Some((offset, raw)) = self.chars.next() {
            let c = fold_char(raw);
            if is_cjk(c) {
                if let Some(start) = self.word_start.take() {
                    // A word ends where Chinese begins; the Chinese char waits for its pair.
                    self.emit_word(start, offset);
                    self.pending_cjk = Some((offset, c));
                    return true;
                }
                let previous = self.pending_cjk.replace((offset, c));
                if let Some((from, first)) = previous {
                    self.emit(from, offset + raw.len_utf8(), |out| {
                        out.push(first);
                        out.push(c);
                    });
                    return true;
                }
            } else {
                let is_word = is_word_char(c);
                if is_word && self.word_start.is_none() {
                    self.word_start = Some(offset);
                }
                if let Some((from, last)) = self.pending_cjk.take() {
                    // The run's last character is emitted alone (see the module doc).
                    let to = from + self.text[from..].chars().next().map_or(0, char::len_utf8);
                    self.emit(from, to, |out| out.push(last));
                    return true;
                }
                if !is_word && let Some(start) = self.word_start.take() {
                    self.emit_word(start, offset);
                    return true;
                }
            }
        }
        if let Some((from, last)) = self.pending_cjk.take() {
            let to = from + self.text[from..].chars().next().map_or(0, char::len_utf8);
            self.emit(from, to, |out| out.push(last));
            return true;
        }
        if let Some(start) = self.word_start.take() {
            self.emit_word(start, self.text.len());
            return true;
        }
        false
    }

    fn token(&self) -> &Token {
        &self.token
    }

    fn token_mut(&mut self) -> &mut Token {
        &mut self.token
    }
}

/// The index tokens of `text` (as indexed, not as queried: see [`literal_tokens`]).
pub fn index_tokens(text: &str) -> Vec<String> {
    let mut tokenizer = CjkTokenizer;
    let mut stream = tokenizer.token_stream(text);
    let mut out = Vec::new();
    while stream.advance() {
        out.push(stream.token().text.clone());
    }
    out
}

/// The terms that find a literal string in a field analysed by [`CjkTokenizer`].
///
/// Matched as a phrase (consecutive positions); when `last_is_prefix` is set, the
/// last term matches any token that starts with it (a lone trailing character).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LiteralTokens {
    /// Terms in phrase order.
    pub terms: Vec<String>,
    /// Whether the last term is a prefix.
    pub last_is_prefix: bool,
}

/// Splits `text` into runs of CJK characters and of latin/digit characters.
fn runs(text: &str) -> Vec<(bool, String)> {
    let mut runs: Vec<(bool, String)> = Vec::new();
    let mut previous_kind = None;
    for c in text.chars().map(fold_char) {
        let kind = if is_cjk(c) {
            Some(true)
        } else if is_word_char(c) {
            Some(false)
        } else {
            None
        };
        match (kind, previous_kind) {
            (Some(k), Some(p)) if k == p => {
                if let Some(last) = runs.last_mut() {
                    last.1.push(c);
                }
            }
            (Some(k), _) => runs.push((k, c.to_string())),
            (None, _) => {}
        }
        previous_kind = kind;
    }
    runs
}

/// The phrase that matches every literal occurrence of `text` (see [`LiteralTokens`]).
pub fn literal_tokens(text: &str) -> LiteralTokens {
    let runs = runs(text);
    let mut terms = Vec::new();
    let mut last_is_prefix = false;
    for (index, (is_cjk_run, run)) in runs.iter().enumerate() {
        let is_last = index + 1 == runs.len();
        if !is_cjk_run {
            let mut cut = run.len().min(MAX_WORD_BYTES);
            while !run.is_char_boundary(cut) {
                cut -= 1;
            }
            terms.push(run[..cut].to_string());
            continue;
        }
        let chars: Vec<char> = run.chars().collect();
        for pair in chars.windows(2) {
            terms.push(pair.iter().collect());
        }
        // In the index a run's last character stands alone only where the run ends.
        // Inside the query that is certain for every run but the last one.
        if !is_last || chars.len() == 1 {
            if let Some(&last) = chars.last() {
                terms.push(last.to_string());
            }
            last_is_prefix = is_last;
        }
    }
    LiteralTokens {
        terms,
        last_is_prefix,
    }
}

/// Number of CJK characters in `text`.
pub fn cjk_len(text: &str) -> usize {
    text.chars().filter(|&c| is_cjk(c)).count()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn tokens(text: &str) -> Vec<String> {
        index_tokens(text)
    }

    #[test]
    fn every_char_starts_one_token() {
        assert_eq!(tokens("刑事诉讼法"), ["刑事", "事诉", "诉讼", "讼法", "法"]);
        assert_eq!(tokens("毒驾、醉驾等"), ["毒驾", "驾", "醉驾", "驾等", "等"]);
        assert_eq!(tokens("罪"), ["罪"]);
    }

    #[test]
    fn latin_digits_and_full_width_are_folded_words() {
        assert_eq!(tokens("检例第178号"), ["检例", "例第", "第", "178", "号"]);
        assert_eq!(tokens("ＡＢＣ１２３ Rust"), ["abc123", "rust"]);
        assert_eq!(tokens("第１７８号"), ["第", "178", "号"]);
    }

    #[test]
    fn offsets_point_into_the_original() {
        let text = "甲，乙丙";
        let mut tokenizer = CjkTokenizer;
        let mut stream = tokenizer.token_stream(text);
        let mut spans = Vec::new();
        while stream.advance() {
            let t = stream.token();
            spans.push((
                t.text.clone(),
                &text[t.offset_from..t.offset_to],
                t.position,
            ));
        }
        assert_eq!(
            spans,
            [
                ("甲".into(), "甲", 0),
                ("乙丙".into(), "乙丙", 1),
                ("丙".into(), "丙", 2)
            ]
        );
    }

    #[test]
    fn literal_tokens_follow_the_index_rules() {
        let lit = literal_tokens("刑事诉讼");
        assert_eq!(lit.terms, ["刑事", "事诉", "诉讼"]);
        assert!(!lit.last_is_prefix);
        let lit = literal_tokens("罪");
        assert_eq!(lit.terms, ["罪"]);
        assert!(lit.last_is_prefix);
        let lit = literal_tokens("检例第178号");
        assert_eq!(lit.terms, ["检例", "例第", "第", "178", "号"]);
        assert!(lit.last_is_prefix);
        let lit = literal_tokens("醉驾");
        assert_eq!(lit.terms, ["醉驾"]);
    }
}
