//! `zhijian show`: one document, rendered for the terminal.

use serde_json::json;

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

/// Runs `zhijian show`.
pub fn run(args: &ShowArgs, ctx: &Context) -> anyhow::Result<Outcome> {
    let kb = ctx.kb()?;
    let doc = kb.find(&args.id)?;
    if kb.types().is_personal(&doc.doc_type) {
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
    // What the document's type says is worth a line under the title.
    let mut lines = kb
        .types()
        .get(&doc.doc_type)
        .map(|t| t.summary(&doc))
        .unwrap_or_default();
    let tags = doc.tags();
    if !tags.is_empty() {
        lines.push(("标签".into(), tags.join("、")));
    }
    for (label, value) in lines {
        p.line(&format!("{} {value}", p.dim(&format!("{label}："))))?;
    }
    p.line("")?;
    p.text(&render(&doc.body, p, p.width.min(100)))?;
    Ok(Outcome::Success)
}
