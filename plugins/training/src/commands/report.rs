//! `zhijian training report [--from D] [--to D] [--as-of D] [--csv]`

use std::collections::BTreeSet;

use serde::Serialize;
use zhijian_plugin_api::{Format, Host, Request, Response};

use crate::TrainingError;
use crate::common::{Context, date_arg, hours, json, table};
use crate::records::{Record, list_records};
use crate::status::path_status;
use zhijian_kb::time::Date;

#[derive(Debug, Serialize)]
struct PersonRow {
    person: String,
    hours: f64,
    completions: usize,
    quizzes: usize,
    paths_assigned: usize,
    paths_completed: usize,
    overdue: usize,
}

#[derive(Debug, Serialize)]
struct AssignmentRow {
    person: String,
    path: String,
    assigned: Option<String>,
    due: Option<String>,
    required_done: usize,
    required_total: usize,
    percent: f64,
    completed: bool,
    completed_on: Option<String>,
    overdue: bool,
    days_overdue: Option<i64>,
}

#[derive(Debug, Serialize)]
struct OverdueRow {
    person: String,
    path: String,
    due: Option<String>,
    days_overdue: Option<i64>,
}

/// Completion per person and path, hours per person, overdue assignments.
pub fn run(request: &Request, host: &dyn Host) -> Result<Response, TrainingError> {
    let ctx = Context::open(host)?;
    let from = date_arg(request, "from")?;
    let to = date_arg(request, "to")?;
    if let (Some(from), Some(to)) = (&from, &to)
        && from > to
    {
        return Err(TrainingError::Usage(format!(
            "--from {from} is after --to {to}"
        )));
    }
    let as_of = date_arg(request, "as-of")?.unwrap_or_else(zhijian_kb::time::today);
    let mut warnings = Vec::new();

    // Everyone with a record, and every person of the KB (who may have trained 0 hours).
    let mut records = list_records(ctx.kb.root())?;
    let known: BTreeSet<String> = records.iter().map(|r| r.person.clone()).collect();
    records.extend(
        ctx.catalog
            .people()
            .filter(|p| !known.contains(*p))
            .map(Record::new),
    );
    records.sort_by(|a, b| a.person.cmp(&b.person));
    for record in &records {
        warnings.extend(ctx.catalog.person_warning(&record.person));
    }

    let in_range =
        |day: &Date| from.as_ref().is_none_or(|f| day >= f) && to.as_ref().is_none_or(|t| day <= t);
    let mut people = Vec::new();
    let mut assignments = Vec::new();
    for record in &records {
        let mut row = PersonRow {
            person: record.person.clone(),
            hours: record.hours_between(from.as_ref(), to.as_ref()),
            completions: record
                .completions
                .iter()
                .filter(|c| in_range(&c.date))
                .count(),
            quizzes: record.quizzes.iter().filter(|q| in_range(&q.date)).count(),
            paths_assigned: record.assignments.len(),
            paths_completed: 0,
            overdue: 0,
        };
        for assignment in &record.assignments {
            let path = match ctx.catalog.path(&assignment.path) {
                Ok(path) => path,
                Err(err) => {
                    warnings.push(format!(
                        "{}: assigned path `{}`: {err}",
                        record.person, assignment.path
                    ));
                    continue;
                }
            };
            let s = path_status(&ctx.catalog, &path, record, &as_of);
            row.paths_completed += usize::from(s.completed);
            row.overdue += usize::from(s.overdue);
            assignments.push(AssignmentRow {
                person: record.person.clone(),
                path: s.path,
                assigned: s.assigned,
                due: s.due,
                required_done: s.required_done,
                required_total: s.required_total,
                percent: s.percent,
                completed: s.completed,
                completed_on: s.completed_on,
                overdue: s.overdue,
                days_overdue: s.days_overdue,
            });
        }
        people.push(row);
    }
    let overdue: Vec<OverdueRow> = assignments
        .iter()
        .filter(|a| a.overdue)
        .map(|a| OverdueRow {
            person: a.person.clone(),
            path: a.path.clone(),
            due: a.due.clone(),
            days_overdue: a.days_overdue,
        })
        .collect();

    let output = if request.arg_flag("csv") {
        csv(&people, &assignments)
    } else if request.format == Format::Json {
        json(&serde_json::json!({
            "from": from.as_ref().map(Date::to_string),
            "to": to.as_ref().map(Date::to_string),
            "as_of": as_of.to_string(),
            "people": people,
            "assignments": assignments,
            "overdue": overdue,
        }))?
    } else {
        text(
            &people,
            &assignments,
            &overdue,
            from.as_ref(),
            to.as_ref(),
            &as_of,
        )
    };
    let mut response = Response::new(output);
    for warning in warnings {
        response = response.warning(warning);
    }
    Ok(response)
}

