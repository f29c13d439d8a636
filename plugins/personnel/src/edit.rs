//! Changing person files safely: a lock per person, `toml_edit` so a user's comments
//! and key order survive, atomic owner-only writes, and an audit line per change.

use std::path::{Path, PathBuf};

use toml_edit::{DocumentMut, Item, Table, value};
use zhijian_kb::write::{
    PRIVATE_FILE_MODE, atomic_write, create_private_dir, remove_stale_temp_files,
};
use zhijian_kb::{Kb, frontmatter};

use crate::error::{PersonnelError, Result};
use crate::model::{self, Kind, PEOPLE_DIR};

/// A person file opened for editing: its front matter as an editable TOML document
/// and every other byte kept as it was.
#[derive(Debug)]
pub struct PersonFile {
    /// Where it is written back.
    pub path: PathBuf,
    /// Path relative to the knowledge-base root, for messages.
    pub rel: String,
    before: String,
    /// The front matter.
    pub doc: DocumentMut,
    after: String,
}

impl PersonFile {
    /// Reads and checks a person file; broken TOML is an error naming file and line.
    pub fn open(kb: &Kb, path: &Path) -> Result<PersonFile> {
        let rel = model::rel_path(kb.root(), path);
        let bytes = std::fs::read(path).map_err(|e| PersonnelError::io(path, e))?;
        // The same checks every reader applies: a file we could not read back is never written.
        model::parse_person(&rel, &bytes)?;
        let text = String::from_utf8(bytes)
            .map_err(|_| PersonnelError::Data(format!("{rel}: not valid UTF-8")))?;
        let split = frontmatter::split(&text)
            .map_err(|e| PersonnelError::Data(format!("{rel}:{}: {}", e.line, e.message)))?;
        let front = split.front.ok_or_else(|| {
            PersonnelError::Data(format!(
                "{rel}: no `+++` front matter (a person needs type = \"person\")"
            ))
        })?;
        let start = front.as_ptr() as usize - text.as_ptr() as usize;
        let end = start + front.len();
        let doc: DocumentMut = front.parse().map_err(|e: toml_edit::TomlError| {
            let line = e
                .span()
                .map_or(1, |s| zhijian_kb::config::line_of(front, s.start))
                + split.front_line
                - 1;
            PersonnelError::Data(format!(
                "{rel}:{line}: front matter is not valid TOML: {}",
                e.message()
            ))
        })?;
        Ok(PersonFile {
            path: path.to_path_buf(),
            rel,
            before: text[..start].to_string(),
            doc,
            after: text[end..].to_string(),
        })
    }

    /// A new person file with an empty body.
    pub fn create(kb: &Kb, path: &Path, doc: DocumentMut) -> PersonFile {
        PersonFile {
            path: path.to_path_buf(),
            rel: model::rel_path(kb.root(), path),
            before: "+++\n".into(),
            doc,
            after: "+++\n".into(),
        }
    }

    /// The whole file as it would be written.
    pub fn render(&self) -> String {
        let mut front = self.doc.to_string();
        if !front.is_empty() && !front.ends_with('\n') {
            front.push('\n');
        }
        format!("{}{front}{}", self.before, self.after)
    }

    /// Appends a `[[records]]` table; returns how many records the person now has.
    pub fn push_record(
        &mut self,
        kind: Kind,
        date: &str,
        summary: &str,
        fields: &[(String, String)],
    ) -> Result<usize> {
        let mut table = Table::new();
        table["kind"] = value(kind.as_str());
        table["date"] = value(toml_date(date)?);
        table["summary"] = value(summary);
        for (key, text) in fields {
            table[key.as_str()] = value(text.as_str());
        }
        let records = self
            .doc
            .entry("records")
            .or_insert(Item::ArrayOfTables(Default::default()));
        if records.as_array().is_some_and(|a| a.is_empty()) {
            *records = Item::ArrayOfTables(Default::default());
        }
        let array = records.as_array_of_tables_mut().ok_or_else(|| {
            PersonnelError::Data(format!(
                "{}: `records` must be written as [[records]] tables",
                self.rel
            ))
        })?;
        array.push(table);
        Ok(array.len())
    }

