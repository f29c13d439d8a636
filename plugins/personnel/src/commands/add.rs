//! `zhijian personnel add ID --name N --dept D …`: a new person file.

use serde_json::json;
use zhijian_kb::Searcher;
use zhijian_plugin_api::{Format, Request, Response};

use crate::context::Ctx;
use crate::edit::{self, PersonFile};
use crate::error::{PersonnelError, Result};
use crate::model;

/// Profile keys with their own option (or fixed), so `--field` may not set them.
pub const PROFILE_KEYS: [&str; 11] = [
    "id",
    "type",
    "name",
    "department",
    "dept",
    "position",
    "rank",
    "joined",
    "expertise",
    "tier",
    "records",
];

/// Runs the command.
pub fn run(ctx: &Ctx, request: &Request) -> Result<Response> {
    let id = request.arg_str("id").unwrap_or_default().trim().to_string();
    let mut profile = Vec::new();
    for (key, option) in [
        ("name", "name"),
        ("department", "dept"),
        ("position", "position"),
        ("rank", "rank"),
        ("joined", "joined"),
    ] {
        if let Some(text) = request.arg_str(option).filter(|t| !t.trim().is_empty()) {
            profile.push((key.to_string(), text.to_string()));
        }
    }
    let expertise = request.arg_list("expertise");
    if !expertise.is_empty() {
        profile.push(("expertise".to_string(), expertise.join("、")));
    }
    if let Some(tier) = request.arg_str("tier").filter(|t| !t.trim().is_empty()) {
        profile.push(("tier".to_string(), tier.to_string()));
    }
    profile.extend(edit::parse_fields(
        &request.arg_list("field"),
        &PROFILE_KEYS,
    )?);
    for required in ["name", "department"] {
        if !profile.iter().any(|(k, _)| k == required) {
            return Err(PersonnelError::Usage(format!(
                "a person needs a {required} (--{})",
                if required == "name" { "name" } else { "dept" }
            )));
        }
    }
    check_unused(ctx, &id, &model::person_path(&ctx.kb, &id)?)?;
    let path = create(ctx, &id, &profile, "personnel add")?;
    let rel = model::rel_path(ctx.kb.root(), &path);
    Ok(Response::new(match ctx.format {
        Format::Json => format!("{}\n", json!({"id": id, "path": rel, "created": true})),
        _ => format!("added {id} → {rel}\n"),
    }))
}

/// Creates `people/<id>.md` from profile fields (as typed), under the person's lock,
/// and writes the audit line. Refuses to replace an existing file (callers check the
/// id against the rest of the knowledge base first).
pub fn create(
    ctx: &Ctx,
    id: &str,
    profile: &[(String, String)],
    command: &str,
) -> Result<std::path::PathBuf> {
    let path = model::person_path(&ctx.kb, id)?;
    let mut values = Vec::with_capacity(profile.len());
    for (key, text) in profile {
        values.push((key.clone(), edit::profile_value(key, text)?));
    }
    edit::ensure_people_dir(&ctx.kb)?;
    let _lock = edit::lock(&ctx.kb, id)?;
    if path.exists() {
        return Err(PersonnelError::Usage(format!(
            "id `{id}` is already used by {}",
            model::rel_path(ctx.kb.root(), &path)
        )));
    }
    let file = PersonFile::create(&ctx.kb, &path, edit::new_person(id, values));
    file.save()?;
    edit::audit(&ctx.kb, command, id)?;
    Ok(path)
}

/// An id is free when no file is at its path, no person file claims it and the index has no document with it.
pub fn check_unused(ctx: &Ctx, id: &str, path: &std::path::Path) -> Result<()> {
    let taken = |by: String| PersonnelError::Usage(format!("id `{id}` is already used by {by}"));
    if path.exists() {
        return Err(taken(model::rel_path(ctx.kb.root(), path)));
    }
    let (people, _) = model::load_people(&ctx.kb)?;
    if let Some(person) = people.iter().find(|p| p.id == id) {
        return Err(taken(person.path.clone()));
    }
    if let Ok(searcher) = Searcher::open(&ctx.kb)
        && let Ok(Some(other)) = searcher.path_of(id)
    {
        return Err(taken(other));
    }
    Ok(())
}
