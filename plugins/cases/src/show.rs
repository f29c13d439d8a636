//! `zhijian case show NUMBER|ID [--section S] [--issuer I]`: one case, its sections and
//! the statutes it cites, resolved to the policy articles of the knowledge base.

use serde::Serialize;
use zhijian_kb::Document;
use zhijian_plugin_api::{Format, Host, Request, Response};

use crate::dates::latest_date;
use crate::error::CasesError;
use crate::find::{find_case, searcher};
use crate::links::{Resolver, StatuteLink};
use crate::text::bold;
use zhijian_plugin_support::text::{pad, widest};

/// One section of a case.
#[derive(Debug, Clone, Serialize)]
pub struct SectionOut {
    /// The heading (要旨, 基本案情 …).
    pub heading: String,
    /// 1-based line in the file.
    pub line: usize,
    /// The plain text.
    pub text: String,
}

/// The `--json` shape of `case show`.
#[derive(Debug, Clone, Serialize)]
pub struct CaseOut {
    pub id: String,
    pub number: Option<String>,
    pub title: String,
    pub kind: Option<String>,
    pub domain: Option<String>,
    pub charges: Vec<String>,
    pub keywords: Vec<String>,
    pub issuer: Option<String>,
    pub batch: Option<String>,
    pub published: Option<String>,
    /// Without `published`: the latest date written in the case's text.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub facts_until: Option<String>,
    pub source: Option<String>,
    pub path: String,
    pub sections: Vec<SectionOut>,
    pub statutes: Vec<StatuteLink>,
    /// True when any cited provision has been amended or repealed since publication.
    pub amended: bool,
}

/// Runs `case show`.
pub fn run(request: &Request, host: &dyn Host) -> Result<Response, CasesError> {
    let kb = zhijian_plugin_support::open_kb(host)?;
    let wanted = request
        .arg_str("case")
        .ok_or_else(|| CasesError::Usage("missing NUMBER or ID".into()))?;
    let doc = find_case(&kb, wanted, request.arg_str("issuer"))?;
    // The index is built on first use, so the statute lookups below can use it.
    let has_policies = !searcher(&kb)?.units_where("type", "policy", 1)?.is_empty();
    let resolver = Resolver::new(&kb, has_policies);
    let mut out = case_out(&doc, &resolver)?;
    if let Some(wanted) = request.arg_str("section") {
        let available: Vec<String> = out.sections.iter().map(|s| s.heading.clone()).collect();
        out.sections.retain(|s| s.heading == wanted);
        if out.sections.is_empty() {
            return Err(CasesError::NotFound(format!(
                "{} has no section `{wanted}` (sections: {})",
                doc.path,
                available.join(", ")
            )));
        }
    }
    let text = match request.format {
        Format::Json => {
            serde_json::to_string(&out).map_err(|e| CasesError::Usage(e.to_string()))? + "\n"
        }
        _ => render(&out, request.arg_str("section").is_some(), request.color),
    };
    Ok(Response::new(text))
}

/// Builds the output of one case.
pub fn case_out(doc: &Document, resolver: &Resolver<'_>) -> Result<CaseOut, CasesError> {
    let published = doc.date_field("published").map(|d| d.to_string());
    // Without a publication date (SPP guiding cases give none), the dates in the
    // facts are the best evidence of which version of a law the case applied.
    let facts_until = match published {
        Some(_) => None,
        None => latest_date(&doc.markdown.text),
    };
    let as_of = published.as_deref().or(facts_until.as_deref());
    let mut statutes = Vec::new();
    for statute in doc.list_field("statutes") {
        statutes.push(resolver.resolve(&statute, as_of, facts_until.is_some())?);
    }
    let sections = doc
        .markdown
        .sections
        .iter()
        .filter(|s| s.level > 0 && !s.text.trim().is_empty())
        .map(|s| SectionOut {
            heading: s.heading.clone(),
            line: s.line,
            text: s.text.clone(),
        })
        .collect();
    Ok(CaseOut {
        id: doc.id.clone(),
        number: doc.str_field("number").map(str::to_string),
        title: doc.title.clone(),
        kind: doc.str_field("kind").map(str::to_string),
        domain: doc.str_field("domain").map(str::to_string),
        charges: doc.list_field("charges"),
        keywords: doc.list_field("keywords"),
        issuer: doc.str_field("issuer").map(str::to_string),
        batch: doc.str_field("batch").map(str::to_string),
        published,
        facts_until,
        source: doc.str_field("source").map(str::to_string),
        path: doc.path.clone(),
        sections,
        amended: statutes.iter().any(|s| s.amended),
        statutes,
    })
}

fn render(case: &CaseOut, one_section: bool, color: bool) -> String {
    let mut out = String::new();
    let head = match &case.number {
        Some(n) => format!("{n}  {}", case.title),
        None => case.title.clone(),
    };
    out.push_str(&bold(&head, color));
    out.push('\n');
    let mut facts: Vec<(&str, String)> = Vec::new();
    let meta: Vec<String> = [
        &case.kind,
        &case.domain,
        &case.issuer,
        &case.batch,
        &case.published,
    ]
    .into_iter()
    .flatten()
    .cloned()
    .collect();
    facts.push(("类别", meta.join(" · ")));
    if !case.charges.is_empty() {
        facts.push(("罪名/案由", case.charges.join("、")));
    }
    if !case.keywords.is_empty() {
        facts.push(("关键词", case.keywords.join("、")));
    }
    facts.push(("文件", case.path.clone()));
    if case.amended {
        facts.push(("注意", "相关规定已修改".to_string()));
    }
    let width = widest(facts.iter().map(|(k, _)| *k));
    for (key, value) in &facts {
        out.push_str(&format!("{}  {value}\n", pad(key, width)));
    }
    for section in &case.sections {
        out.push_str(&format!(
            "\n{}\n",
            bold(&format!("## {}", section.heading), color)
        ));
        out.push_str(&section.text);
        out.push('\n');
    }
    if !one_section && !case.statutes.is_empty() {
        out.push_str(&format!("\n{}\n", bold("## 引用法条", color)));
        let width = widest(case.statutes.iter().map(|s| s.statute.as_str())).min(28);
        for link in &case.statutes {
            let state = if !link.found {
                link.note
                    .clone()
                    .unwrap_or_else(|| "知识库中未收录".to_string())
            } else {
                let status = link.status.clone().unwrap_or_else(|| "状态未知".into());
                format!("{} {status}", link.policy.as_deref().unwrap_or(""))
            };
            let flag = if link.amended {
                "  ⚠ 相关规定已修改"
            } else {
                ""
            };
            out.push_str(&format!("  {}  {state}{flag}\n", pad(&link.statute, width)));
            if let Some(text) = &link.text {
                let flat = text.split_whitespace().collect::<Vec<_>>().join(" ");
                let short: String = flat.chars().take(60).collect();
                let more = if flat.chars().count() > 60 { "…" } else { "" };
                out.push_str(&format!("      {short}{more}\n"));
            }
        }
    }
    out
}
