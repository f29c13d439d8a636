//! `zhijian search`: ranked hits with snippets and facet counts, or a batch of queries.

use std::io::BufRead;
use std::path::PathBuf;

use anyhow::Context as _;
use serde::Deserialize;
use serde_json::json;
use zhijian_kb::{SearchRequest, SearchResults, Searcher};

use crate::app::{Context, Outcome};
use crate::output::Printer;

/// Search the knowledge base (cases, articles, training, notes)
///
/// Query language: words match literally (醉驾 finds 毒驾、醉驾); "quoted phrases";
/// field:value filters (type:case tag:醉驾 domain:刑事 status:现行有效 charge:… keyword:…);
/// year:2019..2024; AND, OR, NOT (or -word); parentheses. Long questions
/// (醉酒开车撞伤了人会判刑吗) are ranked by their key words.
#[derive(Debug, clap::Args)]
pub struct SearchArgs {
    /// The query (omit with --batch)
    #[arg(required_unless_present = "batch")]
    pub query: Option<String>,
    /// Only this type: case, article, policy, training, path, note (repeatable)
    #[arg(long = "type", short = 't', value_name = "TYPE")]
    pub types: Vec<String>,
    /// Number of hits
    #[arg(long, short = 'n', default_value_t = 10)]
    pub limit: usize,
    /// Skip this many hits (paging)
    #[arg(long, default_value_t = 0)]
    pub offset: usize,
    /// Include policy versions no longer in force, and their articles
    #[arg(long)]
    pub all_versions: bool,
    /// Read one JSON query per line from FILE ("-" for stdin): {"id":"…","query":"…"}
    #[arg(long, value_name = "FILE", conflicts_with = "query")]
    pub batch: Option<PathBuf>,
}

/// One line of a batch file.
#[derive(Debug, Deserialize)]
struct BatchLine {
    #[serde(default)]
    id: serde_json::Value,
    query: String,
}

/// Runs `zhijian search`.
pub fn run(args: &SearchArgs, ctx: &Context) -> anyhow::Result<Outcome> {
    let kb = ctx.kb()?;
    let (searcher, repaired) = Searcher::open_repairing(&kb)?;
    if let Some(reason) = repaired {
        ctx.printer.warn(&reason);
    }
    if let Some(batch) = &args.batch {
        return run_batch(args, &searcher, batch, &ctx.printer);
    }
    let query = args.query.clone().unwrap_or_default();
    let results = searcher.search(&request(args, query))?;
    if ctx.printer.json {
        ctx.printer.json(&results)?;
    } else {
        print_text(&results, args, &ctx.printer)?;
    }
    Ok(Outcome::found(!results.hits.is_empty()))
}

fn request(args: &SearchArgs, query: String) -> SearchRequest {
    let mut request = SearchRequest::new(query);
    request.types = args.types.clone();
    request.limit = args.limit;
    request.offset = args.offset;
    request.all_versions = args.all_versions;
    request
}

fn run_batch(
    args: &SearchArgs,
    searcher: &Searcher,
    file: &PathBuf,
    printer: &Printer,
) -> anyhow::Result<Outcome> {
    let reader: Box<dyn BufRead> = if file.as_os_str() == "-" {
        Box::new(std::io::stdin().lock())
    } else {
        let handle =
            std::fs::File::open(file).with_context(|| format!("cannot open {}", file.display()))?;
        Box::new(std::io::BufReader::new(handle))
    };
    let mut any_hit = false;
    let mut any_error = false;
    for (index, line) in reader.lines().enumerate() {
        let line = line.with_context(|| format!("cannot read {}", file.display()))?;
        if line.trim().is_empty() {
            continue;
        }
        let parsed: Result<BatchLine, _> = serde_json::from_str(&line);
        let out = match parsed {
            Err(e) => {
                any_error = true;
                json!({ "line": index + 1, "error": format!("not a query object: {e}") })
            }
            Ok(item) => match searcher.search(&request(args, item.query.clone())) {
                Ok(results) => {
                    any_hit |= !results.hits.is_empty();
                    json!({ "id": item.id, "query": item.query, "total": results.total, "hits": results.hits })
                }
                Err(e) => {
                    any_error = true;
                    json!({ "id": item.id, "query": item.query, "error": e.to_string() })
                }
            },
        };
        printer.json(&out)?;
    }
    Ok(if any_error {
        crate::app::Outcome::Usage
    } else {
        Outcome::found(any_hit)
    })
}

fn print_text(results: &SearchResults, args: &SearchArgs, printer: &Printer) -> anyhow::Result<()> {
    for hit in &results.hits {
        let label = match hit.extra.get("number").and_then(|v| v.as_str()) {
            Some(number) if !hit.title.contains(number) => format!("{number} {}", hit.title),
            _ => hit.title.clone(),
        };
        printer.line(&format!(
            "{} {} {}",
            printer.path(&format!("{}:{}", hit.path, hit.line)),
            printer.dim(&format!("[{}]", hit.doc_type)),
            printer.bold(&label)
        ))?;
        if !hit.snippet.is_empty() {
            printer.line(&format!(
                "    {}",
                printer.highlight(&hit.snippet, &hit.highlights)
            ))?;
        }
    }
    if results.total == 0 {
        printer.note("no matches");
        return Ok(());
    }
    let shown = results.hits.len();
    let mut summary = format!("{shown} of {} hits", results.total);
    if args.offset > 0 {
        summary.push_str(&format!(" (from {})", args.offset + 1));
    }
    for (facet, counts) in &results.facets {
        if counts.is_empty() {
            continue;
        }
        let mut counts: Vec<_> = counts.iter().collect();
        counts.sort_by(|a, b| b.1.cmp(a.1).then(a.0.cmp(b.0)));
        let list: Vec<String> = counts
            .iter()
            .take(8)
            .map(|(v, n)| format!("{v} {n}"))
            .collect();
        summary.push_str(&format!(" · {facet}: {}", list.join(", ")));
    }
    printer.line(&printer.dim(&summary))?;
    Ok(())
}
