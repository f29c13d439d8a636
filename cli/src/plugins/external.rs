//! External subcommands: `zhijian NAME …` runs an executable `zhijian-NAME` from
//! PATH (the git and cargo convention), with the knowledge base in `ZHIJIAN_KB`.

use std::ffi::OsString;
use std::path::PathBuf;

use clap::ArgMatches;

use crate::app::{Context, Outcome};

/// Runs `zhijian-NAME` with the remaining arguments.
pub fn run(ctx: &Context, name: &str, matches: &ArgMatches) -> anyhow::Result<Outcome> {
    let Some(program) = find(name) else {
        anyhow::bail!(
            "unknown command `{name}` (see `zhijian --help`; no `zhijian-{name}` executable on PATH either)"
        );
    };
    let args: Vec<OsString> = matches
        .get_many::<OsString>("")
        .map(|v| v.cloned().collect())
        .unwrap_or_default();
    let mut command = std::process::Command::new(&program);
    command.args(&args);
    if let Ok(kb) = ctx.kb() {
        command.env("ZHIJIAN_KB", kb.root());
    }
    let status = command
        .status()
        .map_err(|e| anyhow::anyhow!("cannot run {}: {e}", program.display()))?;
    Ok(match status.code() {
        Some(0) => Outcome::Success,
        Some(1) => Outcome::NothingFound,
        _ => Outcome::Usage,
    })
}

/// The `zhijian-NAME` executable on PATH, if any.
pub fn find(name: &str) -> Option<PathBuf> {
    if name.is_empty() || name.contains(['/', '\\']) {
        return None;
    }
    let file = format!("zhijian-{name}{}", std::env::consts::EXE_SUFFIX);
    std::env::split_paths(&std::env::var_os("PATH")?)
        .map(|dir| dir.join(&file))
        .find(|p| is_executable(p))
}

/// Every `zhijian-NAME` executable on PATH, as `(NAME, path)`, first one per name.
pub fn list() -> Vec<(String, PathBuf)> {
    let mut found: Vec<(String, PathBuf)> = Vec::new();
    let Some(path) = std::env::var_os("PATH") else {
        return found;
    };
    for dir in std::env::split_paths(&path) {
        let Ok(entries) = std::fs::read_dir(&dir) else {
            continue;
        };
        for entry in entries.flatten() {
            let file = entry.file_name();
            let Some(name) = file.to_str().and_then(|f| f.strip_prefix("zhijian-")) else {
                continue;
            };
            let name = name
                .strip_suffix(std::env::consts::EXE_SUFFIX)
                .unwrap_or(name)
                .to_string();
            if !found.iter().any(|(n, _)| *n == name) && is_executable(&entry.path()) {
                found.push((name, entry.path()));
            }
        }
    }
    found.sort();
    found
}

fn is_executable(path: &std::path::Path) -> bool {
    let Ok(meta) = std::fs::metadata(path) else {
        return false;
    };
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        meta.is_file() && meta.permissions().mode() & 0o111 != 0
    }
    #[cfg(not(unix))]
    {
        meta.is_file()
    }
}
