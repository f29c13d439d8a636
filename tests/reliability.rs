//! Reliability end to end: killed mid-index, run twice at once, damaged on disk, fed
//! hostile Markdown, next to misbehaving plugins — zhijian keeps working and loses
//! nothing. The full crash loop is `cargo xtask crash`; a short one runs here.

use std::path::{Path, PathBuf};
use std::process::{Child, Command, Output, Stdio};
use std::time::{Duration, Instant};

use tempfile::TempDir;

use crate::common::*;

// The crash loop itself, shared with `cargo xtask crash`.
#[path = "../xtask/src/crash.rs"]
#[allow(dead_code)]
mod crash;

const BINARY: &str = env!("CARGO_BIN_EXE_zhijian");

/// `zhijian --kb KB ARGS…` as a plain process (for spawning and killing).
fn process(kb: &Path, args: &[&str]) -> Command {
    let mut cmd = Command::new(BINARY);
    cmd.env("NO_COLOR", "1")
        .env_remove("ZHIJIAN_KB")
        .env("XDG_DATA_HOME", "/nonexistent-zhijian-test-data")
        .env("HOME", "/nonexistent-zhijian-test-home")
        .arg("--kb")
        .arg(kb)
        .args(args);
    cmd
}

fn spawn(kb: &Path, args: &[&str]) -> Child {
    process(kb, args)
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("zhijian starts")
}

fn run(kb: &Path, args: &[&str]) -> Output {
    process(kb, args).output().expect("zhijian runs")
}

fn stderr(output: &Output) -> String {
    String::from_utf8_lossy(&output.stderr).into_owned()
}

/// Waits for `child`, killing it (and failing) after `limit`: the watchdog.
fn wait_within(mut child: Child, limit: Duration, what: &str) -> Output {
    use std::io::Read;
    // Drain both pipes meanwhile: a child blocked on a full pipe would look hung.
    fn drain(pipe: Option<impl Read + Send + 'static>) -> std::thread::JoinHandle<Vec<u8>> {
        std::thread::spawn(move || {
            let mut bytes = Vec::new();
            if let Some(mut pipe) = pipe {
                let _ = pipe.read_to_end(&mut bytes);
            }
            bytes
        })
    }
    let stdout = drain(child.stdout.take());
    let stderr = drain(child.stderr.take());
    let start = Instant::now();
    let status = loop {
        if let Some(status) = child.try_wait().expect("wait") {
            break status;
        }
        if start.elapsed() > limit {
            let _ = child.kill();
            panic!("{what} did not finish within {} s", limit.as_secs());
        }
        std::thread::sleep(Duration::from_millis(20));
    };
    Output {
        status,
        stdout: stdout.join().expect("stdout reader"),
        stderr: stderr.join().expect("stderr reader"),
    }
}

/// Polls until `path` exists (at most 60 s).
fn wait_for(path: &Path) {
    let start = Instant::now();
    while !path.exists() {
        assert!(
            start.elapsed() < Duration::from_secs(60),
            "{} never appeared",
            path.display()
        );
        std::thread::sleep(Duration::from_millis(5));
    }
}

/// The starter knowledge base plus `docs` generated documents, not indexed.
fn big_kb(docs: usize) -> TempDir {
    let dir = starter_unindexed();
    let mut rng = crash::Rng::new(7);
    for n in 0..docs {
        let (rel, text) = crash::generate(&mut rng, n);
        let path = dir.path().join(rel);
        std::fs::create_dir_all(path.parent().expect("parent")).expect("mkdir");
        std::fs::write(path, text).expect("write");
    }
    dir
}

fn total(kb: &Path, query: &str) -> (Option<i32>, u64) {
    let output = run(kb, &["--json", "search", "-n", "1", query]);
    let total = match output.status.code() {
        Some(0 | 1) => json_of(&output)["total"].as_u64().unwrap_or(0),
        _ => panic!("search failed: {}", stderr(&output)),
    };
    (output.status.code(), total)
}

// ---------------------------------------------------------------- crash loop

