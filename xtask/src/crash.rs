//! `cargo xtask crash`: SIGKILL `zhijian index` and the record writers at random
//! moments and prove nothing is lost.
//!
//! The loop indexes a generated knowledge base, changes some files, starts
//! `zhijian index` (half the time with `--rebuild`), kills it after a random delay,
//! and then checks that `zhijian search` and `zhijian check` still work, that the next
//! `zhijian index` completes, and that its results for a fixed query set equal those
//! of a clean rebuild of a twin knowledge base holding the same files. A second loop
//! kills `training complete` and `personnel record` and checks every record file is
//! the old or the new version, never torn.
//!
//! The test suite includes this file (`tests/reliability.rs`) and runs a short loop
//! with the debug binary, so the code stays free of xtask-only helpers.

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};
use std::time::{Duration, Instant};

use anyhow::{Context, bail};

/// Queries whose results must equal those of a clean rebuild.
const QUERIES: &[&str] = &[
    "醉驾",
    "危险驾驶",
    "检察建议",
    "第三条",
    "type:case 盗窃",
    "公益诉讼 OR 环境",
    "\"认罪认罚\"",
    "合同 NOT 欺诈",
    "year:2019..2022",
    "刑法",
    "修改标记",
];

/// Words the generated documents are made of.
const WORDS: &[&str] = &[
    "醉驾",
    "危险驾驶",
    "检察建议",
    "公益诉讼",
    "环境",
    "盗窃",
    "诈骗",
    "合同",
    "欺诈",
    "认罪认罚",
    "量刑建议",
    "取保候审",
    "羁押必要性审查",
    "抗诉",
    "不起诉",
    "被告人",
    "证据",
    "事实",
    "法律",
    "机动车",
    "道路",
    "血液酒精含量",
    "刑法",
    "民法典",
    "行政",
    "诉讼",
    "监督",
    "审查",
    "起诉",
    "判决",
    "生态",
    "食品安全",
    "未成年人",
    "保护",
];

/// What to do.
#[derive(Debug, Clone)]
pub struct Options {
    /// `zhijian index` processes to kill (rounds where it ends first do not count).
    pub kills: usize,
    /// Record writers to kill (likewise).
    pub record_kills: usize,
    /// Generated documents (besides the starter's).
    pub docs: usize,
    /// Seed of the random choices (printed, so a run can be repeated).
    pub seed: u64,
    /// The `zhijian` binary.
    pub binary: PathBuf,
    /// Working folder; its `a/` and `b/` are replaced.
    pub dir: PathBuf,
    /// Print one line per round.
    pub verbose: bool,
}

/// What the loops found.
#[derive(Debug, Default, Clone)]
pub struct Summary {
    /// Index rounds run.
    pub rounds: usize,
    /// `zhijian index` processes killed while running.
    pub kills: usize,
    /// Rounds where the process ended before the kill.
    pub finished_first: usize,
    /// Searches after a kill that had to rebuild the index (with a warning).
    pub repaired_by_search: usize,
    /// Rounds after which search, check or the next index failed, or results differed.
    pub unusable: usize,
    /// Failed next indexes that ran again after `zhijian doctor --repair`.
    pub fixed_by_doctor: usize,
    /// Leftovers `zhijian doctor` reported after a completed index.
    pub leftovers: usize,
    /// Record writers killed while running.
    pub record_kills: usize,
    /// Record files found neither old nor new, or unreadable.
    pub torn: usize,
    /// `.zhijian-tmp-*` files found right after a killed writer.
    pub temp_files: usize,
    /// Of those, the ones still there after the next writer of the same file ran.
    pub temp_files_left: usize,
    /// True when `training complete` and `personnel record` exist in this binary.
    pub records_tested: bool,
    /// Problems, one line each.
    pub failures: Vec<String>,
}

/// A xorshift64* generator: enough randomness for choosing delays and files.
#[derive(Debug, Clone)]
pub struct Rng(u64);

impl Rng {
    /// A generator from `seed` (0 is replaced by a constant).
    pub fn new(seed: u64) -> Rng {
        Rng(if seed == 0 {
            0x9E37_79B9_7F4A_7C15
        } else {
            seed
        })
    }

    /// The next 64 random bits.
    pub fn next(&mut self) -> u64 {
        let mut x = self.0;
        x ^= x >> 12;
        x ^= x << 25;
        x ^= x >> 27;
        self.0 = x;
        x.wrapping_mul(0x2545_F491_4F6C_DD1D)
    }

