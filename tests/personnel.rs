//! End-to-end tests of the personnel plugin.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use serde_json::json;
use tempfile::TempDir;

use crate::common::*;

/// A temporary copy of the personnel fixture knowledge base.
fn kb() -> TempDir {
    fixture("personnel/kb")
}

fn csv(name: &str) -> PathBuf {
    fixture_path("personnel/csv").join(name)
}

fn run(kb: &Path, args: &[&str]) -> std::process::Output {
    zhijian_in(kb)
        .arg("personnel")
        .args(args)
        .output()
        .expect("zhijian runs")
}

fn stdout(output: &std::process::Output) -> String {
    String::from_utf8_lossy(&output.stdout).into_owned()
}

fn stderr(output: &std::process::Output) -> String {
    String::from_utf8_lossy(&output.stderr).into_owned()
}

/// Every file under `dir` with its bytes and permission bits.
fn snapshot(dir: &Path) -> BTreeMap<PathBuf, (String, u32)> {
    let mut out = BTreeMap::new();
    let mut stack = vec![dir.to_path_buf()];
    while let Some(at) = stack.pop() {
        for entry in std::fs::read_dir(&at).expect("list") {
            let path = entry.expect("entry").path();
            let mode = mode(&path);
            if path.is_dir() {
                out.insert(path.clone(), (String::new(), mode));
                stack.push(path);
            } else {
                let bytes = std::fs::read(&path).expect("read");
                out.insert(
                    path.clone(),
                    (String::from_utf8_lossy(&bytes).into_owned(), mode),
                );
            }
        }
    }
    out
}

#[cfg(unix)]
fn mode(path: &Path) -> u32 {
    use std::os::unix::fs::PermissionsExt;
    std::fs::metadata(path)
        .expect("metadata")
        .permissions()
        .mode()
        & 0o777
}

#[cfg(not(unix))]
fn mode(_path: &Path) -> u32 {
    0
}

fn audit_lines(kb: &Path) -> Vec<String> {
    std::fs::read_to_string(kb.join(".zhijian/audit.log"))
        .unwrap_or_default()
        .lines()
        .map(str::to_string)
        .collect()
}

