//! `zhijian case stats [--by domain|charge|year|keyword] [--csv]`: how many cases of each kind.

use serde::Serialize;
use zhijian_kb::{SearchRequest, Searcher};
use zhijian_plugin_api::{Host, Request, Response};
use zhijian_plugin_support::{Table, respond_table};

use crate::error::CasesError;
use crate::find::searcher;
use zhijian_plugin_support::text::{bar, pad, widest};

/// Fields `--by` accepts.
pub const BY: [&str; 5] = ["domain", "charge", "year", "keyword", "kind"];

/// One value and its count.
#[derive(Debug, Clone, Serialize, PartialEq, Eq)]
pub struct Count {
    pub value: String,
    pub count: u64,
}

/// The `--json` shape of `case stats`.
#[derive(Debug, Clone, Serialize, PartialEq, Eq)]
pub struct Stats {
    /// The field counted.
    pub by: String,
    /// Cases in all.
    pub total: u64,
    /// Cases with no value for the field.
    pub unknown: u64,
    /// Counts, largest first (years in order).
    pub counts: Vec<Count>,
}

/// Counts cases by `by`.
pub fn stats(searcher: &Searcher, by: &str) -> Result<Stats, CasesError> {
    if !BY.contains(&by) {
        return Err(CasesError::Usage(format!(
            "cannot count by `{by}` (use {})",
            BY.join(", ")
        )));
    }
    let mut request = SearchRequest::new("type:case");
    request.types = vec!["case".into()];
    request.limit = 1;
    request.facets = vec![by.to_string()];
    request.snippet_chars = 0;
    let results = searcher.search(&request)?;
    let total = results.total as u64;
    let mut counts: Vec<Count> = results
        .facets
        .get(by)
        .map(|m| {
            m.iter()
                .map(|(v, c)| Count {
                    value: v.clone(),
                    count: *c,
                })
                .collect()
        })
        .unwrap_or_default();
    if by == "year" {
        counts.sort_by(|a, b| a.value.cmp(&b.value));
    } else {
        counts.sort_by(|a, b| b.count.cmp(&a.count).then(a.value.cmp(&b.value)));
    }
    // Cases without a value: exact for single-valued fields, by a count of those with none otherwise.
    let unknown = if matches!(by, "domain" | "year" | "kind") {
        total.saturating_sub(counts.iter().map(|c| c.count).sum())
    } else {
        cases_without(searcher, by)?
    };
    Ok(Stats {
        by: by.to_string(),
        total,
        unknown,
        counts,
    })
}

/// Runs `case stats`.
pub fn run(request: &Request, host: &dyn Host) -> Result<Response, CasesError> {
    let kb = zhijian_plugin_support::open_kb(host)?;
    let by = request.arg_str("by").unwrap_or("domain");
    let searcher = searcher(&kb)?;
    let stats = stats(&searcher, by)?;
    let mut table = Table::new([by, "count"]);
    for c in &stats.counts {
        table.row([c.value.clone(), c.count.to_string()]);
    }
    Ok(respond_table(request, &stats, &table, true, |_| {
        render(&stats)
    })?)
}

fn label(by: &str) -> &'static str {
    match by {
        "domain" => "领域",
        "charge" => "罪名/案由",
        "year" => "年份",
        "keyword" => "关键词",
        _ => "类别",
    }
}

fn render(stats: &Stats) -> String {
    const SHOWN: usize = 30;
    let mut out = format!("案例 {} 件，按{}统计\n\n", stats.total, label(&stats.by));
    let rows: Vec<&Count> = stats.counts.iter().take(SHOWN).collect();
    let width = widest(rows.iter().map(|c| c.value.as_str())).max(10);
    let max = rows.iter().map(|c| c.count).max().unwrap_or(0);
    for c in &rows {
        out.push_str(&format!(
            "{}  {:>5}  {}\n",
            pad(&c.value, width),
            c.count,
            bar(c.count, max, 30)
        ));
    }
    if stats.counts.len() > SHOWN {
        out.push_str(&format!(
            "… 另有 {} 项（--json 或 --csv 可见全部）\n",
            stats.counts.len() - SHOWN
        ));
    }
    if stats.unknown > 0 {
        out.push_str(&format!(
            "{}  {:>5}\n",
            pad("（未标注）", width),
            stats.unknown
        ));
    }
    out
}

/// Cases with no value in the multi-valued field `field`.
fn cases_without(searcher: &Searcher, field: &str) -> Result<u64, CasesError> {
    Ok(searcher.count_missing("case", field)?)
}