#[test]
fn killed_indexers_and_record_writers_lose_nothing() {
    let dir = TempDir::new().expect("temp dir");
    let seed = crash::time_seed();
    let options = crash::Options {
        kills: 10,
        record_kills: 10,
        docs: 300,
        seed,
        binary: PathBuf::from(BINARY),
        dir: dir.path().to_path_buf(),
        verbose: false,
    };
    let summary = crash::crash_loop(&options, &mut |line| eprintln!("{line}")).expect("loop runs");
    let report = crash::report(&summary);
    eprintln!("seed {seed}\n{report}");
    assert_eq!(summary.kills + summary.finished_first, summary.rounds);
    assert_eq!(summary.kills, 10, "too few processes were killed: {report}");
    assert_eq!(summary.unusable, 0, "seed {seed}: {report}");
    assert_eq!(summary.leftovers, 0, "seed {seed}: {report}");
    assert!(
        summary.records_tested,
        "training/personnel commands missing"
    );
    assert_eq!(
        summary.record_kills, 10,
        "too few writers were killed: {report}"
    );
    assert_eq!(summary.torn, 0, "seed {seed}: {report}");
    assert_eq!(summary.temp_files_left, 0, "seed {seed}: {report}");
}

// ---------------------------------------------------------------- concurrency

#[test]
fn a_second_indexer_fails_fast_with_index_is_locked() {
    let kb = big_kb(1500);
    let first = spawn(kb.path(), &["index", "--no-progress"]);
    // `index.new` is made after the lock is taken: the first one holds it now.
    wait_for(&kb.path().join(".zhijian/index.new"));
    let start = Instant::now();
    let second = run(kb.path(), &["index", "--no-progress"]);
    let took = start.elapsed();
    let mut first = first;
    let first_running = first.try_wait().expect("wait").is_none();
    assert_eq!(second.status.code(), Some(2), "{}", stderr(&second));
    let message = stderr(&second);
    assert!(message.contains("index is locked"), "{message}");
    assert_eq!(message.trim().lines().count(), 1, "{message}");
    assert!(took < Duration::from_secs(10), "the second waited {took:?}");
    assert!(
        first_running,
        "the first indexer ended too soon to prove anything"
    );
    let first = wait_within(first, Duration::from_secs(120), "the first indexer");
    assert_eq!(first.status.code(), Some(0), "{}", stderr(&first));
    assert_eq!(total(kb.path(), "修改标记").1, 0);
    zhijian_in(kb.path()).arg("index").assert().code(0);
}

#[test]
fn a_search_during_indexing_sees_the_last_committed_index() {
    let kb = big_kb(1500);
    zhijian_in(kb.path()).arg("index").assert().code(0);
    let before = total(kb.path(), "醉驾");
    assert_eq!(before.0, Some(0));
    std::fs::write(
        kb.path().join("notes/new-during-index.md"),
        "# 新笔记\n\n独特标记词语只在新文件里。\n",
    )
    .expect("write");
    let indexer = spawn(kb.path(), &["index", "--rebuild", "--no-progress"]);
    wait_for(&kb.path().join(".zhijian/index.new"));
    let during = total(kb.path(), "醉驾");
    let unseen = total(kb.path(), "独特标记词语");
    let mut indexer = indexer;
    let still_running = indexer.try_wait().expect("wait").is_none();
    assert_eq!(during, before, "a search during indexing saw another state");
    assert_eq!(unseen, (Some(1), 0), "uncommitted documents were visible");
    assert!(
        still_running,
        "the indexer ended too soon to prove anything"
    );
    let done = wait_within(indexer, Duration::from_secs(120), "the indexer");
    assert_eq!(done.status.code(), Some(0), "{}", stderr(&done));
    assert_eq!(total(kb.path(), "独特标记词语"), (Some(0), 1));
}

#[test]
fn concurrent_record_writers_on_one_person_lose_nothing() {
    let kb = starter();
    let person = "p-zhang-shili";
    let people = kb.path().join("people/p-zhang-shili.md");
    let records_before = std::fs::read_to_string(&people)
        .expect("person file")
        .matches("[[records]]")
        .count();
    let mut children = Vec::new();
    for i in 0..4 {
        let summary = format!("并发记录{i}");
        children.push(spawn(
            kb.path(),
            &[
                "personnel",
                "record",
                person,
                "cultivate",
                "--summary",
                &summary,
            ],
        ));
        let hours = format!("{}", i + 1);
        children.push(spawn(
            kb.path(),
            &[
                "training",
                "complete",
                "sample-training-plea-basics",
                "--person",
                person,
                "--force",
                "--hours",
                &hours,
            ],
        ));
    }
    for child in children {
        let output = wait_within(child, Duration::from_secs(60), "a record writer");
        assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
    }
    let text = std::fs::read_to_string(&people).expect("person file");
    assert_eq!(text.matches("[[records]]").count(), records_before + 4);
    for i in 0..4 {
        assert!(text.contains(&format!("并发记录{i}")), "record {i} lost");
    }
    let training = std::fs::read_to_string(kb.path().join("training/records/p-zhang-shili.toml"))
        .expect("training record");
    assert_eq!(training.matches("[[completions]]").count(), 4, "{training}");
    let show = run(kb.path(), &["--json", "personnel", "show", person]);
    assert_eq!(show.status.code(), Some(0), "{}", stderr(&show));
}

