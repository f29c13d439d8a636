//! Dates: the one calendar-date type of zhijian, how people write dates, and "today".
//!
//! Every plugin and the CLI use [`Date`] (jiff's civil date: no time, no zone). A law
//! takes effect on a calendar day in China, so "today" is the machine's local date, not
//! UTC's: from 00:00 to 08:00 Beijing time UTC still says yesterday.

pub use jiff::civil::Date;

/// Environment variable that fixes "today" (`YYYY-MM-DD`), so tests can move time
/// without waiting; unset in normal use.
pub const TODAY_VAR: &str = "ZHIJIAN_TODAY";

/// Today's date in the machine's time zone (or [`TODAY_VAR`] when it is set to a date).
pub fn today() -> Date {
    if let Some(fixed) = std::env::var(TODAY_VAR).ok().and_then(|t| parse_date(&t)) {
        return fixed;
    }
    jiff::ZonedDateTime::now().date()
}

/// Reads a date as people write it: `2021-03-01`, `2021-3-1`, `2021/03/01`,
/// `2021.03.01` or `2021年3月1日`, full-width digits included. `None` for anything that
/// is not a real calendar date (2023-02-29, 2021-13-01).
pub fn parse_date(text: &str) -> Option<Date> {
    let cleaned: String = text
        .trim()
        .chars()
        .map(|c| match c {
            '/' | '.' | '年' | '月' | '－' | '／' | '．' => '-',
            '日' | '号' => ' ',
            c => crate::analysis::fold_char(c),
        })
        .collect();
    let mut parts = cleaned.trim().split('-');
    let year: i16 = parts.next()?.trim().parse().ok()?;
    let month: i8 = parts.next()?.trim().parse().ok()?;
    let day: i8 = parts.next()?.trim().parse().ok()?;
    if parts.next().is_some() || !(1000..=9999).contains(&year) {
        return None;
    }
    Date::new(year, month, day).ok()
}

/// A TOML value as a date: a TOML date (`2021-03-01`, no quotes) or a date string.
pub fn date_value(value: &toml::Value) -> Option<Date> {
    match value {
        toml::Value::Datetime(dt) => {
            let d = dt.date?;
            Date::new(
                i16::try_from(d.year).ok()?,
                i8::try_from(d.month).ok()?,
                i8::try_from(d.day).ok()?,
            )
            .ok()
        }
        toml::Value::String(s) => parse_date(s),
        _ => None,
    }
}

/// The date as a TOML date value (written without quotes).
pub fn toml_date(date: Date) -> toml::value::Datetime {
    toml::value::Datetime {
        date: Some(toml::value::Date {
            year: date.year() as u16,
            month: date.month() as u8,
            day: date.day() as u8,
        }),
        time: None,
        offset: None,
    }
}

/// The date as a number that sorts like the date (`20210301`), for index fields.
pub fn date_key(date: Date) -> u64 {
    date.year() as u64 * 10_000 + date.month() as u64 * 100 + date.day() as u64
}

/// `date` moved by `days` (saturating at the ends of the calendar).
pub fn add_days(date: Date, days: i64) -> Date {
    date.saturating_add(jiff::Span::new().days(days))
}

