//! Indicators for analysis (never for ranking): each a numerator, a denominator and their
//! quotient, counted in persons (one case row is one suspect).
//!
//! Formulas, as `../shared/domain/case-management.md` gives them with their sources:
//! - 不捕率 = 不批准逮捕人数 ÷ 审查逮捕审结人数;
//! - 不起诉率 = 不起诉人数 ÷ (起诉人数 + 不起诉人数);
//! - 诉前羁押率 = 批准逮捕人数 ÷ (起诉人数 + 不起诉人数);
//! - 认罪认罚适用率 = 适用认罪认罚的审查起诉审结人数 ÷ 同期审查起诉审结人数;
//! - 量刑建议采纳率 = 法院采纳数 ÷ 提出数;
//! - 案件比 = 件 ÷ 案, each 退回补充侦查 and 延长审查起诉期限 adding a 件.
//!
//! A person counts in the period of the event that puts them in the denominator (the 审结, the
//! decision, the proposal, the 受理 for 案件比). Numerators are subsets of their denominators,
//! except for 诉前羁押率, whose two counts are of different people in the same period, and
//! 案件比, which is at least 1. An event after the period still completes a person counted in it
//! (a 量刑建议被采纳 months later).

use std::collections::HashMap;

use jiff::civil::Date;

use crate::model::{Case, Category, Dataset, EventKind, Sym};
use crate::range::{Bucket, Range};

/// One indicator over one group.
#[derive(Debug, Clone, PartialEq)]
pub struct Indicator {
    /// Its Chinese name, e.g. 不捕率.
    pub name: &'static str,
    /// The count on top.
    pub numerator: u64,
    /// The count below.
    pub denominator: u64,
}

impl Indicator {
    /// numerator ÷ denominator; `None` when there is nothing to divide by.
    pub fn value(&self) -> Option<f64> {
        (self.denominator > 0).then(|| self.numerator as f64 / self.denominator as f64)
    }
}

/// The definition of an indicator: name, formula and source, for docs and reports.
#[derive(Debug, Clone, Copy)]
pub struct Definition {
    /// Its Chinese name.
    pub name: &'static str,
    /// Its formula, in Chinese.
    pub formula: &'static str,
    /// Where the formula comes from.
    pub source: &'static str,
}

/// Every indicator, in the order they are shown.
pub const DEFINITIONS: [Definition; 6] = [
    Definition {
        name: "不捕率",
        formula: "不批准逮捕人数 ÷ 审查逮捕审结人数",
        source: "县级检察院2022年工作报告中的口径（见 shared/domain/case-management.md）",
    },
    Definition {
        name: "不起诉率",
        formula: "不起诉人数 ÷ （起诉人数 + 不起诉人数）",
        source: "与最高人民检察院2022年上半年主要办案数据的口径一致",
    },
    Definition {
        name: "诉前羁押率",
        formula: "批准和决定逮捕人数 ÷ （起诉人数 + 不起诉人数）",
        source: "孙长永，《现代法学》2023年",
    },
    Definition {
        name: "认罪认罚适用率",
        formula: "适用认罪认罚审结人数 ÷ 同期审查起诉审结人数",
        source: "最高人民检察院2022年一季度主要办案数据",
    },
    Definition {
        name: "量刑建议采纳率",
        formula: "法院采纳数 ÷ 量刑建议提出数",
        source: "最高人民检察院2022年一季度主要办案数据",
    },
    Definition {
        name: "案件比",
        formula: "件 ÷ 案；每次退回补充侦查、延长审查起诉期限各增加一件",
        source: "最高人民检察院关于“案-件比”的解读（2019—2020年）",
    },
];

/// How indicators are split.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum GroupBy {
    /// One group.
    Whole,
    /// By 单位.
    Unit,
    /// By 单位 and 部门.
    Dept,
    /// By the month of the counted event.
    Month,
}

/// A group of indicators.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Group {
    /// Everything.
    Whole,
    /// One unit.
    Unit(Sym),
    /// One department of one unit.
    Dept(Sym, Sym),
    /// One month.
    Month(Bucket),
}

