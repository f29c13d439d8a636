//! The units the baseline searches, read straight from the eval KB's Markdown files.
//!
//! Articles: every policy file under `policies/` in force today, cut at paragraphs that open
//! with `第X条` (or `第X条之Y`) and a space, each keeping only its own text. Cases: every file
//! under `cases/`, its body. The front matter gives only what judging needs (title, short name,
//! status, id); nothing of it is searched.

use std::path::Path;

use anyhow::Context;

/// One article of a policy version in force.
pub struct Article {
    /// The law's title (`中华人民共和国刑法`).
    pub title: String,
    /// Its short name (`刑法`), when the file has one.
    pub short: Option<String>,
    /// Its status as imported (`现行有效`), when the file has one.
    pub status: Option<String>,
    /// The label as written, e.g. `第一百三十三条之一`.
    pub label: String,
    /// The article's lines, label included.
    pub text: String,
}

/// One case document.
pub struct Case {
    pub id: String,
    pub title: String,
    pub text: String,
}

/// Splits `+++` TOML front matter from the body.
fn front_matter(text: &str, file: &Path) -> anyhow::Result<(toml::Table, String)> {
    let rest = text
        .strip_prefix("+++\n")
        .with_context(|| format!("{}:1: no `+++` front matter", file.display()))?;
    let end = rest
        .find("\n+++\n")
        .with_context(|| format!("{}: front matter never closed", file.display()))?;
    let table: toml::Table = rest[..end]
        .parse()
        .with_context(|| format!("{}: front matter is not TOML", file.display()))?;
    Ok((table, rest[end + 5..].to_string()))
}

fn string(table: &toml::Table, key: &str) -> Option<String> {
    match table.get(key)? {
        toml::Value::String(s) => Some(s.clone()),
        toml::Value::Datetime(d) => Some(d.to_string()),
        _ => None,
    }
}

/// The Markdown files under `dir`, sorted so every run indexes in the same order.
fn markdown_files(dir: &Path) -> anyhow::Result<Vec<std::path::PathBuf>> {
    let mut files = Vec::new();
    for entry in walkdir::WalkDir::new(dir).sort_by_file_name() {
        let entry = entry.with_context(|| format!("cannot list {}", dir.display()))?;
        if entry.file_type().is_file() && entry.path().extension().is_some_and(|e| e == "md") {
            files.push(entry.into_path());
        }
    }
    Ok(files)
}

/// Whether a version is in force on `today`: the same rule as `zhijian_kb::units::in_force`,
/// so the baseline searches the versions zhijian searches by default.
fn in_force(status: Option<&str>, effective: Option<&str>, today: &str) -> bool {
    match status {
        Some("已修改" | "已废止" | "失效" | "已失效") => false,
        Some("尚未生效") => effective.is_some_and(|e| e <= today),
        _ => effective.is_none_or(|e| e <= today),
    }
}

/// The articles of every policy under `kb/policies` in force on `today` (`YYYY-MM-DD`).
pub fn articles(kb: &Path, today: &str) -> anyhow::Result<Vec<Article>> {
    let mut out = Vec::new();
    for file in markdown_files(&kb.join("policies"))? {
        let text = std::fs::read_to_string(&file)
            .with_context(|| format!("cannot read {}", file.display()))?;
        let (table, body) = front_matter(&text, &file)?;
        let status = string(&table, "status");
        if !in_force(
            status.as_deref(),
            string(&table, "effective").as_deref(),
            today,
        ) {
            continue;
        }
        let title =
            string(&table, "title").with_context(|| format!("{}: no title", file.display()))?;
        let short = string(&table, "short");
        for (label, text) in split_articles(&body) {
            out.push(Article {
                title: title.clone(),
                short: short.clone(),
                status: status.clone(),
                label,
                text,
            });
        }
    }
    Ok(out)
}

/// Every case under `kb/cases`.
pub fn cases(kb: &Path) -> anyhow::Result<Vec<Case>> {
    let mut out = Vec::new();
    for file in markdown_files(&kb.join("cases"))? {
        let text = std::fs::read_to_string(&file)
            .with_context(|| format!("cannot read {}", file.display()))?;
        let (table, body) = front_matter(&text, &file)?;
        out.push(Case {
            id: string(&table, "id").with_context(|| format!("{}: no id", file.display()))?,
            title: string(&table, "title").unwrap_or_default(),
            text: body,
        });
    }
    Ok(out)
}

/// Whether `line` is an ATX heading (`## 第一章 总则`).
fn is_heading(line: &str) -> bool {
    let level = line.bytes().take_while(|&b| b == b'#').count();
    (1..=6).contains(&level) && (line[level..].is_empty() || line[level..].starts_with([' ', '\t']))
}

