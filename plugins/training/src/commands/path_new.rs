//! `zhijian training path new --from-cases QUERY [--title T] [--id ID] [--limit N]`
//!
//! Drafts a learning path (以案为鉴) from the top case hits for a query: the
//! materials whose `related` cite those cases (with their prerequisites, in
//! prerequisite order), then the cases in rank order.

use std::collections::HashSet;

use zhijian_kb::write::atomic_write;
use zhijian_kb::{Document, SearchRequest, Searcher};
use zhijian_plugin_api::{Host, Request, Response};

use crate::TrainingError;
use crate::catalog::{Catalog, Target};
use crate::common::Context;

/// Searches cases, drafts the path file into `paths/` and prints it.
pub fn run(request: &Request, host: &dyn Host) -> Result<Response, TrainingError> {
    let ctx = Context::open(host)?;
    let query = request
        .arg_str("from-cases")
        .map(str::trim)
        .unwrap_or_default();
    if query.is_empty() {
        return Err(TrainingError::Usage("`--from-cases` needs a query".into()));
    }
    let limit = request
        .arg_parse::<usize>("limit")
        .map_err(|e| TrainingError::Usage(e.message))?
        .unwrap_or(5)
        .clamp(1, 50);
    let id = match request.arg_str("id") {
        Some(id) => id.trim().to_string(),
        None => default_id(query),
    };
    let rel = ctx.kb.rel_path_for("path", &id)?;
    let file = ctx.kb.inside(&rel)?;
    if ctx.catalog.get(&id).is_some() || file.exists() {
        return Err(TrainingError::Usage(format!(
            "a document with id `{id}` already exists ({rel}); choose another with --id"
        )));
    }

    let searcher = Searcher::open(&ctx.kb)?;
    let mut search = SearchRequest::new(query);
    search.types = vec!["case".into()];
    search.limit = limit;
    search.facets = Vec::new();
    let results = searcher.search(&search)?;
    let mut seen = HashSet::new();
    let cases: Vec<&Document> = results
        .hits
        .iter()
        .filter_map(|hit| ctx.catalog.get(&hit.id))
        .filter(|doc| doc.is("case") && seen.insert(doc.id.clone()))
        .collect();
    if cases.is_empty() {
        return Err(TrainingError::NotFound(format!(
            "no case matches `{query}` (is the index up to date? run `zhijian index`)"
        )));
    }
    let materials = materials_for(&ctx.catalog, &cases)?;

    let title = request.arg_str("title").map_or_else(
        || format!("{query}案例学习路径（草稿）"),
        |t| t.trim().to_string(),
    );
    let text = draft(&id, &title, query, &materials, &cases);
    if let Some(dir) = file.parent() {
        std::fs::create_dir_all(dir).map_err(|err| TrainingError::io(dir, err))?;
    }
    atomic_write(&file, text.as_bytes(), None)?;

    let ctx = Context::open(host)?;
    let path = ctx.catalog.path(&id)?;
    let mut response = super::path_show::render(&ctx, &path, None, request.format)?;
    if request.format != zhijian_plugin_api::Format::Json {
        response.output = format!(
            "已写入 {rel}（草稿，请审阅；运行 zhijian index 使其可检索）\n\n{}",
            response.output
        );
    }
    Ok(response)
}

/// `path-` and the query, with characters unfit for an id replaced by `-`.
fn default_id(query: &str) -> String {
    let mut id = String::from("path-");
    for c in query.chars() {
        if c.is_alphanumeric() {
            id.push(c);
        } else if !id.ends_with('-') {
            id.push('-');
        }
    }
    id.trim_end_matches('-').chars().take(60).collect()
}

/// Materials citing the cases, plus their prerequisites, in prerequisite order.
fn materials_for<'a>(
    catalog: &'a Catalog,
    cases: &[&Document],
) -> Result<Vec<&'a Document>, TrainingError> {
    let cited: HashSet<String> = cases
        .iter()
        .flat_map(|c| {
            [
                Some(c.id.clone()),
                c.str_field("number").map(str::to_string),
            ]
        })
        .flatten()
        .collect();
    let mut chosen: Vec<&Document> = catalog
        .materials()
        .filter(|m| {
            m.list_field("related")
                .iter()
                .any(|r| cited.contains(r.trim()))
        })
        .collect();
    // Pull in prerequisites, so the draft can be followed in order.
    let mut at = 0;
    while at < chosen.len() {
        let target = Target::Material(chosen[at]);
        for pre in catalog.prerequisites(target)? {
            if let Target::Material(doc) = pre
                && !chosen.iter().any(|c| c.id == doc.id)
            {
                chosen.push(doc);
            }
        }
        at += 1;
    }
    // Prerequisites first; among ready materials the easier level first.
    let rank = |doc: &Document| match doc.str_field("level") {
        Some("入门") => 0,
        Some("高级") => 2,
        _ => 1,
    };
    let mut ordered: Vec<&Document> = Vec::with_capacity(chosen.len());
    while !chosen.is_empty() {
        let ready = |doc: &&Document| {
            doc.list_field("prerequisites").iter().all(|p| {
                let key = catalog.key_of(p);
                ordered.iter().any(|o| o.id == key) || !chosen.iter().any(|c| c.id == key)
            })
        };
        let pick = chosen
            .iter()
            .enumerate()
            .filter(|(_, d)| ready(d))
            .min_by_key(|(at, d)| (rank(d), *at))
            .map_or(0, |(at, _)| at);
        ordered.push(chosen.remove(pick));
    }
    Ok(ordered)
}

fn quoted(text: &str) -> String {
    toml::Value::String(text.to_string()).to_string()
}

/// The draft path document.
fn draft(
    id: &str,
    title: &str,
    query: &str,
    materials: &[&Document],
    cases: &[&Document],
) -> String {
    let mut out = String::from("+++\n");
    out.push_str(&format!("id = {}\n", quoted(id)));
    out.push_str("type = \"path\"\n");
    out.push_str(&format!("title = {}\n", quoted(title)));
    out.push_str("audience = []\n");
    out.push_str("tags = [\"以案为鉴\", \"草稿\"]\n");
    for doc in materials {
        out.push_str(&format!("\n[[steps]]\nref = {}\n", quoted(&doc.id)));
    }
    for doc in cases {
        let reference = doc.str_field("number").unwrap_or(&doc.id);
        out.push_str(&format!("\n[[steps]]\nref = {}\n", quoted(reference)));
    }
    out.push_str("+++\n\n");
    out.push_str(&format!(
        "> 草稿：由 `zhijian training path new --from-cases {}` 于 {} 生成，请审阅、调整步骤和必修/选修后再分配。\n\n",
        quoted(query),
        zhijian_kb::time::today()
    ));
    out.push_str(&format!(
        "本路径依据检索“{query}”所得的 {} 件案例编排：先学习引用这些案例的 {} 份教材，再逐案阅读要旨和指导意义，以案为鉴。\n",
        cases.len(),
        materials.len()
    ));
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn default_ids_are_safe() {
        assert_eq!(default_id("醉驾"), "path-醉驾");
        assert_eq!(default_id("醉驾 认罪认罚/../x"), "path-醉驾-认罪认罚-x");
        assert!(zhijian_kb::document::validate_id(&default_id("a..b")).is_ok());
    }
}
