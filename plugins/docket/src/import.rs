//! Reading case-system exports (`cases.csv`, `events.csv`) and merging them into the records.
//!
//! Input is UTF-8 (with or without a BOM) or GB18030, dates `YYYY-MM-DD` or `YYYY年M月D日`, column
//! names ours or mapped in `[docket.columns]`. Every row is checked before anything is written;
//! re-importing the same rows changes nothing, a changed row updates its case, and rows already
//! imported but absent from a new export stay.

use std::collections::{BTreeSet, HashMap, HashSet};
use std::path::Path;

use crate::error::{DocketError, Result};
use crate::messages::{self as m, Lang, Text};
use crate::model::{Case, Category, Dataset, Duty, Event, EventKind, Source, Strings};

/// One problem with an input row: `file:line: message`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Problem {
    /// The file as the user named it.
    pub file: String,
    /// The 1-based line (1 for the header).
    pub line: u64,
    /// What is wrong.
    pub message: String,
}

impl std::fmt::Display for Problem {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}:{}: {}", self.file, self.line, self.message)
    }
}

/// A decoded input file.
#[derive(Debug)]
pub struct Input {
    /// The file as the user named it.
    pub file: String,
    /// Its text.
    pub text: String,
    /// `UTF-8` or `GB18030`.
    pub encoding: &'static str,
}

/// Reads and decodes a file: UTF-8 (a BOM is dropped), else GB18030.
pub fn read_input(path: &Path, lang: Lang) -> Result<Input> {
    let file = path.display().to_string();
    let bytes = std::fs::read(path).map_err(|e| {
        DocketError::Data(m::CANNOT_READ.fill(lang, &[("file", &file), ("error", &e)]))
    })?;
    decode(file, bytes, lang)
}

fn decode(file: String, mut bytes: Vec<u8>, lang: Lang) -> Result<Input> {
    if bytes.starts_with(b"\xFF\xFE") || bytes.starts_with(b"\xFE\xFF") {
        return Err(DocketError::Data(m::UTF16.fill(lang, &[("file", &file)])));
    }
    if bytes.starts_with(b"\xEF\xBB\xBF") {
        bytes.drain(..3);
    }
    match String::from_utf8(bytes) {
        Ok(text) => Ok(Input {
            file,
            text,
            encoding: "UTF-8",
        }),
        Err(err) => {
            let bytes = err.into_bytes();
            match encoding_rs::GB18030.decode_without_bom_handling_and_without_replacement(&bytes) {
                Some(text) => Ok(Input {
                    file,
                    text: text.into_owned(),
                    encoding: "GB18030",
                }),
                None => Err(DocketError::Data(
                    m::NOT_TEXT.fill(lang, &[("file", &file)]),
                )),
            }
        }
    }
}

/// The columns of `cases.csv`: (name, required).
const CASE_COLUMNS: [(&str, bool); 10] = [
    ("部门受案号", true),
    ("嫌疑人编号", false),
    ("单位", true),
    ("部门", true),
    ("承办人", true),
    ("案件类别", true),
    ("受理日期", true),
    ("是否羁押", true),
    ("案件来源", true),
    ("履职类别", true),
];

/// The columns of `events.csv`.
const EVENT_COLUMNS: [(&str, bool); 4] = [
    ("部门受案号", true),
    ("嫌疑人编号", false),
    ("日期", true),
    ("事件", true),
];

