//! The knowledge base's `zhijian.toml` and how a command finds its knowledge base.

use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize};

use crate::KbError;

/// The name of the file that marks a folder as a knowledge base.
pub const CONFIG_FILE: &str = "zhijian.toml";
/// The folder, inside the knowledge base, that holds everything zhijian can rebuild.
pub const STATE_DIR: &str = ".zhijian";

/// The contents of `zhijian.toml`.
///
/// Every section is optional; unknown top-level sections are kept in `other` so that
/// plugins (for example `[personnel]`) can read their own settings.
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[serde(default)]
pub struct Config {
    /// A human name for the knowledge base.
    pub name: String,
    /// The language zhijian speaks (`zh` or `en`); unset means the locale decides.
    pub language: Option<String>,
    /// Which files are scanned.
    pub scan: ScanConfig,
    /// Settings of the Chinese analysis.
    pub analysis: AnalysisConfig,
    /// Sections that belong to plugins.
    #[serde(flatten)]
    pub other: toml::Table,
}

/// The `[scan]` section.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct ScanConfig {
    /// Folders (relative to the knowledge base) to scan; empty means the whole folder.
    pub include: Vec<String>,
    /// Glob patterns (gitignore syntax) of paths never scanned.
    pub ignore: Vec<String>,
    /// Files larger than this are reported and skipped.
    pub max_file_size: ByteSize,
    /// Follow symbolic links (loops are detected and reported).
    pub follow_links: bool,
}

impl Default for ScanConfig {
    fn default() -> Self {
        ScanConfig {
            include: Vec::new(),
            ignore: Vec::new(),
            max_file_size: ByteSize(10 * 1024 * 1024),
            follow_links: false,
        }
    }
}

/// The `[analysis]` section.
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct AnalysisConfig {
    /// Legal terms matched as whole words inside long questions, added to the built-in list.
    pub user_words: Vec<String>,
}

/// A size in bytes, written in `zhijian.toml` as a number or as `"10MB"`, `"512KB"`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(try_from = "ByteSizeRepr", into = "u64")]
pub struct ByteSize(pub u64);

#[derive(Deserialize)]
#[serde(untagged)]
enum ByteSizeRepr {
    Number(u64),
    Text(String),
}

impl TryFrom<ByteSizeRepr> for ByteSize {
    type Error = String;

    fn try_from(repr: ByteSizeRepr) -> Result<Self, String> {
        match repr {
            ByteSizeRepr::Number(n) => Ok(ByteSize(n)),
            ByteSizeRepr::Text(text) => parse_size(&text).map(ByteSize),
        }
    }
}

impl From<ByteSize> for u64 {
    fn from(size: ByteSize) -> u64 {
        size.0
    }
}

fn parse_size(text: &str) -> Result<u64, String> {
    let upper = text.trim().to_ascii_uppercase();
    let digits_end = upper
        .find(|c: char| !c.is_ascii_digit())
        .unwrap_or(upper.len());
    let (digits, unit) = upper.split_at(digits_end);
    let number: u64 = digits
        .parse()
        .map_err(|_| format!("`{text}` is not a size like \"10MB\""))?;
    let factor = match unit.trim() {
        "" | "B" => 1,
        "K" | "KB" | "KIB" => 1024,
        "M" | "MB" | "MIB" => 1024 * 1024,
        "G" | "GB" | "GIB" => 1024 * 1024 * 1024,
        other => return Err(format!("unknown size unit `{other}` (use B, KB, MB or GB)")),
    };
    number
        .checked_mul(factor)
        .ok_or_else(|| format!("size `{text}` is too large"))
}

impl Config {
    /// Reads and checks `zhijian.toml` at `path`.
    pub fn load(path: &Path) -> Result<Config, KbError> {
        let text = std::fs::read_to_string(path).map_err(|e| KbError::io(path, e))?;
        Config::parse(&text).map_err(|(line, message)| KbError::Config {
            path: path.to_path_buf(),
            line,
            message,
        })
    }

    /// Parses the text of a `zhijian.toml`; an error carries the 1-based line when known.
    pub fn parse(text: &str) -> Result<Config, (Option<usize>, String)> {
        let config: Config = toml::from_str(text).map_err(|e| {
            let line = e.span().map(|span| line_of(text, span.start));
            (line, e.message().trim_end_matches('.').to_string())
        })?;
        Ok(config)
    }

    /// A plugin's own section (`[personnel]`, …), if present.
    pub fn section(&self, name: &str) -> Option<&toml::Table> {
        self.other.get(name).and_then(toml::Value::as_table)
    }
}

/// The 1-based line holding byte `offset` of `text`.
pub fn line_of(text: &str, offset: usize) -> usize {
    let end = offset.min(text.len());
    text.as_bytes()[..end]
        .iter()
        .filter(|&&b| b == b'\n')
        .count()
        + 1
}

/// Finds the knowledge base a command works on.
///
/// `--kb DIR` wins, then the `ZHIJIAN_KB` environment variable (both must name a
/// folder holding `zhijian.toml`), then the nearest folder at or above `cwd` that
/// holds one. The caller reads the environment, so this crate keeps no global state.
pub fn find_root(
    explicit: Option<&Path>,
    from_env: Option<&Path>,
    cwd: &Path,
) -> Result<PathBuf, KbError> {
    if let Some(dir) = explicit.or(from_env) {
        if dir.join(CONFIG_FILE).is_file() {
            return Ok(dir.to_path_buf());
        }
        return Err(KbError::NotAKb {
            path: dir.to_path_buf(),
        });
    }
    cwd.ancestors()
        .find(|dir| dir.join(CONFIG_FILE).is_file())
        .map(Path::to_path_buf)
        .ok_or_else(|| KbError::NotFound {
            start: cwd.to_path_buf(),
        })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sizes_parse_in_both_forms() {
        let config = Config::parse("[scan]\nmax_file_size = \"2MB\"").expect("parses");
        assert_eq!(config.scan.max_file_size, ByteSize(2 * 1024 * 1024));
        let config = Config::parse("[scan]\nmax_file_size = 1000").expect("parses");
        assert_eq!(config.scan.max_file_size, ByteSize(1000));
        assert!(Config::parse("[scan]\nmax_file_size = \"2XB\"").is_err());
    }

    #[test]
    fn errors_carry_the_line() {
        let (line, message) = Config::parse("name = \"x\"\n[scan]\nfolow_links = true\n")
            .expect_err("unknown key is refused");
        assert_eq!(line, Some(3));
        assert!(message.contains("folow_links"), "{message}");
    }

    #[test]
    fn plugin_sections_are_kept() {
        let config = Config::parse("[personnel]\nsensitive = [\"phone\"]\n").expect("parses");
        assert!(config.section("personnel").is_some());
        assert_eq!(config.language, None);
    }

    #[test]
    fn root_is_found_by_flag_env_or_walking_up() {
        let dir = tempfile::tempdir().expect("tempdir");
        let kb = dir.path().join("kb");
        let deep = kb.join("cases").join("x");
        std::fs::create_dir_all(&deep).expect("mkdir");
        std::fs::write(kb.join(CONFIG_FILE), "").expect("write");
        assert_eq!(find_root(None, None, &deep).expect("walk up"), kb);
        assert_eq!(find_root(Some(&kb), None, dir.path()).expect("flag"), kb);
        assert!(matches!(
            find_root(Some(&deep), None, &kb),
            Err(KbError::NotAKb { .. })
        ));
        assert!(matches!(
            find_root(None, None, dir.path()),
            Err(KbError::NotFound { .. })
        ));
    }
}
