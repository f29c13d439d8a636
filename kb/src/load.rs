//! Bytes → document: the checks every file passes before it is indexed.
//!
//! Order matters: size and binary checks come first (cheap, and they protect the
//! parsers), then UTF-8, then the front matter, then the type's own fields.

use serde::Serialize;

use crate::document::{DocType, Document, date_value, validate_id};
use crate::frontmatter;
use crate::markdown;

/// Something wrong with one file, as reported by `index` and `check`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, serde::Deserialize)]
pub struct Problem {
    /// Path relative to the knowledge base root.
    pub path: String,
    /// 1-based line, where known.
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub line: Option<usize>,
    /// What is wrong, lower-case.
    pub reason: String,
    /// Whether the file was skipped (error) or only noted (warning).
    #[serde(default)]
    pub severity: Severity,
}

/// How bad a problem is.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, serde::Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    /// The file is skipped.
    #[default]
    Error,
    /// The file is used; the user should still look.
    Warning,
}

impl Problem {
    /// An error (the file is skipped).
    pub fn error(path: &str, line: Option<usize>, reason: impl Into<String>) -> Problem {
        Problem {
            path: path.to_string(),
            line,
            reason: reason.into(),
            severity: Severity::Error,
        }
    }

    /// A warning (the file is still used).
    pub fn warning(path: &str, line: Option<usize>, reason: impl Into<String>) -> Problem {
        Problem {
            path: path.to_string(),
            line,
            reason: reason.into(),
            severity: Severity::Warning,
        }
    }
}

impl std::fmt::Display for Problem {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self.line {
            Some(line) => write!(f, "{}:{}: {}", self.path, line, self.reason),
            None => write!(f, "{}: {}", self.path, self.reason),
        }
    }
}

/// A document that passed every check, with the warnings it raised.
#[derive(Debug, Clone)]
pub struct Loaded {
    /// The document.
    pub document: Document,
    /// Notes that did not stop it from being used.
    pub warnings: Vec<Problem>,
}

const UTF8_BOM: &[u8] = b"\xEF\xBB\xBF";
/// Front matter fields that hold dates, whatever the type.
const DATE_FIELDS: &[&str] = &[
    "date",
    "published",
    "promulgated",
    "effective",
    "repealed",
    "expires",
    "joined",
];

/// Turns a file's bytes into a checked document.
///
/// `path` is relative to the knowledge base root; it names the file in problems and
/// gives the default id (the file stem).
pub fn load(path: &str, bytes: &[u8]) -> Result<Loaded, Problem> {
    let mut warnings = Vec::new();
    if bytes.iter().all(u8::is_ascii_whitespace) {
        return Err(Problem::error(path, None, "empty file"));
    }
    if let Some(nul) = bytes.iter().position(|&b| b == 0) {
        let line = bytes[..nul].iter().filter(|&&b| b == b'\n').count() + 1;
        return Err(Problem::error(
            path,
            Some(line),
            "binary file (contains NUL bytes)",
        ));
    }
    let bytes = match bytes.strip_prefix(UTF8_BOM) {
        Some(rest) => {
            // Windows editors add a BOM; it is harmless, so the file is used, and
            // the warning tells the user why a strict tool might complain.
            warnings.push(Problem::warning(
                path,
                Some(1),
                "UTF-8 byte-order mark ignored",
            ));
            rest
        }
        None => bytes,
    };
    let text = std::str::from_utf8(bytes).map_err(|e| {
        let at = e.valid_up_to();
        let line = bytes[..at].iter().filter(|&&b| b == b'\n').count() + 1;
        Problem::error(
            path,
            Some(line),
            format!("not valid UTF-8 (byte {at}); save the file as UTF-8"),
        )
    })?;
    let split =
        frontmatter::split(text).map_err(|e| Problem::error(path, Some(e.line), e.message))?;
    let front = match split.front {
        Some(front_text) => frontmatter::parse(front_text, split.front_line)
            .map_err(|e| Problem::error(path, Some(e.line), e.message))?,
        None => toml::Table::new(),
    };
    let front_text = split.front.unwrap_or("");
    let at = |key: &str| frontmatter::key_line(front_text, split.front_line, key).or(Some(1));

    let doc_type = match front.get("type") {
        None => DocType::Note,
        Some(toml::Value::String(name)) => DocType::parse(name).ok_or_else(|| {
            Problem::error(
                path,
                at("type"),
                format!(
                    "unknown type `{name}` (expected case, policy, training, path, person or note)"
                ),
            )
        })?,
        Some(_) => return Err(Problem::error(path, at("type"), "`type` must be a string")),
    };
    let stem = file_stem(path);
    let id = match front.get("id") {
        None => stem.to_string(),
        Some(toml::Value::String(id)) => id.clone(),
        Some(_) => return Err(Problem::error(path, at("id"), "`id` must be a string")),
    };
    validate_id(&id).map_err(|reason| {
        Problem::error(
            path,
            at("id"),
            format!("invalid id `{}`: {reason}", id.escape_debug()),
        )
    })?;

    check_field_types(&front, &at)
        .map_err(|(key, reason)| Problem::error(path, at(key), reason))?;
    check_required(doc_type, &front)
        .map_err(|(key, reason)| Problem::error(path, at(key), reason))?;

    let markdown = markdown::parse(split.body, split.body_line);
    let title = front
        .get("title")
        .and_then(toml::Value::as_str)
        .filter(|t| !t.trim().is_empty())
        .map(str::to_string)
        .or_else(|| {
            front
                .get("name")
                .and_then(toml::Value::as_str)
                .map(str::to_string)
        })
        .or_else(|| markdown.first_heading().map(str::to_string))
        .unwrap_or_else(|| stem.to_string());
    let document = Document {
        explicit_id: front.contains_key("id"),
        id,
        doc_type,
        title,
        path: path.to_string(),
        front,
        front_line: split.front_line,
        body: split.body.to_string(),
        body_line: split.body_line,
        markdown,
    };
    Ok(Loaded { document, warnings })
}

