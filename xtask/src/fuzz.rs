//! `cargo xtask fuzz --minutes N`: run every cargo-fuzz target under `fuzz/` for its
//! share of N minutes, then report executions, CPU-minutes and crashes.
//!
//! cargo-fuzz needs nightly compiler flags; on a stable toolchain they are unlocked
//! with `RUSTC_BOOTSTRAP=1`, which is what CI (stable only) does too.

use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::Instant;

use anyhow::{Context, bail};

/// The targets in `fuzz/fuzz_targets/`, in the order they run.
pub const TARGETS: &[&str] = &["frontmatter", "document", "id_path", "article", "query"];

/// `cargo xtask fuzz [--minutes N] [--target NAME] [--keep-going] [--build-only]`
///
/// `--keep-going` runs libFuzzer in fork mode with `-ignore_crashes=1`, so one known
/// crash does not stop a target from finding others.
pub fn run(args: &[String]) -> anyhow::Result<()> {
    let mut minutes: f64 = 1.0;
    let mut only: Option<String> = None;
    let mut build_only = false;
    let mut keep_going = false;
    let mut it = args.iter();
    while let Some(arg) = it.next() {
        match arg.as_str() {
            "--minutes" => {
                minutes = it
                    .next()
                    .context("--minutes needs a number")?
                    .parse()
                    .context("--minutes needs a number")?;
            }
            "--target" => only = Some(it.next().context("--target needs a name")?.clone()),
            "--build-only" => build_only = true,
            "--keep-going" => keep_going = true,
            other => bail!(
                "unknown option `{other}` (use --minutes N, --target NAME, --keep-going, --build-only)"
            ),
        }
    }
    let fuzz = crate::root().join("fuzz");
    let targets: Vec<&str> = TARGETS
        .iter()
        .copied()
        .filter(|t| only.as_deref().is_none_or(|o| o == *t))
        .collect();
    if targets.is_empty() {
        bail!(
            "no fuzz target named {:?} (targets: {})",
            only,
            TARGETS.join(", ")
        );
    }
    cargo_fuzz(&fuzz, &["build"])?;
    if build_only {
        return Ok(());
    }
    let seconds = ((minutes * 60.0) / targets.len() as f64).max(1.0).round() as u64;
    let mut total_cpu = 0.0;
    let mut crashes = Vec::new();
    println!(
        "{:<12} {:>8} {:>14} {:>8}",
        "target", "seconds", "executions", "crashes"
    );
    for target in &targets {
        let corpus = fuzz.join("corpus").join(target);
        std::fs::create_dir_all(&corpus)?;
        seed_corpus(target, &corpus)?;
        let artifacts = fuzz.join("artifacts").join(target);
        std::fs::create_dir_all(&artifacts)?;
        let before = list(&artifacts);
        let start = Instant::now();
        let mut command = fuzz_command(&fuzz);
        command
            .args(["fuzz", "run", target])
            .arg(&corpus)
            .arg("--")
            .arg(format!("-max_total_time={seconds}"))
            .arg("-print_final_stats=1")
            .arg(format!("-artifact_prefix={}/", artifacts.display()));
        if keep_going {
            command.args(["-fork=1", "-ignore_crashes=1"]);
        }
        let output = command.output().context("cannot run cargo fuzz")?;
        let log = String::from_utf8_lossy(&output.stderr);
        // libFuzzer runs one process on one core, so its CPU time is the time it
        // reports ("Done N runs in S second(s)"), without cargo's build check.
        let elapsed = log
            .lines()
            .find_map(|l| l.strip_prefix("Done ")?.split(" runs in ").nth(1))
            .and_then(|rest| rest.split_whitespace().next()?.parse::<f64>().ok())
            .unwrap_or_else(|| start.elapsed().as_secs_f64());
        total_cpu += elapsed / 60.0;
        // "stat::number_of_executed_units: N", or in fork mode the last "#N: cov: …" line.
        let executions = log
            .lines()
            .find_map(|l| l.strip_prefix("stat::number_of_executed_units:"))
            .or_else(|| {
                log.lines()
                    .rev()
                    .find_map(|l| l.strip_prefix('#')?.split(':').next())
            })
            .map(|n| n.trim().to_string())
            .unwrap_or_else(|| "?".into());
        let new: Vec<PathBuf> = list(&artifacts)
            .into_iter()
            .filter(|p| !before.contains(p))
            .collect();
        if !output.status.success() && new.is_empty() {
            let tail: Vec<&str> = log.lines().rev().take(15).collect();
            let tail: Vec<&str> = tail.into_iter().rev().collect();
            bail!("cargo fuzz run {target} failed:\n{}", tail.join("\n"));
        }
        println!(
            "{target:<12} {elapsed:>8.0} {executions:>14} {:>8}",
            new.len()
        );
        crashes.extend(new.into_iter().map(|p| (target.to_string(), p)));
    }
    println!("{total_cpu:.1} CPU-minutes, {} crashes", crashes.len());
    for (target, path) in &crashes {
        println!(
            "  {target}: {} (reproduce: cargo fuzz run {target} {})",
            path.display(),
            path.display()
        );
    }
    if !crashes.is_empty() {
        bail!("fuzzing found {} crashes", crashes.len());
    }
    Ok(())
}

/// `cargo fuzz ARGS` in `fuzz/`, failing when cargo-fuzz is missing.
fn cargo_fuzz(fuzz: &Path, args: &[&str]) -> anyhow::Result<()> {
    let status = fuzz_command(fuzz)
        .arg("fuzz")
        .args(args)
        .status()
        .context("cannot run cargo fuzz (install it: cargo install cargo-fuzz --locked)")?;
    if !status.success() {
        bail!(
            "cargo fuzz {} failed ({status}); is cargo-fuzz installed? (cargo install cargo-fuzz --locked)",
            args.join(" ")
        );
    }
    Ok(())
}

fn fuzz_command(fuzz: &Path) -> Command {
    let mut cmd = Command::new("cargo");
    cmd.current_dir(fuzz).env("RUSTC_BOOTSTRAP", "1");
    cmd
}

/// Starts the document targets from the starter knowledge base's files.
fn seed_corpus(target: &str, corpus: &Path) -> anyhow::Result<()> {
    if !matches!(target, "frontmatter" | "document") || !list(corpus).is_empty() {
        return Ok(());
    }
    let starter = crate::root().join("templates/starter");
    let mut folders = vec![starter];
    while let Some(folder) = folders.pop() {
        for entry in std::fs::read_dir(&folder)?.flatten() {
            let path = entry.path();
            if path.is_dir() {
                folders.push(path);
            } else if path.extension().is_some_and(|e| e == "md") {
                let name = format!("seed-{}", entry.file_name().to_string_lossy());
                std::fs::copy(&path, corpus.join(name))?;
            }
        }
    }
    Ok(())
}

fn list(dir: &Path) -> Vec<PathBuf> {
    std::fs::read_dir(dir)
        .map(|entries| entries.flatten().map(|e| e.path()).collect())
        .unwrap_or_default()
}
