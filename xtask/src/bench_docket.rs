//! `cargo xtask bench` for the docket plugin: a seeded generator of realistic synthetic case
//! exports (never real data), then import and query times and peak memory at 1,000,000 case
//! rows and about 5,000,000 events, and each command on a small KB against a one-shot search.
//!
//! `cargo xtask bench --docket-only` runs this part alone; `--docket-rows N` changes the size.

use std::fmt::Write as _;
use std::io::{BufWriter, Write};
use std::path::Path;
use std::time::{Duration, Instant};

use anyhow::Context;

use crate::bench::{ms, ratio, timed, timed_quiet};

/// The day the synthetic export was taken: events after it do not exist yet.
const EXPORT_DAY: Day = Day(2025, 12, 31);
const SEED: u64 = 17;

/// Runs the docket benchmarks.
pub fn run(args: &[String]) -> anyhow::Result<()> {
    let rows = match args.iter().position(|a| a == "--docket-rows") {
        Some(i) => args
            .get(i + 1)
            .context("--docket-rows needs a number")?
            .parse()?,
        None => 1_000_000,
    };
    crate::run("cargo", &["build", "--release", "-p", "zhijian"])?;
    let zhijian = crate::target_dir().join("release/zhijian");
    let root = crate::target_dir().join("bench-docket");
    if root.exists() {
        std::fs::remove_dir_all(&root)?;
    }
    std::fs::create_dir_all(&root)?;

    let started = Instant::now();
    let (case_rows, events) = generate(&root, rows, SEED)?;
    println!("\n## docket (案件管理), synthetic data, seed {SEED}");
    println!(
        "generated             {case_rows} case rows, {events} events in {:.1} s (cases.csv {:.0} MB, events.csv {:.0} MB)",
        started.elapsed().as_secs_f64(),
        file_mb(&root.join("cases.csv")),
        file_mb(&root.join("events.csv"))
    );

    let kb = root.join("kb");
    std::fs::create_dir_all(&kb)?;
    std::fs::write(kb.join("zhijian.toml"), "name = \"bench-docket\"\n")?;
    let kb_arg = kb.display().to_string();
    let cases = root.join("cases.csv").display().to_string();
    let events_csv = root.join("events.csv").display().to_string();
    let import = ["--kb", &kb_arg, "docket", "import", &cases, &events_csv];
    let (first, first_rss) = timed(&zhijian, &import)?;
    row("import (first)", first, first_rss, "≤ 60 s");
    let (again, again_rss) = timed(&zhijian, &import)?;
    row(
        "import (same files)",
        again,
        again_rss,
        "idempotent: no file written",
    );

    let as_of = EXPORT_DAY.to_string();
    let queries: [(&str, Vec<&str>); 5] = [
        ("due", vec!["docket", "due", "--as-of", &as_of]),
        (
            "due --within 3",
            vec!["docket", "due", "--as-of", &as_of, "--within", "3"],
        ),
        ("indicators", vec!["docket", "indicators"]),
        (
            "indicators --by month",
            vec!["docket", "indicators", "--by", "month"],
        ),
        (
            "structure --by quarter",
            vec!["docket", "structure", "--by", "quarter"],
        ),
    ];
    // Cold: the cache is rebuilt from the CSV files (after a `git pull`, say).
    std::fs::remove_file(kb.join(".zhijian/docket/cache.bin")).ok();
    let mut cold_args = vec!["--kb", kb_arg.as_str(), "--json"];
    cold_args.extend(["docket", "due", "--as-of", &as_of]);
    let (cold, cold_rss) = timed(&zhijian, &cold_args)?;
    row(
        "due, cache rebuilt",
        cold,
        cold_rss,
        "after the files changed",
    );
    for (name, query) in &queries {
        let mut args = vec!["--kb", kb_arg.as_str(), "--json"];
        args.extend(query.iter().copied());
        let mut runs = Vec::new();
        let mut peak = 0;
        for _ in 0..3 {
            let (time, rss) = timed(&zhijian, &args)?;
            runs.push(time);
            peak = peak.max(rss);
        }
        runs.sort();
        row(name, runs[1], peak, "≤ 2 s, ≤ 500 MB (median of 3)");
    }
    small_kb(&zhijian, &root)
}