// ---------------------------------------------------------------- corruption

fn index_dir(kb: &Path) -> PathBuf {
    kb.join(".zhijian/index")
}

/// A segment file of the live index (tantivy names them `<uuid>.<ext>`).
fn segment_file(kb: &Path, ext: &str) -> PathBuf {
    std::fs::read_dir(index_dir(kb))
        .expect("index dir")
        .flatten()
        .map(|e| e.path())
        .find(|p| p.extension().is_some_and(|e| e == ext))
        .unwrap_or_else(|| panic!("no .{ext} segment file"))
}

/// The next search says so in one line, rebuilds, and finds; the next index works.
fn assert_search_repairs(kb: &Path) {
    let output = run(kb, &["search", "醉驾"]);
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
    let message = stderr(&output);
    assert_eq!(message.trim().lines().count(), 1, "{message}");
    assert!(message.contains("warning"), "{message}");
    assert!(
        message.contains("rebuilt it from the Markdown files"),
        "{message}"
    );
    zhijian_in(kb).arg("index").assert().code(0);
    zhijian_in(kb).arg("doctor").assert().code(0);
}

#[test]
fn a_truncated_meta_json_is_reported_and_rebuilt() {
    let kb = starter();
    let meta = index_dir(kb.path()).join("meta.json");
    let text = std::fs::read(&meta).expect("meta.json");
    std::fs::write(&meta, &text[..text.len() / 2]).expect("truncate");
    assert_search_repairs(kb.path());
}

#[test]
fn a_deleted_segment_file_is_reported_and_rebuilt() {
    let kb = starter();
    std::fs::remove_file(segment_file(kb.path(), "idx")).expect("delete");
    assert_search_repairs(kb.path());
}

#[test]
fn a_garbage_manifest_is_reported_and_rebuilt_by_the_next_index() {
    let kb = starter();
    let manifest = index_dir(kb.path()).join("zhijian-manifest.json");
    std::fs::write(&manifest, "{\"format\": 1, \"files\": [garbage").expect("write");
    // The index itself is intact, so searching needs no repair.
    zhijian_in(kb.path())
        .args(["search", "醉驾"])
        .assert()
        .code(0);
    let output = run(kb.path(), &["index"]);
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
    let message = stderr(&output);
    assert_eq!(message.trim().lines().count(), 1, "{message}");
    assert!(
        message.contains("rebuilt the whole index: the manifest is unreadable"),
        "{message}"
    );
    zhijian_in(kb.path()).arg("doctor").assert().code(0);
}

// ---------------------------------------------------------------- doctor

#[test]
fn doctor_is_quiet_on_a_healthy_knowledge_base() {
    let kb = starter();
    let output = run(kb.path(), &["--json", "doctor"]);
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
    assert_eq!(
        json_of(&output),
        serde_json::json!({ "healthy": true, "findings": [] })
    );
}

#[test]
fn doctor_finds_a_checksum_mismatch_and_repair_rebuilds() {
    let kb = starter();
    // Flip one byte inside a segment file: same size, wrong checksum.
    let store = segment_file(kb.path(), "store");
    let mut bytes = std::fs::read(&store).expect("read");
    bytes[0] ^= 0xff;
    std::fs::write(&store, bytes).expect("write");
    let output = run(kb.path(), &["--json", "doctor"]);
    assert_eq!(output.status.code(), Some(1), "{}", stderr(&output));
    let value = json_of(&output);
    assert_eq!(value["healthy"], false);
    let finding = &value["findings"][0];
    assert_eq!(finding["check"], "index");
    assert_eq!(finding["path"], ".zhijian/index");
    assert!(
        finding["problem"]
            .as_str()
            .is_some_and(|p| p.starts_with("checksum mismatch in ")),
        "{finding}"
    );
    let repair = run(kb.path(), &["doctor", "--repair"]);
    assert_eq!(repair.status.code(), Some(0), "{}", stderr(&repair));
    assert!(String::from_utf8_lossy(&repair.stdout).contains("(repaired)"));
    zhijian_in(kb.path()).arg("doctor").assert().code(0);
    zhijian_in(kb.path())
        .args(["search", "醉驾"])
        .assert()
        .code(0);
}

