//! Per-person training records: `training/records/<person>.toml`.
//!
//! A record is plain TOML (not Markdown, so it is never indexed), readable and
//! diffable in git, and holds personal data: it is written atomically with mode
//! 0600 in a 0700 folder. Every change is a read-modify-write under the person's
//! lock (`.zhijian/locks/training-<person>.lock`), so two writers never lose each
//! other's change; a corrupt record is an error naming file and line and is never
//! overwritten.
//!
//! ```toml
//! person = "p-zhang-shili"
//!
//! [[assignments]]
//! path = "sample-path-traffic-crimes"
//! assigned = 2024-01-05
//! due = 2024-03-01
//!
//! [[completions]]
//! step = "sample-training-plea-basics"
//! date = 2024-01-10
//! hours = 1.5
//!
//! [[quizzes]]
//! material = "sample-training-plea-basics"
//! date = 2024-01-10
//! score = 2
//! total = 3
//! ```

use std::fs;
use std::path::{Path, PathBuf};

use serde::{Deserialize, Deserializer, Serialize};
use zhijian_kb::Kb;
use zhijian_kb::document::validate_id;
use zhijian_kb::time::{Date, parse_date};
use zhijian_kb::write::{PRIVATE_FILE_MODE, create_private_dir, locked_update};

use crate::TrainingError;

/// The folder of record files, relative to the knowledge-base root.
pub const RECORDS_DIR: &str = "training/records";

const HEADER: &str =
    "# zhijian training record: written by `zhijian training`; keep it valid TOML\n";

fn hours_value<'de, D: Deserializer<'de>>(deserializer: D) -> Result<f64, D::Error> {
    let value = toml::Value::deserialize(deserializer)?;
    let hours = match value {
        toml::Value::Integer(i) => i as f64,
        toml::Value::Float(f) => f,
        _ => f64::NAN,
    };
    check_hours(hours).map_err(serde::de::Error::custom)
}

/// Accepts a number of hours that is finite and 0 or more.
pub fn check_hours(hours: f64) -> Result<f64, String> {
    if hours.is_finite() && hours >= 0.0 {
        Ok(hours)
    } else {
        Err("hours must be a number of hours, 0 or more".into())
    }
}

/// Parses hours typed by a user: a number, 0 or more.
pub fn parse_hours(text: &str) -> Result<f64, TrainingError> {
    let hours: f64 = text.trim().parse().map_err(|_| {
        TrainingError::Usage(format!(
            "invalid hours `{text}`: not a number (write e.g. 1.5)"
        ))
    })?;
    check_hours(hours)
        .map_err(|reason| TrainingError::Usage(format!("invalid hours `{text}`: {reason}")))
}

fn is_false(flag: &bool) -> bool {
    !flag
}

/// Everything recorded about one person's training.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Record {
    /// The person's id (the file stem).
    pub person: String,
    /// Learning paths assigned to the person.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub assignments: Vec<Assignment>,
    /// Steps (materials or cases) the person completed.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub completions: Vec<Completion>,
    /// Quiz results.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub quizzes: Vec<QuizResult>,
}

/// A learning path assigned to a person.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Assignment {
    /// The path id.
    pub path: String,
    /// When it was assigned.
    #[serde(with = "zhijian_kb::time::toml_serde")]
    pub assigned: Date,
    /// When it is due, if ever.
    #[serde(
        default,
        with = "zhijian_kb::time::toml_serde::option",
        skip_serializing_if = "Option::is_none"
    )]
    pub due: Option<Date>,
}

/// A completed step.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Completion {
    /// The material id, or case id or number, as the path names it.
    pub step: String,
    /// When it was completed.
    #[serde(with = "zhijian_kb::time::toml_serde")]
    pub date: Date,
    /// Hours credited.
    #[serde(deserialize_with = "hours_value")]
    pub hours: f64,
    /// The path it was completed for, when one was given.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub path: Option<String>,
    /// True when prerequisites were overridden with `--force`.
    #[serde(default, skip_serializing_if = "is_false")]
    pub forced: bool,
}

