//! Reading the published case formats: SPP guiding cases (`【关键词】`, `【要旨】` … markers,
//! one keyword per paragraph) and SPC guiding and gazette cases (plain `关键词` /
//! `裁判要点` / `相关法条` lines, `/`-separated keywords, `【裁判摘要】` summaries).
//!
//! The files are not uniform (bold markers, full-width spaces, `【要  旨】`, keywords on
//! one line or many, titles split over lines), so each line is cleaned before it is
//! matched, and every field is optional except a title and at least one section.

use crate::citation::{self, Citations};

/// A case read from a source file, ready to be written as a knowledge-base document.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ParsedCase {
    /// Stable id: `spp-178` for 检例第178号, `spc-24` for 指导案例24号, else from the file name.
    pub id: String,
    /// `检例第178号` / `指导案例24号`, when the file has one.
    pub number: Option<String>,
    /// The title without the number.
    pub title: String,
    /// 指导性案例, 典型案例 or 公报案例.
    pub kind: String,
    /// Who published it, when known.
    pub issuer: Option<String>,
    /// 刑事, 民事, 行政 or 公益诉讼, when it can be told.
    pub domain: Option<String>,
    /// Charges (罪名) or causes of action (案由).
    pub charges: Vec<String>,
    /// Keywords as published.
    pub keywords: Vec<String>,
    /// Batch (第N批), when given.
    pub batch: Option<String>,
    /// Publication date `YYYY-MM-DD`, when given.
    pub published: Option<String>,
    /// Cited provisions, `刑法 第二百三十四条`.
    pub statutes: Vec<String>,
    /// `(heading, text)` in file order; text paragraphs separated by blank lines.
    pub sections: Vec<(String, String)>,
    /// The source path relative to the imported folder.
    pub source: String,
    /// Things that were not understood but did not stop the import.
    pub notes: Vec<String>,
}

/// Why a source file could not be imported.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum SourceError {
    /// No text at all.
    #[error("empty file")]
    Empty,
    /// No title line.
    #[error("no title")]
    NoTitle,
    /// A guiding case (by folder or wording) without its number.
    #[error("no case number (expected 检例第N号 or 指导案例N号)")]
    NoNumber,
    /// A list of links to cases (an index page), not a case.
    #[error("a list of links to cases, not a case")]
    NotACase,
    /// Nothing that could be cut into sections.
    #[error("no sections (expected 【要旨】, 裁判要点, 基本案情 … markers)")]
    NoSections,
}

/// What the folder a file came from says about it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Family {
    Spp,
    SpcGuiding,
    Gazette,
    Joint,
    Unknown,
}

fn family_of(rel: &str) -> Family {
    let lower = rel.to_ascii_lowercase();
    if lower.contains("spp") {
        Family::Spp
    } else if lower.contains("gazette") || rel.contains("公报") {
        Family::Gazette
    } else if lower.contains("spc") {
        Family::SpcGuiding
    } else if lower.contains("joint") {
        Family::Joint
    } else {
        Family::Unknown
    }
}

/// Plain-line headings of the SPC format (and of SPP files that lost their brackets).
const PLAIN_HEADINGS: &[&str] = &[
    "关键词",
    "裁判要点",
    "相关法条",
    "基本案情",
    "裁判结果",
    "裁判理由",
    "要旨",
    "指导意义",
    "相关规定",
    "检察机关履职过程",
    "典型意义",
];

/// Section names that are read as citation lists.
const CITATION_SECTIONS: &[&str] = &["相关规定", "相关法条"];

/// Normalises a marker: inner spaces removed and synonyms mapped to one name.
fn canonical_heading(name: &str) -> String {
    let name: String = name.chars().filter(|c| !c.is_whitespace()).collect();
    match name.as_str() {
        "相关立法" | "相关法律规定" | "相关法律" | "相关规定及司法解释" => {
            "相关规定".to_string()
        }
        "案例要旨" => "要旨".to_string(),
        _ => name,
    }
}

