//! `zhijian docket due [--as-of DATE] [--within DAYS]`: every open stage and its deadline.

use jiff::civil::Date;
use serde_json::{Value, json};
use zhijian_plugin_api::{Request, Response};

use super::{Ctx, Level, urgency};
use crate::calendar::Calendar;
use crate::error::{DocketError, Result};
use crate::messages::{self as m, Lang};
use crate::model::{Case, Dataset};
use crate::output;
use crate::stages::{self, Stage};

/// One open stage as `due` lists it.
#[derive(Debug, Clone)]
pub struct Due<'a> {
    /// The case row.
    pub case: &'a Case,
    /// Its open stage.
    pub stage: Stage,
    /// Days from the as-of date to the deadline (negative when overdue).
    pub days_left: i64,
    /// The warning level.
    pub level: Level,
}

/// Every stage open on `as_of`, by deadline, then case.
pub fn open_stages<'a>(
    data: &'a Dataset,
    as_of: Date,
    calendar: &Calendar,
    warn_days: i64,
) -> Vec<Due<'a>> {
    let mut out: Vec<Due<'a>> = data
        .cases
        .iter()
        .filter(|c| c.received <= as_of)
        .filter_map(|case| {
            let timeline = stages::timeline(case, Some(as_of), calendar);
            let stage = timeline.stages.into_iter().find(|s| s.closed.is_none())?;
            let (days_left, level) = urgency(&stage, as_of, warn_days);
            Some(Due {
                case,
                stage,
                days_left,
                level,
            })
        })
        .collect();
    out.sort_by(|a, b| (a.stage.deadline, a.case.key()).cmp(&(b.stage.deadline, b.case.key())));
    out
}

/// Runs the command.
pub fn run(ctx: &Ctx, request: &Request) -> Result<Response> {
    let lang = ctx.lang;
    let as_of = super::date_arg(request, "as-of", lang)?.unwrap_or_else(super::today);
    let within: Option<i64> = request
        .arg_parse::<i64>("within")
        .map_err(|e| DocketError::Usage(e.message))?;
    let data = ctx.dataset()?;
    let warn_days = ctx.settings.warn_days;
    let mut due = open_stages(&data, as_of, &ctx.settings.calendar, warn_days);
    if let Some(days) = within {
        due.retain(|d| d.days_left <= days);
    }
    let found = !due.is_empty();
    let output = if ctx.json() {
        let stages: Vec<Value> = due.iter().map(|d| json_of(d, &data)).collect();
        output::json(&json!({
            "as_of": as_of.to_string(),
            "warn_days": warn_days,
            "within": within,
            "stages": stages,
        }))
    } else if found {
        text(&due, &data, as_of, warn_days, lang)
    } else {
        String::new()
    };
    let mut response = if found {
        Response::new(output)
    } else {
        Response::not_found(output)
    };
    if !found {
        let message = match within {
            Some(days) => m::NOTHING_WITHIN.fill(lang, &[("date", &as_of), ("days", &days)]),
            None => m::NOTHING_OPEN.fill(lang, &[("date", &as_of)]),
        };
        response = response.warning(message);
    }
    let uncertain = due.iter().filter(|d| d.stage.uncertain).count();
    if uncertain > 0 {
        response = response.warning(m::DUE_UNCERTAIN.fill(lang, &[("count", &uncertain)]));
    }
    Ok(response)
}

fn json_of(d: &Due<'_>, data: &Dataset) -> Value {
    let s = &data.strings;
    json!({
        "case": &*d.case.number,
        "suspect": &*d.case.suspect,
        "stage": d.stage.kind.label(),
        "round": d.stage.round,
        "opened": d.stage.opened.to_string(),
        "deadline": d.stage.deadline.to_string(),
        "days_left": d.days_left,
        "level": d.level.key(),
        "uncertain": d.stage.uncertain,
        "detained": d.case.detained,
        "unit": s.get(d.case.unit),
        "dept": s.get(d.case.dept),
        "handler": s.get(d.case.handler),
    })
}

fn text(due: &[Due<'_>], data: &Dataset, as_of: Date, warn_days: i64, lang: Lang) -> String {
    let header = [
        m::COL_CASE.get(lang),
        m::COL_SUSPECT.get(lang),
        m::COL_STAGE.get(lang),
        m::COL_DEADLINE.get(lang),
        m::COL_DAYS_LEFT.get(lang),
        m::COL_LEVEL.get(lang),
        m::COL_HANDLER.get(lang),
    ];
    let rows: Vec<Vec<String>> = due
        .iter()
        .map(|d| {
            let mut deadline = d.stage.deadline.to_string();
            if d.stage.uncertain {
                deadline.push_str(m::UNCERTAIN_MARK.get(lang));
            }
            vec![
                d.case.number.to_string(),
                d.case.suspect.to_string(),
                d.stage.kind.label().to_string(),
                deadline,
                d.days_left.to_string(),
                d.level.label(lang).to_string(),
                data.strings.get(d.case.handler).to_string(),
            ]
        })
        .collect();
    let mut out = output::table(&header, &rows);
    let count = |level| due.iter().filter(|d| d.level == level).count();
    out.push_str(&m::DUE_SUMMARY.fill(
        lang,
        &[
            ("date", &as_of),
            ("total", &due.len()),
            ("overdue", &count(Level::Overdue)),
            ("warn", &count(Level::Warn)),
            ("days", &warn_days),
            ("ok", &count(Level::Ok)),
        ],
    ));
    out.push('\n');
    out
}
