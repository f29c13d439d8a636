//! The 三个结构比 (SPP, 2024): shares of cases by 履职类别 (四大检察), by 依程序办案 against
//! 依职权监督, and by 案件来源, over a period or per month or quarter.
//!
//! No official formula was found; shares of case counts are the natural reading (see
//! `../shared/domain/case-management.md`). A case is one 部门受案号, counted once in the period
//! of its 受理日期, with the fields of its first row.

use std::collections::BTreeMap;

use crate::model::{Case, Dataset, Duty, Source, Strings};
use crate::range::{Bucket, Period, Range};

/// 依程序办案.
pub const BY_PROCEDURE: &str = "依程序办案";
/// 依职权监督.
pub const BY_AUTHORITY: &str = "依职权监督";
/// Sources the mapping does not place.
pub const UNMAPPED: &str = "未归类";

/// Which 案件来源 count as 依程序办案 and which as 依职权监督 (`[docket.structure]`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ProcedureMap {
    /// Sources of 依程序办案.
    pub by_procedure: Vec<String>,
    /// Sources of 依职权监督.
    pub by_authority: Vec<String>,
}

impl Default for ProcedureMap {
    fn default() -> Self {
        ProcedureMap {
            by_procedure: vec!["依程序移送".into(), "依申请受案".into()],
            by_authority: vec!["主动发现".into()],
        }
    }
}

impl ProcedureMap {
    /// The class a source belongs to.
    pub fn class_of(&self, source: &str) -> &'static str {
        if self.by_procedure.iter().any(|s| s == source) {
            BY_PROCEDURE
        } else if self.by_authority.iter().any(|s| s == source) {
            BY_AUTHORITY
        } else {
            UNMAPPED
        }
    }
}

/// Counts of one way of cutting the cases, in a stable order.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Shares {
    /// `(label, count)`, known labels first (also when zero), then others by name.
    pub parts: Vec<(String, u64)>,
}

impl Shares {
    fn new(known: &[&str]) -> Shares {
        Shares {
            parts: known.iter().map(|k| ((*k).to_string(), 0)).collect(),
        }
    }

    fn add(&mut self, label: &str) {
        match self.parts.iter_mut().find(|(l, _)| l == label) {
            Some((_, n)) => *n += 1,
            None => self.parts.push((label.to_string(), 1)),
        }
    }

    fn finish(&mut self, known: usize) {
        self.parts[known..].sort();
    }

    /// The share of each part in `total`; `None` when there are no cases.
    pub fn fraction(count: u64, total: u64) -> Option<f64> {
        (total > 0).then(|| count as f64 / total as f64)
    }
}

/// The three ratios of one bucket.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Structure {
    /// The period or month or quarter.
    pub bucket: Bucket,
    /// Cases counted.
    pub total: u64,
    /// By 履职类别.
    pub duty: Shares,
    /// 依程序办案 / 依职权监督.
    pub procedure: Shares,
    /// By 案件来源.
    pub source: Shares,
}

/// The three ratios per bucket, in date order.
pub fn compute(data: &Dataset, range: Range, period: Period, map: &ProcedureMap) -> Vec<Structure> {
    let mut tally = Tally::new(range, period, map.clone());
    for case in &data.cases {
        tally.add(case, &data.strings);
    }
    tally.finish()
}

/// Counts case rows one at a time, in key order; a case counts once, by its first row.
#[derive(Debug)]
pub struct Tally {
    range: Range,
    period: Period,
    map: ProcedureMap,
    buckets: BTreeMap<Bucket, Structure>,
    last: Option<Box<str>>,
}

const CLASSES: [&str; 2] = [BY_PROCEDURE, BY_AUTHORITY];

fn known_duties() -> Vec<&'static str> {
    Duty::KNOWN.iter().filter_map(|d| d.known_label()).collect()
}

fn known_sources() -> Vec<&'static str> {
    Source::KNOWN
        .iter()
        .filter_map(|s| s.known_label())
        .collect()
}

impl Tally {
    /// An empty tally.
    pub fn new(range: Range, period: Period, map: ProcedureMap) -> Tally {
        Tally {
            range,
            period,
            map,
            buckets: BTreeMap::new(),
            last: None,
        }
    }

