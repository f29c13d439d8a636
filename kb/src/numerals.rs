//! Numbers written in Chinese numerals or Arabic digits: 一百三十三, 壹佰叁拾叁, 133, １３３.
//!
//! Laws, cases and dates write numbers both ways; everything that reads a number
//! people typed or a text printed goes through [`parse_chinese_number`].

/// Largest number [`parse_chinese_number`] accepts and [`to_chinese_number`] spells out.
pub const MAX_NUMBER: u32 = 99_999;

/// Value of an Arabic digit, ASCII or full-width.
pub fn arabic_digit(c: char) -> Option<u32> {
    match c {
        '0'..='9' => Some(c as u32 - '0' as u32),
        '０'..='９' => Some(c as u32 - '０' as u32),
        _ => None,
    }
}

/// Value of a Chinese digit, including the financial (大写) and traditional forms.
fn chinese_digit(c: char) -> Option<u32> {
    Some(match c {
        '零' | '〇' | '○' => 0,
        '一' | '壹' => 1,
        '二' | '两' | '兩' | '贰' | '貳' => 2,
        '三' | '叁' | '參' => 3,
        '四' | '肆' => 4,
        '五' | '伍' => 5,
        '六' | '陆' | '陸' => 6,
        '七' | '柒' => 7,
        '八' | '捌' => 8,
        '九' | '玖' => 9,
        _ => return None,
    })
}

/// Value of a Chinese place-value unit.
fn chinese_unit(c: char) -> Option<u32> {
    match c {
        '十' | '拾' => Some(10),
        '百' | '佰' => Some(100),
        '千' | '仟' => Some(1_000),
        '万' | '萬' => Some(10_000),
        _ => None,
    }
}

/// Whether `c` can be part of a written number in either script.
pub fn is_numeral_char(c: char) -> bool {
    arabic_digit(c).is_some() || chinese_digit(c).is_some() || chinese_unit(c).is_some()
}

/// Byte length of the run of numeral characters at the start of `s`.
pub fn numeral_run_len(s: &str) -> usize {
    s.char_indices()
        .find(|&(_, c)| !is_numeral_char(c))
        .map_or(s.len(), |(i, _)| i)
}

/// Parses a number written in Chinese numerals or in Arabic digits, in the range 0..=99_999.
///
/// Accepts standard forms (`一百三十三`, `十一`, `一百一十`, `一千零一`), `两` for two, `〇`/`零`
/// for zero, the financial forms (`壹贰叁`, `拾佰仟`), and strings of ASCII or full-width
/// digits (`133`, `１３３`). Ambiguous colloquial forms such as `一千一` (1001 or 1100?),
/// digit-by-digit spellings such as `一三三`, mixed scripts and surrounding whitespace are
/// rejected, as is anything above [`MAX_NUMBER`].
pub fn parse_chinese_number(s: &str) -> Option<u32> {
    if s.is_empty() {
        return None;
    }
    if s.chars().all(|c| arabic_digit(c).is_some()) {
        let mut n: u32 = 0;
        for d in s.chars().filter_map(arabic_digit) {
            // Checking after every digit keeps long digit strings from overflowing u32.
            n = n * 10 + d;
            if n > MAX_NUMBER {
                return None;
            }
        }
        return Some(n);
    }
    parse_chinese_numerals(s)
}

/// The Chinese-numeral half of [`parse_chinese_number`].
fn parse_chinese_numerals(s: &str) -> Option<u32> {
    let mut chars = s.chars();
    if let (Some(c), None) = (chars.next(), chars.next())
        && chinese_digit(c) == Some(0)
    {
        return Some(0);
    }
    let mut total: u32 = 0;
    // A digit waiting for the unit that follows it.
    let mut pending: Option<u32> = None;
    // Units must strictly decrease (一百三十, not 三十一百); this also caps the value at 99_999
    // because 万 is the largest unit and takes a single digit.
    let mut last_unit = u32::MAX;
    // A 零 seen since the last unit; it must stand for at least one skipped place.
    let mut zero = false;
    for c in s.chars() {
        if let Some(d) = chinese_digit(c) {
            if pending.is_some() {
                return None;
            }
            if d == 0 {
                if total == 0 || zero {
                    return None;
                }
                zero = true;
            } else {
                pending = Some(d);
            }
        } else if let Some(unit) = chinese_unit(c) {
            let coefficient = match pending.take() {
                Some(d) => d,
                // 十 alone means 一十, as in 十一 and 一百十.
                None if unit == 10 && !zero => 1,
                None => return None,
            };
            if unit >= last_unit || (zero && unit * 10 >= last_unit) {
                return None;
            }
            total += coefficient * unit;
            last_unit = unit;
            zero = false;
        } else {
            return None;
        }
    }
    match pending {
        // A bare final digit is the ones place only where that is unambiguous: alone (五),
        // after 零 (一百零五) or after the tens (三十五). 一百五 could mean 150 and is refused.
        Some(d) if total == 0 || zero || last_unit == 10 => Some(total + d),
        Some(_) => None,
        None if zero => None,
        None => Some(total),
    }
}

