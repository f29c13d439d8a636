//! Dates as case systems write them (`2024-03-01`, `2024年3月1日`), and day arithmetic.

use jiff::civil::Date;

/// Parses a date as case systems and people write it (`2024-03-01`, `2024年3月1日`, …); `None`
/// when it is not a real calendar day (2023-02-29). The platform's one date parser.
pub fn parse(text: &str) -> Option<Date> {
    zhijian_kb::time::parse_date(text)
}

/// The number of days from `from` to `to` (negative when `to` is earlier).
pub fn days_between(from: Date, to: Date) -> i64 {
    zhijian_kb::time::days_between(from, to)
}

/// `date` moved by `days` (saturating at the ends of the calendar).
pub fn add_days(date: Date, days: i64) -> Date {
    date.saturating_add(jiff::Span::new().days(days))
}

/// Days since 1970-01-01 (Howard Hinnant's `days_from_civil`): cheap enough to use per lookup.
pub fn ordinal(date: Date) -> i64 {
    let (y, m, d) = (
        i64::from(date.year()),
        i64::from(date.month()),
        i64::from(date.day()),
    );
    let y = if m <= 2 { y - 1 } else { y };
    let era = y.div_euclid(400);
    let yoe = y - era * 400;
    let doy = (153 * ((m + 9) % 12) + 2) / 5 + d - 1;
    era * 146_097 + yoe * 365 + yoe / 4 - yoe / 100 + doy - 719_468
}

#[cfg(test)]
mod tests {
    use super::*;
    use jiff::civil::date;

    #[test]
    fn both_forms_parse() {
        assert_eq!(parse("2024-03-01"), Some(date(2024, 3, 1)));
        assert_eq!(parse("2024-3-1"), Some(date(2024, 3, 1)));
        assert_eq!(parse(" 2024年3月1日 "), Some(date(2024, 3, 1)));
        assert_eq!(parse("2024年12月31日"), Some(date(2024, 12, 31)));
    }

    #[test]
    fn days_that_do_not_exist_and_other_forms_are_refused() {
        for bad in [
            "2023-02-29",
            "2024-13-01",
            "2024-04-31",
            "2024年2月30日",
            "20240301",
            "2024-03-01-02",
            "2024年3月",
            "",
            "024-03-01",
        ] {
            assert_eq!(parse(bad), None, "{bad}");
        }
        assert_eq!(parse("2024-02-29"), Some(date(2024, 2, 29)));
    }

    #[test]
    fn ordinals_count_days_from_1970() {
        assert_eq!(ordinal(date(1970, 1, 1)), 0);
        assert_eq!(ordinal(date(1969, 12, 31)), -1);
        assert_eq!(ordinal(date(2024, 3, 1)) - ordinal(date(2024, 2, 28)), 2);
        let mut day = date(1999, 12, 25);
        for _ in 0..3000 {
            let next = add_days(day, 1);
            assert_eq!(ordinal(next), ordinal(day) + 1, "{day}");
            day = next;
        }
    }

    #[test]
    fn day_arithmetic() {
        assert_eq!(days_between(date(2024, 2, 28), date(2024, 3, 1)), 2);
        assert_eq!(days_between(date(2024, 3, 1), date(2024, 2, 28)), -2);
        assert_eq!(add_days(date(2024, 12, 31), 1), date(2025, 1, 1));
    }
}