/// Where each wanted column is in a header row, and which header cells are not used.
fn resolve(
    input: &Input,
    header: &csv::StringRecord,
    wanted: &[(&str, bool)],
    mapping: &HashMap<String, Vec<String>>,
    lang: Lang,
) -> Result<(Vec<Option<usize>>, Vec<String>)> {
    let names: Vec<&str> = header
        .iter()
        .map(|h| h.trim_start_matches('\u{feff}').trim())
        .collect();
    let bad = |message: String| {
        DocketError::Data(
            Problem {
                file: input.file.clone(),
                line: 1,
                message,
            }
            .to_string(),
        )
    };
    let mut seen = HashSet::new();
    for name in &names {
        if !name.is_empty() && !seen.insert(*name) {
            return Err(bad(m::DUPLICATE_COLUMN.fill(lang, &[("column", name)])));
        }
    }
    let mut at = Vec::new();
    let mut used = HashSet::new();
    for (ours, required) in wanted {
        let mut candidates = vec![(*ours).to_string()];
        candidates.extend(mapping.get(*ours).cloned().unwrap_or_default());
        let found = names.iter().position(|n| candidates.iter().any(|c| c == n));
        if found.is_none() && *required {
            let header = names.join(",");
            return Err(bad(
                m::MISSING_COLUMN.fill(lang, &[("column", ours), ("header", &header)])
            ));
        }
        if let Some(i) = found {
            used.insert(i);
        }
        at.push(found);
    }
    let unused = names
        .iter()
        .enumerate()
        .filter(|(i, n)| !used.contains(i) && !n.is_empty())
        .map(|(_, n)| (*n).to_string())
        .collect();
    Ok((at, unused))
}

/// A case row as read, with its line.
#[derive(Debug)]
pub struct CaseRow {
    /// Its line in the input.
    pub line: u64,
    /// The case (no events).
    pub case: Case,
}

/// An event row as read (borrowed from the record: event files are the big ones).
#[derive(Debug)]
pub struct EventRow<'r> {
    /// Its line in the input.
    pub line: u64,
    /// 部门受案号.
    pub number: &'r str,
    /// 嫌疑人编号, when the file has the column.
    pub suspect: Option<&'r str>,
    /// The event.
    pub event: Event,
}

/// What reading one file found.
#[derive(Debug)]
pub struct Read<T> {
    /// The valid rows.
    pub rows: Vec<T>,
    /// Rows that cannot be imported.
    pub problems: Vec<Problem>,
    /// Things imported but worth knowing (unknown names kept, unused columns).
    pub warnings: Vec<String>,
    /// Data rows read (valid or not).
    pub total: u64,
}

impl<T> Default for Read<T> {
    fn default() -> Self {
        Read {
            rows: Vec::new(),
            problems: Vec::new(),
            warnings: Vec::new(),
            total: 0,
        }
    }
}

struct Rows<'a> {
    input: &'a Input,
    lang: Lang,
    reader: csv::Reader<&'a [u8]>,
    width: usize,
    unknown: HashSet<(&'static str, String)>,
}

impl<'a> Rows<'a> {
    fn open(
        input: &'a Input,
        wanted: &[(&str, bool)],
        mapping: &HashMap<String, Vec<String>>,
        lang: Lang,
    ) -> Result<(Rows<'a>, Vec<Option<usize>>, Vec<String>)> {
        let mut reader = csv::ReaderBuilder::new()
            .has_headers(true)
            .flexible(true)
            .from_reader(input.text.as_bytes());
        let header = reader.headers().map_err(|e| {
            DocketError::Data(format!(
                "{}:1: {}",
                input.file,
                m::CSV_ERROR.fill(lang, &[("error", &e)])
            ))
        })?;
        let width = header.len();
        let header = header.clone();
        let (at, unused) = resolve(input, &header, wanted, mapping, lang)?;
        let rows = Rows {
            input,
            lang,
            reader,
            width,
            unknown: HashSet::new(),
        };
        Ok((rows, at, unused))
    }

    /// The next record, or a problem with it; `None` at the end.
    fn next(
        &mut self,
        record: &mut csv::StringRecord,
    ) -> Option<std::result::Result<u64, Problem>> {
        match self.reader.read_record(record) {
            Ok(false) => None,
            Ok(true) => {
                let line = record.position().map_or(0, |p| p.line());
                if record.len() != self.width {
                    let message = m::ROW_LENGTH.fill(
                        self.lang,
                        &[("len", &record.len()), ("expected", &self.width)],
                    );
                    return Some(Err(self.problem(line, message)));
                }
                Some(Ok(line))
            }
            Err(e) => {
                let line = e.position().map_or(0, |p| p.line());
                let message = m::CSV_ERROR.fill(self.lang, &[("error", &e)]);
                Some(Err(self.problem(line, message)))
            }
        }
    }

