//! `zhijian wordcount count QUERY`: how long are the documents a search finds?
//!
//! The example of docs/plugins.md, which shows this file whole. The tests check that
//! the guide shows exactly this file, then build it, load it and run it.

use serde_json::{Value, json};
use zhijian_plugin_api::{
    ArgSpec, CommandSpec, Format, Host, Manifest, Plugin, PluginError, Request, Response,
};

/// The plugin: one command, `count`.
pub struct WordCount;

impl Plugin for WordCount {
    fn manifest(&self) -> Manifest {
        Manifest::new(
            "wordcount",
            env!("CARGO_PKG_VERSION"),
            "count characters of documents",
        )
        .command(
            CommandSpec::new(
                "count",
                "count the characters of the documents a search finds",
            )
            .arg(ArgSpec::positional("query", "what to search for").required())
            .arg(
                ArgSpec::option("type", "only documents of this type (repeatable)")
                    .value_name("TYPE")
                    .multiple(),
            )
            .arg(
                ArgSpec::option("limit", "look at this many hits at most")
                    .short('n')
                    .value_name("N")
                    .default_value("10"),
            )
            .arg(ArgSpec::flag(
                "titles",
                "count the titles instead of the bodies",
            ))
            // It prints a table, so the host offers `--csv`.
            .table(),
        )
    }

    fn run(&self, request: &Request, host: &dyn Host) -> Result<Response, PluginError> {
        match request.command_line().as_str() {
            "count" => count(request, host),
            other => Err(PluginError::usage(format!(
                "wordcount has no command `{other}`"
            ))),
        }
    }
}

/// One row of the table: id, title, characters.
type Row = (String, String, usize);

/// Searches, reads each document found once, and counts its characters.
fn count(request: &Request, host: &dyn Host) -> Result<Response, PluginError> {
    let query = request.require_str("query")?; // a required positional
    let types = request.arg_list("type"); // a repeatable option: every value, maybe none
    let limit: usize = request.arg_parse("limit")?.unwrap_or(10); // an option, parsed
    let field = if request.arg_flag("titles") {
        "title"
    } else {
        "body"
    }; // a flag

    let hits = host
        .search(query, limit, &types)
        .map_err(PluginError::usage)?;
    let mut rows: Vec<Row> = Vec::new();
    for hit in &hits {
        let id = hit["id"].as_str().unwrap_or_default();
        // An article and the law it belongs to share an id: count each document once.
        if rows.iter().any(|(seen, _, _)| seen == id) {
            continue;
        }
        let doc = host.read(id).map_err(PluginError::data)?;
        let chars = doc[field].as_str().unwrap_or_default().chars().count();
        let title = doc["title"].as_str().unwrap_or_default().to_owned();
        rows.push((id.to_owned(), title, chars));
    }
    let output = render(query, &rows, request.format);
    // Nothing found: the host exits with status 1, like grep.
    Ok(if rows.is_empty() {
        Response::not_found(output)
    } else {
        Response::new(output)
    })
}

fn render(query: &str, rows: &[Row], format: Format) -> String {
    match format {
        Format::Json => {
            let documents: Vec<Value> = rows
                .iter()
                .map(|(id, title, chars)| json!({"id": id, "title": title, "chars": chars}))
                .collect();
            format!("{}\n", json!({"query": query, "documents": documents}))
        }
        Format::Csv => {
            let mut out = String::from("id,title,chars\n");
            for (id, title, chars) in rows {
                out.push_str(&format!("{},{},{chars}\n", csv_field(id), csv_field(title)));
            }
            out
        }
        Format::Text => rows
            .iter()
            .map(|(id, title, chars)| format!("{chars:>6}  {id}  {title}\n"))
            .collect(),
    }
}

/// A CSV field: quoted when it holds a comma, a quote or a line break, and with a `'`
/// before a leading `=`, `+`, `-` or `@` so that a spreadsheet shows it as text
/// instead of running it as a formula.
fn csv_field(text: &str) -> String {
    let text = if text.starts_with(['=', '+', '-', '@']) {
        format!("'{text}")
    } else {
        text.to_owned()
    };
    if text.contains([',', '"', '\n', '\r']) {
        format!("\"{}\"", text.replace('"', "\"\""))
    } else {
        text
    }
}

// Generates the `zhijian_plugin_entry` symbol the host looks for.
zhijian_plugin_api::export_plugin!(WordCount);
