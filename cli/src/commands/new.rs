//! `zhijian new`: a new document from a template.

use anyhow::Context as _;
use zhijian_kb::time::today;
use zhijian_kb::write::{PRIVATE_FILE_MODE, atomic_write, create_private_dir};

use crate::app::{Context, Outcome};
use crate::templates::new_document;

/// Create a document from a template and print its path (opens nothing)
#[derive(Debug, clap::Args)]
pub struct NewArgs {
    /// Type: case, policy, training, path, person or note
    #[arg(value_name = "TYPE")]
    pub doc_type: String,
    /// Title of the new document
    #[arg(long)]
    pub title: String,
    /// Id (and file name); default: made from the title
    #[arg(long)]
    pub id: Option<String>,
}

/// Runs `zhijian new`.
pub fn run(args: &NewArgs, ctx: &Context) -> anyhow::Result<Outcome> {
    let kb = ctx.kb()?;
    let doc_type = args.doc_type.as_str();
    let Some(declared) = kb.types().get(doc_type) else {
        anyhow::bail!(
            "unknown type `{doc_type}` (expected {})",
            kb.types().names().join(", ")
        );
    };
    let template = new_document(doc_type)
        .ok_or_else(|| anyhow::anyhow!("no template for type `{doc_type}`"))?;
    let title = args.title.trim();
    if title.is_empty() {
        anyhow::bail!("--title may not be empty");
    }
    let id = match &args.id {
        Some(id) => id.clone(),
        None => id_from_title(title),
    };
    let path = kb.path_for(doc_type, &id)?;
    if path.exists() {
        anyhow::bail!("{} already exists (choose another --id)", path.display());
    }
    let text = template
        .replace("{{id}}", &toml_escape(&id))
        .replace("{{title}}", &toml_escape(title))
        .replace("{{date}}", &today().to_string());
    let dir = path.parent().context("a document path has a folder")?;
    let private = declared.personal();
    if private {
        create_private_dir(dir)?;
    } else {
        std::fs::create_dir_all(dir).with_context(|| format!("cannot create {}", dir.display()))?;
    }
    atomic_write(&path, text.as_bytes(), private.then_some(PRIVATE_FILE_MODE))?;
    let rel = zhijian_kb::scan::relative(kb.root(), &path);
    if ctx.printer.json {
        ctx.printer
            .json(&serde_json::json!({ "id": id, "type": doc_type, "path": rel }))?;
    } else {
        ctx.printer.line(&path.display().to_string())?;
    }
    Ok(Outcome::Success)
}

/// An id from a title: spaces become `-`, characters an id may not hold are dropped.
fn id_from_title(title: &str) -> String {
    let mut id = String::new();
    for c in title.chars() {
        if c.is_whitespace() {
            if !id.ends_with('-') && !id.is_empty() {
                id.push('-');
            }
        } else if c.is_alphanumeric() || c == '-' || c == '_' {
            id.extend(c.to_lowercase());
        }
    }
    let id = id.trim_matches('-').to_string();
    if id.is_empty() {
        format!("doc-{}", today())
    } else {
        id
    }
}

/// Escapes text for the inside of a TOML basic string ("…").
fn toml_escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            c if c.is_control() => out.push_str(&format!("\\u{:04X}", c as u32)),
            c => out.push(c),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ids_from_titles() {
        assert_eq!(id_from_title("醉驾 案件 审查要点"), "醉驾-案件-审查要点");
        assert_eq!(id_from_title("A/B: Test"), "ab-test");
    }

    #[test]
    fn titles_are_escaped_for_toml() {
        let text = format!("title = \"{}\"", toml_escape("say \"hi\" \\ now"));
        let table: toml::Table = text.parse().expect("valid TOML");
        assert_eq!(table["title"].as_str(), Some("say \"hi\" \\ now"));
    }
}
