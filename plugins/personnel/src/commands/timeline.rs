//! `zhijian personnel timeline ID`: records in date order, 选 育 管 用 side by side.

use serde_json::{Value, json};
use zhijian_plugin_api::{Format, Request, Response};

use crate::context::Ctx;
use crate::error::Result;
use crate::model::{self, Kind};
use crate::render;

/// How wide one kind's column may grow in text output.
const COLUMN_WIDTH: usize = 24;

/// Runs the command.
pub fn run(ctx: &Ctx, request: &Request) -> Result<Response> {
    let person = model::find_person(&ctx.kb, request.arg_str("id").unwrap_or_default().trim())?;
    let timeline = person.timeline();
    let output = match ctx.format {
        Format::Json => {
            let records: Vec<Value> = timeline
                .iter()
                .map(|r| {
                    let mut record = serde_json::Map::new();
                    record.insert("date".into(), json!(r.date));
                    record.insert("kind".into(), json!(r.kind.as_str()));
                    record.insert("label".into(), json!(r.kind.label()));
                    record.insert("summary".into(), json!(r.summary));
                    record.insert(
                        "fields".into(),
                        Value::Object(render::json_fields(
                            ctx,
                            r.fields.iter().map(|(k, v)| (k, v)),
                        )),
                    );
                    Value::Object(record)
                })
                .collect();
            format!(
                "{}\n",
                json!({"id": person.id, "name": render::profile_json(ctx, &person, "name"), "records": records})
            )
        }
        _ => {
            let rows: Vec<Vec<String>> = timeline
                .iter()
                .map(|r| {
                    let mut row = vec![r.date.clone().unwrap_or_else(|| "—".into())];
                    for kind in Kind::ALL {
                        row.push(if r.kind == kind {
                            render::truncate(&r.summary, COLUMN_WIDTH)
                        } else {
                            String::new()
                        });
                    }
                    row
                })
                .collect();
            let title = format!(
                "{} {}：{} 条记录\n",
                person.id,
                render::profile(ctx, &person, "name"),
                timeline.len()
            );
            title
                + &render::table(
                    &["日期", "选 select", "育 cultivate", "管 manage", "用 use"],
                    &rows,
                )
        }
    };
    Ok(Response::new(output))
}