#[test]
fn add_four_kinds_report_and_talent_end_to_end() {
    let kb = kb();
    let kb = kb.path();
    let added = run(
        kb,
        &[
            "add",
            "p-zhao",
            "--name",
            "赵测试",
            "--dept",
            "第一检察部",
            "--expertise",
            "醉驾",
            "--expertise",
            "量刑建议",
            "--tier",
            "专家型人才",
            "--joined",
            "2018-09-01",
        ],
    );
    assert_eq!(added.status.code(), Some(0), "{}", stderr(&added));
    assert_eq!(stdout(&added), "added p-zhao → people/p-zhao.md\n");
    for args in [
        [
            "record",
            "p-zhao",
            "选",
            "--summary",
            "交流轮岗至案件管理部",
            "--date",
            "2024-02-01",
            "--field",
            "from=第一检察部",
            "--field",
            "to=案件管理部",
        ],
        [
            "record",
            "p-zhao",
            "cultivate",
            "--summary",
            "公诉人业务竞赛",
            "--date",
            "2024-04-01",
            "--field",
            "competition=全市竞赛",
            "--field",
            "result=优秀公诉人",
        ],
        [
            "record",
            "p-zhao",
            "管",
            "--summary",
            "2023年度考核",
            "--date",
            "2024-01-15",
            "--field",
            "grade=优秀",
            "--field",
            "x=y",
        ],
        [
            "record",
            "p-zhao",
            "use",
            "--summary",
            "醉驾专业化办案组",
            "--date",
            "2024-06-01",
            "--field",
            "assignment=醉驾办案组",
            "--field",
            "role=组长",
        ],
    ] {
        let out = run(kb, &args);
        assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    }
    let out = zhijian_in(kb)
        .args([
            "--json",
            "personnel",
            "report",
            "--dept",
            "第一检察部",
            "--from",
            "2024-01-01",
            "--to",
            "2024-12-31",
        ])
        .output()
        .expect("runs");
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    assert_eq!(
        json_of(&out),
        json!({
            "from": "2024-01-01",
            "to": "2024-12-31",
            "department": "第一检察部",
            "training_hours_source": "zhijian-training",
            "people": [
                {"id": "p-chen", "name": "陈测试", "department": "第一检察部", "tier": "全科能手",
                 "records": {"select": 0, "cultivate": 0, "manage": 0, "use": 0, "total": 0},
                 "training_hours": 0.0, "rotations": 0, "latest_evaluation": null},
                {"id": "p-zhao", "name": "赵测试", "department": "第一检察部", "tier": "专家型人才",
                 "records": {"select": 1, "cultivate": 1, "manage": 1, "use": 1, "total": 4},
                 "training_hours": 7.5, "rotations": 1,
                 "latest_evaluation": {"grade": "优秀", "date": "2024-01-15"}}
            ],
            "departments": [
                {"department": "第一检察部", "people": 2,
                 "records": {"select": 1, "cultivate": 1, "manage": 1, "use": 1, "total": 4},
                 "training_hours": 7.5, "rotations": 1}
            ],
            "tiers": [
                {"tier": "专家型人才", "people": 1, "ids": ["p-zhao"]},
                {"tier": "全科能手", "people": 1, "ids": ["p-chen"]}
            ]
        })
    );
    // Without a period, every record and all 11.5 training hours count.
    let all = zhijian_in(kb)
        .args(["--json", "personnel", "report"])
        .output()
        .expect("runs");
    let all = json_of(&all);
    assert_eq!(all["people"].as_array().map(Vec::len), Some(3));
    assert_eq!(all["people"][2]["training_hours"], 11.5);
    assert_eq!(
        all["people"][0]["latest_evaluation"],
        json!({"grade": "称职", "date": "2023-01-10"})
    );
    assert_eq!(
        all["tiers"][2],
        json!({"tier": null, "people": 1, "ids": ["p-sun"]})
    );
    let csv = run(kb, &["report", "--csv", "--dept", "第一检察部"]);
    assert_eq!(
        stdout(&csv),
        "\u{feff}id,name,department,tier,select,cultivate,manage,use,total,training_hours,rotations,latest_grade,latest_evaluation_date\n\
         p-chen,陈测试,第一检察部,全科能手,0,0,1,0,1,0,0,称职,2023-01-10\n\
         p-zhao,赵测试,第一检察部,专家型人才,1,1,1,1,4,11.5,1,优秀,2024-01-15\n"
    );

    let talent = zhijian_in(kb)
        .args([
            "--json",
            "personnel",
            "talent",
            "--expertise",
            "醉驾",
            "--min-hours",
            "5",
        ])
        .output()
        .expect("runs");
    assert_eq!(talent.status.code(), Some(0));
    assert_eq!(
        json_of(&talent),
        json!([{"id": "p-zhao", "name": "赵测试", "department": "第一检察部", "tier": "专家型人才",
                "expertise": ["醉驾", "量刑建议"], "training_hours": 11.5, "completed_steps": 3,
                "latest_evaluation": {"grade": "优秀", "date": "2024-01-15"}}])
    );
    let both = run(kb, &["talent", "--expertise", "醉驾"]);
    let text = stdout(&both);
    let zhao = text.find("p-zhao").expect("p-zhao listed");
    let chen = text.find("p-chen").expect("p-chen listed");
    assert!(zhao < chen, "专家型人才 first:\n{text}");
    run_code(
        kb,
        &["talent", "--expertise", "醉驾", "--min-hours", "100"],
        1,
    );
    run_code(kb, &["talent", "--min-hours", "lots"], 2);

    let timeline = zhijian_in(kb)
        .args(["--json", "personnel", "timeline", "p-zhao"])
        .output()
        .expect("runs");
    let dates: Vec<String> = json_of(&timeline)["records"]
        .as_array()
        .expect("records")
        .iter()
        .map(|r| {
            format!(
                "{} {}",
                r["date"].as_str().unwrap_or(""),
                r["label"].as_str().unwrap_or("")
            )
        })
        .collect();
    assert_eq!(
        dates,
        [
            "2024-01-15 管",
            "2024-02-01 选",
            "2024-04-01 育",
            "2024-06-01 用"
        ]
    );
    let text = stdout(&run(kb, &["timeline", "p-zhao"]));
    assert!(text.contains("日期        选 select"), "{text}");
}