/// One quiz taken.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct QuizResult {
    /// The material (or case) id.
    pub material: String,
    /// When it was taken.
    #[serde(with = "zhijian_kb::time::toml_serde")]
    pub date: Date,
    /// Right answers.
    pub score: u32,
    /// Questions.
    pub total: u32,
}

impl Record {
    /// An empty record for `person`.
    pub fn new(person: &str) -> Record {
        Record {
            person: person.to_string(),
            assignments: Vec::new(),
            completions: Vec::new(),
            quizzes: Vec::new(),
        }
    }

    /// Hours of completions dated within `[from, to]` (either end open when `None`).
    pub fn hours_between(&self, from: Option<&Date>, to: Option<&Date>) -> f64 {
        self.completions
            .iter()
            .filter(|c| {
                from.is_none_or(|from| &c.date >= from) && to.is_none_or(|to| &c.date <= to)
            })
            .map(|c| c.hours)
            .fold(0.0, |sum, h| sum + h)
    }

    /// The assignment of `path`, if any.
    pub fn assignment(&self, path: &str) -> Option<&Assignment> {
        self.assignments.iter().find(|a| a.path == path)
    }

    /// Parses a record file's text; `file` names it in errors.
    pub fn parse(file: &Path, text: &str) -> Result<Record, TrainingError> {
        let record: Record = toml::from_str(text).map_err(|err| {
            let line = err
                .span()
                .map(|span| text[..span.start.min(text.len())].matches('\n').count() + 1);
            let message = err.message().trim().to_string();
            TrainingError::data(file, line, format!("corrupt training record: {message}"))
        })?;
        for (at, quiz) in record.quizzes.iter().enumerate() {
            if quiz.score > quiz.total {
                let message = format!(
                    "corrupt training record: quiz result {} has score {} above total {}",
                    at + 1,
                    quiz.score,
                    quiz.total
                );
                return Err(TrainingError::data(file, None, message));
            }
        }
        Ok(record)
    }

    /// The record as TOML text, with a header comment.
    pub fn to_text(&self) -> Result<String, TrainingError> {
        let body = toml::to_string(self).map_err(|err| {
            TrainingError::Usage(format!(
                "cannot write the training record of `{}`: {err}",
                self.person
            ))
        })?;
        Ok(format!("{HEADER}{body}"))
    }
}

/// The record file of `person` under `root`; the id must be safe as a file name.
pub fn record_path(root: &Path, person: &str) -> Result<PathBuf, TrainingError> {
    validate_id(person).map_err(|reason| {
        TrainingError::Usage(format!("invalid person id `{person}`: {reason}"))
    })?;
    Ok(root.join(RECORDS_DIR).join(format!("{person}.toml")))
}

/// Reads the record of `person`; `None` when there is none yet.
pub fn read_record(root: &Path, person: &str) -> Result<Option<Record>, TrainingError> {
    let file = record_path(root, person)?;
    let text = match fs::read_to_string(&file) {
        Ok(text) => text,
        Err(err) if err.kind() == std::io::ErrorKind::NotFound => return Ok(None),
        Err(err) => return Err(TrainingError::io(&file, err)),
    };
    checked_record(root, &file, person, &text).map(Some)
}

/// A record file's text, parsed and checked to belong to `person`.
fn checked_record(
    root: &Path,
    file: &Path,
    person: &str,
    text: &str,
) -> Result<Record, TrainingError> {
    let record = Record::parse(&display_path(root, file), text)?;
    if record.person != person {
        let message = format!(
            "corrupt training record: `person` is `{}`, expected `{person}`",
            record.person
        );
        return Err(TrainingError::data(
            display_path(root, file),
            Some(first_line(text, "person")),
            message,
        ));
    }
    Ok(record)
}

