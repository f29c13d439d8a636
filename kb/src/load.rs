//! Bytes → document: the checks every file passes before it is indexed.
//!
//! Order matters: size and binary checks come first (cheap, and they protect the
//! parsers), then UTF-8, then the front matter, then the type's own fields.

use serde::Serialize;

use crate::document::{Document, validate_id};
use crate::frontmatter;
use crate::markdown;
use crate::time::date_value;
use crate::types::Types;

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

/// Turns a file's bytes into a checked document.
///
/// `path` is relative to the knowledge base root; it names the file in problems and
/// gives the default id (the file stem). `types` says what each `type = "…"` means
/// and checks the type's own fields.
pub fn load(path: &str, bytes: &[u8], types: &Types) -> Result<Loaded, Problem> {
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
        None => "note".to_string(),
        Some(toml::Value::String(name)) if types.get(name).is_some() => name.clone(),
        Some(toml::Value::String(name)) => {
            return Err(Problem::error(
                path,
                at("type"),
                format!(
                    "unknown type `{name}` (expected {})",
                    types.names().join(", ")
                ),
            ));
        }
        Some(_) => return Err(Problem::error(path, at("type"), "`type` must be a string")),
    };
    // Everything in a personal folder is personal data: a file there that does not
    // say so would otherwise be indexed and shown as a note.
    if let Some(personal) = types.personal_folder_of(path)
        && personal.name() != doc_type
    {
        return Err(Problem::error(
            path,
            at("type"),
            format!(
                "a file in {}/ must be a {} document (`type = \"{}\"`); it holds personal data and is not indexed",
                personal.folder(),
                personal.name(),
                personal.name()
            ),
        ));
    }
    // A plugin's record folder holds its records, never documents: a Markdown file
    // dropped there is personal data all the same.
    if types.personal_folder_of(path).is_none() && types.is_private_path(path) {
        return Err(Problem::error(
            path,
            None,
            "this folder holds a plugin's records (personal data): a Markdown file here is not indexed",
        ));
    }
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

    check_field_types(&front).map_err(|(key, reason)| Problem::error(path, at(key), reason))?;

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
    let declared = types
        .get(&document.doc_type)
        .expect("the type was checked above");
    for problem in declared.check(&document) {
        let line = problem.key.as_deref().and_then(&at);
        match problem.severity {
            Severity::Error => return Err(Problem::error(path, line, problem.reason)),
            Severity::Warning => warnings.push(Problem::warning(path, line, problem.reason)),
        }
    }
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
fn check_field_types(front: &toml::Table) -> Result<(), FieldError> {
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
    if let Some(value) = front.get("date")
        && date_value(value).is_none()
    {
        return Err((
            "date",
            "`date` is not a date (write YYYY-MM-DD, like 2021-03-01)".into(),
        ));
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::types::{DocumentType, FieldProblem};

    /// A type with one required field and one warning, to test how checks are reported.
    struct Memo;

    impl DocumentType for Memo {
        fn name(&self) -> &'static str {
            "memo"
        }
        fn folder(&self) -> &'static str {
            "memos"
        }
        fn check(&self, doc: &Document) -> Vec<FieldProblem> {
            let mut out = Vec::new();
            if doc.str_field("author").is_none() {
                out.push(FieldProblem::error("type", "a memo needs an `author`"));
            }
            if doc.front.contains_key("levle") {
                out.push(FieldProblem::warning("levle", "unknown key `levle`"));
            }
            out
        }
    }

    struct Secret;

    impl DocumentType for Secret {
        fn name(&self) -> &'static str {
            "secret"
        }
        fn folder(&self) -> &'static str {
            "secrets"
        }
        fn personal(&self) -> bool {
            true
        }
        fn record_folders(&self) -> &'static [&'static str] {
            &["vault"]
        }
        fn check(&self, _doc: &Document) -> Vec<FieldProblem> {
            Vec::new()
        }
    }

    fn types() -> Types {
        Types::builder()
            .with_type(Box::new(Memo))
            .with_type(Box::new(Secret))
            .build()
    }

    fn load_ok(path: &str, text: &[u8]) -> Loaded {
        load(path, text, &types()).expect("loads")
    }

    fn reason(path: &str, text: &[u8]) -> Problem {
        load(path, text, &types()).expect_err("should be refused")
    }

    #[test]
    fn a_plain_markdown_file_is_a_note_titled_by_its_heading() {
        let doc = load_ok(
            "notes/会议纪要.md",
            "# 周例会\n\n讨论醉驾案件。\n".as_bytes(),
        )
        .document;
        assert_eq!(doc.doc_type, "note");
        assert_eq!(doc.id, "会议纪要");
        assert_eq!(doc.title, "周例会");
    }

    #[test]
    fn front_matter_fields_are_used() {
        let text = "+++\nid = \"c1\"\ntype = \"memo\"\nauthor = \"甲\"\ntitle = \"示例\"\ntags = [\"醉驾\"]\npublished = 2023-05-10\n+++\n## 要旨\n\n内容\n";
        let doc = load_ok("memos/x.md", text.as_bytes()).document;
        assert_eq!(doc.id, "c1");
        assert!(doc.is("memo"));
        assert_eq!(doc.tags(), ["醉驾"]);
        assert_eq!(
            doc.date_field("published")
                .map(|d| d.to_string())
                .as_deref(),
            Some("2023-05-10")
        );
        assert_eq!(doc.markdown.sections[0].line, 9);
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
        let loaded = load_ok("a.md", b"\xEF\xBB\xBF+++\ntitle = \"t\"\n+++\nbody");
        assert_eq!(loaded.document.title, "t");
        assert_eq!(loaded.warnings.len(), 1);
    }

    #[test]
    fn front_matter_problems_point_at_the_line() {
        let p = reason("a.md", b"+++\ntitle = \"t\"\ntype = \"mem\"\n+++\n");
        assert_eq!(p.line, Some(3));
        assert!(
            p.reason
                .contains("unknown type `mem` (expected note, memo, secret)"),
            "{p}"
        );
        let p = reason("a.md", b"+++\nid = \"../x\"\n+++\n");
        assert_eq!(p.line, Some(2));
        let p = reason("a.md", b"+++\ntitle = \"t\"\n");
        assert!(p.reason.contains("never closed"));
        let p = reason("a.md", b"+++\ntitle = \"t\"\ndate = \"someday\"\n+++\n");
        assert_eq!(p.line, Some(3));
    }

    #[test]
    fn a_type_reports_its_own_problems_with_their_lines() {
        let p = reason("a.md", b"+++\ntitle = \"t\"\ntype = \"memo\"\n+++\n");
        assert_eq!(
            (p.line, p.reason.as_str()),
            (Some(3), "a memo needs an `author`")
        );
        let loaded = load_ok(
            "a.md",
            b"+++\ntype = \"memo\"\nauthor = \"a\"\nlevle = 1\n+++\n",
        );
        assert_eq!(loaded.warnings.len(), 1);
        assert_eq!(loaded.warnings[0].line, Some(4));
    }

    #[test]
    fn an_untyped_file_in_a_personal_folder_is_refused() {
        let p = reason(
            "secrets/a.md",
            "+++\nname = \"张三\"\n+++\n电话\n".as_bytes(),
        );
        assert!(p.reason.contains("personal data"), "{p}");
        let p = reason("secrets/b.md", "# 名单\n".as_bytes());
        assert!(p.reason.contains("secrets/"), "{p}");
        assert!(load("secrets/c.md", b"+++\ntype = \"secret\"\n+++\n", &types()).is_ok());
        let p = reason("vault/2024-01.md", "# 案件清单\n".as_bytes());
        assert!(p.reason.contains("records"), "{p}");
    }
}
