//! `zhijian personnel import CSV [--dry-run] [--skip-invalid]`: people, or records, from a spreadsheet.
//!
//! A header with a `kind` column imports records (one per row, appended to existing
//! people); otherwise each row is a person, created when new and updated field by
//! field when the id exists. Every row is checked before anything is written.

use std::collections::{HashMap, HashSet};

use serde_json::{Value, json};
use zhijian_kb::Searcher;
use zhijian_kb::document::validate_id;
use zhijian_plugin_api::{Format, Request, Response};

use crate::commands::{add, record};
use crate::context::{Ctx, MASK};
use crate::edit::{self, PersonFile};
use crate::error::{PersonnelError, Result};
use crate::model::{self, Kind, Person};

/// Profile columns an import may fill (plus the sensitive fields of `zhijian.toml`).
const PROFILE_COLUMNS: [&str; 13] = [
    "id",
    "name",
    "department",
    "position",
    "rank",
    "joined",
    "expertise",
    "tier",
    "tags",
    "phone",
    "id_number",
    "email",
    "education",
];

/// Chinese column names as Excel sheets write them, and the field each means.
const ALIASES: [(&str, &str); 27] = [
    ("编号", "id"),
    ("工号", "id"),
    ("人员编号", "id"),
    ("姓名", "name"),
    ("部门", "department"),
    ("所在部门", "department"),
    ("dept", "department"),
    ("职务", "position"),
    ("岗位", "position"),
    ("职级", "rank"),
    ("入职日期", "joined"),
    ("入职时间", "joined"),
    ("专长", "expertise"),
    ("业务专长", "expertise"),
    ("梯次", "tier"),
    ("人才梯次", "tier"),
    ("标签", "tags"),
    ("电话", "phone"),
    ("手机", "phone"),
    ("身份证号", "id_number"),
    ("身份证号码", "id_number"),
    ("学历", "education"),
    ("类别", "kind"),
    ("日期", "date"),
    ("摘要", "summary"),
    ("事项", "summary"),
    ("等次", "grade"),
];

/// What one valid row would do.
#[derive(Debug)]
enum Change {
    Create {
        id: String,
        profile: Vec<(String, String)>,
    },
    Update {
        id: String,
        diffs: Vec<(String, String, String)>,
    },
    Unchanged {
        id: String,
    },
    Append {
        id: String,
        kind: Kind,
        date: String,
        summary: String,
        fields: Vec<(String, String)>,
    },
}

/// Runs the command.
pub fn run(ctx: &Ctx, request: &Request) -> Result<Response> {
    let file = request.arg_str("csv").unwrap_or_default();
    let dry_run = request.arg_flag("dry-run");
    let skip_invalid = request.arg_flag("skip-invalid");
    let bytes = std::fs::read(file)
        .map_err(|e| PersonnelError::Data(format!("{file}: cannot read: {e}")))?;
    let (text, encoding) = decode(file, &bytes)?;
    let (changes, problems) = plan(ctx, file, &text)?;
    if !problems.is_empty() && !skip_invalid {
        let mut message = problems
            .iter()
            .map(|(_, p)| p.clone())
            .collect::<Vec<_>>()
            .join("\n");
        message.push_str(&format!(
            "\n{} invalid row(s): nothing written (fix them, or pass --skip-invalid to import the rest)",
            problems.len()
        ));
        return Err(PersonnelError::Data(message));
    }
    if !dry_run {
        for (_, change) in &changes {
            apply(ctx, change)?;
        }
        append_records(ctx, &changes)?;
    }
    let output = match ctx.format {
        Format::Json => format!(
            "{}\n",
            json_summary(file, encoding, dry_run, &changes, &problems)
        ),
        _ => text_summary(ctx, file, encoding, dry_run, &changes),
    };
    let mut response = Response::new(output);
    for (_, problem) in problems {
        response = response.warning(format!("{problem} (skipped)"));
    }
    Ok(response)
}

/// Decodes UTF-8 (with or without a BOM) or, failing that, GBK as Excel on Chinese Windows writes it.
fn decode(file: &str, bytes: &[u8]) -> Result<(String, &'static str)> {
    if bytes.starts_with(b"\xFF\xFE") || bytes.starts_with(b"\xFE\xFF") {
        return Err(PersonnelError::Data(format!(
            "{file}: UTF-16 text (Excel's \"Unicode text\"); save the sheet as \"CSV UTF-8\" instead"
        )));
    }
    let body = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
    if let Ok(text) = std::str::from_utf8(body) {
        return Ok((text.to_string(), "UTF-8"));
    }
    match encoding_rs::GBK.decode_without_bom_handling_and_without_replacement(body) {
        Some(text) => Ok((text.into_owned(), "GBK")),
        None => Err(PersonnelError::Data(format!(
            "{file}: neither UTF-8 nor GBK text; save the sheet as \"CSV UTF-8\""
        ))),
    }
}

