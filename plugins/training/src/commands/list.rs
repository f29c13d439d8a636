//! `zhijian training list [--audience A] [--level L] [--paths]`

use serde_json::{Value, json};
use zhijian_plugin_api::{Format, Host, Request, Response};

use crate::TrainingError;
use crate::catalog::{hours_of, quiz_of};
use crate::common::{Context, hours, joined, json, table};

/// Lists materials (or paths), filtered by audience and level.
pub fn run(request: &Request, host: &dyn Host) -> Result<Response, TrainingError> {
    let ctx = Context::open(host)?;
    if request.arg_flag("paths") {
        return list_paths(&ctx, request);
    }
    let audience = request.arg_str("audience").map(str::trim);
    let level = request.arg_str("level").map(str::trim);
    let materials: Vec<_> = ctx
        .catalog
        .materials()
        .filter(|d| audience.is_none_or(|a| d.list_field("audience").iter().any(|x| x == a)))
        .filter(|d| level.is_none_or(|l| d.str_field("level") == Some(l)))
        .collect();
    let output = match request.format {
        Format::Json => {
            let items: Vec<Value> = materials
                .iter()
                .map(|d| {
                    json!({
                        "id": d.id,
                        "title": d.title,
                        "path": d.path,
                        "audience": d.list_field("audience"),
                        "level": d.str_field("level"),
                        "hours": hours_of(d),
                        "prerequisites": d.list_field("prerequisites"),
                        "related": d.list_field("related"),
                        "quiz": quiz_of(d).map_or(0, |q| q.len()),
                        "tags": d.tags(),
                    })
                })
                .collect();
            json(&items)?
        }
        _ if materials.is_empty() => String::new(),
        _ => {
            let rows: Vec<Vec<String>> = materials
                .iter()
                .map(|d| {
                    let quiz = quiz_of(d).map_or(0, |q| q.len());
                    vec![
                        d.id.clone(),
                        d.title.clone(),
                        d.str_field("level").unwrap_or("—").to_string(),
                        hours(hours_of(d)),
                        if quiz == 0 {
                            "—".into()
                        } else {
                            format!("{quiz} 题")
                        },
                        joined(&d.list_field("audience")),
                    ]
                })
                .collect();
            let mut out = table(0, &["编号", "标题", "级别", "学时", "测验", "对象"], &rows);
            out.push_str(&format!("共 {} 份教材\n", materials.len()));
            out
        }
    };
    Ok(if materials.is_empty() {
        Response::not_found(output)
    } else {
        Response::new(output)
    })
}

fn list_paths(ctx: &Context, request: &Request) -> Result<Response, TrainingError> {
    let mut warnings = Vec::new();
    let mut items = Vec::new();
    for doc in ctx.catalog.paths() {
        let resolved = ctx.catalog.resolve_path(doc);
        if let Err(err) = &resolved {
            warnings.push(err.to_string());
        }
        let path = resolved.ok();
        items.push(json!({
            "id": doc.id,
            "title": doc.title,
            "path": doc.path,
            "audience": doc.list_field("audience"),
            "steps": path.as_ref().map(|p| p.steps.len()),
            "required": path.as_ref().map(|p| p.steps.iter().filter(|s| s.required).count()),
            "total_hours": path.as_ref().map(|p| p.total_hours()),
            "required_hours": path.as_ref().map(|p| p.required_hours()),
        }));
    }
    let output = match request.format {
        Format::Json => json(&items)?,
        _ if items.is_empty() => String::new(),
        _ => {
            let number = |v: &Value| v.as_u64().map_or("?".to_string(), |n| n.to_string());
            let hour = |v: &Value| v.as_f64().map_or("?".to_string(), hours);
            let rows: Vec<Vec<String>> = items
                .iter()
                .map(|i| {
                    vec![
                        i["id"].as_str().unwrap_or_default().to_string(),
                        i["title"].as_str().unwrap_or_default().to_string(),
                        format!("{}（必修 {}）", number(&i["steps"]), number(&i["required"])),
                        format!(
                            "{}（必修 {}）",
                            hour(&i["total_hours"]),
                            hour(&i["required_hours"])
                        ),
                    ]
                })
                .collect();
            let mut out = table(0, &["编号", "标题", "步骤", "学时"], &rows);
            out.push_str(&format!("共 {} 条学习路径\n", items.len()));
            out
        }
    };
    let mut response = if items.is_empty() {
        Response::not_found(output)
    } else {
        Response::new(output)
    };
    for warning in warnings {
        response = response.warning(warning);
    }
    Ok(response)
}
