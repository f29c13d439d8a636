//! `zhijian training complete STEP --person P [--path PATH] [--hours H] [--date D] [--force]`

use serde_json::json;
use zhijian_plugin_api::{Format, Host, Request, Response};

use crate::TrainingError;
use crate::catalog::{Catalog, LearningPath, Target};
use crate::common::{Context, date_arg, hours, json, required};
use crate::records::{Completion, Record, parse_hours, record_path, update_record};
use crate::status::completions_by_key;

/// Records a completed step after checking its prerequisites.
pub fn run(request: &Request, host: &dyn Host) -> Result<Response, TrainingError> {
    let ctx = Context::open(host)?;
    let step = required(request, "step")?.trim();
    let person = required(request, "person")?.trim();
    record_path(ctx.kb.root(), person)?;
    let target = ctx.catalog.target(step)?;
    let credited = match request.arg_str("hours") {
        Some(text) => parse_hours(text)?,
        None => target.hours(),
    };
    let date = date_arg(request, "date")?.unwrap_or_else(zhijian_kb::time::today);
    let path = request
        .arg_str("path")
        .map(|p| ctx.catalog.path(p.trim()))
        .transpose()?;
    let reference = match &path {
        Some(path) => match path.step_for(target.id()) {
            Some(step) => step.reference.clone(),
            None => {
                return Err(TrainingError::Usage(format!(
                    "`{step}` is not a step of learning path `{}`",
                    path.doc.id
                )));
            }
        },
        None => target.reference(),
    };
    let force = request.arg_flag("force");
    let forced = update_record(ctx.kb.root(), person, |record| {
        let blockers = match blockers(&ctx.catalog, target, path.as_ref(), record) {
            Ok(blockers) => blockers,
            Err(_) if force => vec!["(prerequisites could not be checked)".to_string()],
            Err(err) => return Err(err),
        };
        if !force && !blockers.is_empty() {
            return Err(TrainingError::Usage(format!(
                "cannot complete `{step}` for `{person}`: {} (use --force to record it anyway)",
                blockers.join("; ")
            )));
        }
        record.completions.push(Completion {
            step: reference.clone(),
            date,
            hours: credited,
            path: path.as_ref().map(|p| p.doc.id.clone()),
            forced: !blockers.is_empty(),
        });
        Ok(!blockers.is_empty())
    })?;
    let output = match request.format {
        Format::Json => json(&json!({
            "person": person,
            "step": reference,
            "id": target.id(),
            "kind": target.kind(),
            "title": target.title(),
            "date": date.to_string(),
            "hours": credited,
            "path": path.as_ref().map(|p| p.doc.id.clone()),
            "forced": forced,
        }))?,
        _ => format!(
            "已记录：{person} 完成{} {reference}《{}》，{date}，{} 学时{}\n",
            target.label(),
            target.title(),
            hours(credited),
            if forced {
                "（--force：未满足的条件已忽略）"
            } else {
                ""
            }
        ),
    };
    let mut response = Response::new(output);
    if let Some(warning) = ctx.catalog.person_warning(person) {
        response = response.warning(warning);
    }
    Ok(response)
}

/// Why `target` may not be completed yet: done before, prerequisites not done, or
/// earlier required steps of the path not done.
fn blockers(
    catalog: &Catalog,
    target: Target<'_>,
    path: Option<&LearningPath<'_>>,
    record: &Record,
) -> Result<Vec<String>, TrainingError> {
    let done = completions_by_key(catalog, record);
    let mut blockers = Vec::new();
    if let Some(first) = done.get(target.id()) {
        blockers.push(format!("already completed on {}", first.date));
    }
    let missing: Vec<String> = catalog
        .prerequisites(target)?
        .into_iter()
        .filter(|pre| !done.contains_key(pre.id()))
        .map(|pre| pre.reference())
        .collect();
    if !missing.is_empty() {
        blockers.push(format!(
            "prerequisites not completed: {}",
            missing.join(", ")
        ));
    }
    if let Some(path) = path {
        let earlier: Vec<String> = path
            .steps
            .iter()
            .take_while(|s| s.target.id() != target.id())
            .filter(|s| s.required && !done.contains_key(s.target.id()))
            .map(|s| s.reference.clone())
            .collect();
        if !earlier.is_empty() {
            blockers.push(format!(
                "earlier required steps of `{}` not completed: {}",
                path.doc.id,
                earlier.join(", ")
            ));
        }
    }
    Ok(blockers)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::catalog::tests::{catalog, material};
    use zhijian_kb::time::parse_date;

    fn fixture() -> Catalog {
        let files = [
            material("a", 1.0, &[]),
            material("b", 1.0, &["a"]),
            material("c", 1.0, &[]),
            (
                "paths/p.md".to_string(),
                "+++\ntype = \"path\"\ntitle = \"p\"\nsteps = [\"c\", \"a\", \"b\"]\n+++\n"
                    .to_string(),
            ),
        ];
        let pairs: Vec<(&str, &str)> = files
            .iter()
            .map(|(p, t)| (p.as_str(), t.as_str()))
            .collect();
        catalog(&pairs)
    }

    fn with(steps: &[&str]) -> Record {
        let mut record = Record::new("p1");
        for step in steps {
            record.completions.push(Completion {
                step: (*step).into(),
                date: parse_date("2024-01-10").expect("date"),
                hours: 1.0,
                path: None,
                forced: false,
            });
        }
        record
    }

    #[test]
    fn prerequisites_must_be_completed() {
        let catalog = fixture();
        let b = catalog.target("b").expect("b");
        assert_eq!(
            blockers(&catalog, b, None, &with(&[])).expect("ok"),
            ["prerequisites not completed: a"]
        );
        assert!(
            blockers(&catalog, b, None, &with(&["a"]))
                .expect("ok")
                .is_empty()
        );
        assert_eq!(
            blockers(&catalog, b, None, &with(&["a", "b"])).expect("ok"),
            ["already completed on 2024-01-10"]
        );
    }

    #[test]
    fn earlier_required_path_steps_must_be_completed() {
        let catalog = fixture();
        let path = catalog.path("p").expect("path");
        let a = catalog.target("a").expect("a");
        assert_eq!(
            blockers(&catalog, a, Some(&path), &with(&[])).expect("ok"),
            ["earlier required steps of `p` not completed: c"]
        );
        assert!(
            blockers(&catalog, a, Some(&path), &with(&["c"]))
                .expect("ok")
                .is_empty()
        );
        assert!(
            blockers(&catalog, a, None, &with(&[]))
                .expect("ok")
                .is_empty(),
            "without --path only prerequisites count"
        );
    }
}