    fn problem(&self, line: u64, message: String) -> Problem {
        Problem {
            file: self.input.file.clone(),
            line,
            message,
        }
    }

    /// Notes an unknown name once per file.
    fn unknown(
        &mut self,
        warnings: &mut Vec<String>,
        line: u64,
        column: &'static str,
        value: &str,
    ) {
        if self.unknown.insert((column, value.to_string())) {
            let message =
                m::UNKNOWN_NAME.fill(self.lang, &[("column", &column), ("value", &value)]);
            warnings.push(self.problem(line, message).to_string());
        }
    }
}

fn cell(record: &csv::StringRecord, at: Option<usize>) -> &str {
    at.and_then(|i| record.get(i)).unwrap_or_default().trim()
}

fn checked<'r>(column: &str, value: &'r str, lang: Lang) -> std::result::Result<&'r str, String> {
    if value.is_empty() {
        return Err(m::EMPTY_CELL.fill(lang, &[("column", &column)]));
    }
    if value
        .chars()
        .any(|c| c.is_control() || c == crate::store::text::EVENT_SEPARATOR)
    {
        return Err(m::BAD_CHARS.fill(lang, &[("column", &column), ("value", &value)]));
    }
    Ok(value)
}

fn date(column: &str, value: &str, lang: Lang) -> std::result::Result<jiff::civil::Date, String> {
    zhijian_kb::time::parse_date(value)
        .ok_or_else(|| m::BAD_DATE.fill(lang, &[("column", &column), ("value", &value)]))
}

/// Reads `cases.csv`, interning into `strings`.
pub fn read_cases(
    input: &Input,
    mapping: &HashMap<String, Vec<String>>,
    strings: &mut Strings,
    lang: Lang,
) -> Result<Read<CaseRow>> {
    let (mut rows, at, unused) = Rows::open(input, &CASE_COLUMNS, mapping, lang)?;
    let mut out = Read::default();
    if !unused.is_empty() {
        out.warnings.push(m::UNUSED_COLUMNS.fill(
            lang,
            &[("file", &input.file), ("columns", &unused.join(","))],
        ));
    }
    let mut record = csv::StringRecord::new();
    while let Some(next) = rows.next(&mut record) {
        out.total += 1;
        let line = match next {
            Ok(line) => line,
            Err(problem) => {
                out.problems.push(problem);
                continue;
            }
        };
        if record.iter().all(|c| c.trim().is_empty()) {
            continue;
        }
        let get = |i: usize| cell(&record, at[i]);
        let parsed = (|| -> std::result::Result<Case, String> {
            let number = checked("部门受案号", get(0), lang)?;
            let suspect = get(1);
            if !suspect.is_empty() {
                checked("嫌疑人编号", suspect, lang)?;
            }
            let unit = checked("单位", get(2), lang)?;
            let dept = checked("部门", get(3), lang)?;
            let handler = checked("承办人", get(4), lang)?;
            let category = checked("案件类别", get(5), lang)?;
            let received = date("受理日期", checked("受理日期", get(6), lang)?, lang)?;
            let detained = match get(7) {
                "是" => true,
                "否" => false,
                other => return Err(m::BAD_DETAINED.fill(lang, &[("value", &other)])),
            };
            let source = checked("案件来源", get(8), lang)?;
            let duty = checked("履职类别", get(9), lang)?;
            Ok(Case {
                number: number.into(),
                suspect: suspect.into(),
                unit: strings.intern(unit),
                dept: strings.intern(dept),
                handler: strings.intern(handler),
                category: Category::parse(category, strings),
                received,
                detained,
                source: Source::parse(source, strings),
                duty: Duty::parse(duty, strings),
                events: Vec::new(),
            })
        })();
        match parsed {
            Ok(case) => {
                if Category::known(get(5)).is_none() {
                    rows.unknown(&mut out.warnings, line, "案件类别", get(5));
                }
                if Source::known(get(8)).is_none() {
                    rows.unknown(&mut out.warnings, line, "案件来源", get(8));
                }
                if Duty::known(get(9)).is_none() {
                    rows.unknown(&mut out.warnings, line, "履职类别", get(9));
                }
                out.rows.push(CaseRow { line, case });
            }
            Err(message) => out.problems.push(rows.problem(line, message)),
        }
    }
    Ok(out)
}

