//! Dates as case systems write them: `2024-03-01` or `2024年3月1日`.

use jiff::civil::Date;

/// Parses `YYYY-MM-DD` (also `YYYY-M-D`) or `YYYY年M月D日`; `None` when it is neither or the
/// day does not exist (2023-02-29).
pub fn parse(text: &str) -> Option<Date> {
    let text = text.trim();
    let (year, month, day) = if let Some(rest) = text.strip_suffix('日') {
        let (year, rest) = rest.split_once('年')?;
        let (month, day) = rest.split_once('月')?;
        (year, month, day)
    } else {
        let mut parts = text.split('-');
        let parts = (parts.next()?, parts.next()?, parts.next()?, parts.next());
        if parts.3.is_some() {
            return None;
        }
        (parts.0, parts.1, parts.2)
    };
    let number = |s: &str, max_len: usize| -> Option<i64> {
        let s = s.trim();
        (!s.is_empty() && s.len() <= max_len && s.bytes().all(|b| b.is_ascii_digit()))
            .then(|| s.parse().ok())
            .flatten()
    };
    let year = i16::try_from(number(year, 4)?).ok()?;
    let month = i8::try_from(number(month, 2)?).ok()?;
    let day = i8::try_from(number(day, 2)?).ok()?;
    if year < 1000 {
        return None;
    }
    Date::new(year, month, day).ok()
}

/// The number of days from `from` to `to` (negative when `to` is earlier).
pub fn days_between(from: Date, to: Date) -> i64 {
    to.since(from).map_or(0, |span| i64::from(span.get_days()))
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
            "2024/03/01",
            "20240301",
            "2024-03-01-02",
            "2024年3月",
            "",
            "024-03-01",
            "2024-+3-01",
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