/// A line with markup and padding removed: `　　**关键词**  刑事/…` → `关键词  刑事/…`.
fn clean_line(line: &str) -> String {
    let trimmed = line.trim_matches(|c: char| c.is_whitespace());
    let trimmed = trimmed.trim_start_matches('#').trim();
    trimmed
        .replace("**", "")
        .replace('\u{a0}', " ")
        .trim()
        .to_string()
}

/// A section marker at the start of a cleaned line: the heading and the text after it.
fn marker(line: &str) -> Option<(String, String)> {
    for (open, close) in [('【', '】'), ('［', '］'), ('[', ']')] {
        if let Some(rest) = line.strip_prefix(open) {
            let end = rest.find(close)?;
            let name = &rest[..end];
            let chars = name.chars().filter(|c| !c.is_whitespace()).count();
            if (2..=14).contains(&chars) && !name.contains('第') {
                return Some((
                    canonical_heading(name),
                    rest[end + close.len_utf8()..].trim().to_string(),
                ));
            }
            return None;
        }
    }
    for heading in PLAIN_HEADINGS {
        if let Some(rest) = line.strip_prefix(heading) {
            let rest = rest.trim_start_matches([':', '：']).trim();
            if rest.is_empty() || *heading == "关键词" {
                return Some((heading.to_string(), rest.to_string()));
            }
        }
    }
    None
}

/// Where a court judgment starts after a gazette summary (`原告：…`, `公诉机关…`).
fn starts_judgment(line: &str) -> bool {
    const PARTIES: &[&str] = &[
        "原告",
        "被告",
        "上诉人",
        "被上诉人",
        "申请人",
        "被申请人",
        "再审申请人",
        "公诉机关",
        "抗诉机关",
        "申诉人",
        "第三人",
        "原审",
        "自诉人",
        "申请再审人",
        "起诉人",
        "申请执行人",
        "异议人",
    ];
    PARTIES.iter().any(|p| line.starts_with(p))
}

