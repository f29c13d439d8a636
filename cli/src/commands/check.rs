//! `zhijian check`: validate every document without touching the index.

use std::path::Path;

use serde_json::json;
use zhijian_kb::{Document, Kb, Problem};

use crate::app::{Context, Outcome};

/// Check every document: front matter, required fields, duplicate ids, broken links, file permissions
#[derive(Debug, clap::Args)]
pub struct CheckArgs {}

/// Runs `zhijian check`; exit 1 when anything is wrong.
pub fn run(_args: &CheckArgs, ctx: &Context) -> anyhow::Result<Outcome> {
    let kb = ctx.kb()?;
    let loaded = kb.load_all()?;
    let mut problems = loaded.problems;
    for doc in &loaded.documents {
        problems.extend(broken_links(&kb, doc));
        if kb.types().is_personal(&doc.doc_type) {
            problems.extend(open_permissions(&kb.root().join(&doc.path), &doc.path));
        }
    }
    problems.sort_by(|a, b| a.path.cmp(&b.path).then(a.line.cmp(&b.line)));
    if ctx.printer.json {
        ctx.printer
            .json(&json!({ "documents": loaded.documents.len(), "problems": problems }))?;
    } else {
        for problem in &problems {
            ctx.printer.line(&problem.to_string())?;
        }
        ctx.printer.note(&format!(
            "{} documents checked, {} problems",
            loaded.documents.len(),
            problems.len()
        ));
    }
    Ok(Outcome::found(problems.is_empty()))
}

/// Relative links to files that do not exist.
fn broken_links(kb: &Kb, doc: &Document) -> Vec<Problem> {
    let folder = Path::new(&doc.path)
        .parent()
        .map(Path::to_path_buf)
        .unwrap_or_default();
    let mut out = Vec::new();
    for link in &doc.markdown.links {
        let url = link.url.trim();
        let external = url.is_empty()
            || url.starts_with('#')
            || url.contains("://")
            || url.starts_with("mailto:");
        if external {
            continue;
        }
        let target = url.split(['#', '?']).next().unwrap_or(url);
        let resolved = if let Some(from_root) = target.strip_prefix('/') {
            kb.root().join(from_root)
        } else {
            kb.root().join(&folder).join(target)
        };
        if !resolved.exists() {
            out.push(Problem::warning(
                &doc.path,
                Some(link.line),
                format!("broken link to `{url}`"),
            ));
        }
    }
    out
}

/// A personnel file others can read.
fn open_permissions(path: &Path, rel: &str) -> Option<Problem> {
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        let mode = std::fs::metadata(path).ok()?.permissions().mode() & 0o777;
        (mode & 0o077 != 0).then(|| {
            Problem::warning(
                rel,
                None,
                format!(
                    "personnel record is readable by others (mode {mode:o}); run `chmod 600 {rel}`"
                ),
            )
        })
    }
    #[cfg(not(unix))]
    {
        let _ = (path, rel);
        None
    }
}
