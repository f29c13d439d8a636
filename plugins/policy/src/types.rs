//! The `policy` document type, and how the policy plugin helps read queries.
//!
//! A policy becomes one unit for its title and preamble and one unit per article
//! (第X条), so a hit can be one article. A citation typed as a query (刑法第234条,
//! 刑诉法 第15条) names one article; the vocabulary helps long questions.

use serde_json::json;
use zhijian_kb::time::Date;
use zhijian_kb::types::{FieldProblem, QueryHook, UnitReference, Vocabulary};
use zhijian_kb::{Document, DocumentType, Unit, UnitKind, Validity};

use crate::article::{parse_reference, split_articles};
use crate::vocabulary::VOCABULARY;

/// `type = "policy"`: a law, judicial interpretation or normative document.
#[derive(Debug, Default)]
pub struct PolicyType;

/// Date fields of a policy, checked as dates.
const DATE_FIELDS: &[&str] = &["promulgated", "effective", "repealed"];

/// Statuses that mean a text is no longer in force.
const ENDED: &[&str] = &["已修改", "已废止", "失效", "已失效"];

impl DocumentType for PolicyType {
    fn name(&self) -> &'static str {
        "policy"
    }

    fn folder(&self) -> &'static str {
        "policies"
    }

    fn facets(&self) -> &'static [&'static str] {
        &["status", "category", "issuer", "policy"]
    }

    fn unit_types(&self) -> Vec<&'static str> {
        vec!["policy", "article"]
    }

    fn check(&self, doc: &Document) -> Vec<FieldProblem> {
        let mut out = Vec::new();
        if doc.str_field("title").is_none_or(|t| t.trim().is_empty()) {
            out.push(FieldProblem::error("type", "a policy needs a `title`"));
        }
        for key in DATE_FIELDS {
            if doc.front.contains_key(*key) && doc.date_field(key).is_none() {
                out.push(FieldProblem::error(
                    key,
                    format!("`{key}` is not a date (write YYYY-MM-DD, like 2021-03-01)"),
                ));
            }
        }
        out
    }

    fn units(&self, doc: &Document) -> Vec<Unit> {
        policy_units(doc)
    }

    fn summary(&self, doc: &Document) -> Vec<(String, String)> {
        let mut out = Vec::new();
        for (key, label) in [
            ("short", "简称"),
            ("category", "效力级别"),
            ("issuer", "制定机关"),
            ("doc_number", "文号"),
            ("status", "时效性"),
        ] {
            if let Some(value) = doc.str_field(key) {
                out.push((label.to_string(), value.to_string()));
            }
        }
        for (key, label) in [("promulgated", "公布日期"), ("effective", "施行日期")] {
            if let Some(date) = doc.date_field(key) {
                out.push((label.to_string(), date.to_string()));
            }
        }
        out
    }
}

/// When a policy's text is in force, from its status and dates.
///
/// A text marked 已修改 or 已废止 is not in force unless a `repealed` date says
/// until when it was; 尚未生效 and 现行有效 count from `effective`.
pub fn validity(status: Option<&str>, effective: Option<Date>, repealed: Option<Date>) -> Validity {
    let ended = status.is_some_and(|s| ENDED.contains(&s));
    match (ended, repealed) {
        (true, None) => Validity::Never,
        (_, until) => Validity::Between {
            from: effective,
            until,
        },
    }
}