/// Reads one source file; `rel` is its path relative to the imported folder.
pub fn parse(rel: &str, text: &str) -> Result<ParsedCase, SourceError> {
    let family = family_of(rel);
    let lines: Vec<String> = text.lines().map(clean_line).collect();
    if lines.iter().all(String::is_empty) {
        return Err(SourceError::Empty);
    }
    let filled = lines.iter().filter(|l| !l.is_empty()).count();
    let links = lines
        .iter()
        .filter(|l| l.starts_with(['-', '*']) && l.contains("]("))
        .count();
    if links >= 5 && links * 2 >= filled {
        return Err(SourceError::NotACase);
    }
    let mut title_lines: Vec<String> = Vec::new();
    let mut preamble: Vec<String> = Vec::new();
    let mut sections: Vec<(String, Vec<String>)> = Vec::new();
    let mut keywords_line: Option<String> = None;
    for line in &lines {
        if line.is_empty() {
            continue;
        }
        if title_lines.is_empty() {
            title_lines.push(line.clone());
            continue;
        }
        if let Some((heading, rest)) = marker(line) {
            if heading == "关键词" && !rest.is_empty() && keywords_line.is_none() {
                keywords_line = Some(rest.clone());
            }
            let mut body = Vec::new();
            if !rest.is_empty() {
                body.push(rest);
            }
            sections.push((heading, body));
            continue;
        }
        match sections.last_mut() {
            Some((heading, body)) => {
                // A gazette summary is followed by the judgment itself, without a marker.
                let summary =
                    heading == "裁判摘要" || (heading == "要旨" && family == Family::Gazette);
                if summary && !body.is_empty() && starts_judgment(line) {
                    sections.push(("裁判文书".to_string(), vec![line.clone()]));
                } else {
                    body.push(line.clone());
                }
            }
            None => preamble.push(line.clone()),
        }
    }
    // Titles split over several short lines before the first marker (SPC: 甲公司 / 诉乙公司 / …纠纷案).
    let mut head = title_lines.join("");
    let number = find_number(&head).or_else(|| preamble.iter().find_map(|l| find_number(l)));
    if strip_number(&head).trim().is_empty() {
        // `### ` then `（检例第183号）title` on the next line.
        if let Some(first) = preamble.first().cloned() {
            head = first;
            preamble.remove(0);
        }
    }
    let mut title = strip_number(&head);
    if title.ends_with("案") || title.ends_with("案例") {
        // complete
    } else if let Some(pos) = preamble
        .iter()
        .position(|l| l.ends_with("纠纷案") || l.ends_with("案"))
        && pos <= 4
        && preamble[..=pos]
            .iter()
            .all(|l| l.chars().count() <= 40 && !l.starts_with('（'))
    {
        title.push_str(&preamble[..=pos].concat());
        preamble.drain(..=pos);
    }
    let title = title.trim().to_string();
    if title.is_empty() {
        return Err(SourceError::NoTitle);
    }
    let published = preamble
        .iter()
        .chain(title_lines.iter())
        .find_map(|l| published_date(l));
    let batch = preamble.iter().find_map(|l| batch_of(l));
    let preamble: Vec<String> = preamble
        .into_iter()
        .filter(|l| {
            !l.starts_with("原文网址") && find_number(l).is_none() && published_date(l).is_none()
        })
        .collect();

    let mut sections: Vec<(String, String)> = sections
        .into_iter()
        .filter(|(heading, _)| heading != "关键词")
        .map(|(heading, body)| (heading, body.join("\n\n")))
        .filter(|(_, body)| !body.trim().is_empty())
        .collect();
    if sections.is_empty() && family == Family::Gazette && !preamble.is_empty() {
        sections.push(("裁判文书".to_string(), preamble.join("\n\n")));
    }
    if sections.is_empty() {
        return Err(SourceError::NoSections);
    }
    let guiding = matches!(family, Family::Spp | Family::SpcGuiding);
    if number.is_none() && guiding {
        return Err(SourceError::NoNumber);
    }

    let mut notes = Vec::new();
    let keywords = match keywords_line {
        Some(line) => split_keywords(&line, &mut notes),
        None => keyword_paragraphs(text),
    };
    let mut citations = Citations::default();
    for (heading, body) in &sections {
        if CITATION_SECTIONS.contains(&heading.as_str()) {
            let found = citation::parse_section(body);
            for s in found.statutes {
                if !citations.statutes.contains(&s) {
                    citations.statutes.push(s);
                }
            }
            citations.unparsed.extend(found.unparsed);
        }
    }
    notes.extend(
        citations
            .unparsed
            .iter()
            .map(|c| format!("citation without an article: `{c}`")),
    );

    let (kind, issuer) = kind_and_issuer(family, number.as_deref(), text);
    let all_text: String = sections
        .iter()
        .map(|(_, b)| b.as_str())
        .collect::<Vec<_>>()
        .join("\n");
    let domain = infer_domain(&title, &keywords, &all_text);
    let charges = infer_charges(&title, &keywords, &all_text, domain.as_deref());
    let id = id_for(number.as_deref(), rel);
    Ok(ParsedCase {
        id,
        number,
        title,
        kind,
        issuer,
        domain,
        charges,
        keywords,
        batch,
        published,
        statutes: citations.statutes,
        sections,
        source: rel.to_string(),
        notes,
    })
}

