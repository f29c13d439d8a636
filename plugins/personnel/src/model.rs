//! Person documents as the commands read them: a profile and its 选育管用 records.

use std::path::{Path, PathBuf};

use zhijian_kb::Kb;
use zhijian_kb::document::validate_id;
use zhijian_kb::time::date_value;

use crate::error::{PersonnelError, Result};

/// The folder person documents live in, relative to the knowledge-base root.
pub const PEOPLE_DIR: &str = "people";

/// Record fields every record has; everything else is kind-specific.
pub const RECORD_KEYS: [&str; 3] = ["kind", "date", "summary"];

/// The four kinds of personnel record: select, cultivate, manage, use (选育管用).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Kind {
    /// 选: recruitment, rotation, secondments, competitions.
    Select,
    /// 育: training, mentoring, hard cases taken on.
    Cultivate,
    /// 管: evaluations, integrity and discipline, 司法责任.
    Manage,
    /// 用: assignments, roles, talent-pool tiers.
    Use,
}

impl Kind {
    /// Every kind, in 选育管用 order.
    pub const ALL: [Kind; 4] = [Kind::Select, Kind::Cultivate, Kind::Manage, Kind::Use];

    /// The name written in `kind = "…"`.
    pub fn as_str(self) -> &'static str {
        match self {
            Kind::Select => "select",
            Kind::Cultivate => "cultivate",
            Kind::Manage => "manage",
            Kind::Use => "use",
        }
    }

    /// The one-character Chinese name.
    pub fn label(self) -> &'static str {
        match self {
            Kind::Select => "选",
            Kind::Cultivate => "育",
            Kind::Manage => "管",
            Kind::Use => "用",
        }
    }

    /// Parses `select`/`选` and the other three (English names in any case).
    pub fn parse(text: &str) -> Option<Kind> {
        let text = text.trim();
        Kind::ALL
            .into_iter()
            .find(|k| k.as_str().eq_ignore_ascii_case(text) || k.label() == text)
    }

    /// Parses a kind or says which ones exist.
    pub fn parse_or_explain(text: &str) -> Result<Kind, String> {
        Kind::parse(text).ok_or_else(|| {
            format!("unknown kind `{text}` (expected select/选, cultivate/育, manage/管 or use/用)")
        })
    }
}

/// One `[[records]]` entry.
#[derive(Debug, Clone, PartialEq)]
pub struct Record {
    /// Its kind.
    pub kind: Kind,
    /// `YYYY-MM-DD`, when the record has a date.
    pub date: Option<String>,
    /// What happened.
    pub summary: String,
    /// Kind-specific fields (from/to, competition/result, grade, assignment/role, …), in file order.
    pub fields: Vec<(String, toml::Value)>,
}

impl Record {
    /// A kind-specific field as text.
    pub fn field(&self, key: &str) -> Option<String> {
        self.fields
            .iter()
            .find(|(k, _)| k == key)
            .map(|(_, v)| value_text(v))
            .filter(|s| !s.trim().is_empty())
    }

    /// A rotation (交流轮岗, 上挂下派): a record that says where from and where to.
    pub fn is_rotation(&self) -> bool {
        self.field("from").is_some() && self.field("to").is_some()
    }

    /// Whether the record's date is inside `from..=to` (an undated record is only
    /// inside an open range).
    pub fn within(&self, from: Option<&str>, to: Option<&str>) -> bool {
        match self.date.as_deref() {
            Some(date) => from.is_none_or(|f| date >= f) && to.is_none_or(|t| date <= t),
            None => from.is_none() && to.is_none(),
        }
    }
}

/// A person document, read from its file.
#[derive(Debug, Clone)]
pub struct Person {
    /// The person's id (the file stem unless `id` says otherwise).
    pub id: String,
    /// Path relative to the knowledge-base root.
    pub path: String,
    /// The profile: the front matter without `records`.
    pub profile: toml::Table,
    /// The records in file order.
    pub records: Vec<Record>,
}

impl Person {
    /// A profile field as text (dates as `YYYY-MM-DD`, lists joined with `、`).
    pub fn text(&self, key: &str) -> Option<String> {
        self.profile
            .get(key)
            .map(value_text)
            .filter(|s| !s.trim().is_empty())
    }

    /// The person's name.
    pub fn name(&self) -> String {
        self.text("name").unwrap_or_default()
    }

    /// The department (`department`, also accepted as `dept`).
    pub fn department(&self) -> Option<String> {
        self.text("department").or_else(|| self.text("dept"))
    }

    /// The talent-pool tier (梯次), e.g. 全科能手 or 专家型人才.
    pub fn tier(&self) -> Option<String> {
        self.text("tier")
    }

    /// The expertise tags.
    pub fn expertise(&self) -> Vec<String> {
        match self.profile.get("expertise") {
            Some(toml::Value::Array(items)) => items.iter().map(value_text).collect(),
            Some(toml::Value::String(s)) if !s.trim().is_empty() => vec![s.clone()],
            _ => Vec::new(),
        }
    }

