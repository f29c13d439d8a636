//! `zhijian import cases SRC [--dest DIR]`: published case files → case documents.
//!
//! Every source file is read on its own; a file that cannot be read is reported with
//! its reason and the run goes on. Ids come from the case number (or the file name),
//! so a re-run rewrites the same files in place.

use std::collections::{BTreeMap, HashMap};
use std::path::{Path, PathBuf};

use serde::Serialize;
use zhijian_kb::Kb;
use zhijian_kb::index::{self, NoProgress};
use zhijian_kb::write::atomic_write;
use zhijian_plugin_api::{Format, Host, Request, Response};

use crate::error::CasesError;
use crate::source::{self, ParsedCase, find_number};
use zhijian_plugin_support::text::{pad, widest};

/// One file that was not imported.
#[derive(Debug, Clone, Serialize, PartialEq, Eq)]
pub struct Skipped {
    /// The source path relative to SRC.
    pub path: String,
    /// Why.
    pub reason: String,
}

/// What an import did (the `--json` shape).
#[derive(Debug, Clone, Default, Serialize)]
pub struct ImportSummary {
    /// New case files written.
    pub imported: usize,
    /// Existing case files rewritten because their content changed.
    pub updated: usize,
    /// Source files not imported, with the reason.
    pub skipped: Vec<Skipped>,
    /// Cases read, by kind.
    pub kinds: BTreeMap<String, usize>,
    /// Notes on files that were imported anyway (unreadable citations …); printed as warnings.
    #[serde(skip)]
    pub notes: Vec<String>,
    /// Files whose content was already up to date.
    #[serde(skip)]
    pub unchanged: usize,
}

/// Runs the importer command.
pub fn run(request: &Request, host: &dyn Host) -> Result<Response, CasesError> {
    let kb = zhijian_plugin_support::open_kb(host)?;
    let src = PathBuf::from(
        request
            .arg_str("src")
            .ok_or_else(|| CasesError::Usage("missing SRC".into()))?,
    );
    let dest = request.arg_str("dest").unwrap_or("cases");
    let dest = if Path::new(dest).is_absolute() {
        PathBuf::from(dest)
    } else {
        kb.root().join(dest)
    };
    let summary = import(&kb, &src, &dest)?;
    let mut warnings: Vec<String> = summary.notes.clone();
    if let Err(e) = index::update(&kb, false, &NoProgress) {
        warnings.push(format!(
            "the index was not updated ({e}); run `zhijian index`"
        ));
    }
    let output = match request.format {
        Format::Json => {
            serde_json::to_string(&summary).map_err(|e| CasesError::Usage(e.to_string()))? + "\n"
        }
        _ => render(&summary),
    };
    let mut response = Response::new(output);
    for w in warnings {
        response = response.warning(w);
    }
    Ok(response)
}