/// `检例第178号` / `指导案例24号` in a line.
pub fn find_number(line: &str) -> Option<String> {
    let folded = zhijian_kb::analysis::fold(line);
    for (marker, spp) in [
        ("检例第", true),
        ("指导性案例第", false),
        ("指导性案例", false),
        ("指导案例第", false),
        ("指导案例", false),
    ] {
        let Some(pos) = folded.find(marker) else {
            continue;
        };
        let rest = folded[pos + marker.len()..].trim_start();
        let digits: String = rest.chars().take_while(char::is_ascii_digit).collect();
        let after = rest[digits.len()..].trim_start();
        if !digits.is_empty() && after.starts_with('号') {
            let n: u32 = digits.parse().ok()?;
            return Some(if spp {
                format!("检例第{n}号")
            } else {
                format!("指导案例{n}号")
            });
        }
    }
    None
}

/// The title with a leading `（检例第178号）` or `指导性案例211号：` removed.
fn strip_number(head: &str) -> String {
    let mut text = head.trim().to_string();
    if let Some(pos) = text.find('号')
        && find_number(&text[..pos + '号'.len_utf8()]).is_some()
    {
        let rest = &text[pos + '号'.len_utf8()..];
        let rest = rest.trim_start_matches(['）', ')', '：', ':', ' ', '\u{3000}']);
        text = rest.trim().to_string();
    }
    let text = text.trim_start_matches(['（', '(']).trim();
    strip_list_marks(text)
}

/// `案例一：…`, `1.…` and a trailing ` 案例二`: marks of a multi-case release, not the title.
fn strip_list_marks(title: &str) -> String {
    let numeral = |c: char| c.is_ascii_digit() || "一二三四五六七八九十".contains(c);
    let mut text = title;
    if let Some(rest) = text.strip_prefix("案例") {
        let n = rest
            .chars()
            .take_while(|c| numeral(*c))
            .map(char::len_utf8)
            .sum::<usize>();
        if n > 0 && rest[n..].starts_with(['：', ':']) {
            text = rest[n..].trim_start_matches(['：', ':']).trim();
        }
    }
    let digits = text.chars().take_while(char::is_ascii_digit).count();
    if digits > 0 && text[digits..].starts_with(['.', '．', '、']) {
        text = text[digits + text[digits..].chars().next().map_or(0, char::len_utf8)..].trim();
    }
    if let Some(pos) = text.rfind(" 案例")
        && text[pos + " 案例".len()..].chars().all(numeral)
    {
        text = text[..pos].trim();
    }
    text.to_string()
}

/// `2022年12月30日发布` in a line such as `（最高人民法院审判委员会讨论通过 2022年12月30日发布）`.
fn published_date(line: &str) -> Option<String> {
    if !line.contains("发布") || line.chars().count() > 60 {
        return None;
    }
    let year = line.find('年')?;
    let start = line[..year]
        .char_indices()
        .rev()
        .take_while(|(_, c)| c.is_ascii_digit())
        .last()
        .map(|(i, _)| i)?;
    let end = line[year..].find('日')? + year + '日'.len_utf8();
    zhijian_kb::time::parse_date(&line[start..end]).map(|d| d.to_string())
}

/// `第三十八批` in a preamble line.
fn batch_of(line: &str) -> Option<String> {
    let start = line.find('第')?;
    let end = line[start..].find('批')? + start + '批'.len_utf8();
    let batch = &line[start..end];
    (batch.chars().count() <= 8).then(|| batch.to_string())
}

/// SPP keywords: one per paragraph between `【关键词】` and the next marker (and any
/// separators inside a paragraph).
fn keyword_paragraphs(text: &str) -> Vec<String> {
    let mut inside = false;
    let mut out = Vec::new();
    let mut notes = Vec::new();
    for line in text.lines().map(clean_line) {
        if let Some((heading, _)) = marker(&line) {
            if inside {
                break;
            }
            inside = heading == "关键词";
            continue;
        }
        if inside && !line.is_empty() {
            for k in split_keywords(&line, &mut notes) {
                if !out.contains(&k) {
                    out.push(k);
                }
            }
        }
    }
    out
}