fn row(name: &str, time: Duration, rss_kib: u64, target: &str) {
    println!(
        "{name:<24} {:>8.2} s   peak RSS {:>5.0} MB   {target}",
        time.as_secs_f64(),
        rss_kib as f64 / 1024.0
    );
}

fn file_mb(path: &Path) -> f64 {
    std::fs::metadata(path).map_or(0.0, |m| m.len() as f64 / 1e6)
}

/// Each command on a small KB (2,000 case rows) against a one-shot search of the starter KB.
fn small_kb(zhijian: &Path, root: &Path) -> anyhow::Result<()> {
    let small = root.join("small");
    std::fs::create_dir_all(&small)?;
    generate(&small, 2_000, SEED)?;
    let kb = small.join("kb");
    let status = std::process::Command::new(zhijian)
        .args(["init", "--starter"])
        .arg(&kb)
        .stdout(std::process::Stdio::null())
        .status()?;
    anyhow::ensure!(status.success(), "zhijian init failed");
    let kb_arg = kb.display().to_string();
    timed_quiet(zhijian, &["--kb", &kb_arg, "index"])?;
    let cases = small.join("cases.csv").display().to_string();
    let events = small.join("events.csv").display().to_string();
    timed_quiet(
        zhijian,
        &["--kb", &kb_arg, "docket", "import", &cases, &events],
    )?;
    let search_args = ["--kb", kb_arg.as_str(), "search", "-q", "醉驾"];
    println!(
        "\n## docket on a small KB (2,000 rows) vs a one-shot `search 醉驾`, interleaved, median of 9 pairs"
    );
    let as_of = EXPORT_DAY.to_string();
    let report = small.join("report.html").display().to_string();
    let listing = std::fs::read_to_string(small.join("cases.csv"))?;
    let number = listing
        .lines()
        .nth(1)
        .and_then(|l| l.split(',').next())
        .context("the small export has no case")?
        .to_string();
    let commands: [(&str, Vec<&str>); 5] = [
        ("due", vec!["docket", "due", "--as-of", &as_of]),
        ("show", vec!["docket", "show", &number]),
        ("indicators", vec!["docket", "indicators", "--by", "unit"]),
        ("structure", vec!["docket", "structure", "--by", "month"]),
        ("report", vec!["docket", "report", "--html", &report]),
    ];
    for (name, command) in &commands {
        let mut args = vec!["--kb", kb_arg.as_str()];
        args.extend(command.iter().copied());
        // Alternate the two so that both see the same load on a shared machine.
        timed_quiet(zhijian, &args)?;
        let (mut ours, mut theirs) = (Vec::new(), Vec::new());
        for _ in 0..9 {
            theirs.push(timed_quiet(zhijian, &search_args)?);
            ours.push(timed_quiet(zhijian, &args)?);
        }
        ours.sort();
        theirs.sort();
        println!(
            "{name:<12} {:>7.1} ms   search {:>5.1} ms   {:.2}× (target ≤ 3×)",
            ms(ours[4]),
            ms(theirs[4]),
            ratio(ours[4], theirs[4])
        );
    }
    Ok(())
}

/// A day of the proleptic Gregorian calendar; the generator needs no date crate.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
struct Day(i32, u32, u32);

impl Day {
    fn ordinal(self) -> i64 {
        // Days since 1970-01-01 (Howard Hinnant's days_from_civil).
        let Day(y, m, d) = self;
        let y = i64::from(y) - i64::from(m <= 2);
        let era = y.div_euclid(400);
        let yoe = y - era * 400;
        let mp = (i64::from(m) + 9) % 12;
        let doy = (153 * mp + 2) / 5 + i64::from(d) - 1;
        let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
        era * 146_097 + doe - 719_468
    }