/// The label `第X条` or `第X条之Y` opening `line` and followed by a space, a tab, `**` or the
/// end of the line (so `第五条规定…` is a reference, not an article).
fn article_label(line: &str) -> Option<&str> {
    let body = line.strip_prefix("**").unwrap_or(line);
    let numeral = |c: char| "零〇一二三四五六七八九十百千万".contains(c);
    let rest = body.strip_prefix('第')?;
    let digits = rest.len() - rest.trim_start_matches(numeral).len();
    let after = rest[digits..].strip_prefix('条').filter(|_| digits > 0)?;
    let mut end = body.len() - after.len();
    if let Some(sub) = after.strip_prefix('之') {
        let sub_digits = sub.len() - sub.trim_start_matches(numeral).len();
        if sub_digits > 0 {
            end = body.len() - sub.len() + sub_digits;
        }
    }
    let tail = &body[end..];
    let ends =
        tail.is_empty() || tail.starts_with([' ', '\u{3000}', '\t']) || tail.starts_with("**");
    ends.then(|| &body[..end])
}

/// The articles of a statute body as (label, text): an article runs from its label to the
/// next article or heading; blank lines are dropped.
fn split_articles(body: &str) -> Vec<(String, String)> {
    let mut out: Vec<(String, String)> = Vec::new();
    let mut open = false;
    for line in body.lines().map(str::trim).filter(|l| !l.is_empty()) {
        if is_heading(line) {
            open = false;
        } else if let Some(label) = article_label(line) {
            out.push((label.to_string(), line.to_string()));
            open = true;
        } else if let Some((_, text)) = out.last_mut().filter(|_| open) {
            text.push('\n');
            text.push_str(line);
        }
    }
    out
}

/// Today's date as `YYYY-MM-DD`: `ZHIJIAN_TODAY` when set (as zhijian honours it), else the
/// UTC date of the system clock, as `zhijian index` decides which versions are in force.
pub fn today() -> String {
    if let Some(day) = std::env::var("ZHIJIAN_TODAY")
        .ok()
        .filter(|d| !d.is_empty())
    {
        return day;
    }
    let days = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0, |d| d.as_secs() / 86_400) as i64;
    civil_date(days)
}

/// The proleptic Gregorian date `days` after 1970-01-01 (H. Hinnant's `civil_from_days`).
fn civil_date(days: i64) -> String {
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z.rem_euclid(146_097);
    let yoe = (doe - doe / 1_460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let day = doy - (153 * mp + 2) / 5 + 1;
    let month = if mp < 10 { mp + 3 } else { mp - 9 };
    let year = yoe + era * 400 + i64::from(month <= 2);
    format!("{year:04}-{month:02}-{day:02}")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn articles_split_at_labels_not_at_references_and_end_at_headings() {
        let body = "# 示例法\n\n序言。\n\n## 第一章 总则\n\n第一条　为了示例。\n\n第二款。\n\n\
                    第五条规定的情形除外。\n\n## 第二章 分则\n\n章内说明。\n\n**第一百三十三条之一** 醉驾。\n\n第二条\n";
        let split = split_articles(body);
        let labels: Vec<&str> = split.iter().map(|(l, _)| l.as_str()).collect();
        assert_eq!(labels, ["第一条", "第一百三十三条之一", "第二条"]);
        assert_eq!(
            split[0].1,
            "第一条　为了示例。\n第二款。\n第五条规定的情形除外。"
        );
        assert_eq!(split[1].1, "**第一百三十三条之一** 醉驾。");
        assert_eq!(article_label("第十条之　"), None);
        assert_eq!(article_label("第十条　"), Some("第十条"));
        assert_eq!(article_label("第条　"), None);
    }

    #[test]
    fn front_matter_gives_fields_and_body() {
        let text = "+++\ntitle = \"刑法\"\neffective = 2021-03-01\n+++\n正文\n";
        let (table, body) = front_matter(text, Path::new("x.md")).expect("parses");
        assert_eq!(string(&table, "effective").as_deref(), Some("2021-03-01"));
        assert_eq!(string(&table, "title").as_deref(), Some("刑法"));
        assert_eq!(body, "正文\n");
        assert!(front_matter("正文", Path::new("x.md")).is_err());
    }

    #[test]
    fn versions_in_force_and_dates() {
        assert!(in_force(Some("现行有效"), Some("2021-03-01"), "2026-01-01"));
        assert!(!in_force(
            Some("现行有效"),
            Some("2027-03-01"),
            "2026-01-01"
        ));
        assert!(!in_force(Some("已修改"), None, "2026-01-01"));
        assert_eq!(civil_date(0), "1970-01-01");
        assert_eq!(civil_date(20_454), "2026-01-01");
        assert_eq!(civil_date(11_016), "2000-02-29");
    }
}