#[cfg(unix)]
#[test]
fn doctor_repairs_leftovers_permissions_and_a_stale_manifest() {
    use std::os::unix::fs::PermissionsExt;
    let kb = starter();
    let root = kb.path();
    // A manifest from another generation, a person file others can read, an
    // interrupted rebuild, and a temporary file of a killed writer (an hour old).
    let manifest = index_dir(root).join("zhijian-manifest.json");
    let text = std::fs::read_to_string(&manifest).expect("manifest");
    let stale = text.replacen("\"generation\":1", "\"generation\":99", 1);
    assert_ne!(stale, text, "manifest layout changed: {text}");
    std::fs::write(&manifest, stale).expect("write");
    let person = root.join("people/p-li-yanshi.md");
    std::fs::set_permissions(&person, std::fs::Permissions::from_mode(0o644)).expect("chmod");
    std::fs::create_dir_all(root.join(".zhijian/index.new")).expect("mkdir");
    let temp = root.join("people/.zhijian-tmp-killed");
    std::fs::write(&temp, "half a reco").expect("write");
    let hour_ago = std::time::SystemTime::now() - Duration::from_secs(3600);
    std::fs::File::options()
        .write(true)
        .open(&temp)
        .and_then(|f| f.set_modified(hour_ago))
        .expect("set mtime");
    let fresh = root.join("cases/.zhijian-tmp-in-progress");
    std::fs::write(&fresh, "being written").expect("write");

    let output = run(root, &["doctor"]);
    assert_eq!(output.status.code(), Some(1), "{}", stderr(&output));
    let text = String::from_utf8_lossy(&output.stdout).into_owned();
    assert_eq!(
        text,
        "manifest    .zhijian/index/zhijian-manifest.json: describes generation 99 but the index is at generation 1\n\
         leftover    .zhijian/index.new: folder left by an interrupted index update\n\
         leftover    people/.zhijian-tmp-killed: temporary file left by an interrupted write\n\
         permissions people/p-li-yanshi.md: personal data readable by others (mode 644, expected 600)\n"
    );
    let repair = run(root, &["--json", "doctor", "--repair"]);
    assert_eq!(repair.status.code(), Some(0), "{}", stderr(&repair));
    let value = json_of(&repair);
    assert_eq!(value["healthy"], true);
    assert_eq!(value["findings"].as_array().map(Vec::len), Some(4));
    assert!(!temp.exists() && !root.join(".zhijian/index.new").exists());
    assert!(
        fresh.exists(),
        "a young temporary file may be a write in progress"
    );
    let mode = std::fs::metadata(&person)
        .expect("meta")
        .permissions()
        .mode()
        & 0o777;
    assert_eq!(mode, 0o600);
    zhijian_in(root).arg("doctor").assert().code(0);
}

/// Adds 独有补充词语 to a case and indexes it, then puts the last commit back: the
/// segment and delete files written by the update stay, as when `zhijian index` is
/// killed just before it commits. tantivy would refuse to write the same delete
/// file again on the next update.
fn leave_files_of_an_update_killed_before_its_commit(root: &Path) {
    let meta = index_dir(root).join("meta.json");
    let manifest = index_dir(root).join("zhijian-manifest.json");
    let meta_before = std::fs::read(&meta).expect("meta.json");
    let manifest_before = std::fs::read(&manifest).expect("manifest");
    let case = root.join("cases/sample-case-9001.md");
    let mut text = std::fs::read_to_string(&case).expect("case");
    text.push_str("\n独有补充词语。\n");
    std::fs::write(&case, text).expect("write");
    zhijian_in(root).arg("index").assert().code(0);
    std::fs::write(&meta, meta_before).expect("restore meta.json");
    std::fs::write(&manifest, manifest_before).expect("restore manifest");
}