    /// Whether one of the expertise tags contains `wanted` (case-insensitive).
    pub fn has_expertise(&self, wanted: &str) -> bool {
        let wanted = wanted.trim().to_lowercase();
        self.expertise()
            .iter()
            .any(|e| e.to_lowercase().contains(&wanted))
    }

    /// The records sorted by date (undated last), file order among equals.
    pub fn timeline(&self) -> Vec<&Record> {
        let mut records: Vec<&Record> = self.records.iter().collect();
        records.sort_by(|a, b| match (&a.date, &b.date) {
            (Some(x), Some(y)) => x.cmp(y),
            (Some(_), None) => std::cmp::Ordering::Less,
            (None, Some(_)) => std::cmp::Ordering::Greater,
            (None, None) => std::cmp::Ordering::Equal,
        });
        records
    }

    /// The latest evaluation in the range: the last dated record with a `grade`.
    pub fn latest_grade(
        &self,
        from: Option<&str>,
        to: Option<&str>,
    ) -> Option<(String, Option<String>)> {
        self.timeline()
            .into_iter()
            .filter(|r| r.within(from, to))
            .filter_map(|r| r.field("grade").map(|g| (g, r.date.clone())))
            .next_back()
    }
}

/// A TOML value as the text a user would write (dates as `YYYY-MM-DD`).
pub fn value_text(value: &toml::Value) -> String {
    match value {
        toml::Value::String(s) => s.clone(),
        toml::Value::Datetime(_) => {
            date_value(value).map_or_else(|| value.to_string(), |d| d.to_string())
        }
        toml::Value::Array(items) => items.iter().map(value_text).collect::<Vec<_>>().join("、"),
        other => other.to_string(),
    }
}

/// The file a person with `id` is written to: `people/<id>.md`.
pub fn person_path(kb: &Kb, id: &str) -> Result<PathBuf> {
    validate_id(id)
        .map_err(|reason| PersonnelError::Usage(format!("invalid id `{id}`: {reason}")))?;
    Ok(kb.path_for("person", id)?)
}

/// Parses a person file's bytes; `rel` names it in errors (`people/x.md:7: …`).
pub fn parse_person(rel: &str, bytes: &[u8]) -> Result<Person> {
    let loaded = zhijian_kb::load::load(rel, bytes, &crate::types::person_types())
        .map_err(|p| PersonnelError::Data(p.to_string()))?;
    let doc = loaded.document;
    if !doc.is("person") {
        return Err(PersonnelError::Data(format!(
            "{rel}: not a person document (type is `{}`, expected `person`)",
            doc.doc_type
        )));
    }
    let mut profile = doc.front;
    let raw = profile.remove("records");
    let text = String::from_utf8_lossy(bytes);
    let records = match raw {
        None => Vec::new(),
        Some(toml::Value::Array(items)) => {
            let mut records = Vec::with_capacity(items.len());
            for (n, item) in items.into_iter().enumerate() {
                let line = record_line(&text, n);
                let at = match line {
                    Some(line) => format!("{rel}:{line}"),
                    None => rel.to_string(),
                };
                records.push(parse_record(item).map_err(|reason| {
                    PersonnelError::Data(format!("{at}: record {}: {reason}", n + 1))
                })?);
            }
            records
        }
        Some(_) => {
            return Err(PersonnelError::Data(format!(
                "{rel}: `records` must be a list of [[records]] tables"
            )));
        }
    };
    Ok(Person {
        id: doc.id,
        path: doc.path,
        profile,
        records,
    })
}

fn parse_record(item: toml::Value) -> Result<Record, String> {
    let toml::Value::Table(mut table) = item else {
        return Err("a record must be a table".into());
    };
    let kind = match table.remove("kind") {
        Some(toml::Value::String(s)) => Kind::parse_or_explain(&s)?,
        Some(_) => return Err("`kind` must be a string".into()),
        None => return Err("missing `kind`".into()),
    };
    let date = match table.remove("date") {
        None => None,
        Some(value) => Some(
            date_value(&value)
                .map(|d| d.to_string())
                .ok_or("`date` is not a date (write YYYY-MM-DD)")?,
        ),
    };
    let summary = match table.remove("summary") {
        Some(toml::Value::String(s)) => s,
        Some(_) => return Err("`summary` must be a string".into()),
        None => String::new(),
    };
    Ok(Record {
        kind,
        date,
        summary,
        fields: table.into_iter().collect(),
    })
}

/// The 1-based line of the `n`th (0-based) `[[records]]` header in a file.
pub fn record_line(text: &str, n: usize) -> Option<usize> {
    text.lines()
        .enumerate()
        .filter(|(_, line)| {
            let line = line.trim();
            line.starts_with("[[")
                && line
                    .trim_start_matches('[')
                    .trim_start()
                    .starts_with("records")
        })
        .nth(n)
        .map(|(i, _)| i + 1)
}

