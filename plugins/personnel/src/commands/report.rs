//! `zhijian personnel report [--dept D] [--from D --to D] [--json|--csv]`.

use std::collections::BTreeMap;

use serde_json::{Value, json};
use zhijian_plugin_api::{Format, Request, Response};

use crate::context::Ctx;
use crate::edit;
use crate::error::{PersonnelError, Result};
use crate::hours;
use crate::model::{self, Kind, Person};
use crate::render;

/// Tiers named first in the summary, highest first; others follow by name.
pub const TIER_ORDER: [&str; 2] = ["专家型人才", "全科能手"];

/// One person's figures for the period.
#[derive(Debug)]
struct Row {
    id: String,
    name: String,
    department: Option<String>,
    tier: Option<String>,
    by_kind: [usize; 4],
    hours: f64,
    rotations: usize,
    grade: Option<(String, Option<String>)>,
}

/// Runs the command.
pub fn run(ctx: &Ctx, request: &Request) -> Result<Response> {
    let from = request
        .arg_str("from")
        .map(|d| edit::user_date(d, "--from"))
        .transpose()?;
    let to = request
        .arg_str("to")
        .map(|d| edit::user_date(d, "--to"))
        .transpose()?;
    if let (Some(f), Some(t)) = (&from, &to)
        && f > t
    {
        return Err(PersonnelError::Usage(format!(
            "--from {f} is after --to {t}"
        )));
    }
    let dept = request.arg_str("dept").map(str::trim);
    let (people, skipped) = model::load_people(&ctx.kb)?;
    let mut warnings = skipped;
    let rows: Vec<Row> = people
        .iter()
        .filter(|p| dept.is_none_or(|d| p.department().as_deref() == Some(d)))
        .map(|p| row(ctx, p, from.as_deref(), to.as_deref(), &mut warnings))
        .collect();
    let csv = request.arg_flag("csv") || ctx.format == Format::Csv;
    let output = if csv {
        csv_text(&rows)
    } else if ctx.format == Format::Json {
        format!(
            "{}\n",
            json_report(&rows, from.as_deref(), to.as_deref(), dept)
        )
    } else {
        text(&rows)
    };
    let mut response = Response::new(output);
    response.warnings.extend(warnings);
    Ok(response)
}

fn row(
    ctx: &Ctx,
    person: &Person,
    from: Option<&str>,
    to: Option<&str>,
    warnings: &mut Vec<String>,
) -> Row {
    let mut by_kind = [0usize; 4];
    let mut rotations = 0;
    for record in person.records.iter().filter(|r| r.within(from, to)) {
        by_kind[kind_index(record.kind)] += 1;
        rotations += usize::from(record.is_rotation());
    }
    let name = render::profile(ctx, person, "name");
    let department = Some(render::profile(ctx, person, "department")).filter(|d| !d.is_empty());
    let (hours, warning) = hours::training_hours(&ctx.kb, &person.id, from, to);
    warnings.extend(warning);
    Row {
        id: person.id.clone(),
        name,
        department,
        tier: person.tier(),
        by_kind,
        hours,
        rotations,
        grade: person.latest_grade(from, to),
    }
}

fn kind_index(kind: Kind) -> usize {
    Kind::ALL.iter().position(|k| *k == kind).unwrap_or(0)
}

fn kinds_json(by_kind: &[usize; 4]) -> Value {
    let mut map = serde_json::Map::new();
    for (kind, n) in Kind::ALL.iter().zip(by_kind) {
        map.insert(kind.as_str().into(), json!(n));
    }
    map.insert("total".into(), json!(by_kind.iter().sum::<usize>()));
    Value::Object(map)
}

/// Sums over a group of people.
#[derive(Debug, Default)]
struct Totals {
    people: usize,
    by_kind: [usize; 4],
    hours: f64,
    rotations: usize,
}

/// Per-department sums, by department name (people without one last).
fn departments(rows: &[Row]) -> Vec<(Option<String>, Totals)> {
    let mut map: BTreeMap<(bool, String), Totals> = BTreeMap::new();
    for row in rows {
        let key = (
            row.department.is_none(),
            row.department.clone().unwrap_or_default(),
        );
        let entry = map.entry(key).or_default();
        entry.people += 1;
        for (sum, n) in entry.by_kind.iter_mut().zip(row.by_kind) {
            *sum += n;
        }
        entry.hours += row.hours;
        entry.rotations += row.rotations;
    }
    map.into_iter()
        .map(|((none, name), totals)| ((!none).then_some(name), totals))
        .collect()
}

