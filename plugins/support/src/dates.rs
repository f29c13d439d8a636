//! Dates typed on the command line: `--date`, `--as-of`, `--from`, `--to`.

use zhijian_kb::time::{Date, parse_date, today};
use zhijian_plugin_api::{PluginError, Request};

/// The date option `name`: `None` when absent, a usage error when it is not a date.
pub fn date_arg(request: &Request, name: &str) -> Result<Option<Date>, PluginError> {
    request
        .arg_str(name)
        .map(|text| {
            parse_date(text).ok_or_else(|| {
                PluginError::usage(format!(
                    "invalid date `{text}` for `--{name}` (write YYYY-MM-DD, like 2021-03-01)"
                ))
            })
        })
        .transpose()
}

/// `--as-of DATE`, or today (the machine's local date) when absent.
pub fn as_of(request: &Request) -> Result<Date, PluginError> {
    Ok(date_arg(request, "as-of")?.unwrap_or_else(today))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dates_are_read_or_refused_with_the_option_name() {
        let request = Request::new(["x"]).with_arg("from", "2021年3月1日");
        assert_eq!(
            date_arg(&request, "from")
                .expect("date")
                .map(|d| d.to_string())
                .as_deref(),
            Some("2021-03-01")
        );
        assert_eq!(date_arg(&request, "to").expect("absent"), None);
        let bad = Request::new(["x"]).with_arg("as-of", "2023-02-29");
        let err = as_of(&bad).expect_err("not a date");
        assert!(err.message.contains("`--as-of`"), "{}", err.message);
    }
}
