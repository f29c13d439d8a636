//! The records a case system exports: one row per case and suspect, and its events.
//!
//! Names a source writes that are not in the lists below (an unknown 案件类别 or 事件) are kept
//! as they were written, in the dataset's string table, so nothing imported is lost.

use std::collections::HashMap;

use jiff::civil::Date;

/// An index into a dataset's string table.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct Sym(pub u32);

/// Strings that repeat across rows (units, departments, handlers, unknown names), stored once.
#[derive(Debug, Default, Clone)]
pub struct Strings {
    names: Vec<Box<str>>,
    index: HashMap<Box<str>, u32>,
}

impl Strings {
    /// The symbol of `text`, added when new.
    pub fn intern(&mut self, text: &str) -> Sym {
        if let Some(&at) = self.index.get(text) {
            return Sym(at);
        }
        let at = u32::try_from(self.names.len()).unwrap_or(u32::MAX);
        self.names.push(text.into());
        self.index.insert(text.into(), at);
        Sym(at)
    }

    /// The text of a symbol; empty for a symbol of another table.
    pub fn get(&self, sym: Sym) -> &str {
        self.names.get(sym.0 as usize).map_or("", |s| s)
    }

    /// Every string, in symbol order.
    pub fn all(&self) -> &[Box<str>] {
        &self.names
    }
}

/// Declares an enum of the names a source writes, with an `Other` for the rest.
macro_rules! names {
    ($(#[$meta:meta])* $name:ident { $($(#[$vmeta:meta])* $variant:ident = $label:literal,)+ }) => {
        $(#[$meta])*
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
        pub enum $name {
            $($(#[$vmeta])* $variant,)+
            /// A name outside the list, kept as written.
            Other(Sym),
        }

        impl $name {
            /// Every known value, in the order of the list.
            pub const KNOWN: &'static [$name] = &[$($name::$variant,)+];

            /// The known value written `text`, if any.
            pub fn known(text: &str) -> Option<$name> {
                match text {
                    $($label => Some($name::$variant),)+
                    _ => None,
                }
            }

            /// The value written `text`; unknown names are interned as `Other`.
            pub fn parse(text: &str, strings: &mut Strings) -> $name {
                Self::known(text).unwrap_or_else(|| $name::Other(strings.intern(text)))
            }

            /// The name as the case system writes it.
            pub fn label<'a>(&self, strings: &'a Strings) -> &'a str {
                match self {
                    $($name::$variant => $label,)+
                    $name::Other(sym) => strings.get(*sym),
                }
            }

            /// The name of a known value (`None` for `Other`).
            pub fn known_label(&self) -> Option<&'static str> {
                match self {
                    $($name::$variant => Some($label),)+
                    $name::Other(_) => None,
                }
            }
        }
    };
}

names! {
    /// 案件类别: what kind of case a row is; only the first two have deadlines here.
    Category {
        /// 审查逮捕: deciding on an arrest request.
        Arrest = "审查逮捕",
        /// 审查起诉: deciding whether to prosecute.
        Prosecution = "审查起诉",
        /// 民事监督.
        CivilSupervision = "民事监督",
        /// 行政监督.
        AdministrativeSupervision = "行政监督",
        /// 公益诉讼.
        PublicInterest = "公益诉讼",
        /// 刑事执行监督.
        ExecutionSupervision = "刑事执行监督",
    }
}

names! {
    /// 案件来源: how the case came in.
    Source {
        /// 依程序移送.
        Transferred = "依程序移送",
        /// 依申请受案.
        OnApplication = "依申请受案",
        /// 主动发现.
        OwnInitiative = "主动发现",
    }
}

names! {
    /// 履职类别: which of the four procuratorial functions (四大检察) the case belongs to.
    Duty {
        /// 刑事.
        Criminal = "刑事",
        /// 民事.
        Civil = "民事",
        /// 行政.
        Administrative = "行政",
        /// 公益诉讼.
        PublicInterest = "公益诉讼",
    }
}

names! {
    /// 事件: what happened to a case on a day.
    EventKind {
        /// 适用认罪认罚.
        PleaApplied = "适用认罪认罚",
        /// 延长审查起诉期限.
        ExtendProsecution = "延长审查起诉期限",
        /// 退回补充侦查.
        ReturnForInvestigation = "退回补充侦查",
        /// 重新移送审查起诉.
        Resubmitted = "重新移送审查起诉",
        /// 批准逮捕.
        ArrestApproved = "批准逮捕",
        /// 不批准逮捕.
        ArrestRefused = "不批准逮捕",
        /// 提出量刑建议.
        SentenceProposed = "提出量刑建议",
        /// 提起公诉.
        Prosecuted = "提起公诉",
        /// 不起诉.
        NotProsecuted = "不起诉",
        /// 撤回起诉.
        ProsecutionWithdrawn = "撤回起诉",
        /// 量刑建议被采纳.
        SentenceAdopted = "量刑建议被采纳",
        /// 审结.
        Concluded = "审结",
    }
}

impl EventKind {
    /// Order among events of one day, following the procedure (a 退回 comes before the
    /// 重新移送 of the same day, a decision before the 审结 that records it).
    pub fn rank(&self) -> usize {
        match self {
            EventKind::Other(_) => EventKind::KNOWN.len(),
            known => EventKind::KNOWN
                .iter()
                .position(|k| k == known)
                .unwrap_or(EventKind::KNOWN.len()),
        }
    }
}

/// One event of one case row.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct Event {
    /// The day it happened.
    pub date: Date,
    /// What happened.
    pub kind: EventKind,
}