    /// Checks the new text parses as the same kind of document, then writes it atomically, 0600.
    ///
    /// Callers hold the person's [`lock`], so temporary files of earlier, killed
    /// writes of this file are leftovers and are removed.
    pub fn save(&self) -> Result<()> {
        let text = self.render();
        model::parse_person(&self.rel, text.as_bytes())
            .map_err(|e| PersonnelError::Data(format!("refusing to write {}: {e}", self.rel)))?;
        if let Some(dir) = self.path.parent()
            && !dir.exists()
        {
            create_private_dir(dir)?;
        }
        remove_stale_temp_files(&self.path);
        atomic_write(&self.path, text.as_bytes(), Some(PRIVATE_FILE_MODE))?;
        Ok(())
    }
}

/// A `YYYY-MM-DD` string as a TOML date.
pub fn toml_date(date: &str) -> Result<toml_edit::Datetime> {
    date.parse()
        .map_err(|_| PersonnelError::Usage(format!("`{date}` is not a date (write YYYY-MM-DD)")))
}

/// Checks and normalises a date typed by a user (`2021-3-1`, `2021/03/01`, `2021年3月1日`).
pub fn user_date(text: &str, what: &str) -> Result<String> {
    zhijian_kb::time::parse_date(text)
        .map(|d| d.to_string())
        .ok_or_else(|| {
            PersonnelError::Usage(format!(
                "{what}: `{text}` is not a date (write YYYY-MM-DD, like 2021-03-01)"
            ))
        })
}

/// Parses `--field key=value` arguments; `reserved` keys may not be set this way.
pub fn parse_fields(items: &[String], reserved: &[&str]) -> Result<Vec<(String, String)>> {
    let mut fields: Vec<(String, String)> = Vec::new();
    for item in items {
        let (key, text) = item.split_once('=').ok_or_else(|| {
            PersonnelError::Usage(format!(
                "--field `{item}` must be written key=value, like grade=优秀"
            ))
        })?;
        let key = key.trim();
        if key.is_empty()
            || key
                .chars()
                .any(|c| c.is_control() || c == '.' || c.is_whitespace())
        {
            return Err(PersonnelError::Usage(format!(
                "--field `{item}`: the key must be one word without dots or spaces"
            )));
        }
        if reserved.contains(&key) {
            return Err(PersonnelError::Usage(format!(
                "--field `{item}`: `{key}` has its own option"
            )));
        }
        if fields.iter().any(|(k, _)| k == key) {
            return Err(PersonnelError::Usage(format!(
                "--field `{key}` given twice"
            )));
        }
        fields.push((key.to_string(), text.trim().to_string()));
    }
    Ok(fields)
}

/// Profile keys that hold lists (written as TOML arrays).
pub const LIST_KEYS: [&str; 2] = ["expertise", "tags"];
/// Profile keys that hold dates (written as TOML dates).
pub const DATE_KEYS: [&str; 1] = ["joined"];

/// A profile value typed by a user, as TOML: dates for `joined`, arrays for
/// `expertise`/`tags` (split on `;`, `；`, `、`, `,`, `，` or `|`), strings otherwise.
pub fn profile_value(key: &str, text: &str) -> Result<toml_edit::Value> {
    let text = text.trim();
    if DATE_KEYS.contains(&key) {
        return Ok(toml_edit::Value::from(toml_date(&user_date(text, key)?)?));
    }
    if LIST_KEYS.contains(&key) {
        return Ok(split_list(text)
            .into_iter()
            .collect::<toml_edit::Array>()
            .into());
    }
    Ok(toml_edit::Value::from(text))
}

/// Splits a cell like `公益诉讼、检察建议` into its items.
pub fn split_list(text: &str) -> Vec<String> {
    text.split([';', '；', '、', ',', '，', '|'])
        .map(str::trim)
        .filter(|s| !s.is_empty())
        .map(str::to_string)
        .collect()
}

/// A new person's front matter: id, type, then the profile in the order given.
pub fn new_person(id: &str, profile: Vec<(String, toml_edit::Value)>) -> DocumentMut {
    let mut doc = DocumentMut::new();
    doc["id"] = value(id);
    doc["type"] = value("person");
    for (key, v) in profile {
        doc[key.as_str()] = Item::Value(v);
    }
    doc
}