fn canonical(header: &str) -> String {
    let header = header.trim().trim_start_matches('\u{feff}').trim();
    let lower = header.to_ascii_lowercase();
    ALIASES
        .iter()
        .find(|(alias, _)| *alias == lower)
        .map_or(lower, |(_, key)| (*key).to_string())
}

type Problems = Vec<(u64, String)>;

/// Checks every row against the files as they are now.
fn plan(ctx: &Ctx, file: &str, text: &str) -> Result<(Vec<(u64, Change)>, Problems)> {
    let mut reader = csv::ReaderBuilder::new()
        .has_headers(true)
        .flexible(false)
        .from_reader(text.as_bytes());
    let headers: Vec<String> = reader
        .headers()
        .map_err(|e| PersonnelError::Data(format!("{file}:1: cannot read the header row: {e}")))?
        .iter()
        .map(canonical)
        .collect();
    let records_mode = headers.iter().any(|h| h == "kind");
    check_headers(ctx, file, &headers, records_mode)?;
    let (people, _) = model::load_people(&ctx.kb)?;
    let by_id: HashMap<&str, &Person> = people.iter().map(|p| (p.id.as_str(), p)).collect();
    let searcher = Searcher::open(&ctx.kb).ok();
    let mut seen = HashSet::new();
    let mut changes = Vec::new();
    let mut problems = Vec::new();
    for row in reader.records() {
        let row = match row {
            Ok(row) => row,
            Err(e) => {
                let line = e.position().map_or(0, csv::Position::line);
                let reason = match e.kind() {
                    csv::ErrorKind::UnequalLengths {
                        expected_len, len, ..
                    } => {
                        format!("the row has {len} cells, the header has {expected_len}")
                    }
                    _ => e.to_string(),
                };
                problems.push((line, format!("{file}:{line}: {reason}")));
                continue;
            }
        };
        let line = row.position().map_or(0, csv::Position::line);
        if row.iter().all(|c| c.trim().is_empty()) {
            continue;
        }
        let cells: Vec<(String, String)> = headers
            .iter()
            .zip(row.iter())
            .filter(|(_, v)| !v.trim().is_empty())
            .map(|(k, v)| (k.clone(), v.trim().to_string()))
            .collect();
        let checked = if records_mode {
            record_row(&cells, &by_id)
        } else {
            person_row(&cells, &by_id, &mut seen, searcher.as_ref())
        };
        match checked {
            Ok(change) => changes.push((line, change)),
            Err(reason) => problems.push((line, format!("{file}:{line}: {reason}"))),
        }
    }
    Ok((changes, problems))
}

fn check_headers(ctx: &Ctx, file: &str, headers: &[String], records_mode: bool) -> Result<()> {
    let bad = |reason: String| Err(PersonnelError::Data(format!("{file}:1: {reason}")));
    let mut seen = HashSet::new();
    for header in headers {
        if header.is_empty() {
            return bad("a column has no name".into());
        }
        if !seen.insert(header) {
            return bad(format!("column `{header}` appears twice"));
        }
        if records_mode {
            if header
                .chars()
                .any(|c| c.is_control() || c.is_whitespace() || c == '.')
            {
                return bad(format!(
                    "column `{header}` cannot be a field name (no dots or spaces)"
                ));
            }
        } else if !PROFILE_COLUMNS.contains(&header.as_str()) && !ctx.sensitive.contains(header) {
            return bad(format!(
                "unknown column `{header}` (expected {}; a `kind` column makes it a records import)",
                PROFILE_COLUMNS.join(", ")
            ));
        }
    }
    let required: &[&str] = if records_mode {
        &["id", "kind", "date", "summary"]
    } else {
        &["id", "name", "department"]
    };
    for column in required {
        if !headers.iter().any(|h| h == column) {
            return bad(format!(
                "missing column `{column}` (the header row has: {})",
                headers.join(", ")
            ));
        }
    }
    Ok(())
}

fn cell<'a>(cells: &'a [(String, String)], key: &str) -> Option<&'a str> {
    cells
        .iter()
        .find(|(k, _)| k == key)
        .map(|(_, v)| v.as_str())
}