fn file_stem(path: &str) -> &str {
    let name = path.rsplit('/').next().unwrap_or(path);
    name.strip_suffix(".md")
        .or_else(|| name.strip_suffix(".markdown"))
        .unwrap_or(name)
}

type FieldError = (&'static str, String);

/// Fields every type shares must have the right TOML types.
fn check_field_types(
    front: &toml::Table,
    _at: &dyn Fn(&str) -> Option<usize>,
) -> Result<(), FieldError> {
    for key in ["title", "name"] {
        if front.get(key).is_some_and(|v| !v.is_str()) {
            return Err((key, format!("`{key}` must be a string")));
        }
    }
    if let Some(tags) = front.get("tags") {
        let ok = tags
            .as_array()
            .is_some_and(|items| items.iter().all(toml::Value::is_str));
        if !ok {
            return Err((
                "tags",
                "`tags` must be a list of strings, like tags = [\"醉驾\"]".into(),
            ));
        }
    }
    for &key in DATE_FIELDS {
        if let Some(value) = front.get(key)
            && date_value(value).is_none()
        {
            return Err((
                key,
                format!("`{key}` is not a date (write YYYY-MM-DD, like 2021-03-01)"),
            ));
        }
    }
    Ok(())
}

/// Each type's required fields.
fn check_required(doc_type: DocType, front: &toml::Table) -> Result<(), FieldError> {
    let has_text = |key: &str| {
        front
            .get(key)
            .and_then(toml::Value::as_str)
            .is_some_and(|s| !s.trim().is_empty())
    };
    match doc_type {
        DocType::Note => Ok(()),
        DocType::Case | DocType::Policy => {
            if has_text("title") {
                Ok(())
            } else {
                Err(("type", format!("a {doc_type} needs a `title`")))
            }
        }
        DocType::Training => {
            if !has_text("title") {
                return Err(("type", "a training material needs a `title`".into()));
            }
            if let Some(hours) = front.get("hours") {
                let value = hours
                    .as_float()
                    .or_else(|| hours.as_integer().map(|i| i as f64));
                match value {
                    Some(h) if h >= 0.0 && h.is_finite() => {}
                    _ => {
                        return Err((
                            "hours",
                            "`hours` must be a number of hours, 0 or more".into(),
                        ));
                    }
                }
            }
            check_quiz(front)
        }
        DocType::Path => {
            if !has_text("title") {
                return Err(("type", "a learning path needs a `title`".into()));
            }
            // A draft path may have no steps yet; the training plugin says so when shown.
            let steps = match front.get("steps") {
                None => return Ok(()),
                Some(steps) => steps.as_array().ok_or((
                    "steps",
                    "`steps` must be a list of [[steps]] tables or ids".to_string(),
                ))?,
            };
            for (index, step) in steps.iter().enumerate() {
                let ok = step.is_str()
                    || step
                        .as_table()
                        .and_then(|t| t.get("ref"))
                        .is_some_and(toml::Value::is_str);
                if !ok {
                    return Err((
                        "steps",
                        format!("step {} needs a `ref` naming a material or case", index + 1),
                    ));
                }
            }
            Ok(())
        }
        DocType::Person => {
            if has_text("name") {
                Ok(())
            } else {
                Err(("type", "a person needs a `name`".into()))
            }
        }
    }
}

/// Quiz items: a question, two or more options, and an answer that is one of them.
fn check_quiz(front: &toml::Table) -> Result<(), FieldError> {
    let Some(items) = front.get("quiz") else {
        return Ok(());
    };
    let Some(items) = items.as_array() else {
        return Err(("quiz", "`quiz` must be a list of [[quiz]] items".into()));
    };
    for (index, item) in items.iter().enumerate() {
        let n = index + 1;
        let Some(item) = item.as_table() else {
            return Err(("quiz", format!("quiz item {n} must be a table")));
        };
        if !item.get("question").is_some_and(toml::Value::is_str) {
            return Err(("quiz", format!("quiz item {n} needs a `question`")));
        }
        let options = item
            .get("options")
            .and_then(toml::Value::as_array)
            .map_or(0, Vec::len);
        if options < 2 {
            return Err((
                "quiz",
                format!("quiz item {n} needs at least two `options`"),
            ));
        }
        match item.get("answer").and_then(toml::Value::as_integer) {
            Some(answer) if answer >= 1 && answer as usize <= options => {}
            Some(answer) => {
                return Err((
                    "quiz",
                    format!("quiz item {n}: answer {answer} is out of range (1–{options})"),
                ));
            }
            None => {
                return Err((
                    "quiz",
                    format!("quiz item {n} needs an `answer` (the number of the right option)"),
                ));
            }
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn reason(path: &str, text: &[u8]) -> Problem {
        load(path, text).expect_err("should be refused")
    }

    #[test]
    fn a_plain_markdown_file_is_a_note_titled_by_its_heading() {
        let loaded = load(
            "notes/会议纪要.md",
            "# 周例会\n\n讨论醉驾案件。\n".as_bytes(),
        )
        .expect("loads");
        let doc = loaded.document;
        assert_eq!(doc.doc_type, DocType::Note);
        assert_eq!(doc.id, "会议纪要");
        assert_eq!(doc.title, "周例会");
    }

    #[test]
    fn front_matter_fields_are_used() {
        let text = "+++\nid = \"c1\"\ntype = \"case\"\ntitle = \"示例案\"\ntags = [\"醉驾\"]\npublished = 2023-05-10\n+++\n## 要旨\n\n内容\n";
        let doc = load("cases/x.md", text.as_bytes()).expect("loads").document;
        assert_eq!(doc.id, "c1");
        assert_eq!(doc.doc_type, DocType::Case);
        assert_eq!(doc.tags(), ["醉驾"]);
        assert_eq!(doc.date_field("published").as_deref(), Some("2023-05-10"));
        assert_eq!(doc.markdown.sections[0].line, 8);
    }

    #[test]
    fn bad_bytes_are_refused_with_lines() {
        assert_eq!(reason("a.md", b"").reason, "empty file");
        assert_eq!(reason("a.md", b"a\nb\0c").line, Some(2));
        let p = reason("a.md", b"ok\n\xff\xfe");
        assert!(p.reason.contains("UTF-8") && p.line == Some(2), "{p}");
    }

    #[test]
    fn a_bom_is_a_warning_not_an_error() {
        let loaded = load("a.md", b"\xEF\xBB\xBF+++\ntitle = \"t\"\n+++\nbody").expect("loads");
        assert_eq!(loaded.document.title, "t");
        assert_eq!(loaded.warnings.len(), 1);
    }

    #[test]
    fn front_matter_problems_point_at_the_line() {
        let p = reason("a.md", b"+++\ntitle = \"t\"\ntype = \"memo\"\n+++\n");
        assert_eq!(p.line, Some(3));
        assert!(p.reason.contains("unknown type `memo`"));
        let p = reason("a.md", b"+++\nid = \"../x\"\n+++\n");
        assert_eq!(p.line, Some(2));
        let p = reason("a.md", b"+++\ntitle = \"t\"\n");
        assert!(p.reason.contains("never closed"));
        let p = reason(
            "a.md",
            b"+++\ntitle = \"t\"\neffective = \"someday\"\n+++\n",
        );
        assert_eq!(p.line, Some(3));
    }

    #[test]
    fn each_type_checks_its_fields() {
        assert!(
            reason("a.md", b"+++\ntype = \"case\"\n+++\n")
                .reason
                .contains("title")
        );
        assert!(
            reason("a.md", b"+++\ntype = \"person\"\n+++\n")
                .reason
                .contains("name")
        );
        assert!(
            reason(
                "a.md",
                b"+++\ntype = \"path\"\ntitle = \"p\"\nsteps = [1]\n+++\n"
            )
            .reason
            .contains("step 1")
        );
        let p = reason(
            "a.md",
            b"+++\ntype = \"training\"\ntitle = \"t\"\nhours = -1\n+++\n",
        );
        assert!(p.reason.contains("hours"));
        let quiz = "+++\ntype = \"training\"\ntitle = \"t\"\n[[quiz]]\nquestion = \"q\"\noptions = [\"a\", \"b\"]\nanswer = 3\n+++\n";
        assert!(
            reason("a.md", quiz.as_bytes())
                .reason
                .contains("out of range")
        );
        let ok = "+++\ntype = \"path\"\ntitle = \"p\"\n[[steps]]\nref = \"m1\"\n+++\n";
        assert!(load("a.md", ok.as_bytes()).is_ok());
    }
}
