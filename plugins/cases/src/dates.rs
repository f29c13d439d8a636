//! Dates written in a case's text (2015年3月12日, 2015年3月), for cases whose source
//! gives no publication date: the latest of them bounds when the case was decided
//! from below.

/// The latest date written as `YYYY年M月[D日]` in `text`, as `YYYY-MM-DD`.
///
/// A month without a day counts as its 28th, so that 2018年10月 is not taken to
/// lie before something that took effect on 2018-10-26.
pub fn latest_date(text: &str) -> Option<String> {
    let mut latest: Option<(u32, u32, u32)> = None;
    for (at, _) in text.match_indices('年') {
        let year_digits: String = text[..at]
            .chars()
            .rev()
            .take_while(char::is_ascii_digit)
            .collect();
        if year_digits.len() != 4 {
            continue;
        }
        let Ok(year) = year_digits.chars().rev().collect::<String>().parse::<u32>() else {
            continue;
        };
        let rest = &text[at + '年'.len_utf8()..];
        let Some((month, rest)) = number_before(rest, '月') else {
            continue;
        };
        let day = number_before(rest, '日').map_or(28, |(day, _)| day);
        if (1949..=2100).contains(&year) && (1..=12).contains(&month) && (1..=31).contains(&day) {
            latest = latest.max(Some((year, month, day)));
        }
    }
    latest.map(|(y, m, d)| format!("{y:04}-{m:02}-{d:02}"))
}

/// `12月…` → (12, "…"): one or two ASCII digits directly followed by `unit`.
fn number_before(text: &str, unit: char) -> Option<(u32, &str)> {
    let digits = text.chars().take_while(char::is_ascii_digit).count();
    if !(1..=2).contains(&digits) {
        return None;
    }
    let rest = text[digits..].strip_prefix(unit)?;
    Some((text[..digits].parse().ok()?, rest))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_latest_full_or_month_date_wins() {
        let text = "2015年3月12日，王某驾车……2016年1月，法院判决；2014年12月31日立案。";
        assert_eq!(latest_date(text).as_deref(), Some("2016-01-28"));
        assert_eq!(
            latest_date("于2019年5月20日作出决定").as_deref(),
            Some("2019-05-20")
        );
    }

    #[test]
    fn years_alone_numbers_out_of_range_and_chinese_numerals_are_ignored() {
        assert_eq!(latest_date("2018年修正的刑事诉讼法"), None);
        assert_eq!(latest_date("12345年1月1日"), None);
        assert_eq!(latest_date("2018年13月1日"), None);
        assert_eq!(latest_date("二〇一八年十月"), None);
        assert_eq!(latest_date("罚金2000元，年底前"), None);
        assert_eq!(latest_date(""), None);
    }
}
