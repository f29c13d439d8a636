//! Counting periods: days and months, the first day not counted.
//!
//! 刑事诉讼法 第一百零五条: periods are counted in hours, days and months, and the day a period
//! starts is not counted, so a 7-day period starting on the 1st ends on the 8th. Months follow
//! 最高人民法院关于适用《中华人民共和国刑事诉讼法》的解释 (2021) 第二百零二条: from a day of one month
//! to the same day of the next is one month; a period starting on the last day of a month ends on
//! the last day of the next; where the next month has no such day, it ends on its last day.

use jiff::civil::Date;

/// The length of a statutory period.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Length {
    /// So many days.
    Days(i64),
    /// So many months.
    Months(u8),
}

/// The last day of a period of `length` starting on `start` (which is not counted).
pub fn end_of(start: Date, length: Length) -> Date {
    match length {
        Length::Days(days) => zhijian_kb::time::add_days(start, days),
        Length::Months(months) => (0..months).fold(start, |at, _| one_month_after(at)),
    }
}

/// The day one month after `start`, by the month rule of the judicial interpretation.
pub fn one_month_after(start: Date) -> Date {
    let last_of_start = start.last_of_month();
    let first_of_next = zhijian_kb::time::add_days(last_of_start, 1);
    let last_of_next = first_of_next.last_of_month();
    if start == last_of_start || start.day() > last_of_next.day() {
        last_of_next
    } else {
        Date::new(first_of_next.year(), first_of_next.month(), start.day()).unwrap_or(last_of_next)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use jiff::civil::date;

    #[test]
    fn days_do_not_count_the_first_day() {
        assert_eq!(end_of(date(2024, 3, 1), Length::Days(7)), date(2024, 3, 8));
        assert_eq!(
            end_of(date(2024, 12, 20), Length::Days(15)),
            date(2025, 1, 4)
        );
    }

    #[test]
    fn a_month_is_to_the_same_day_of_the_next_month() {
        assert_eq!(one_month_after(date(2024, 3, 15)), date(2024, 4, 15));
        assert_eq!(one_month_after(date(2024, 12, 10)), date(2025, 1, 10));
    }

    #[test]
    fn from_the_last_day_of_a_month_to_the_last_day_of_the_next() {
        assert_eq!(one_month_after(date(2024, 1, 31)), date(2024, 2, 29));
        assert_eq!(one_month_after(date(2023, 1, 31)), date(2023, 2, 28));
        // February's last day leads to the 31st, not to the 28th or 29th of March.
        assert_eq!(one_month_after(date(2023, 2, 28)), date(2023, 3, 31));
        assert_eq!(one_month_after(date(2024, 2, 29)), date(2024, 3, 31));
        assert_eq!(one_month_after(date(2024, 4, 30)), date(2024, 5, 31));
    }

    #[test]
    fn a_day_the_next_month_lacks_ends_on_its_last_day() {
        assert_eq!(one_month_after(date(2024, 1, 30)), date(2024, 2, 29));
        assert_eq!(one_month_after(date(2023, 1, 29)), date(2023, 2, 28));
        assert_eq!(one_month_after(date(2024, 3, 31)), date(2024, 4, 30));
        // Not the last day of a leap February: same day of March.
        assert_eq!(one_month_after(date(2024, 2, 28)), date(2024, 3, 28));
        assert_eq!(
            end_of(date(2024, 1, 31), Length::Months(2)),
            date(2024, 3, 31)
        );
    }
}
