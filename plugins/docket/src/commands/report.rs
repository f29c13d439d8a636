//! `zhijian docket report --html FILE [--from --to] [--as-of DATE]`.

use std::path::Path;

use zhijian_kb::write::{PRIVATE_FILE_MODE, atomic_write};
use zhijian_plugin_api::{Request, Response};

use super::Ctx;
use crate::error::Result;
use crate::messages as m;
use crate::output;
use crate::report::Report;

/// Runs the command.
pub fn run(ctx: &Ctx, request: &Request) -> Result<Response> {
    let lang = ctx.lang;
    let file = request.arg_str("html").unwrap_or_default();
    let range = super::range_arg(request, lang)?;
    let as_of = super::date_arg(request, "as-of", lang)?.unwrap_or_else(super::today);
    let data = ctx.dataset()?;
    let report = Report::build(&data, range, as_of, &ctx.settings);
    // Case numbers and handlers appear in the warning table: owner-only, like the records.
    atomic_write(
        Path::new(file),
        report.html(lang).as_bytes(),
        Some(PRIVATE_FILE_MODE),
    )?;
    let output = if ctx.json() {
        output::json(
            &serde_json::json!({"file": file, "open_stages": report.due.len(), "months": report.monthly.len()}),
        )?
    } else {
        format!("{}\n", m::REPORT_WRITTEN.fill(lang, &[("file", &file)]))
    };
    Ok(Response::new(output))
}
