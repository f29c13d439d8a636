//! Article (条) numbers, splitting of Chinese statute Markdown into articles, and
//! references to one article (刑法第234条).
//!
//! Statutes are stored as Markdown: `#`..`######` headings carry the 编/章/节 structure and each
//! article is a paragraph that opens with a label such as `第一百三十三条之一` followed by a
//! full-width space. Article numbers appear both in Chinese numerals and in Arabic digits, so
//! every lookup accepts either form and prints the canonical Chinese one.
//!
//! Everything here is line-based and iterative: input size only costs linear time, and no
//! function recurses.

use std::collections::HashMap;
use std::error::Error;
use std::fmt;
use std::ops::Range;
use std::str::FromStr;

use zhijian_kb::numerals::{
    MAX_NUMBER, arabic_digit, numeral_run_len, parse_chinese_number, to_chinese_number,
};

/// The number of an article: `第一百三十三条之一` is `{ number: 133, sub: 1 }`.
///
/// `sub` is 0 for a plain article and n for `之n`, the form used for articles inserted by
/// amendments. The derived ordering therefore puts 第一百三十三条之一 between 第一百三十三条
/// and 第一百三十四条.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct ArticleNo {
    /// The main number, 133 in 第一百三十三条之一.
    pub number: u32,
    /// The 之 suffix, 1 in 第一百三十三条之一; 0 when there is none.
    pub sub: u32,
}

impl ArticleNo {
    /// Creates an article number from its main number and its 之 suffix (0 for none).
    ///
    /// No range check is made; [`FromStr`] is the validating constructor.
    pub const fn new(number: u32, sub: u32) -> Self {
        Self { number, sub }
    }

    /// The canonical label in Chinese numerals, e.g. `第一百三十三条之一`.
    ///
    /// This is the same text as the `Display` output.
    pub fn label(&self) -> String {
        format!("第{}条{}", to_chinese_number(self.number), self.suffix())
    }

    /// The compact label with an Arabic main number, e.g. `第133条之一`.
    ///
    /// The 之 suffix stays in Chinese because that is how it is cited in practice.
    pub fn short_label(&self) -> String {
        format!("第{}条{}", self.number, self.suffix())
    }

    /// The `之n` suffix, empty when `sub` is 0.
    fn suffix(&self) -> String {
        if self.sub == 0 {
            String::new()
        } else {
            format!("之{}", to_chinese_number(self.sub))
        }
    }
}

impl fmt::Display for ArticleNo {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.label())
    }
}

/// Why a string could not be read as an [`ArticleNo`].
///
/// Each variant carries the offending text so messages can point at it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ParseArticleNoError {
    /// The input was empty or only whitespace.
    Empty,
    /// No number where the article number should be, as in `第条` or `abc`.
    MissingNumber(String),
    /// Numeral characters that do not form a number, as in `一二`.
    InvalidNumber(String),
    /// A number outside 1..=99_999, including 0.
    OutOfRange(String),
    /// A `之` or `-` suffix without a valid number from 1 up.
    InvalidSuffix(String),
    /// Text left over after a complete article number.
    TrailingText(String),
}

impl fmt::Display for ParseArticleNoError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::Empty => f.write_str("empty article number"),
            Self::MissingNumber(s) => write!(f, "no article number in `{s}`"),
            Self::InvalidNumber(s) => write!(f, "`{s}` is not a valid number"),
            Self::OutOfRange(s) => {
                write!(
                    f,
                    "article number `{s}` is out of range (1 to {MAX_NUMBER})"
                )
            }
            Self::InvalidSuffix(s) => write!(f, "invalid article suffix `{s}`"),
            Self::TrailingText(s) => write!(f, "unexpected `{s}` after the article number"),
        }
    }
}

impl Error for ParseArticleNoError {}

/// Parses an article number or sub-number from a run of numeral characters, 1..=99_999.
fn parse_article_part(run: &str) -> Result<u32, ParseArticleNoError> {
    match parse_chinese_number(run) {
        Some(0) => Err(ParseArticleNoError::OutOfRange(run.to_string())),
        Some(n) => Ok(n),
        // Digits that merely overflow deserve a clearer message than "not a valid number".
        None if run.chars().all(|c| arabic_digit(c).is_some()) => {
            Err(ParseArticleNoError::OutOfRange(run.to_string()))
        }
        None => Err(ParseArticleNoError::InvalidNumber(run.to_string())),
    }
}

impl FromStr for ArticleNo {
    type Err = ParseArticleNoError;