#[test]
fn files_of_a_killed_update_are_removed_by_doctor_repair() {
    let kb = starter();
    let root = kb.path();
    leave_files_of_an_update_killed_before_its_commit(root);
    zhijian_in(root).args(["search", "醉驾"]).assert().code(0);
    let output = run(root, &["--json", "doctor"]);
    assert_eq!(output.status.code(), Some(1), "{}", stderr(&output));
    let value = json_of(&output);
    let findings = value["findings"].as_array().expect("findings");
    assert_eq!(findings.len(), 1, "{value}");
    assert_eq!(findings[0]["check"], "leftover");
    assert_eq!(findings[0]["path"], ".zhijian/index");
    let problem = findings[0]["problem"].as_str().expect("problem");
    assert!(
        problem.contains(" unused files of an interrupted index update"),
        "{problem}"
    );
    zhijian_in(root)
        .args(["doctor", "--repair"])
        .assert()
        .code(0);
    zhijian_in(root).arg("index").assert().code(0);
    assert_eq!(total(root, "独有补充词语"), (Some(0), 1));
    zhijian_in(root).arg("doctor").assert().code(0);
}

#[test]
fn the_next_index_removes_files_of_a_killed_update() {
    let kb = starter();
    let root = kb.path();
    let files_before = std::fs::read_dir(index_dir(root)).expect("list").count();
    leave_files_of_an_update_killed_before_its_commit(root);
    assert!(std::fs::read_dir(index_dir(root)).expect("list").count() > files_before);
    zhijian_in(root).arg("index").assert().code(0);
    assert_eq!(total(root, "独有补充词语"), (Some(0), 1));
    zhijian_in(root).arg("doctor").assert().code(0);
    // An update with nothing to write removes them too (a process killed mid-merge,
    // after its commit, leaves such files and no work for the next one).
    let stray = index_dir(root).join("0123456789abcdef0123456789abcdef.idx");
    std::fs::write(&stray, "segment file of nobody").expect("write");
    let output = run(root, &["--json", "index"]);
    assert_eq!(json_of(&output)["updated"], 0, "{}", stderr(&output));
    assert!(!stray.exists(), "an unused segment file stayed");
    zhijian_in(root).arg("doctor").assert().code(0);
}

#[test]
fn doctor_without_an_index_says_so() {
    let dir = starter_unindexed();
    let output = run(dir.path(), &["doctor"]);
    assert_eq!(output.status.code(), Some(1));
    assert_eq!(
        String::from_utf8_lossy(&output.stdout),
        "index       .zhijian/index: there is no index yet (run `zhijian index`)\n"
    );
    zhijian_in(dir.path())
        .args(["doctor", "--repair"])
        .assert()
        .code(0);
    zhijian_in(dir.path())
        .args(["search", "醉驾"])
        .assert()
        .code(0);
}

// ---------------------------------------------------------------- hostile Markdown

/// Indexes a knowledge base holding only `notes/x.md` = `text` under a watchdog, then
/// searches it: no crash, no stack overflow, no hang.
fn survives(text: &str, word: &str) {
    let dir = TempDir::new().expect("temp dir");
    std::fs::write(
        dir.path().join("zhijian.toml"),
        "name = \"hostile\"\n[scan]\nmax_file_size = \"64MB\"\n",
    )
    .expect("config");
    std::fs::create_dir_all(dir.path().join("notes")).expect("mkdir");
    std::fs::write(dir.path().join("notes/x.md"), text).expect("write");
    let limit = Duration::from_secs(60);
    let index = wait_within(
        spawn(dir.path(), &["--json", "index", "--no-progress"]),
        limit,
        "zhijian index",
    );
    assert!(
        matches!(index.status.code(), Some(0 | 1)),
        "index crashed ({}): {}",
        index.status,
        stderr(&index)
    );
    let report = json_of(&index);
    let handled =
        report["added"] == 1 || report["skipped"].as_array().is_some_and(|s| s.len() == 1);
    assert!(handled, "neither indexed nor skipped: {report}");
    let search = wait_within(
        spawn(dir.path(), &["search", word]),
        limit,
        "zhijian search",
    );
    assert!(
        matches!(search.status.code(), Some(0 | 1)),
        "search crashed ({}): {}",
        search.status,
        stderr(&search)
    );
    let show = wait_within(spawn(dir.path(), &["show", "x"]), limit, "zhijian show");
    assert!(
        matches!(show.status.code(), Some(0 | 1)),
        "show crashed ({}): {}",
        show.status,
        stderr(&show)
    );
}

#[test]
fn fifty_thousand_nested_emphasis() {
    survives(
        &format!("{}醉驾{}\n", "*_".repeat(25_000), "_*".repeat(25_000)),
        "醉驾",
    );
    survives(
        &format!("{}醉驾{}\n", "*".repeat(50_000), "*".repeat(50_000)),
        "醉驾",
    );
}