#[derive(Debug, Clone, Copy, Default)]
struct Counts {
    arrest_concluded: u64,
    arrest_refused: u64,
    arrested: u64,
    prosecuted: u64,
    not_prosecuted: u64,
    concluded: u64,
    concluded_plea: u64,
    proposed: u64,
    adopted: u64,
    cases: u64,
    links: u64,
}

impl Counts {
    fn indicators(&self) -> Vec<Indicator> {
        let decided = self.prosecuted + self.not_prosecuted;
        let pairs = [
            (self.arrest_refused, self.arrest_concluded),
            (self.not_prosecuted, decided),
            (self.arrested, decided),
            (self.concluded_plea, self.concluded),
            (self.adopted, self.proposed),
            (self.links, self.cases),
        ];
        DEFINITIONS
            .iter()
            .zip(pairs)
            .map(|(def, (numerator, denominator))| Indicator {
                name: def.name,
                numerator,
                denominator,
            })
            .collect()
    }
}

/// The indicators of every group with something in `range`; the caller orders the groups.
pub fn compute(data: &Dataset, range: Range, by: GroupBy) -> Vec<(Group, Vec<Indicator>)> {
    let mut tally = Tally::new(range, by);
    for case in &data.cases {
        tally.add(case);
    }
    tally.finish()
}

/// Counts case rows one at a time, in key order (the rows of one case adjacent), so that a
/// command can stream the records instead of holding them all.
#[derive(Debug)]
pub struct Tally {
    range: Range,
    by: GroupBy,
    groups: HashMap<Group, Counts>,
    /// The case (部门受案号) being read, for 案件比, which counts cases rather than persons.
    case: Option<CaseLinks>,
}

#[derive(Debug)]
struct CaseLinks {
    number: Box<str>,
    group: Option<Group>,
    links: Vec<(Date, EventKind)>,
}

impl Tally {
    /// An empty tally.
    pub fn new(range: Range, by: GroupBy) -> Tally {
        Tally {
            range,
            by,
            groups: HashMap::new(),
            case: None,
        }
    }

    fn group_of(&self, case: &Case, day: Date) -> Group {
        match self.by {
            GroupBy::Whole => Group::Whole,
            GroupBy::Unit => Group::Unit(case.unit),
            GroupBy::Dept => Group::Dept(case.unit, case.dept),
            GroupBy::Month => Group::Month(Bucket::Month(day.year(), day.month())),
        }
    }

    fn count(&mut self, case: &Case, day: Date, add: impl FnOnce(&mut Counts)) {
        if self.range.contains(day) {
            let group = self.group_of(case, day);
            add(self.groups.entry(group).or_default());
        }
    }

