//! Finding a case by what staff type: `检例第178号`, `178` (with an issuer), `指导案例24号`, or the id.

use zhijian_kb::{Document, Kb, KbError, SearchRequest, Searcher};

use crate::error::CasesError;
use crate::source::find_number;

/// Opens the index, building it first when there is none yet (or it is damaged).
pub fn searcher(kb: &Kb) -> Result<Searcher, CasesError> {
    Ok(Searcher::open_repairing(kb)?.0)
}

/// What the user asked for.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Wanted {
    /// A full number, canonical (`检例第178号`, `指导案例24号`).
    Number(String),
    /// A bare number: which series depends on the issuer.
    Bare(u32),
    /// A document id.
    Id(String),
}

/// Reads `检例第178号`, `检例178号`, `178`, `１７８` or an id.
pub fn parse_wanted(input: &str) -> Wanted {
    let text = zhijian_kb::analysis::fold(input.trim());
    if let Ok(n) = text.parse::<u32>() {
        return Wanted::Bare(n);
    }
    let with_di = if text.starts_with("检例") && !text.starts_with("检例第") {
        text.replacen("检例", "检例第", 1)
    } else {
        text.clone()
    };
    let with_hao = if with_di.ends_with('号') {
        with_di
    } else {
        format!("{with_di}号")
    };
    match find_number(&with_hao) {
        Some(number) if with_hao.starts_with("检例") || with_hao.starts_with("指导") => {
            Wanted::Number(number)
        }
        _ => Wanted::Id(input.trim().to_string()),
    }
}

/// The canonical numbers a bare number can mean, given an optional issuer.
fn candidates(n: u32, issuer: Option<&str>) -> Vec<String> {
    let spp = format!("检例第{n}号");
    let spc = format!("指导案例{n}号");
    match issuer {
        Some(i) if i.contains("检") || i.eq_ignore_ascii_case("spp") => vec![spp],
        Some(i) if i.contains("法院") || i.eq_ignore_ascii_case("spc") => vec![spc],
        _ => vec![spp, spc],
    }
}

/// Finds one case; several matches for a bare number are a usage error naming them.
pub fn find_case(kb: &Kb, input: &str, issuer: Option<&str>) -> Result<Document, CasesError> {
    let numbers = match parse_wanted(input) {
        Wanted::Id(id) => {
            return match kb.find(&id) {
                Ok(doc) if doc.is("case") => Ok(doc),
                Ok(doc) => Err(CasesError::NotFound(format!(
                    "`{id}` is a {}, not a case",
                    doc.doc_type
                ))),
                Err(KbError::UnknownId(_) | KbError::InvalidId { .. }) => {
                    Err(CasesError::NotFound(format!(
                        "no case `{id}` (give a number such as 检例第178号, or an id)"
                    )))
                }
                Err(e) => Err(e.into()),
            };
        }
        Wanted::Number(n) => vec![n],
        Wanted::Bare(n) => candidates(n, issuer),
    };
    let mut found: Vec<Document> = Vec::new();
    for number in &numbers {
        for doc in cases_numbered(kb, number)? {
            if issuer.is_none_or(|i| issuer_matches(&doc, i))
                && !found.iter().any(|d| d.id == doc.id)
            {
                found.push(doc);
            }
        }
    }
    match found.len() {
        0 => Err(CasesError::NotFound(format!(
            "no case numbered {}",
            numbers.join(" or ")
        ))),
        1 => Ok(found.remove(0)),
        _ => {
            let list: Vec<String> = found
                .iter()
                .map(|d| {
                    format!(
                        "{} {} ({})",
                        d.str_field("number").unwrap_or(""),
                        d.title,
                        d.id
                    )
                })
                .collect();
            Err(CasesError::Usage(format!(
                "`{input}` is ambiguous: {}; add --issuer or give the full number or id",
                list.join("; ")
            )))
        }
    }
}

fn issuer_matches(doc: &Document, wanted: &str) -> bool {
    let Some(issuer) = doc.str_field("issuer") else {
        return true;
    };
    let short = match wanted {
        w if w.eq_ignore_ascii_case("spp") || w == "最高检" => "最高人民检察院",
        w if w.eq_ignore_ascii_case("spc") || w == "最高法" => "最高人民法院",
        w => w,
    };
    issuer.contains(short) || short.contains(issuer)
}

/// Every case whose `number` is `number` (canonical form): through the index, else by reading files.
pub fn cases_numbered(kb: &Kb, number: &str) -> Result<Vec<Document>, CasesError> {
    let mut out = Vec::new();
    if let Ok(searcher) = searcher(kb) {
        let mut request = SearchRequest::new(format!("number:\"{number}\""));
        request.types = vec!["case".into()];
        request.limit = 20;
        request.facets = Vec::new();
        request.snippet_chars = 0;
        let results = searcher.search(&request)?;
        for hit in results.hits {
            let stored = hit
                .extra
                .get("number")
                .and_then(|v| v.as_str())
                .and_then(find_number);
            if stored.as_deref() == Some(number)
                && let Ok(loaded) = kb.load_path(&hit.path)
            {
                out.push(loaded.document);
            }
        }
        return Ok(out);
    }
    for doc in kb.load_all()?.documents {
        if doc.is("case")
            && doc.str_field("number").and_then(find_number).as_deref() == Some(number)
        {
            out.push(doc);
        }
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn numbers_in_the_ways_staff_type_them() {
        assert_eq!(
            parse_wanted("检例第178号"),
            Wanted::Number("检例第178号".into())
        );
        assert_eq!(
            parse_wanted("检例178号"),
            Wanted::Number("检例第178号".into())
        );
        assert_eq!(
            parse_wanted("检例第１７８号"),
            Wanted::Number("检例第178号".into())
        );
        assert_eq!(
            parse_wanted("指导性案例24号"),
            Wanted::Number("指导案例24号".into())
        );
        assert_eq!(parse_wanted(" 178 "), Wanted::Bare(178));
        assert_eq!(parse_wanted("spp-178"), Wanted::Id("spp-178".into()));
        assert_eq!(candidates(5, Some("最高人民检察院")), ["检例第5号"]);
        assert_eq!(candidates(5, None).len(), 2);
    }
}
