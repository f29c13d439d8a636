//! The files under `docket/cases/`: one CSV file per month of 受理日期, rows sorted by
//! 部门受案号 and 嫌疑人编号, a case row's events in its last cell.
//!
//! Text so that git shows who changed which case and when; one file per month so that a new
//! month's import touches one file and the repository does not hold one file per case.

use jiff::civil::Date;

use crate::error::{DocketError, Result};
use crate::messages::{self as m, Lang};
use crate::model::{Case, Category, Duty, Event, EventKind, Source, Strings};

/// The header of every file, in column order.
pub const HEADER: [&str; 11] = [
    "部门受案号",
    "嫌疑人编号",
    "单位",
    "部门",
    "承办人",
    "案件类别",
    "受理日期",
    "是否羁押",
    "案件来源",
    "履职类别",
    "事件",
];

/// Separates events in the 事件 cell (`2024-03-05 延长审查起诉期限；2024-03-20 提起公诉`).
pub const EVENT_SEPARATOR: char = '；';

/// The file a case row belongs in: `2024-03.csv` for a case received in March 2024.
pub fn shard_name(received: Date) -> String {
    format!("{:04}-{:02}.csv", received.year(), received.month())
}

/// Whether a file name is one of ours.
pub fn is_shard_name(name: &str) -> bool {
    let Some(stem) = name.strip_suffix(".csv") else {
        return false;
    };
    let bytes = stem.as_bytes();
    bytes.len() == 7
        && bytes[4] == b'-'
        && bytes
            .iter()
            .enumerate()
            .all(|(i, b)| i == 4 || b.is_ascii_digit())
}

/// The text of one file holding `cases` (already sorted).
pub fn write(cases: &[&Case], strings: &Strings, lang: Lang) -> Result<Vec<u8>> {
    let mut out = csv::WriterBuilder::new()
        .terminator(csv::Terminator::Any(b'\n'))
        .from_writer(Vec::with_capacity(cases.len() * 128));
    let internal = |e: csv::Error| DocketError::Data(m::CANNOT_WRITE.fill(lang, &[("error", &e)]));
    out.write_record(HEADER).map_err(internal)?;
    let mut events = String::new();
    for case in cases {
        events.clear();
        for (i, event) in case.events.iter().enumerate() {
            if i > 0 {
                events.push(EVENT_SEPARATOR);
            }
            events.push_str(&event.date.to_string());
            events.push(' ');
            events.push_str(event.kind.label(strings));
        }
        let received = case.received.to_string();
        out.write_record([
            &*case.number,
            &*case.suspect,
            strings.get(case.unit),
            strings.get(case.dept),
            strings.get(case.handler),
            case.category.label(strings),
            &received,
            if case.detained { "是" } else { "否" },
            case.source.label(strings),
            case.duty.label(strings),
            &events,
        ])
        .map_err(internal)?;
    }
    out.into_inner()
        .map_err(|e| DocketError::Data(m::CANNOT_WRITE.fill(lang, &[("error", &e)])))
}

