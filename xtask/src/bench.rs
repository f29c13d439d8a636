//! `cargo xtask bench`: speed and memory on the shared corpora, always as ratios
//! against a baseline measured in the same run (absolute times drift on a shared
//! machine): one-shot search vs `rg -F -l` over the same files, an incremental
//! update vs a full rebuild, `--help` with plugins vs without.

use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use anyhow::{Context, bail};

use crate::root;

/// Short legal terms: the queries people type most.
const QUERIES: &[&str] = &[
    "醉驾",
    "刑事诉讼",
    "故意伤害",
    "认罪认罚",
    "公益诉讼",
    "取保候审",
];
const SEARCH_RUNS: usize = 7;

/// Runs the benchmarks; `--data DIR` overrides `../shared/data`.
pub fn run(args: &[String]) -> anyhow::Result<()> {
    if args.iter().any(|a| a == "--docket-only") {
        return crate::bench_docket::run(args);
    }
    let data = match args.iter().position(|a| a == "--data") {
        Some(i) => PathBuf::from(args.get(i + 1).context("--data needs a folder")?),
        None => root().join("../shared/data"),
    };
    if !data.join("lawrefbook").is_dir() || !data.join("cases").is_dir() {
        println!(
            "bench: the shared corpora are absent ({} has no lawrefbook/ and cases/): nothing measured",
            data.display()
        );
        return crate::bench_docket::run(args);
    }
    let rg = ensure_ripgrep()?;
    crate::run("cargo", &["build", "--release", "-p", "zhijian"])?;
    crate::run(
        "cargo",
        &[
            "build",
            "--release",
            "-p",
            "zhijian-example-stats",
            "-p",
            "zhijian-example-panics",
        ],
    )?;
    let zhijian = crate::target_dir().join("release/zhijian");

    // A knowledge base holding a copy of both corpora as plain Markdown notes.
    let kb = crate::target_dir().join("bench-kb");
    if kb.exists() {
        std::fs::remove_dir_all(&kb)?;
    }
    std::fs::create_dir_all(&kb)?;
    std::fs::write(kb.join("zhijian.toml"), "name = \"bench\"\n")?;
    let (files, bytes) = copy_markdown(&data.join("lawrefbook"), &kb.join("lawrefbook"))?;
    let (files2, bytes2) = copy_markdown(&data.join("cases"), &kb.join("cases"))?;
    let (files, bytes) = (files + files2, bytes + bytes2);
    println!(
        "corpus: {files} Markdown files, {:.1} MB (copied from {})",
        bytes as f64 / 1e6,
        data.display()
    );

    // Full build, then incremental updates after editing one file. `sync` first, so the
    // rebuild's dirty pages are not flushed on the incremental run's clock.
    let kb_arg = kb.display().to_string();
    let (full, full_rss) = timed(&zhijian, &["--kb", &kb_arg, "-q", "index", "--rebuild"])?;
    let _ = Command::new("sync").status();
    let edited = [
        "lawrefbook/刑法/刑法.md",
        "lawrefbook/诉讼与非诉讼程序法/刑事诉讼法(2018-10-26).md",
        "cases/spp-guiding/alj001.md",
        "lawrefbook/民法典/总则.md",
        "cases/joint/jjl001.md",
    ];
    let mut incrementals = Vec::new();
    for (round, rel) in edited.iter().enumerate() {
        let path = kb.join(rel);
        let Ok(mut text) = std::fs::read_to_string(&path) else {
            continue;
        };
        text.push_str(&format!("\n附注：基准测试第{round}次追加的一行。\n"));
        std::fs::write(&path, text)?;
        incrementals.push(timed(&zhijian, &["--kb", &kb_arg, "-q", "index"])?.0);
    }
    incrementals.sort();
    let incremental = *incrementals
        .get(incrementals.len() / 2)
        .context("no file to edit")?;
    let (noop, _) = timed(&zhijian, &["--kb", &kb_arg, "-q", "index"])?;
    let index_size = dir_size(&kb.join(".zhijian/index"));
    println!("\n## index");
    println!(
        "full rebuild          {:>9.1} ms   peak RSS {:.0} MB",
        ms(full),
        full_rss as f64 / 1024.0
    );
    println!(
        "incremental (1 file)  {:>9.1} ms   {:.0}× faster than full (median of {})",
        ms(incremental),
        ratio(full, incremental),
        incrementals.len()
    );
    println!(
        "no change             {:>9.1} ms   {:.0}× faster than full",
        ms(noop),
        ratio(full, noop)
    );
    println!(
        "index size            {:>9.1} MB   {:.2}× the Markdown",
        index_size as f64 / 1e6,
        index_size as f64 / bytes as f64
    );

    // One-shot searches against ripgrep listing the files that contain the term.
    println!("\n## one-shot search (median of {SEARCH_RUNS}) vs rg -F -l over the same files");
    println!(
        "{:<10} {:>10} {:>10} {:>8} {:>9} {:>9}",
        "query", "zhijian", "rg", "ratio", "hits", "rg files"
    );
    let mut ratios = Vec::new();
    for query in QUERIES {
        let ours = median(SEARCH_RUNS, || {
            timed_quiet(
                &zhijian,
                &["--kb", &kb_arg, "search", "-q", "-n", "10", query],
            )
        })?;
        let theirs = median(SEARCH_RUNS, || {
            timed_quiet(&rg, &["-F", "-l", query, &kb_arg])
        })?;
        let hits = count_hits(&zhijian, &kb_arg, query)?;
        let rg_files = count_lines(&rg, &["-F", "-l", query, &kb_arg])?;
        ratios.push(ratio(theirs, ours));
        println!(
            "{query:<10} {:>8.1}ms {:>8.1}ms {:>7.1}× {hits:>9} {rg_files:>9}",
            ms(ours),
            ms(theirs),
            ratio(theirs, ours)
        );
    }
    ratios.sort_by(f64::total_cmp);
    println!("median speed-up over rg: {:.1}×", ratios[ratios.len() / 2]);

    // Plugin discovery: --help with two dynamic plugins installed, against none.
    let plugins = kb.join(".zhijian/plugins");
    std::fs::create_dir_all(&plugins)?;
    let bare = median(15, || timed_quiet(&zhijian, &["--kb", &kb_arg, "--help"]))?;
    for name in ["zhijian_example_stats", "zhijian_example_panics"] {
        let file = format!("lib{name}{}", std::env::consts::DLL_SUFFIX);
        std::fs::copy(
            crate::target_dir().join("release").join(&file),
            plugins.join(&file),
        )?;
    }
    let loaded = median(15, || timed_quiet(&zhijian, &["--kb", &kb_arg, "--help"]))?;
    println!("\n## plugins");
    println!("--help, no dynamic plugins   {:>6.1} ms", ms(bare));
    println!(
        "--help, 2 dynamic plugins    {:>6.1} ms   (+{:.1} ms discovery and load)",
        ms(loaded),
        ms(loaded.saturating_sub(bare))
    );
    crate::bench_docket::run(args)
}