#[test]
fn ten_thousand_deep_blockquotes_and_lists() {
    survives(&format!("{}醉驾\n", "> ".repeat(10_000)), "醉驾");
    survives(&format!("{}醉驾\n", "- ".repeat(10_000)), "醉驾");
    survives(
        &format!("{}醉驾{}\n", "[".repeat(50_000), "]".repeat(50_000)),
        "醉驾",
    );
}

#[test]
fn a_hundred_thousand_column_table() {
    let text = format!(
        "|{}\n|{}\n|{}\n",
        "列|".repeat(100_000),
        "-|".repeat(100_000),
        "醉驾|".repeat(100_000)
    );
    survives(&text, "醉驾");
}

#[test]
fn a_ten_megabyte_single_line() {
    let unit = "醉驾危险驾驶";
    let text = unit.repeat(10 * 1024 * 1024 / unit.len() + 1);
    assert!(text.len() > 10 * 1024 * 1024 && !text.contains('\n'));
    survives(&text, "危险驾驶");
}

// ---------------------------------------------------------------- dynamic plugins

/// Builds the example plugin `name` (shared target folder with plugins_dynamic).
fn example_plugin(name: &str) -> PathBuf {
    use std::env::consts::{DLL_PREFIX, DLL_SUFFIX};
    let target = Path::new(env!("CARGO_TARGET_TMPDIR")).join("plugin-examples");
    let manifest = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../plugins/examples")
        .join(name)
        .join("Cargo.toml");
    let cargo = std::env::var_os("CARGO").unwrap_or_else(|| "cargo".into());
    let output = Command::new(cargo)
        .arg("build")
        .arg("--manifest-path")
        .arg(manifest)
        .arg("--target-dir")
        .arg(&target)
        .output()
        .expect("cargo runs");
    assert!(output.status.success(), "{}", stderr(&output));
    target.join("debug").join(format!(
        "{DLL_PREFIX}zhijian_example_{}{DLL_SUFFIX}",
        name.replace('-', "_")
    ))
}

#[test]
fn panicking_spinning_and_garbage_plugins_cannot_corrupt_the_index_or_records() {
    use std::env::consts::{DLL_PREFIX, DLL_SUFFIX};
    let kb = big_kb(600);
    let root = kb.path();
    // Installed in the knowledge base, the plugins are loaded by their own commands
    // (and by no core or built-in one), which run beside `index` and the record writers.
    let plugins = root.join(".zhijian/plugins");
    std::fs::create_dir_all(&plugins).expect("mkdir");
    for (example, stem) in [("panics", "panics"), ("bad-json", "badjson")] {
        let path = plugins.join(format!("{DLL_PREFIX}{stem}{DLL_SUFFIX}"));
        std::fs::copy(example_plugin(example), &path).expect("install");
        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt;
            std::fs::set_permissions(&path, std::fs::Permissions::from_mode(0o755)).expect("chmod");
        }
    }
    zhijian_in(root).arg("index").assert().code(0);
    let before = total(root, "醉驾");
    let person = root.join("people/p-zhang-shili.md");
    let person_before = std::fs::read(&person).expect("person");

    // A plugin command that never returns holds no lock: everything else goes on.
    let mut spinner = spawn(root, &["panics", "spin"]);
    let indexer = spawn(root, &["index", "--rebuild", "--no-progress"]);
    for _ in 0..3 {
        for args in [["panics", "boom"], ["bad-json", "go"]] {
            let output = run(root, &args);
            assert_eq!(output.status.code(), Some(2), "{}", stderr(&output));
        }
    }
    let done = wait_within(indexer, Duration::from_secs(120), "the indexer");
    assert_eq!(done.status.code(), Some(0), "{}", stderr(&done));
    assert_eq!(total(root, "醉驾"), before);
    assert_eq!(std::fs::read(&person).expect("person"), person_before);
    zhijian_in(root)
        .args([
            "personnel",
            "record",
            "p-zhang-shili",
            "cultivate",
            "--summary",
            "插件之后",
        ])
        .assert()
        .code(0);
    let text = std::fs::read_to_string(&person).expect("person");
    assert!(text.contains("插件之后"));
    assert!(
        spinner.try_wait().expect("wait").is_none(),
        "the spinning plugin returned"
    );
    // Killing it (as a user would) leaves nothing to repair either.
    spinner.kill().expect("kill");
    spinner.wait().expect("wait");
    zhijian_in(root).arg("doctor").assert().code(0);
    zhijian_in(root).arg("check").assert().code(0);
    assert_eq!(total(root, "醉驾"), before);
}
