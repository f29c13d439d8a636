//! Splitting a Markdown file into its TOML front matter (between `+++` lines) and body.

use crate::config::line_of;

/// A file cut into front matter and body.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Split<'a> {
    /// The TOML between the `+++` lines, if the file has front matter.
    pub front: Option<&'a str>,
    /// 1-based line of the file where the front matter's first line is.
    pub front_line: usize,
    /// The Markdown after the closing `+++`.
    pub body: &'a str,
    /// 1-based line of the file where the body starts.
    pub body_line: usize,
}

/// Why a file's front matter could not be read.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FrontMatterError {
    /// 1-based line of the file.
    pub line: usize,
    /// What is wrong, lower-case.
    pub message: String,
}

/// Splits `text` at its `+++` front matter fences.
///
/// A file that does not start with a `+++` line has no front matter: all of it is
/// body. A file that opens the front matter and never closes it is an error, since
/// guessing where the TOML ends would index half a header as text.
pub fn split(text: &str) -> Result<Split<'_>, FrontMatterError> {
    let Some(after_open) = strip_fence(text) else {
        return Ok(Split {
            front: None,
            front_line: 1,
            body: text,
            body_line: 1,
        });
    };
    let front_start = text.len() - after_open.len();
    let mut offset = front_start;
    for line in after_open.split_inclusive('\n') {
        if line.trim_end() == "+++" {
            let body_start = offset + line.len();
            return Ok(Split {
                front: Some(&text[front_start..offset]),
                front_line: 2,
                body: &text[body_start..],
                body_line: line_of(text, body_start),
            });
        }
        offset += line.len();
    }
    Err(FrontMatterError {
        line: 1,
        message: "front matter opened with `+++` is never closed (add a `+++` line after it)"
            .to_string(),
    })
}

/// Returns the text after an opening `+++` line, if the text starts with one.
fn strip_fence(text: &str) -> Option<&str> {
    let first_end = text.find('\n').map_or(text.len(), |i| i + 1);
    (text[..first_end].trim_end() == "+++").then(|| &text[first_end..])
}

/// Parses front matter TOML; an error carries the line within the whole file.
pub fn parse(front: &str, front_line: usize) -> Result<toml::Table, FrontMatterError> {
    front.parse::<toml::Table>().map_err(|e| FrontMatterError {
        line: front_line - 1 + e.span().map_or(1, |span| line_of(front, span.start)),
        message: format!(
            "front matter is not valid TOML: {}",
            first_line(e.message())
        ),
    })
}

fn first_line(message: &str) -> &str {
    message.lines().next().unwrap_or("").trim_end_matches('.')
}

/// The 1-based line of the file where `key = …` is written in the front matter.
///
/// Used to point an error at the offending field; `None` when the key is not written
/// on a line of its own (for example inside an inline table).
pub fn key_line(front: &str, front_line: usize, key: &str) -> Option<usize> {
    front
        .lines()
        .position(|line| {
            let line = line.trim_start();
            line.strip_prefix(key)
                .is_some_and(|rest| rest.trim_start().starts_with('='))
        })
        .map(|index| front_line + index)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn splits_front_matter_and_counts_lines() {
        let text = "+++\ntitle = \"x\"\n+++\n# Heading\nbody\n";
        let split = split(text).expect("valid");
        assert_eq!(split.front, Some("title = \"x\"\n"));
        assert_eq!(split.body, "# Heading\nbody\n");
        assert_eq!(split.body_line, 4);
    }

    #[test]
    fn no_front_matter_is_all_body() {
        let split = split("# Title\n+++\n").expect("valid");
        assert_eq!(split.front, None);
        assert_eq!(split.body_line, 1);
    }

    #[test]
    fn crlf_and_trailing_spaces_on_fences() {
        let split = split("+++ \r\na = 1\r\n+++\r\nbody").expect("valid");
        assert_eq!(split.front, Some("a = 1\r\n"));
        assert_eq!(split.body, "body");
    }

    #[test]
    fn unclosed_front_matter_is_an_error_at_line_one() {
        let err = split("+++\ntitle = \"x\"\n# body\n").expect_err("unclosed");
        assert_eq!(err.line, 1);
    }

    #[test]
    fn toml_errors_point_at_the_file_line() {
        let text = "+++\ntitle = \"x\"\ntags = [\n+++\n";
        let split = split(text).expect("fences fine");
        let err = parse(split.front.expect("front"), split.front_line).expect_err("bad toml");
        assert!(err.line >= 3, "line {}", err.line);
        assert!(err.message.starts_with("front matter is not valid TOML"));
    }

    #[test]
    fn key_lines_are_found() {
        let front = "title = \"x\"\n  id = \"a/b\"\n";
        assert_eq!(key_line(front, 2, "id"), Some(3));
        assert_eq!(key_line(front, 2, "type"), None);
    }
}
