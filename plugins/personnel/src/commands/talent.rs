//! `zhijian personnel talent [--expertise E]… [--min-hours H] [--tier T]`: who fits an assignment.

use serde_json::{Value, json};
use zhijian_plugin_api::{Format, Request, Response};

use crate::commands::list::expertise_json;
use crate::commands::report::TIER_ORDER;
use crate::context::Ctx;
use crate::error::{PersonnelError, Result};
use crate::hours;
use crate::model::{self, Person};
use crate::render;

/// Evaluation grades (公务员年度考核等次), best first.
const GRADE_ORDER: [&str; 4] = ["优秀", "称职", "基本称职", "不称职"];

struct Candidate<'a> {
    person: &'a Person,
    hours: f64,
    steps: Vec<String>,
    grade: Option<(String, Option<String>)>,
}

/// Runs the command; exit status 1 when nobody fits.
pub fn run(ctx: &Ctx, request: &Request) -> Result<Response> {
    let wanted = request.arg_list("expertise");
    let min_hours = match request.arg_str("min-hours") {
        None => None,
        Some(text) => Some(
            text.trim()
                .parse::<f64>()
                .ok()
                .filter(|h| h.is_finite() && *h >= 0.0)
                .ok_or_else(|| {
                    PersonnelError::Usage(format!("--min-hours `{text}` is not a number of hours"))
                })?,
        ),
    };
    let tier = request.arg_str("tier").map(str::trim);
    let (people, mut warnings) = model::load_people(&ctx.kb)?;
    let mut fits: Vec<Candidate> = people
        .iter()
        .filter(|p| wanted.iter().all(|e| p.has_expertise(e)))
        .filter(|p| tier.is_none_or(|t| p.tier().as_deref() == Some(t)))
        .map(|p| {
            let (hours, w1) = hours::training_hours(&ctx.kb, &p.id, None, None);
            let (steps, w2) = hours::completed_steps(&ctx.kb, &p.id);
            warnings.extend(w1.into_iter().chain(w2));
            Candidate {
                person: p,
                hours,
                steps,
                grade: p.latest_grade(None, None),
            }
        })
        .filter(|c| min_hours.is_none_or(|m| c.hours >= m))
        .collect();
    // Tier first (专家型人才 before 全科能手), then the latest evaluation, then hours.
    fits.sort_by(|a, b| {
        rank(&TIER_ORDER, a.person.tier().as_deref())
            .cmp(&rank(&TIER_ORDER, b.person.tier().as_deref()))
            .then(
                rank(&GRADE_ORDER, a.grade.as_ref().map(|g| g.0.as_str()))
                    .cmp(&rank(&GRADE_ORDER, b.grade.as_ref().map(|g| g.0.as_str()))),
            )
            .then(b.hours.total_cmp(&a.hours))
            .then(a.person.id.cmp(&b.person.id))
    });
    let output = match ctx.format {
        Format::Json => {
            let items: Vec<Value> = fits
                .iter()
                .map(|c| {
                    json!({
                        "id": c.person.id,
                        "name": render::profile_json(ctx, c.person, "name"),
                        "department": render::profile_json(ctx, c.person, "department"),
                        "tier": c.person.tier(),
                        "expertise": expertise_json(ctx, c.person),
                        "training_hours": c.hours,
                        "completed_steps": c.steps.len(),
                        "latest_evaluation": c.grade.as_ref().map(|(g, d)| json!({"grade": g, "date": d})),
                    })
                })
                .collect();
            format!("{}\n", Value::Array(items))
        }
        _ if fits.is_empty() => String::new(),
        _ => {
            let rows: Vec<Vec<String>> = fits
                .iter()
                .map(|c| {
                    vec![
                        c.person.id.clone(),
                        render::profile(ctx, c.person, "name"),
                        render::profile(ctx, c.person, "department"),
                        c.person.tier().unwrap_or_else(|| "—".into()),
                        render::profile(ctx, c.person, "expertise"),
                        render::hours(c.hours),
                        c.steps.len().to_string(),
                        c.grade.as_ref().map_or_else(|| "—".into(), |g| g.0.clone()),
                    ]
                })
                .collect();
            render::table(
                &[
                    "编号",
                    "姓名",
                    "部门",
                    "梯次",
                    "专长",
                    "学时",
                    "完成步骤",
                    "最近考核",
                ],
                &rows,
            )
        }
    };
    let mut response = if fits.is_empty() {
        Response::not_found(output)
    } else {
        Response::new(output)
    };
    response.warnings.extend(warnings);
    Ok(response)
}

fn rank(order: &[&str], value: Option<&str>) -> usize {
    match value {
        Some(v) => order.iter().position(|o| *o == v).unwrap_or(order.len()),
        None => order.len() + 1,
    }
}
