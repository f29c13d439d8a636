//! Reading one LawRefBook Markdown file: title, date lines, body.

use crate::article::split_articles;

/// A date as `YYYY-MM-DD` text, as the importer writes it into front matter.
fn parse_date(text: &str) -> Option<String> {
    zhijian_kb::time::parse_date(text).map(|d| d.to_string())
}

/// The marker that ends LawRefBook's date and event lines.
pub const INFO_END: &str = "<!-- INFO END -->";

/// What one file says about itself.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LawFile {
    /// The `# title` line.
    pub title: String,
    /// A second level-1 heading naming a part (民法典's 总则, 物权编 …).
    pub part: Option<String>,
    /// The date and event lines.
    pub info: Vec<String>,
    /// The text as found (byte-order mark removed).
    pub text: String,
    /// Number of articles (第X条).
    pub articles: usize,
    /// Problems worth reporting; the file is still imported.
    pub warnings: Vec<String>,
}

/// Parses a file's text; `Err` says why it cannot be imported at all.
pub fn parse(text: &str) -> Result<LawFile, String> {
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    let mut lines = text
        .lines()
        .enumerate()
        .map(|(i, l)| (i + 1, l.trim()))
        .filter(|(_, l)| !l.is_empty());
    let title = match lines.next() {
        Some((_, line)) if line.starts_with("# ") => line[2..].trim().to_string(),
        Some((n, _)) => return Err(format!("line {n}: the first line is not a `# title`")),
        None => return Err("the file is empty".into()),
    };
    if title.is_empty() {
        return Err("line 1: the title is empty".into());
    }
    let mut part = None;
    let mut info = Vec::new();
    let mut warnings = Vec::new();
    let mut ended = false;
    for (_, line) in lines.by_ref() {
        if line == INFO_END {
            ended = true;
            break;
        }
        if let Some(p) = line.strip_prefix("# ")
            && part.is_none()
            && info.is_empty()
        {
            part = Some(p.trim().to_string());
            continue;
        }
        info.push(line.to_string());
    }
    if !ended {
        warnings.push(format!("no `{INFO_END}` line: dates were read from the lines before the first heading or article"));
        info.retain(|l| !l.starts_with('#'));
        let split = split_articles(text);
        let first = split
            .articles
            .first()
            .map(|a| a.text.lines().next().unwrap_or("").to_string());
        if let Some(first) = first
            && let Some(pos) = info.iter().position(|l| *l == first)
        {
            info.truncate(pos);
        }
        info.truncate(12);
    }
    let split = split_articles(text);
    for problem in &split.problems {
        warnings.push(format!("line {}: {}", problem.line, problem.message));
    }
    if split.articles.is_empty() {
        warnings.push("no articles (第X条): imported as one text".into());
    }
    Ok(LawFile {
        title,
        part,
        info,
        text: text.to_string(),
        articles: split.articles.len(),
        warnings,
    })
}

/// The `(YYYY-MM-DD)` at the end of a file stem, and the stem without it.
pub fn stem_date(stem: &str) -> (&str, Option<String>) {
    if let Some(open) = stem.rfind('(')
        && stem.ends_with(')')
        && let Some(date) = parse_date(&stem[open + 1..stem.len() - 1])
    {
        return (stem[..open].trim_end(), Some(date));
    }
    (stem, None)
}

/// Every `YYYY年M月D日` date in a line, as `YYYY-MM-DD`.
pub fn dates_in(line: &str) -> Vec<String> {
    let chars: Vec<char> = line.chars().collect();
    let mut out = Vec::new();
    let mut i = 0;
    while i < chars.len() {
        if chars[i].is_ascii_digit() {
            let start = i;
            while i < chars.len() && !matches!(chars[i], '日') && i - start < 12 {
                i += 1;
            }
            if i < chars.len() && chars[i] == '日' {
                let candidate: String = chars[start..=i].iter().collect();
                if let Some(date) = parse_date(&candidate) {
                    out.push(date);
                    i += 1;
                    continue;
                }
            }
            i = start + 1;
        } else {
            i += 1;
        }
    }
    out
}

