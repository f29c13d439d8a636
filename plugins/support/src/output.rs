//! Answering in the format asked for: text, one JSON value on one line, or CSV.

use serde::Serialize;
use zhijian_plugin_api::{Format, PluginError, Request, Response};

use crate::table::Table;

/// One JSON value on one line, like every `--json` output of zhijian.
pub fn json_line<T: Serialize + ?Sized>(value: &T) -> Result<String, PluginError> {
    serde_json::to_string(value)
        .map(|text| text + "\n")
        .map_err(|e| PluginError::internal(format!("cannot write JSON: {e}")))
}

/// Whether the user asked for CSV (`--csv`, or a CSV request from the host).
pub fn wants_csv(request: &Request) -> bool {
    request.format == Format::Csv || request.arg_flag("csv")
}

/// `value` as JSON when asked for, else the text `text` makes; `found` sets the
/// exit code (1 when false).
pub fn respond<T: Serialize + ?Sized>(
    request: &Request,
    value: &T,
    found: bool,
    text: impl FnOnce() -> String,
) -> Result<Response, PluginError> {
    let output = match request.format {
        Format::Json => json_line(value)?,
        Format::Text | Format::Csv => text(),
    };
    Ok(Response::new(output).found(found))
}

/// For a command that prints a table: `value` as JSON, `table` as CSV, or the text
/// `text` makes (usually around `table.render()`).
pub fn respond_table<T: Serialize + ?Sized>(
    request: &Request,
    value: &T,
    table: &Table,
    found: bool,
    text: impl FnOnce(&Table) -> String,
) -> Result<Response, PluginError> {
    let output = if request.format == Format::Json {
        json_line(value)?
    } else if wants_csv(request) {
        table.to_csv()
    } else {
        text(table)
    };
    Ok(Response::new(output).found(found))
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn each_format_gets_its_output() {
        let mut table = Table::new(["罪名", "件数"]);
        table.row(["盗窃罪", "3"]);
        let value = json!({"counts": [{"value": "盗窃罪", "count": 3}]});
        let text = Request::new(["stats"]);
        let json = text.clone().with_format(Format::Json);
        let csv = text.clone().with_arg("csv", true);
        let out = |r: &Request| {
            respond_table(r, &value, &table, true, |t| t.render())
                .expect("respond")
                .output
        };
        assert_eq!(out(&text), "罪名    件数\n盗窃罪  3\n");
        assert_eq!(
            out(&json),
            "{\"counts\":[{\"count\":3,\"value\":\"盗窃罪\"}]}\n"
        );
        assert!(out(&csv).ends_with("罪名,件数\n盗窃罪,3\n"));
        let none = respond(&text, &value, false, || "没有\n".into()).expect("respond");
        assert!(!none.found);
    }
}
