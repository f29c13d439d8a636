//! One invocation of a plugin command, and what the plugin answers.

use std::path::PathBuf;
use std::str::FromStr;

use serde::{Deserialize, Serialize};
use serde_json::{Map, Value};

use crate::PluginError;

/// The output format the user asked for; the plugin renders `Response::output` in it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Format {
    /// Human-readable text, possibly coloured when `Request::color` is set.
    #[default]
    Text,
    /// One JSON document (or NDJSON, one per line, when the command streams).
    Json,
    /// CSV with a header row: asked for with `--csv`, which the host offers on the
    /// commands declared with [`CommandSpec::table`](crate::CommandSpec::table).
    Csv,
}

/// A parsed command line handed to [`Plugin::run`](crate::Plugin::run).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Request {
    /// The command path below the plugin: `["path", "show"]` for
    /// `zhijian training path show`, or `["import", "lawrefbook"]` for an importer.
    pub command: Vec<String>,
    /// Arguments by [`ArgSpec::name`](crate::ArgSpec::name): a flag is a bool, an
    /// option or positional a string (null when absent), a `multiple` argument an
    /// array of strings.
    #[serde(default)]
    pub args: Map<String, Value>,
    /// The knowledge base in use, when there is one.
    #[serde(default)]
    pub kb_root: Option<PathBuf>,
    /// The output format asked for.
    #[serde(default)]
    pub format: Format,
    /// Whether text output may contain ANSI colours.
    #[serde(default)]
    pub color: bool,
}

impl Request {
    /// A request for `command` with no arguments, text output, no colour and no KB.
    pub fn new<I, S>(command: I) -> Self
    where
        I: IntoIterator<Item = S>,
        S: Into<String>,
    {
        Request {
            command: command.into_iter().map(Into::into).collect(),
            args: Map::new(),
            kb_root: None,
            format: Format::Text,
            color: false,
        }
    }

    /// Sets one argument; handy in tests and in hosts that build requests by hand.
    #[must_use]
    pub fn with_arg(mut self, name: impl Into<String>, value: impl Into<Value>) -> Self {
        self.args.insert(name.into(), value.into());
        self
    }

    /// Sets the output format.
    #[must_use]
    pub fn with_format(mut self, format: Format) -> Self {
        self.format = format;
        self
    }

    /// The command path joined by spaces, for messages: `"path show"`.
    pub fn command_line(&self) -> String {
        self.command.join(" ")
    }

    /// The value of an option or positional, `None` when absent or not a string.
    pub fn arg_str(&self, name: &str) -> Option<&str> {
        self.args.get(name).and_then(Value::as_str)
    }

    /// Whether a flag was given; absent or non-bool counts as not given.
    pub fn arg_flag(&self, name: &str) -> bool {
        self.args
            .get(name)
            .and_then(Value::as_bool)
            .unwrap_or(false)
    }

    /// The values of a `multiple` argument; a single string counts as one value.
    pub fn arg_list(&self, name: &str) -> Vec<String> {
        match self.args.get(name) {
            Some(Value::Array(items)) => items
                .iter()
                .filter_map(Value::as_str)
                .map(str::to_owned)
                .collect(),
            Some(Value::String(one)) => vec![one.clone()],
            _ => Vec::new(),
        }
    }

    /// The value of an argument that must be present, or a usage error naming it.
    pub fn require_str(&self, name: &str) -> Result<&str, PluginError> {
        self.arg_str(name)
            .ok_or_else(|| PluginError::usage(format!("missing required argument `{name}`")))
    }

    /// An option parsed into `T`, `None` when absent, a usage error when malformed.
    ///
    /// ```
    /// # use zhijian_plugin_api::Request;
    /// let request = Request::new(["count"]).with_arg("limit", "20");
    /// assert_eq!(request.arg_parse::<usize>("limit").unwrap(), Some(20));
    /// ```
    pub fn arg_parse<T>(&self, name: &str) -> Result<Option<T>, PluginError>
    where
        T: FromStr,
        T::Err: std::fmt::Display,
    {
        let Some(text) = self.arg_str(name) else {
            return Ok(None);
        };
        text.trim().parse().map(Some).map_err(|err| {
            PluginError::usage(format!("invalid value `{text}` for `{name}`: {err}"))
        })
    }
}

