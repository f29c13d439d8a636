//! Printing: text or JSON on stdout, warnings on stderr, colour only where wanted.

use std::io::{self, IsTerminal, Write};

use serde::Serialize;
use zhijian_plugin_api::{ErrorKind, PluginError};

/// When to colour output (`--color`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum ColorChoice {
    /// Colour when stdout is a terminal and NO_COLOR is not set.
    Auto,
    /// Always colour.
    Always,
    /// Never colour.
    Never,
}

/// Decides whether to colour, following `--color`, then NO_COLOR, then the terminal.
pub fn use_color(choice: ColorChoice) -> bool {
    match choice {
        ColorChoice::Always => true,
        ColorChoice::Never => false,
        ColorChoice::Auto => {
            let no_color = std::env::var_os("NO_COLOR").is_some_and(|v| !v.is_empty());
            let dumb = std::env::var("TERM").is_ok_and(|t| t == "dumb");
            !no_color && !dumb && io::stdout().is_terminal()
        }
    }
}

/// Writes what a command prints.
#[derive(Debug, Clone)]
pub struct Printer {
    /// Colour stdout.
    pub color: bool,
    /// Print JSON rather than text.
    pub json: bool,
    /// Suppress warnings and summaries on stderr.
    pub quiet: bool,
    /// Columns available for wrapped text.
    pub width: usize,
}

impl Printer {
    /// Prints a line of text.
    pub fn line(&self, text: &str) -> io::Result<()> {
        let mut out = io::stdout().lock();
        out.write_all(text.as_bytes())?;
        out.write_all(b"\n")
    }

    /// Prints text as it is (it carries its own newlines).
    pub fn text(&self, text: &str) -> io::Result<()> {
        let mut out = io::stdout().lock();
        out.write_all(text.as_bytes())?;
        out.flush()
    }

    /// Prints a value as one line of JSON.
    pub fn json<T: Serialize>(&self, value: &T) -> anyhow::Result<()> {
        let text = serde_json::to_string(value)?;
        self.line(&text)?;
        Ok(())
    }

    /// A warning on stderr (unless `-q`).
    pub fn warn(&self, text: &str) {
        if !self.quiet {
            eprintln!("zhijian: warning: {}", one_line(text));
        }
    }

    /// A note on stderr (unless `-q`), for summaries that would disturb piped stdout.
    pub fn note(&self, text: &str) {
        if !self.quiet {
            eprintln!("{text}");
        }
    }

    /// Bold, when colouring.
    pub fn bold(&self, text: &str) -> String {
        self.paint("1", text)
    }

    /// Dim, when colouring.
    pub fn dim(&self, text: &str) -> String {
        self.paint("2", text)
    }

    /// A heading colour.
    pub fn heading(&self, text: &str) -> String {
        self.paint("1;36", text)
    }

    /// The colour used for paths.
    pub fn path(&self, text: &str) -> String {
        self.paint("35", text)
    }

    fn paint(&self, code: &str, text: &str) -> String {
        if self.color {
            format!("\x1b[{code}m{text}\x1b[0m")
        } else {
            text.to_string()
        }
    }

    /// Marks `highlights` (character ranges) in `text`: colour when colouring, else nothing.
    pub fn highlight(&self, text: &str, highlights: &[(usize, usize)]) -> String {
        if !self.color || highlights.is_empty() {
            return text.to_string();
        }
        zhijian_kb::snippet::mark(text, highlights, "\x1b[1;31m", "\x1b[0m")
    }
}

/// Terminal width for wrapping: the terminal's, else `COLUMNS`, else 100.
pub fn terminal_width() -> usize {
    if let Some((_, cols)) = console::Term::stdout().size_checked() {
        return usize::from(cols).clamp(20, 200);
    }
    std::env::var("COLUMNS")
        .ok()
        .and_then(|c| c.parse().ok())
        .unwrap_or(100)
        .clamp(20, 200)
}

/// The kind of a failed command's error, for its exit code and wording: a plugin's
/// own kind, a knowledge-base error's kind (see `zhijian_plugin_support::kind_of`), or
/// a usage error for what the CLI itself refused.
pub fn error_kind(err: &anyhow::Error) -> ErrorKind {
    for cause in err.chain() {
        if let Some(plugin) = cause.downcast_ref::<PluginError>() {
            return plugin.kind;
        }
        if let Some(kb) = cause.downcast_ref::<zhijian_kb::KbError>() {
            return zhijian_plugin_support::kind_of(kb);
        }
    }
    ErrorKind::Usage
}

/// Collapses a message to one line (errors are printed as one line).
pub fn one_line(text: &str) -> String {
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}