/// Every record of the knowledge base, in file-name order.
pub fn list_records(root: &Path) -> Result<Vec<Record>, TrainingError> {
    let dir = root.join(RECORDS_DIR);
    let entries = match fs::read_dir(&dir) {
        Ok(entries) => entries,
        Err(err) if err.kind() == std::io::ErrorKind::NotFound => return Ok(Vec::new()),
        Err(err) => return Err(TrainingError::io(&dir, err)),
    };
    let mut people = Vec::new();
    for entry in entries {
        let entry = entry.map_err(|err| TrainingError::io(&dir, err))?;
        let name = entry.file_name();
        let Some(name) = name.to_str() else { continue };
        if let Some(person) = name.strip_suffix(".toml")
            && validate_id(person).is_ok()
        {
            people.push(person.to_string());
        }
    }
    people.sort();
    let mut records = Vec::with_capacity(people.len());
    for person in people {
        if let Some(record) = read_record(root, &person)? {
            records.push(record);
        }
    }
    Ok(records)
}

/// Changes the record of `person` under its lock and writes it atomically.
///
/// `change` sees the record as it is on disk (a new empty one when there is none);
/// when it fails, nothing is written.
pub fn update_record<T>(
    root: &Path,
    person: &str,
    change: impl FnOnce(&mut Record) -> Result<T, TrainingError>,
) -> Result<T, TrainingError> {
    let file = record_path(root, person)?;
    create_private_dir(&root.join(RECORDS_DIR))?;
    let lock = format!("training-{person}");
    locked_update(root, &lock, &file, Some(PRIVATE_FILE_MODE), |old| {
        let mut record = match old {
            Some(text) => checked_record(root, &file, person, &text)?,
            None => Record::new(person),
        };
        let out = change(&mut record)?;
        Ok((Some(record.to_text()?), out))
    })
}

/// `training/records/x.toml` rather than an absolute path, for messages.
fn display_path(root: &Path, file: &Path) -> PathBuf {
    file.strip_prefix(root)
        .map_or_else(|_| file.to_path_buf(), Path::to_path_buf)
}

fn first_line(text: &str, key: &str) -> usize {
    text.lines()
        .position(|l| l.trim_start().starts_with(key))
        .map_or(1, |at| at + 1)
}

fn parse_bound(text: Option<&str>, name: &str) -> Result<Option<Date>, TrainingError> {
    text.map(|text| {
        parse_date(text).ok_or_else(|| {
            TrainingError::Usage(format!(
                "invalid date `{text}` for `{name}` (write YYYY-MM-DD)"
            ))
        })
    })
    .transpose()
}

/// Hours `person` trained with a completion dated within `[from, to]` (dates
/// `YYYY-MM-DD`, either end open when `None`); 0 when the person has no record.
pub fn training_hours(
    kb: &Kb,
    person: &str,
    from: Option<&str>,
    to: Option<&str>,
) -> Result<f64, TrainingError> {
    let from = parse_bound(from, "from")?;
    let to = parse_bound(to, "to")?;
    Ok(
        read_record(kb.root(), person)?
            .map_or(0.0, |r| r.hours_between(from.as_ref(), to.as_ref())),
    )
}

