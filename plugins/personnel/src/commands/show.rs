//! `zhijian personnel show ID [--show-sensitive]`: a person's profile and records.

use serde_json::{Value, json};
use zhijian_plugin_api::{Format, Request, Response};

use crate::context::Ctx;
use crate::error::Result;
use crate::model::{self, Person};
use crate::render;

/// Runs the command.
pub fn run(ctx: &Ctx, request: &Request) -> Result<Response> {
    let person = model::find_person(&ctx.kb, request.arg_str("id").unwrap_or_default().trim())?;
    Ok(Response::new(match ctx.format {
        Format::Json => format!("{}\n", to_json(ctx, &person)),
        _ => text(ctx, &person),
    }))
}

/// The person as JSON: the profile fields, `path`, and `records` (sensitive values masked).
pub fn to_json(ctx: &Ctx, person: &Person) -> Value {
    let mut out = render::json_fields(ctx, &person.profile);
    out.insert("id".into(), json!(person.id));
    out.insert("path".into(), json!(person.path));
    let records: Vec<Value> = person
        .records
        .iter()
        .map(|r| {
            let mut record = serde_json::Map::new();
            record.insert("kind".into(), json!(r.kind.as_str()));
            record.insert("date".into(), json!(r.date));
            record.insert("summary".into(), json!(r.summary));
            record.extend(render::json_fields(
                ctx,
                r.fields.iter().map(|(k, v)| (k, v)),
            ));
            Value::Object(record)
        })
        .collect();
    out.insert("records".into(), Value::Array(records));
    Value::Object(out)
}

const LABELS: [(&str, &str); 8] = [
    ("name", "姓名"),
    ("department", "部门"),
    ("position", "职务"),
    ("rank", "职级"),
    ("joined", "入职"),
    ("expertise", "专长"),
    ("tier", "梯次"),
    ("tags", "标签"),
];

fn text(ctx: &Ctx, person: &Person) -> String {
    let mut rows: Vec<Vec<String>> = vec![vec!["编号 id".into(), person.id.clone()]];
    for (key, label) in LABELS {
        if let Some(v) = person.profile.get(key) {
            rows.push(vec![format!("{label} {key}"), render::shown(ctx, key, v)]);
        }
    }
    for (key, v) in &person.profile {
        if key != "type" && key != "id" && !LABELS.iter().any(|(k, _)| k == key) {
            rows.push(vec![key.clone(), render::shown(ctx, key, v)]);
        }
    }
    rows.push(vec!["文件 path".into(), person.path.clone()]);
    let mut out = String::new();
    for row in &rows {
        out.push_str(&format!("{}：{}\n", row[0], row[1]));
    }
    out.push_str(&format!("\n记录 records ({})\n", person.records.len()));
    let rows: Vec<Vec<String>> = person
        .records
        .iter()
        .map(|r| {
            let details = r
                .fields
                .iter()
                .map(|(k, v)| format!("{k}={}", render::shown(ctx, k, v)))
                .collect::<Vec<_>>()
                .join(" ");
            vec![
                r.date.clone().unwrap_or_else(|| "—".into()),
                format!("{} {}", r.kind.label(), r.kind.as_str()),
                r.summary.clone(),
                details,
            ]
        })
        .collect();
    out.push_str(&render::table(&["日期", "类别", "摘要", "详情"], &rows));
    out
}
