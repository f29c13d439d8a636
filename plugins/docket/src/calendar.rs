//! The working-day calendar: weekends, public holidays and 调休 working days.
//!
//! Holidays of each year are set by a notice of the 国务院办公厅; the notices this crate ships
//! are in `data/holidays.toml`, one entry per year with the notice named. `zhijian.toml` can add
//! or correct days with `[calendar] holidays = [...]` and `workdays = [...]`.

use std::collections::BTreeSet;

use jiff::civil::{Date, Weekday};
use serde::Deserialize;

/// The shipped holiday data.
const SHIPPED: &str = include_str!("../data/holidays.toml");

/// Which days are working days.
#[derive(Debug, Clone, Default)]
pub struct Calendar {
    holidays: BTreeSet<Date>,
    workdays: BTreeSet<Date>,
    covered: BTreeSet<i16>,
    notices: Vec<(i16, String)>,
    /// Rest days precomputed for [`TABLE_FIRST`]..: `due` asks millions of times per run.
    table: Vec<bool>,
}

/// The first year of the precomputed table; days outside it are worked out each time.
const TABLE_FIRST: i16 = 2000;
/// The last year of the precomputed table.
const TABLE_LAST: i16 = 2060;

#[derive(Deserialize)]
struct Shipped {
    year: Vec<ShippedYear>,
}

#[derive(Deserialize)]
struct ShippedYear {
    year: i16,
    notices: Vec<String>,
    holidays: Vec<String>,
    workdays: Vec<String>,
}

impl Calendar {
    /// The calendar of the shipped notices.
    pub fn shipped() -> Result<Calendar, String> {
        let data: Shipped =
            toml::from_str(SHIPPED).map_err(|e| format!("data/holidays.toml: {e}"))?;
        let mut calendar = Calendar::default();
        for year in data.year {
            let expand = |text: &str| {
                expand(text).ok_or_else(|| format!("data/holidays.toml: bad date `{text}`"))
            };
            for text in &year.holidays {
                for day in expand(text)? {
                    calendar.holidays.insert(day);
                }
            }
            for text in &year.workdays {
                for day in expand(text)? {
                    calendar.workdays.insert(day);
                }
            }
            calendar.covered.insert(year.year);
            for notice in year.notices {
                calendar.notices.push((year.year, notice));
            }
        }
        calendar.fill_table();
        Ok(calendar)
    }

    fn table_start() -> i64 {
        zhijian_kb::time::day_number(Date::new(TABLE_FIRST, 1, 1).unwrap_or_default())
    }

    fn fill_table(&mut self) {
        let (Ok(first), Ok(last)) = (Date::new(TABLE_FIRST, 1, 1), Date::new(TABLE_LAST, 12, 31))
        else {
            return;
        };
        let mut table =
            Vec::with_capacity(zhijian_kb::time::days_between(first, last) as usize + 1);
        let mut day = first;
        while day <= last {
            table.push(self.compute_rest_day(day));
            day = zhijian_kb::time::add_days(day, 1);
        }
        self.table = table;
    }

    /// Adds the days of `[calendar]`: each becomes a holiday or a working day, whatever it was,
    /// and its year counts as covered.
    pub fn override_days(&mut self, holidays: &[Date], workdays: &[Date]) {
        for day in holidays {
            self.workdays.remove(day);
            self.holidays.insert(*day);
            self.covered.insert(day.year());
        }
        for day in workdays {
            self.holidays.remove(day);
            self.workdays.insert(*day);
            self.covered.insert(day.year());
        }
        self.fill_table();
    }

    /// True for a day off: a holiday, or a Saturday or Sunday that is not a 调休 working day.
    pub fn is_rest_day(&self, day: Date) -> bool {
        let at = zhijian_kb::time::day_number(day) - Self::table_start();
        match usize::try_from(at).ok().and_then(|i| self.table.get(i)) {
            Some(&rest) => rest,
            None => self.compute_rest_day(day),
        }
    }

    fn compute_rest_day(&self, day: Date) -> bool {
        if self.workdays.contains(&day) {
            return false;
        }
        self.holidays.contains(&day) || matches!(day.weekday(), Weekday::Saturday | Weekday::Sunday)
    }

    /// Whether the holidays of `year` are known (shipped or configured).
    pub fn covers(&self, year: i16) -> bool {
        self.covered.contains(&year)
    }

    /// The years whose holidays are known.
    pub fn covered_years(&self) -> impl Iterator<Item = i16> + '_ {
        self.covered.iter().copied()
    }

    /// The shipped notices, by year.
    pub fn notices(&self) -> &[(i16, String)] {
        &self.notices
    }

    /// The first working day on or after `day`, and whether every day looked at was covered.
    pub fn next_working_day(&self, day: Date) -> (Date, bool) {
        let mut at = day;
        let mut covered = self.covers(at.year());
        // The longest run of rest days in any notice is 10 days; 60 bounds a bad override.
        for _ in 0..60 {
            if !self.is_rest_day(at) {
                return (at, covered);
            }
            at = zhijian_kb::time::add_days(at, 1);
            covered &= self.covers(at.year());
        }
        (at, false)
    }
}

