//! `zhijian docket show 部门受案号 [--as-of DATE]`: a case's stages, events and deadlines,
//! and why each deadline is what it is.

use serde_json::{Value, json};
use zhijian_plugin_api::{Request, Response};

use super::{Ctx, urgency};
use crate::error::{DocketError, Result};
use crate::explain;
use crate::messages::{self as m, Lang};
use crate::model::{Case, Dataset};
use crate::output;
use crate::stages::{self, Timeline};

/// Runs the command.
pub fn run(ctx: &Ctx, request: &Request) -> Result<Response> {
    let lang = ctx.lang;
    let number = request.arg_str("number").unwrap_or_default().trim();
    let as_of = super::date_arg(request, "as-of", lang)?.unwrap_or_else(super::today);
    let data = ctx.dataset()?;
    let rows = data.rows_of(number);
    if rows.is_empty() {
        return Err(DocketError::NotFound(
            m::NO_SUCH_CASE.fill(lang, &[("number", &number)]),
        ));
    }
    let calendar = &ctx.settings.calendar;
    let timelines: Vec<(&Case, Timeline)> = rows
        .iter()
        .map(|case| (case, stages::timeline(case, Some(as_of), calendar)))
        .collect();
    let warn_days = ctx.settings.warn_days;
    let output = if ctx.json() {
        let rows: Vec<Value> = timelines
            .iter()
            .map(|(case, timeline)| row_json(case, timeline, &data, as_of, warn_days, lang))
            .collect();
        output::json(&json!({"case": number, "as_of": as_of.to_string(), "rows": rows}))?
    } else {
        let mut out = format!("{number}\n");
        for (case, timeline) in &timelines {
            out.push_str(&row_text(case, timeline, &data, as_of, warn_days, lang));
        }
        out
    };
    Ok(Response::new(output))
}

fn row_json(
    case: &Case,
    timeline: &Timeline,
    data: &Dataset,
    as_of: jiff::civil::Date,
    warn_days: i64,
    lang: Lang,
) -> Value {
    let s = &data.strings;
    let events: Vec<Value> = case
        .events
        .iter()
        .map(|e| json!({"date": e.date.to_string(), "event": e.kind.label(s), "after_as_of": e.date > as_of}))
        .collect();
    let stages: Vec<Value> = timeline
        .stages
        .iter()
        .map(|stage| {
            let (days_left, level) = urgency(stage, as_of, warn_days);
            let open = stage.closed.is_none();
            let why: Vec<Value> = stage
                .why
                .iter()
                .map(|step| json!({"rule": explain::step_key(step), "text": explain::step(step, lang)}))
                .collect();
            json!({
                "stage": stage.kind.label(),
                "round": stage.round,
                "opened": stage.opened.to_string(),
                "deadline": stage.deadline.to_string(),
                "closed": stage.closed.map(|(d, _)| d.to_string()),
                "closed_by": stage.closed.map(|(_, k)| k.label(s).to_string()),
                "days_left": open.then_some(days_left),
                "level": open.then(|| level.key()),
                "uncertain": stage.uncertain,
                "why": why,
            })
        })
        .collect();
    let notes: Vec<String> = timeline
        .notes
        .iter()
        .map(|n| explain::note(n, case.category, s, lang))
        .collect();
    json!({
        "suspect": &*case.suspect,
        "unit": s.get(case.unit),
        "dept": s.get(case.dept),
        "handler": s.get(case.handler),
        "category": case.category.label(s),
        "received": case.received.to_string(),
        "detained": case.detained,
        "source": case.source.label(s),
        "duty": case.duty.label(s),
        "events": events,
        "stages": stages,
        "notes": notes,
    })
}

fn row_text(
    case: &Case,
    timeline: &Timeline,
    data: &Dataset,
    as_of: jiff::civil::Date,
    warn_days: i64,
    lang: Lang,
) -> String {
    let s = &data.strings;
    let mut out = String::new();
    if !case.suspect.is_empty() {
        out.push_str(&format!(
            "\n{}\n",
            m::SHOW_SUSPECT.fill(lang, &[("suspect", &case.suspect)])
        ));
    }
    let detained = if case.detained {
        m::DETAINED_YES
    } else {
        m::DETAINED_NO
    }
    .get(lang);
    out.push_str(&m::SHOW_FIELDS.fill(
        lang,
        &[
            ("unit", &s.get(case.unit)),
            ("dept", &s.get(case.dept)),
            ("handler", &s.get(case.handler)),
            ("category", &case.category.label(s)),
            ("received", &case.received),
            ("detained", &detained),
            ("source", &case.source.label(s)),
            ("duty", &case.duty.label(s)),
        ],
    ));
    out.push_str(&format!("\n{}\n", m::SHOW_EVENTS.get(lang)));
    if case.events.is_empty() {
        out.push_str(&format!("  {}\n", m::SHOW_NO_EVENTS.get(lang)));
    }
    for event in &case.events {
        out.push_str(&format!("  {} {}\n", event.date, event.kind.label(s)));
    }
    if !timeline.stages.is_empty() {
        out.push_str(&format!("{}\n", m::SHOW_STAGES.get(lang)));
    }
    for stage in &timeline.stages {
        let mut deadline = stage.deadline.to_string();
        if stage.uncertain {
            deadline.push_str(m::UNCERTAIN_MARK.get(lang));
        }
        let head = match stage.closed {
            Some((date, kind)) => m::SHOW_STAGE_CLOSED.fill(
                lang,
                &[
                    ("stage", &stage.kind.label()),
                    ("round", &stage.round),
                    ("deadline", &deadline),
                    ("date", &date),
                    ("event", &kind.label(s)),
                ],
            ),
            None => {
                let (days, level) = urgency(stage, as_of, warn_days);
                m::SHOW_STAGE_OPEN.fill(
                    lang,
                    &[
                        ("stage", &stage.kind.label()),
                        ("round", &stage.round),
                        ("deadline", &deadline),
                        ("days", &days),
                        ("level", &level.label(lang)),
                    ],
                )
            }
        };
        out.push_str(&format!("  {head}\n"));
        for step in &stage.why {
            out.push_str(&format!("    · {}\n", explain::step(step, lang)));
        }
    }
    if !timeline.notes.is_empty() {
        out.push_str(&format!("{}\n", m::SHOW_NOTES.get(lang)));
        for note in &timeline.notes {
            out.push_str(&format!(
                "  · {}\n",
                explain::note(note, case.category, s, lang)
            ));
        }
    }
    out
}
