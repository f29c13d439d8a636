//! `zhijian docket structure [--from --to] [--by month|quarter]`: the 三个结构比.

use serde_json::{Value, json};
use zhijian_plugin_api::{Request, Response};

use super::Ctx;
use crate::error::Result;
use crate::messages::{self as m, Lang};
use crate::output;
use crate::range::Period;
use crate::structure::{self, Shares, Structure};

/// The three ways of cutting, with their titles.
pub fn parts(s: &Structure) -> [(&'static m::Text, &'static str, &Shares); 3] {
    [
        (&m::RATIO_DUTY, "duty", &s.duty),
        (&m::RATIO_PROCEDURE, "procedure", &s.procedure),
        (&m::RATIO_SOURCE, "source", &s.source),
    ]
}

fn shares_json(shares: &Shares, total: u64) -> Vec<Value> {
    shares
        .parts
        .iter()
        .map(|(name, count)| json!({"name": name, "count": count, "share": output::fraction(Shares::fraction(*count, total))}))
        .collect()
}

/// Runs the command.
pub fn run(ctx: &Ctx, request: &Request) -> Result<Response> {
    let lang = ctx.lang;
    let range = super::range_arg(request, lang)?;
    let period = match super::choice_arg(request, "by", &["month", "quarter"], lang)? {
        Some("month") => Period::Month,
        Some("quarter") => Period::Quarter,
        _ => Period::Whole,
    };
    let map = &ctx.settings.procedure;
    let (tally, _) = ctx.visit(
        || structure::Tally::new(range, period, map.clone()),
        |tally, case, strings| tally.add(&case, strings),
    )?;
    let list = tally.finish();
    let found = !list.is_empty();
    let output = if ctx.json() {
        let periods: Vec<Value> = list
            .iter()
            .map(|s| {
                let label = s.bucket.label();
                json!({
                    "period": if label.is_empty() { Value::Null } else { Value::from(label) },
                    "total": s.total,
                    "duty": shares_json(&s.duty, s.total),
                    "procedure": shares_json(&s.procedure, s.total),
                    "source": shares_json(&s.source, s.total),
                })
            })
            .collect();
        output::json(&json!({
            "from": range.from.map(|d| d.to_string()),
            "to": range.to.map(|d| d.to_string()),
            "by": request.arg_str("by"),
            "mapping": {structure::BY_PROCEDURE: ctx.settings.procedure.by_procedure, structure::BY_AUTHORITY: ctx.settings.procedure.by_authority},
            "periods": periods,
        }))?
    } else if found {
        text(&list, lang)
    } else {
        String::new()
    };
    Ok(if found {
        Response::new(output)
    } else {
        Response::not_found(output).warning(m::NO_CASES_IN_RANGE.get(lang))
    })
}

fn text(list: &[Structure], lang: Lang) -> String {
    let header = [
        m::COL_PERIOD.get(lang),
        m::COL_RATIO.get(lang),
        m::COL_PART.get(lang),
        m::COL_COUNT.get(lang),
        m::COL_SHARE.get(lang),
    ];
    let mut rows = Vec::new();
    for s in list {
        let label = s.bucket.label();
        let period = if label.is_empty() {
            m::WHOLE_PERIOD.get(lang).to_string()
        } else {
            label
        };
        for (title, _, shares) in parts(s) {
            for (name, count) in &shares.parts {
                rows.push(vec![
                    period.clone(),
                    title.get(lang).to_string(),
                    name.clone(),
                    count.to_string(),
                    output::percent(Shares::fraction(*count, s.total)),
                ]);
            }
        }
    }
    output::table(&header, rows)
}
