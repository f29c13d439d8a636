//! The `training` (material) and `path` (learning path) document types.

use serde_json::json;
use zhijian_kb::types::FieldProblem;
use zhijian_kb::{Document, DocumentType, Unit};

/// `type = "training"`: a training material, optionally with `[[quiz]]` items.
#[derive(Debug, Default)]
pub struct MaterialType;

/// `type = "path"`: an ordered learning path of materials and cases.
#[derive(Debug, Default)]
pub struct PathType;

fn needs_title(doc: &Document, what: &str) -> Option<FieldProblem> {
    doc.str_field("title")
        .is_none_or(|t| t.trim().is_empty())
        .then(|| FieldProblem::error("type", format!("{what} needs a `title`")))
}

/// The fields training documents share in search: audience and level facets,
/// keywords, and hours.
fn training_unit(doc: &Document) -> Unit {
    let mut unit = Unit::whole(doc);
    unit.facet_fields(doc, &["level"])
        .facet_list(doc, "audience", "audience")
        .keywords_from(doc, &["keywords"])
        .extra_strings(doc, &["level", "source"]);
    if let Some(hours) = doc.number_field("hours") {
        unit.extra.insert("hours".into(), json!(hours));
    }
    unit
}

impl DocumentType for MaterialType {
    fn name(&self) -> &'static str {
        "training"
    }

    fn folder(&self) -> &'static str {
        "training"
    }

    fn facets(&self) -> &'static [&'static str] {
        &["level", "audience"]
    }

    fn record_folders(&self) -> &'static [&'static str] {
        &[crate::records::RECORDS_DIR]
    }

    fn check(&self, doc: &Document) -> Vec<FieldProblem> {
        let mut out: Vec<FieldProblem> = needs_title(doc, "a training material")
            .into_iter()
            .collect();
        if let Some(hours) = doc.front.get("hours") {
            let value = hours
                .as_float()
                .or_else(|| hours.as_integer().map(|i| i as f64));
            if !value.is_some_and(|h| h >= 0.0 && h.is_finite()) {
                out.push(FieldProblem::error(
                    "hours",
                    "`hours` must be a number of hours, 0 or more",
                ));
            }
        }
        out.extend(check_quiz(&doc.front));
        out
    }

    fn units(&self, doc: &Document) -> Vec<Unit> {
        vec![training_unit(doc)]
    }

    fn summary(&self, doc: &Document) -> Vec<(String, String)> {
        let mut out = Vec::new();
        let audience = doc.list_field("audience");
        if !audience.is_empty() {
            out.push(("对象".into(), audience.join("、")));
        }
        if let Some(level) = doc.str_field("level") {
            out.push(("层级".into(), level.to_string()));
        }
        if let Some(hours) = doc.number_field("hours") {
            out.push(("学时".into(), hours.to_string()));
        }
        out
    }
}

impl DocumentType for PathType {
    fn name(&self) -> &'static str {
        "path"
    }

    fn folder(&self) -> &'static str {
        "paths"
    }

    fn facets(&self) -> &'static [&'static str] {
        &["audience"]
    }

    fn check(&self, doc: &Document) -> Vec<FieldProblem> {
        if let Some(problem) = needs_title(doc, "a learning path") {
            return vec![problem];
        }
        // A draft path may have no steps yet; the training plugin says so when shown.
        let Some(steps) = doc.front.get("steps") else {
            return Vec::new();
        };
        let Some(steps) = steps.as_array() else {
            return vec![FieldProblem::error(
                "steps",
                "`steps` must be a list of [[steps]] tables or ids",
            )];
        };
        steps
            .iter()
            .enumerate()
            .filter(|(_, step)| {
                !(step.is_str()
                    || step
                        .as_table()
                        .and_then(|t| t.get("ref"))
                        .is_some_and(toml::Value::is_str))
            })
            .take(1)
            .map(|(index, _)| {
                FieldProblem::error(
                    "steps",
                    format!("step {} needs a `ref` naming a material or case", index + 1),
                )
            })
            .collect()
    }

    fn units(&self, doc: &Document) -> Vec<Unit> {
        vec![training_unit(doc)]
    }

    fn summary(&self, doc: &Document) -> Vec<(String, String)> {
        let audience = doc.list_field("audience");
        if audience.is_empty() {
            Vec::new()
        } else {
            vec![("对象".into(), audience.join("、"))]
        }
    }
}

/// Quiz items: a question, two or more options, and an answer that is one of them.
fn check_quiz(front: &toml::Table) -> Option<FieldProblem> {
    let items = front.get("quiz")?;
    let bad = |reason: String| Some(FieldProblem::error("quiz", reason));
    let Some(items) = items.as_array() else {
        return bad("`quiz` must be a list of [[quiz]] items".into());
    };
    for (index, item) in items.iter().enumerate() {
        let n = index + 1;
        let Some(item) = item.as_table() else {
            return bad(format!("quiz item {n} must be a table"));
        };
        if !item.get("question").is_some_and(toml::Value::is_str) {
            return bad(format!("quiz item {n} needs a `question`"));
        }
        let options = item
            .get("options")
            .and_then(toml::Value::as_array)
            .map_or(0, Vec::len);
        if options < 2 {
            return bad(format!("quiz item {n} needs at least two `options`"));
        }
        match item.get("answer").and_then(toml::Value::as_integer) {
            Some(answer) if answer >= 1 && answer as usize <= options => {}
            Some(answer) => {
                return bad(format!(
                    "quiz item {n}: answer {answer} is out of range (1–{options})"
                ));
            }
            None => {
                return bad(format!(
                    "quiz item {n} needs an `answer` (the number of the right option)"
                ));
            }
        }
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;
    use zhijian_kb::Types;
    use zhijian_kb::load::{Problem, load};

    fn reason(text: &str) -> Problem {
        let types = Types::builder()
            .with_type(Box::new(MaterialType))
            .with_type(Box::new(PathType))
            .build();
        load("a.md", text.as_bytes(), &types).expect_err("should be refused")
    }

    #[test]
    fn materials_and_paths_check_their_fields() {
        assert!(
            reason("+++\ntype = \"path\"\ntitle = \"p\"\nsteps = [1]\n+++\n")
                .reason
                .contains("step 1")
        );
        let p = reason("+++\ntype = \"training\"\ntitle = \"t\"\nhours = -1\n+++\n");
        assert!(p.reason.contains("hours") && p.line == Some(4), "{p}");
        let quiz = "+++\ntype = \"training\"\ntitle = \"t\"\n[[quiz]]\nquestion = \"q\"\noptions = [\"a\", \"b\"]\nanswer = 3\n+++\n";
        assert!(reason(quiz).reason.contains("out of range"));
        assert!(
            reason("+++\ntype = \"training\"\n+++\n")
                .reason
                .contains("title")
        );
    }
}