/// Waits for, then takes, the lock on person `id` (`.zhijian/locks/person-<id>.lock`).
///
/// Two `zhijian personnel record` runs on one person would otherwise both read the
/// old file and the later rename would drop the other's record.
pub fn lock(kb: &Kb, id: &str) -> Result<zhijian_kb::lock::Lock> {
    Ok(zhijian_kb::lock::Lock::wait(
        kb.root(),
        &format!("person-{id}"),
    )?)
}

/// Makes sure `people/` exists, owner-only when this plugin creates it.
pub fn ensure_people_dir(kb: &Kb) -> Result<()> {
    let dir = kb.root().join(PEOPLE_DIR);
    if !dir.exists() {
        create_private_dir(&dir)?;
    }
    Ok(())
}

/// Appends one line to `.zhijian/audit.log` (see [`zhijian_kb::audit`]): who changed
/// whom, never what they wrote.
pub fn audit(kb: &Kb, command: &str, id: &str) -> Result<()> {
    Ok(zhijian_kb::audit::append(kb.root(), command, id, None)?)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn kb_with(file: &str) -> (tempfile::TempDir, Kb, PathBuf) {
        let dir = tempfile::tempdir().expect("tempdir");
        std::fs::write(dir.path().join("zhijian.toml"), "").expect("config");
        std::fs::create_dir(dir.path().join("people")).expect("people");
        let path = dir.path().join("people/p-a.md");
        std::fs::write(&path, file).expect("person");
        let kb = Kb::open(dir.path(), crate::types::person_types()).expect("kb");
        (dir, kb, path)
    }

    #[test]
    fn a_record_is_appended_and_comments_and_body_survive() {
        let original = "+++\n# 手写注释：不要删\nid = \"p-a\"\ntype = \"person\"\nname = \"甲\"  # 姓名\n\n[[records]]\nkind = \"select\"\ndate = 2020-01-01\nsummary = \"入职\"\n+++\n\n正文 **保持** 原样\n";
        let (_dir, kb, path) = kb_with(original);
        let mut file = PersonFile::open(&kb, &path).expect("opens");
        let n = file
            .push_record(
                Kind::Manage,
                "2022-01-10",
                "年度考核",
                &[("grade".into(), "优秀".into())],
            )
            .expect("pushes");
        assert_eq!(n, 2);
        file.save().expect("saves");
        let text = std::fs::read_to_string(&path).expect("read");
        assert!(
            text.starts_with("+++\n# 手写注释：不要删\nid = \"p-a\"\n"),
            "{text}"
        );
        assert!(text.contains("name = \"甲\"  # 姓名\n"), "{text}");
        assert!(text.ends_with("[[records]]\nkind = \"manage\"\ndate = 2022-01-10\nsummary = \"年度考核\"\ngrade = \"优秀\"\n+++\n\n正文 **保持** 原样\n"), "{text}");
    }

    #[test]
    fn broken_toml_names_file_and_line() {
        let (_dir, kb, path) = kb_with("+++\nid = \"p-a\"\ntype = \"person\"\nname = \"甲\n+++\n");
        let err = PersonFile::open(&kb, &path).expect_err("broken");
        assert!(
            err.to_string()
                .starts_with("people/p-a.md:4: front matter is not valid TOML"),
            "{err}"
        );
    }

    #[test]
    fn fields_are_checked() {
        let ok = parse_fields(&["from=一部".into(), "to = 二部".into()], &["kind"]).expect("ok");
        assert_eq!(
            ok,
            [
                ("from".to_string(), "一部".to_string()),
                ("to".into(), "二部".into())
            ]
        );
        assert!(parse_fields(&["grade".into()], &[]).is_err());
        assert!(parse_fields(&["kind=x".into()], &["kind"]).is_err());
        assert!(parse_fields(&["a.b=x".into()], &[]).is_err());
        assert!(parse_fields(&["a=1".into(), "a=2".into()], &[]).is_err());
    }
}