fn dir_size(dir: &Path) -> u64 {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return 0;
    };
    entries
        .flatten()
        .map(|e| match e.metadata() {
            Ok(m) if m.is_dir() => dir_size(&e.path()),
            Ok(m) => m.len(),
            Err(_) => 0,
        })
        .sum()
}

fn ensure_ripgrep() -> anyhow::Result<PathBuf> {
    if let Some(rg) = which("rg") {
        return Ok(rg);
    }
    eprintln!("ripgrep is the baseline and is not installed; installing it with apt-get");
    let _ = Command::new("apt-get")
        .args(["install", "-y", "ripgrep"])
        .stdout(Stdio::null())
        .status();
    which("rg")
        .context("ripgrep (rg) is needed as the baseline: install it (apt-get install ripgrep)")
}

fn which(program: &str) -> Option<PathBuf> {
    let path = std::env::var_os("PATH")?;
    std::env::split_paths(&path)
        .map(|d| d.join(program))
        .find(|p| p.is_file())
}

fn copy_markdown(from: &Path, to: &Path) -> anyhow::Result<(usize, u64)> {
    let (mut files, mut bytes) = (0, 0);
    let mut stack = vec![(from.to_path_buf(), to.to_path_buf())];
    while let Some((src, dst)) = stack.pop() {
        std::fs::create_dir_all(&dst)?;
        for entry in std::fs::read_dir(&src)? {
            let entry = entry?;
            let path = entry.path();
            if entry.file_type()?.is_dir() {
                stack.push((path, dst.join(entry.file_name())));
            } else if path.extension().is_some_and(|e| e == "md") {
                bytes += std::fs::copy(&path, dst.join(entry.file_name()))?;
                files += 1;
            }
        }
    }
    Ok((files, bytes))
}