/// Splits a keyword line on `/`, spaces, `、` and `；`.
pub fn split_keywords(line: &str, notes: &mut Vec<String>) -> Vec<String> {
    let mut out: Vec<String> = Vec::new();
    for part in line.split(|c: char| {
        c.is_whitespace() || matches!(c, '/' | '／' | '、' | '；' | ';' | '，' | ',')
    }) {
        let part = part.trim();
        if !part.is_empty() && !out.iter().any(|k| k == part) {
            out.push(part.to_string());
        }
    }
    let domain_glued = ["刑事", "民事", "行政"]
        .iter()
        .any(|d| out.len() == 1 && out[0].starts_with(d) && out[0].chars().count() >= 6);
    if out.len() == 1 && (out[0].chars().count() > 12 || domain_glued) {
        // `民事确认合同无效恶意串通财产返还`: the separators were lost; keep the domain
        // word apart and the rest as one keyword.
        notes.push(format!("keywords not separated: `{}`", out[0]));
        let glued = out.remove(0);
        for domain in [
            "民事诉讼",
            "行政诉讼",
            "刑事诉讼",
            "刑事",
            "民事",
            "行政",
            "国家赔偿",
        ] {
            if let Some(rest) = glued.strip_prefix(domain) {
                out.push(domain.to_string());
                // A charge name ends at 罪: 危险驾驶罪追逐竞驶 → 危险驾驶罪, 追逐竞驶.
                out.extend(
                    rest.split_inclusive('罪')
                        .filter(|p| p.chars().count() >= 2)
                        .map(str::to_string),
                );
                return out;
            }
        }
        out.push(glued);
    }
    out
}

fn kind_and_issuer(family: Family, number: Option<&str>, text: &str) -> (String, Option<String>) {
    let head: String = text.chars().take(600).collect();
    match (family, number) {
        (_, Some(n)) if n.starts_with("检例") => {
            ("指导性案例".into(), Some("最高人民检察院".into()))
        }
        (_, Some(_)) => ("指导性案例".into(), Some("最高人民法院".into())),
        (Family::Gazette, None) => ("公报案例".into(), Some("最高人民法院".into())),
        (Family::Joint, None) => (
            "典型案例".into(),
            Some("国家监察委员会、最高人民检察院".into()),
        ),
        _ if head.contains("最高人民法院") => {
            ("典型案例".into(), Some("最高人民法院".into()))
        }
        _ if head.contains("最高人民检察院") => {
            ("典型案例".into(), Some("最高人民检察院".into()))
        }
        _ => ("典型案例".into(), None),
    }
}

/// 刑事 / 民事 / 行政 / 公益诉讼 from the keywords, title and text; `None` when unclear.
pub fn infer_domain(title: &str, keywords: &[String], text: &str) -> Option<String> {
    let any_kw = |needle: &str| keywords.iter().any(|k| k.contains(needle));
    if title.contains("公益诉讼") || any_kw("公益诉讼") {
        return Some("公益诉讼".into());
    }
    match keywords.first().map(String::as_str) {
        Some("刑事" | "刑事诉讼") => return Some("刑事".into()),
        Some("民事" | "民事诉讼") => return Some("民事".into()),
        Some("行政" | "行政诉讼") => return Some("行政".into()),
        _ => {}
    }
    if keywords.iter().any(|k| k.ends_with('罪'))
        || title.contains("犯罪")
        || title.contains("罪案")
    {
        return Some("刑事".into());
    }
    const CRIMINAL: &[&str] = &[
        "行贿",
        "受贿",
        "贪污",
        "盗窃",
        "诈骗",
        "抢劫",
        "故意伤害",
        "故意杀人",
        "毒品",
        "防卫过当",
        "正当防卫",
        "不起诉",
        "不批准逮捕",
        "逮捕",
        "认罪认罚",
        "刑事立案",
        "减刑",
        "假释",
    ];
    if CRIMINAL.iter().any(|w| title.contains(w) || any_kw(w)) {
        return Some("刑事".into());
    }
    if title.contains("行政") || any_kw("行政") {
        return Some("行政".into());
    }
    const CIVIL: &[&str] = &[
        "破产",
        "申请宣告",
        "财产无主",
        "公示催告",
        "诉前",
        "海事",
        "监护",
        "遗产",
        "执行",
    ];
    if CIVIL.iter().any(|w| title.contains(w))
        || keywords.first().is_some_and(|k| k.starts_with("执行"))
    {
        return Some("民事".into());
    }
    if title.contains("纠纷") || title.contains("民事") || any_kw("民事") {
        return Some("民事".into());
    }
    let head: String = text.chars().take(3000).collect();
    let criminal = head.matches("被告人").count() + head.matches("犯罪嫌疑人").count();
    if criminal >= 2 {
        return Some("刑事".into());
    }
    if head.contains("原告") && head.contains("被告") {
        return Some(if head.contains("行政") {
            "行政".into()
        } else {
            "民事".into()
        });
    }
    None
}

