//! External subcommands: `zhijian NAME …` runs an executable `zhijian-NAME` from
//! PATH (the git and cargo convention).
//!
//! The contract, as docs/plugins.md states it: the arguments after NAME are passed
//! unchanged; the global options before it are the host's and reach the command as
//! environment variables (see [`environment`]); its exit status is zhijian's.

use std::ffi::OsString;
use std::path::{Path, PathBuf};

use clap::ArgMatches;

use crate::app::{Context, Outcome};

/// Runs `zhijian-NAME` with the remaining arguments and passes its exit status on.
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
    for (key, value) in environment(ctx) {
        match value {
            Some(value) => command.env(key, value),
            None => command.env_remove(key),
        };
    }
    let status = command
        .status()
        .map_err(|e| anyhow::anyhow!("cannot run {}: {e}", program.display()))?;
    match status.code() {
        Some(code) => Ok(Outcome::Exit(u8::try_from(code).unwrap_or(2))),
        None => anyhow::bail!("{} was stopped by a signal ({status})", program.display()),
    }
}

/// The variables an external command receives, each set or removed on every run
/// (`None` removes it), so that a value exported by the caller's shell is never
/// mistaken for the host's.
fn environment(ctx: &Context) -> [(&'static str, Option<OsString>); 6] {
    let flag = |on: bool| on.then(|| OsString::from("1"));
    let global = &ctx.global;
    [
        (
            "ZHIJIAN",
            std::env::current_exe().ok().map(PathBuf::into_os_string),
        ),
        (
            "ZHIJIAN_KB",
            ctx.kb().ok().map(|kb| kb.root().as_os_str().to_owned()),
        ),
        ("ZHIJIAN_JSON", flag(global.json)),
        ("ZHIJIAN_QUIET", flag(global.quiet)),
        (
            "ZHIJIAN_VERBOSE",
            (global.verbose > 0).then(|| global.verbose.to_string().into()),
        ),
        (
            "ZHIJIAN_COLOR",
            Some(if ctx.printer.color { "always" } else { "never" }.into()),
        ),
    ]
}

/// How `zhijian --help` lists an external command: its name and where it is. The
/// entry is only for the help; running one goes through clap's external subcommands,
/// which pass every argument after NAME on untouched.
pub fn help_entry(name: &str, path: &Path) -> clap::Command {
    clap::Command::new(name.to_owned())
        .about(format!("External command {}", path.display()))
        .disable_help_flag(true)
        .arg(
            clap::Arg::new("args")
                .num_args(0..)
                .trailing_var_arg(true)
                .allow_hyphen_values(true)
                .value_parser(clap::value_parser!(OsString)),
        )
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
    let mut seen = Vec::new();
    for dir in std::env::split_paths(&path) {
        // `/bin` is often `/usr/bin`, and PATH often names a folder twice: read each once.
        let real = std::fs::canonicalize(&dir).unwrap_or_else(|_| dir.clone());
        if seen.contains(&real) {
            continue;
        }
        seen.push(real);
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