/// Reads `events.csv`, handing each valid row to `sink` as it is read (unknown event names
/// are interned into `data`'s strings first); the returned `Read` has no rows.
pub fn read_events(
    input: &Input,
    mapping: &HashMap<String, Vec<String>>,
    data: &mut Dataset,
    lang: Lang,
    mut sink: impl FnMut(&mut Dataset, EventRow<'_>),
) -> Result<Read<()>> {
    let (mut rows, at, unused) = Rows::open(input, &EVENT_COLUMNS, mapping, lang)?;
    let mut out = Read::default();
    if !unused.is_empty() {
        out.warnings.push(m::UNUSED_COLUMNS.fill(
            lang,
            &[("file", &input.file), ("columns", &unused.join(","))],
        ));
    }
    let has_suspect = at[1].is_some();
    let mut record = csv::StringRecord::new();
    while let Some(next) = rows.next(&mut record) {
        out.total += 1;
        let line = match next {
            Ok(line) => line,
            Err(problem) => {
                out.problems.push(problem);
                continue;
            }
        };
        if record.iter().all(|c| c.trim().is_empty()) {
            continue;
        }
        let get = |i: usize| cell(&record, at[i]);
        let parsed = (|| -> std::result::Result<(&str, &str, jiff::civil::Date, &str), String> {
            let number = checked("部门受案号", get(0), lang)?;
            let suspect = get(1);
            if !suspect.is_empty() {
                checked("嫌疑人编号", suspect, lang)?;
            }
            let day = date("日期", checked("日期", get(2), lang)?, lang)?;
            let kind = checked("事件", get(3), lang)?;
            Ok((number, suspect, day, kind))
        })();
        match parsed {
            Ok((number, suspect, day, kind)) => {
                if EventKind::known(kind).is_none() {
                    rows.unknown(&mut out.warnings, line, "事件", kind);
                }
                let event = Event {
                    date: day,
                    kind: EventKind::parse(kind, &mut data.strings),
                };
                let row = EventRow {
                    line,
                    number,
                    suspect: has_suspect.then_some(suspect),
                    event,
                };
                sink(data, row);
            }
            Err(message) => out.problems.push(rows.problem(line, message)),
        }
    }
    Ok(out)
}

/// What a merge did.
#[derive(Debug, Default, Clone, PartialEq, Eq)]
pub struct Merged {
    /// Case rows new to the records.
    pub created: u64,
    /// Case rows whose fields changed.
    pub updated: u64,
    /// Case rows already there as they are.
    pub unchanged: u64,
    /// Events new to the records.
    pub added: u64,
    /// Events already there.
    pub known: u64,
    /// The files under `docket/cases/` whose rows changed (only these are written).
    pub dirty: BTreeSet<String>,
}

fn same_fields(a: &Case, b: &Case) -> bool {
    (
        a.unit, a.dept, a.handler, a.category, a.received, a.detained, a.source, a.duty,
    ) == (
        b.unit, b.dept, b.handler, b.category, b.received, b.detained, b.source, b.duty,
    )
}

fn key_text(number: &str, suspect: &str, lang: Lang) -> String {
    if suspect.is_empty() {
        number.to_string()
    } else {
        format!(
            "{number} {}",
            m::SHOW_SUSPECT.fill(lang, &[("suspect", &suspect)])
        )
    }
}

/// Merges case rows into `data` (whose strings they were interned into).
///
/// Two rows of one case that disagree are a problem; the later is left out.
pub fn merge(
    data: &mut Dataset,
    cases: (&str, Vec<CaseRow>),
    problems: &mut Vec<Problem>,
    lang: Lang,
) -> Merged {
    let mut merged = Merged::default();
    let shard = crate::store::text::shard_name;
    let (case_file, mut rows) = cases;
    rows.sort_by(|a, b| a.case.key().cmp(&b.case.key()).then(a.line.cmp(&b.line)));
    let mut incoming: Vec<CaseRow> = Vec::with_capacity(rows.len());
    for row in rows {
        if let Some(prev) = incoming.last()
            && prev.case.key() == row.case.key()
        {
            if !same_fields(&prev.case, &row.case) {
                let (number, suspect) = row.case.key();
                let key = key_text(number, suspect, lang);
                let message = m::CONFLICT.fill(lang, &[("other", &prev.line), ("key", &key)]);
                problems.push(Problem {
                    file: case_file.to_string(),
                    line: row.line,
                    message,
                });
            }
            continue;
        }
        incoming.push(row);
    }
    let old = std::mem::take(&mut data.cases);
    let mut out = Vec::with_capacity(old.len() + incoming.len());
    let mut old = old.into_iter().peekable();
    for row in incoming {
        while old.peek().is_some_and(|o| o.key() < row.case.key()) {
            out.extend(old.next());
        }
        match old.next_if(|o| o.key() == row.case.key()) {
            Some(existing) if same_fields(&existing, &row.case) => {
                merged.unchanged += 1;
                out.push(existing);
            }
            Some(existing) => {
                merged.updated += 1;
                merged.dirty.insert(shard(existing.received));
                merged.dirty.insert(shard(row.case.received));
                out.push(Case {
                    events: existing.events,
                    ..row.case
                });
            }
            None => {
                merged.created += 1;
                merged.dirty.insert(shard(row.case.received));
                out.push(row.case);
            }
        }
    }
    out.extend(old);
    data.cases = out;
    merged
}

/// Adds event rows to the merged cases, one at a time as they are read.
#[derive(Debug)]
pub struct EventMerge {
    file: String,
    lang: Lang,
    /// Exports list a case's events together: the rows of the last case looked up.
    last: Option<(Box<str>, usize, usize)>,
    /// The rows of each case by a hash of its number: a binary search over a million rows
    /// misses the processor's cache some forty times per case.
    rows: HashMap<u64, (usize, usize)>,
    touched: Vec<bool>,
}

fn number_hash(number: &str) -> u64 {
    use std::hash::{BuildHasher, BuildHasherDefault, DefaultHasher};
    BuildHasherDefault::<DefaultHasher>::default().hash_one(number)
}

impl EventMerge {
    /// Starts adding events of `file` to `data`.
    pub fn new(file: &str, data: &Dataset, lang: Lang) -> EventMerge {
        let mut rows = HashMap::with_capacity(data.cases.len());
        let mut start = 0;
        for chunk in data.cases.chunk_by(|a, b| a.number == b.number) {
            // On a hash collision the first case keeps the slot; the other is found by search.
            rows.entry(number_hash(&chunk[0].number))
                .or_insert((start, start + chunk.len()));
            start += chunk.len();
        }
        EventMerge {
            file: file.to_string(),
            lang,
            last: None,
            rows,
            touched: vec![false; data.cases.len()],
        }
    }

    fn rows_of(&self, cases: &[Case], number: &str) -> (usize, usize) {
        if let Some(&(start, end)) = self.rows.get(&number_hash(number))
            && cases.get(start).is_some_and(|c| &*c.number == number)
        {
            return (start, end);
        }
        let start = cases.partition_point(|c| *c.number < *number);
        (
            start,
            start + cases[start..].partition_point(|c| *c.number <= *number),
        )
    }

    /// Adds one event; an event of an unknown case or before 受理 is a problem.
    pub fn add(
        &mut self,
        data: &mut Dataset,
        row: EventRow<'_>,
        merged: &mut Merged,
        problems: &mut Vec<Problem>,
    ) {
        let lang = self.lang;
        let cases = &data.cases;
        let (start, end) = match &self.last {
            Some((number, start, end)) if **number == *row.number => (*start, *end),
            _ => {
                let (start, end) = self.rows_of(cases, row.number);
                self.last = Some((row.number.into(), start, end));
                (start, end)
            }
        };
        let range: Vec<usize> = match row.suspect {
            Some(suspect) if !suspect.is_empty() => (start..end)
                .filter(|&i| &*cases[i].suspect == suspect)
                .collect(),
            _ => (start..end).collect(),
        };
        let problem = |message: String| Problem {
            file: self.file.clone(),
            line: row.line,
            message,
        };
        if range.is_empty() {
            let key = key_text(row.number, row.suspect.unwrap_or(""), lang);
            problems.push(problem(m::NO_CASE.fill(lang, &[("key", &key)])));
            return;
        }
        if let Some(&early) = range.iter().find(|&&i| row.event.date < cases[i].received) {
            let received = cases[early].received;
            let message = m::BEFORE_RECEIVED
                .fill(lang, &[("date", &row.event.date), ("received", &received)]);
            problems.push(problem(message));
            return;
        }
        let mut added = false;
        for i in range {
            let case = &mut data.cases[i];
            if !case.events.contains(&row.event) {
                case.events.push(row.event);
                added = true;
                // Once per row: naming the file allocates.
                if !self.touched[i] {
                    self.touched[i] = true;
                    merged
                        .dirty
                        .insert(crate::store::text::shard_name(case.received));
                }
            }
        }
        if added {
            merged.added += 1;
        } else {
            merged.known += 1;
        }
    }

    /// Puts the events of every case that got some back in order.
    pub fn finish(self, data: &mut Dataset) {
        for (case, touched) in data.cases.iter_mut().zip(self.touched) {
            if touched {
                case.normalise_events();
            }
        }
    }
}

/// Reads `events.csv` and adds its rows to the merged cases.
pub fn merge_events(
    data: &mut Dataset,
    input: &Input,
    mapping: &HashMap<String, Vec<String>>,
    merged: &mut Merged,
    problems: &mut Vec<Problem>,
    lang: Lang,
) -> Result<Read<()>> {
    let mut events = EventMerge::new(&input.file, data, lang);
    let read = read_events(input, mapping, data, lang, |data, row| {
        events.add(data, row, merged, problems)
    })?;
    events.finish(data);
    Ok(read)
}

/// At most this many problems are listed in one message.
pub const LISTED_PROBLEMS: usize = 50;

/// The problems as lines, the first [`LISTED_PROBLEMS`] of them, then a count of the rest.
pub fn listing(problems: &[Problem], wrap: Option<&Text>, lang: Lang) -> Vec<String> {
    let mut lines: Vec<String> = problems
        .iter()
        .take(LISTED_PROBLEMS)
        .map(|p| match wrap {
            Some(text) => text.fill(lang, &[("problem", p)]),
            None => p.to_string(),
        })
        .collect();
    if problems.len() > LISTED_PROBLEMS {
        lines.push(m::MORE.fill(lang, &[("count", &(problems.len() - LISTED_PROBLEMS))]));
    }
    lines
}

#[cfg(test)]
mod tests {
    use super::*;
    use jiff::civil::date;

    const HEADER: &str = "部门受案号,单位,部门,承办人,案件类别,受理日期,是否羁押,案件来源,履职类别";

    fn input(text: &str) -> Input {
        Input {
            file: "cases.csv".into(),
            text: text.into(),
            encoding: "UTF-8",
        }
    }

    fn cases(text: &str) -> (Dataset, Read<CaseRow>) {
        let mut data = Dataset::default();
        let read = read_cases(&input(text), &HashMap::new(), &mut data.strings, Lang::Zh)
            .expect("header ok");
        (data, read)
    }

    #[test]
    fn gb18030_and_bom_are_decoded() {
        let (bytes, _, _) = encoding_rs::GB18030.encode("部门受案号,单位\n");
        let decoded = decode("a.csv".into(), bytes.into_owned(), Lang::Zh).expect("decodes");
        assert_eq!(
            (decoded.text.as_str(), decoded.encoding),
            ("部门受案号,单位\n", "GB18030")
        );
        let decoded =
            decode("a.csv".into(), b"\xEF\xBB\xBFa\n".to_vec(), Lang::Zh).expect("decodes");
        assert_eq!((decoded.text.as_str(), decoded.encoding), ("a\n", "UTF-8"));
        assert!(decode("a.csv".into(), b"\xFF\xFEa\0".to_vec(), Lang::Zh).is_err());
    }

    #[test]
    fn rows_are_read_with_both_date_forms_and_bad_rows_are_reported_with_their_line() {
        let (data, read) = cases(&format!(
            "{HEADER},备注\nA1,甲院,一部,p-1,审查起诉,2024年3月1日,是,依程序移送,刑事,x\nA2,甲院,一部,p-1,审查起诉,2023-02-29,是,依程序移送,刑事,\nA3,甲院,一部,p-1,审查起诉,2024-03-01,在押,依程序移送,刑事,\nA4,甲院,一部,,审查起诉,2024-03-01,否,依程序移送,刑事,\nA5,甲院,一部,p-1,羁押必要性审查,2024-03-01,否,依程序移送,刑事,\nA6,甲院,一部\n"
        ));
        assert_eq!(read.rows.len(), 2);
        assert_eq!(read.rows[0].case.received, date(2024, 3, 1));
        assert_eq!(
            read.rows[1].case.category.label(&data.strings),
            "羁押必要性审查"
        );
        let problems: Vec<String> = read.problems.iter().map(Problem::to_string).collect();
        assert_eq!(
            problems,
            [
                "cases.csv:3: 受理日期「2023-02-29」不是日期（应写作 YYYY-MM-DD 或 YYYY年M月D日）",
                "cases.csv:4: 是否羁押「在押」应为“是”或“否”",
                "cases.csv:5: 承办人为空",
                "cases.csv:7: 该行有 3 列，表头有 10 列（文件不完整？）",
            ]
        );
        assert!(
            read.warnings.iter().any(|w| w.contains("备注")),
            "{:?}",
            read.warnings
        );
        assert!(
            read.warnings
                .iter()
                .any(|w| w.starts_with("cases.csv:6: 案件类别「羁押必要性审查」")),
            "{:?}",
            read.warnings
        );
    }

    #[test]
    fn a_missing_column_is_an_error_and_mapped_names_are_accepted() {
        let mut strings = Strings::default();
        let err = read_cases(
            &input("部门受案号,单位\n"),
            &HashMap::new(),
            &mut strings,
            Lang::Zh,
        )
        .expect_err("columns missing");
        assert!(
            err.to_string().starts_with("cases.csv:1: 缺少列「部门」"),
            "{err}"
        );
        let mapping = HashMap::from([("受理日期".to_string(), vec!["受理时间".to_string()])]);
        let text = HEADER.replace("受理日期", "受理时间")
            + "\nA1,甲院,一部,p-1,审查起诉,2024-03-01,是,依程序移送,刑事\n";
        let read = read_cases(&input(&text), &mapping, &mut strings, Lang::Zh).expect("mapped");
        assert_eq!(read.rows.len(), 1);
    }

    #[test]
    fn merging_is_idempotent_updates_changed_rows_and_keeps_the_rest() {
        let text = format!(
            "{HEADER}\nA1,甲院,一部,p-1,审查起诉,2024-03-01,是,依程序移送,刑事\nA2,甲院,一部,p-1,审查逮捕,2024-03-02,是,依程序移送,刑事\n"
        );
        let (mut data, read) = cases(&text);
        let mut problems = Vec::new();
        let first = merge(&mut data, ("cases.csv", read.rows), &mut problems, Lang::Zh);
        assert_eq!((first.created, first.updated, first.unchanged), (2, 0, 0));
        let again =
            read_cases(&input(&text), &HashMap::new(), &mut data.strings, Lang::Zh).expect("reads");
        let second = merge(
            &mut data,
            ("cases.csv", again.rows),
            &mut problems,
            Lang::Zh,
        );
        assert_eq!(
            (second.created, second.updated, second.unchanged),
            (0, 0, 2)
        );
        let changed =
            format!("{HEADER}\nA1,甲院,二部,p-1,审查起诉,2024-03-01,是,依程序移送,刑事\n");
        let third_rows = read_cases(
            &input(&changed),
            &HashMap::new(),
            &mut data.strings,
            Lang::Zh,
        )
        .expect("reads");
        let third = merge(
            &mut data,
            ("cases.csv", third_rows.rows),
            &mut problems,
            Lang::Zh,
        );
        assert_eq!((third.created, third.updated, third.unchanged), (0, 1, 0));
        assert_eq!(
            data.cases.len(),
            2,
            "A2 is absent from the new export and stays"
        );
        assert_eq!(data.strings.get(data.cases[0].dept), "二部");
        assert!(problems.is_empty());
    }

    #[test]
    fn conflicting_duplicates_unknown_cases_and_early_events_are_problems() {
        let text = format!(
            "{HEADER}\nA1,甲院,一部,p-1,审查起诉,2024-03-01,是,依程序移送,刑事\nA1,甲院,一部,p-1,审查起诉,2024-03-01,是,依程序移送,刑事\nA1,甲院,一部,p-2,审查起诉,2024-03-01,是,依程序移送,刑事\n"
        );
        let (mut data, read) = cases(&text);
        let events = "部门受案号,日期,事件\nA1,2024-03-05,延长审查起诉期限\nA1,2024-02-05,提起公诉\nZZ,2024-03-05,审结\nA1,2024-03-05,延长审查起诉期限\nA1,2024-03-06,听证\n";
        let events = Input {
            file: "events.csv".into(),
            text: events.into(),
            encoding: "UTF-8",
        };
        let mut problems = Vec::new();
        let mut merged = merge(&mut data, ("cases.csv", read.rows), &mut problems, Lang::Zh);
        let ev = merge_events(
            &mut data,
            &events,
            &HashMap::new(),
            &mut merged,
            &mut problems,
            Lang::Zh,
        )
        .expect("reads");
        assert!(merged.dirty.contains("2024-03.csv"));
        let problems: Vec<String> = problems.iter().map(Problem::to_string).collect();
        assert_eq!(
            problems,
            [
                "cases.csv:4: 与第 2 行是同一案件（A1），内容却不同",
                "events.csv:3: 事件日期 2024-02-05 早于受理日期 2024-03-01",
                "events.csv:4: 没有案件 ZZ（请先导入 cases.csv，或与之一并导入）",
            ]
        );
        assert_eq!((merged.created, merged.added, merged.known), (1, 2, 1));
        assert_eq!(data.cases[0].events.len(), 2);
        assert!(ev.warnings.iter().any(|w| w.contains("听证")));
    }

    #[test]
    fn events_without_a_suspect_column_apply_to_every_suspect_of_the_case() {
        let text = "部门受案号,嫌疑人编号,单位,部门,承办人,案件类别,受理日期,是否羁押,案件来源,履职类别\nA1,1,甲院,一部,p,审查起诉,2024-03-01,是,依程序移送,刑事\nA1,2,甲院,一部,p,审查起诉,2024-03-01,否,依程序移送,刑事\n";
        let (mut data, read) = cases(text);
        let events = Input {
            file: "events.csv".into(),
            text: "部门受案号,日期,事件\nA1,2024-03-05,退回补充侦查\n".into(),
            encoding: "UTF-8",
        };
        let mut problems = Vec::new();
        let mut merged = merge(&mut data, ("cases.csv", read.rows), &mut problems, Lang::Zh);
        merge_events(
            &mut data,
            &events,
            &HashMap::new(),
            &mut merged,
            &mut problems,
            Lang::Zh,
        )
        .expect("reads");
        assert!(data.cases.iter().all(|c| c.events.len() == 1));
        let with = Input {
            file: "events.csv".into(),
            text: "部门受案号,嫌疑人编号,日期,事件\nA1,2,2024-03-09,不起诉\n".into(),
            encoding: "UTF-8",
        };
        let mut again = Merged::default();
        merge_events(
            &mut data,
            &with,
            &HashMap::new(),
            &mut again,
            &mut problems,
            Lang::Zh,
        )
        .expect("reads");
        assert_eq!(again.added, 1);
        assert_eq!(
            data.cases
                .iter()
                .map(|c| c.events.len())
                .collect::<Vec<_>>(),
            [1, 2]
        );
        assert!(problems.is_empty());
    }
}