/// Imports every `.md` file under `src` into `dest` (inside the knowledge base `kb`).
pub fn import(kb: &Kb, src: &Path, dest: &Path) -> Result<ImportSummary, CasesError> {
    let files = markdown_files(src)?;
    std::fs::create_dir_all(dest).map_err(|e| CasesError::File {
        path: dest.display().to_string(),
        message: format!("cannot create: {e}"),
    })?;
    let taken = existing_numbers(kb, dest)?;
    let mut summary = ImportSummary::default();
    let mut seen_ids: HashMap<String, String> = HashMap::new();
    let mut seen_numbers: HashMap<String, String> = HashMap::new();
    for (abs, rel) in files {
        let skip = |summary: &mut ImportSummary, reason: String| {
            summary.skipped.push(Skipped {
                path: rel.clone(),
                reason,
            })
        };
        let bytes = match std::fs::read(&abs) {
            Ok(b) => b,
            Err(e) => {
                skip(&mut summary, format!("cannot read: {e}"));
                continue;
            }
        };
        let text = match std::str::from_utf8(bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(&bytes))
        {
            Ok(t) => t.to_string(),
            Err(e) => {
                skip(
                    &mut summary,
                    format!("not valid UTF-8 (byte {})", e.valid_up_to()),
                );
                continue;
            }
        };
        let case = match source::parse(&rel, &text) {
            Ok(c) => c,
            Err(e) => {
                skip(&mut summary, e.to_string());
                continue;
            }
        };
        if let Some(number) = &case.number {
            if let Some(first) = seen_numbers.get(number) {
                skip(
                    &mut summary,
                    format!("duplicate number {number} (also in {first})"),
                );
                continue;
            }
            if let Some(owner) = taken
                .get(number)
                .filter(|p| **p != format!("{}.md", case.id))
            {
                skip(
                    &mut summary,
                    format!(
                        "duplicate number {number} (already used by {owner} in the knowledge base)"
                    ),
                );
                continue;
            }
            seen_numbers.insert(number.clone(), rel.clone());
        }
        if let Some(first) = seen_ids.get(&case.id) {
            skip(
                &mut summary,
                format!("duplicate id `{}` (also from {first})", case.id),
            );
            continue;
        }
        seen_ids.insert(case.id.clone(), rel.clone());
        summary
            .notes
            .extend(case.notes.iter().map(|n| format!("{rel}: {n}")));
        let target = dest.join(format!("{}.md", case.id));
        let content = render_document(&case);
        let old = std::fs::read(&target).ok();
        if old.as_deref() != Some(content.as_bytes()) {
            atomic_write(&target, content.as_bytes(), None)?;
            if old.is_some() {
                summary.updated += 1;
            } else {
                summary.imported += 1;
            }
        } else {
            summary.unchanged += 1;
        }
        *summary.kinds.entry(case.kind.clone()).or_default() += 1;
    }
    Ok(summary)
}

/// Every Markdown file under `src`, sorted, as (absolute path, path relative to `src`).
fn markdown_files(src: &Path) -> Result<Vec<(PathBuf, String)>, CasesError> {
    let meta = std::fs::metadata(src).map_err(|e| CasesError::File {
        path: src.display().to_string(),
        message: format!("cannot read: {e}"),
    })?;
    if meta.is_file() {
        let name = src
            .file_name()
            .map(|n| n.to_string_lossy().to_string())
            .unwrap_or_default();
        let parent = src
            .parent()
            .and_then(Path::file_name)
            .map(|n| n.to_string_lossy().to_string());
        let rel = parent.map_or(name.clone(), |p| format!("{p}/{name}"));
        return Ok(vec![(src.to_path_buf(), rel)]);
    }
    let mut out = Vec::new();
    let mut stack = vec![src.to_path_buf()];
    while let Some(dir) = stack.pop() {
        let entries = std::fs::read_dir(&dir).map_err(|e| CasesError::File {
            path: dir.display().to_string(),
            message: format!("cannot read: {e}"),
        })?;
        for entry in entries.flatten() {
            let path = entry.path();
            let name = entry.file_name().to_string_lossy().to_string();
            if name.starts_with('.') {
                continue;
            }
            match entry.file_type() {
                Ok(t) if t.is_dir() => stack.push(path),
                Ok(t) if t.is_file() && (name.ends_with(".md") || name.ends_with(".markdown")) => {
                    let rel = path
                        .strip_prefix(src)
                        .unwrap_or(&path)
                        .to_string_lossy()
                        .replace('\\', "/");
                    out.push((path, rel));
                }
                _ => {}
            }
        }
    }
    out.sort_by(|a, b| a.1.cmp(&b.1));
    Ok(out)
}

/// Numbers already used by case files of the knowledge base, with their file name
/// (only files directly in `dest` may be rewritten by this import).
fn existing_numbers(kb: &Kb, dest: &Path) -> Result<HashMap<String, String>, CasesError> {
    let mut out = HashMap::new();
    for doc in kb.load_all()?.documents {
        if !doc.is("case") {
            continue;
        }
        let Some(number) = doc.str_field("number").and_then(find_number) else {
            continue;
        };
        let in_dest = kb.root().join(&doc.path).parent() == Some(dest);
        let name = if in_dest {
            doc.path.rsplit('/').next().unwrap_or(&doc.path).to_string()
        } else {
            doc.path.clone()
        };
        out.insert(number, name);
    }
    Ok(out)
}

fn toml_str(s: &str) -> String {
    toml::Value::String(s.to_string()).to_string()
}

