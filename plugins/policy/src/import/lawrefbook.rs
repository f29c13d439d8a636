//! Importing a LawRefBook folder into policy documents.
//!
//! Two passes: every file is read and dated first, then the versions of each law
//! (files sharing a title) are ordered so the older ones can be marked 已修改, and
//! only then is anything written. A file that is written again with the same
//! `source` updates the file it wrote before, so re-running never duplicates.

use std::collections::HashMap;
use std::path::{Path, PathBuf};

use serde::Serialize;
use zhijian_kb::write::atomic_write;

use super::db::{self, LawRow};
use super::parse::{LawFile, info_dates, issuer, parse, stem_date};
use crate::PolicyError;

/// What an import did: `{"imported":N,"updated":N,"skipped":[…]}` plus detail.
#[derive(Debug, Default, Clone, Serialize)]
pub struct ImportSummary {
    /// New files written.
    pub imported: usize,
    /// Existing files rewritten because the source changed.
    pub updated: usize,
    /// Files that could not be imported, with the reason.
    pub skipped: Vec<Skipped>,
    /// Existing files already up to date.
    pub unchanged: usize,
    /// Files imported with something worth a look (no articles, unknown dates …).
    pub warnings: Vec<Skipped>,
    /// Whether `db.sqlite3` was found and used.
    pub database: bool,
}

/// One file and what was wrong with it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Skipped {
    /// The path relative to the import source.
    pub path: String,
    /// Why, lower-case.
    pub reason: String,
}

/// One file ready to be written.
#[derive(Debug)]
struct Planned {
    rel: String,
    law: LawFile,
    title: String,
    short: String,
    category: String,
    issuer: Option<String>,
    promulgated: Option<String>,
    effective: Option<String>,
    version: Option<String>,
    expired: bool,
    status: String,
    id: String,
}

/// Imports the LawRefBook folder `src` into the folder `dest` (inside a knowledge base).
pub fn import_lawrefbook(src: &Path, dest: &Path) -> Result<ImportSummary, PolicyError> {
    if !src.is_dir() {
        return Err(PolicyError::Import(format!(
            "{} is not a folder",
            src.display()
        )));
    }
    let mut summary = ImportSummary::default();
    let db_path = src.join("db.sqlite3");
    let rows = if db_path.is_file() {
        summary.database = true;
        db::read(&db_path)?
    } else {
        Vec::new()
    };
    let mut files = Vec::new();
    collect(src, src, &mut files)?;
    files.sort();
    let mut planned = Vec::new();
    for (rel, path) in files {
        if rel.starts_with("案例/") {
            summary.skipped.push(Skipped {
                path: rel,
                reason: "a case collection, not a policy".into(),
            });
            continue;
        }
        let text = match std::fs::read(&path) {
            Ok(bytes) => match String::from_utf8(bytes) {
                Ok(text) => text,
                Err(_) => {
                    summary.skipped.push(Skipped {
                        path: rel,
                        reason: "not UTF-8 text".into(),
                    });
                    continue;
                }
            },
            Err(e) => {
                summary.skipped.push(Skipped {
                    path: rel,
                    reason: format!("cannot read: {e}"),
                });
                continue;
            }
        };
        match parse(&text) {
            Ok(law) => planned.push(plan(rel, law, &rows)),
            Err(reason) => summary.skipped.push(Skipped { path: rel, reason }),
        }
    }
    set_statuses(&mut planned);
    unique_ids(&mut planned);
    let existing = existing_sources(dest);
    for item in &planned {
        for warning in &item.law.warnings {
            summary.warnings.push(Skipped {
                path: item.rel.clone(),
                reason: warning.clone(),
            });
        }
        let target = match existing.get(&item.rel) {
            Some(path) => path.clone(),
            None => {
                let dir = Path::new(&item.rel).parent().unwrap_or(Path::new(""));
                dest.join(dir).join(format!("{}.md", item.id))
            }
        };
        let content = render(item);
        match std::fs::read(&target) {
            Ok(old) if old == content.as_bytes() => summary.unchanged += 1,
            Ok(_) => {
                write(&target, &content)?;
                summary.updated += 1;
            }
            Err(_) => {
                write(&target, &content)?;
                summary.imported += 1;
            }
        }
    }
    Ok(summary)
}