/// Dates read from the info lines: (promulgated, effective).
///
/// The effective date is the date on the last line that says 施行; the promulgation
/// date is the latest date on any other line.
pub fn info_dates(info: &[String]) -> (Option<String>, Option<String>) {
    let mut promulgated: Option<String> = None;
    let mut effective = None;
    for line in info {
        let dates = dates_in(line);
        if line.contains("施行") && !line.contains("通过") && !line.contains("公布") {
            if let Some(d) = dates.last() {
                effective = Some(d.clone());
            }
        } else if let Some(d) = dates.iter().max()
            && promulgated.as_ref().is_none_or(|p| d > p)
        {
            promulgated = Some(d.clone());
        }
    }
    (promulgated, effective)
}

/// The issuer named in the info lines, when it is one of the usual ones.
pub fn issuer(title: &str, info: &[String]) -> Option<String> {
    let text = info.join(" ");
    let known = [
        "全国人民代表大会常务委员会",
        "全国人民代表大会",
        "国务院",
        "最高人民法院、最高人民检察院",
        "最高人民检察院",
        "最高人民法院",
    ];
    known
        .iter()
        .find(|k| text.contains(*k))
        .or_else(|| known.iter().find(|k| title.starts_with(*k)))
        .map(|k| k.to_string())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_lawrefbook_file_is_read() {
        let text = "\u{feff}# 中华人民共和国示例法\n\n2020年1月2日 第一次会议通过\n\n2020年3月1日 施行\n\n<!-- INFO END -->\n\n## 第一章 总则\n\n第一条 为了示例。\n\n第二条 第二条。\n";
        let law = parse(text).expect("parses");
        assert_eq!(law.title, "中华人民共和国示例法");
        assert_eq!(law.part, None);
        assert_eq!(law.info.len(), 2);
        assert_eq!(law.articles, 2);
        assert!(law.warnings.is_empty(), "{:?}", law.warnings);
        assert_eq!(
            info_dates(&law.info),
            (Some("2020-01-02".into()), Some("2020-03-01".into()))
        );
        assert_eq!(issuer(&law.title, &law.info), None);
    }

    #[test]
    fn parts_missing_markers_and_bad_files_are_reported() {
        let law = parse("# 中华人民共和国民法典\n\n# 总则\n\n2020年5月28日 全国人民代表大会通过\n\n第一条 甲。\n\n第一条 乙。\n")
            .expect("parses");
        assert_eq!(law.part.as_deref(), Some("总则"));
        assert_eq!(law.info, ["2020年5月28日 全国人民代表大会通过"]);
        assert_eq!(
            issuer(&law.title, &law.info).as_deref(),
            Some("全国人民代表大会")
        );
        assert_eq!(law.warnings.len(), 2, "{:?}", law.warnings);
        assert!(law.warnings[0].starts_with("no `<!-- INFO END -->` line"));
        assert_eq!(
            law.warnings[1],
            "line 9: article 第一条 appears twice (first at line 7)"
        );
        assert_eq!(
            parse("没有标题\n").expect_err("no title"),
            "line 1: the first line is not a `# title`"
        );
        assert_eq!(parse("\n\n").expect_err("empty"), "the file is empty");
        let decision = parse("# 关于修改某法的决定\n\n<!-- INFO END -->\n\n一、将第一条修改为：\n")
            .expect("parses");
        assert_eq!(
            decision.warnings,
            ["no articles (第X条): imported as one text"]
        );
    }

    #[test]
    fn dates_from_names_and_lines() {
        assert_eq!(
            stem_date("民事诉讼法(2023-09-01)"),
            ("民事诉讼法", Some("2023-09-01".into()))
        );
        assert_eq!(stem_date("刑法"), ("刑法", None));
        assert_eq!(stem_date("某法(草案)"), ("某法(草案)", None));
        assert_eq!(
            dates_in("2019年12月30日 施行，1999年1月1日废止"),
            ["2019-12-30", "1999-01-01"]
        );
        assert!(dates_in("第1条 2019年13月40日").is_empty());
        assert_eq!(info_dates(&["自公布之日起施行".to_string()]), (None, None));
    }
}