fn toml_list(items: &[String]) -> String {
    let parts: Vec<String> = items.iter().map(|s| toml_str(s)).collect();
    format!("[{}]", parts.join(", "))
}

/// The case as a knowledge-base document: TOML front matter and `##` sections.
pub fn render_document(case: &ParsedCase) -> String {
    let mut out = String::from("+++\n");
    out.push_str(&format!("id = {}\n", toml_str(&case.id)));
    out.push_str("type = \"case\"\n");
    out.push_str(&format!("title = {}\n", toml_str(&case.title)));
    if let Some(n) = &case.number {
        out.push_str(&format!("number = {}\n", toml_str(n)));
    }
    out.push_str(&format!("kind = {}\n", toml_str(&case.kind)));
    if let Some(d) = &case.domain {
        out.push_str(&format!("domain = {}\n", toml_str(d)));
    }
    out.push_str(&format!("charges = {}\n", toml_list(&case.charges)));
    out.push_str(&format!("keywords = {}\n", toml_list(&case.keywords)));
    if let Some(i) = &case.issuer {
        out.push_str(&format!("issuer = {}\n", toml_str(i)));
    }
    if let Some(b) = &case.batch {
        out.push_str(&format!("batch = {}\n", toml_str(b)));
    }
    if let Some(p) = &case.published {
        out.push_str(&format!("published = {p}\n"));
    }
    out.push_str(&format!("statutes = {}\n", toml_list(&case.statutes)));
    out.push_str(&format!("source = {}\n", toml_str(&case.source)));
    out.push_str("+++\n");
    for (heading, text) in &case.sections {
        out.push_str(&format!("\n## {heading}\n"));
        for paragraph in text.split("\n\n") {
            let p = paragraph.trim();
            if p.is_empty() || p.chars().all(|c| c == '=' || c == '-') {
                continue;
            }
            out.push('\n');
            out.push_str(&escape_block_start(p));
            out.push('\n');
        }
    }
    out
}

/// Keeps a paragraph from being read as a heading, quote or HTML block.
fn escape_block_start(p: &str) -> String {
    match p.chars().next() {
        Some('#' | '>' | '<' | '|' | '+' | '=') => format!("\\{p}"),
        Some('-' | '*') if p.chars().nth(1).is_some_and(char::is_whitespace) => format!("\\{p}"),
        _ => p.to_string(),
    }
}

fn render(summary: &ImportSummary) -> String {
    let total: usize = summary.kinds.values().sum();
    let mut out = format!(
        "读取 {total} 件案例：新增 {}，更新 {}，未变 {}，跳过 {}\n",
        summary.imported,
        summary.updated,
        summary.unchanged,
        summary.skipped.len()
    );
    let width = widest(summary.kinds.keys().map(String::as_str));
    for (kind, count) in &summary.kinds {
        out.push_str(&format!("  {}  {count:>5}\n", pad(kind, width)));
    }
    if !summary.skipped.is_empty() {
        out.push_str("跳过：\n");
        for s in &summary.skipped {
            out.push_str(&format!("  {}: {}\n", s.path, s.reason));
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn documents_load_back_with_their_fields() {
        let case = source::parse(
            "spp-guiding/a.md",
            "### （检例第7号） 某某案\n\n【关键词】\n\n醉驾\n\n【要旨】\n\n> 不是引用\n\n【相关规定】\n\n《刑法》第234条\n",
        )
        .expect("parses");
        let text = render_document(&case);
        let doc = zhijian_kb::load::load(
            "cases/spp-7.md",
            text.as_bytes(),
            &crate::declare_types(zhijian_kb::Types::builder()).build(),
        )
        .expect("loads")
        .document;
        assert_eq!(doc.id, "spp-7");
        assert_eq!(doc.str_field("number"), Some("检例第7号"));
        assert_eq!(doc.list_field("statutes"), ["刑法 第二百三十四条"]);
        assert_eq!(doc.list_field("keywords"), ["醉驾"]);
        let headings: Vec<&str> = doc
            .markdown
            .sections
            .iter()
            .map(|s| s.heading.as_str())
            .collect();
        assert_eq!(headings, ["要旨", "相关规定"]);
        assert_eq!(doc.markdown.sections[0].text, "> 不是引用");
    }
}