/// Spells `n` in standard Chinese numerals.
///
/// Produces the forms used in statute labels: `十` (not `一十`) for 10..=19, `一百一十` for 110,
/// `一千零一` for 1001, `二百` (not `两百`) and `零` for 0. Numbers above [`MAX_NUMBER`] are
/// returned in Arabic digits, which [`parse_chinese_number`] still reads back.
pub fn to_chinese_number(n: u32) -> String {
    const DIGITS: [char; 10] = ['零', '一', '二', '三', '四', '五', '六', '七', '八', '九'];
    const PLACES: [(u32, Option<char>); 5] = [
        (10_000, Some('万')),
        (1_000, Some('千')),
        (100, Some('百')),
        (10, Some('十')),
        (1, None),
    ];
    if n > MAX_NUMBER {
        return n.to_string();
    }
    if n == 0 {
        return "零".to_string();
    }
    let mut out = String::new();
    let mut rest = n;
    // Runs of empty places inside the number collapse into one 零; trailing ones vanish.
    let mut pending_zero = false;
    for (place, unit) in PLACES {
        let digit = rest / place;
        rest %= place;
        if digit == 0 {
            pending_zero |= !out.is_empty();
            continue;
        }
        if pending_zero {
            out.push('零');
            pending_zero = false;
        }
        if !(digit == 1 && place == 10 && out.is_empty()) {
            out.push(DIGITS[digit as usize]);
        }
        if let Some(unit) = unit {
            out.push(unit);
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_standard_chinese_numbers() {
        let cases = [
            ("零", 0),
            ("〇", 0),
            ("一", 1),
            ("九", 9),
            ("十", 10),
            ("十一", 11),
            ("十九", 19),
            ("二十", 20),
            ("二十一", 21),
            ("一百", 100),
            ("一百零一", 101),
            ("一百一十", 110),
            ("一百十", 110),
            ("一百三十三", 133),
            ("四百五十二", 452),
            ("两百", 200),
            ("二百", 200),
            ("一千", 1000),
            ("一千零一", 1001),
            ("一千零一十", 1010),
            ("一千一百", 1100),
            ("一千一十", 1010),
            ("两千零二十三", 2023),
            ("一万", 10_000),
            ("一万零一", 10_001),
            ("一万零一百", 10_100),
            ("九万九千九百九十九", 99_999),
        ];
        for (text, value) in cases {
            assert_eq!(parse_chinese_number(text), Some(value), "{text}");
        }
    }

    #[test]
    fn parses_financial_and_traditional_forms() {
        assert_eq!(parse_chinese_number("壹佰叁拾叁"), Some(133));
        assert_eq!(parse_chinese_number("贰拾"), Some(20));
        assert_eq!(parse_chinese_number("壹仟零壹"), Some(1001));
        assert_eq!(parse_chinese_number("兩萬"), Some(20_000));
    }

    #[test]
    fn parses_arabic_digits() {
        assert_eq!(parse_chinese_number("133"), Some(133));
        assert_eq!(parse_chinese_number("１３３"), Some(133));
        assert_eq!(parse_chinese_number("1３3"), Some(133));
        assert_eq!(parse_chinese_number("0"), Some(0));
        assert_eq!(parse_chinese_number("007"), Some(7));
        assert_eq!(parse_chinese_number("99999"), Some(99_999));
        assert_eq!(parse_chinese_number("100000"), None);
        assert_eq!(parse_chinese_number("99999999999999999999999"), None);
    }

    #[test]
    fn rejects_malformed_numbers() {
        let bad = [
            "",
            " 一",
            "一 ",
            "一二",
            "一三三",
            "百",
            "千",
            "万",
            "十万",
            "一百一",
            "一千一",
            "一百零",
            "零一",
            "一百零零一",
            "一百零十",
            "一千零十",
            "三十一百",
            "一百一百",
            "二十十",
            "1百",
            "一3",
            "abc",
            "第一",
            "-1",
            "+1",
            "一.五",
        ];
        for text in bad {
            assert_eq!(parse_chinese_number(text), None, "{text:?}");
        }
    }

    #[test]
    fn spells_chinese_numbers() {
        let cases = [
            (0, "零"),
            (1, "一"),
            (10, "十"),
            (11, "十一"),
            (20, "二十"),
            (101, "一百零一"),
            (110, "一百一十"),
            (133, "一百三十三"),
            (200, "二百"),
            (1001, "一千零一"),
            (1010, "一千零一十"),
            (1100, "一千一百"),
            (10_000, "一万"),
            (10_010, "一万零一十"),
            (10_100, "一万零一百"),
            (99_999, "九万九千九百九十九"),
        ];
        for (value, text) in cases {
            assert_eq!(to_chinese_number(value), text, "{value}");
        }
        assert_eq!(to_chinese_number(100_000), "100000");
    }

    #[test]
    fn numbers_round_trip_over_whole_range() {
        for n in 0..=MAX_NUMBER {
            assert_eq!(parse_chinese_number(&to_chinese_number(n)), Some(n), "{n}");
        }
    }

    // ---- ArticleNo ----
}
