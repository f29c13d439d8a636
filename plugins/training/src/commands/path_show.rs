//! `zhijian training path show ID [--person P]`

use serde_json::{Value, json};
use zhijian_plugin_api::{Format, Host, Request, Response};

use crate::TrainingError;
use crate::catalog::{LearningPath, Step};
use crate::common::{Context, hours, joined, json, required, table};
use crate::records::{Record, read_record};
use crate::status::{PathStatus, completions_by_key, path_status};

/// Shows a path's steps, hours and prerequisites, and a person's progress on it.
pub fn run(request: &Request, host: &dyn Host) -> Result<Response, TrainingError> {
    let ctx = Context::open(host)?;
    let id = required(request, "id")?;
    let path = ctx.catalog.path(id)?;
    let person = request.arg_str("person").map(str::trim);
    let record = match person {
        Some(person) => {
            Some(read_record(ctx.kb.root(), person)?.unwrap_or_else(|| Record::new(person)))
        }
        None => None,
    };
    let mut response = render(&ctx, &path, record.as_ref(), request.format)?;
    if let Some(warning) = person.and_then(|p| ctx.catalog.person_warning(p)) {
        response = response.warning(warning);
    }
    Ok(response)
}

/// Renders a path; with a record, prerequisites are met when the person completed
/// them, without one when an earlier step of the path covers them.
pub fn render(
    ctx: &Context,
    path: &LearningPath<'_>,
    record: Option<&Record>,
    format: Format,
) -> Result<Response, TrainingError> {
    let catalog = &ctx.catalog;
    let status = record.map(|r| path_status(catalog, path, r, &zhijian_kb::time::today()));
    let steps = step_values(ctx, path, record)?;
    let output = match format {
        Format::Json => json(&path_json(path, record, status.as_ref(), steps))?,
        _ => path_text(ctx, path, record, status.as_ref(), &steps),
    };
    Ok(Response::new(output))
}

/// Each step as JSON: what it is, its prerequisites (met or not) and, with a record,
/// whether and when it was done.
fn step_values(
    ctx: &Context,
    path: &LearningPath<'_>,
    record: Option<&Record>,
) -> Result<Vec<Value>, TrainingError> {
    let catalog = &ctx.catalog;
    let done = record.map(|r| completions_by_key(catalog, r));
    let mut steps = Vec::with_capacity(path.steps.len());
    for (at, step) in path.steps.iter().enumerate() {
        let mut prerequisites = Vec::new();
        for pre in catalog.prerequisites(step.target)? {
            let met = match &done {
                Some(done) => done.contains_key(pre.id()),
                None => path.steps[..at].iter().any(|s| s.target.id() == pre.id()),
            };
            prerequisites.push(json!({"id": pre.id(), "title": pre.title(), "met": met}));
        }
        let completion = done.as_ref().and_then(|d| d.get(step.target.id()));
        steps.push(json!({
            "index": step.index,
            "ref": step.reference,
            "kind": step.target.kind(),
            "id": step.target.id(),
            "title": step.target.title(),
            "required": step.required,
            "hours": step.target.hours(),
            "prerequisites": prerequisites,
            "done": done.as_ref().map(|_| completion.is_some()),
            "date": completion.map(|c| c.date.to_string()),
        }));
    }
    Ok(steps)
}

fn path_json(
    path: &LearningPath<'_>,
    record: Option<&Record>,
    status: Option<&PathStatus>,
    steps: Vec<Value>,
) -> Value {
    json!({
        "id": path.doc.id,
        "title": path.doc.title,
        "path": path.doc.path,
        "audience": path.doc.list_field("audience"),
        "steps_total": path.steps.len(),
        "required_total": path.steps.iter().filter(|s| s.required).count(),
        "total_hours": path.total_hours(),
        "required_hours": path.required_hours(),
        "person": record.map(|r| r.person.clone()),
        "progress": status.map(|s| json!({
            "required_done": s.required_done,
            "steps_done": s.steps_done,
            "hours_done": s.hours_done,
            "percent": s.percent,
            "completed": s.completed,
            "next": s.next,
        })),
        "steps": steps,
    })
}

fn path_text(
    ctx: &Context,
    path: &LearningPath<'_>,
    record: Option<&Record>,
    status: Option<&PathStatus>,
    steps: &[Value],
) -> String {
    let required = path.steps.iter().filter(|s| s.required).count();
    let mut out = format!("{}  {}\n", path.doc.title, path.doc.id);
    out.push_str(&format!(
        "  对象：{}\n",
        joined(&path.doc.list_field("audience"))
    ));
    out.push_str(&format!(
        "  共 {} 步（必修 {required} 步），总学时 {}（必修 {}）\n",
        path.steps.len(),
        hours(path.total_hours()),
        hours(path.required_hours())
    ));
    if let (Some(record), Some(s)) = (record, status) {
        let name = ctx
            .catalog
            .person_name(&record.person)
            .map(|n| format!("（{n}）"))
            .unwrap_or_default();
        out.push_str(&format!(
            "  学员：{}{name}  必修完成 {}/{}，已得学时 {}\n",
            record.person,
            s.required_done,
            s.required_total,
            hours(s.hours_done)
        ));
    }
    out.push('\n');
    let mut headers = vec!["#", "类型", "步骤", "标题", "必修", "学时", "先修"];
    if record.is_some() {
        headers.push("完成");
    }
    let rows: Vec<Vec<String>> = steps
        .iter()
        .zip(&path.steps)
        .map(|(step, resolved)| step_row(step, resolved, record.is_some()))
        .collect();
    out.push_str(&table(1, &headers, &rows));
    if let Some(next) = status.and_then(|s| s.next.as_ref()) {
        out.push_str(&format!("\n下一步：{next}\n"));
    }
    out
}

/// One row of the steps table; `with_done` adds the completion column.
fn step_row(step: &Value, resolved: &Step<'_>, with_done: bool) -> Vec<String> {
    let pre: Vec<String> = step["prerequisites"]
        .as_array()
        .map(|items| {
            items
                .iter()
                .map(|p| {
                    let mark = if p["met"] == Value::Bool(true) {
                        "✓"
                    } else {
                        "✗"
                    };
                    format!("{mark}{}", p["id"].as_str().unwrap_or_default())
                })
                .collect()
        })
        .unwrap_or_default();
    let mut row = vec![
        resolved.index.to_string(),
        resolved.target.label().to_string(),
        resolved.reference.clone(),
        resolved.target.title().to_string(),
        if resolved.required {
            "必修"
        } else {
            "选修"
        }
        .to_string(),
        hours(resolved.target.hours()),
        if pre.is_empty() {
            "—".to_string()
        } else {
            pre.join(" ")
        },
    ];
    if with_done {
        row.push(
            step["date"]
                .as_str()
                .map_or("—".to_string(), |d| format!("✓ {d}")),
        );
    }
    row
}