    fn from_ordinal(days: i64) -> Day {
        let z = days + 719_468;
        let era = z.div_euclid(146_097);
        let doe = z - era * 146_097;
        let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
        let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
        let mp = (5 * doy + 2) / 153;
        let d = (doy - (153 * mp + 2) / 5 + 1) as u32;
        let m = if mp < 10 { mp + 3 } else { mp - 9 } as u32;
        Day((yoe + era * 400 + i64::from(m <= 2)) as i32, m, d)
    }

    fn plus(self, days: i64) -> Day {
        Day::from_ordinal(self.ordinal() + days)
    }
}

impl std::fmt::Display for Day {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{:04}-{:02}-{:02}", self.0, self.1, self.2)
    }
}

/// splitmix64: small, seeded, and the same on every machine.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }

    fn below(&mut self, n: u64) -> u64 {
        self.next() % n.max(1)
    }

    fn chance(&mut self, p: f64) -> bool {
        (self.next() >> 11) as f64 / (1u64 << 53) as f64 <= p
    }

    fn between(&mut self, lo: i64, hi: i64) -> i64 {
        lo + self.below((hi - lo + 1) as u64) as i64
    }
}

const UNITS: [&str; 12] = [
    "模拟市人民检察院",
    "模拟市东城区人民检察院",
    "模拟市西城区人民检察院",
    "模拟市南湖区人民检察院",
    "模拟市北山区人民检察院",
    "模拟市临江县人民检察院",
    "模拟市青石县人民检察院",
    "模拟市白水县人民检察院",
    "模拟市云岭县人民检察院",
    "模拟市松原县人民检察院",
    "模拟市梅溪县人民检察院",
    "模拟市桃源县人民检察院",
];

/// Writes `cases.csv` and `events.csv` with `rows` case rows into `dir`; returns the counts.
///
/// Shares follow the shape of a criminal-heavy caseload: 审查逮捕 a fifth, 审查起诉 three quarters,
/// the four supervision kinds the rest; most suspects detained at arrest review; 认罪认罚 in nine
/// of ten prosecutions; a third of the periods extended, half returned once, some twice.
pub fn generate(dir: &Path, rows: usize, seed: u64) -> anyhow::Result<(usize, usize)> {
    let mut rng = Rng(seed);
    let mut cases = BufWriter::new(std::fs::File::create(dir.join("cases.csv"))?);
    let mut events = BufWriter::new(std::fs::File::create(dir.join("events.csv"))?);
    writeln!(
        cases,
        "部门受案号,嫌疑人编号,单位,部门,承办人,案件类别,受理日期,是否羁押,案件来源,履职类别"
    )?;
    writeln!(events, "部门受案号,嫌疑人编号,日期,事件")?;
    let first = Day(2021, 1, 1).ordinal();
    let span = EXPORT_DAY.ordinal() - first + 1;
    let (mut written, mut event_count, mut serial) = (0usize, 0usize, 0u64);
    let mut line = String::new();
    while written < rows {
        serial += 1;
        let received = Day::from_ordinal(first + rng.below(span as u64) as i64);
        let roll = rng.below(100);
        let (category, dept, duty, code) = match roll {
            0..=20 => ("审查逮捕", "第一检察部", "刑事", "捕"),
            21..=95 => ("审查起诉", "第二检察部", "刑事", "诉"),
            96 => ("民事监督", "第三检察部", "民事", "民"),
            97 => ("行政监督", "第四检察部", "行政", "行"),
            98 => ("公益诉讼", "第五检察部", "公益诉讼", "公"),
            _ => ("刑事执行监督", "第六检察部", "刑事", "执"),
        };
        let source = match duty {
            "刑事" if rng.chance(0.96) => "依程序移送",
            "民事" | "行政" if rng.chance(0.8) => "依申请受案",
            "公益诉讼" if rng.chance(0.1) => "依程序移送",
            _ => "主动发现",
        };
        let unit = UNITS[rng.below(UNITS.len() as u64) as usize];
        let handler = format!("p-{:04}", rng.below(600));
        let number = format!("模检{code}受[{}]{serial}号", received.0);
        let suspects = match rng.below(100) {
            0..=79 => 1,
            80..=94 => 2,
            _ => 3,
        }
        .min(rows - written);
        for s in 1..=suspects {
            let suspect = if suspects == 1 {
                String::new()
            } else {
                s.to_string()
            };
            let detained = rng.chance(if category == "审查逮捕" {
                0.75
            } else {
                0.45
            });
            writeln!(
                cases,
                "{number},{suspect},{unit},{dept},{handler},{category},{received},{},{source},{duty}",
                if detained { "是" } else { "否" }
            )?;
            written += 1;
            line.clear();
            let mut event = |day: Day, what: &str| {
                if day <= EXPORT_DAY {
                    let _ = writeln!(line, "{number},{suspect},{day},{what}");
                    event_count += 1;
                }
            };
            match category {
                "审查逮捕" => {
                    if rng.chance(0.7) {
                        event(received.plus(rng.between(1, 3)), "适用认罪认罚");
                    }
                    let decided = received.plus(if detained {
                        rng.between(2, 7)
                    } else {
                        rng.between(3, 15)
                    });
                    event(
                        decided,
                        if rng.chance(0.78) {
                            "批准逮捕"
                        } else {
                            "不批准逮捕"
                        },
                    );
                    event(decided, "审结");
                }
                "审查起诉" => prosecution(&mut rng, received, &mut event),
                _ => event(received.plus(rng.between(20, 90)), "审结"),
            }
            events.write_all(line.as_bytes())?;
        }
    }
    cases.flush()?;
    events.flush()?;
    Ok((written, event_count))
}

