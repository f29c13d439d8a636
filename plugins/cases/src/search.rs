//! `zhijian case search QUERY [--domain D] [--charge C] [--keyword K] [--kind K]
//! [--section S] [--year A..B] [--limit N]`: case hits with facet counts.

use zhijian_kb::{SearchRequest, SearchResults, Searcher};
use zhijian_plugin_api::{Format, Host, Request, Response};

use crate::error::CasesError;
use crate::find::searcher;
use crate::text::{bold, highlight};

/// Facets counted for every case search.
pub const FACETS: [&str; 4] = ["domain", "charge", "keyword", "year"];

/// The search options of `case search`, apart from the query.
#[derive(Debug, Clone, Default)]
pub struct CaseQuery {
    pub query: String,
    pub domain: Option<String>,
    pub charge: Option<String>,
    pub keyword: Option<String>,
    pub kind: Option<String>,
    pub section: Option<String>,
    pub years: Option<String>,
    pub limit: usize,
}

impl CaseQuery {
    /// The engine request for these options.
    pub fn request(&self) -> Result<SearchRequest, CasesError> {
        let mut query = self.query.trim().to_string();
        if let Some(years) = &self.years {
            query = format!("({query}) {}", year_filter(years)?);
        }
        let mut request = SearchRequest::new(query);
        request.types = vec!["case".into()];
        request.limit = self.limit.max(1);
        request.facets = FACETS.iter().map(|f| (*f).to_string()).collect();
        request.section = self.section.clone();
        for (field, value) in [
            ("domain", &self.domain),
            ("charge", &self.charge),
            ("keyword", &self.keyword),
            ("kind", &self.kind),
        ] {
            if let Some(v) = value {
                request.filters.push((field.into(), v.clone()));
            }
        }
        Ok(request)
    }

    /// Runs the search.
    pub fn run(&self, searcher: &Searcher) -> Result<SearchResults, CasesError> {
        if self.query.trim().is_empty() {
            return Err(CasesError::Usage("the query is empty".into()));
        }
        Ok(searcher.search(&self.request()?)?)
    }
}

/// `2019..2024`, `2019..`, `..2020` or `2021` → a `year:` clause.
fn year_filter(years: &str) -> Result<String, CasesError> {
    let bad = || {
        CasesError::Usage(format!(
            "`{years}` is not a year range (write 2019..2024, 2019.. or 2021)"
        ))
    };
    let ok = |y: &str| y.is_empty() || (y.len() == 4 && y.chars().all(|c| c.is_ascii_digit()));
    match years.trim().split_once("..") {
        Some((a, b))
            if ok(a.trim()) && ok(b.trim()) && !(a.trim().is_empty() && b.trim().is_empty()) =>
        {
            Ok(format!("year:{}..{}", a.trim(), b.trim()))
        }
        None if years.trim().len() == 4 && ok(years.trim()) => Ok(format!("year:{}", years.trim())),
        _ => Err(bad()),
    }
}

/// Runs `case search`.
pub fn run(request: &Request, host: &dyn Host) -> Result<Response, CasesError> {
    let kb = zhijian_plugin_support::open_kb(host)?;
    let query = CaseQuery {
        query: request.arg_str("query").unwrap_or_default().to_string(),
        domain: request.arg_str("domain").map(str::to_string),
        charge: request.arg_str("charge").map(str::to_string),
        keyword: request.arg_str("keyword").map(str::to_string),
        kind: request.arg_str("kind").map(str::to_string),
        section: request.arg_str("section").map(str::to_string),
        years: request.arg_str("year").map(str::to_string),
        limit: request
            .arg_parse::<usize>("limit")
            .map_err(|e| CasesError::Usage(e.message))?
            .unwrap_or(10),
    };
    let searcher = searcher(&kb)?;
    let results = query.run(&searcher)?;
    let output = match request.format {
        Format::Json => {
            serde_json::to_string(&results).map_err(|e| CasesError::Usage(e.to_string()))? + "\n"
        }
        _ => render(&results, request.color),
    };
    Ok(if results.hits.is_empty() {
        Response::not_found(output)
    } else {
        Response::new(output)
    })
}

fn render(results: &SearchResults, color: bool) -> String {
    let mut out = String::new();
    for (rank, hit) in results.hits.iter().enumerate() {
        let number = hit
            .extra
            .get("number")
            .and_then(|v| v.as_str())
            .unwrap_or("");
        let mut label = if number.is_empty() {
            hit.title.clone()
        } else {
            format!("{number} {}", hit.title)
        };
        if let Some(section) = hit.extra.get("section").and_then(|v| v.as_str()) {
            label.push_str(&format!(" · {section}"));
        }
        let tags: Vec<&str> = ["kind", "domain"]
            .iter()
            .filter_map(|k| hit.extra.get(*k).and_then(|v| v.as_str()))
            .collect();
        out.push_str(&format!(
            "{:>2}. {}  [{}]\n",
            rank + 1,
            bold(&label, color),
            tags.join(" · ")
        ));
        out.push_str(&format!("    {}:{}\n", hit.path, hit.line));
        if !hit.snippet.is_empty() {
            out.push_str(&format!(
                "    {}\n",
                highlight(&hit.snippet, &hit.highlights, color)
            ));
        }
    }
    if results.total == 0 {
        out.push_str("没有找到案例\n");
        return out;
    }
    out.push_str(&format!(
        "\n共 {} 件，显示 {} 件\n",
        results.total,
        results.hits.len()
    ));
    let names = [
        ("domain", "领域"),
        ("charge", "罪名/案由"),
        ("keyword", "关键词"),
        ("year", "年份"),
    ];
    for (field, label) in names {
        let Some(counts) = results.facets.get(field) else {
            continue;
        };
        if counts.is_empty() {
            continue;
        }
        let mut items: Vec<(&String, &u64)> = counts.iter().collect();
        items.sort_by(|a, b| b.1.cmp(a.1).then(a.0.cmp(b.0)));
        let shown: Vec<String> = items
            .iter()
            .take(8)
            .map(|(v, n)| format!("{v} {n}"))
            .collect();
        out.push_str(&format!("{label}：{}\n", shown.join("  ")));
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn year_ranges() {
        assert_eq!(year_filter("2019..2024").expect("ok"), "year:2019..2024");
        assert_eq!(year_filter("2019..").expect("ok"), "year:2019..");
        assert_eq!(year_filter("2021").expect("ok"), "year:2021");
        assert!(year_filter("..").is_err());
        assert!(year_filter("去年").is_err());
    }

    #[test]
    fn filters_become_exact_clauses() {
        let q = CaseQuery {
            query: "醉驾".into(),
            domain: Some("刑事".into()),
            years: Some("2020..2023".into()),
            limit: 5,
            ..Default::default()
        };
        let r = q.request().expect("builds");
        assert_eq!(r.query, "(醉驾) year:2020..2023");
        assert_eq!(r.filters, [("domain".to_string(), "刑事".to_string())]);
        assert_eq!(r.types, ["case"]);
    }
}