/// Every person of the knowledge base, with a note for each file that was skipped.
pub fn load_people(kb: &Kb) -> Result<(Vec<Person>, Vec<String>)> {
    let mut files = Vec::new();
    collect_files(&kb.root().join(PEOPLE_DIR), &mut files)?;
    files.sort();
    let mut people: Vec<Person> = Vec::new();
    let mut skipped = Vec::new();
    for file in files {
        let rel = rel_path(kb.root(), &file);
        let bytes = std::fs::read(&file).map_err(|e| PersonnelError::io(&file, e))?;
        match parse_person(&rel, &bytes) {
            Ok(person) => {
                if let Some(first) = people.iter().find(|p| p.id == person.id) {
                    skipped.push(format!(
                        "{rel}: duplicate id `{}` (also used by {}), skipped",
                        person.id, first.path
                    ));
                } else {
                    people.push(person);
                }
            }
            Err(err) => skipped.push(format!("{err}, skipped")),
        }
    }
    Ok((people, skipped))
}

/// The person with `id`: `people/<id>.md`, else any person file whose `id` says so.
pub fn find_person(kb: &Kb, id: &str) -> Result<Person> {
    let path = person_path(kb, id)?;
    if path.is_file() {
        let bytes = std::fs::read(&path).map_err(|e| PersonnelError::io(&path, e))?;
        let person = parse_person(&rel_path(kb.root(), &path), &bytes)?;
        if person.id == id {
            return Ok(person);
        }
    }
    let (people, _) = load_people(kb)?;
    people
        .into_iter()
        .find(|p| p.id == id)
        .ok_or_else(|| PersonnelError::NoPerson(id.to_string()))
}

/// `path` relative to `root`, with `/` separators.
pub fn rel_path(root: &Path, path: &Path) -> String {
    let rel = path.strip_prefix(root).unwrap_or(path);
    rel.components()
        .map(|c| c.as_os_str().to_string_lossy())
        .collect::<Vec<_>>()
        .join("/")
}

fn collect_files(dir: &Path, out: &mut Vec<PathBuf>) -> Result<()> {
    let entries = match std::fs::read_dir(dir) {
        Ok(entries) => entries,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(()),
        Err(e) => return Err(PersonnelError::io(dir, e)),
    };
    for entry in entries {
        let entry = entry.map_err(|e| PersonnelError::io(dir, e))?;
        let name = entry.file_name();
        let name = name.to_string_lossy();
        if name.starts_with('.') {
            continue;
        }
        let kind = entry
            .file_type()
            .map_err(|e| PersonnelError::io(entry.path(), e))?;
        if kind.is_dir() {
            collect_files(&entry.path(), out)?;
        } else if kind.is_file() && (name.ends_with(".md") || name.ends_with(".markdown")) {
            out.push(entry.path());
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    const FILE: &str = "+++\nid = \"p-a\"\ntype = \"person\"\nname = \"甲\"\nexpertise = [\"公益诉讼\", \"检察建议\"]\n\n[[records]]\nkind = \"管\"\ndate = 2022-01-10\nsummary = \"年度考核\"\ngrade = \"优秀\"\n\n[[records]]\nkind = \"select\"\ndate = 2021-03-01\nsummary = \"轮岗\"\nfrom = \"一部\"\nto = \"二部\"\n+++\n备注\n";

    #[test]
    fn kinds_parse_in_both_languages() {
        assert_eq!(Kind::parse("选"), Some(Kind::Select));
        assert_eq!(Kind::parse("Cultivate"), Some(Kind::Cultivate));
        assert_eq!(Kind::parse("用"), Some(Kind::Use));
        assert_eq!(Kind::parse("promote"), None);
        assert!(
            Kind::parse_or_explain("x")
                .expect_err("unknown")
                .contains("select/选")
        );
    }

    #[test]
    fn a_person_reads_profile_and_records() {
        let person = parse_person("people/p-a.md", FILE.as_bytes()).expect("parses");
        assert_eq!(person.id, "p-a");
        assert_eq!(person.records.len(), 2);
        assert_eq!(person.records[0].kind, Kind::Manage);
        assert!(person.records[1].is_rotation());
        assert_eq!(person.timeline()[0].summary, "轮岗");
        assert!(person.has_expertise("公益"));
        assert_eq!(
            person.latest_grade(None, None),
            Some(("优秀".into(), Some("2022-01-10".into())))
        );
        assert_eq!(person.latest_grade(None, Some("2021-12-31")), None);
        assert!(person.profile.get("records").is_none());
    }

    #[test]
    fn a_bad_record_names_its_line() {
        let bad = FILE.replace("kind = \"select\"", "kind = \"promote\"");
        let err = parse_person("people/p-a.md", bad.as_bytes()).expect_err("bad kind");
        assert_eq!(
            err.to_string(),
            "people/p-a.md:13: record 2: unknown kind `promote` (expected select/选, cultivate/育, manage/管 or use/用)"
        );
    }
}