fn csv(people: &[PersonRow], assignments: &[AssignmentRow]) -> String {
    let mut table = zhijian_plugin_support::Table::new([
        "person",
        "hours",
        "path",
        "assigned",
        "due",
        "required_done",
        "required_total",
        "percent",
        "completed",
        "completed_on",
        "overdue",
        "days_overdue",
    ]);
    let opt = |v: &Option<String>| v.clone().unwrap_or_default();
    for person in people {
        let rows: Vec<&AssignmentRow> = assignments
            .iter()
            .filter(|a| a.person == person.person)
            .collect();
        if rows.is_empty() {
            let mut cells = vec![person.person.clone(), person.hours.to_string()];
            cells.resize(12, String::new());
            table.row(cells);
        }
        for a in rows {
            table.row([
                person.person.clone(),
                person.hours.to_string(),
                a.path.clone(),
                opt(&a.assigned),
                opt(&a.due),
                a.required_done.to_string(),
                a.required_total.to_string(),
                a.percent.to_string(),
                a.completed.to_string(),
                opt(&a.completed_on),
                a.overdue.to_string(),
                a.days_overdue.map(|d| d.to_string()).unwrap_or_default(),
            ]);
        }
    }
    table.to_csv()
}

fn text(
    people: &[PersonRow],
    assignments: &[AssignmentRow],
    overdue: &[OverdueRow],
    from: Option<&Date>,
    to: Option<&Date>,
    as_of: &Date,
) -> String {
    let range = match (from, to) {
        (None, None) => "全部".to_string(),
        (from, to) => format!(
            "{} 至 {}",
            from.map_or("最早".to_string(), Date::to_string),
            to.map_or("最近".to_string(), Date::to_string)
        ),
    };
    let mut out = format!("培训报告  截至 {as_of}  学时统计区间：{range}\n\n人员\n");
    let rows: Vec<Vec<String>> = people
        .iter()
        .map(|p| {
            vec![
                p.person.clone(),
                hours(p.hours),
                p.completions.to_string(),
                p.quizzes.to_string(),
                format!("{}/{}", p.paths_completed, p.paths_assigned),
                p.overdue.to_string(),
            ]
        })
        .collect();
    out.push_str(&table(
        2,
        &["人员", "学时", "完成步骤", "测验", "完成路径", "逾期"],
        &rows,
    ));
    out.push_str("\n路径完成情况\n");
    if assignments.is_empty() {
        out.push_str("  （没有分配学习路径）\n");
    } else {
        let rows: Vec<Vec<String>> = assignments
            .iter()
            .map(|a| {
                let state = if a.completed {
                    format!("已完成 {}", a.completed_on.as_deref().unwrap_or(""))
                } else if a.overdue {
                    format!("逾期 {} 天", a.days_overdue.unwrap_or(0))
                } else {
                    "进行中".to_string()
                };
                vec![
                    a.person.clone(),
                    a.path.clone(),
                    format!("{}/{}（{}%）", a.required_done, a.required_total, a.percent),
                    a.due.clone().unwrap_or_else(|| "—".into()),
                    state,
                ]
            })
            .collect();
        out.push_str(&table(
            2,
            &["人员", "路径", "必修完成", "截止", "状态"],
            &rows,
        ));
    }
    out.push_str(&format!("\n逾期未完成：{} 项\n", overdue.len()));
    for o in overdue {
        out.push_str(&format!(
            "  {}  {}  截止 {}，已逾期 {} 天\n",
            o.person,
            o.path,
            o.due.as_deref().unwrap_or("—"),
            o.days_overdue.unwrap_or(0)
        ));
    }
    out
}
