//! The deadline engine: a case row's events open and close stages, each with its deadline and
//! the steps that made the deadline what it is.
//!
//! Rules (刑事诉讼法 2018 = 刑诉法; 人民检察院刑事诉讼规则 2019 = 规则):
//! - 审查逮捕: 7 days when the suspect is detained, 15 days otherwise (刑诉法 第九十一条第三款;
//!   规则 第二百八十二条); closed by 批准逮捕, 不批准逮捕 or 审结.
//! - 审查起诉: one month (刑诉法 第一百七十二条第一款; 规则 第三百五十一条); 延长审查起诉期限 moves
//!   the deadline 15 days later, once; closed by 提起公诉, 不起诉, 撤回起诉 or 审结.
//! - 退回补充侦查 ends the running 审查起诉 period and opens a one-month 补充侦查 stage; 重新移送审查起诉
//!   ends it and starts a new full 审查起诉 period; at most two 退回补充侦查 (刑诉法 第一百七十五条第三款;
//!   规则 第三百四十六条). A third one is noted and does not stop the clock.
//! - Counting (刑诉法 第一百零五条): the first day is not counted; a period whose last day is a rest
//!   day ends on the next working day, except while the suspect is detained.

use jiff::civil::Date;

use crate::calendar::Calendar;
use crate::model::{Case, Category, EventKind};
use crate::period::{self, Length};

/// Days an extension of the 审查起诉 period adds (刑诉法 第一百七十二条第一款).
pub const EXTENSION_DAYS: i64 = 15;
/// The most 退回补充侦查 one case may have (刑诉法 第一百七十五条第三款).
pub const MAX_RETURNS: u8 = 2;

/// What a stage is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum StageKind {
    /// 审查逮捕.
    Arrest,
    /// 审查起诉.
    Prosecution,
    /// 退回补充侦查: the investigators' month.
    Supplementary,
}

impl StageKind {
    /// The stage's name, as case systems write it.
    pub fn label(&self) -> &'static str {
        match self {
            StageKind::Arrest => "审查逮捕",
            StageKind::Prosecution => "审查起诉",
            StageKind::Supplementary => "退回补充侦查",
        }
    }
}

/// The statutory period a stage runs for.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Rule {
    /// 审查逮捕, suspect detained: 7 days.
    ArrestDetained,
    /// 审查逮捕, suspect not detained: 15 days.
    ArrestNotDetained,
    /// 审查起诉: one month.
    ProsecutionMonth,
    /// 补充侦查: one month.
    SupplementaryMonth,
}

impl Rule {
    /// How long the period is.
    pub fn length(&self) -> Length {
        match self {
            Rule::ArrestDetained => Length::Days(7),
            Rule::ArrestNotDetained => Length::Days(15),
            Rule::ProsecutionMonth | Rule::SupplementaryMonth => Length::Months(1),
        }
    }

    /// The provisions that set the period.
    pub fn source(&self) -> &'static str {
        match self {
            Rule::ArrestDetained => {
                "刑事诉讼法第九十一条第三款；人民检察院刑事诉讼规则第二百八十二条"
            }
            Rule::ArrestNotDetained => "人民检察院刑事诉讼规则第二百八十二条",
            Rule::ProsecutionMonth => {
                "刑事诉讼法第一百七十二条第一款；人民检察院刑事诉讼规则第三百五十一条"
            }
            Rule::SupplementaryMonth => {
                "刑事诉讼法第一百七十五条第三款；人民检察院刑事诉讼规则第三百四十六条"
            }
        }
    }
}

/// The provision for the counting of days (first day not counted, rest days).
pub const COUNTING_SOURCE: &str = "刑事诉讼法第一百零五条";
/// The provision for counting months.
pub const MONTH_SOURCE: &str = "最高人民法院关于适用《中华人民共和国刑事诉讼法》的解释第二百零二条";
/// The provision for extending the 审查起诉 period.
pub const EXTENSION_SOURCE: &str =
    "刑事诉讼法第一百七十二条第一款；人民检察院刑事诉讼规则第三百五十一条";
