//! Finding the Markdown files of a knowledge base.
//!
//! Uses the `ignore` crate (ripgrep's walker) so `.gitignore`, hidden folders and
//! the `[scan] ignore` globs behave as users of git and ripgrep expect.

use std::path::{Path, PathBuf};
use std::time::UNIX_EPOCH;

use ignore::WalkBuilder;
use ignore::overrides::OverrideBuilder;

use crate::KbError;
use crate::config::{Config, STATE_DIR};
use crate::load::Problem;

/// One Markdown file found by a scan.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FileEntry {
    /// Path relative to the root, `/`-separated.
    pub rel: String,
    /// Absolute (or root-joined) path.
    pub abs: PathBuf,
    /// Size in bytes.
    pub size: u64,
    /// Modification time in nanoseconds since the epoch (0 when unknown).
    pub mtime_ns: u64,
}

/// The result of a scan: files to read, and files that could not be considered.
#[derive(Debug, Default)]
pub struct Scan {
    /// Markdown files within the size limit, sorted by path.
    pub files: Vec<FileEntry>,
    /// Files skipped before reading (too large, unreadable, link loops).
    pub problems: Vec<Problem>,
}

/// True for the file names zhijian reads.
pub fn is_markdown(path: &Path) -> bool {
    matches!(
        path.extension().and_then(|e| e.to_str()),
        Some("md" | "markdown")
    )
}

/// Lists the knowledge base's Markdown files.
pub fn scan(root: &Path, config: &Config) -> Result<Scan, KbError> {
    let mut overrides = OverrideBuilder::new(root);
    for glob in &config.scan.ignore {
        // Override globs are allow-lists; a leading `!` turns one into an ignore rule.
        overrides
            .add(&format!("!{glob}"))
            .map_err(|e| KbError::Config {
                path: root.join(crate::config::CONFIG_FILE),
                line: None,
                message: format!("bad ignore glob `{glob}`: {e}"),
            })?;
    }
    overrides
        .add(&format!("!/{STATE_DIR}/"))
        .map_err(|e| KbError::Config {
            path: root.to_path_buf(),
            line: None,
            message: e.to_string(),
        })?;
    let overrides = overrides.build().map_err(|e| KbError::Config {
        path: root.join(crate::config::CONFIG_FILE),
        line: None,
        message: e.to_string(),
    })?;

    let starts: Vec<PathBuf> = if config.scan.include.is_empty() {
        vec![root.to_path_buf()]
    } else {
        config
            .scan
            .include
            .iter()
            .map(|dir| root.join(dir))
            .filter(|p| p.exists())
            .collect()
    };
    let Some((first, rest)) = starts.split_first() else {
        return Ok(Scan::default());
    };
    let mut builder = WalkBuilder::new(first);
    for start in rest {
        builder.add(start);
    }
    builder
        .hidden(true)
        .git_ignore(true)
        .git_exclude(false)
        .git_global(false)
        .require_git(false)
        .parents(false)
        .ignore(false)
        .follow_links(config.scan.follow_links)
        .overrides(overrides);

    let max = config.scan.max_file_size.0;
    let mut scan = Scan::default();
    for result in builder.build() {
        let entry = match result {
            Ok(entry) => entry,
            Err(err) => {
                scan.problems.push(walk_problem(root, &err));
                continue;
            }
        };
        let is_file = entry.file_type().is_some_and(|t| t.is_file());
        if !is_file || !is_markdown(entry.path()) {
            continue;
        }
        let rel = relative(root, entry.path());
        let meta = match entry.metadata() {
            Ok(meta) => meta,
            Err(err) => {
                scan.problems
                    .push(Problem::error(&rel, None, format!("cannot read: {err}")));
                continue;
            }
        };
        if meta.len() > max {
            scan.problems.push(Problem::error(
                &rel,
                None,
                format!(
                    "file is too large ({} > {} bytes, the `scan.max_file_size` limit)",
                    meta.len(),
                    max
                ),
            ));
            continue;
        }
        let mtime_ns = meta
            .modified()
            .ok()
            .and_then(|t| t.duration_since(UNIX_EPOCH).ok())
            .map_or(0, |d| d.as_nanos() as u64);
        scan.files.push(FileEntry {
            rel,
            abs: entry.path().to_path_buf(),
            size: meta.len(),
            mtime_ns,
        });
    }
    scan.files.sort_by(|a, b| a.rel.cmp(&b.rel));
    scan.files.dedup_by(|a, b| a.rel == b.rel);
    Ok(scan)
}

