//! Developer tasks: `cargo xtask demo|ci|bench|eval|crash|fuzz|man|dist`.
//!
//! One place for the jobs around the code, reached by the alias in
//! `.cargo/config.toml`. Few dependencies: it drives `cargo` and the built binary.

// The one crate that talks to the terminal (see docs/ARCHITECTURE.md).
#![allow(clippy::print_stdout, clippy::print_stderr)]

mod bench;
mod bench_docket;
mod crash;
mod demo;
mod dist;
mod eval;
mod fuzz;
mod tidy;

use std::path::{Path, PathBuf};
use std::process::Command;

use anyhow::{Context, bail};

const HELP: &str = "cargo xtask <task>

tasks:
  demo        build zhijian and run it on the bundled starter knowledge base
  ci          run .ci/run: fmt --check, clippy -D warnings, tests, fuzz targets build
  bench       benchmarks over ../shared/data (index, incremental, search vs ripgrep) and docket
              at 1M synthetic case rows (--docket-only for that part alone)
  eval        search quality on judged query sets over ../shared/data (Recall, MRR)
  crash       SIGKILL zhijian index and record writers at random; count unusable indexes, torn records
  fuzz        run the cargo-fuzz targets under fuzz/ (--minutes N); report CPU-minutes and crashes
  man         write the man page to target/man/zhijian.1
  dist        a release archive: binary, man page, shell completions, docs (target/dist/)
";

fn main() -> anyhow::Result<()> {
    let args: Vec<String> = std::env::args().skip(1).collect();
    match args.first().map(String::as_str) {
        Some("demo") => demo::run(),
        Some("ci") => ci(),
        Some("bench") => bench::run(&args[1..]),
        Some("eval") => eval::run(&args[1..]),
        Some("crash") => crash::run(&args[1..]),
        Some("fuzz") => fuzz::run(&args[1..]),
        Some("man") => dist::man(),
        Some("dist") => dist::run(),
        Some("help" | "--help" | "-h") | None => {
            print!("{HELP}");
            Ok(())
        }
        Some(other) => bail!("unknown task `{other}`\n\n{HELP}"),
    }
}

/// The workspace root (xtask lives one level below it).
pub fn root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .parent()
        .map(Path::to_path_buf)
        .unwrap_or_default()
}

/// Cargo's target folder: `CARGO_TARGET_DIR` when set, else `target/` in the workspace.
pub fn target_dir() -> PathBuf {
    match std::env::var_os("CARGO_TARGET_DIR") {
        Some(dir) if !dir.is_empty() => {
            let dir = PathBuf::from(dir);
            if dir.is_absolute() {
                dir
            } else {
                root().join(dir)
            }
        }
        _ => root().join("target"),
    }
}

/// Runs a command in the workspace root, failing on a non-zero exit.
pub fn run(program: &str, args: &[&str]) -> anyhow::Result<()> {
    eprintln!("$ {program} {}", args.join(" "));
    let status = Command::new(program)
        .args(args)
        .current_dir(root())
        .status()
        .with_context(|| format!("cannot run {program}"))?;
    if !status.success() {
        bail!("`{program} {}` failed ({status})", args.join(" "));
    }
    Ok(())
}

/// Runs `.ci/run` itself, so the local check and CI can never drift apart.
fn ci() -> anyhow::Result<()> {
    run("bash", &[".ci/run"])
}
