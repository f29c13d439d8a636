//! `zhijian docket import CASES.csv [EVENTS.csv] [--dry-run] [--skip-invalid]`.

use std::path::Path;

use serde_json::json;
use zhijian_plugin_api::{Request, Response};

use super::Ctx;
use crate::error::{DocketError, Result};
use crate::import::{self, Problem};
use crate::messages as m;
use crate::output;
use crate::store::{self, lock};

/// Runs the command.
pub fn run(ctx: &Ctx, request: &Request) -> Result<Response> {
    let lang = ctx.lang;
    let cases_path = request.arg_str("cases").unwrap_or_default();
    let events_path = request.arg_str("events");
    let dry_run = request.arg_flag("dry-run");
    let skip_invalid = request.arg_flag("skip-invalid");
    let _lock = lock::lock(&ctx.kb)?;
    let mut data = store::load(&ctx.kb, lang)?;
    let columns = &ctx.settings.columns;

    let cases_input = import::read_input(Path::new(cases_path), lang)?;
    let cases = import::read_cases(&cases_input, columns, &mut data.strings, lang)?;
    let mut problems: Vec<Problem> = cases.problems;
    let mut warnings = cases.warnings;
    let mut files = vec![(cases_input.file.clone(), cases_input.encoding, cases.total)];
    let mut merged = import::merge(
        &mut data,
        (&cases_input.file, cases.rows),
        &mut problems,
        lang,
    );
    drop(cases_input);
    let events_read = match events_path {
        Some(path) => {
            let input = import::read_input(Path::new(path), lang)?;
            let read =
                import::merge_events(&mut data, &input, columns, &mut merged, &mut problems, lang)?;
            problems.extend(read.problems);
            warnings.extend(read.warnings);
            files.push((input.file.clone(), input.encoding, read.total));
            true
        }
        None => false,
    };
    problems.sort_by(|a, b| (&a.file, a.line).cmp(&(&b.file, b.line)));
    if !problems.is_empty() && !skip_invalid {
        let mut lines = import::listing(&problems, None, lang);
        lines.push(m::ABORTED.fill(lang, &[("count", &problems.len())]));
        return Err(DocketError::Data(lines.join("\n")));
    }
    let saved = if dry_run {
        store::Saved::default()
    } else {
        let saved = store::save(&ctx.kb, &data, Some(&merged.dirty), lang)?;
        let what = format!(
            "{} created, {} updated, {} events added; {} file(s) written",
            merged.created,
            merged.updated,
            merged.added,
            saved.written.len()
        );
        lock::audit(&ctx.kb, "docket import", &what)?;
        saved
    };
    let output = if ctx.json() {
        let problems: Vec<_> = problems
            .iter()
            .map(|p| json!({"file": p.file, "line": p.line, "message": p.message}))
            .collect();
        let files: Vec<_> = files
            .iter()
            .map(|(file, encoding, rows)| json!({"file": file, "encoding": encoding, "rows": rows}))
            .collect();
        output::json(&json!({
            "files": files,
            "dry_run": dry_run,
            "cases": {"created": merged.created, "updated": merged.updated, "unchanged": merged.unchanged},
            "events": {"added": merged.added, "known": merged.known},
            "written": saved.written,
            "removed": saved.removed,
            "skipped": problems,
            "warnings": warnings,
        }))?
    } else {
        let mut out = String::new();
        for (file, encoding, rows) in &files {
            out.push_str(&m::READ_FILE.fill(
                lang,
                &[("file", file), ("encoding", encoding), ("rows", rows)],
            ));
            out.push('\n');
        }
        let cases_line = m::IMPORT_CASES.fill(
            lang,
            &[
                ("created", &merged.created),
                ("updated", &merged.updated),
                ("unchanged", &merged.unchanged),
            ],
        );
        out.push_str(&cases_line);
        out.push('\n');
        if events_read {
            out.push_str(
                &m::IMPORT_EVENTS.fill(lang, &[("added", &merged.added), ("known", &merged.known)]),
            );
            out.push('\n');
        }
        if dry_run {
            out.push_str(m::DRY_RUN.get(lang));
        } else {
            out.push_str(&m::IMPORT_WRITTEN.fill(
                lang,
                &[
                    ("written", &saved.written.len()),
                    ("removed", &saved.removed.len()),
                ],
            ));
        }
        out.push('\n');
        out
    };
    let mut response = Response::new(output);
    for warning in warnings.iter().take(import::LISTED_PROBLEMS) {
        response = response.warning(warning.clone());
    }
    for line in import::listing(&problems, Some(&m::SKIPPED), lang) {
        response = response.warning(line);
    }
    Ok(response)
}