    /// Adds one case row.
    pub fn add(&mut self, case: &Case) {
        let first = |kinds: &[EventKind]| {
            case.events
                .iter()
                .find(|e| kinds.contains(&e.kind))
                .copied()
        };
        match case.category {
            Category::Arrest => {
                let closing = [
                    EventKind::ArrestApproved,
                    EventKind::ArrestRefused,
                    EventKind::Concluded,
                ];
                if let Some(end) = first(&closing) {
                    let refused = end.kind == EventKind::ArrestRefused;
                    self.count(case, end.date, |c| {
                        c.arrest_concluded += 1;
                        c.arrest_refused += u64::from(refused);
                    });
                }
                if let Some(arrest) = first(&[EventKind::ArrestApproved]) {
                    self.count(case, arrest.date, |c| c.arrested += 1);
                }
            }
            Category::Prosecution => {
                if let Some(decision) = first(&[EventKind::Prosecuted, EventKind::NotProsecuted]) {
                    let not = decision.kind == EventKind::NotProsecuted;
                    self.count(case, decision.date, |c| {
                        c.prosecuted += u64::from(!not);
                        c.not_prosecuted += u64::from(not);
                    });
                }
                let ends = [
                    EventKind::Prosecuted,
                    EventKind::NotProsecuted,
                    EventKind::ProsecutionWithdrawn,
                    EventKind::Concluded,
                ];
                if let Some(end) = first(&ends) {
                    let plea = first(&[EventKind::PleaApplied]).is_some();
                    self.count(case, end.date, |c| {
                        c.concluded += 1;
                        c.concluded_plea += u64::from(plea);
                    });
                }
            }
            _ => {}
        }
        if let Some(proposal) = first(&[EventKind::SentenceProposed]) {
            let adopted = case
                .events
                .iter()
                .any(|e| e.kind == EventKind::SentenceAdopted && e.date >= proposal.date);
            self.count(case, proposal.date, |c| {
                c.proposed += 1;
                c.adopted += u64::from(adopted);
            });
        }
        // 案件比 counts cases (部门受案号), with the unit and 受理 of their first row.
        if self.case.as_ref().is_none_or(|c| c.number != case.number) {
            self.flush();
            let counted = matches!(case.category, Category::Arrest | Category::Prosecution)
                && self.range.contains(case.received);
            self.case = Some(CaseLinks {
                number: case.number.clone(),
                group: counted.then(|| self.group_of(case, case.received)),
                links: Vec::new(),
            });
        }
        if let Some(current) = self.case.as_mut()
            && current.group.is_some()
        {
            current.links.extend(
                case.events
                    .iter()
                    .filter(|e| {
                        matches!(
                            e.kind,
                            EventKind::ReturnForInvestigation | EventKind::ExtendProsecution
                        )
                    })
                    .map(|e| (e.date, e.kind)),
            );
        }
    }

    fn flush(&mut self) {
        if let Some(CaseLinks {
            group: Some(group),
            mut links,
            ..
        }) = self.case.take()
        {
            // A 退回 recorded on each suspect's row is still one 件.
            links.sort();
            links.dedup();
            let entry = self.groups.entry(group).or_default();
            entry.cases += 1;
            entry.links += 1 + links.len() as u64;
        }
    }

