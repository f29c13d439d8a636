//! `stats count QUERY`: how many hits a search has, per document type.

use std::collections::BTreeMap;

use serde_json::{Value, json};
use zhijian_plugin_api::{ArgSpec, CommandSpec, Format, Host, PluginError, Request, Response};

/// How many hits are counted when `--limit` is not given.
const DEFAULT_LIMIT: usize = 1000;

/// The command as the host shows it.
pub fn spec() -> CommandSpec {
    CommandSpec::new("count", "count the hits of a search by document type")
        .arg(ArgSpec::positional("query", "the search query").required())
        .arg(
            ArgSpec::option("limit", "count at most this many hits")
                .short('n')
                .value_name("N")
                .default_value(DEFAULT_LIMIT.to_string()),
        )
        .arg(
            ArgSpec::option("type", "count only documents of this type")
                .multiple()
                .value_name("TYPE"),
        )
        // A table of counts: the host offers `--csv`.
        .table()
}

/// Runs the search through the host and renders the counts.
pub fn run(request: &Request, host: &dyn Host) -> Result<Response, PluginError> {
    let query = request.require_str("query")?;
    let limit = request
        .arg_parse::<usize>("limit")?
        .unwrap_or(DEFAULT_LIMIT);
    let types = request.arg_list("type");
    // The host's error is a bare message; a failed search is most often a query the
    // index cannot parse, so report it as the user's input.
    let hits = host
        .search(query, limit, &types)
        .map_err(|err| PluginError::usage(format!("search for `{query}` failed: {err}")))?;

    let mut by_type: BTreeMap<&str, usize> = BTreeMap::new();
    for hit in &hits {
        let kind = hit.get("type").and_then(Value::as_str).unwrap_or("unknown");
        *by_type.entry(kind).or_default() += 1;
    }
    let output = render(query, hits.len(), &by_type, request.format);
    Ok(if hits.is_empty() {
        Response::not_found(output)
    } else {
        Response::new(output)
    })
}

fn render(query: &str, total: usize, by_type: &BTreeMap<&str, usize>, format: Format) -> String {
    match format {
        Format::Json => {
            let doc = json!({"query": query, "total": total, "by_type": by_type});
            format!("{doc}\n")
        }
        Format::Csv => {
            let mut out = String::from("type,count\n");
            for (kind, count) in by_type {
                out.push_str(&format!("{},{count}\n", csv_field(kind)));
            }
            out
        }
        Format::Text if total == 0 => String::new(),
        Format::Text => {
            let width = by_type.keys().map(|k| k.chars().count()).max().unwrap_or(0);
            let width = width.max("total".len());
            let mut out = String::new();
            for (kind, count) in by_type {
                out.push_str(&format!("{kind:<width$}  {count}\n"));
            }
            out.push_str(&format!("{:<width$}  {total}\n", "total"));
            out
        }
    }
}

/// Quotes a CSV field when it holds a separator, a quote or a line break.
fn csv_field(text: &str) -> String {
    if text.contains([',', '"', '\n', '\r']) {
        format!("\"{}\"", text.replace('"', "\"\""))
    } else {
        text.to_owned()
    }
}