fn run_code(kb: &Path, args: &[&str], code: i32) -> std::process::Output {
    let out = run(kb, args);
    assert_eq!(
        out.status.code(),
        Some(code),
        "{args:?}: {}{}",
        stdout(&out),
        stderr(&out)
    );
    out
}

#[test]
fn person_records_never_reach_the_search_index() {
    let kb = kb();
    let kb = kb.path();
    run_code(
        kb,
        &[
            "record",
            "p-chen",
            "育",
            "--summary",
            "保密备注 zqxjkvunique 独特字样",
            "--date",
            "2024-01-01",
        ],
        0,
    );
    zhijian_in(kb).arg("index").assert().success();
    zhijian_in(kb)
        .args(["search", "zqxjkvunique"])
        .assert()
        .code(1);
    zhijian_in(kb).args(["search", "陈测试"]).assert().code(1);
    zhijian_in(kb).args(["search", "醉驾"]).assert().code(0);
    let index = kb.join(".zhijian/index");
    assert!(index.is_dir(), "the index was built");
    for path in snapshot(&index).into_keys().filter(|p| p.is_file()) {
        let bytes = std::fs::read(&path).expect("read");
        for needle in [
            "zqxjkvunique".as_bytes(),
            "陈测试".as_bytes(),
            "13900000000".as_bytes(),
        ] {
            assert!(
                !bytes.windows(needle.len()).any(|w| w == needle),
                "{} holds person data",
                path.display()
            );
        }
    }
}

#[test]
fn created_files_are_owner_only_under_umask_022() {
    let dir = TempDir::new().expect("tempdir");
    let kb = dir.path();
    std::fs::write(kb.join("zhijian.toml"), "name = \"x\"\n").expect("config");
    let binary = env!("CARGO_BIN_EXE_zhijian");
    let status = std::process::Command::new("sh")
        .arg("-c")
        .arg("umask 022; exec \"$0\" --kb \"$1\" personnel add p-a --name 甲 --dept 一部 && exec \"$0\" --kb \"$1\" personnel record p-a 用 --summary 办案")
        .arg(binary)
        .arg(kb)
        .env_remove("ZHIJIAN_KB")
        .stdout(std::process::Stdio::null())
        .status()
        .expect("sh runs");
    assert!(status.success());
    // A control: a file made by sh under the same umask is group/other-readable.
    assert_eq!(mode(&kb.join("zhijian.toml")) & 0o044, 0o044);
    assert_eq!(mode(&kb.join("people")), 0o700);
    assert_eq!(mode(&kb.join("people/p-a.md")), 0o600);
    assert_eq!(mode(&kb.join(".zhijian")), 0o700);
    assert_eq!(mode(&kb.join(".zhijian/audit.log")), 0o600);
    assert_eq!(mode(&kb.join(".zhijian/locks")), 0o700);
    assert_eq!(mode(&kb.join(".zhijian/locks/person-p-a.lock")), 0o600);
    // A rewrite tightens a hand-made 0644 file too.
    let kb2 = self::kb();
    assert_eq!(mode(&kb2.path().join("people/p-chen.md")), 0o644);
    run_code(
        kb2.path(),
        &[
            "record",
            "p-chen",
            "管",
            "--summary",
            "谈话提醒",
            "--date",
            "2024-01-01",
        ],
        0,
    );
    assert_eq!(mode(&kb2.path().join("people/p-chen.md")), 0o600);
}

#[test]
fn check_warns_about_readable_person_files() {
    let kb = kb();
    let out = zhijian_in(kb.path()).arg("check").output().expect("runs");
    let all = format!("{}{}", stdout(&out), stderr(&out));
    assert!(
        all.contains("people/p-chen.md: personnel record is readable by others (mode 644)"),
        "{all}"
    );
}

