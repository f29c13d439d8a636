//! The `case` document type: a guiding, typical or reference case.
//!
//! A case becomes one unit for the whole text and one hidden unit per section (要旨,
//! 基本案情 …), found when searching by section.

use serde_json::json;
use zhijian_kb::types::FieldProblem;
use zhijian_kb::{Document, DocumentType, Unit, UnitKind};

/// `type = "case"`.
#[derive(Debug, Default)]
pub struct CaseType;

impl DocumentType for CaseType {
    fn name(&self) -> &'static str {
        "case"
    }

    fn folder(&self) -> &'static str {
        "cases"
    }

    fn facets(&self) -> &'static [&'static str] {
        &["domain", "kind", "issuer", "charge", "keyword", "statute"]
    }

    fn check(&self, doc: &Document) -> Vec<FieldProblem> {
        let mut out = Vec::new();
        if doc.str_field("title").is_none_or(|t| t.trim().is_empty()) {
            out.push(FieldProblem::error("type", "a case needs a `title`"));
        }
        if doc.front.contains_key("published") && doc.date_field("published").is_none() {
            out.push(FieldProblem::error(
                "published",
                "`published` is not a date (write YYYY-MM-DD, like 2021-03-01)",
            ));
        }
        out
    }

    fn units(&self, doc: &Document) -> Vec<Unit> {
        let mut whole = Unit::whole(doc);
        whole
            .facet_fields(doc, &["domain", "kind", "issuer"])
            .facet_list(doc, "charge", "charges")
            .facet_list(doc, "keyword", "keywords")
            .facet_list(doc, "statute", "statutes")
            .keywords_from(doc, &["keywords", "charges"])
            .extra_strings(doc, &["number", "kind", "domain", "source", "issuer"])
            .extra_dates(doc, &["published"])
            .year_from(doc, &["published", "date"]);
        whole.number = doc.str_field("number").unwrap_or_default().to_string();
        let mut out = vec![whole.clone()];
        for section in &doc.markdown.sections {
            if section.level == 0 || section.text.trim().is_empty() {
                continue;
            }
            let mut unit = whole.part(
                &section.heading,
                UnitKind::Section,
                section.text.clone(),
                section.line,
            );
            unit.facets
                .push(("section".into(), section.heading.clone()));
            unit.extra.insert("section".into(), json!(section.heading));
            out.push(unit);
        }
        out
    }

    fn summary(&self, doc: &Document) -> Vec<(String, String)> {
        let mut out = Vec::new();
        for (key, label) in [
            ("number", "编号"),
            ("kind", "类别"),
            ("domain", "领域"),
            ("issuer", "发布机关"),
        ] {
            if let Some(value) = doc.str_field(key) {
                out.push((label.to_string(), value.to_string()));
            }
        }
        let charges = doc.list_field("charges");
        if !charges.is_empty() {
            out.push(("罪名/案由".into(), charges.join("、")));
        }
        if let Some(date) = doc.date_field("published") {
            out.push(("发布日期".into(), date.to_string()));
        }
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use zhijian_kb::Types;
    use zhijian_kb::load::load;

    fn types() -> Types {
        Types::builder().with_type(Box::new(CaseType)).build()
    }

    #[test]
    fn a_case_yields_hidden_section_units() {
        let text = "+++\ntype = \"case\"\ntitle = \"示例案\"\nnumber = \"检例第9001号\"\ncharges = [\"危险驾驶罪\"]\npublished = 2021-05-10\n+++\n## 要旨\n\n要旨内容。\n\n## 基本案情\n\n案情内容。\n";
        let doc = load("cases/c.md", text.as_bytes(), &types())
            .expect("loads")
            .document;
        let units = CaseType.units(&doc);
        assert_eq!(units.len(), 3);
        assert!(units[0].primary && !units[1].primary);
        assert_eq!(units[0].number, "检例第9001号");
        assert_eq!(units[0].year, Some(2021));
        assert!(
            units[0]
                .facets
                .contains(&("charge".into(), "危险驾驶罪".into()))
        );
        assert_eq!(units[1].uid, "c#要旨");
        assert!(units[1].facets.contains(&("section".into(), "要旨".into())));
    }

    #[test]
    fn a_case_needs_a_title() {
        let p = load("cases/c.md", b"+++\ntype = \"case\"\n+++\n", &types()).expect_err("refused");
        assert_eq!(p.line, Some(2));
        assert!(p.reason.contains("needs a `title`"));
    }
}