    /// A number in `0..n` (0 when `n` is 0).
    pub fn below(&mut self, n: usize) -> usize {
        if n == 0 {
            0
        } else {
            (self.next() % n as u64) as usize
        }
    }

    /// A fraction in `[0, 1)`.
    pub fn unit(&mut self) -> f64 {
        (self.next() >> 11) as f64 / (1u64 << 53) as f64
    }
}

/// A seed from the clock.
pub fn time_seed() -> u64 {
    std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map(|d| d.as_nanos() as u64)
        .unwrap_or(1)
}

/// `cargo xtask crash [--kills N] [--records N] [--docs N] [--seed S] [--binary PATH] [-v]`
pub fn run(args: &[String]) -> anyhow::Result<()> {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"))
        .parent()
        .map(Path::to_path_buf)
        .unwrap_or_default();
    // This file is also compiled into the test suite, so it finds cargo's target
    // folder itself rather than through xtask's helper.
    let target = std::env::var_os("CARGO_TARGET_DIR")
        .filter(|dir| !dir.is_empty())
        .map(PathBuf::from)
        .map(|dir| {
            if dir.is_absolute() {
                dir
            } else {
                root.join(dir)
            }
        })
        .unwrap_or_else(|| root.join("target"));
    let mut options = Options {
        kills: 200,
        record_kills: 100,
        docs: 3000,
        seed: time_seed(),
        binary: target.join("release/zhijian"),
        dir: target.join("crash-kb"),
        verbose: false,
    };
    let mut binary_given = false;
    let mut it = args.iter();
    while let Some(arg) = it.next() {
        let mut value = |name: &str| {
            it.next()
                .cloned()
                .with_context(|| format!("{name} needs a value"))
        };
        match arg.as_str() {
            "--kills" => options.kills = value("--kills")?.parse()?,
            "--records" => options.record_kills = value("--records")?.parse()?,
            "--docs" => options.docs = value("--docs")?.parse()?,
            "--seed" => options.seed = value("--seed")?.parse()?,
            "--binary" => {
                options.binary = PathBuf::from(value("--binary")?);
                binary_given = true;
            }
            "-v" | "--verbose" => options.verbose = true,
            other => bail!(
                "unknown option `{other}` (use --kills N, --records N, --docs N, --seed S, --binary PATH, -v)"
            ),
        }
    }
    if !binary_given {
        let status = Command::new("cargo")
            .args(["build", "--release", "-p", "zhijian"])
            .current_dir(&root)
            .status()
            .context("cannot run cargo")?;
        if !status.success() {
            bail!("cargo build --release -p zhijian failed");
        }
    }
    eprintln!(
        "crash loop: seed {} ({} index kills, {} record kills, {} documents)",
        options.seed, options.kills, options.record_kills, options.docs
    );
    let started = Instant::now();
    let summary = crash_loop(&options, &mut |line| eprintln!("{line}"))?;
    println!("{}", report(&summary));
    println!(
        "seed {}, {:.0} s",
        options.seed,
        started.elapsed().as_secs_f64()
    );
    if summary.unusable > 0
        || summary.leftovers > 0
        || summary.torn > 0
        || summary.temp_files_left > 0
    {
        bail!("the crash loop found problems (seed {})", options.seed);
    }
    Ok(())
}

/// The figures, in a few lines.
pub fn report(summary: &Summary) -> String {
    let mut out = format!(
        "index: {} rounds, {} kills, {} finished before the kill, {} repaired by search, {} unusable indexes ({} fixed by doctor --repair), {} leftovers found by doctor\n",
        summary.rounds,
        summary.kills,
        summary.finished_first,
        summary.repaired_by_search,
        summary.unusable,
        summary.fixed_by_doctor,
        summary.leftovers
    );
    if summary.records_tested {
        out.push_str(&format!(
            "records: {} kills, {} torn records, {} temp files left by killed writers, {} of them still there after the next write\n",
            summary.record_kills, summary.torn, summary.temp_files, summary.temp_files_left
        ));
    } else {
        out.push_str("records: skipped (this zhijian has no `training complete`)\n");
    }
    for failure in &summary.failures {
        out.push_str(&format!("  {failure}\n"));
    }
    out
}

