//! Cited provisions: `《中华人民共和国刑法》第一百三十三条之一、第二百三十四条第二款` → `刑法 第一百三十三条之一`, `刑法 第二百三十四条`.
//!
//! Case files list the provisions they rest on in a 相关规定 / 相关法条 section, one
//! citation per paragraph, usually followed by the article's text. Only the citation
//! head is read (the law's name and the article numbers right after it), so article
//! numbers quoted inside the provision's own text are not mistaken for citations.

use zhijian_policy::article::{ArticleNo, find_article_refs};

/// The statutes cited in a 相关规定 section, and the paragraphs that could not be read.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Citations {
    /// `"刑法 第二百三十四条"`, in order of first citation, without duplicates.
    pub statutes: Vec<String>,
    /// Paragraphs that look like citations but name no article (shortened).
    pub unparsed: Vec<String>,
}

/// Reads every paragraph of `section` (a 相关规定 / 相关法条 section's text).
pub fn parse_section(section: &str) -> Citations {
    let mut out = Citations::default();
    for paragraph in section.lines().map(str::trim).filter(|p| !p.is_empty()) {
        let found = parse_paragraph(paragraph);
        if found.is_empty() {
            if looks_like_citation(paragraph) {
                out.unparsed.push(shorten(paragraph, 40));
            }
            continue;
        }
        for statute in found {
            if !out.statutes.contains(&statute) {
                out.statutes.push(statute);
            }
        }
    }
    out
}

/// The statutes cited at the head of one paragraph (`《X法》第N条、第M条` or `X法第N条`).
pub fn parse_paragraph(paragraph: &str) -> Vec<String> {
    let mut out = Vec::new();
    let mut rest = paragraph;
    // Several laws can be cited in one paragraph: 《刑法》第N条，《刑事诉讼法》第M条.
    while let Some(open) = rest.find('《') {
        let after_open = &rest[open + '《'.len_utf8()..];
        let Some(close) = matching_close(after_open) else {
            break;
        };
        let name = &after_open[..close];
        let tail = &after_open[close + '》'.len_utf8()..];
        let (numbers, used) = article_list(tail);
        let law = short_name(name);
        if !law.is_empty() {
            out.extend(
                numbers
                    .into_iter()
                    .map(|no| format!("{law} {}", no.label())),
            );
        }
        rest = &tail[used..];
    }
    if out.is_empty() && !paragraph.contains('《') {
        out.extend(bare_citation(paragraph));
    }
    out
}

/// The law name as cited: `中华人民共和国` removed, version notes such as `（2019年修订）` dropped.
pub fn short_name(name: &str) -> String {
    let name: String = name
        .chars()
        .filter(|c| !matches!(c, '<' | '>' | '`' | '〈' | '〉'))
        .collect();
    let name = name.trim();
    let name = name.strip_prefix("中华人民共和国").unwrap_or(name);
    let cut = name.find(['（', '(']).unwrap_or(name.len());
    name[..cut].trim().to_string()
}

/// The byte offset of the `》` closing the title that starts at `text` (titles may nest `《》`).
fn matching_close(text: &str) -> Option<usize> {
    let mut depth = 0usize;
    for (i, c) in text.char_indices() {
        match c {
            '《' => depth += 1,
            '》' if depth == 0 => return Some(i),
            '》' => depth -= 1,
            _ => {}
        }
    }
    None
}

/// Characters allowed between the article numbers of one citation list.
fn is_joiner(c: char) -> bool {
    matches!(
        c,
        '、' | '，' | ',' | '和' | '及' | '与' | '或' | ' ' | '\u{3000}' | '以'
    )
}