fn person_row(
    cells: &[(String, String)],
    by_id: &HashMap<&str, &Person>,
    seen: &mut HashSet<String>,
    searcher: Option<&Searcher>,
) -> Result<Change, String> {
    let id = cell(cells, "id").ok_or("empty id")?;
    validate_id(id).map_err(|reason| format!("invalid id `{id}`: {reason}"))?;
    if !seen.insert(id.to_string()) {
        return Err(format!("id `{id}` appears twice in this file"));
    }
    let mut profile = Vec::new();
    for (key, text) in cells.iter().filter(|(k, _)| k != "id") {
        let normal = if edit::DATE_KEYS.contains(&key.as_str()) {
            zhijian_kb::time::parse_date(text)
                .map(|d| d.to_string())
                .ok_or_else(|| format!("{key}: `{text}` is not a date (write YYYY-MM-DD)"))?
        } else if edit::LIST_KEYS.contains(&key.as_str()) {
            edit::split_list(text).join("、")
        } else {
            text.clone()
        };
        profile.push((key.clone(), normal));
    }
    match by_id.get(id) {
        Some(person) => {
            let diffs: Vec<(String, String, String)> = profile
                .into_iter()
                .filter_map(|(key, new)| {
                    let old = person.text(&key).unwrap_or_default();
                    (old != new).then_some((key, old, new))
                })
                .collect();
            Ok(if diffs.is_empty() {
                Change::Unchanged { id: id.into() }
            } else {
                Change::Update {
                    id: id.into(),
                    diffs,
                }
            })
        }
        None => {
            for required in ["name", "department"] {
                if cell(cells, required).is_none() {
                    return Err(format!("new person `{id}` needs a {required}"));
                }
            }
            if let Some(Ok(Some(other))) = searcher.map(|s| s.path_of(id)) {
                return Err(format!("id `{id}` is already used by {other}"));
            }
            Ok(Change::Create {
                id: id.into(),
                profile,
            })
        }
    }
}

fn record_row(
    cells: &[(String, String)],
    by_id: &HashMap<&str, &Person>,
) -> Result<Change, String> {
    let id = cell(cells, "id").ok_or("empty id")?;
    if !by_id.contains_key(id) {
        return Err(format!(
            "no person with id `{id}` (import the people first)"
        ));
    }
    let kind = Kind::parse_or_explain(cell(cells, "kind").ok_or("empty kind")?)?;
    let date_text = cell(cells, "date").ok_or("empty date")?;
    let date = zhijian_kb::time::parse_date(date_text)
        .map(|d| d.to_string())
        .ok_or_else(|| format!("date: `{date_text}` is not a date (write YYYY-MM-DD)"))?;
    let summary = cell(cells, "summary").ok_or("empty summary")?.to_string();
    let fields = cells
        .iter()
        .filter(|(k, _)| !["id", "kind", "date", "summary"].contains(&k.as_str()))
        .cloned()
        .collect();
    Ok(Change::Append {
        id: id.into(),
        kind,
        date,
        summary,
        fields,
    })
}

fn apply(ctx: &Ctx, change: &Change) -> Result<()> {
    const COMMAND: &str = "personnel import";
    match change {
        Change::Create { id, profile } => {
            add::create(ctx, id, profile, COMMAND)?;
        }
        Change::Update { id, diffs } => {
            let _lock = edit::lock(&ctx.kb, id)?;
            let person = model::find_person(&ctx.kb, id)?;
            let path = ctx.kb.inside(&person.path)?;
            let mut file = PersonFile::open(&ctx.kb, &path)?;
            for (key, _, new) in diffs {
                let value = edit::profile_value(key, new)?;
                match file
                    .doc
                    .get_mut(key)
                    .and_then(toml_edit::Item::as_value_mut)
                {
                    // Keep the comment a user wrote after the old value.
                    Some(old) => {
                        let decor = old.decor().clone();
                        *old = value;
                        *old.decor_mut() = decor;
                    }
                    None => file.doc[key.as_str()] = toml_edit::Item::Value(value),
                }
            }
            file.save()?;
            edit::audit(&ctx.kb, COMMAND, id)?;
        }
        Change::Unchanged { .. } => {}
        // Appended per person, one write each, by `append_records`.
        Change::Append { .. } => {}
    }
    Ok(())
}

/// Appends the records of a records import, grouped per person (first-seen order).
fn append_records(ctx: &Ctx, changes: &[(u64, Change)]) -> Result<()> {
    let mut groups: Vec<(&str, Vec<record::NewRecord>)> = Vec::new();
    let mut at: HashMap<&str, usize> = HashMap::new();
    for (_, change) in changes {
        if let Change::Append {
            id,
            kind,
            date,
            summary,
            fields,
        } = change
        {
            let new = (*kind, date.as_str(), summary.as_str(), fields.as_slice());
            let index = *at.entry(id.as_str()).or_insert_with(|| {
                groups.push((id.as_str(), Vec::new()));
                groups.len() - 1
            });
            groups[index].1.push(new);
        }
    }
    for (id, records) in groups {
        record::append_all(ctx, id, &records, "personnel import")?;
    }
    Ok(())
}