/// Runs both loops.
pub fn crash_loop(options: &Options, log: &mut dyn FnMut(&str)) -> anyhow::Result<Summary> {
    let mut rng = Rng::new(options.seed);
    let a = options.dir.join("a");
    let b = options.dir.join("b");
    for dir in [&a, &b] {
        if dir.exists() {
            std::fs::remove_dir_all(dir).with_context(|| format!("remove {}", dir.display()))?;
        }
    }
    let z = Zhijian {
        binary: options.binary.clone(),
    };
    z.ok(&a, &["init", "--starter"], Some(&a))?;
    z.ok(&b, &["init", "--starter"], Some(&b))?;
    let mut docs = Docs::default();
    for _ in 0..options.docs {
        docs.add(&mut rng, &[&a, &b])?;
    }
    let queries = options.dir.join("queries.jsonl");
    let lines: Vec<String> = QUERIES
        .iter()
        .enumerate()
        .map(|(i, q)| serde_json::json!({ "id": i, "query": q }).to_string())
        .collect();
    std::fs::write(&queries, lines.join("\n") + "\n")?;

    let mut summary = Summary::default();
    let timed = |args: &[&str]| -> anyhow::Result<Duration> {
        let start = Instant::now();
        z.ok(&a, args, None)?;
        Ok(start.elapsed())
    };
    let full = timed(&["index", "--rebuild", "--no-progress", "-q"])?;
    docs.mutate(&mut rng, &[&a, &b])?;
    let incremental = timed(&["index", "--no-progress", "-q"])?;
    log(&format!(
        "a full rebuild takes {:.2} s, an update {:.2} s",
        full.as_secs_f64(),
        incremental.as_secs_f64()
    ));

    // Rounds where the process ends before the kill do not count: go on until
    // `kills` processes were really killed (at most five times as many rounds).
    // The first timed run is often the slowest (cold caches), so a process that
    // ends before its kill teaches the loop a shorter time: it took less than
    // `delay`, and later delays are drawn below that.
    let mut expected = [full, incremental];
    while summary.kills < options.kills && summary.rounds < options.kills * 5 {
        summary.rounds += 1;
        let round = summary.rounds;
        docs.mutate(&mut rng, &[&a, &b])?;
        let rebuild = rng.below(2) == 0;
        let kind = usize::from(!rebuild);
        let delay = expected[kind].mul_f64(rng.unit());
        let mut args = vec!["index", "--no-progress", "-q"];
        if rebuild {
            args.push("--rebuild");
        }
        let killed = z.kill_after(&a, &args, delay)?;
        if killed {
            summary.kills += 1;
        } else {
            summary.finished_first += 1;
            expected[kind] = delay;
        }
        let before = summary.failures.len();
        check_after_kill(&z, &a, &b, &queries, &mut summary)?;
        if options.verbose || summary.failures.len() > before {
            log(&format!(
                "round {round}: {} after {} ms ({}) {}",
                if rebuild { "rebuild" } else { "update" },
                delay.as_millis(),
                if killed { "killed" } else { "finished" },
                if summary.failures.len() > before {
                    "FAILED"
                } else {
                    "ok"
                }
            ));
        }
    }

    summary.records_tested = z.run(&a, &["training", "--help"])?.status.success()
        && z.run(&a, &["personnel", "--help"])?.status.success();
    if summary.records_tested && options.record_kills > 0 {
        record_loop(&z, &a, options, &mut rng, &mut summary, log)?;
    }
    Ok(summary)
}