/// Charges (`…罪`) for criminal cases, the cause of action (`…纠纷`) for civil ones.
pub fn infer_charges(
    title: &str,
    keywords: &[String],
    text: &str,
    domain: Option<&str>,
) -> Vec<String> {
    let mut out: Vec<String> = keywords
        .iter()
        .filter(|k| k.ends_with('罪') && !k.ends_with("犯罪") && k.chars().count() >= 3)
        .cloned()
        .collect();
    if domain == Some("刑事") {
        for charge in convictions(text) {
            if out.len() >= 5 {
                break;
            }
            if !out.contains(&charge) {
                out.push(charge);
            }
        }
    }
    if out.is_empty() {
        if let Some(cause) = keywords.iter().find(|k| k.ends_with("纠纷")) {
            out.push(cause.clone());
        } else if let Some(cause) = cause_from_title(title) {
            out.push(cause);
        }
    }
    out
}

/// `犯盗窃罪` / `构成滥用职权罪` in running text → `盗窃罪`, `滥用职权罪`, most frequent first.
fn convictions(text: &str) -> Vec<String> {
    let mut counts: Vec<(String, usize)> = Vec::new();
    for lead in ["犯", "构成"] {
        let mut rest = text;
        while let Some(pos) = rest.find(lead) {
            let before = &rest[..pos];
            rest = &rest[pos + lead.len()..];
            // 侵犯著作权罪, 触犯刑法: the 犯 belongs to another word; 因犯盗窃罪被判处 is a prior record.
            if before.ends_with('侵')
                || before.ends_with('触')
                || before.ends_with('违')
                || before.ends_with('因')
            {
                continue;
            }
            let name: String = rest.chars().take_while(|&c| c != '罪').take(15).collect();
            let complete = rest[name.len()..].starts_with('罪');
            let good = complete
                && (2..=14).contains(&name.chars().count())
                && name
                    .chars()
                    .all(|c| zhijian_kb::analysis::is_cjk(c) || c == '、')
                && !name.contains('犯')
                && !name.contains('的')
                && !name.starts_with("其")
                && !name.starts_with("本");
            if good {
                let charge = format!("{name}罪");
                match counts.iter_mut().find(|(c, _)| *c == charge) {
                    Some((_, n)) => *n += 1,
                    None => counts.push((charge, 1)),
                }
            }
        }
    }
    counts.sort_by_key(|c| std::cmp::Reverse(c.1));
    counts.into_iter().map(|(c, _)| c).collect()
}