/// The provision for restarting the period and the limit of two returns.
pub const RETURN_SOURCE: &str =
    "刑事诉讼法第一百七十五条第三款；人民检察院刑事诉讼规则第三百四十六条";

/// What opened a stage.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Opening {
    /// The case was received (受理日期).
    Received,
    /// 退回补充侦查.
    Returned,
    /// 重新移送审查起诉.
    Resubmitted,
}

/// One step of the reasoning behind a deadline.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Step {
    /// The stage started on this day, which is not counted.
    Opened { on: Date, by: Opening },
    /// The statutory period ends on this day.
    Period { rule: Rule, end: Date },
    /// 延长审查起诉期限 on `on` moved the end 15 days later.
    Extended { on: Date, end: Date },
    /// The last day is a rest day; the period ends on the next working day.
    RestDay { last: Date, moved_to: Date },
    /// The last day is a rest day, but the suspect is detained: no extension.
    Detained { last: Date },
    /// The holidays of this year are not known: the deadline may be off.
    NotCovered { year: i16 },
}

/// A stage of a case row.
#[derive(Debug, Clone, PartialEq)]
pub struct Stage {
    /// What the stage is.
    pub kind: StageKind,
    /// 1 for the first period of its kind, 2 after the first 重新移送 or for the second 退回, …
    pub round: u8,
    /// The day it started.
    pub opened: Date,
    /// The day and event that closed it, if it is closed.
    pub closed: Option<(Date, EventKind)>,
    /// The last day of the period.
    pub deadline: Date,
    /// True when the deadline depends on holidays this calendar does not know.
    pub uncertain: bool,
    /// Why the deadline is what it is, in order.
    pub why: Vec<Step>,
}

/// Something in a case row's events the rules do not provide for.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Note {
    /// A third 退回补充侦查: the law allows two; it does not stop the clock.
    ThirdReturn(Date),
    /// A second 延长审查起诉期限 in one period: the law allows one; ignored.
    SecondExtension(Date),
    /// 延长, 退回 or 重新移送 while no 审查起诉 period runs; ignored.
    OutOfStage(Date, EventKind),
    /// An event of another kind of case (批准逮捕 on a 审查起诉 row); ignored for deadlines.
    OtherCategory(Date, EventKind),
    /// The 案件类别 has no deadline in this version.
    NoDeadline,
}

/// A case row's stages (in the order they opened) and what did not fit the rules.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Timeline {
    /// The stages.
    pub stages: Vec<Stage>,
    /// Events the rules do not provide for.
    pub notes: Vec<Note>,
}

impl Timeline {
    /// The stage still open, if any.
    pub fn open(&self) -> Option<&Stage> {
        self.stages.iter().find(|s| s.closed.is_none())
    }
}

/// A stage that is running, before its deadline is worked out.
struct Running {
    kind: StageKind,
    round: u8,
    opened: Date,
    by: Opening,
    rule: Rule,
    extended: Option<Date>,
}

impl Running {
    fn new(kind: StageKind, round: u8, opened: Date, by: Opening, rule: Rule) -> Running {
        Running {
            kind,
            round,
            opened,
            by,
            rule,
            extended: None,
        }
    }

    fn finish(
        self,
        closed: Option<(Date, EventKind)>,
        detained: bool,
        calendar: &Calendar,
        explain: bool,
    ) -> Stage {
        // Without `explain`, `why` stays empty and never allocates: `due` looks at every case.
        let mut why = Vec::new();
        let mut step = |s: Step| {
            if explain {
                why.push(s);
            }
        };
        step(Step::Opened {
            on: self.opened,
            by: self.by,
        });
        let mut last = period::end_of(self.opened, self.rule.length());
        step(Step::Period {
            rule: self.rule,
            end: last,
        });
        if let Some(on) = self.extended {
            last = zhijian_kb::time::add_days(last, EXTENSION_DAYS);
            step(Step::Extended { on, end: last });
        }
        let (deadline, uncertain) = if detained {
            if explain && calendar.is_rest_day(last) {
                step(Step::Detained { last });
            }
            (last, false)
        } else {
            let (day, covered) = calendar.next_working_day(last);
            if day != last {
                step(Step::RestDay {
                    last,
                    moved_to: day,
                });
            }
            if !covered {
                step(Step::NotCovered { year: last.year() });
            }
            (day, !covered)
        };
        Stage {
            kind: self.kind,
            round: self.round,
            opened: self.opened,
            closed,
            deadline,
            uncertain,
            why,
        }
    }
}