#[test]
fn sensitive_fields_are_redacted_unless_asked() {
    let kb = kb();
    let kb = kb.path();
    let text = stdout(&run_code(kb, &["show", "p-chen"], 0));
    assert!(
        text.contains("phone：***\n") && text.contains("id_number：***\n"),
        "{text}"
    );
    assert!(
        !text.contains("13900000000") && !text.contains("110000199001010000"),
        "{text}"
    );
    let json = json_of(
        &zhijian_in(kb)
            .args(["--json", "personnel", "show", "p-chen"])
            .output()
            .expect("runs"),
    );
    assert_eq!(
        (json["phone"].as_str(), json["id_number"].as_str()),
        (Some("***"), Some("***"))
    );
    assert_eq!(json["name"], "陈测试");
    let shown = json_of(
        &zhijian_in(kb)
            .args(["--json", "personnel", "show", "p-chen", "--show-sensitive"])
            .output()
            .expect("runs"),
    );
    assert_eq!(shown["phone"], "13900000000");
    // A sensitive field in a record is masked as well.
    run_code(
        kb,
        &[
            "record",
            "p-chen",
            "用",
            "--summary",
            "值班",
            "--date",
            "2024-01-01",
            "--field",
            "phone=13511112222",
        ],
        0,
    );
    let text = stdout(&run_code(kb, &["show", "p-chen"], 0));
    assert!(
        text.contains("phone=***") && !text.contains("13511112222"),
        "{text}"
    );
    let timeline = stdout(
        &zhijian_in(kb)
            .args(["--json", "personnel", "timeline", "p-chen"])
            .output()
            .expect("runs"),
    );
    assert!(!timeline.contains("13511112222"), "{timeline}");
    // The import dry run masks them too.
    let dry = stdout(&run_code(
        kb,
        &[
            "import",
            csv("people.csv").to_str().expect("utf-8 path"),
            "--dry-run",
        ],
        0,
    ));
    assert!(!dry.contains("13700000000"), "{dry}");
}

#[test]
fn every_change_appends_one_audit_line_without_values() {
    let kb = kb();
    let kb = kb.path();
    let with_user = |args: &[&str]| {
        let out = zhijian_in(kb)
            .env("USER", "tester")
            .arg("personnel")
            .args(args)
            .output()
            .expect("runs");
        assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    };
    with_user(&[
        "add",
        "p-a",
        "--name",
        "甲某",
        "--dept",
        "一部",
        "--field",
        "phone=13122223333",
    ]);
    with_user(&[
        "record",
        "p-a",
        "选",
        "--summary",
        "遴选入额",
        "--date",
        "2024-01-01",
    ]);
    with_user(&["show", "p-a"]);
    with_user(&["report"]);
    let failed = run(kb, &["record", "p-a", "bogus", "--summary", "x"]);
    assert_eq!(failed.status.code(), Some(2));
    let lines = audit_lines(kb);
    assert_eq!(lines.len(), 2, "{lines:?}");
    let fields: Vec<Vec<&str>> = lines.iter().map(|l| l.split('\t').collect()).collect();
    // The login name comes from the system's user database, not from $USER.
    let login = std::process::Command::new("id")
        .arg("-un")
        .output()
        .expect("id");
    let login = String::from_utf8_lossy(&login.stdout).trim().to_string();
    assert_eq!(fields[0][1..], [login.as_str(), "personnel add", "p-a"]);
    assert_eq!(fields[1][1..], [login.as_str(), "personnel record", "p-a"]);
    assert_eq!(fields[0][0].len(), "2024-01-01T00:00:00Z".len());
    let log = lines.join("\n");
    for value in ["甲某", "一部", "13122223333", "遴选入额"] {
        assert!(!log.contains(value), "the audit log holds a value: {log}");
    }
    // An import logs one line per person changed.
    run_code(
        kb,
        &["import", csv("people.csv").to_str().expect("utf-8 path")],
        0,
    );
    let lines = audit_lines(kb);
    assert_eq!(lines.len(), 4, "{lines:?}");
    assert!(
        lines[2].ends_with("\tpersonnel import\tp-zhou")
            && lines[3].ends_with("\tpersonnel import\tp-chen"),
        "{lines:?}"
    );
}