/// After a kill: search and check work, the next index completes, and its results
/// equal a clean rebuild of the twin.
fn check_after_kill(
    z: &Zhijian,
    a: &Path,
    b: &Path,
    queries: &Path,
    summary: &mut Summary,
) -> anyhow::Result<()> {
    let mut failed = Vec::new();
    let search = z.run(a, &["--json", "search", "醉驾"])?;
    match search.status.code() {
        Some(0 | 1) => {
            if String::from_utf8_lossy(&search.stderr).contains("warning") {
                summary.repaired_by_search += 1;
            }
        }
        _ => failed.push(format!("search after the kill failed: {}", stderr(&search))),
    }
    let check = z.run(a, &["check", "-q"])?;
    if !matches!(check.status.code(), Some(0 | 1)) {
        failed.push(format!("check after the kill failed: {}", stderr(&check)));
    }
    let mut index = z.run(a, &["index", "--no-progress", "-q"])?;
    if !matches!(index.status.code(), Some(0 | 1)) {
        failed.push(format!("the next index failed: {}", stderr(&index)));
        // Does `zhijian doctor --repair` get the knowledge base going again?
        z.run(a, &["doctor", "--repair", "-q"])?;
        index = z.run(a, &["index", "--no-progress", "-q"])?;
        if matches!(index.status.code(), Some(0 | 1)) {
            summary.fixed_by_doctor += 1;
        }
    }
    if matches!(index.status.code(), Some(0 | 1)) {
        // After a completed update the doctor must find the index and manifest sound.
        let doctor = z.run(a, &["--json", "doctor"])?;
        let report: serde_json::Value =
            serde_json::from_slice(&doctor.stdout).unwrap_or(serde_json::Value::Null);
        for finding in report["findings"].as_array().into_iter().flatten() {
            if finding["check"] == "leftover" {
                summary.leftovers += 1;
                summary
                    .failures
                    .push(format!("doctor after a completed index: {finding}"));
            } else if finding["check"] != "permissions" {
                failed.push(format!("doctor after a completed index: {finding}"));
            }
        }
        z.ok(b, &["index", "--rebuild", "--no-progress", "-q"], None)?;
        let got = results(z, a, queries)?;
        let want = results(z, b, queries)?;
        if got != want {
            let differ: Vec<&str> = got
                .iter()
                .zip(&want)
                .filter(|(g, w)| g != w)
                .map(|(g, _)| g.0.as_str())
                .collect();
            failed.push(format!(
                "results differ from a clean rebuild for {}",
                differ.join(", ")
            ));
        }
    }
    if !failed.is_empty() {
        summary.unusable += 1;
        summary.failures.extend(failed);
    }
    Ok(())
}

/// Per query: the query, the total, and the sorted set of hits (id, type, path, line).
type QueryResult = (String, u64, BTreeSet<String>);

fn results(z: &Zhijian, kb: &Path, queries: &Path) -> anyhow::Result<Vec<QueryResult>> {
    let queries = queries.to_string_lossy();
    let out = z.run(kb, &["search", "-n", "100000", "--batch", &queries])?;
    if !matches!(out.status.code(), Some(0 | 1)) {
        bail!("search --batch failed: {}", stderr(&out));
    }
    let mut all = Vec::new();
    for line in String::from_utf8_lossy(&out.stdout).lines() {
        let value: serde_json::Value = serde_json::from_str(line)?;
        let hits = value["hits"]
            .as_array()
            .map(|hits| {
                hits.iter()
                    .map(|h| format!("{} {} {} {}", h["id"], h["type"], h["path"], h["line"]))
                    .collect()
            })
            .unwrap_or_default();
        all.push((
            value["query"].as_str().unwrap_or_default().to_string(),
            value["total"].as_u64().unwrap_or(0),
            hits,
        ));
    }
    Ok(all)
}

