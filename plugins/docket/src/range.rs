//! A period of days (`--from`, `--to`) and the groups a count can be split into.

use jiff::civil::Date;

/// Days from `from` to `to`, both included; an open end is unbounded.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Range {
    /// The first day, if bounded.
    pub from: Option<Date>,
    /// The last day, if bounded.
    pub to: Option<Date>,
}

impl Range {
    /// Whether `day` is inside.
    pub fn contains(&self, day: Date) -> bool {
        self.from.is_none_or(|from| day >= from) && self.to.is_none_or(|to| day <= to)
    }
}

/// A calendar month or quarter, for trends.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Bucket {
    /// The whole period.
    Whole,
    /// A month.
    Month(i16, i8),
    /// A quarter (1–4).
    Quarter(i16, i8),
}

/// How a trend is cut.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Period {
    /// No cut.
    Whole,
    /// By month.
    Month,
    /// By quarter.
    Quarter,
}

impl Period {
    /// The bucket `day` falls in.
    pub fn bucket(&self, day: Date) -> Bucket {
        match self {
            Period::Whole => Bucket::Whole,
            Period::Month => Bucket::Month(day.year(), day.month()),
            Period::Quarter => Bucket::Quarter(day.year(), (day.month() - 1) / 3 + 1),
        }
    }
}

impl Bucket {
    /// `2024-03`, `2024Q1`, or empty for the whole period.
    pub fn label(&self) -> String {
        match self {
            Bucket::Whole => String::new(),
            Bucket::Month(year, month) => format!("{year:04}-{month:02}"),
            Bucket::Quarter(year, quarter) => format!("{year:04}Q{quarter}"),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use jiff::civil::date;

    #[test]
    fn ranges_include_both_ends() {
        let range = Range {
            from: Some(date(2024, 1, 1)),
            to: Some(date(2024, 1, 31)),
        };
        assert!(range.contains(date(2024, 1, 1)));
        assert!(range.contains(date(2024, 1, 31)));
        assert!(!range.contains(date(2024, 2, 1)));
        assert!(Range::default().contains(date(1999, 1, 1)));
    }

    #[test]
    fn buckets() {
        assert_eq!(Period::Quarter.bucket(date(2024, 3, 31)).label(), "2024Q1");
        assert_eq!(Period::Quarter.bucket(date(2024, 10, 1)).label(), "2024Q4");
        assert_eq!(Period::Month.bucket(date(2024, 3, 31)).label(), "2024-03");
        assert_eq!(Period::Whole.bucket(date(2024, 3, 31)), Bucket::Whole);
    }
}