fn prosecution(rng: &mut Rng, received: Day, event: &mut impl FnMut(Day, &str)) {
    if rng.chance(0.9) {
        event(received.plus(rng.between(1, 10)), "适用认罪认罚");
    }
    let mut start = received;
    for round in 0..2 {
        if !rng.chance(if round == 0 { 0.5 } else { 0.3 }) {
            break;
        }
        let returned = start.plus(rng.between(10, 25));
        event(returned, "退回补充侦查");
        start = returned.plus(rng.between(15, 30));
        event(start, "重新移送审查起诉");
    }
    let mut last = 28;
    if rng.chance(0.35) {
        event(start.plus(rng.between(20, 28)), "延长审查起诉期限");
        last = 43;
    }
    let decided = start.plus(rng.between(5, last));
    let charged = rng.chance(0.88);
    if charged && rng.chance(0.95) {
        let proposed = decided.plus(-rng.between(0, 3));
        event(proposed, "提出量刑建议");
        if rng.chance(0.93) {
            event(decided.plus(rng.between(30, 150)), "量刑建议被采纳");
        }
    }
    event(decided, if charged { "提起公诉" } else { "不起诉" });
    event(decided, "审结");
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn days_round_trip() {
        for day in [
            Day(2024, 2, 29),
            Day(2021, 1, 1),
            Day(2025, 12, 31),
            Day(1970, 1, 1),
        ] {
            assert_eq!(Day::from_ordinal(day.ordinal()), day);
        }
        assert_eq!(Day(2024, 2, 28).plus(2), Day(2024, 3, 1));
        assert_eq!(Day(1970, 1, 2).ordinal(), 1);
    }

    #[test]
    fn the_generator_is_seeded_and_writes_the_rows_asked_for() {
        let dir = std::env::temp_dir().join(format!("zhijian-bench-docket-{}", std::process::id()));
        std::fs::create_dir_all(&dir).expect("dir");
        let (rows, events) = generate(&dir, 500, 3).expect("generates");
        let first = std::fs::read(dir.join("events.csv")).expect("read");
        generate(&dir, 500, 3).expect("generates");
        assert_eq!(
            std::fs::read(dir.join("events.csv")).expect("read"),
            first,
            "same seed, same data"
        );
        let cases = std::fs::read_to_string(dir.join("cases.csv")).expect("read");
        assert_eq!(rows, 500);
        assert_eq!(cases.lines().count(), 501);
        assert!(
            events > 4 * rows && events < 6 * rows,
            "{events} events for {rows} rows"
        );
        std::fs::remove_dir_all(&dir).ok();
    }
}