    /// Adds one case row (only the first row of each 部门受案号 counts).
    pub fn add(&mut self, case: &Case, strings: &Strings) {
        if self.last.as_deref() == Some(&*case.number) {
            return;
        }
        self.last = Some(case.number.clone());
        if !self.range.contains(case.received) {
            return;
        }
        let bucket = self.period.bucket(case.received);
        let entry = self.buckets.entry(bucket).or_insert_with(|| Structure {
            bucket,
            total: 0,
            duty: Shares::new(&known_duties()),
            procedure: Shares::new(&CLASSES),
            source: Shares::new(&known_sources()),
        });
        entry.total += 1;
        entry.duty.add(case.duty.label(strings));
        let source = case.source.label(strings);
        entry.procedure.add(self.map.class_of(source));
        entry.source.add(source);
    }

    /// The ratios per bucket, in date order.
    pub fn finish(self) -> Vec<Structure> {
        let (duties, sources) = (known_duties().len(), known_sources().len());
        self.buckets
            .into_values()
            .map(|mut s| {
                s.duty.finish(duties);
                s.procedure.finish(CLASSES.len());
                s.source.finish(sources);
                s
            })
            .collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{Case, Category};
    use jiff::civil::date;

    fn data(rows: &[(&str, &str, &str, jiff::civil::Date)]) -> Dataset {
        let mut data = Dataset::default();
        for &(number, duty, source, received) in rows {
            let sym = data.strings.intern("x");
            let duty = Duty::parse(duty, &mut data.strings);
            let source = Source::parse(source, &mut data.strings);
            data.cases.push(Case {
                number: number.into(),
                suspect: "".into(),
                unit: sym,
                dept: sym,
                handler: sym,
                category: Category::Prosecution,
                received,
                detained: false,
                source,
                duty,
                events: Vec::new(),
            });
        }
        data.sort();
        data
    }

    #[test]
    fn shares_of_cases_with_the_default_mapping() {
        let d = data(&[
            ("1", "刑事", "依程序移送", date(2024, 1, 5)),
            ("2", "民事", "依申请受案", date(2024, 1, 6)),
            ("3", "公益诉讼", "主动发现", date(2024, 2, 6)),
            ("4", "刑事", "依程序移送", date(2024, 4, 6)),
        ]);
        let all = compute(
            &d,
            Range::default(),
            Period::Whole,
            &ProcedureMap::default(),
        );
        assert_eq!(all.len(), 1);
        let s = &all[0];
        assert_eq!(s.total, 4);
        assert_eq!(
            s.duty.parts,
            [
                ("刑事".into(), 2),
                ("民事".into(), 1),
                ("行政".into(), 0),
                ("公益诉讼".into(), 1)
            ]
        );
        assert_eq!(
            s.procedure.parts,
            [(BY_PROCEDURE.into(), 3), (BY_AUTHORITY.into(), 1)]
        );
        assert_eq!(s.source.parts[2], ("主动发现".into(), 1));
        assert_eq!(Shares::fraction(3, 4), Some(0.75));
        let quarters = compute(
            &d,
            Range::default(),
            Period::Quarter,
            &ProcedureMap::default(),
        );
        assert_eq!(
            quarters
                .iter()
                .map(|q| (q.bucket.label(), q.total))
                .collect::<Vec<_>>(),
            [("2024Q1".into(), 3), ("2024Q2".into(), 1)]
        );
    }

    #[test]
    fn a_changed_mapping_and_unknown_sources() {
        let d = data(&[
            ("1", "刑事", "依申请受案", date(2024, 1, 5)),
            ("2", "刑事", "上级交办", date(2024, 1, 6)),
        ]);
        let map = ProcedureMap {
            by_procedure: vec!["依程序移送".into()],
            by_authority: vec!["依申请受案".into(), "主动发现".into()],
        };
        let s = &compute(&d, Range::default(), Period::Whole, &map)[0];
        assert_eq!(
            s.procedure.parts,
            [
                (BY_PROCEDURE.into(), 0),
                (BY_AUTHORITY.into(), 1),
                (UNMAPPED.into(), 1)
            ]
        );
        assert_eq!(s.source.parts.last(), Some(&("上级交办".into(), 1)));
    }

    #[test]
    fn a_case_with_several_suspects_counts_once() {
        let mut d = data(&[("1", "刑事", "依程序移送", date(2024, 1, 5))]);
        let mut second = d.cases[0].clone();
        second.suspect = "2".into();
        d.cases.push(second);
        d.sort();
        assert_eq!(
            compute(
                &d,
                Range::default(),
                Period::Whole,
                &ProcedureMap::default()
            )[0]
            .total,
            1
        );
    }
}