/// Reads `第N条、第M条第二款…` at the start of `text` (after a law's name): the article
/// numbers and the bytes used. A parenthesised note (`（2019年修订）`) may come first.
fn article_list(text: &str) -> (Vec<ArticleNo>, usize) {
    let mut pos = skip_note(text, 0);
    let mut numbers = Vec::new();
    loop {
        let rest = &text[pos..];
        let trimmed = rest.trim_start_matches(is_joiner);
        let start = pos + (rest.len() - trimmed.len());
        if !trimmed.starts_with('第') {
            // `《民事诉讼法》204条`: the 第 was left out.
            let digits = trimmed.chars().take_while(char::is_ascii_digit).count();
            if numbers.is_empty()
                && digits > 0
                && trimmed[digits..].starts_with('条')
                && let Ok(no) = trimmed[..digits].parse::<ArticleNo>()
            {
                numbers.push(no);
                pos = skip_note(text, start + digits + '条'.len_utf8());
                continue;
            }
            break;
        }
        let refs = find_article_refs(&text[start..]);
        match refs.first() {
            Some((range, no)) if range.start == 0 => {
                numbers.push(*no);
                pos = skip_clause(text, start + range.end);
                pos = skip_note(text, pos);
            }
            _ => break,
        }
    }
    (numbers, pos)
}

/// Skips `第二款`, `第三项`, `第二、三款` after an article number (they are not part of the statute key).
fn skip_clause(text: &str, mut pos: usize) -> usize {
    loop {
        let rest = &text[pos..];
        let Some(after) = rest.strip_prefix('第') else {
            return pos;
        };
        let run: usize = after
            .char_indices()
            .find(|&(_, c)| !(c.is_ascii_digit() || "零〇一二两三四五六七八九十百、".contains(c)))
            .map_or(after.len(), |(i, _)| i);
        let tail = &after[run..];
        if run > 0 && (tail.starts_with('款') || tail.starts_with('项')) {
            pos += '第'.len_utf8() + run + '款'.len_utf8();
        } else {
            return pos;
        }
    }
}

/// Skips a parenthesised note such as `（2019年修订）` at `pos`.
fn skip_note(text: &str, pos: usize) -> usize {
    let rest = &text[pos..];
    let trimmed = rest.trim_start_matches([' ', '\u{3000}']);
    let start = pos + rest.len() - trimmed.len();
    for (open, close) in [('（', '）'), ('(', ')')] {
        if let Some(inner) = trimmed.strip_prefix(open)
            && let Some(end) = balanced_end(inner, open, close)
        {
            let note = &inner[..end];
            // Skipped: version notes (（2019年修订）, （根据…《刑法修正案（八）》修正）); kept:
            // notes that cite articles themselves, which are read as citations next.
            if !note.contains('条') || (!note.contains('《') && note.contains('年')) {
                return start + open.len_utf8() + end + close.len_utf8();
            }
        }
    }
    pos
}

/// The byte offset of the `close` matching an already opened `open` in `text`.
fn balanced_end(text: &str, open: char, close: char) -> Option<usize> {
    let mut depth = 0usize;
    for (i, c) in text.char_indices() {
        if c == open {
            depth += 1;
        } else if c == close {
            if depth == 0 {
                return Some(i);
            }
            depth -= 1;
        }
    }
    None
}

/// Verbs that often come before a bare law name (`依照刑法第…`).
const LEAD_WORDS: &[&str] = &[
    "依照", "根据", "按照", "依据", "违反", "适用", "参照", "系", "即",
];

/// `刑法第二百三十四条第二款` with no title marks: the Han run before the first 第 is the law.
fn bare_citation(paragraph: &str) -> Vec<String> {
    let refs = find_article_refs(paragraph);
    let Some((first, _)) = refs.first() else {
        return Vec::new();
    };
    let before = &paragraph[..first.start];
    let run_start = before
        .char_indices()
        .rev()
        .find(|&(_, c)| !zhijian_kb::analysis::is_cjk(c))
        .map_or(0, |(i, c)| i + c.len_utf8());
    let mut law = &before[run_start..];
    for lead in LEAD_WORDS {
        if let Some(pos) = law.rfind(lead) {
            law = &law[pos + lead.len()..];
        }
    }
    let law = short_name(law);
    let names_a_law = ["法", "条例", "规定", "解释", "决定", "办法", "规则"]
        .iter()
        .any(|s| law.ends_with(s));
    if !names_a_law || law.chars().count() < 2 {
        return Vec::new();
    }
    let (numbers, _) = article_list(&paragraph[first.start..]);
    numbers
        .into_iter()
        .map(|no| format!("{law} {}", no.label()))
        .collect()
}