    /// Reads what a user types to name an article.
    ///
    /// Accepts `133`, `第133条`, `第一百三十三条`, `133之一`, `第133条之一`, `第一百三十三条之一`
    /// and `133-1`, with surrounding whitespace, full-width digits, and spaces around the
    /// number (`第 133 条`). `第` and `条` are each optional because users often drop them.
    fn from_str(input: &str) -> Result<Self, Self::Err> {
        let s = input.trim();
        if s.is_empty() {
            return Err(ParseArticleNoError::Empty);
        }
        let rest = s.strip_prefix('第').unwrap_or(s).trim_start();
        let run = numeral_run_len(rest);
        if run == 0 {
            return Err(ParseArticleNoError::MissingNumber(s.to_string()));
        }
        let number = parse_article_part(&rest[..run])?;
        let rest = rest[run..].trim_start();
        let rest = rest.strip_prefix('条').unwrap_or(rest);
        let (sub, rest) = match rest
            .strip_prefix('之')
            .or_else(|| rest.strip_prefix(['-', '－']))
        {
            Some(after) => {
                let run = numeral_run_len(after);
                if run == 0 {
                    return Err(ParseArticleNoError::InvalidSuffix(rest.to_string()));
                }
                let sub = parse_article_part(&after[..run])
                    .map_err(|_| ParseArticleNoError::InvalidSuffix(rest.to_string()))?;
                (sub, &after[run..])
            }
            None => (0, rest),
        };
        if !rest.is_empty() {
            return Err(ParseArticleNoError::TrailingText(rest.to_string()));
        }
        Ok(Self { number, sub })
    }
}

/// Drops leading ASCII spaces from `s` when `spaced` is set.
fn skip_spaces(s: &str, spaced: bool) -> &str {
    if spaced { s.trim_start_matches(' ') } else { s }
}

/// Matches `第X条` or `第X条之Y` at the start of `s`, returning the number and its byte length.
///
/// With `spaced`, ASCII spaces may surround the number (`第 133 条`), as in typeset citations.
/// A `之` not followed by a number (`第五条之规定`) is left out of the match.
fn match_label(s: &str, spaced: bool) -> Option<(ArticleNo, usize)> {
    let after_di = skip_spaces(s.strip_prefix('第')?, spaced);
    let run = numeral_run_len(after_di);
    if run == 0 {
        return None;
    }
    let number = parse_article_part(&after_di[..run]).ok()?;
    let after_tiao = skip_spaces(&after_di[run..], spaced).strip_prefix('条')?;
    let mut end = s.len() - after_tiao.len();
    let mut sub = 0;
    if let Some(after_zhi) = after_tiao.strip_prefix('之') {
        let run = numeral_run_len(after_zhi);
        if let Ok(n) = parse_article_part(&after_zhi[..run]) {
            sub = n;
            end = s.len() - after_zhi.len() + run;
        }
    }
    Some((ArticleNo { number, sub }, end))
}

/// One article (条) cut out of a statute.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Article {
    /// The parsed article number.
    pub no: ArticleNo,
    /// The label exactly as written, e.g. `第一百三十三条之一` or `第133条`, without `**`.
    pub label: String,
    /// Heading path, outermost first, e.g. `["第二编 分则", "第二章 危害公共安全罪"]`.
    ///
    /// The level-1 heading is the statute's title and is left out.
    pub chapters: Vec<String>,
    /// All lines of the article, label included, trimmed and joined with `\n`.
    ///
    /// Blank lines between paragraphs (款) are dropped, so every line is a paragraph or a
    /// 项 such as `（一）…`.
    pub text: String,
    /// 1-based line in the input where the article starts.
    pub line: usize,
}

/// Something suspicious found while splitting, such as a duplicated article.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ArticleProblem {
    /// 1-based line in the input the problem refers to.
    pub line: usize,
    /// Lower-case English description naming the article by its canonical label.
    pub message: String,
}

/// Result of [`split_articles`].
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct SplitArticles {
    /// Articles in input order, duplicates and out-of-order ones included.
    pub articles: Vec<Article>,
    /// Problems in input order; the split itself never fails.
    pub problems: Vec<ArticleProblem>,
    /// Non-heading lines before the first article, trimmed and joined with `\n`.
    pub preamble: String,
}

/// Parses an ATX heading (`## 第一章 总则`), returning its level and text.
///
/// Follows CommonMark: one to six `#` followed by whitespace or the end of the line, with an
/// optional closing run of `#`.
fn parse_heading(line: &str) -> Option<(usize, &str)> {
    let level = line.bytes().take_while(|&b| b == b'#').count();
    if !(1..=6).contains(&level) {
        return None;
    }
    let rest = &line[level..];
    if !(rest.is_empty() || rest.starts_with([' ', '\t'])) {
        return None;
    }
    let text = rest.trim();
    let unclosed = text.trim_end_matches('#');
    let text = if unclosed.is_empty() || unclosed.ends_with([' ', '\t']) {
        unclosed.trim_end()
    } else {
        text
    };
    Some((level, text))
}

/// Recognises a line that opens an article, returning its number and label.
///
/// The label may be wrapped in `**` and must be followed by a space, a full-width space, a
/// tab, `**` or the end of the line. That rule is what tells `第五条　…` from a paragraph
/// opening with a reference such as `第五条规定…` or `第一百四十一条第一款…`.
fn article_start(line: &str) -> Option<(ArticleNo, &str)> {
    let body = line.strip_prefix("**").unwrap_or(line);
    let (no, len) = match_label(body, false)?;
    let after = &body[len..];
    let terminated =
        after.is_empty() || after.starts_with([' ', '\u{3000}', '\t']) || after.starts_with("**");
    terminated.then(|| (no, &body[..len]))
}