/// The steps `person` completed (material ids, case ids or numbers, as recorded),
/// each once, in the order first completed.
pub fn completed_steps(kb: &Kb, person: &str) -> Result<Vec<String>, TrainingError> {
    let mut steps: Vec<String> = Vec::new();
    for completion in read_record(kb.root(), person)?
        .map(|r| r.completions)
        .unwrap_or_default()
    {
        if !steps.contains(&completion.step) {
            steps.push(completion.step);
        }
    }
    Ok(steps)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn day(text: &str) -> Date {
        parse_date(text).expect("a date")
    }

    fn kb_dir() -> tempfile::TempDir {
        let dir = tempfile::tempdir().expect("tempdir");
        fs::write(dir.path().join("zhijian.toml"), "name = \"t\"\n").expect("config");
        dir
    }

    fn complete(step: &str, date: &str, hours: f64) -> Completion {
        Completion {
            step: step.into(),
            date: day(date),
            hours,
            path: None,
            forced: false,
        }
    }

    #[test]
    fn the_documented_shape_round_trips() {
        let text = "person = \"p-zhang-shili\"\n\n[[assignments]]\npath = \"sample-path-traffic-crimes\"\nassigned = 2024-01-05\ndue = 2024-03-01\n\n[[completions]]\nstep = \"sample-training-plea-basics\"\ndate = 2024-01-10\nhours = 1.5\n\n[[quizzes]]\nmaterial = \"sample-training-plea-basics\"\ndate = 2024-01-10\nscore = 2\ntotal = 3\n";
        let record = Record::parse(Path::new("r.toml"), text).expect("parses");
        assert_eq!(record.assignments[0].due, Some(day("2024-03-01")));
        assert_eq!(record.completions[0].hours, 1.5);
        assert_eq!(record.to_text().expect("writes"), format!("{HEADER}{text}"));
    }

    #[test]
    fn corrupt_records_name_file_and_line() {
        let err = |text: &str| {
            Record::parse(Path::new("training/records/p.toml"), text)
                .expect_err("corrupt")
                .to_string()
        };
        let e =
            err("person = \"p\"\n[[completions]]\nstep = \"a\"\ndate = 2024-01-10\nhours = -1\n");
        assert!(
            e.starts_with("training/records/p.toml:5: corrupt training record: hours must be"),
            "{e}"
        );
        let e = err(
            "person = \"p\"\n[[completions]]\nstep = \"a\"\ndate = 2024-01-10\nhours = \"two\"\n",
        );
        assert!(e.starts_with("training/records/p.toml:5:"), "{e}");
        let e =
            err("person = \"p\"\n[[completions]]\nstep = \"a\"\ndate = \"yesterday\"\nhours = 1\n");
        assert!(
            e.starts_with("training/records/p.toml:4:") && e.contains("expected a date"),
            "{e}"
        );
        let e = err("person = \"p\"\n\nthis is not toml\n");
        assert!(e.starts_with("training/records/p.toml:3:"), "{e}");
        let e = err(
            "person = \"p\"\n[[quizzes]]\nmaterial = \"m\"\ndate = 2024-01-01\nscore = 4\ntotal = 3\n",
        );
        assert!(e.contains("score 4 above total 3"), "{e}");
    }

    #[test]
    fn user_hours_are_checked() {
        assert_eq!(parse_hours("1.5").expect("ok"), 1.5);
        assert_eq!(parse_hours(" 0 ").expect("ok"), 0.0);
        assert_eq!(
            parse_hours("-1").expect_err("negative").to_string(),
            "invalid hours `-1`: hours must be a number of hours, 0 or more"
        );
        assert_eq!(
            parse_hours("两小时").expect_err("text").to_string(),
            "invalid hours `两小时`: not a number (write e.g. 1.5)"
        );
        assert!(parse_hours("NaN").is_err());
        assert!(parse_hours("inf").is_err());
    }

    #[test]
    fn hours_between_dates_and_public_api() {
        let dir = kb_dir();
        update_record(dir.path(), "p1", |r| {
            r.completions.push(complete("a", "2024-01-10", 1.5));
            r.completions.push(complete("b", "2024-02-01", 2.0));
            r.completions.push(complete("a", "2024-03-01", 0.5));
            Ok(())
        })
        .expect("write");
        let kb = Kb::open(
            dir.path(),
            crate::declare_types(zhijian_kb::Types::builder()).build(),
        )
        .expect("kb");
        assert_eq!(training_hours(&kb, "p1", None, None).expect("all"), 4.0);
        assert_eq!(
            training_hours(&kb, "p1", Some("2024-01-10"), Some("2024-02-01")).expect("range"),
            3.5
        );
        assert_eq!(
            training_hours(&kb, "p1", Some("2024-01-11"), None).expect("from"),
            2.5
        );
        let none = training_hours(&kb, "nobody", None, None).expect("none");
        assert!(
            none == 0.0 && none.is_sign_positive(),
            "no hours is 0, not -0"
        );
        assert!(training_hours(&kb, "p1", Some("someday"), None).is_err());
        assert_eq!(completed_steps(&kb, "p1").expect("steps"), ["a", "b"]);
        assert!(
            completed_steps(&kb, "../x").is_err(),
            "ids that escape are refused"
        );
    }

    #[cfg(unix)]
    #[test]
    fn records_are_private_and_atomic() {
        use std::os::unix::fs::PermissionsExt;
        let dir = kb_dir();
        update_record(dir.path(), "p1", |r| {
            r.completions.push(complete("a", "2024-01-10", 1.0));
            Ok(())
        })
        .expect("write");
        let file = dir.path().join("training/records/p1.toml");
        let mode = |p: &Path| fs::metadata(p).expect("meta").permissions().mode() & 0o777;
        assert_eq!(mode(&file), 0o600);
        assert_eq!(mode(&dir.path().join(RECORDS_DIR)), 0o700);
        let mut names: Vec<String> = fs::read_dir(dir.path().join(RECORDS_DIR))
            .expect("list")
            .map(|e| e.expect("entry").file_name().to_string_lossy().into_owned())
            .collect();
        names.sort();
        assert_eq!(names, ["p1.toml"], "no temporary files left");

        // A failing change writes nothing.
        let before = fs::read(&file).expect("read");
        let failed = update_record(dir.path(), "p1", |r| {
            r.completions.clear();
            Err::<(), _>(TrainingError::Usage("refused".into()))
        });
        assert!(failed.is_err());
        assert_eq!(fs::read(&file).expect("read"), before);

        // A corrupt record is reported and left as it is.
        fs::write(&file, "person = \"p1\"\n[[completions]]\nstep = \n").expect("corrupt it");
        let err = update_record(dir.path(), "p1", |_| Ok(())).expect_err("corrupt");
        assert!(
            err.to_string()
                .starts_with("training/records/p1.toml:3: corrupt training record"),
            "{err}"
        );
        assert_eq!(
            fs::read_to_string(&file).expect("read"),
            "person = \"p1\"\n[[completions]]\nstep = \n"
        );
    }

    #[test]
    fn a_record_for_another_person_is_refused() {
        let dir = kb_dir();
        fs::create_dir_all(dir.path().join(RECORDS_DIR)).expect("dir");
        fs::write(
            dir.path().join("training/records/p1.toml"),
            "person = \"p2\"\n",
        )
        .expect("write");
        let err = read_record(dir.path(), "p1").expect_err("mismatch");
        assert_eq!(
            err.to_string(),
            "training/records/p1.toml:1: corrupt training record: `person` is `p2`, expected `p1`"
        );
    }

    #[test]
    fn concurrent_writers_lose_nothing() {
        let dir = kb_dir();
        let root = dir.path().to_path_buf();
        let threads: Vec<_> = (0..8)
            .map(|t| {
                let root = root.clone();
                std::thread::spawn(move || {
                    for i in 0..10 {
                        update_record(&root, "p1", |r| {
                            r.completions
                                .push(complete(&format!("s{t}-{i}"), "2024-01-10", 0.5));
                            Ok(())
                        })
                        .expect("write");
                    }
                })
            })
            .collect();
        for thread in threads {
            thread.join().expect("thread");
        }
        let record = read_record(&root, "p1").expect("read").expect("exists");
        assert_eq!(record.completions.len(), 80);
        assert_eq!(record.hours_between(None, None), 40.0);
    }
}
