//! `zhijian training show ID`

use serde_json::json;
use zhijian_plugin_api::{Format, Host, Request, Response};

use crate::TrainingError;
use crate::catalog::{hours_of, quiz_of};
use crate::common::{Context, hours, joined, json, required};

/// Shows a material: its fields, prerequisites, quiz size and text (a path is shown
/// as `path show` would).
pub fn run(request: &Request, host: &dyn Host) -> Result<Response, TrainingError> {
    let ctx = Context::open(host)?;
    let id = required(request, "id")?;
    if ctx.catalog.get(id).is_some_and(|d| d.is("path")) {
        let path = ctx.catalog.path(id)?;
        return super::path_show::render(&ctx, &path, None, request.format);
    }
    let doc = ctx.catalog.material(id)?;
    let target = ctx.catalog.target(id)?;
    let prerequisites = ctx.catalog.prerequisites(target)?;
    let quiz = quiz_of(doc)?;
    let output = match request.format {
        Format::Json => json(&json!({
            "id": doc.id,
            "title": doc.title,
            "path": doc.path,
            "audience": doc.list_field("audience"),
            "level": doc.str_field("level"),
            "hours": hours_of(doc),
            "prerequisites": prerequisites.iter().map(|t| json!({"id": t.id(), "title": t.title()})).collect::<Vec<_>>(),
            "related": doc.list_field("related"),
            "tags": doc.tags(),
            "quiz": quiz.iter().map(|q| json!({"question": q.question, "options": q.options})).collect::<Vec<_>>(),
            "body": doc.body,
        }))?,
        _ => {
            let prereq: Vec<String> = prerequisites
                .iter()
                .map(|t| format!("{}（{}）", t.id(), t.title()))
                .collect();
            let mut out = format!("{}\n", doc.title);
            let mut field =
                |name: &str, value: String| out.push_str(&format!("  {name}  {value}\n"));
            field("编号", doc.id.clone());
            field("文件", doc.path.clone());
            field("对象", joined(&doc.list_field("audience")));
            field("级别", doc.str_field("level").unwrap_or("—").to_string());
            field("学时", hours(hours_of(doc)));
            field("先修", joined(&prereq));
            field("关联", joined(&doc.list_field("related")));
            let quiz_line = if quiz.is_empty() {
                "—".to_string()
            } else {
                format!(
                    "{} 题（zhijian training quiz {} --person ID）",
                    quiz.len(),
                    doc.id
                )
            };
            field("测验", quiz_line);
            out.push('\n');
            out.push_str(doc.body.trim());
            out.push('\n');
            out
        }
    };
    Ok(Response::new(output))
}