/// Kills `training complete` and `personnel record` at random moments; every record
/// file must stay readable and be the old or the new version.
fn record_loop(
    z: &Zhijian,
    a: &Path,
    options: &Options,
    rng: &mut Rng,
    summary: &mut Summary,
    log: &mut dyn FnMut(&str),
) -> anyhow::Result<()> {
    let person = "p-zhang-shili";
    let training = a.join("training/records").join(format!("{person}.toml"));
    let people = a.join("people").join(format!("{person}.md"));
    let complete = |n: usize| {
        vec![
            "training".to_string(),
            "complete".into(),
            "sample-training-plea-basics".into(),
            "--person".into(),
            person.into(),
            "--force".into(),
            "--hours".into(),
            format!("{}", n % 7 + 1),
        ]
    };
    let record = |n: usize| {
        vec![
            "personnel".to_string(),
            "record".into(),
            person.into(),
            "cultivate".into(),
            "--summary".into(),
            format!("崩溃测试记录 {n}"),
        ]
    };
    // Time one uninterrupted run of each, so the kills land across the whole run.
    let time = |args: Vec<String>| -> anyhow::Result<Duration> {
        let start = Instant::now();
        let refs: Vec<&str> = args.iter().map(String::as_str).collect();
        z.ok(a, &refs, None)?;
        Ok(start.elapsed())
    };
    let mut times = [time(complete(0))?, time(record(0))?];
    let mut n = 0;
    // As in the index loop: a writer that ends before its kill took less than
    // `delay`, so later delays are drawn below that.
    while summary.record_kills < options.record_kills && n < options.record_kills * 5 {
        n += 1;
        let which = rng.below(2);
        let (file, marker, args, check) = if which == 0 {
            (
                &training,
                "[[completions]]",
                complete(n),
                vec!["training", "progress", "--person", person],
            )
        } else {
            (
                &people,
                "[[records]]",
                record(n),
                vec!["personnel", "show", person],
            )
        };
        let old = std::fs::read_to_string(file).unwrap_or_default();
        let dir = file.parent().unwrap_or(a);
        let temps_before = temp_files(dir);
        let delay = times[which].mul_f64(rng.unit());
        let refs: Vec<&str> = args.iter().map(String::as_str).collect();
        if z.kill_after(a, &refs, delay)? {
            summary.record_kills += 1;
        } else {
            times[which] = delay;
        }
        let new = std::fs::read_to_string(file).unwrap_or_default();
        let count = |text: &str| text.matches(marker).count();
        let readable = z.run(a, &check)?.status.success();
        let old_or_new = new == old || count(&new) == count(&old) + 1;
        if !readable || !old_or_new {
            summary.torn += 1;
            summary.failures.push(format!(
                "{} after killing `{}` (readable: {readable}, {} → {} {marker})",
                file.display(),
                args.join(" "),
                count(&old),
                count(&new)
            ));
        }
        summary.temp_files += temp_files(dir)
            .iter()
            .filter(|t| !temps_before.contains(t))
            .count();
        if options.verbose {
            log(&format!(
                "record kill {n}: {} after {} ms",
                args[..2].join(" "),
                delay.as_millis()
            ));
        }
    }
    // Writers that run to the end remove what killed writers of the same file left.
    z.ok(a, &refs_of(&complete(n + 1)), None)?;
    z.ok(a, &refs_of(&record(n + 1)), None)?;
    for dir in [training.parent(), people.parent()].into_iter().flatten() {
        for temp in temp_files(dir) {
            summary.temp_files_left += 1;
            summary.failures.push(format!(
                "{} left behind after the next write",
                temp.display()
            ));
        }
    }
    Ok(())
}

fn refs_of(args: &[String]) -> Vec<&str> {
    args.iter().map(String::as_str).collect()
}

/// `.zhijian-tmp-*` files directly in `dir`.
fn temp_files(dir: &Path) -> Vec<PathBuf> {
    std::fs::read_dir(dir)
        .map(|entries| {
            entries
                .flatten()
                .filter(|e| e.file_name().to_string_lossy().starts_with(".zhijian-tmp-"))
                .map(|e| e.path())
                .collect()
        })
        .unwrap_or_default()
}

fn stderr(out: &Output) -> String {
    let text = String::from_utf8_lossy(&out.stderr);
    format!("{} ({})", text.trim(), out.status)
}

/// The binary, run with a clean environment.
struct Zhijian {
    binary: PathBuf,
}

impl Zhijian {
    fn command(&self, kb: &Path, args: &[&str], init: Option<&Path>) -> Command {
        let mut cmd = Command::new(&self.binary);
        cmd.env("NO_COLOR", "1")
            .env_remove("ZHIJIAN_KB")
            .env("XDG_DATA_HOME", "/nonexistent-zhijian-crash-data")
            .env("HOME", "/nonexistent-zhijian-crash-home");
        match init {
            Some(dir) => cmd.args(args).arg(dir),
            None => cmd.arg("--kb").arg(kb).args(args),
        };
        cmd
    }

    fn run(&self, kb: &Path, args: &[&str]) -> anyhow::Result<Output> {
        self.command(kb, args, None)
            .output()
            .with_context(|| format!("cannot run {}", self.binary.display()))
    }

    /// Runs and requires exit 0 or 1.
    fn ok(&self, kb: &Path, args: &[&str], init: Option<&Path>) -> anyhow::Result<()> {
        let out = self
            .command(kb, args, init)
            .output()
            .with_context(|| format!("cannot run {}", self.binary.display()))?;
        if !matches!(out.status.code(), Some(0 | 1)) {
            bail!("zhijian {} failed: {}", args.join(" "), stderr(&out));
        }
        Ok(())
    }

    /// Starts the command and SIGKILLs it after `delay`; true when it was still running.
    fn kill_after(&self, kb: &Path, args: &[&str], delay: Duration) -> anyhow::Result<bool> {
        let mut child = self
            .command(kb, args, None)
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .with_context(|| format!("cannot run {}", self.binary.display()))?;
        std::thread::sleep(delay);
        let running = child.try_wait()?.is_none();
        if running {
            // `Child::kill` is SIGKILL on Unix: no destructor, no cleanup runs.
            child.kill()?;
        }
        child.wait()?;
        Ok(running)
    }
}