#[test]
fn a_user_comment_and_the_body_survive_a_record() {
    let kb = kb();
    let kb = kb.path();
    let file = kb.join("people/p-chen.md");
    let before = std::fs::read_to_string(&file).expect("read");
    run_code(
        kb,
        &[
            "record",
            "p-chen",
            "育",
            "--summary",
            "参加培训",
            "--date",
            "2024-02-02",
            "--field",
            "hours=8",
        ],
        0,
    );
    let after = std::fs::read_to_string(&file).expect("read");
    let (old_front, body) = before.rsplit_once("+++\n").expect("closing fence");
    assert!(
        after.starts_with(old_front),
        "the old front matter changed:\n{after}"
    );
    assert!(after.ends_with(&format!("\n[[records]]\nkind = \"cultivate\"\ndate = 2024-02-02\nsummary = \"参加培训\"\nhours = \"8\"\n+++\n{body}")), "{after}");
    assert!(after.contains("# 手写注释：陈某的档案，勿删\n"));
}

#[test]
fn concurrent_writers_lose_no_record() {
    let kb = kb();
    let kb = kb.path();
    let children: Vec<_> = (0..8)
        .map(|n| {
            std::process::Command::new(env!("CARGO_BIN_EXE_zhijian"))
                .arg("--kb")
                .arg(kb)
                .args([
                    "personnel",
                    "record",
                    "p-sun",
                    "管",
                    "--date",
                    "2024-01-01",
                    "--summary",
                ])
                .arg(format!("并发记录{n}"))
                .env_remove("ZHIJIAN_KB")
                .stdout(std::process::Stdio::null())
                .spawn()
                .expect("spawn")
        })
        .collect();
    for mut child in children {
        assert!(child.wait().expect("wait").success());
    }
    let json = json_of(
        &zhijian_in(kb)
            .args(["--json", "personnel", "show", "p-sun"])
            .output()
            .expect("runs"),
    );
    assert_eq!(json["records"].as_array().map(Vec::len), Some(8));
    assert_eq!(audit_lines(kb).len(), 8);
}

#[test]
fn csv_dry_run_writes_nothing() {
    let kb = kb();
    let kb = kb.path();
    let before = snapshot(kb);
    let out = run_code(
        kb,
        &[
            "import",
            csv("people.csv").to_str().expect("utf-8 path"),
            "--dry-run",
        ],
        0,
    );
    let text = stdout(&out);
    assert!(text.contains("line 2: would create p-zhou: name=周测试 department=第三检察部 expertise=醉驾、量刑建议 tier=全科能手 phone=***\n"), "{text}");
    assert!(
        text.contains("line 3: would update p-chen: department 第一检察部 → 第二检察部\n"),
        "{text}"
    );
    assert!(
        text.ends_with(
            "dry run: 1 created, 1 updated, 0 unchanged, 0 records appended; nothing written\n"
        ),
        "{text}"
    );
    assert_eq!(snapshot(kb), before, "a dry run changed files");
}