/// `2024-02-10` or `2024-02-10..2024-02-17` (both ends included); `None` when it is neither.
pub fn expand(text: &str) -> Option<Vec<Date>> {
    let (first, last) = match text.split_once("..") {
        Some((a, b)) => (
            zhijian_kb::time::parse_date(a)?,
            zhijian_kb::time::parse_date(b)?,
        ),
        None => {
            let day = zhijian_kb::time::parse_date(text)?;
            (day, day)
        }
    };
    if last < first || zhijian_kb::time::days_between(first, last) > 366 {
        return None;
    }
    let mut days = Vec::new();
    let mut at = first;
    while at <= last {
        days.push(at);
        at = zhijian_kb::time::add_days(at, 1);
    }
    Some(days)
}

#[cfg(test)]
mod tests {
    use super::*;
    use jiff::civil::date;

    fn shipped() -> Calendar {
        Calendar::shipped().expect("the shipped data parses")
    }

    #[test]
    fn every_shipped_year_names_its_notice() {
        let calendar = shipped();
        let years: Vec<i16> = calendar.covered_years().collect();
        assert_eq!(years, (2019..=2026).collect::<Vec<_>>());
        for year in years {
            let notices: Vec<&String> = calendar
                .notices()
                .iter()
                .filter(|(y, _)| *y == year)
                .map(|(_, n)| n)
                .collect();
            assert!(
                notices.iter().any(|n| n.starts_with("国务院办公厅关于")
                    && n.contains(&format!("{year}年"))
                    && n.contains("节假日安排的通知")),
                "{year}: {notices:?}"
            );
        }
    }

    #[test]
    fn make_up_working_days_are_weekend_days_and_holidays_are_not_working_days() {
        // The notices only ever move work onto a Saturday or Sunday; a weekday in `workdays`
        // would be a typo in the data.
        let calendar = shipped();
        for day in &calendar.workdays {
            assert!(
                matches!(day.weekday(), Weekday::Saturday | Weekday::Sunday),
                "{day} is a {:?}",
                day.weekday()
            );
            assert!(!calendar.holidays.contains(day), "{day} is both");
        }
        // Every year has its Spring Festival and National Day runs.
        for year in 2019..=2026 {
            let in_year = calendar
                .holidays
                .iter()
                .filter(|d| d.year() == year)
                .count();
            assert!(in_year >= 18, "{year}: only {in_year} holidays");
        }
    }

    #[test]
    fn rest_days_follow_the_notices() {
        let calendar = shipped();
        // 2024: 春节 2月10日至17日; 2月4日（星期日）、2月18日（星期日）上班.
        assert!(
            calendar.is_rest_day(date(2024, 2, 12)),
            "a Monday of the Spring Festival"
        );
        assert!(!calendar.is_rest_day(date(2024, 2, 18)), "a make-up Sunday");
        assert!(!calendar.is_rest_day(date(2024, 2, 4)));
        assert!(
            calendar.is_rest_day(date(2024, 2, 24)),
            "an ordinary Saturday"
        );
        assert!(
            !calendar.is_rest_day(date(2024, 2, 26)),
            "an ordinary Monday"
        );
        // 2020: the extended Spring Festival made Saturday 1 February a day off.
        assert!(calendar.is_rest_day(date(2020, 2, 1)));
        assert!(calendar.is_rest_day(date(2020, 1, 31)));
        assert!(!calendar.is_rest_day(date(2020, 2, 3)));
        // 2019: the adjusted Labour Day.
        assert!(calendar.is_rest_day(date(2019, 5, 4)));
        assert!(!calendar.is_rest_day(date(2019, 5, 5)));
        // 2023's New Year holiday began on 31 December 2022.
        assert!(calendar.is_rest_day(date(2023, 1, 2)));
        assert_eq!(
            calendar.next_working_day(date(2024, 10, 1)),
            (date(2024, 10, 8), true)
        );
        assert_eq!(
            calendar.next_working_day(date(2024, 10, 8)),
            (date(2024, 10, 8), true)
        );
    }

    #[test]
    fn overrides_win_and_cover_their_year() {
        let mut calendar = shipped();
        assert!(!calendar.covers(2027));
        let (_, covered) = calendar.next_working_day(date(2027, 1, 2));
        assert!(!covered, "2027 is not shipped");
        calendar.override_days(&[date(2027, 1, 1), date(2024, 2, 26)], &[date(2024, 2, 12)]);
        assert!(calendar.covers(2027));
        assert!(calendar.is_rest_day(date(2027, 1, 1)));
        assert!(calendar.is_rest_day(date(2024, 2, 26)), "an added holiday");
        assert!(
            !calendar.is_rest_day(date(2024, 2, 12)),
            "an added working day"
        );
        // Outside the precomputed years the same rules hold.
        assert!(calendar.is_rest_day(date(2150, 1, 3)), "a Saturday");
        assert!(!calendar.is_rest_day(date(2150, 1, 5)), "a Monday");
        assert!(calendar.is_rest_day(date(1980, 1, 5)), "a Saturday");
    }

    #[test]
    fn ranges_expand_and_bad_ranges_are_refused() {
        assert_eq!(expand("2024-02-10..2024-02-12").expect("range").len(), 3);
        assert_eq!(expand("2024-02-10").expect("day"), [date(2024, 2, 10)]);
        assert!(expand("2024-02-12..2024-02-10").is_none());
        assert!(expand("2024-02-30").is_none());
        assert!(expand("2020-01-01..2024-01-01").is_none());
    }
}
