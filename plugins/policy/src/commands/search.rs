//! `zhijian policy search QUERY [--all-versions] [--as-of DATE] [--limit N]`.

use std::collections::{BTreeMap, HashSet};

use serde_json::json;
use zhijian_kb::{Kb, SearchRequest, Searcher};
use zhijian_plugin_api::{Format, Host, PluginError, Request, Response};

use crate::catalog::{PolicyVersion, as_of_date, catalogue, select, sort_versions};
use zhijian_plugin_support::{json_line as to_json, open_kb};

/// How many hits to read before filtering by date.
const AS_OF_POOL: usize = 2_000;

/// Runs the command.
pub fn run(request: &Request, host: &dyn Host) -> Result<Response, PluginError> {
    let kb = open_kb(host)?;
    let query = request.require_str("query")?;
    let limit = request.arg_parse::<usize>("limit")?.unwrap_or(10).max(1);
    let as_of = request
        .arg_str("as-of")
        .map(|d| as_of_date(Some(d)))
        .transpose()?;
    let searcher = Searcher::open(&kb)
        .map_err(|e| PluginError::config(format!("{e} (run `zhijian index` first)")))?;
    let mut search = SearchRequest::new(query);
    search.types = vec!["article".into()];
    search.facets = vec!["policy".into()];
    search.all_versions = request.arg_flag("all-versions") || as_of.is_some();
    search.limit = if as_of.is_some() { AS_OF_POOL } else { limit };
    let mut results = searcher
        .search(&search)
        .map_err(|e| PluginError::usage(e.to_string()))?;
    if let Some(date) = &as_of {
        let keep = in_force_on(&kb, date)?;
        results.hits.retain(|h| {
            h.extra
                .get("policy")
                .and_then(|p| p.as_str())
                .is_some_and(|p| keep.contains(p))
        });
        results.total = results.hits.len();
        results.hits.truncate(limit);
    }
    if request.format == Format::Json {
        let value =
            json!({"query": query, "as_of": as_of, "total": results.total, "hits": results.hits});
        return Ok(Response::new(to_json(&value)?));
    }
    if results.hits.is_empty() {
        return Ok(Response::not_found(format!(
            "没有找到与“{query}”相关的条文。\n"
        )));
    }
    let mut out = String::new();
    for (i, hit) in results.hits.iter().enumerate() {
        let field = |k: &str| {
            hit.extra
                .get(k)
                .and_then(|v| v.as_str())
                .unwrap_or("")
                .to_string()
        };
        let mut facts = vec![field("policy_title")];
        facts.extend(Some(field("status")).filter(|s| !s.is_empty()));
        out.push_str(&format!(
            "{:>2}. {}  （{}）\n",
            i + 1,
            hit.title,
            facts.join(" · ")
        ));
        out.push_str(&format!("    {}:{}\n", hit.path, hit.line));
        out.push_str(&format!("    {}\n", hit.snippet.replace('\n', " ")));
    }
    out.push_str(&format!(
        "共 {} 条结果，显示 {} 条\n",
        results.total,
        results.hits.len()
    ));
    Ok(Response::new(out))
}

/// Ids of the policy versions in force on `date`.
fn in_force_on(kb: &Kb, date: &str) -> Result<HashSet<String>, PluginError> {
    let today = zhijian_kb::time::today().to_string();
    let mut groups: BTreeMap<String, Vec<PolicyVersion>> = BTreeMap::new();
    for v in catalogue(kb)? {
        groups.entry(v.group_key().to_string()).or_default().push(v);
    }
    let mut keep = HashSet::new();
    for versions in groups.values_mut() {
        sort_versions(versions);
        if let Some((i, true)) = select(versions, date, &today) {
            keep.insert(versions[i].id.clone());
        }
    }
    Ok(keep)
}