/// `path` relative to `root`, with `/` separators.
pub fn relative(root: &Path, path: &Path) -> String {
    let rel = path.strip_prefix(root).unwrap_or(path);
    rel.components()
        .map(|c| c.as_os_str().to_string_lossy())
        .collect::<Vec<_>>()
        .join("/")
}

fn walk_problem(root: &Path, err: &ignore::Error) -> Problem {
    let mut err = err;
    let mut path = None;
    loop {
        match err {
            ignore::Error::WithPath {
                path: p,
                err: inner,
            } => {
                path = Some(relative(root, p));
                err = inner;
            }
            ignore::Error::WithDepth { err: inner, .. }
            | ignore::Error::WithLineNumber { err: inner, .. } => {
                err = inner;
            }
            ignore::Error::Loop { child, ancestor } => {
                return Problem::error(
                    &relative(root, child),
                    None,
                    format!(
                        "symbolic link loop (points back to {})",
                        relative(root, ancestor)
                    ),
                );
            }
            other => {
                return Problem::error(path.as_deref().unwrap_or("."), None, other.to_string());
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::fs;

    fn write(root: &Path, rel: &str, text: &str) {
        let path = root.join(rel);
        fs::create_dir_all(path.parent().expect("parent")).expect("mkdir");
        fs::write(path, text).expect("write");
    }

    #[test]
    fn honours_gitignore_hidden_state_and_globs() {
        let dir = tempfile::tempdir().expect("tempdir");
        let root = dir.path();
        write(root, "zhijian.toml", "");
        write(root, "cases/a.md", "a");
        write(root, "drafts/b.md", "b");
        write(root, "private/c.md", "c");
        write(root, ".hidden/d.md", "d");
        write(root, ".zhijian/e.md", "e");
        write(root, "notes/f.txt", "f");
        write(root, ".gitignore", "private/\n");
        let mut config = Config::default();
        config.scan.ignore = vec!["drafts/**".into()];
        let scan = scan(root, &config).expect("scan");
        let names: Vec<_> = scan.files.iter().map(|f| f.rel.as_str()).collect();
        assert_eq!(names, ["cases/a.md"]);
    }

    #[test]
    fn too_large_files_are_reported() {
        let dir = tempfile::tempdir().expect("tempdir");
        write(dir.path(), "big.md", &"x".repeat(100));
        let mut config = Config::default();
        config.scan.max_file_size = crate::config::ByteSize(10);
        let scan = scan(dir.path(), &config).expect("scan");
        assert!(scan.files.is_empty());
        assert!(scan.problems[0].reason.contains("too large"));
    }

    #[cfg(unix)]
    #[test]
    fn link_loops_are_reported_when_following_links() {
        let dir = tempfile::tempdir().expect("tempdir");
        write(dir.path(), "a/x.md", "x");
        std::os::unix::fs::symlink(dir.path().join("a"), dir.path().join("a/loop"))
            .expect("symlink");
        let mut config = Config::default();
        let plain = scan(dir.path(), &config).expect("scan");
        assert_eq!(plain.files.len(), 1);
        assert!(plain.problems.is_empty());
        config.scan.follow_links = true;
        let followed = scan(dir.path(), &config).expect("scan");
        assert_eq!(followed.files.len(), 1);
        assert!(
            followed.problems.iter().any(|p| p.reason.contains("loop")),
            "{:?}",
            followed.problems
        );
    }
}