/// How many characters of a stray line to quote in a problem message.
const SNIPPET_CHARS: usize = 20;

/// Splits statute Markdown into articles, tracking the heading path and reporting anomalies.
///
/// An article starts at a line that opens with its label (`第X条` or `第X条之Y`, possibly in
/// `**`) followed by a space, a full-width space, a tab, `**` or the end of the line. It runs over
/// every following line, blank lines aside, until the next article or heading. Headings of
/// level 2 to 6 form the chapter path: each one replaces any heading at its level or deeper.
/// A level-1 heading is the statute title and only clears the path.
///
/// The split never fails. Duplicated and out-of-order articles are kept and reported, as is
/// text that follows a heading but belongs to no article. Lines may end in `\n` or `\r\n`,
/// and a leading byte-order mark is ignored. A body without articles yields an empty list
/// and no problems; everything that is not a heading lands in the preamble.
pub fn split_articles(markdown: &str) -> SplitArticles {
    let mut out = SplitArticles::default();
    let mut path: Vec<(usize, String)> = Vec::new();
    let mut current: Option<Article> = None;
    // First line and count of every article number seen, for duplicate reports.
    let mut seen: HashMap<ArticleNo, (usize, usize)> = HashMap::new();
    let mut previous: Option<ArticleNo> = None;
    // Stray text is reported once per block, not once per line.
    let mut stray_reported = false;

    for (index, raw) in markdown.lines().enumerate() {
        let line_no = index + 1;
        let raw = if index == 0 {
            raw.strip_prefix('\u{feff}').unwrap_or(raw)
        } else {
            raw
        };
        let line = raw.trim();
        if line.is_empty() {
            continue;
        }

        if let Some((level, title)) = parse_heading(line) {
            out.articles.extend(current.take());
            stray_reported = false;
            // The path holds strictly increasing levels, so one cut drops this level and
            // everything deeper.
            let keep = path
                .iter()
                .position(|(l, _)| *l >= level)
                .unwrap_or(path.len());
            path.truncate(keep);
            if level > 1 && !title.is_empty() {
                path.push((level, title.to_string()));
            }
            continue;
        }

        if let Some((no, label)) = article_start(line) {
            out.articles.extend(current.take());
            stray_reported = false;
            let entry = seen.entry(no).or_insert((line_no, 0));
            entry.1 += 1;
            let (first_line, count) = *entry;
            if count > 1 {
                let times = if count == 2 {
                    "twice".to_string()
                } else {
                    format!("{count} times")
                };
                out.problems.push(ArticleProblem {
                    line: line_no,
                    message: format!("article {no} appears {times} (first at line {first_line})"),
                });
            } else if let Some(prev) = previous.filter(|prev| no < *prev) {
                // Repeats are reported as such only; an order complaint on top would be noise.
                out.problems.push(ArticleProblem {
                    line: line_no,
                    message: format!("article {no} follows {prev}: out of order"),
                });
            }
            previous = Some(no);
            current = Some(Article {
                no,
                label: label.to_string(),
                chapters: path.iter().map(|(_, title)| title.clone()).collect(),
                text: line.to_string(),
                line: line_no,
            });
            continue;
        }

        if let Some(article) = current.as_mut() {
            article.text.push('\n');
            article.text.push_str(line);
        } else if previous.is_none() {
            if !out.preamble.is_empty() {
                out.preamble.push('\n');
            }
            out.preamble.push_str(line);
        } else if !stray_reported {
            stray_reported = true;
            let snippet: String = line.chars().take(SNIPPET_CHARS).collect();
            let ellipsis = if line.chars().nth(SNIPPET_CHARS).is_some() {
                "…"
            } else {
                ""
            };
            out.problems.push(ArticleProblem {
                line: line_no,
                message: format!("text outside any article: `{snippet}{ellipsis}`"),
            });
        }
    }
    out.articles.extend(current.take());
    out
}

/// Finds `第X条` references inside running text, returning byte ranges and article numbers.
///
/// Handles citations such as `《中华人民共和国刑法》第一百三十三条之一、第二百三十四条第二款`
/// (the 款 is not part of the match) and `刑法第133条` or `第 133 条`. A `之` suffix is included
/// only when a number follows it. Numbers outside 1..=99_999 are skipped. Ranges are in
/// ascending order and never overlap.
pub fn find_article_refs(text: &str) -> Vec<(Range<usize>, ArticleNo)> {
    let mut refs = Vec::new();
    let mut pos = 0;
    // Each step either consumes a whole match or moves past one character, and a numeral run
    // cannot contain 第, so the scan is linear.
    while let Some(offset) = text[pos..].find('第') {
        let start = pos + offset;
        match match_label(&text[start..], true) {
            Some((no, len)) => {
                refs.push((start..start + len, no));
                pos = start + len;
            }
            None => pos = start + '第'.len_utf8(),
        }
    }
    refs
}