/// The generated documents, written identically into every knowledge base given.
#[derive(Debug, Default)]
struct Docs {
    paths: Vec<String>,
    next: usize,
}

impl Docs {
    fn write(kbs: &[&Path], rel: &str, text: &str) -> anyhow::Result<()> {
        for kb in kbs {
            let path = kb.join(rel);
            if let Some(parent) = path.parent() {
                std::fs::create_dir_all(parent)?;
            }
            std::fs::write(&path, text).with_context(|| format!("write {}", path.display()))?;
        }
        Ok(())
    }

    fn add(&mut self, rng: &mut Rng, kbs: &[&Path]) -> anyhow::Result<()> {
        let n = self.next;
        self.next += 1;
        let (rel, text) = generate(rng, n);
        Docs::write(kbs, &rel, &text)?;
        self.paths.push(rel);
        Ok(())
    }

    /// Adds, edits, deletes and touches a few files.
    fn mutate(&mut self, rng: &mut Rng, kbs: &[&Path]) -> anyhow::Result<()> {
        for _ in 0..1 + rng.below(6) {
            match rng.below(4) {
                0 => self.add(rng, kbs)?,
                1 if !self.paths.is_empty() => {
                    let rel = self.paths[rng.below(self.paths.len())].clone();
                    let mut text = std::fs::read_to_string(kbs[0].join(&rel))?;
                    text.push_str(&format!("\n修改标记 {}。\n", sentence(rng)));
                    Docs::write(kbs, &rel, &text)?;
                }
                2 if self.paths.len() > 1 => {
                    let rel = self.paths.swap_remove(rng.below(self.paths.len()));
                    for kb in kbs {
                        std::fs::remove_file(kb.join(&rel))?;
                    }
                }
                _ if !self.paths.is_empty() => {
                    // Same content, new modification time: must stay unchanged.
                    let rel = self.paths[rng.below(self.paths.len())].clone();
                    let text = std::fs::read_to_string(kbs[0].join(&rel))?;
                    Docs::write(kbs, &rel, &text)?;
                }
                _ => {}
            }
        }
        Ok(())
    }
}

/// A few random legal words run together.
pub fn sentence(rng: &mut Rng) -> String {
    let mut out = String::new();
    for _ in 0..4 + rng.below(8) {
        out.push_str(WORDS[rng.below(WORDS.len())]);
    }
    out
}

/// A small case, policy or note numbered `n`: its path and its text.
pub fn generate(rng: &mut Rng, n: usize) -> (String, String) {
    match n % 3 {
        0 => {
            let year = 2015 + rng.below(10);
            (
                format!("cases/gen/gen-case-{n}.md"),
                format!(
                    "+++\ntype = \"case\"\ntitle = \"{}案（生成{n}）\"\nnumber = \"检例第{}号\"\nkind = \"典型案例\"\ndomain = \"刑事\"\ncharges = [\"{}\"]\npublished = {year}-0{}-1{}\n+++\n\n## 要旨\n\n{}。\n\n## 基本案情\n\n{}。{}。\n",
                    sentence(rng),
                    20000 + n,
                    WORDS[rng.below(WORDS.len())],
                    1 + rng.below(9),
                    rng.below(10),
                    sentence(rng),
                    sentence(rng),
                    sentence(rng)
                ),
            )
        }
        1 => {
            let mut body = String::new();
            for (i, label) in ["一", "二", "三", "四"].iter().enumerate() {
                body.push_str(&format!("第{label}条 {}。\n\n", sentence(rng)));
                if i == 1 {
                    body.push_str("第二章 其他规定\n\n");
                }
            }
            (
                format!("policies/gen/gen-policy-{n}.md"),
                format!(
                    "+++\ntype = \"policy\"\ntitle = \"关于{}的规定（生成{n}）\"\ncategory = \"规范性文件\"\nstatus = \"现行有效\"\n+++\n\n{body}",
                    WORDS[rng.below(WORDS.len())]
                ),
            )
        }
        _ => (
            format!("notes/gen/gen-note-{n}.md"),
            format!("# 笔记 {n}\n\n{}。\n\n{}。\n", sentence(rng), sentence(rng)),
        ),
    }
}