/// `…公司诉…有限公司等确认合同无效纠纷案` → `确认合同无效纠纷` (the words after the last party).
fn cause_from_title(title: &str) -> Option<String> {
    let end = title.rfind("纠纷")?;
    let before = &title[..end];
    const PARTY_ENDS: &[&str] = &[
        "等",
        "公司",
        "局",
        "政府",
        "中心",
        "银行",
        "委员会",
        "医院",
        "厂",
        "店",
        "院",
        "社",
        "所",
        "会",
    ];
    let start = PARTY_ENDS
        .iter()
        .filter_map(|p| before.rfind(p).map(|i| i + p.len()))
        .max()
        .unwrap_or(0);
    let cause = format!("{}纠纷", &before[start..]);
    (cause.chars().count() >= 4 && cause.chars().count() <= 20).then_some(cause)
}

/// The stable id: from the number when there is one, else from the file name.
pub fn id_for(number: Option<&str>, rel: &str) -> String {
    if let Some(n) = number {
        let digits: String = n.chars().filter(char::is_ascii_digit).collect();
        if n.starts_with("检例") {
            return format!("spp-{digits}");
        }
        return format!("spc-{digits}");
    }
    let stem = rel.rsplit('/').next().unwrap_or(rel);
    let stem = stem.strip_suffix(".md").unwrap_or(stem);
    let prefix = match family_of(rel) {
        Family::Gazette => "gazette",
        Family::Joint => "joint",
        Family::Spp => "spp",
        Family::SpcGuiding => "spc",
        Family::Unknown => "case",
    };
    let clean: String = stem
        .chars()
        .map(|c| {
            if c.is_alphanumeric() || c == '-' || c == '_' {
                c.to_ascii_lowercase()
            } else {
                '-'
            }
        })
        .collect();
    format!("{prefix}-{}", clean.trim_matches('-'))
}

#[cfg(test)]
mod tests {
    use super::*;

    const SPP: &str = "### （检例第178号） 王某等人故意伤害等犯罪二审抗诉案\n\n（检例第178号）\n\n【关键词】\n\n二审抗诉\n\n恶势力犯罪\n\n故意伤害致死\n\n【要  旨】\n\n对于侵害未成年人犯罪手段残忍的，应当依法从严惩处。\n\n【基本案情】\n\n被告人王某，男。被告人龙某，男。王某犯故意伤害罪。\n\n【相关规定】\n\n《中华人民共和国刑法》第二百三十四条　故意伤害他人身体的……\n\n《中华人民共和国刑事诉讼法》第二百二十八条\n";

    #[test]
    fn spp_markers_sections_keywords_and_statutes() {
        let case = parse("spp-guiding/alj001.md", SPP).expect("parses");
        assert_eq!(case.id, "spp-178");
        assert_eq!(case.number.as_deref(), Some("检例第178号"));
        assert_eq!(case.title, "王某等人故意伤害等犯罪二审抗诉案");
        assert_eq!(case.keywords, ["二审抗诉", "恶势力犯罪", "故意伤害致死"]);
        let headings: Vec<&str> = case.sections.iter().map(|(h, _)| h.as_str()).collect();
        assert_eq!(headings, ["要旨", "基本案情", "相关规定"]);
        assert_eq!(
            case.statutes,
            ["刑法 第二百三十四条", "刑事诉讼法 第二百二十八条"]
        );
        assert_eq!(case.kind, "指导性案例");
        assert_eq!(case.issuer.as_deref(), Some("最高人民检察院"));
        assert_eq!(case.domain.as_deref(), Some("刑事"));
        assert_eq!(case.charges, ["故意伤害罪"]);
    }