/// True for what may follow an article in a citation and narrows it no further for
/// search: nothing, or `第二款`, `第一项`, `第二款第三项`.
fn is_paragraph_or_item(rest: &str) -> bool {
    let mut rest = rest.trim();
    for unit in ['款', '项'] {
        if let Some(after) = rest.strip_prefix('第')
            && let Some(end) = after.find(unit)
            && (after[..end].chars().all(|c| c.is_ascii_digit())
                || parse_chinese_number(&after[..end]).is_some())
            && end > 0
        {
            rest = after[end + unit.len_utf8()..].trim_start();
        }
    }
    rest.is_empty()
}

/// A query that names one article: `刑法第二百三十四条`, `《刑法》第234条`, `第133条之一`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Reference {
    /// The law as written before the article (`刑法`, without 《》); empty when the
    /// query is only the article.
    pub law: String,
    /// The article.
    pub no: ArticleNo,
}

/// Reads `text` as a reference to one article, when that is all it is: a law's name
/// (or nothing) followed by one `第X条` that ends the text (or is followed only by
/// its 款 and 项).
pub fn parse_reference(text: &str) -> Option<Reference> {
    let text = text.trim();
    let refs = find_article_refs(text);
    let [(range, no)] = refs.as_slice() else {
        return None;
    };
    if !is_paragraph_or_item(&text[range.end..]) {
        return None;
    }
    let law: String = text[..range.start]
        .chars()
        .filter(|c| !matches!(c, '《' | '》' | '〈' | '〉') && !c.is_whitespace())
        .collect();
    if !law
        .chars()
        .all(|c| c.is_alphanumeric() || "（）()·".contains(c))
    {
        return None;
    }
    Some(Reference { law, no: *no })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn no(number: u32, sub: u32) -> ArticleNo {
        ArticleNo::new(number, sub)
    }

    fn parse(s: &str) -> ArticleNo {
        s.parse()
            .unwrap_or_else(|e| panic!("`{s}` should parse: {e}"))
    }

    fn numbers(split: &SplitArticles) -> Vec<ArticleNo> {
        split.articles.iter().map(|a| a.no).collect()
    }

    // ---- references ----

    #[test]
    fn a_reference_is_a_law_and_one_article_ending_the_text() {
        let reference = |law: &str, number, sub| {
            Some(Reference {
                law: law.to_string(),
                no: no(number, sub),
            })
        };
        assert_eq!(
            parse_reference("刑法第二百三十四条"),
            reference("刑法", 234, 0)
        );
        assert_eq!(
            parse_reference("《刑法》第234条"),
            reference("刑法", 234, 0)
        );
        assert_eq!(
            parse_reference("刑法 第133条之一"),
            reference("刑法", 133, 1)
        );
        assert_eq!(parse_reference("第一百三十三条之一"), reference("", 133, 1));
        assert_eq!(
            parse_reference("中华人民共和国刑事诉讼法第一百七十六条"),
            reference("中华人民共和国刑事诉讼法", 176, 0)
        );
        assert_eq!(
            parse_reference("刑法第二百三十四条第二款"),
            reference("刑法", 234, 0)
        );
        assert_eq!(
            parse_reference("刑法第133条之一第一款第2项"),
            reference("刑法", 133, 1)
        );
        assert_eq!(parse_reference("刑法第二百三十四条第二款之后"), None);
        assert_eq!(parse_reference("刑法第二百三十四条第款"), None);
        assert_eq!(parse_reference("第一条和第二条"), None);
        assert_eq!(parse_reference("醉酒驾驶"), None);
        assert_eq!(parse_reference("依照刑法，第二百三十四条"), None);
    }

    #[test]
    fn labels_are_canonical() {
        assert_eq!(no(133, 1).label(), "第一百三十三条之一");
        assert_eq!(no(133, 0).label(), "第一百三十三条");
        assert_eq!(no(10, 0).to_string(), "第十条");
        assert_eq!(no(120, 6).to_string(), "第一百二十条之六");
        assert_eq!(no(133, 1).short_label(), "第133条之一");
        assert_eq!(no(234, 0).short_label(), "第234条");
    }

    #[test]
    fn ordering_puts_sub_articles_between_neighbours() {
        let mut list = vec![no(134, 0), no(133, 2), no(133, 0), no(133, 1)];
        list.sort();
        assert_eq!(list, [no(133, 0), no(133, 1), no(133, 2), no(134, 0)]);
    }

    #[test]
    fn from_str_accepts_all_written_forms() {
        let cases = [
            ("133", no(133, 0)),
            ("第133条", no(133, 0)),
            ("第一百三十三条", no(133, 0)),
            ("133之一", no(133, 1)),
            ("第133条之一", no(133, 1)),
            ("第一百三十三条之一", no(133, 1)),
            ("133-1", no(133, 1)),
            ("133－2", no(133, 2)),
            ("  第133条之一\t", no(133, 1)),
            ("\u{3000}第１３３条\u{3000}", no(133, 0)),
            ("第 133 条", no(133, 0)),
            ("133条", no(133, 0)),
            ("第133", no(133, 0)),
            ("一百三十三之二", no(133, 2)),
            ("第十条", no(10, 0)),
            ("99999", no(99_999, 0)),
        ];
        for (text, expected) in cases {
            assert_eq!(parse(text), expected, "{text}");
        }
    }

    #[test]
    fn from_str_round_trips_labels() {
        for n in [no(1, 0), no(10, 0), no(133, 1), no(1001, 0), no(120, 6)] {
            assert_eq!(parse(&n.label()), n);
            assert_eq!(parse(&n.short_label()), n);
        }
    }

    #[test]
    fn from_str_rejects_with_reasons() {
        use ParseArticleNoError as E;
        let cases = [
            ("", E::Empty),
            ("   ", E::Empty),
            ("第条", E::MissingNumber("第条".into())),
            ("abc", E::MissingNumber("abc".into())),
            ("第-1条", E::MissingNumber("第-1条".into())),
            ("一二", E::InvalidNumber("一二".into())),
            ("0", E::OutOfRange("0".into())),
            ("第零条", E::OutOfRange("零".into())),
            ("100000", E::OutOfRange("100000".into())),
            ("4294967296", E::OutOfRange("4294967296".into())),
            ("133之", E::InvalidSuffix("之".into())),
            ("133之零", E::InvalidSuffix("之零".into())),
            ("133-", E::InvalidSuffix("-".into())),
            ("133abc", E::TrailingText("abc".into())),
            ("第133条第二款", E::TrailingText("第二款".into())),
            ("第133条之一x", E::TrailingText("x".into())),
            ("133 1", E::TrailingText("1".into())),
        ];
        for (text, expected) in cases {
            assert_eq!(text.parse::<ArticleNo>(), Err(expected), "{text:?}");
        }
    }

    #[test]
    fn error_messages_are_lower_case_and_explain() {
        let messages = ["", "第条", "一二", "100000", "133之", "133abc"].map(|s| {
            s.parse::<ArticleNo>()
                .map_or_else(|e| e.to_string(), |n| n.to_string())
        });
        assert_eq!(
            messages,
            [
                "empty article number",
                "no article number in `第条`",
                "`一二` is not a valid number",
                "article number `100000` is out of range (1 to 99999)",
                "invalid article suffix `之`",
                "unexpected `abc` after the article number",
            ]
        );
        for message in messages {
            assert!(
                !message.starts_with(|c: char| c.is_ascii_uppercase()),
                "{message}"
            );
        }
    }

    // ---- split_articles ----

    #[test]
    fn splits_simple_articles_with_chapter_path() {
        let md = "# 中华人民共和国示例法\n\n## 第一章 总则\n\n第一条　为了示例，制定本法。\n\n\
                  第二条 本法适用于示例。\n\n## 第二章 附则\n\n第三条\n本法自公布之日起施行。\n";
        let split = split_articles(md);
        assert_eq!(numbers(&split), [no(1, 0), no(2, 0), no(3, 0)]);
        assert!(split.problems.is_empty(), "{:?}", split.problems);
        assert_eq!(split.preamble, "");
        let first = &split.articles[0];
        assert_eq!(first.label, "第一条");
        assert_eq!(first.chapters, ["第一章 总则"]);
        assert_eq!(first.text, "第一条　为了示例，制定本法。");
        assert_eq!(first.line, 5);
        assert_eq!(split.articles[1].text, "第二条 本法适用于示例。");
        assert_eq!(split.articles[2].chapters, ["第二章 附则"]);
        assert_eq!(split.articles[2].text, "第三条\n本法自公布之日起施行。");
        assert_eq!(split.articles[2].line, 11);
    }

    #[test]
    fn shallower_heading_pops_deeper_levels() {
        let md = "## 第二编 分则\n### 第三章 破坏社会主义市场经济秩序罪\n#### 第一节 生产、销售伪劣商品罪\n\
                  第一百四十条 甲。\n### 第四章 侵犯公民人身权利、民主权利罪\n第二百三十二条 乙。\n\
                  ## 第三编 其他\n第三百条 丙。\n";
        let split = split_articles(md);
        let paths: Vec<_> = split.articles.iter().map(|a| a.chapters.clone()).collect();
        assert_eq!(
            paths,
            [
                vec![
                    "第二编 分则",
                    "第三章 破坏社会主义市场经济秩序罪",
                    "第一节 生产、销售伪劣商品罪"
                ],
                vec!["第二编 分则", "第四章 侵犯公民人身权利、民主权利罪"],
                vec!["第三编 其他"],
            ]
        );
    }

    #[test]
    fn same_level_heading_replaces_previous_one() {
        let md = "### 第一节 甲\n第一条 一。\n### 第二节 乙\n第二条 二。\n";
        let split = split_articles(md);
        assert_eq!(split.articles[1].chapters, ["第二节 乙"]);
    }

    #[test]
    fn non_structural_headings_count_but_title_does_not() {
        let md = "# 中华人民共和国刑法\n## 第一编 总则\n第一条 一。\n## 附则\n第二条 二。\n\
                  # 另一部法\n第三条 三。\n## 附则 ##\n第四条 四。\n";
        let split = split_articles(md);
        let paths: Vec<_> = split.articles.iter().map(|a| a.chapters.clone()).collect();
        let empty: Vec<&str> = Vec::new();
        assert_eq!(
            paths,
            [vec!["第一编 总则"], vec!["附则"], empty, vec!["附则"]]
        );
    }

    #[test]
    fn heading_syntax_follows_commonmark() {
        assert_eq!(parse_heading("## 第一章 总则"), Some((2, "第一章 总则")));
        assert_eq!(parse_heading("###### 深"), Some((6, "深")));
        assert_eq!(parse_heading("## 附则 ##"), Some((2, "附则")));
        assert_eq!(parse_heading("## C#"), Some((2, "C#")));
        assert_eq!(parse_heading("##"), Some((2, "")));
        assert_eq!(parse_heading("##第一章"), None);
        assert_eq!(parse_heading("####### 七级"), None);
        assert_eq!(parse_heading("第一条 #"), None);
    }

    #[test]
    fn mid_sentence_reference_is_not_an_article() {
        let md = "第四条 依照本法第五条的规定处理。\n\n前款所称第五条，是指本法第五条。\n";
        let split = split_articles(md);
        assert_eq!(numbers(&split), [no(4, 0)]);
        assert_eq!(
            split.articles[0].text,
            "第四条 依照本法第五条的规定处理。\n前款所称第五条，是指本法第五条。"
        );
    }

    #[test]
    fn reference_at_paragraph_start_is_not_an_article() {
        let md = "第四条 总述。\n\n第五条规定的情形，依照本法处理。\n\n依照本法第五条规定处理。\n\n\
                  第一百四十一条第一款所称假药，依照药品管理法确定。\n\n第五条之规定不适用。\n";
        let split = split_articles(md);
        assert_eq!(numbers(&split), [no(4, 0)]);
        assert_eq!(split.articles[0].text.lines().count(), 5);
        assert!(split.problems.is_empty());
    }

    #[test]
    fn bold_and_other_terminators_start_articles() {
        let md = "**第一条**　甲。\n**第二条** 乙。\n**第三条**\n丙。\n第四条\t丁。\n第五条\n戊。\n\
                  **第五条之一**　己。\n";
        let split = split_articles(md);
        assert_eq!(
            numbers(&split),
            [no(1, 0), no(2, 0), no(3, 0), no(4, 0), no(5, 0), no(5, 1)]
        );
        assert_eq!(split.articles[0].label, "第一条");
        assert_eq!(split.articles[0].text, "**第一条**　甲。");
        assert_eq!(split.articles[2].text, "**第三条**\n丙。");
        assert_eq!(split.articles[5].label, "第五条之一");
    }

    #[test]
    fn arabic_labels_are_articles_with_label_kept() {
        let md = "第1条 甲。\n第２条 乙。\n第3条之1 丙。\n";
        let split = split_articles(md);
        assert_eq!(numbers(&split), [no(1, 0), no(2, 0), no(3, 1)]);
        let labels: Vec<_> = split.articles.iter().map(|a| a.label.as_str()).collect();
        assert_eq!(labels, ["第1条", "第２条", "第3条之1"]);
    }

    #[test]
    fn indented_labels_are_recognised() {
        let split = split_articles("\u{3000}\u{3000}第一条\u{3000}甲。\n  第二条 乙。\n");
        assert_eq!(numbers(&split), [no(1, 0), no(2, 0)]);
        assert_eq!(split.articles[0].text, "第一条\u{3000}甲。");
    }

    #[test]
    fn duplicates_are_kept_and_reported() {
        let md = "第四条 甲。\n\n第五条 乙。\n\n第五条 丙。\n\n第六条 丁。\n\n第五条 戊。\n";
        let split = split_articles(md);
        assert_eq!(split.articles.len(), 5);
        assert_eq!(split.articles[2].text, "第五条 丙。");
        assert_eq!(
            split.problems,
            [
                ArticleProblem {
                    line: 5,
                    message: "article 第五条 appears twice (first at line 3)".into()
                },
                ArticleProblem {
                    line: 9,
                    message: "article 第五条 appears 3 times (first at line 3)".into()
                },
            ]
        );
    }

    #[test]
    fn duplicates_written_differently_are_still_duplicates() {
        let split = split_articles("第五条 甲。\n第5条 乙。\n");
        assert_eq!(split.problems.len(), 1);
        assert_eq!(
            split.problems[0].message,
            "article 第五条 appears twice (first at line 1)"
        );
    }

    #[test]
    fn out_of_order_articles_are_kept_and_reported() {
        let md = "第八条 甲。\n第九条 乙。\n第七条 丙。\n第十条 丁。\n";
        let split = split_articles(md);
        assert_eq!(numbers(&split), [no(8, 0), no(9, 0), no(7, 0), no(10, 0)]);
        assert_eq!(
            split.problems,
            [ArticleProblem {
                line: 3,
                message: "article 第七条 follows 第九条: out of order".into()
            }]
        );
    }

    #[test]
    fn sub_articles_between_neighbours_are_in_order() {
        let md = "第一百三十三条 甲。\n第一百三十三条之一 乙。\n第一百三十三条之二 丙。\n\
                  第一百三十四条 丁。\n第一百三十四条之一 戊。\n第一百三十五条 己。\n";
        let split = split_articles(md);
        assert!(split.problems.is_empty(), "{:?}", split.problems);
        assert_eq!(split.articles.len(), 6);
        let wrong = split_articles("第一百三十三条之二 甲。\n第一百三十三条之一 乙。\n");
        assert_eq!(
            wrong.problems[0].message,
            "article 第一百三十三条之一 follows 第一百三十三条之二: out of order"
        );
    }

    #[test]
    fn article_spans_paragraphs_and_items() {
        let md = "第二十条 第一款。\n\n第二款，有下列情形之一的：\n（一）甲；\n（二）乙。\n\n\
                  第三款。\n\n第二十一条 下一条。\n";
        let split = split_articles(md);
        assert_eq!(numbers(&split), [no(20, 0), no(21, 0)]);
        assert_eq!(
            split.articles[0].text,
            "第二十条 第一款。\n第二款，有下列情形之一的：\n（一）甲；\n（二）乙。\n第三款。"
        );
        assert_eq!(split.articles[1].line, 9);
    }

    #[test]
    fn crlf_line_endings() {
        let md = "\u{feff}## 第一章 总则\r\n\r\n第一条　甲。\r\n\r\n乙。\r\n第二条\r\n丙。\r\n";
        let split = split_articles(md);
        assert_eq!(numbers(&split), [no(1, 0), no(2, 0)]);
        assert_eq!(split.articles[0].chapters, ["第一章 总则"]);
        assert_eq!(split.articles[0].text, "第一条　甲。\n乙。");
        assert_eq!(split.articles[1].text, "第二条\n丙。");
        assert_eq!(split.articles[1].line, 6);
        assert!(split.articles.iter().all(|a| !a.text.contains('\r')));
    }

    #[test]
    fn body_without_articles_is_all_preamble() {
        let md = "# 某某决定\n\n为了加强管理，作出如下决定：\n\n## 说明\n\n一、本决定自公布之日起施行。\n";
        let split = split_articles(md);
        assert!(split.articles.is_empty());
        assert!(split.problems.is_empty());
        assert_eq!(
            split.preamble,
            "为了加强管理，作出如下决定：\n一、本决定自公布之日起施行。"
        );
        assert_eq!(split_articles(""), SplitArticles::default());
    }

    #[test]
    fn preamble_stops_at_first_article() {
        let md = "# 中华人民共和国示例法\n\n2020年1月1日通过\n\n<!-- INFO END -->\n\n## 第一章 总则\n\n\
                  第一条 甲。\n";
        let split = split_articles(md);
        assert_eq!(split.preamble, "2020年1月1日通过\n<!-- INFO END -->");
        assert_eq!(split.articles.len(), 1);
    }

    #[test]
    fn stray_text_after_heading_is_reported_once_per_block() {
        let md = "第一条 甲。\n## 第二章 附则\n这一段不属于任何条文，而且相当长，超过二十个字符。\n又一行。\n\
                  第二条 乙。\n";
        let split = split_articles(md);
        assert_eq!(numbers(&split), [no(1, 0), no(2, 0)]);
        assert_eq!(
            split.problems,
            [ArticleProblem {
                line: 3,
                message: "text outside any article: `这一段不属于任何条文，而且相当长，超过二…`"
                    .into()
            }]
        );
    }

    #[test]
    fn long_input_is_handled_linearly() {
        let count = 20_000;
        let mut md = String::from("## 第一章 总则\n");
        for n in 1..=count {
            md.push_str(&format!(
                "第{}条　内容第{n}条。\n\n（一）项。\n",
                to_chinese_number(n)
            ));
        }
        let split = split_articles(&md);
        assert_eq!(split.articles.len(), count as usize);
        assert!(split.problems.is_empty());
        assert_eq!(split.articles[count as usize - 1].no, no(count, 0));

        // One huge article and one huge line: nothing is quadratic in line length or count.
        let mut huge = String::from("第一条　开始。\n");
        huge.push_str(&"（一）项；\n".repeat(100_000));
        huge.push_str(&"很长".repeat(200_000));
        let split = split_articles(&huge);
        assert_eq!(split.articles.len(), 1);
        assert_eq!(split.articles[0].text.lines().count(), 100_002);

        let refs = find_article_refs(&"第一第十条第".repeat(50_000));
        assert_eq!(refs.len(), 50_000);
        assert!(find_article_refs(&format!("第{}", "一".repeat(200_000))).is_empty());
    }

    #[test]
    fn realistic_excerpt() {
        let md = "# 中华人民共和国刑法

1979年7月1日 第五届全国人民代表大会第二次会议通过

<!-- INFO END -->

## 第二编 分则

### 第二章 危害公共安全罪

第一百三十三条 违反交通运输管理法规，因而发生重大事故，致人重伤、死亡或者使公私财产遭受重大损失的，处三年以下有期徒刑或者拘役；交通运输肇事后逃逸或者有其他特别恶劣情节的，处三年以上七年以下有期徒刑；因逃逸致人死亡的，处七年以上有期徒刑。

第一百三十三条之一 在道路上驾驶机动车，有下列情形之一的，处拘役，并处罚金：

（一）追逐竞驶，情节恶劣的；

（二）醉酒驾驶机动车的；

机动车所有人、管理人对前款第三项、第四项行为负有直接责任的，依照前款的规定处罚。

有前两款行为，同时构成其他犯罪的，依照处罚较重的规定定罪处罚。

第一百三十三条之二 对行驶中的公共交通工具的驾驶人员使用暴力，危及公共安全的，处一年以下有期徒刑、拘役或者管制，并处或者单处罚金。

### 第四章 侵犯公民人身权利、民主权利罪

第二百三十四条 故意伤害他人身体的，处三年以下有期徒刑、拘役或者管制。

犯前款罪，致人重伤的，处三年以上十年以下有期徒刑；本法另有规定的，依照规定。
";
        let split = split_articles(md);
        assert!(split.problems.is_empty(), "{:?}", split.problems);
        assert_eq!(
            split.preamble,
            "1979年7月1日 第五届全国人民代表大会第二次会议通过\n<!-- INFO END -->"
        );
        assert_eq!(
            numbers(&split),
            [no(133, 0), no(133, 1), no(133, 2), no(234, 0)]
        );
        let drunk = &split.articles[1];
        assert_eq!(drunk.label, "第一百三十三条之一");
        assert_eq!(drunk.chapters, ["第二编 分则", "第二章 危害公共安全罪"]);
        assert_eq!(drunk.line, 13);
        assert_eq!(drunk.text.lines().count(), 5);
        assert!(drunk.text.ends_with("依照处罚较重的规定定罪处罚。"));
        let harm = &split.articles[3];
        assert_eq!(
            harm.chapters,
            ["第二编 分则", "第四章 侵犯公民人身权利、民主权利罪"]
        );
        assert_eq!(harm.text.lines().count(), 2);

        // A user's lookup in either script finds the article the split produced.
        for query in ["133-1", "第133条之一", "第一百三十三条之一"] {
            let wanted = parse(query);
            let hits: Vec<_> = split.articles.iter().filter(|a| a.no == wanted).collect();
            assert_eq!(hits, [drunk]);
        }
        // The only 条 in the text is the article's own label; 第三项 and 第四项 are not 条.
        let refs = find_article_refs(&drunk.text);
        assert_eq!(refs, [(0..drunk.label.len(), no(133, 1))]);
    }

    // ---- find_article_refs ----

    #[test]
    fn finds_refs_in_citations() {
        let text = "《中华人民共和国刑法》第一百三十三条之一、第二百三十四条第二款";
        let refs = find_article_refs(text);
        let found: Vec<_> = refs.iter().map(|(r, n)| (&text[r.clone()], *n)).collect();
        assert_eq!(
            found,
            [
                ("第一百三十三条之一", no(133, 1)),
                ("第二百三十四条", no(234, 0))
            ]
        );
    }

    #[test]
    fn finds_arabic_and_spaced_refs() {
        let text = "刑法第133条、第 234 条和第１３条之2";
        let found: Vec<_> = find_article_refs(text)
            .into_iter()
            .map(|(r, n)| (&text[r], n))
            .collect();
        assert_eq!(
            found,
            [
                ("第133条", no(133, 0)),
                ("第 234 条", no(234, 0)),
                ("第１３条之2", no(13, 2))
            ]
        );
    }

    #[test]
    fn skips_non_article_ordinals() {
        let text = "第二款、第三项、第五届全国人大第二次会议、第条、第零条、第100000条、第一二条";
        assert!(find_article_refs(text).is_empty());
    }

    #[test]
    fn zhi_without_number_is_not_part_of_ref() {
        let text = "依照第五条之规定，参照第六条之一。";
        let found: Vec<_> = find_article_refs(text)
            .into_iter()
            .map(|(r, n)| (&text[r], n))
            .collect();
        assert_eq!(found, [("第五条", no(5, 0)), ("第六条之一", no(6, 1))]);
    }

    #[test]
    fn refs_handle_edges() {
        assert!(find_article_refs("").is_empty());
        assert!(find_article_refs("第").is_empty());
        assert!(find_article_refs("第五").is_empty());
        let text = "第第五条";
        let refs = find_article_refs(text);
        assert_eq!(refs, [(3..text.len(), no(5, 0))]);
        let text = "第一条至第三条";
        let refs = find_article_refs(text);
        assert_eq!(refs.len(), 2);
        assert_eq!(&text[refs[1].0.clone()], "第三条");
    }
}