fn write(target: &Path, content: &str) -> Result<(), PolicyError> {
    if let Some(dir) = target.parent() {
        std::fs::create_dir_all(dir).map_err(|e| zhijian_kb::KbError::io(dir, e))?;
    }
    atomic_write(target, content.as_bytes(), None)?;
    Ok(())
}

/// Every Markdown file under `dir`, as (path relative to `root`, path).
fn collect(root: &Path, dir: &Path, out: &mut Vec<(String, PathBuf)>) -> Result<(), PolicyError> {
    let entries = std::fs::read_dir(dir).map_err(|e| zhijian_kb::KbError::io(dir, e))?;
    for entry in entries.flatten() {
        let path = entry.path();
        let name = entry.file_name().to_string_lossy().to_string();
        if name.starts_with('.') {
            continue;
        }
        let Ok(kind) = entry.file_type() else {
            continue;
        };
        if kind.is_dir() {
            collect(root, &path, out)?;
        } else if kind.is_file() && name.ends_with(".md") && name != "README.md" {
            let rel = path.strip_prefix(root).unwrap_or(&path);
            let rel = rel
                .components()
                .map(|c| c.as_os_str().to_string_lossy())
                .collect::<Vec<_>>()
                .join("/");
            out.push((rel, path));
        }
    }
    Ok(())
}

/// Dates, names and category of one file, from the database when it has a row for it.
fn plan(rel: String, mut law: LawFile, rows: &[LawRow]) -> Planned {
    let path = Path::new(&rel);
    let folder = path
        .parent()
        .map(|p| p.to_string_lossy().replace('\\', "/"))
        .unwrap_or_default();
    let file_stem = path
        .file_stem()
        .map(|s| s.to_string_lossy().to_string())
        .unwrap_or_default();
    let (stem, file_date) = stem_date(&file_stem);
    let row = db::find(rows, &folder, stem, file_date.as_deref());
    let (info_promulgated, info_effective) = info_dates(&law.info);
    let nonempty = |s: &str| {
        (!s.is_empty())
            .then(|| s.to_string())
            .and_then(|s| zhijian_kb::time::parse_date(&s).map(|d| d.to_string()))
    };
    let version = row
        .and_then(|r| nonempty(&r.publish))
        .or(file_date)
        .or_else(|| info_promulgated.clone());
    let effective = row
        .and_then(|r| nonempty(&r.valid_from))
        .or(info_effective)
        .or_else(|| {
            law.info
                .iter()
                .any(|l| l.contains("公布之日起施行") || l.contains("发布之日起施行"))
                .then(|| version.clone())
                .flatten()
        });
    if version.is_none() {
        law.warnings
            .push("unknown dates: no date in the file name, the date lines or the database".into());
    } else if effective.is_none() {
        law.warnings.push("unknown effective date".into());
    }
    let base_short = law
        .title
        .strip_prefix("中华人民共和国")
        .filter(|s| !s.is_empty())
        .unwrap_or(&law.title)
        .to_string();
    let (title, short) = match &law.part {
        Some(part) => (
            format!("{}·{part}", law.title),
            format!("{base_short}·{part}"),
        ),
        None => (law.title.clone(), base_short),
    };
    let top = rel.split('/').next().unwrap_or("");
    let category = match row.map(|r| r.level.as_str()) {
        Some(level) if !level.is_empty() => level.to_string(),
        _ => match top {
            "宪法" | "行政法规" | "司法解释" | "部门规章" => top.to_string(),
            "其他" => "规范性文件".to_string(),
            _ => "法律".to_string(),
        },
    };
    Planned {
        issuer: issuer(&law.title, &law.info),
        promulgated: version.clone(),
        id: make_id(&title, version.as_deref()),
        expired: row.is_some_and(|r| r.expired),
        status: String::new(),
        rel,
        law,
        title,
        short,
        category,
        effective,
        version,
    }
}

/// 已修改 for every version but the latest of a title; the latest is 已废止 when the
/// database marks it expired, 尚未生效 before its effective date, else 现行有效.
fn set_statuses(planned: &mut [Planned]) {
    let today = zhijian_kb::time::today().to_string();
    let mut groups: HashMap<String, Vec<usize>> = HashMap::new();
    for (i, item) in planned.iter().enumerate() {
        groups.entry(item.title.clone()).or_default().push(i);
    }
    for members in groups.values_mut() {
        members.sort_by(|&a, &b| {
            planned[a]
                .version
                .cmp(&planned[b].version)
                .then(planned[a].rel.cmp(&planned[b].rel))
        });
        let last = members.len() - 1;
        for (n, &i) in members.iter().enumerate() {
            let item = &mut planned[i];
            item.status = if n < last {
                "已修改"
            } else if item.expired {
                "已废止"
            } else if item
                .effective
                .as_deref()
                .is_some_and(|e| e > today.as_str())
            {
                "尚未生效"
            } else {
                "现行有效"
            }
            .to_string();
        }
    }
}