#[test]
fn import_creates_updates_and_keeps_comments() {
    let kb = kb();
    let kb = kb.path();
    let out = zhijian_in(kb)
        .args(["--json", "personnel", "import"])
        .arg(csv("people.csv"))
        .output()
        .expect("runs");
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let summary = json_of(&out);
    assert_eq!(summary["created"], json!([{"line": 2, "id": "p-zhou"}]));
    assert_eq!(
        summary["updated"],
        json!([{"line": 3, "id": "p-chen", "fields": ["department"]}])
    );
    let chen = std::fs::read_to_string(kb.join("people/p-chen.md")).expect("read");
    assert!(
        chen.contains("# 手写注释：陈某的档案，勿删\n")
            && chen.contains("department = \"第二检察部\"\n"),
        "{chen}"
    );
    let zhou = json_of(
        &zhijian_in(kb)
            .args(["--json", "personnel", "show", "p-zhou", "--show-sensitive"])
            .output()
            .expect("runs"),
    );
    assert_eq!(zhou["expertise"], json!(["醉驾", "量刑建议"]));
    assert_eq!(zhou["phone"], "13700000000");
    // Running it again changes nothing.
    let again = stdout(&run_code(
        kb,
        &["import", csv("people.csv").to_str().expect("utf-8 path")],
        0,
    ));
    assert!(
        again.ends_with("imported: 0 created, 0 updated, 2 unchanged, 0 records appended\n"),
        "{again}"
    );
    // Records import: a `kind` column appends one record per row.
    run_code(
        kb,
        &["import", csv("records.csv").to_str().expect("utf-8 path")],
        0,
    );
    let report = json_of(
        &zhijian_in(kb)
            .args(["--json", "personnel", "report", "--from", "2024-01-01"])
            .output()
            .expect("runs"),
    );
    let sun = report["people"]
        .as_array()
        .expect("people")
        .iter()
        .find(|p| p["id"] == "p-sun")
        .cloned()
        .expect("p-sun");
    assert_eq!(sun["rotations"], 1);
    let chen = report["people"]
        .as_array()
        .expect("people")
        .iter()
        .find(|p| p["id"] == "p-chen")
        .cloned()
        .expect("p-chen");
    assert_eq!(
        chen["latest_evaluation"],
        json!({"grade": "优秀", "date": "2024-01-15"})
    );
}

#[test]
fn a_failed_import_changes_nothing() {
    let kb = kb();
    let kb = kb.path();
    let before = snapshot(kb);
    let out = run_code(
        kb,
        &["import", csv("bad.csv").to_str().expect("utf-8 path")],
        2,
    );
    let err = stderr(&out);
    for expected in [
        "bad.csv:3: new person `p-zheng` needs a name",
        "bad.csv:4: joined: `2020-02-30` is not a date (write YYYY-MM-DD)",
        "bad.csv:5: id `p-wu` appears twice in this file",
        "3 invalid row(s): nothing written",
    ] {
        assert!(err.contains(expected), "missing `{expected}` in:\n{err}");
    }
    assert_eq!(snapshot(kb), before, "a failed import changed files");
    let wrong = run_code(
        kb,
        &[
            "import",
            csv("wrong-columns.csv").to_str().expect("utf-8 path"),
        ],
        2,
    );
    assert!(
        stderr(&wrong).contains("wrong-columns.csv:1: unknown column `salary`"),
        "{}",
        stderr(&wrong)
    );
    assert_eq!(snapshot(kb), before);
    // --skip-invalid imports the one good row and names the others.
    let skipped = run_code(
        kb,
        &[
            "import",
            csv("bad.csv").to_str().expect("utf-8 path"),
            "--skip-invalid",
        ],
        0,
    );
    assert!(
        stdout(&skipped).contains("line 2: create p-wu"),
        "{}",
        stdout(&skipped)
    );
    assert!(
        stderr(&skipped)
            .contains("bad.csv:4: joined: `2020-02-30` is not a date (write YYYY-MM-DD) (skipped)"),
        "{}",
        stderr(&skipped)
    );
    assert!(kb.join("people/p-wu.md").is_file() && !kb.join("people/p-feng.md").exists());
}

#[test]
fn a_gbk_csv_from_excel_is_decoded() {
    let kb = kb();
    let kb = kb.path();
    let out = zhijian_in(kb)
        .args(["--json", "personnel", "import"])
        .arg(csv("gbk.csv"))
        .output()
        .expect("runs");
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    assert_eq!(json_of(&out)["encoding"], "GBK");
    let guo = json_of(
        &zhijian_in(kb)
            .args(["--json", "personnel", "show", "p-gbk"])
            .output()
            .expect("runs"),
    );
    assert_eq!(
        (guo["name"].as_str(), guo["department"].as_str()),
        (Some("郭测试"), Some("第四检察部"))
    );
    assert_eq!(guo["expertise"], json!(["未成年人检察"]));
}