/// The whole-document unit and one unit per article.
fn policy_units(doc: &Document) -> Vec<Unit> {
    let split = split_articles(&doc.body);
    let mut whole = Unit::whole(doc);
    whole
        .facet_fields(doc, &["status", "category", "issuer"])
        .keywords_from(doc, &["keywords", "short"])
        .extra_strings(
            doc,
            &[
                "short",
                "category",
                "status",
                "version",
                "source",
                "issuer",
                "doc_number",
            ],
        )
        .extra_dates(doc, &["promulgated", "effective", "repealed"])
        .year_from(doc, &["effective", "promulgated", "date"]);
    whole.validity = validity(
        doc.str_field("status"),
        doc.date_field("effective"),
        doc.date_field("repealed"),
    );
    // Laws proper rank a little above the rules that restate them at length.
    whole.prior = doc.str_field("category") == Some("法律");
    if split.articles.is_empty() {
        return vec![whole];
    }
    // The preamble is raw Markdown (a sample marker, an intro); index its plain text.
    whole.body = zhijian_kb::markdown::parse(&split.preamble, 1).text;
    let short = doc.str_field("short").unwrap_or(&doc.title).to_string();
    let mut out = Vec::with_capacity(split.articles.len() + 1);
    for article in &split.articles {
        let mut unit = whole.part(
            &article.no.label(),
            UnitKind::Part,
            article.text.clone(),
            doc.body_line + article.line - 1,
        );
        unit.doc_type = "article".into();
        unit.title = format!("{short} {}", article.label);
        unit.number = article.label.clone();
        unit.facets.retain(|(name, _)| name != "type");
        unit.facets.push(("type".into(), "article".into()));
        unit.facets.push(("policy".into(), doc.id.clone()));
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

/// Abbreviations staff write for laws whose articles are titled by a longer short name.
const LAW_ALIASES: &[(&str, &str)] = &[
    ("刑诉法", "刑事诉讼法"),
    ("民诉法", "民事诉讼法"),
    ("行诉法", "行政诉讼法"),
];

/// The name articles of `law` are titled with: without 中华人民共和国 (article titles
/// carry the short name, and matching the full name would favour interpretations
/// that quote it over the law itself), abbreviations expanded.
pub fn title_name(law: &str) -> &str {
    let law = law.strip_prefix("中华人民共和国").unwrap_or(law);
    LAW_ALIASES
        .iter()
        .find(|(alias, _)| *alias == law)
        .map_or(law, |(_, name)| name)
}

/// Reads citations in queries and lends the legal vocabulary.
#[derive(Debug, Default)]
pub struct PolicyHook;

impl QueryHook for PolicyHook {
    fn reference(&self, term: &str, next: Option<&str>) -> Option<(UnitReference, bool)> {
        let (reference, joined) = match next {
            // `刑法` followed by `第234条` as two terms: one reference to 刑法's article.
            Some(article) => {
                let alone = parse_reference(article)?;
                if !alone.law.is_empty() || parse_reference(term).is_some() {
                    return None;
                }
                (parse_reference(&format!("{term}{article}"))?, true)
            }
            None => (parse_reference(term)?, false),
        };
        Some((
            UnitReference {
                container: title_name(&reference.law).to_string(),
                labels: vec![reference.no.label(), reference.no.short_label()],
                unit_type: "article".into(),
            },
            joined,
        ))
    }

    fn vocabulary(&self) -> Vocabulary {
        VOCABULARY
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use zhijian_kb::Types;
    use zhijian_kb::load::load;
    use zhijian_kb::time::parse_date;

    fn types() -> Types {
        Types::builder().with_type(Box::new(PolicyType)).build()
    }

    fn date(text: &str) -> Date {
        parse_date(text).expect("date")
    }

    #[test]
    fn versions_in_force() {
        let on = |status, effective: &str, day: &str| {
            validity(status, parse_date(effective), None).on(date(day))
        };
        assert!(on(Some("现行有效"), "2021-03-01", "2024-01-01"));
        assert!(!on(Some("现行有效"), "2021-03-01", "2021-02-28"));
        assert!(!on(Some("已修改"), "2011-05-01", "2024-01-01"));
        assert!(!on(Some("尚未生效"), "2030-01-01", "2024-01-01"));
        assert!(on(Some("尚未生效"), "2020-01-01", "2024-01-01"));
        assert!(on(None, "", "2024-01-01"));
        let repealed = validity(Some("已废止"), None, parse_date("2005-06-01"));
        assert!(repealed.on(date("2005-05-31")) && !repealed.on(date("2005-06-01")));
    }

    #[test]
    fn a_policy_yields_one_unit_per_article() {
        let text = "+++\ntype = \"policy\"\ntitle = \"示例法\"\nshort = \"示例\"\nstatus = \"现行有效\"\ncategory = \"法律\"\n+++\n总则说明。\n\n## 第一章 总则\n\n第一条　为了示例。\n\n第二条　第二条内容。\n\n第二款内容。\n";
        let doc = load("policies/p.md", text.as_bytes(), &types())
            .expect("loads")
            .document;
        let units = PolicyType.units(&doc);
        assert_eq!(units.len(), 3);
        assert_eq!(units[0].body, "总则说明。");
        assert!(units[0].prior);
        assert_eq!(units[2].uid, "p#第二条");
        assert_eq!(units[2].doc_type, "article");
        assert_eq!(units[2].kind, UnitKind::Part);
        assert_eq!(units[2].title, "示例 第二条");
        assert!(units[2].body.contains("第二款内容"));
        assert_eq!(units[2].line, 14);
        assert_eq!(units[2].extra["chapters"], json!(["第一章 总则"]));
        assert!(units[2].facets.contains(&("policy".into(), "p".into())));
    }

    #[test]
    fn a_policy_needs_a_title_and_real_dates() {
        let problem = |text: &str| {
            load("policies/p.md", text.as_bytes(), &types())
                .expect_err("refused")
                .to_string()
        };
        assert!(problem("+++\ntype = \"policy\"\n+++\n").contains("needs a `title`"));
        let p = problem("+++\ntype = \"policy\"\ntitle = \"t\"\neffective = \"someday\"\n+++\n");
        assert!(p.starts_with("policies/p.md:4:"), "{p}");
    }

    #[test]
    fn citations_name_one_article() {
        let hook = PolicyHook;
        let (r, joined) = hook.reference("刑诉法第176条", None).expect("reference");
        assert_eq!(r.container, "刑事诉讼法");
        assert_eq!(r.labels, ["第一百七十六条", "第176条"]);
        assert!(!joined);
        let (r, joined) = hook
            .reference("中华人民共和国刑法", Some("第234条"))
            .expect("two terms");
        assert_eq!((r.container.as_str(), joined), ("刑法", true));
        assert!(hook.reference("醉驾", None).is_none());
        assert!(hook.reference("醉驾", Some("盗窃")).is_none());
    }
}