/// The tier summary, highest tiers first, people without a tier last.
fn tiers(rows: &[Row]) -> Vec<(Option<String>, Vec<String>)> {
    let mut map: BTreeMap<(usize, Option<String>), Vec<String>> = BTreeMap::new();
    for row in rows {
        let rank = match &row.tier {
            Some(t) => TIER_ORDER
                .iter()
                .position(|o| o == t)
                .unwrap_or(TIER_ORDER.len()),
            None => TIER_ORDER.len() + 1,
        };
        map.entry((rank, row.tier.clone()))
            .or_default()
            .push(row.id.clone());
    }
    map.into_iter()
        .map(|((_, tier), ids)| (tier, ids))
        .collect()
}

fn json_report(rows: &[Row], from: Option<&str>, to: Option<&str>, dept: Option<&str>) -> Value {
    let people: Vec<Value> = rows
        .iter()
        .map(|r| {
            json!({
                "id": r.id,
                "name": r.name,
                "department": r.department,
                "tier": r.tier,
                "records": kinds_json(&r.by_kind),
                "training_hours": r.hours,
                "rotations": r.rotations,
                "latest_evaluation": r.grade.as_ref().map(|(g, d)| json!({"grade": g, "date": d})),
            })
        })
        .collect();
    let departments: Vec<Value> = departments(rows)
        .into_iter()
        .map(|(name, t)| {
            json!({"department": name, "people": t.people, "records": kinds_json(&t.by_kind), "training_hours": t.hours, "rotations": t.rotations})
        })
        .collect();
    let tiers: Vec<Value> = tiers(rows)
        .into_iter()
        .map(|(tier, ids)| json!({"tier": tier, "people": ids.len(), "ids": ids}))
        .collect();
    json!({
        "from": from,
        "to": to,
        "department": dept,
        "training_hours_source": hours::SOURCE,
        "people": people,
        "departments": departments,
        "tiers": tiers,
    })
}

fn grade_text(grade: &Option<(String, Option<String>)>) -> String {
    match grade {
        Some((g, Some(d))) => format!("{g}（{d}）"),
        Some((g, None)) => g.clone(),
        None => "—".into(),
    }
}

fn text(rows: &[Row]) -> String {
    let counts = |k: &[usize; 4]| k.iter().map(usize::to_string).collect::<Vec<_>>();
    let people: Vec<Vec<String>> = rows
        .iter()
        .map(|r| {
            let mut row = vec![
                r.id.clone(),
                r.name.clone(),
                r.department.clone().unwrap_or_else(|| "—".into()),
            ];
            row.extend(counts(&r.by_kind));
            row.extend([
                render::hours(r.hours),
                r.rotations.to_string(),
                grade_text(&r.grade),
            ]);
            row
        })
        .collect();
    let mut out = format!("按人员 by person（{} 人）\n", rows.len());
    out += &render::table(
        &[
            "编号",
            "姓名",
            "部门",
            "选",
            "育",
            "管",
            "用",
            "学时",
            "轮岗",
            "最近考核",
        ],
        &people,
    );
    let depts: Vec<Vec<String>> = departments(rows)
        .into_iter()
        .map(|(name, t)| {
            let mut row = vec![name.unwrap_or_else(|| "—".into()), t.people.to_string()];
            row.extend(counts(&t.by_kind));
            row.extend([render::hours(t.hours), t.rotations.to_string()]);
            row
        })
        .collect();
    out += "\n按部门 by department\n";
    out += &render::table(
        &["部门", "人数", "选", "育", "管", "用", "学时", "轮岗"],
        &depts,
    );
    let tiers: Vec<Vec<String>> = tiers(rows)
        .into_iter()
        .map(|(tier, ids)| {
            vec![
                tier.unwrap_or_else(|| "（未定）".into()),
                ids.len().to_string(),
                ids.join(" "),
            ]
        })
        .collect();
    out += "\n梯次 tiers\n";
    out += &render::table(&["梯次", "人数", "人员"], &tiers);
    out
}

fn csv_text(rows: &[Row]) -> String {
    let mut table = zhijian_plugin_support::Table::new([
        "id",
        "name",
        "department",
        "tier",
        "select",
        "cultivate",
        "manage",
        "use",
        "total",
        "training_hours",
        "rotations",
        "latest_grade",
        "latest_evaluation_date",
    ]);
    for r in rows {
        let mut cells = vec![
            r.id.clone(),
            r.name.clone(),
            r.department.clone().unwrap_or_default(),
            r.tier.clone().unwrap_or_default(),
        ];
        cells.extend(r.by_kind.iter().map(usize::to_string));
        cells.push(r.by_kind.iter().sum::<usize>().to_string());
        cells.push(render::hours(r.hours));
        cells.push(r.rotations.to_string());
        cells.push(r.grade.as_ref().map(|g| g.0.clone()).unwrap_or_default());
        cells.push(
            r.grade
                .as_ref()
                .and_then(|g| g.1.clone())
                .unwrap_or_default(),
        );
        table.row(cells);
    }
    table.to_csv()
}