/// Reads one file; `rel` names it in errors (`docket/cases/2024-03.csv:12: …`).
pub fn read(rel: &str, bytes: &[u8], strings: &mut Strings, lang: Lang) -> Result<Vec<Case>> {
    let mut reader = csv::ReaderBuilder::new()
        .has_headers(true)
        .from_reader(bytes);
    let header = reader.headers().map_err(|e| {
        DocketError::Data(format!(
            "{rel}:1: {}",
            m::CSV_ERROR.fill(lang, &[("error", &e)])
        ))
    })?;
    if header.iter().ne(HEADER) {
        let header = HEADER.join(",");
        return Err(DocketError::Data(
            m::STORE_BAD_HEADER.fill(lang, &[("file", &rel), ("header", &header)]),
        ));
    }
    let mut cases = Vec::new();
    let mut record = csv::StringRecord::new();
    loop {
        match reader.read_record(&mut record) {
            Ok(false) => break,
            Ok(true) => {}
            Err(e) => {
                let line = e.position().map_or(0, |p| p.line());
                let message = m::CSV_ERROR.fill(lang, &[("error", &e)]);
                return Err(DocketError::Data(format!("{rel}:{line}: {message}")));
            }
        }
        let line = record.position().map_or(0, |p| p.line());
        let bad = |what: String| DocketError::Data(format!("{rel}:{line}: {what}"));
        let cell = |i: usize| record.get(i).unwrap_or_default();
        let received = zhijian_kb::time::parse_date(cell(6)).ok_or_else(|| {
            bad(m::BAD_DATE.fill(lang, &[("column", &"受理日期"), ("value", &cell(6))]))
        })?;
        let detained = match cell(7) {
            "是" => true,
            "否" => false,
            other => return Err(bad(m::BAD_DETAINED.fill(lang, &[("value", &other)]))),
        };
        let mut events = Vec::new();
        for item in cell(10).split(EVENT_SEPARATOR).filter(|s| !s.is_empty()) {
            let (date, kind) = item
                .split_once(' ')
                .ok_or_else(|| bad(m::STORE_BAD_EVENT.fill(lang, &[("item", &item)])))?;
            let date = zhijian_kb::time::parse_date(date).ok_or_else(|| {
                bad(m::BAD_DATE.fill(lang, &[("column", &"事件"), ("value", &item)]))
            })?;
            events.push(Event {
                date,
                kind: EventKind::parse(kind, strings),
            });
        }
        let mut case = Case {
            number: cell(0).into(),
            suspect: cell(1).into(),
            unit: strings.intern(cell(2)),
            dept: strings.intern(cell(3)),
            handler: strings.intern(cell(4)),
            category: Category::parse(cell(5), strings),
            received,
            detained,
            source: Source::parse(cell(8), strings),
            duty: Duty::parse(cell(9), strings),
            events,
        };
        if case.number.is_empty() {
            return Err(bad(m::EMPTY_CELL.fill(lang, &[("column", &"部门受案号")])));
        }
        case.normalise_events();
        cases.push(case);
    }
    Ok(cases)
}

#[cfg(test)]
mod tests {
    use super::*;
    use jiff::civil::date;

    #[test]
    fn files_round_trip_with_unknown_names_and_quoted_cells() {
        let mut strings = Strings::default();
        let case = Case {
            number: "闽检刑诉受[2024]1号".into(),
            suspect: "2".into(),
            unit: strings.intern("某市人民检察院"),
            dept: strings.intern("第一检察部,刑事"),
            handler: strings.intern("p-zhang"),
            category: Category::parse("羁押必要性审查", &mut strings),
            received: date(2024, 3, 1),
            detained: true,
            source: Source::Transferred,
            duty: Duty::Criminal,
            events: vec![
                Event {
                    date: date(2024, 3, 2),
                    kind: EventKind::PleaApplied,
                },
                Event {
                    date: date(2024, 3, 3),
                    kind: EventKind::parse("听证", &mut strings),
                },
            ],
        };
        let bytes = write(&[&case], &strings, Lang::Zh).expect("writes");
        let text = String::from_utf8(bytes.clone()).expect("utf-8");
        assert!(
            text.ends_with("2024-03-02 适用认罪认罚；2024-03-03 听证\n"),
            "{text}"
        );
        let mut again = Strings::default();
        let back = read("docket/cases/2024-03.csv", &bytes, &mut again, Lang::Zh).expect("reads");
        assert_eq!(back.len(), 1);
        assert_eq!(write(&[&back[0]], &again, Lang::Zh).expect("writes"), bytes);
    }

    #[test]
    fn damage_is_reported_with_file_and_line() {
        let mut strings = Strings::default();
        let header = HEADER.join(",");
        let text = format!("{header}\nA,,u,d,h,审查起诉,2024-02-30,是,依程序移送,刑事,\n");
        let err = read(
            "docket/cases/2024-02.csv",
            text.as_bytes(),
            &mut strings,
            Lang::En,
        )
        .expect_err("bad date");
        assert_eq!(
            err.to_string(),
            "docket/cases/2024-02.csv:2: 受理日期 `2024-02-30` is not a date (write YYYY-MM-DD or YYYY年M月D日)"
        );
        let err = read("x.csv", b"a,b\n", &mut strings, Lang::En).expect_err("bad header");
        assert!(
            err.to_string().starts_with("x.csv:1: the header must be"),
            "{err}"
        );
    }

    #[test]
    fn shard_names() {
        assert_eq!(shard_name(date(2024, 3, 9)), "2024-03.csv");
        assert!(is_shard_name("2024-03.csv"));
        assert!(!is_shard_name("notes.csv") && !is_shard_name("2024-03.csv.bak"));
    }
}
