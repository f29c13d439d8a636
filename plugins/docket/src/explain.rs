//! Deadlines in words: each step of a stage's reasoning and each note, with the provision.

use crate::messages::{self as m, Lang};
use crate::model::{Category, Strings};
use crate::period::Length;
use crate::stages::{self, Note, Opening, Step};

/// One step as a sentence.
pub fn step(step: &Step, lang: Lang) -> String {
    match *step {
        Step::Opened {
            on,
            by: Opening::Received,
        } => m::STEP_RECEIVED.fill(lang, &[("date", &on), ("source", &stages::COUNTING_SOURCE)]),
        Step::Opened {
            on,
            by: Opening::Returned,
        } => m::STEP_RETURNED.fill(lang, &[("date", &on)]),
        Step::Opened {
            on,
            by: Opening::Resubmitted,
        } => m::STEP_RESUBMITTED.fill(lang, &[("date", &on), ("source", &stages::RETURN_SOURCE)]),
        Step::Period { rule, end } => match rule.length() {
            Length::Days(n) => m::STEP_DAYS.fill(
                lang,
                &[("n", &n), ("source", &rule.source()), ("end", &end)],
            ),
            Length::Months(_) => m::STEP_MONTH.fill(
                lang,
                &[
                    ("source", &rule.source()),
                    ("month", &stages::MONTH_SOURCE),
                    ("end", &end),
                ],
            ),
        },
        Step::Extended { on, end } => m::STEP_EXTENDED.fill(
            lang,
            &[
                ("date", &on),
                ("source", &stages::EXTENSION_SOURCE),
                ("end", &end),
            ],
        ),
        Step::RestDay { last, moved_to } => m::STEP_REST_DAY.fill(
            lang,
            &[
                ("last", &last),
                ("moved", &moved_to),
                ("source", &stages::COUNTING_SOURCE),
            ],
        ),
        Step::Detained { last } => m::STEP_DETAINED.fill(
            lang,
            &[("last", &last), ("source", &stages::COUNTING_SOURCE)],
        ),
        Step::NotCovered { year } => m::STEP_NOT_COVERED.fill(lang, &[("year", &year)]),
    }
}

/// A short name for the rule behind a step, for JSON (`period`, `rest_day`, …).
pub fn step_key(step: &Step) -> &'static str {
    match step {
        Step::Opened { .. } => "opened",
        Step::Period { .. } => "period",
        Step::Extended { .. } => "extended",
        Step::RestDay { .. } => "rest_day",
        Step::Detained { .. } => "detained",
        Step::NotCovered { .. } => "holidays_unknown",
    }
}

/// One note as a sentence.
pub fn note(note: &Note, category: Category, strings: &Strings, lang: Lang) -> String {
    match *note {
        Note::ThirdReturn(date) => {
            m::NOTE_THIRD_RETURN.fill(lang, &[("date", &date), ("source", &stages::RETURN_SOURCE)])
        }
        Note::SecondExtension(date) => m::NOTE_SECOND_EXTENSION.fill(
            lang,
            &[("date", &date), ("source", &stages::EXTENSION_SOURCE)],
        ),
        Note::OutOfStage(date, kind) => {
            m::NOTE_OUT_OF_STAGE.fill(lang, &[("date", &date), ("event", &kind.label(strings))])
        }
        Note::OtherCategory(date, kind) => {
            m::NOTE_OTHER_CATEGORY.fill(lang, &[("date", &date), ("event", &kind.label(strings))])
        }
        Note::NoDeadline => {
            m::NOTE_NO_DEADLINE.fill(lang, &[("category", &category.label(strings))])
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use jiff::civil::date;

    #[test]
    fn steps_name_their_provision() {
        let text = step(
            &Step::RestDay {
                last: date(2024, 10, 5),
                moved_to: date(2024, 10, 8),
            },
            Lang::Zh,
        );
        assert_eq!(
            text,
            "2024-10-05 为节假日，以节假日后的第一日 2024-10-08 为期满日期（刑事诉讼法第一百零五条第四款）"
        );
        let text = step(
            &Step::Period {
                rule: stages::Rule::ArrestDetained,
                end: date(2024, 3, 8),
            },
            Lang::En,
        );
        assert_eq!(
            text,
            "7 days (刑事诉讼法第九十一条第三款；人民检察院刑事诉讼规则第二百八十二条), to 2024-03-08"
        );
    }
}