/// The stages of `case` as they stood on `as_of` (events after it are ignored; `None` = all).
pub fn timeline(case: &Case, as_of: Option<Date>, calendar: &Calendar) -> Timeline {
    build(case, as_of, calendar, true)
}

/// Only the stage open on `as_of`, without the reasoning: what `due` needs, for every case.
pub fn open_stage(case: &Case, as_of: Date, calendar: &Calendar) -> Option<Stage> {
    build(case, Some(as_of), calendar, false).stages.pop()
}

/// The state machine; with `full` false, closed stages, steps and notes are skipped.
fn build(case: &Case, as_of: Option<Date>, calendar: &Calendar, full: bool) -> Timeline {
    let events = case
        .events
        .iter()
        .filter(|e| as_of.is_none_or(|day| e.date <= day) && e.date >= case.received);
    let mut out = Timeline::default();
    let detained = case.detained;
    match case.category {
        Category::Arrest => {
            let rule = if detained {
                Rule::ArrestDetained
            } else {
                Rule::ArrestNotDetained
            };
            let mut running = Some(Running::new(
                StageKind::Arrest,
                1,
                case.received,
                Opening::Received,
                rule,
            ));
            for event in events {
                match event.kind {
                    EventKind::ArrestApproved | EventKind::ArrestRefused | EventKind::Concluded => {
                        if let Some(stage) = running.take()
                            && full
                        {
                            out.stages.push(stage.finish(
                                Some((event.date, event.kind)),
                                detained,
                                calendar,
                                true,
                            ));
                        }
                    }
                    EventKind::ExtendProsecution
                    | EventKind::ReturnForInvestigation
                    | EventKind::Resubmitted
                    | EventKind::Prosecuted
                    | EventKind::NotProsecuted
                    | EventKind::ProsecutionWithdrawn => {
                        out.notes.push(Note::OtherCategory(event.date, event.kind));
                    }
                    _ => {}
                }
            }
            if let Some(stage) = running {
                out.stages
                    .push(stage.finish(None, detained, calendar, full));
            }
        }
        Category::Prosecution => prosecution(case, events, calendar, full, &mut out),
        _ => out.notes.push(Note::NoDeadline),
    }
    out
}