/// Makes ids unique in path order by appending -2, -3 …
fn unique_ids(planned: &mut [Planned]) {
    let mut seen: HashMap<String, usize> = HashMap::new();
    for item in planned.iter_mut() {
        let count = seen.entry(item.id.clone()).or_insert(0);
        *count += 1;
        if *count > 1 {
            item.id = format!("{}-{count}", item.id);
        }
    }
}

/// `title-YYYY-MM-DD` made safe as an id and a file name.
pub fn make_id(title: &str, version: Option<&str>) -> String {
    let mut id: String = title
        .chars()
        .map(|c| {
            if c.is_control()
                || c.is_whitespace()
                || matches!(c, '/' | '\\' | ':' | '*' | '?' | '"' | '<' | '>' | '|')
            {
                '-'
            } else {
                c
            }
        })
        .collect();
    while id.contains("..") {
        id = id.replace("..", ".");
    }
    let mut id = id.trim_start_matches(['.', '-']).to_string();
    // Ids may be at most 200 bytes; keep room for the date and a -N suffix.
    while id.len() > 180 {
        id.pop();
    }
    if id.is_empty() {
        id = "policy".into();
    }
    match version {
        Some(v) => format!("{id}-{v}"),
        None => id,
    }
}

/// The files under `dest` that an earlier import wrote, by their `source`.
fn existing_sources(dest: &Path) -> HashMap<String, PathBuf> {
    let mut files = Vec::new();
    if collect(dest, dest, &mut files).is_err() {
        return HashMap::new();
    }
    let mut out = HashMap::new();
    for (_, path) in files {
        let Ok(text) = std::fs::read_to_string(&path) else {
            continue;
        };
        let Ok(split) = zhijian_kb::frontmatter::split(&text) else {
            continue;
        };
        let Some(front) = split.front else { continue };
        let Ok(table) = front.parse::<toml::Table>() else {
            continue;
        };
        if let Some(source) = table.get("source").and_then(toml::Value::as_str) {
            out.entry(source.to_string()).or_insert(path);
        }
    }
    out
}

fn toml_str(text: &str) -> String {
    toml::Value::String(text.to_string()).to_string()
}

/// The file: TOML front matter, then the text as found.
fn render(item: &Planned) -> String {
    let mut fields: Vec<String> = Vec::new();
    let mut push = |line: String| fields.push(line);
    push(format!("id = {}", toml_str(&item.id)));
    push("type = \"policy\"".into());
    push(format!("title = {}", toml_str(&item.title)));
    push(format!("short = {}", toml_str(&item.short)));
    push(format!("category = {}", toml_str(&item.category)));
    if let Some(issuer) = &item.issuer {
        push(format!("issuer = {}", toml_str(issuer)));
    }
    if let Some(d) = &item.promulgated {
        push(format!("promulgated = {d}"));
    }
    if let Some(d) = &item.effective {
        push(format!("effective = {d}"));
    }
    push(format!("status = {}", toml_str(&item.status)));
    if let Some(v) = &item.version {
        push(format!("version = {}", toml_str(v)));
    }
    push(format!("source = {}", toml_str(&item.rel)));
    let mut out = String::from("+++\n");
    for line in &fields {
        out.push_str(line);
        out.push('\n');
    }
    out.push_str("+++\n");
    out.push_str(&item.law.text);
    if !out.ends_with('\n') {
        out.push('\n');
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ids_are_safe_and_dated() {
        assert_eq!(
            make_id("中华人民共和国刑法", Some("2020-12-26")),
            "中华人民共和国刑法-2020-12-26"
        );
        assert_eq!(make_id("../a/b c", None), "a-b-c");
        assert_eq!(make_id("", None), "policy");
        let long = "法".repeat(100);
        assert!(zhijian_kb::document::validate_id(&make_id(&long, Some("2020-01-01"))).is_ok());
    }
}
