//! `zhijian docket due [--as-of DATE] [--within DAYS]`: every open stage and its deadline.

use jiff::civil::Date;
use serde_json::{Value, json};
use zhijian_plugin_api::{Request, Response};

use super::{Ctx, Level, urgency};
use crate::calendar::Calendar;
use crate::error::{DocketError, Result};
use crate::messages::{self as m, Lang};
use crate::model::{Case, Dataset, Strings};
use crate::output;
use crate::stages::{self, Stage};

/// One open stage as `due` lists it.
#[derive(Debug, Clone)]
pub struct Due {
    /// The case row.
    pub case: Case,
    /// Its open stage.
    pub stage: Stage,
    /// Days from the as-of date to the deadline (negative when overdue).
    pub days_left: i64,
    /// The warning level.
    pub level: Level,
}

/// The open stage of one case row on `as_of`, if it has one.
pub fn due_of(case: Case, as_of: Date, calendar: &Calendar, warn_days: i64) -> Option<Due> {
    if case.received > as_of {
        return None;
    }
    let stage = stages::open_stage(&case, as_of, calendar)?;
    let (days_left, level) = urgency(&stage, as_of, warn_days);
    Some(Due {
        case,
        stage,
        days_left,
        level,
    })
}

/// Orders open stages by deadline, then case.
pub fn sort(due: &mut [Due]) {
    due.sort_by(|a, b| (a.stage.deadline, a.case.key()).cmp(&(b.stage.deadline, b.case.key())));
}

/// Every stage open on `as_of`, by deadline, then case.
pub fn open_stages(data: &Dataset, as_of: Date, calendar: &Calendar, warn_days: i64) -> Vec<Due> {
    let mut out: Vec<Due> = data
        .cases
        .iter()
        .filter_map(|case| due_of(case.clone(), as_of, calendar, warn_days))
        .collect();
    sort(&mut out);
    out
}

/// Runs the command.
pub fn run(ctx: &Ctx, request: &Request) -> Result<Response> {
    let lang = ctx.lang;
    let as_of = super::date_arg(request, "as-of", lang)?.unwrap_or_else(super::today);
    let within: Option<i64> = request
        .arg_parse::<i64>("within")
        .map_err(|e| DocketError::Usage(e.message))?;
    let warn_days = ctx.settings.warn_days;
    let calendar = &ctx.settings.calendar;
    let (mut due, strings) = ctx.visit(Vec::new, |due, case, _| {
        if let Some(d) = due_of(case, as_of, calendar, warn_days) {
            due.push(d);
        }
    })?;
    sort(&mut due);
    if let Some(days) = within {
        due.retain(|d| d.days_left <= days);
    }
    let found = !due.is_empty();
    let output = if ctx.json() {
        let stages: Vec<Value> = due.iter().map(|d| json_of(d, &strings)).collect();
        output::json(&json!({
            "as_of": as_of.to_string(),
            "warn_days": warn_days,
            "within": within,
            "stages": stages,
        }))?
    } else if found {
        text(&due, &strings, as_of, warn_days, lang)
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

fn json_of(d: &Due, s: &Strings) -> Value {
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

fn text(due: &[Due], strings: &Strings, as_of: Date, warn_days: i64, lang: Lang) -> String {
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
                strings.get(d.case.handler).to_string(),
            ]
        })
        .collect();
    let mut out = output::table(&header, rows);
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
