//! `zhijian training progress [--person P] [--path ID] [--as-of D]`

use serde::Serialize;
use zhijian_plugin_api::{Format, Host, Request, Response};

use crate::TrainingError;
use crate::common::{Context, date_arg, hours, json, table};
use crate::records::{Record, list_records, read_record};
use crate::status::{PathStatus, path_status};

/// One person's progress, for JSON.
#[derive(Debug, Serialize)]
struct PersonProgress {
    person: String,
    hours: f64,
    paths: Vec<PathStatus>,
}

/// The status word of a path.
pub fn status_word(status: &PathStatus) -> String {
    match status {
        s if s.completed && s.late => "已完成（逾期完成）".into(),
        s if s.completed => "已完成".into(),
        s if s.overdue => format!("逾期 {} 天", s.days_overdue.unwrap_or(0)),
        s if s.steps_done == 0 => "未开始".into(),
        _ => "进行中".into(),
    }
}

/// Shows each person's progress on their assigned paths (or on one path).
pub fn run(request: &Request, host: &dyn Host) -> Result<Response, TrainingError> {
    let ctx = Context::open(host)?;
    let as_of = date_arg(request, "as-of")?.unwrap_or_else(zhijian_kb::time::today);
    let mut warnings = Vec::new();
    let records: Vec<Record> = match request.arg_str("person").map(str::trim) {
        Some(person) => {
            warnings.extend(ctx.catalog.person_warning(person));
            vec![read_record(ctx.kb.root(), person)?.unwrap_or_else(|| Record::new(person))]
        }
        None => list_records(ctx.kb.root())?,
    };
    let only = request
        .arg_str("path")
        .map(|p| ctx.catalog.path(p.trim()))
        .transpose()?;
    let mut people = Vec::with_capacity(records.len());
    for record in &records {
        let mut paths = Vec::new();
        match &only {
            Some(path) => paths.push(path_status(&ctx.catalog, path, record, &as_of)),
            None => {
                for assignment in &record.assignments {
                    match ctx.catalog.path(&assignment.path) {
                        Ok(path) => paths.push(path_status(&ctx.catalog, &path, record, &as_of)),
                        Err(err) => warnings.push(format!(
                            "{}: assigned path `{}`: {err}",
                            record.person, assignment.path
                        )),
                    }
                }
            }
        }
        people.push(PersonProgress {
            person: record.person.clone(),
            hours: record.hours_between(None, None),
            paths,
        });
    }
    let found = !people.is_empty();
    let output = match request.format {
        Format::Json => json(&serde_json::json!({"as_of": as_of.to_string(), "people": people}))?,
        _ => {
            let mut out = String::new();
            for person in &people {
                let name = ctx
                    .catalog
                    .person_name(&person.person)
                    .map(|n| format!("（{n}）"))
                    .unwrap_or_default();
                out.push_str(&format!(
                    "{}{name}  累计学时 {}\n",
                    person.person,
                    hours(person.hours)
                ));
                if person.paths.is_empty() {
                    out.push_str("  （没有分配学习路径）\n\n");
                    continue;
                }
                let rows: Vec<Vec<String>> = person
                    .paths
                    .iter()
                    .map(|s| {
                        vec![
                            s.path.clone(),
                            format!("{}/{}", s.required_done, s.required_total),
                            format!("{}/{}", s.steps_done, s.steps_total),
                            format!("{}/{}", hours(s.hours_done), hours(s.hours_total)),
                            s.due.clone().unwrap_or_else(|| "—".into()),
                            status_word(s),
                            s.next.clone().unwrap_or_else(|| "—".into()),
                        ]
                    })
                    .collect();
                out.push_str(&table(
                    2,
                    &["路径", "必修", "全部", "学时", "截止", "状态", "下一步"],
                    &rows,
                ));
                out.push('\n');
            }
            out.push_str(&format!("截至 {as_of}\n"));
            if found { out } else { String::new() }
        }
    };
    let mut response = if found {
        Response::new(output)
    } else {
        Response::not_found(output)
    };
    for warning in warnings {
        response = response.warning(warning);
    }
    Ok(response)
}