    #[test]
    fn spc_plain_lines_and_slash_keywords() {
        let text = "## 指导性案例211号：某检察院诉某林业局不履行林业行政管理职责行政公益诉讼案\n====\n\n（最高人民法院审判委员会讨论通过 2022年12月30日发布）\n\n　　**关键词**  行政/行政公益诉讼/林业行政管理\n\n　　裁判要点\n\n　　1.行政机关不应因案件移送而撤销已经作出的行政处罚。\n\n　　相关法条\n\n　　《中华人民共和国行政处罚法》（2021年修订）第35条\n\n　　基本案情\n\n　　2014年4月，被告人沈某投资设立公司。\n";
        let case = parse("spc-guiding/anlifa215.md", text).expect("parses");
        assert_eq!(case.id, "spc-211");
        assert_eq!(case.number.as_deref(), Some("指导案例211号"));
        assert_eq!(case.published.as_deref(), Some("2022-12-30"));
        assert_eq!(case.keywords, ["行政", "行政公益诉讼", "林业行政管理"]);
        assert_eq!(case.domain.as_deref(), Some("公益诉讼"));
        assert_eq!(case.statutes, ["行政处罚法 第三十五条"]);
        let headings: Vec<&str> = case.sections.iter().map(|(h, _)| h.as_str()).collect();
        assert_eq!(headings, ["裁判要点", "相关法条", "基本案情"]);
        assert_eq!(case.issuer.as_deref(), Some("最高人民法院"));
    }

    #[test]
    fn gazette_summary_then_judgment() {
        let text = "#方某诉某医院医疗损害赔偿纠纷案 \n［裁判摘要］\n\n有风险的医疗行为如果征得患者同意，风险责任应由患者承担。\n\n原告：方某，男。\n\n被告：某医院。\n";
        let case = parse("spc-gazette/FYGB0500.md", text).expect("parses");
        assert_eq!(case.id, "gazette-fygb0500");
        assert_eq!(case.number, None);
        assert_eq!(case.kind, "公报案例");
        let headings: Vec<&str> = case.sections.iter().map(|(h, _)| h.as_str()).collect();
        assert_eq!(headings, ["裁判摘要", "裁判文书"]);
        assert_eq!(case.domain.as_deref(), Some("民事"));
        assert_eq!(case.charges, ["医疗损害赔偿纠纷"]);
    }

    #[test]
    fn bad_input_is_an_error_with_a_reason() {
        assert_eq!(parse("spp-guiding/a.md", "   \n"), Err(SourceError::Empty));
        let no_number = "### 某某案\n\n【要旨】\n\n内容\n";
        assert_eq!(
            parse("spp-guiding/a.md", no_number),
            Err(SourceError::NoNumber)
        );
        let no_sections = "### （检例第5号） 某某案\n\n只有一段文字。\n";
        assert_eq!(
            parse("spp-guiding/a.md", no_sections),
            Err(SourceError::NoSections)
        );
    }

    #[test]
    fn title_on_the_next_line_and_glued_keywords() {
        let text = "### \n（检例第183号）某检察院督促整治行政公益诉讼案\n\n【关键词】\n\n行政公益诉讼诉前程序  国有财产保护\n\n【要旨】\n\n内容\n";
        let case = parse("spp-guiding/alj00185.md", text).expect("parses");
        assert_eq!(case.title, "某检察院督促整治行政公益诉讼案");
        assert_eq!(case.keywords, ["行政公益诉讼诉前程序", "国有财产保护"]);
        let mut notes = Vec::new();
        assert_eq!(
            split_keywords("民事确认合同无效恶意串通财产返还", &mut notes),
            ["民事", "确认合同无效恶意串通财产返还"]
        );
        assert_eq!(notes.len(), 1);
        assert_eq!(
            split_keywords("刑事危险驾驶罪追逐竞驶情节恶劣", &mut notes),
            ["刑事", "危险驾驶罪", "追逐竞驶情节恶劣"]
        );
        assert_eq!(
            strip_list_marks("案例一：邓某销售假冒注册商标的商品案"),
            "邓某销售假冒注册商标的商品案"
        );
        assert_eq!(
            strip_list_marks("1.杨某等人非法吸收公众存款案"),
            "杨某等人非法吸收公众存款案"
        );
        assert_eq!(
            strip_list_marks("宣告缓刑罪犯蔡某等12人减刑监督案 案例一"),
            "宣告缓刑罪犯蔡某等12人减刑监督案"
        );
    }
}