/// Days since 1970-01-01 (Howard Hinnant's `days_from_civil`): integer arithmetic
/// only, cheap enough for a lookup per case in a million.
pub fn day_number(date: Date) -> i64 {
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

/// Whole days from `from` to `to` (negative when `to` is earlier).
pub fn days_between(from: Date, to: Date) -> i64 {
    from.until(to).map_or(0, |span| i64::from(span.get_days()))
}

/// Serde for a date kept in a TOML file: written as a TOML date (`date = 2024-01-10`,
/// no quotes), read from a TOML date or any date string [`parse_date`] accepts.
///
/// Use with `#[serde(with = "zhijian_kb::time::toml_serde")]`.
pub mod toml_serde {
    use serde::{Deserialize, Deserializer, Serialize, Serializer};

    use super::{Date, date_value, toml_date};

    /// Writes `date` as a TOML date.
    pub fn serialize<S: Serializer>(date: &Date, serializer: S) -> Result<S::Ok, S::Error> {
        toml_date(*date).serialize(serializer)
    }

    /// Reads a TOML date or a date string.
    pub fn deserialize<'de, D: Deserializer<'de>>(deserializer: D) -> Result<Date, D::Error> {
        let value = toml::Value::deserialize(deserializer)?;
        date_value(&value)
            .ok_or_else(|| serde::de::Error::custom("expected a date like 2024-01-10"))
    }

    /// The same for an optional date (`#[serde(default, with = "…::toml_serde::option")]`).
    pub mod option {
        use serde::{Deserialize, Deserializer, Serializer};

        use super::super::{Date, date_value, toml_date};

        /// Writes the date as a TOML date; `None` is skipped by the caller's
        /// `skip_serializing_if`.
        pub fn serialize<S: Serializer>(
            date: &Option<Date>,
            serializer: S,
        ) -> Result<S::Ok, S::Error> {
            match date {
                Some(date) => serde::Serialize::serialize(&toml_date(*date), serializer),
                None => serializer.serialize_none(),
            }
        }

        /// Reads an optional TOML date or date string.
        pub fn deserialize<'de, D: Deserializer<'de>>(
            deserializer: D,
        ) -> Result<Option<Date>, D::Error> {
            let value = Option::<toml::Value>::deserialize(deserializer)?;
            match value {
                None => Ok(None),
                Some(v) => date_value(&v)
                    .map(Some)
                    .ok_or_else(|| serde::de::Error::custom("expected a date like 2024-01-10")),
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(text: &str) -> Option<String> {
        parse_date(text).map(|d| d.to_string())
    }

    #[test]
    fn dates_in_several_spellings() {
        assert_eq!(d("2021-3-1").as_deref(), Some("2021-03-01"));
        assert_eq!(d("2021年3月1日").as_deref(), Some("2021-03-01"));
        assert_eq!(d("２０２１年３月１日").as_deref(), Some("2021-03-01"));
        assert_eq!(d("2021/03/01").as_deref(), Some("2021-03-01"));
        assert_eq!(d("2021.03.01").as_deref(), Some("2021-03-01"));
        assert_eq!(d(" 2024-02-29 ").as_deref(), Some("2024-02-29"));
        for bad in [
            "2023-02-29",
            "昨天",
            "2021-13-01",
            "2021-01",
            "99-01-01",
            "2021-01-01-01",
            "",
        ] {
            assert_eq!(d(bad), None, "{bad:?} accepted");
        }
    }

    #[test]
    fn toml_values_and_keys() {
        let table: toml::Table =
            toml::from_str("a = 2021-03-01\nb = \"2021年3月1日\"\nc = 5").expect("toml");
        let a = date_value(&table["a"]).expect("date");
        assert_eq!(a.to_string(), "2021-03-01");
        assert_eq!(date_value(&table["b"]), Some(a));
        assert_eq!(date_value(&table["c"]), None);
        assert_eq!(date_key(a), 20_210_301);
        assert_eq!(toml_date(a).to_string(), "2021-03-01");
    }

    #[test]
    fn dates_in_toml_files_have_no_quotes() {
        #[derive(serde::Serialize, serde::Deserialize, PartialEq, Debug)]
        struct Row {
            #[serde(with = "toml_serde")]
            date: Date,
            #[serde(
                default,
                with = "toml_serde::option",
                skip_serializing_if = "Option::is_none"
            )]
            due: Option<Date>,
        }
        let row = Row {
            date: parse_date("2024-01-10").expect("date"),
            due: None,
        };
        let text = toml::to_string(&row).expect("toml");
        assert_eq!(text, "date = 2024-01-10\n");
        assert_eq!(toml::from_str::<Row>(&text).expect("read"), row);
        let quoted: Row =
            toml::from_str("date = \"2024年1月10日\"\ndue = 2024-02-01").expect("read");
        assert_eq!(
            quoted.due.map(|d| d.to_string()).as_deref(),
            Some("2024-02-01")
        );
    }

    #[test]
    fn days_between_dates() {
        let a = parse_date("2024-02-28").expect("date");
        let b = parse_date("2024-03-01").expect("date");
        assert_eq!(days_between(a, b), 2);
        assert_eq!(days_between(b, a), -2);
    }

    #[test]
    fn day_numbers_count_days_from_1970() {
        let date = |y, m, d| Date::new(y, m, d).expect("date");
        assert_eq!(day_number(date(1970, 1, 1)), 0);
        assert_eq!(day_number(date(1969, 12, 31)), -1);
        assert_eq!(add_days(date(2024, 12, 31), 1), date(2025, 1, 1));
        let mut day = date(1999, 12, 25);
        for _ in 0..3000 {
            let next = add_days(day, 1);
            assert_eq!(day_number(next), day_number(day) + 1, "{day}");
            day = next;
        }
    }

    #[test]
    fn today_is_a_real_date() {
        assert!(today().year() >= 2024);
    }
}
