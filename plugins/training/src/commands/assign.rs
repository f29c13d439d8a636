//! `zhijian training assign PATH --to PERSON[,PERSON…] [--due DATE] [--date DATE]`

use serde_json::json;
use zhijian_plugin_api::{Format, Host, Request, Response};

use crate::TrainingError;
use crate::common::{Context, date_arg, id_list, json, required};
use crate::records::{Assignment, record_path, update_record};
use zhijian_kb::time::Date;

/// Adds (or updates the due date of) an assignment in each person's record.
pub fn run(request: &Request, host: &dyn Host) -> Result<Response, TrainingError> {
    let ctx = Context::open(host)?;
    let path_id = required(request, "path")?.trim();
    let path = ctx.catalog.path(path_id)?;
    let people = id_list(request, "to");
    if people.is_empty() {
        return Err(TrainingError::Usage(
            "`--to` needs at least one person id".into(),
        ));
    }
    for person in &people {
        record_path(ctx.kb.root(), person)?;
    }
    let due = date_arg(request, "due")?;
    let assigned = date_arg(request, "date")?.unwrap_or_else(zhijian_kb::time::today);
    if let Some(due) = due.as_ref().filter(|due| **due < assigned) {
        return Err(TrainingError::Usage(format!(
            "due date {due} is before the assignment date {assigned}"
        )));
    }
    let mut results = Vec::new();
    for person in &people {
        let status = update_record(ctx.kb.root(), person, |record| {
            let new = Assignment {
                path: path.doc.id.clone(),
                assigned,
                due,
            };
            Ok(
                match record.assignments.iter_mut().find(|a| a.path == new.path) {
                    Some(old) if old.due == new.due => "unchanged",
                    Some(old) => {
                        old.due = new.due;
                        "updated"
                    }
                    None => {
                        record.assignments.push(new);
                        "assigned"
                    }
                },
            )
        })?;
        results.push((person.clone(), status));
    }
    let output = match request.format {
        Format::Json => json(&json!({
            "path": path.doc.id,
            "assigned": assigned.to_string(),
            "due": due.as_ref().map(Date::to_string),
            "people": results.iter().map(|(p, s)| json!({"person": p, "status": s})).collect::<Vec<_>>(),
        }))?,
        _ => {
            let due_text = due
                .as_ref()
                .map(|d| format!("，截止 {d}"))
                .unwrap_or_default();
            let mut out = format!("学习路径 {}《{}》{due_text}\n", path.doc.id, path.doc.title);
            for (person, status) in &results {
                let word = match *status {
                    "assigned" => "已分配",
                    "updated" => "已更新截止日期",
                    _ => "已分配过，未变",
                };
                out.push_str(&format!("  {person}  {word}\n"));
            }
            out
        }
    };
    let mut response = Response::new(output);
    for person in &people {
        if let Some(warning) = ctx.catalog.person_warning(person) {
            response = response.warning(warning);
        }
    }
    Ok(response)
}
