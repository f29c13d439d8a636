//! `zhijian show`: one document, rendered for the terminal.

use serde_json::json;
use zhijian_kb::DocType;

use crate::app::{Context, Outcome};
use crate::render::render;

/// Show a document by id: rendered for the terminal, as JSON, or as the raw file
#[derive(Debug, clap::Args)]
pub struct ShowArgs {
    /// The document id
    pub id: String,
    /// Print the file exactly as it is
    #[arg(long, conflicts_with = "json")]
    pub raw: bool,
}

/// Front matter fields worth a line under the title, in this order.
const SHOWN_FIELDS: &[&str] = &[
    "number",
    "kind",
    "domain",
    "charges",
    "short",
    "category",
    "issuer",
    "doc_number",
    "status",
    "promulgated",
    "effective",
    "published",
    "version",
    "audience",
    "level",
    "hours",
    "tags",
];

/// Runs `zhijian show`.
pub fn run(args: &ShowArgs, ctx: &Context) -> anyhow::Result<Outcome> {
    let kb = ctx.kb()?;
    let doc = kb.find(&args.id)?;
    if doc.doc_type == DocType::Person {
        anyhow::bail!(
            "`{}` is a personnel record: use `zhijian personnel show {}`",
            doc.id,
            doc.id
        );
    }
    if args.raw {
        let text = std::fs::read_to_string(kb.root().join(&doc.path))?;
        ctx.printer.text(&text)?;
        return Ok(Outcome::Success);
    }
    if ctx.printer.json {
        let sections: Vec<_> = doc
            .markdown
            .sections
            .iter()
            .map(|s| json!({ "heading": s.heading, "line": s.line, "text": s.text }))
            .collect();
        ctx.printer.json(&json!({
            "id": doc.id,
            "type": doc.doc_type,
            "title": doc.title,
            "path": doc.path,
            "front": doc.front,
            "sections": sections,
            "body": doc.body,
        }))?;
        return Ok(Outcome::Success);
    }
    let p = &ctx.printer;
    p.line(&p.bold(&doc.title))?;
    p.line(&p.dim(&format!("{} · {} · {}", doc.doc_type, doc.id, doc.path)))?;
    for key in SHOWN_FIELDS {
        let Some(value) = doc.front.get(*key) else {
            continue;
        };
        let text = match value {
            toml::Value::String(s) if s.is_empty() => continue,
            toml::Value::String(s) => s.clone(),
            toml::Value::Array(items) if items.is_empty() => continue,
            toml::Value::Array(items) => items
                .iter()
                .map(|v| v.as_str().map_or_else(|| v.to_string(), str::to_string))
                .collect::<Vec<_>>()
                .join("、"),
            other => other.to_string(),
        };
        p.line(&format!("{} {text}", p.dim(&format!("{key}:"))))?;
    }
    p.line("")?;
    p.text(&render(&doc.body, p, p.width.min(100)))?;
    Ok(Outcome::Success)
}