#[test]
fn broken_toml_is_reported_with_file_and_line_and_nothing_written() {
    let kb = kb();
    let kb = kb.path();
    let file = kb.join("people/p-sun.md");
    let broken = "+++\nid = \"p-sun\"\ntype = \"person\"\nname = \"孙测试\ndepartment = \"第二检察部\"\n+++\n";
    std::fs::write(&file, broken).expect("write");
    let out = run_code(
        kb,
        &[
            "record",
            "p-sun",
            "管",
            "--summary",
            "x",
            "--date",
            "2024-01-01",
        ],
        2,
    );
    assert!(
        stderr(&out).contains("people/p-sun.md:4: front matter is not valid TOML"),
        "{}",
        stderr(&out)
    );
    assert_eq!(std::fs::read_to_string(&file).expect("read"), broken);
    assert!(audit_lines(kb).is_empty());
    // Readers skip it with a warning and go on.
    let list = run_code(kb, &["list"], 0);
    assert!(
        stderr(&list).contains("people/p-sun.md:4: front matter is not valid TOML"),
        "{}",
        stderr(&list)
    );
    assert!(stdout(&list).contains("p-chen"));
}

#[test]
fn unknown_kind_bad_date_and_duplicate_ids_are_refused() {
    let kb = kb();
    let kb = kb.path();
    let before = snapshot(kb);
    let out = run_code(kb, &["record", "p-chen", "promote", "--summary", "x"], 2);
    assert_eq!(
        stderr(&out),
        "zhijian: error: unknown kind `promote` (expected select/选, cultivate/育, manage/管 or use/用)\n"
    );
    let out = run_code(
        kb,
        &[
            "record",
            "p-chen",
            "选",
            "--summary",
            "x",
            "--date",
            "2023-02-29",
        ],
        2,
    );
    assert!(
        stderr(&out).contains("--date: `2023-02-29` is not a date"),
        "{}",
        stderr(&out)
    );
    let out = run_code(
        kb,
        &["add", "p-chen", "--name", "重名", "--dept", "一部"],
        2,
    );
    assert!(
        stderr(&out).contains("id `p-chen` is already used by people/p-chen.md"),
        "{}",
        stderr(&out)
    );
    let out = run_code(
        kb,
        &[
            "add", "p-x", "--name", "某", "--dept", "一部", "--joined", "去年",
        ],
        2,
    );
    assert!(
        stderr(&out).contains("joined: `去年` is not a date"),
        "{}",
        stderr(&out)
    );
    let out = run_code(kb, &["record", "p-nobody", "选", "--summary", "x"], 1);
    assert!(
        stderr(&out).contains("no person with id `p-nobody`"),
        "{}",
        stderr(&out)
    );
    assert_eq!(snapshot(kb), before);
    // An id used by an indexed document of another type is taken as well.
    zhijian_in(kb).arg("index").assert().success();
    let out = run_code(kb, &["add", "case-x", "--name", "某", "--dept", "一部"], 2);
    assert!(
        stderr(&out).contains("id `case-x` is already used by cases/case-x.md"),
        "{}",
        stderr(&out)
    );
}

#[test]
fn list_filters_and_exit_codes() {
    let kb = kb();
    let kb = kb.path();
    let out = zhijian_in(kb)
        .args(["--json", "personnel", "list", "--expertise", "公益"])
        .output()
        .expect("runs");
    assert_eq!(
        json_of(&out),
        json!([{"id": "p-sun", "name": "孙测试", "department": "第二检察部", "position": null, "tier": null, "expertise": ["公益诉讼"], "records": 0}])
    );
    let text = stdout(&run_code(kb, &["list", "--dept", "第一检察部"], 0));
    assert_eq!(
        text,
        "编号    姓名    部门        职务        梯次      专长            记录\np-chen  陈测试  第一检察部  员额检察官  全科能手  醉驾、认罪认罚  1\n"
    );
    run_code(kb, &["list", "--tier", "专家型人才"], 1);
}