    /// The indicators of every group.
    pub fn finish(mut self) -> Vec<(Group, Vec<Indicator>)> {
        self.flush();
        self.groups
            .into_iter()
            .map(|(group, counts)| (group, counts.indicators()))
            .collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{Duty, Event, Source};
    use jiff::civil::date;

    struct Rows(Dataset);

    impl Rows {
        fn new() -> Rows {
            Rows(Dataset::default())
        }

        fn row(
            mut self,
            number: &str,
            suspect: &str,
            category: Category,
            received: Date,
            events: &[(Date, EventKind)],
        ) -> Rows {
            let unit = self.0.strings.intern(if number.starts_with('A') {
                "甲院"
            } else {
                "乙院"
            });
            let dept = self.0.strings.intern("第一检察部");
            self.0.cases.push(Case {
                number: number.into(),
                suspect: suspect.into(),
                unit,
                dept,
                handler: dept,
                category,
                received,
                detained: true,
                source: Source::Transferred,
                duty: Duty::Criminal,
                events: events
                    .iter()
                    .map(|&(date, kind)| Event { date, kind })
                    .collect(),
            });
            self
        }

        fn whole(mut self, range: Range) -> Vec<(u64, u64)> {
            self.0.sort();
            let groups = compute(&self.0, range, GroupBy::Whole);
            assert!(groups.len() <= 1);
            groups
                .first()
                .map(|(_, list)| list.iter().map(|i| (i.numerator, i.denominator)).collect())
                .unwrap_or_default()
        }
    }

    const MAR: fn(i8) -> Date = |d| date(2024, 3, d);

    #[test]
    fn each_indicator_counts_persons_by_its_formula() {
        use EventKind::*;
        let got = Rows::new()
            .row(
                "A1",
                "1",
                Category::Arrest,
                MAR(1),
                &[(MAR(5), ArrestRefused)],
            )
            .row(
                "A1",
                "2",
                Category::Arrest,
                MAR(1),
                &[(MAR(5), ArrestApproved)],
            )
            .row("A2", "", Category::Arrest, MAR(1), &[(MAR(6), Concluded)])
            .row("A3", "", Category::Arrest, MAR(1), &[])
            .row(
                "B1",
                "",
                Category::Prosecution,
                MAR(1),
                &[
                    (MAR(2), PleaApplied),
                    (MAR(3), ExtendProsecution),
                    (MAR(4), SentenceProposed),
                    (MAR(10), Prosecuted),
                    (date(2024, 6, 1), SentenceAdopted),
                ],
            )
            .row(
                "B2",
                "",
                Category::Prosecution,
                MAR(1),
                &[
                    (MAR(2), ReturnForInvestigation),
                    (MAR(20), Resubmitted),
                    (MAR(25), NotProsecuted),
                ],
            )
            .row(
                "B3",
                "",
                Category::Prosecution,
                MAR(1),
                &[(MAR(4), SentenceProposed), (MAR(9), ProsecutionWithdrawn)],
            )
            .whole(Range::default());
        assert_eq!(
            got,
            [
                (1, 3), // 不捕率: one refusal among three concluded arrest reviews
                (1, 2), // 不起诉率: B2 of B1 and B2
                (1, 2), // 诉前羁押率: one arrest over two decisions
                (1, 3), // 认罪认罚适用率: B1 of three concluded
                (1, 2), // 量刑建议采纳率: B1 adopted, B3 not
                (8, 6), // 案件比: six cases, two extra links
            ]
        );
    }

    #[test]
    fn a_person_counts_in_the_period_of_the_event_that_puts_them_in_the_denominator() {
        use EventKind::*;
        let rows = || {
            Rows::new().row(
                "B1",
                "",
                Category::Prosecution,
                date(2024, 2, 20),
                &[
                    (MAR(4), SentenceProposed),
                    (MAR(10), Prosecuted),
                    (date(2024, 6, 1), SentenceAdopted),
                ],
            )
        };
        let march = Range {
            from: Some(MAR(1)),
            to: Some(MAR(31)),
        };
        let got = rows().whole(march);
        assert_eq!(got[1], (0, 1), "decided in March");
        assert_eq!(
            got[4],
            (1, 1),
            "proposed in March, adopted in June: still counts"
        );
        assert_eq!(got[5], (0, 0), "received in February");
        let june = Range {
            from: Some(date(2024, 6, 1)),
            to: Some(date(2024, 6, 30)),
        };
        assert!(rows().whole(june).is_empty(), "nothing starts in June");
    }

    #[test]
    fn no_denominator_means_no_value() {
        let none = Indicator {
            name: "不捕率",
            numerator: 0,
            denominator: 0,
        };
        assert_eq!(none.value(), None);
        let quarter = Indicator {
            name: "不捕率",
            numerator: 1,
            denominator: 4,
        };
        assert_eq!(quarter.value(), Some(0.25));
    }

    #[test]
    fn groups_split_by_unit_and_month() {
        use EventKind::*;
        let mut rows = Rows::new()
            .row(
                "A1",
                "",
                Category::Arrest,
                MAR(1),
                &[(MAR(5), ArrestRefused)],
            )
            .row(
                "C1",
                "",
                Category::Arrest,
                MAR(1),
                &[(date(2024, 4, 2), ArrestApproved)],
            )
            .0;
        rows.sort();
        assert_eq!(compute(&rows, Range::default(), GroupBy::Unit).len(), 2);
        let months = compute(&rows, Range::default(), GroupBy::Month);
        let mut keys: Vec<Group> = months.iter().map(|(g, _)| *g).collect();
        keys.sort_by_key(|g| match g {
            Group::Month(b) => *b,
            _ => Bucket::Whole,
        });
        assert_eq!(
            keys,
            [
                Group::Month(Bucket::Month(2024, 3)),
                Group::Month(Bucket::Month(2024, 4))
            ]
        );
    }
}