/// What a command produced.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Response {
    /// The rendered output, printed as is by the host.
    pub output: String,
    /// `false` means "nothing found": the host exits with status 1, like grep.
    pub found: bool,
    /// Printed on standard error by the host, one per line.
    #[serde(default)]
    pub warnings: Vec<String>,
}

impl Response {
    /// A successful response with this output.
    pub fn new(output: impl Into<String>) -> Self {
        Response {
            output: output.into(),
            found: true,
            warnings: Vec::new(),
        }
    }

    /// A "nothing found" response (exit status 1) with this output, often empty.
    pub fn not_found(output: impl Into<String>) -> Self {
        Response {
            found: false,
            ..Response::new(output)
        }
    }

    /// Sets whether anything was found (`false`: the host exits with status 1).
    #[must_use]
    pub fn found(mut self, found: bool) -> Self {
        self.found = found;
        self
    }

    /// Adds a warning for standard error.
    #[must_use]
    pub fn warning(mut self, warning: impl Into<String>) -> Self {
        self.warnings.push(warning.into());
        self
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ErrorKind;
    use serde_json::json;

    fn request() -> Request {
        Request::new(["path", "show"])
            .with_arg("query", "盗窃")
            .with_arg("all", true)
            .with_arg("none", Value::Null)
            .with_arg("type", json!(["case", "policy"]))
            .with_arg("one", json!("case"))
            .with_arg("limit", "x10")
    }

    #[test]
    fn accessors_read_each_kind_of_argument() {
        let request = request();
        assert_eq!(request.arg_str("query"), Some("盗窃"));
        assert_eq!(request.arg_str("none"), None);
        assert_eq!(request.arg_str("missing"), None);
        assert_eq!(request.arg_str("all"), None, "a bool is not a string");
        assert!(request.arg_flag("all"));
        assert!(!request.arg_flag("query"), "a string is not a flag");
        assert!(!request.arg_flag("missing"));
        assert_eq!(request.arg_list("type"), ["case", "policy"]);
        assert_eq!(request.arg_list("one"), ["case"]);
        assert!(request.arg_list("none").is_empty());
        assert_eq!(request.command_line(), "path show");
    }

    #[test]
    fn require_str_names_the_missing_argument() {
        let request = request();
        assert_eq!(request.require_str("query"), Ok("盗窃"));
        let err = request.require_str("id").expect_err("id is absent");
        assert_eq!(err.kind, ErrorKind::Usage);
        assert_eq!(err.to_string(), "missing required argument `id`");
    }

    #[test]
    fn arg_parse_reports_bad_values_as_usage_errors() {
        let request = request().with_arg("n", " 7 ");
        assert_eq!(request.arg_parse::<u32>("n"), Ok(Some(7)));
        assert_eq!(request.arg_parse::<u32>("missing"), Ok(None));
        let err = request
            .arg_parse::<u32>("limit")
            .expect_err("x10 is no number");
        assert_eq!(err.kind, ErrorKind::Usage);
        assert!(
            err.message.starts_with("invalid value `x10` for `limit`"),
            "{err}"
        );
    }

    #[test]
    fn request_round_trips_and_defaults_optional_fields() {
        let mut request = request().with_format(Format::Csv);
        request.kb_root = Some(PathBuf::from("/srv/kb"));
        request.color = true;
        let text = serde_json::to_string(&request).expect("requests serialise");
        assert!(text.contains(r#""format":"csv""#), "{text}");
        let back: Request = serde_json::from_str(&text).expect("our own JSON parses");
        assert_eq!(back, request);

        let minimal: Request =
            serde_json::from_value(json!({"command": ["count"]})).expect("minimal request");
        assert_eq!(minimal, Request::new(["count"]));
    }

    #[test]
    fn response_helpers_and_round_trip() {
        let response = Response::not_found("").warning("index is stale");
        assert!(!response.found);
        assert_eq!(response.warnings, ["index is stale"]);
        assert!(Response::new("x").found);
        let back: Response =
            serde_json::from_str(&serde_json::to_string(&response).expect("serialises"))
                .expect("parses");
        assert_eq!(back, response);
        let minimal: Response =
            serde_json::from_value(json!({"output": "a", "found": true})).expect("parses");
        assert!(minimal.warnings.is_empty());
    }
}
