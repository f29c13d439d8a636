//! `zhijian personnel record ID KIND --summary S [--date D] [--field k=v]…`: appends a record.

use serde_json::json;
use zhijian_plugin_api::{Format, Request, Response};

use crate::context::Ctx;
use crate::edit::{self, PersonFile};
use crate::error::{PersonnelError, Result};
use crate::model::{self, Kind, RECORD_KEYS};

/// Runs the command.
pub fn run(ctx: &Ctx, request: &Request) -> Result<Response> {
    let id = request.arg_str("id").unwrap_or_default().trim();
    let kind = Kind::parse_or_explain(request.arg_str("kind").unwrap_or_default())
        .map_err(PersonnelError::Usage)?;
    let summary = request.arg_str("summary").unwrap_or_default().trim();
    if summary.is_empty() {
        return Err(PersonnelError::Usage("--summary may not be empty".into()));
    }
    let date = match request.arg_str("date") {
        Some(text) => edit::user_date(text, "--date")?,
        None => zhijian_kb::time::today().to_string(),
    };
    let fields = edit::parse_fields(&request.arg_list("field"), &RECORD_KEYS)?;
    let count = append(ctx, id, kind, &date, summary, &fields, "personnel record")?;
    Ok(Response::new(match ctx.format {
        Format::Json => format!(
            "{}\n",
            json!({"id": id, "kind": kind.as_str(), "date": date, "records": count})
        ),
        _ => format!(
            "recorded {} {} for {id} on {date} (record {count})\n",
            kind.label(),
            kind.as_str()
        ),
    }))
}

/// A record to append: kind, date, summary and kind-specific fields.
pub type NewRecord<'a> = (Kind, &'a str, &'a str, &'a [(String, String)]);

/// Appends one record to a person's file under its lock; returns the record count.
pub fn append(
    ctx: &Ctx,
    id: &str,
    kind: Kind,
    date: &str,
    summary: &str,
    fields: &[(String, String)],
    command: &str,
) -> Result<usize> {
    append_all(ctx, id, &[(kind, date, summary, fields)], command)
}

/// Appends records to a person's file in one write, under its lock, with one audit
/// line per record; returns the record count.
pub fn append_all(ctx: &Ctx, id: &str, records: &[NewRecord], command: &str) -> Result<usize> {
    // An unknown id fails here, before the lock leaves anything behind.
    model::find_person(&ctx.kb, id)?;
    let _lock = edit::lock(&ctx.kb, id)?;
    // Read again under the lock, so a concurrent writer's record is in what we rewrite.
    let person = model::find_person(&ctx.kb, id)?;
    let path = ctx.kb.inside(&person.path)?;
    let mut file = PersonFile::open(&ctx.kb, &path)?;
    let mut count = person.records.len();
    for (kind, date, summary, fields) in records {
        count = file.push_record(*kind, date, summary, fields)?;
    }
    file.save()?;
    for _ in records {
        edit::audit(&ctx.kb, command, id)?;
    }
    Ok(count)
}