/// Whether a paragraph with no readable article still looks like a citation.
fn looks_like_citation(paragraph: &str) -> bool {
    paragraph.contains('《') || (paragraph.contains('第') && paragraph.contains('条'))
}

/// The first `n` characters of `text`, with `…` when cut.
pub fn shorten(text: &str, n: usize) -> String {
    let mut out: String = text.chars().take(n).collect();
    if text.chars().nth(n).is_some() {
        out.push('…');
    }
    out
}

/// Splits a stored statute key `"刑法 第二百三十四条"` into the law and the article.
pub fn split_statute(statute: &str) -> Option<(&str, ArticleNo)> {
    let (law, article) = statute.trim().rsplit_once([' ', '\u{3000}'])?;
    let no = article.trim().parse::<ArticleNo>().ok()?;
    Some((law.trim(), no))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bracketed_citations_with_lists_clauses_and_suffixes() {
        assert_eq!(
            parse_paragraph(
                "《中华人民共和国刑法》第一百三十三条之一、第二百三十四条第二款　在道路上……依照本法第十条处罚"
            ),
            ["刑法 第一百三十三条之一", "刑法 第二百三十四条"]
        );
        assert_eq!(parse_paragraph("《刑法》第234条"), ["刑法 第二百三十四条"]);
        assert_eq!(
            parse_paragraph("《中华人民共和国民事诉讼法》204条"),
            ["民事诉讼法 第二百零四条"]
        );
        assert_eq!(
            parse_paragraph(
                "《中华人民共和国刑法》（根据2011年5月1日起施行的《中华人民共和国刑法修正案（八）》修正）第338条"
            ),
            ["刑法 第三百三十八条"]
        );
        assert_eq!(
            parse_paragraph("1．《中华人民共和国合同法》第五十八条、第五十九条"),
            ["合同法 第五十八条", "合同法 第五十九条"]
        );
        assert_eq!(
            parse_paragraph(
                "《中华人民共和国森林法》（2019年修订）第74条、第81条（本案适用的是2009年修正的《中华人民共和国森林法》第10条）"
            ),
            ["森林法 第七十四条", "森林法 第八十一条", "森林法 第十条"]
        );
        assert_eq!(
            parse_paragraph(
                "《中华人民共和国刑法》第七十三条第二、三款，《中华人民共和国刑事诉讼法》第十五条"
            ),
            ["刑法 第七十三条", "刑事诉讼法 第十五条"]
        );
    }

    #[test]
    fn bare_law_names_are_read() {
        assert_eq!(
            parse_paragraph("刑法第二百三十四条第二款"),
            ["刑法 第二百三十四条"]
        );
        assert_eq!(
            parse_paragraph("依照刑事诉讼法第一百七十七条、第十五条"),
            ["刑事诉讼法 第一百七十七条", "刑事诉讼法 第十五条"]
        );
        assert!(parse_paragraph("被告人于第二天离开").is_empty());
    }

    #[test]
    fn citations_without_articles_are_reported_not_fatal() {
        let section = "《中华人民共和国刑法》第三百九十七条\n全国人民代表大会常务委员会《关于<中华人民共和国刑法>第九章渎职罪主体适用问题的解释》\n以上规定供参考";
        let got = parse_section(section);
        assert_eq!(got.statutes, ["刑法 第三百九十七条"]);
        assert_eq!(got.unparsed.len(), 1);
        assert!(got.unparsed[0].starts_with("全国人民代表大会"));
    }

    #[test]
    fn statute_keys_split_back() {
        let (law, no) = split_statute("刑法 第一百三十三条之一").expect("splits");
        assert_eq!(law, "刑法");
        assert_eq!(no, ArticleNo::new(133, 1));
        assert!(split_statute("刑法").is_none());
        assert_eq!(
            short_name("关于<中华人民共和国刑法>的解释（2002年）"),
            "关于中华人民共和国刑法的解释"
        );
    }
}
