//! `zhijian personnel list [--dept D] [--tier T] [--expertise E]`.

use serde_json::{Value, json};
use zhijian_plugin_api::{Format, Request, Response};

use crate::context::{Ctx, MASK};
use crate::error::Result;
use crate::model::{self, Person};
use crate::render;

/// Runs the command; exit status 1 when nobody matches.
pub fn run(ctx: &Ctx, request: &Request) -> Result<Response> {
    let (people, skipped) = model::load_people(&ctx.kb)?;
    let dept = request.arg_str("dept").map(str::trim);
    let tier = request.arg_str("tier").map(str::trim);
    let expertise = request.arg_str("expertise");
    let chosen: Vec<&Person> = people
        .iter()
        .filter(|p| dept.is_none_or(|d| p.department().as_deref() == Some(d)))
        .filter(|p| tier.is_none_or(|t| p.tier().as_deref() == Some(t)))
        .filter(|p| expertise.is_none_or(|e| p.has_expertise(e)))
        .collect();
    let output = match ctx.format {
        Format::Json => {
            let items: Vec<Value> = chosen
                .iter()
                .map(|p| {
                    json!({
                        "id": p.id,
                        "name": render::profile_json(ctx, p, "name"),
                        "department": render::profile_json(ctx, p, "department"),
                        "position": render::profile_json(ctx, p, "position"),
                        "tier": render::profile_json(ctx, p, "tier"),
                        "expertise": expertise_json(ctx, p),
                        "records": p.records.len(),
                    })
                })
                .collect();
            format!("{}\n", Value::Array(items))
        }
        _ if chosen.is_empty() => String::new(),
        _ => {
            let rows: Vec<Vec<String>> = chosen
                .iter()
                .map(|p| {
                    vec![
                        p.id.clone(),
                        render::profile(ctx, p, "name"),
                        render::profile(ctx, p, "department"),
                        render::profile(ctx, p, "position"),
                        render::profile(ctx, p, "tier"),
                        render::profile(ctx, p, "expertise"),
                        p.records.len().to_string(),
                    ]
                })
                .collect();
            render::table(
                &["编号", "姓名", "部门", "职务", "梯次", "专长", "记录"],
                &rows,
            )
        }
    };
    let mut response = if chosen.is_empty() {
        Response::not_found(output)
    } else {
        Response::new(output)
    };
    response.warnings.extend(skipped);
    Ok(response)
}

/// The expertise tags as a JSON array (masked as a whole when sensitive).
pub fn expertise_json(ctx: &Ctx, person: &Person) -> Value {
    if ctx.hides("expertise") {
        json!(MASK)
    } else {
        json!(person.expertise())
    }
}