fn prosecution<'a>(
    case: &Case,
    events: impl Iterator<Item = &'a crate::model::Event>,
    calendar: &Calendar,
    full: bool,
    out: &mut Timeline,
) {
    let detained = case.detained;
    let mut running = Some(Running::new(
        StageKind::Prosecution,
        1,
        case.received,
        Opening::Received,
        Rule::ProsecutionMonth,
    ));
    let mut returns = 0u8;
    let mut rounds = 1u8;
    for event in events {
        let in_kind = running.as_ref().map(|r| r.kind);
        match (event.kind, in_kind) {
            (EventKind::ExtendProsecution, Some(StageKind::Prosecution)) => {
                if let Some(stage) = running.as_mut() {
                    if stage.extended.is_some() {
                        out.notes.push(Note::SecondExtension(event.date));
                    } else {
                        stage.extended = Some(event.date);
                    }
                }
            }
            (EventKind::ReturnForInvestigation, Some(StageKind::Prosecution)) => {
                if returns >= MAX_RETURNS {
                    out.notes.push(Note::ThirdReturn(event.date));
                    continue;
                }
                returns += 1;
                if let Some(stage) = running.take()
                    && full
                {
                    out.stages.push(stage.finish(
                        Some((event.date, event.kind)),
                        detained,
                        calendar,
                        true,
                    ));
                }
                running = Some(Running::new(
                    StageKind::Supplementary,
                    returns,
                    event.date,
                    Opening::Returned,
                    Rule::SupplementaryMonth,
                ));
            }
            (EventKind::Resubmitted, Some(StageKind::Supplementary)) => {
                if let Some(stage) = running.take()
                    && full
                {
                    out.stages.push(stage.finish(
                        Some((event.date, event.kind)),
                        detained,
                        calendar,
                        true,
                    ));
                }
                rounds += 1;
                running = Some(Running::new(
                    StageKind::Prosecution,
                    rounds,
                    event.date,
                    Opening::Resubmitted,
                    Rule::ProsecutionMonth,
                ));
            }
            (
                EventKind::ExtendProsecution
                | EventKind::ReturnForInvestigation
                | EventKind::Resubmitted,
                _,
            ) => out.notes.push(Note::OutOfStage(event.date, event.kind)),
            (
                EventKind::Prosecuted
                | EventKind::NotProsecuted
                | EventKind::ProsecutionWithdrawn
                | EventKind::Concluded,
                Some(_),
            ) => {
                if let Some(stage) = running.take()
                    && full
                {
                    out.stages.push(stage.finish(
                        Some((event.date, event.kind)),
                        detained,
                        calendar,
                        true,
                    ));
                }
            }
            (EventKind::ArrestApproved | EventKind::ArrestRefused, _) => {
                out.notes.push(Note::OtherCategory(event.date, event.kind));
            }
            _ => {}
        }
    }
    if let Some(stage) = running {
        out.stages
            .push(stage.finish(None, detained, calendar, full));
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{Duty, Event, Source, Strings};
    use jiff::civil::date;

    fn calendar() -> Calendar {
        Calendar::shipped().expect("shipped calendar")
    }

    fn case(
        category: Category,
        received: Date,
        detained: bool,
        events: &[(Date, EventKind)],
    ) -> Case {
        let mut strings = Strings::default();
        let sym = strings.intern("x");
        let mut case = Case {
            number: "测检刑诉受[2024]1号".into(),
            suspect: "".into(),
            unit: sym,
            dept: sym,
            handler: sym,
            category,
            received,
            detained,
            source: Source::Transferred,
            duty: Duty::Criminal,
            events: events
                .iter()
                .map(|&(date, kind)| Event { date, kind })
                .collect(),
        };
        case.normalise_events();
        case
    }

    fn deadlines(timeline: &Timeline) -> Vec<(StageKind, Date, bool)> {
        timeline
            .stages
            .iter()
            .map(|s| (s.kind, s.deadline, s.closed.is_some()))
            .collect()
    }

    #[test]
    fn arrest_review_takes_seven_days_for_a_detained_suspect() {
        let t = timeline(
            &case(Category::Arrest, date(2024, 3, 1), true, &[]),
            None,
            &calendar(),
        );
        assert_eq!(
            deadlines(&t),
            [(StageKind::Arrest, date(2024, 3, 8), false)]
        );
        assert_eq!(
            t.stages[0].why[1],
            Step::Period {
                rule: Rule::ArrestDetained,
                end: date(2024, 3, 8)
            }
        );
    }

    #[test]
    fn a_detained_suspects_period_is_never_extended_for_a_holiday() {
        // 2024-09-26 + 7 days = 3 October, inside the National Day holiday.
        let t = timeline(
            &case(Category::Arrest, date(2024, 9, 26), true, &[]),
            None,
            &calendar(),
        );
        assert_eq!(t.stages[0].deadline, date(2024, 10, 3));
        assert!(t.stages[0].why.contains(&Step::Detained {
            last: date(2024, 10, 3)
        }));
    }

    #[test]
    fn arrest_review_takes_fifteen_days_and_moves_past_holidays_when_not_detained() {
        // 2024-09-20 + 15 days = 5 October (holiday): ends on Tuesday 8 October.
        let t = timeline(
            &case(Category::Arrest, date(2024, 9, 20), false, &[]),
            None,
            &calendar(),
        );
        assert_eq!(t.stages[0].deadline, date(2024, 10, 8));
        assert!(t.stages[0].why.contains(&Step::RestDay {
            last: date(2024, 10, 5),
            moved_to: date(2024, 10, 8)
        }));
        // A make-up working day (Sunday 29 September 2024) is not a rest day.
        let t = timeline(
            &case(Category::Arrest, date(2024, 9, 14), false, &[]),
            None,
            &calendar(),
        );
        assert_eq!(t.stages[0].deadline, date(2024, 9, 29));
        // A plain weekend moves to Monday.
        let t = timeline(
            &case(Category::Arrest, date(2024, 3, 1), false, &[]),
            None,
            &calendar(),
        );
        assert_eq!(
            t.stages[0].deadline,
            date(2024, 3, 18),
            "16 March 2024 is a Saturday"
        );
    }

    #[test]
    fn arrest_decisions_close_the_stage() {
        let c = case(
            Category::Arrest,
            date(2024, 3, 1),
            true,
            &[(date(2024, 3, 6), EventKind::ArrestRefused)],
        );
        let t = timeline(&c, None, &calendar());
        assert_eq!(
            t.stages[0].closed,
            Some((date(2024, 3, 6), EventKind::ArrestRefused))
        );
        assert!(t.open().is_none());
        // Seen on 5 March, the decision has not happened yet.
        let t = timeline(&c, Some(date(2024, 3, 5)), &calendar());
        assert!(t.open().is_some());
    }

    #[test]
    fn prosecution_review_takes_one_month_with_the_month_rule() {
        let cal = calendar();
        let end = |received, detained| {
            timeline(
                &case(Category::Prosecution, received, detained, &[]),
                None,
                &cal,
            )
            .stages[0]
                .deadline
        };
        assert_eq!(end(date(2024, 3, 15), true), date(2024, 4, 15));
        assert_eq!(
            end(date(2024, 1, 31), true),
            date(2024, 2, 29),
            "last day to last day"
        );
        assert_eq!(end(date(2023, 1, 31), true), date(2023, 2, 28));
        assert_eq!(
            end(date(2024, 1, 30), true),
            date(2024, 2, 29),
            "no 30 February"
        );
        assert_eq!(
            end(date(2023, 2, 28), true),
            date(2023, 3, 31),
            "last day of February"
        );
        // 31 March 2024 is a Sunday: detained, it stays; not detained, it moves to Monday.
        assert_eq!(end(date(2024, 2, 29), true), date(2024, 3, 31));
        assert_eq!(end(date(2024, 2, 29), false), date(2024, 4, 1));
        // 1 May 2024 falls in the Labour Day holiday (1–5 May): the next working day is the 6th.
        assert_eq!(end(date(2024, 4, 1), false), date(2024, 5, 6));
    }

    #[test]
    fn an_extension_adds_fifteen_days_once() {
        let cal = calendar();
        let c = case(
            Category::Prosecution,
            date(2024, 3, 1),
            true,
            &[(date(2024, 3, 25), EventKind::ExtendProsecution)],
        );
        let t = timeline(&c, None, &cal);
        assert_eq!(t.stages[0].deadline, date(2024, 4, 16));
        assert!(t.stages[0].why.contains(&Step::Extended {
            on: date(2024, 3, 25),
            end: date(2024, 4, 16)
        }));
        // Before the extension, the deadline is the plain month.
        assert_eq!(
            timeline(&c, Some(date(2024, 3, 24)), &cal).stages[0].deadline,
            date(2024, 4, 1)
        );
        let twice = case(
            Category::Prosecution,
            date(2024, 3, 1),
            true,
            &[
                (date(2024, 3, 25), EventKind::ExtendProsecution),
                (date(2024, 4, 10), EventKind::ExtendProsecution),
            ],
        );
        let t = timeline(&twice, None, &cal);
        assert_eq!(t.stages[0].deadline, date(2024, 4, 16));
        assert_eq!(t.notes, [Note::SecondExtension(date(2024, 4, 10))]);
    }

    #[test]
    fn two_returns_restart_the_period_and_a_third_does_not() {
        let cal = calendar();
        let c = case(
            Category::Prosecution,
            date(2024, 1, 10),
            true,
            &[
                (date(2024, 1, 15), EventKind::ExtendProsecution),
                (date(2024, 1, 20), EventKind::ReturnForInvestigation),
                (date(2024, 2, 19), EventKind::Resubmitted),
                (date(2024, 3, 1), EventKind::ReturnForInvestigation),
                (date(2024, 3, 29), EventKind::Resubmitted),
                (date(2024, 4, 10), EventKind::ReturnForInvestigation),
            ],
        );
        let t = timeline(&c, None, &cal);
        assert_eq!(
            deadlines(&t),
            [
                (StageKind::Prosecution, date(2024, 2, 25), true),
                (StageKind::Supplementary, date(2024, 2, 20), true),
                (StageKind::Prosecution, date(2024, 3, 19), true),
                (StageKind::Supplementary, date(2024, 4, 1), true),
                (StageKind::Prosecution, date(2024, 4, 29), false),
            ]
        );
        assert_eq!(t.stages[4].round, 3);
        let open = open_stage(&c, date(2024, 4, 30), &cal).expect("open");
        assert_eq!(
            (open.kind, open.round, open.deadline),
            (StageKind::Prosecution, 3, date(2024, 4, 29))
        );
        assert!(open.why.is_empty(), "no reasoning is kept for due");
        assert!(
            open_stage(&c, date(2024, 1, 25), &cal)
                .is_some_and(|s| s.kind == StageKind::Supplementary)
        );
        assert_eq!(
            t.stages[4].why[0],
            Step::Opened {
                on: date(2024, 3, 29),
                by: Opening::Resubmitted
            }
        );
        assert_eq!(t.notes, [Note::ThirdReturn(date(2024, 4, 10))]);
    }

    #[test]
    fn a_restarted_period_moves_past_holidays_when_not_detained() {
        // Resubmitted 2024-09-05: one month is 5 October, a holiday; ends 8 October.
        let c = case(
            Category::Prosecution,
            date(2024, 8, 1),
            false,
            &[
                (date(2024, 8, 10), EventKind::ReturnForInvestigation),
                (date(2024, 9, 5), EventKind::Resubmitted),
            ],
        );
        let t = timeline(&c, None, &calendar());
        assert_eq!(t.open().map(|s| s.deadline), Some(date(2024, 10, 8)));
    }

    #[test]
    fn decisions_close_and_later_events_do_not_reopen() {
        let c = case(
            Category::Prosecution,
            date(2024, 3, 1),
            false,
            &[
                (date(2024, 3, 20), EventKind::Prosecuted),
                (date(2024, 6, 1), EventKind::SentenceAdopted),
                (date(2024, 6, 2), EventKind::ExtendProsecution),
            ],
        );
        let t = timeline(&c, None, &calendar());
        assert!(t.open().is_none());
        assert_eq!(
            t.notes,
            [Note::OutOfStage(
                date(2024, 6, 2),
                EventKind::ExtendProsecution
            )]
        );
    }

    #[test]
    fn resubmission_without_a_return_and_other_categories_are_noted() {
        let c = case(
            Category::Prosecution,
            date(2024, 3, 1),
            true,
            &[(date(2024, 3, 2), EventKind::Resubmitted)],
        );
        let t = timeline(&c, None, &calendar());
        assert_eq!(
            t.notes,
            [Note::OutOfStage(date(2024, 3, 2), EventKind::Resubmitted)]
        );
        assert_eq!(t.open().map(|s| s.deadline), Some(date(2024, 4, 1)));
        let c = case(Category::CivilSupervision, date(2024, 3, 1), false, &[]);
        let t = timeline(&c, None, &calendar());
        assert!(t.stages.is_empty());
        assert_eq!(t.notes, [Note::NoDeadline]);
    }

    #[test]
    fn a_year_without_holiday_data_makes_the_deadline_uncertain() {
        let cal = calendar();
        let t = timeline(
            &case(Category::Prosecution, date(2030, 1, 2), false, &[]),
            None,
            &cal,
        );
        assert!(t.stages[0].uncertain);
        assert!(t.stages[0].why.contains(&Step::NotCovered { year: 2030 }));
        // Detained: holidays do not matter, so the deadline is certain.
        let t = timeline(
            &case(Category::Prosecution, date(2030, 1, 2), true, &[]),
            None,
            &cal,
        );
        assert!(!t.stages[0].uncertain);
    }
}