/// Runs a command to completion; returns its wall time and peak RSS in KiB.
pub(crate) fn timed(program: &Path, args: &[&str]) -> anyhow::Result<(Duration, u64)> {
    let start = Instant::now();
    let mut child = Command::new(program)
        .args(args)
        .stdout(Stdio::null())
        .spawn()?;
    let pid = child.id();
    let mut peak = 0;
    // VmHWM is the process's own high-water mark, so sampling it shortly before
    // exit gives the peak even if the samples are sparse.
    loop {
        if let Some(hwm) = vm_hwm(pid) {
            peak = peak.max(hwm);
        }
        if let Some(status) = child.try_wait()? {
            // Exit 1 means some files were skipped (reported by `index`); only 2 is a failure.
            if status.code().is_none_or(|c| c > 1) {
                bail!("{} {} failed: {status}", program.display(), args.join(" "));
            }
            return Ok((start.elapsed(), peak));
        }
        std::thread::sleep(Duration::from_millis(2));
    }
}

fn vm_hwm(pid: u32) -> Option<u64> {
    let status = std::fs::read_to_string(format!("/proc/{pid}/status")).ok()?;
    let line = status.lines().find(|l| l.starts_with("VmHWM:"))?;
    line.split_whitespace().nth(1)?.parse().ok()
}

pub(crate) fn timed_quiet(program: &Path, args: &[&str]) -> anyhow::Result<Duration> {
    let start = Instant::now();
    let status = Command::new(program)
        .args(args)
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .status()?;
    if status.code().is_none_or(|c| c > 1) {
        bail!("{} {} failed: {status}", program.display(), args.join(" "));
    }
    Ok(start.elapsed())
}

pub(crate) fn median(
    runs: usize,
    mut f: impl FnMut() -> anyhow::Result<Duration>,
) -> anyhow::Result<Duration> {
    f()?; // warm the page cache and the binary
    let mut times = (0..runs).map(|_| f()).collect::<anyhow::Result<Vec<_>>>()?;
    times.sort();
    Ok(times[times.len() / 2])
}

fn count_hits(zhijian: &Path, kb: &str, query: &str) -> anyhow::Result<u64> {
    let output = Command::new(zhijian)
        .args(["--kb", kb, "search", "--json", "-n", "1", query])
        .output()?;
    let value: serde_json::Value = serde_json::from_slice(&output.stdout).unwrap_or_default();
    Ok(value["total"].as_u64().unwrap_or(0))
}

fn count_lines(program: &Path, args: &[&str]) -> anyhow::Result<usize> {
    let output = Command::new(program).args(args).output()?;
    Ok(String::from_utf8_lossy(&output.stdout).lines().count())
}

pub(crate) fn ms(d: Duration) -> f64 {
    d.as_secs_f64() * 1000.0
}

pub(crate) fn ratio(slow: Duration, fast: Duration) -> f64 {
    slow.as_secs_f64() / fast.as_secs_f64().max(1e-9)
}