/// One row of the case export: a case and one suspect, with its events in date order.
#[derive(Debug, Clone, PartialEq)]
pub struct Case {
    /// 部门受案号.
    pub number: Box<str>,
    /// 嫌疑人编号; empty when the export has one row per case.
    pub suspect: Box<str>,
    /// 单位.
    pub unit: Sym,
    /// 部门.
    pub dept: Sym,
    /// 承办人: a personnel id or a name.
    pub handler: Sym,
    /// 案件类别.
    pub category: Category,
    /// 受理日期.
    pub received: Date,
    /// 是否羁押.
    pub detained: bool,
    /// 案件来源.
    pub source: Source,
    /// 履职类别.
    pub duty: Duty,
    /// Events, sorted by date and then by procedure order.
    pub events: Vec<Event>,
}

impl Case {
    /// Sorts the events by date, then procedure order, and drops exact repeats.
    pub fn normalise_events(&mut self) {
        self.events.sort_by_key(|e| (e.date, e.kind.rank(), e.kind));
        self.events.dedup();
    }

    /// The case row's key: 部门受案号 and 嫌疑人编号.
    pub fn key(&self) -> (&str, &str) {
        (&self.number, &self.suspect)
    }
}

/// Every case row, and the strings they share.
#[derive(Debug, Default, Clone)]
pub struct Dataset {
    /// Shared strings.
    pub strings: Strings,
    /// Case rows, sorted by key.
    pub cases: Vec<Case>,
}

impl Dataset {
    /// The rows of case `number` (all its suspects), by binary search on the sorted rows.
    pub fn rows_of(&self, number: &str) -> &[Case] {
        let start = self.cases.partition_point(|c| &*c.number < number);
        let end = self.cases.partition_point(|c| &*c.number <= number);
        &self.cases[start..end.max(start)]
    }

    /// Sorts the rows by key (the order of the files and of every listing).
    pub fn sort(&mut self) {
        self.cases.sort_by(|a, b| a.key().cmp(&b.key()));
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn known_and_unknown_names() {
        let mut strings = Strings::default();
        assert_eq!(
            Category::parse("审查起诉", &mut strings),
            Category::Prosecution
        );
        let other = Category::parse("羁押必要性审查", &mut strings);
        assert!(matches!(other, Category::Other(_)));
        assert_eq!(other.label(&strings), "羁押必要性审查");
        assert_eq!(EventKind::known("审结"), Some(EventKind::Concluded));
        assert_eq!(EventKind::KNOWN.len(), 12);
        assert_eq!(Source::KNOWN.len(), 3);
        assert_eq!(Duty::KNOWN.len(), 4);
    }

    #[test]
    fn same_day_events_follow_the_procedure() {
        let day = jiff::civil::date(2024, 3, 1);
        let mut strings = Strings::default();
        let mut case = Case {
            number: "A".into(),
            suspect: "".into(),
            unit: strings.intern("u"),
            dept: strings.intern("d"),
            handler: strings.intern("h"),
            category: Category::Prosecution,
            received: day,
            detained: false,
            source: Source::Transferred,
            duty: Duty::Criminal,
            events: vec![
                Event {
                    date: day,
                    kind: EventKind::Resubmitted,
                },
                Event {
                    date: day,
                    kind: EventKind::ReturnForInvestigation,
                },
                Event {
                    date: day,
                    kind: EventKind::Resubmitted,
                },
            ],
        };
        case.normalise_events();
        assert_eq!(
            case.events.iter().map(|e| e.kind).collect::<Vec<_>>(),
            [EventKind::ReturnForInvestigation, EventKind::Resubmitted]
        );
    }

    #[test]
    fn rows_of_a_case_are_found_by_number() {
        let mut data = Dataset::default();
        let day = jiff::civil::date(2024, 3, 1);
        for (number, suspect) in [("B", "2"), ("A", ""), ("B", "1"), ("C", "")] {
            let sym = data.strings.intern("x");
            data.cases.push(Case {
                number: number.into(),
                suspect: suspect.into(),
                unit: sym,
                dept: sym,
                handler: sym,
                category: Category::Arrest,
                received: day,
                detained: true,
                source: Source::Transferred,
                duty: Duty::Criminal,
                events: Vec::new(),
            });
        }
        data.sort();
        let rows = data.rows_of("B");
        assert_eq!(rows.len(), 2);
        assert_eq!(&*rows[0].suspect, "1");
        assert!(data.rows_of("Z").is_empty());
    }
}
