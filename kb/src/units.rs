//! Cutting a document into searchable units: the whole document, each policy
//! article (第X条) and each case section (要旨, 基本案情 …).
//!
//! A hit can then be one article or one section rather than a whole file.

use serde_json::{Map, Value, json};

use crate::article::split_articles;
use crate::document::{DocType, Document};

/// What part of a document a unit is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum UnitKind {
    /// The whole document (for a policy with articles: its title and preamble).
    Doc,
    /// One article of a policy.
    Article,
    /// One section of a case, found only when searching by section.
    Section,
}

impl UnitKind {
    /// The stored name.
    pub fn as_str(self) -> &'static str {
        match self {
            UnitKind::Doc => "doc",
            UnitKind::Article => "article",
            UnitKind::Section => "section",
        }
    }
}

/// One index document.
#[derive(Debug, Clone)]
pub struct Unit {
    /// Unique key: the id, or `id#第X条` / `id#要旨`.
    pub uid: String,
    /// The document id.
    pub id: String,
    /// The document's path relative to the root.
    pub path: String,
    /// What part of the document this is.
    pub kind: UnitKind,
    /// Found by default (documents and articles) or only on request (sections).
    pub primary: bool,
    /// False for policy versions no longer (or not yet) in force, and their articles.
    pub in_force: bool,
    /// The type shown in results: the document type, or `article`.
    pub doc_type: String,
    /// The title shown in results.
    pub title: String,
    /// A case number (检例第N号) or article label.
    pub number: String,
    /// Keywords and charges, searched with a boost.
    pub keywords: String,
    /// The text.
    pub body: String,
    /// The year of the document's main date, for `year:` filters.
    pub year: Option<u64>,
    /// 1-based line of the file where the unit starts.
    pub line: usize,
    /// Exact-value fields (see `schema::KEYWORD_FIELDS`).
    pub facets: Vec<(&'static str, String)>,
    /// Type-specific fields shown in results (`number`, `policy`, `article`, `source` …).
    pub extra: Map<String, Value>,
}

/// Whether a policy version with `status` and `effective` date is in force on `date`.
///
/// Status is the truth the importer or the author recorded; a version marked
/// 尚未生效 counts as in force once its effective date has come.
pub fn in_force(status: Option<&str>, effective: Option<&str>, date: &str) -> bool {
    match status {
        Some("已修改" | "已废止" | "失效" | "已失效") => false,
        Some("尚未生效") => effective.is_some_and(|e| e <= date),
        _ => effective.is_none_or(|e| e <= date),
    }
}

/// The units of `doc`; `today` decides which policy versions are in force.
///
/// Person documents hold personal data and yield no units at all.
pub fn units(doc: &Document, today: &str) -> Vec<Unit> {
    match doc.doc_type {
        DocType::Person => Vec::new(),
        DocType::Policy => policy_units(doc, today),
        DocType::Case => case_units(doc),
        _ => vec![doc_unit(doc, doc.markdown.text.clone())],
    }
}

fn main_date(doc: &Document) -> Option<String> {
    ["published", "effective", "promulgated", "date"]
        .iter()
        .find_map(|k| doc.date_field(k))
}

fn doc_unit(doc: &Document, body: String) -> Unit {
    let mut facets: Vec<(&'static str, String)> = vec![("type", doc.doc_type.to_string())];
    facets.extend(doc.tags().into_iter().map(|t| ("tag", t)));
    for (field, key) in [
        ("domain", "domain"),
        ("kind", "kind"),
        ("status", "status"),
        ("category", "category"),
        ("level", "level"),
        ("issuer", "issuer"),
    ] {
        facets.extend(doc.str_field(key).map(|v| (field, v.to_string())));
    }
    for (field, key) in [
        ("charge", "charges"),
        ("keyword", "keywords"),
        ("statute", "statutes"),
        ("audience", "audience"),
    ] {
        facets.extend(doc.list_field(key).into_iter().map(|v| (field, v)));
    }
    let mut keywords = doc.list_field("keywords");
    keywords.extend(doc.list_field("charges"));
    keywords.extend(doc.str_field("short").map(str::to_string));
    let date = main_date(doc);
    let mut extra = Map::new();
    for key in [
        "number",
        "kind",
        "domain",
        "short",
        "category",
        "status",
        "version",
        "source",
        "level",
        "issuer",
        "doc_number",
    ] {
        if let Some(value) = doc.str_field(key) {
            extra.insert(key.to_string(), json!(value));
        }
    }
    for key in ["published", "promulgated", "effective", "repealed", "date"] {
        if let Some(value) = doc.date_field(key) {
            extra.insert(key.to_string(), json!(value));
        }
    }
    if let Some(hours) = doc.number_field("hours") {
        extra.insert("hours".into(), json!(hours));
    }
    Unit {
        uid: doc.id.clone(),
        id: doc.id.clone(),
        path: doc.path.clone(),
        kind: UnitKind::Doc,
        primary: true,
        in_force: true,
        doc_type: doc.doc_type.to_string(),
        title: doc.title.clone(),
        number: doc.str_field("number").unwrap_or_default().to_string(),
        keywords: keywords.join(" "),
        body,
        year: date
            .as_deref()
            .and_then(|d| d.get(..4))
            .and_then(|y| y.parse().ok()),
        line: 1,
        facets,
        extra,
    }
}

fn policy_units(doc: &Document, today: &str) -> Vec<Unit> {
    let split = split_articles(&doc.body);
    let force = in_force(
        doc.str_field("status"),
        doc.date_field("effective").as_deref(),
        today,
    );
    if split.articles.is_empty() {
        let mut unit = doc_unit(doc, doc.markdown.text.clone());
        unit.in_force = force;
        return vec![unit];
    }
    // The preamble is raw Markdown (a sample marker, an intro); index its plain text.
    let mut whole = doc_unit(doc, crate::markdown::parse(&split.preamble, 1).text);
    whole.in_force = force;
    let short = doc.str_field("short").unwrap_or(&doc.title).to_string();
    let mut out = Vec::with_capacity(split.articles.len() + 1);
    for article in &split.articles {
        let mut unit = whole.clone();
        unit.uid = format!("{}#{}", doc.id, article.no.label());
        unit.kind = UnitKind::Article;
        unit.doc_type = "article".into();
        unit.title = format!("{short} {}", article.label);
        unit.number = article.label.clone();
        unit.body = article.text.clone();
        unit.line = doc.body_line + article.line - 1;
        unit.facets.retain(|(name, _)| *name != "type");
        unit.facets.push(("type", "article".into()));
        unit.facets.push(("policy", doc.id.clone()));
        unit.extra.insert("policy".into(), json!(doc.id));
        unit.extra.insert("policy_title".into(), json!(doc.title));
        unit.extra
            .insert("article".into(), json!(article.no.label()));
        unit.extra
            .insert("article_number".into(), json!(article.no.number));
        unit.extra
            .insert("chapters".into(), json!(article.chapters));
        out.push(unit);
    }
    out.insert(0, whole);
    out
}

fn case_units(doc: &Document) -> Vec<Unit> {
    let whole = doc_unit(doc, doc.markdown.text.clone());
    let mut out = vec![whole.clone()];
    for section in &doc.markdown.sections {
        if section.level == 0 || section.text.trim().is_empty() {
            continue;
        }
        let mut unit = whole.clone();
        unit.uid = format!("{}#{}", doc.id, section.heading);
        unit.kind = UnitKind::Section;
        unit.primary = false;
        unit.body = section.text.clone();
        unit.line = section.line;
        unit.facets.push(("section", section.heading.clone()));
        unit.extra.insert("section".into(), json!(section.heading));
        out.push(unit);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::load::load;

    #[test]
    fn versions_in_force() {
        assert!(in_force(Some("现行有效"), Some("2021-03-01"), "2024-01-01"));
        assert!(!in_force(Some("已修改"), Some("2011-05-01"), "2024-01-01"));
        assert!(!in_force(
            Some("尚未生效"),
            Some("2030-01-01"),
            "2024-01-01"
        ));
        assert!(in_force(Some("尚未生效"), Some("2020-01-01"), "2024-01-01"));
        assert!(in_force(None, None, "2024-01-01"));
    }

    #[test]
    fn a_policy_yields_one_unit_per_article() {
        let text = "+++\ntype = \"policy\"\ntitle = \"示例法\"\nshort = \"示例\"\nstatus = \"现行有效\"\n+++\n总则说明。\n\n## 第一章 总则\n\n第一条　为了示例。\n\n第二条　第二条内容。\n\n第二款内容。\n";
        let doc = load("policies/p.md", text.as_bytes())
            .expect("loads")
            .document;
        let units = units(&doc, "2024-01-01");
        assert_eq!(units.len(), 3);
        assert_eq!(units[0].body, "总则说明。");
        assert_eq!(units[2].uid, "p#第二条");
        assert_eq!(units[2].doc_type, "article");
        assert_eq!(units[2].title, "示例 第二条");
        assert!(units[2].body.contains("第二款内容"));
        assert_eq!(units[2].line, 13);
        assert_eq!(units[2].extra["chapters"], json!(["第一章 总则"]));
    }

    #[test]
    fn a_case_yields_hidden_section_units_and_persons_nothing() {
        let text = "+++\ntype = \"case\"\ntitle = \"示例案\"\nnumber = \"检例第9001号\"\n+++\n## 要旨\n\n要旨内容。\n\n## 基本案情\n\n案情内容。\n";
        let doc = load("cases/c.md", text.as_bytes()).expect("loads").document;
        let units = units(&doc, "2024-01-01");
        assert_eq!(units.len(), 3);
        assert!(units[0].primary && !units[1].primary);
        assert_eq!(units[1].uid, "c#要旨");
        let person = "+++\ntype = \"person\"\nname = \"张示例\"\n+++\n备注\n";
        let doc = load("people/p.md", person.as_bytes())
            .expect("loads")
            .document;
        assert!(super::units(&doc, "2024-01-01").is_empty());
    }
}