fn text_summary(
    ctx: &Ctx,
    file: &str,
    encoding: &str,
    dry_run: bool,
    changes: &[(u64, Change)],
) -> String {
    let show = |key: &str, v: &str| {
        if ctx.hides(key) {
            MASK.to_string()
        } else {
            v.to_string()
        }
    };
    let would = if dry_run { "would " } else { "" };
    let mut out = format!("{file}（{encoding}）\n");
    let (mut created, mut updated, mut unchanged, mut appended) = (0, 0, 0, 0);
    for (line, change) in changes {
        let what = match change {
            Change::Create { id, profile } => {
                created += 1;
                let fields: Vec<String> = profile
                    .iter()
                    .map(|(k, v)| format!("{k}={}", show(k, v)))
                    .collect();
                format!("{would}create {id}: {}", fields.join(" "))
            }
            Change::Update { id, diffs } => {
                updated += 1;
                let fields: Vec<String> = diffs
                    .iter()
                    .map(|(k, old, new)| {
                        let old = if old.is_empty() {
                            "—".to_string()
                        } else {
                            show(k, old)
                        };
                        format!("{k} {old} → {}", show(k, new))
                    })
                    .collect();
                format!("{would}update {id}: {}", fields.join(", "))
            }
            Change::Unchanged { id } => {
                unchanged += 1;
                format!("unchanged {id}")
            }
            Change::Append {
                id,
                kind,
                date,
                summary,
                ..
            } => {
                appended += 1;
                format!(
                    "{would}append {} {} to {id} on {date}: {summary}",
                    kind.label(),
                    kind.as_str()
                )
            }
        };
        out.push_str(&format!("  line {line}: {what}\n"));
    }
    let counts = format!(
        "{created} created, {updated} updated, {unchanged} unchanged, {appended} records appended"
    );
    if dry_run {
        out.push_str(&format!("dry run: {counts}; nothing written\n"));
    } else {
        out.push_str(&format!("imported: {counts}\n"));
    }
    out
}

fn json_summary(
    file: &str,
    encoding: &str,
    dry_run: bool,
    changes: &[(u64, Change)],
    problems: &Problems,
) -> Value {
    let mut created = Vec::new();
    let mut updated = Vec::new();
    let mut unchanged = Vec::new();
    let mut records = Vec::new();
    for (line, change) in changes {
        match change {
            Change::Create { id, .. } => created.push(json!({"line": line, "id": id})),
            Change::Update { id, diffs } => {
                let fields: Vec<&str> = diffs.iter().map(|(k, _, _)| k.as_str()).collect();
                updated.push(json!({"line": line, "id": id, "fields": fields}));
            }
            Change::Unchanged { id } => unchanged.push(json!({"line": line, "id": id})),
            Change::Append { id, kind, date, .. } => {
                records.push(json!({"line": line, "id": id, "kind": kind.as_str(), "date": date}));
            }
        }
    }
    let skipped: Vec<Value> = problems
        .iter()
        .map(|(line, message)| json!({"line": line, "message": message}))
        .collect();
    json!({
        "file": file,
        "encoding": encoding,
        "dry_run": dry_run,
        "created": created,
        "updated": updated,
        "unchanged": unchanged,
        "records": records,
        "skipped": skipped,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn gbk_is_detected_and_decoded() {
        let (bytes, _, _) = encoding_rs::GBK.encode("id,姓名\np-a,张三\n");
        let (text, encoding) = decode("a.csv", &bytes).expect("decodes");
        assert_eq!(encoding, "GBK");
        assert_eq!(text, "id,姓名\np-a,张三\n");
        let (text, encoding) = decode("a.csv", "\u{feff}id\n".as_bytes()).expect("utf-8 with bom");
        assert_eq!((text.as_str(), encoding), ("id\n", "UTF-8"));
        assert!(decode("a.csv", b"\xFF\xFEi\0").is_err());
    }

    #[test]
    fn chinese_headers_map_to_fields() {
        assert_eq!(canonical("姓名"), "name");
        assert_eq!(canonical(" Dept "), "department");
        assert_eq!(canonical("\u{feff}id"), "id");
        assert_eq!(canonical("grade"), "grade");
    }
}
