//! End-to-end tests of the docket plugin (案件管理), on synthetic case exports.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::process::Output;

use serde_json::Value;
use tempfile::TempDir;

use crate::common::*;

/// The day the fixture is looked at: case 13's third 审查起诉 period ends that day.
const AS_OF: &str = "2024-09-30";

fn kb() -> TempDir {
    fixture("docket/kb")
}

fn csv(name: &str) -> PathBuf {
    fixture_path("docket/csv").join(name)
}

fn invalid(name: &str) -> PathBuf {
    fixture_path("docket/invalid").join(name)
}

fn run(kb: &Path, args: &[&str]) -> Output {
    zhijian_in(kb)
        .arg("docket")
        .args(args)
        .output()
        .expect("zhijian runs")
}

fn run_json(kb: &Path, args: &[&str]) -> (Value, Output) {
    let output = zhijian_in(kb)
        .arg("--json")
        .arg("docket")
        .args(args)
        .output()
        .expect("zhijian runs");
    (json_of(&output), output)
}

fn stdout(output: &Output) -> String {
    String::from_utf8_lossy(&output.stdout).into_owned()
}

fn stderr(output: &Output) -> String {
    String::from_utf8_lossy(&output.stderr).into_owned()
}

fn import(kb: &Path, files: &[&Path]) -> Output {
    let mut cmd = zhijian_in(kb);
    cmd.args(["docket", "import"]);
    for file in files {
        cmd.arg(file);
    }
    cmd.output().expect("zhijian runs")
}

fn imported() -> TempDir {
    let dir = kb();
    let output = import(dir.path(), &[&csv("cases.csv"), &csv("events.csv")]);
    assert!(output.status.success(), "{}", stderr(&output));
    dir
}

/// Every file under `docket/` with its bytes.
fn docket_files(kb: &Path) -> BTreeMap<String, Vec<u8>> {
    let dir = kb.join("docket/cases");
    let mut out = BTreeMap::new();
    for entry in std::fs::read_dir(&dir).expect("docket/cases exists") {
        let path = entry.expect("entry").path();
        let name = path
            .file_name()
            .expect("name")
            .to_string_lossy()
            .into_owned();
        out.insert(name, std::fs::read(&path).expect("read"));
    }
    out
}

#[test]
fn import_then_due_lists_every_open_stage_by_deadline() {
    let dir = kb();
    let output = import(dir.path(), &[&csv("cases.csv"), &csv("events.csv")]);
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
    let text = stdout(&output);
    assert!(text.contains("案件：新增 11，更新 0，未变 0"), "{text}");
    assert!(text.contains("事件：新增 13，已有 0"), "{text}");

    let output = run(dir.path(), &["due", "--as-of", AS_OF]);
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
    let text = stdout(&output);
    let lines: Vec<&str> = text.lines().collect();
    assert!(
        lines[0].starts_with("部门受案号") && lines[0].contains("剩余天数"),
        "{text}"
    );
    // CJK-aligned: every row's stage column starts at the same display column.
    assert!(
        lines[1].starts_with("测检诉受[2024]13号          审查起诉  2024-09-30  0         临期"),
        "{text}"
    );
    assert!(
        lines[2].contains("测检捕受[2024]1号") && lines[2].contains("2024-10-03"),
        "{text}"
    );
    assert!(
        text.contains("截至 2024-09-30：未结阶段 4 个，超期 0，临期 2（3 日内），正常 2"),
        "{text}"
    );

    let (json, output) = run_json(dir.path(), &["due", "--as-of", AS_OF]);
    assert_eq!(output.status.code(), Some(0));
    assert_eq!(
        stdout(&output).lines().count(),
        1,
        "one JSON value on one line"
    );
    let stages = json["stages"].as_array().expect("stages");
    let got: Vec<(&str, &str, &str, i64, &str)> = stages
        .iter()
        .map(|s| {
            (
                s["case"].as_str().unwrap_or(""),
                s["stage"].as_str().unwrap_or(""),
                s["deadline"].as_str().unwrap_or(""),
                s["days_left"].as_i64().unwrap_or(i64::MIN),
                s["level"].as_str().unwrap_or(""),
            )
        })
        .collect();
    assert_eq!(
        got,
        [
            // Resubmitted 2024-08-30 after the second return: a new full month.
            ("测检诉受[2024]13号", "审查起诉", "2024-09-30", 0, "warn"),
            // Detained: 2024-09-26 + 7 days ends on 3 October, a holiday, and stays there.
            ("测检捕受[2024]1号", "审查逮捕", "2024-10-03", 3, "warn"),
            // Not detained: 2024-09-20 + 15 days is 5 October, moved past the holiday.
            ("测检捕受[2024]2号", "审查逮捕", "2024-10-08", 8, "ok"),
            // One month from 1 September, extended by 15 days on 25 September.
            ("测检诉受[2024]12号", "审查起诉", "2024-10-16", 16, "ok"),
        ]
    );
    assert_eq!(stages[1]["suspect"], "1");
    assert_eq!(stages[1]["handler"], "p-li");

    let output = run(dir.path(), &["due", "--as-of", "2024-10-10"]);
    assert!(stdout(&output).contains("超期"), "{}", stdout(&output));
}

#[test]
fn due_narrows_with_within_and_exits_1_when_nothing_is_open() {
    let dir = imported();
    let (json, output) = run_json(dir.path(), &["due", "--as-of", AS_OF, "--within", "3"]);
    assert_eq!(output.status.code(), Some(0));
    assert_eq!(json["stages"].as_array().map(Vec::len), Some(2));
    let output = run(dir.path(), &["due", "--as-of", "2023-12-31"]);
    assert_eq!(output.status.code(), Some(1), "{}", stdout(&output));
    assert!(stdout(&output).is_empty());
    assert!(
        stderr(&output).contains("截至 2023-12-31 没有未结的办案阶段"),
        "{}",
        stderr(&output)
    );
    let (json, output) = run_json(dir.path(), &["due", "--as-of", "2023-12-31"]);
    assert_eq!(output.status.code(), Some(1));
    assert_eq!(json["stages"], serde_json::json!([]));
    // Events after the as-of day are ignored: on 2024-03-05 case 3's suspects were undecided.
    let (json, _) = run_json(dir.path(), &["due", "--as-of", "2024-03-05"]);
    let cases: Vec<&str> = json["stages"]
        .as_array()
        .expect("stages")
        .iter()
        .filter_map(|s| s["case"].as_str())
        .collect();
    assert_eq!(
        cases,
        [
            "测检捕受[2024]3号",
            "测检捕受[2024]3号",
            "测检诉受[2024]11号"
        ]
    );
    let output = run(dir.path(), &["due", "--as-of", "2024-02-30"]);
    assert_eq!(output.status.code(), Some(2));
    assert!(
        stderr(&output).contains("--as-of「2024-02-30」不是日期"),
        "{}",
        stderr(&output)
    );
}

#[test]
fn a_second_import_of_the_same_rows_changes_nothing_and_a_changed_row_updates() {
    let dir = imported();
    let before = docket_files(dir.path());
    let output = import(dir.path(), &[&csv("cases.csv"), &csv("events.csv")]);
    assert!(output.status.success(), "{}", stderr(&output));
    let text = stdout(&output);
    assert!(text.contains("案件：新增 0，更新 0，未变 11"), "{text}");
    assert!(text.contains("事件：新增 0，已有 13"), "{text}");
    assert!(text.contains("写入 0 个文件"), "{text}");
    assert_eq!(docket_files(dir.path()), before);

    // A new export: case 12 changes hands, case 11 is gone from it (and stays).
    let changed = dir.path().join("changed.csv");
    let original = std::fs::read_to_string(csv("cases.csv")).expect("read");
    let text: String = original
        .lines()
        .filter(|l| !l.starts_with("测检诉受[2024]11号"))
        .map(|l| {
            if l.starts_with("测检诉受[2024]12号") {
                l.replace("p-wang", "p-qian")
            } else {
                l.to_string()
            }
        })
        .map(|l| l + "\n")
        .collect();
    std::fs::write(&changed, text).expect("write");
    let (json, output) = {
        let output = zhijian_in(dir.path())
            .args(["--json", "docket", "import"])
            .arg(&changed)
            .output()
            .expect("runs");
        (json_of(&output), output)
    };
    assert!(output.status.success(), "{}", stderr(&output));
    assert_eq!(
        json["cases"],
        serde_json::json!({"created": 0, "updated": 1, "unchanged": 9})
    );
    assert_eq!(
        json["written"],
        serde_json::json!(["docket/cases/2024-09.csv"])
    );
    let (show, _) = run_json(
        dir.path(),
        &["show", "测检诉受[2024]12号", "--as-of", AS_OF],
    );
    assert_eq!(show["rows"][0]["handler"], "p-qian");
    assert_eq!(
        show["rows"][0]["events"].as_array().map(Vec::len),
        Some(1),
        "events survive an update"
    );
    let (show, output) = run_json(dir.path(), &["show", "测检诉受[2024]11号"]);
    assert!(output.status.success());
    assert_eq!(show["rows"][0]["events"][0]["event"], "不起诉");
}

#[test]
fn gb18030_input_gives_the_same_records_as_utf8() {
    let utf8 = imported();
    let gb = kb();
    let output = import(gb.path(), &[&csv("cases-gb18030.csv"), &csv("events.csv")]);
    assert!(output.status.success(), "{}", stderr(&output));
    assert!(
        stdout(&output).contains("cases-gb18030.csv（GB18030，11 行）"),
        "{}",
        stdout(&output)
    );
    assert_eq!(docket_files(gb.path()), docket_files(utf8.path()));
}

#[cfg(unix)]
#[test]
fn records_are_owner_only_text_files_by_month() {
    use std::os::unix::fs::PermissionsExt;
    let dir = imported();
    let mode = |p: &Path| std::fs::metadata(p).expect("meta").permissions().mode() & 0o777;
    assert_eq!(mode(&dir.path().join("docket")), 0o700);
    assert_eq!(mode(&dir.path().join("docket/cases")), 0o700);
    let files = docket_files(dir.path());
    assert_eq!(
        files.keys().map(String::as_str).collect::<Vec<_>>(),
        [
            "2024-01.csv",
            "2024-02.csv",
            "2024-03.csv",
            "2024-04.csv",
            "2024-05.csv",
            "2024-06.csv",
            "2024-07.csv",
            "2024-09.csv"
        ]
    );
    for name in files.keys() {
        assert_eq!(
            mode(&dir.path().join("docket/cases").join(name)),
            0o600,
            "{name}"
        );
    }
    assert_eq!(mode(&dir.path().join(".zhijian/docket/cache.bin")), 0o600);
    let march = String::from_utf8(files["2024-03.csv"].clone()).expect("utf-8");
    assert_eq!(
        march,
        "部门受案号,嫌疑人编号,单位,部门,承办人,案件类别,受理日期,是否羁押,案件来源,履职类别,事件\n\
         测检捕受[2024]3号,1,测试县人民检察院,第二检察部,p-wang,审查逮捕,2024-03-01,是,依程序移送,刑事,2024-03-06 不批准逮捕\n\
         测检捕受[2024]3号,2,测试县人民检察院,第二检察部,p-wang,审查逮捕,2024-03-01,是,依程序移送,刑事,2024-03-07 批准逮捕\n"
    );
    let audit = std::fs::read_to_string(dir.path().join(".zhijian/audit.log")).expect("audit log");
    assert!(
        audit.contains("docket import\t11 created, 0 updated, 13 events added"),
        "{audit}"
    );
}

#[test]
fn case_records_never_reach_the_general_index() {
    let dir = imported();
    std::fs::write(
        dir.path().join("note.md"),
        "+++\ntitle = \"对照\"\n+++\n测试县人民检察院的一篇笔记。\n",
    )
    .expect("write");
    let output = zhijian_in(dir.path()).arg("index").output().expect("runs");
    assert!(
        output.status.code().is_some_and(|c| c <= 1),
        "{}",
        stderr(&output)
    );
    // The control: the Markdown note is found; the case files, which name the same unit, are not.
    let (json, output) = {
        let output = zhijian_in(dir.path())
            .args(["--json", "search", "测试县人民检察院"])
            .output()
            .expect("runs");
        (json_of(&output), output)
    };
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
    let hits = json["hits"].as_array().expect("hits");
    assert!(
        hits.iter().all(|h| !h.to_string().contains("docket")),
        "{json}"
    );
    assert!(hits.iter().any(|h| h["title"] == "对照"), "{json}");
    for term in ["p-wang", "测检诉受", "第二检察部"] {
        let output = zhijian_in(dir.path())
            .args(["search", term])
            .output()
            .expect("runs");
        assert_eq!(output.status.code(), Some(1), "{term}: {}", stdout(&output));
    }
}

#[test]
fn show_explains_each_deadline_with_its_rule() {
    let dir = imported();
    let output = run(
        dir.path(),
        &["show", "测检诉受[2024]13号", "--as-of", AS_OF],
    );
    assert!(output.status.success(), "{}", stderr(&output));
    let text = stdout(&output);
    for needle in [
        "审查起诉（第 3 次）：期限 2024-09-30，未结，剩余 0 日（临期）",
        "2024-08-30 重新移送审查起诉，重新计算审查起诉期限（刑事诉讼法第一百七十五条第三款",
        "2024-08-10 为节假日，以节假日后的第一日 2024-08-12 为期满日期（刑事诉讼法第一百零五条第四款）",
        "2024-09-10 第三次退回补充侦查：补充侦查以二次为限",
        "最高人民法院关于适用《中华人民共和国刑事诉讼法》的解释第二百零二条",
    ] {
        assert!(text.contains(needle), "missing {needle}:\n{text}");
    }
    let (json, _) = run_json(
        dir.path(),
        &["show", "测检诉受[2024]11号", "--as-of", AS_OF],
    );
    let stage = &json["rows"][0]["stages"][0];
    assert_eq!(
        stage["deadline"], "2024-04-01",
        "29 February + one month = 31 March, a Sunday"
    );
    assert_eq!(stage["closed_by"], "不起诉");
    let rules: Vec<&str> = stage["why"]
        .as_array()
        .expect("why")
        .iter()
        .filter_map(|w| w["rule"].as_str())
        .collect();
    assert_eq!(rules, ["opened", "period", "rest_day"]);
    let (json, _) = run_json(dir.path(), &["show", "测检捕受[2024]1号", "--as-of", AS_OF]);
    let why = json["rows"][0]["stages"][0]["why"].to_string();
    assert!(
        why.contains("犯罪嫌疑人在押") && why.contains("\"rule\":\"detained\""),
        "{why}"
    );
    let output = run(dir.path(), &["show", "测检诉受[2024]404号"]);
    assert_eq!(output.status.code(), Some(1));
    assert!(
        stderr(&output).contains("没有部门受案号为 测检诉受[2024]404号 的案件"),
        "{}",
        stderr(&output)
    );
}

#[test]
fn indicators_give_numerator_denominator_and_a_fraction() {
    let dir = imported();
    let (json, output) = run_json(dir.path(), &["indicators"]);
    assert!(output.status.success(), "{}", stderr(&output));
    let list = json["groups"][0]["indicators"]
        .as_array()
        .expect("indicators");
    let got: Vec<(&str, u64, u64, Value)> = list
        .iter()
        .map(|i| {
            (
                i["name"].as_str().unwrap_or(""),
                i["numerator"].as_u64().unwrap_or(0),
                i["denominator"].as_u64().unwrap_or(0),
                i["value"].clone(),
            )
        })
        .collect();
    assert_eq!(
        got,
        [
            ("不捕率", 1, 2, serde_json::json!(0.5)),
            ("不起诉率", 1, 2, serde_json::json!(0.5)),
            ("诉前羁押率", 1, 2, serde_json::json!(0.5)),
            ("认罪认罚适用率", 1, 2, serde_json::json!(0.5)),
            ("量刑建议采纳率", 1, 1, serde_json::json!(1.0)),
            ("案件比", 11, 7, serde_json::json!(1.571429)),
        ]
    );
    // By unit: sorted by name, never by value.
    let (json, _) = run_json(dir.path(), &["indicators", "--by", "unit"]);
    let groups: Vec<&str> = json["groups"]
        .as_array()
        .expect("groups")
        .iter()
        .filter_map(|g| g["group"].as_str())
        .collect();
    assert_eq!(groups, ["测试县人民检察院", "测试市人民检察院"]);
    let (json, _) = run_json(
        dir.path(),
        &["indicators", "--from", "2024-03-01", "--to", "2024-03-31"],
    );
    assert_eq!(
        json["groups"][0]["indicators"][0]["denominator"], 2,
        "both arrest decisions were in March"
    );
    assert_eq!(json["groups"][0]["indicators"][4]["denominator"], 0);
    assert_eq!(
        json["groups"][0]["indicators"][4]["value"],
        Value::Null,
        "nothing to divide by"
    );
    let text = stdout(&run(dir.path(), &["indicators", "--by", "dept"]));
    assert!(
        text.contains("测试县人民检察院 第二检察部  不捕率")
            && text.contains("不用于排名")
            && !text.contains("排名 "),
        "{text}"
    );
    let output = run(dir.path(), &["indicators", "--from", "2030-01-01"]);
    assert_eq!(output.status.code(), Some(1));
    let output = run(dir.path(), &["indicators", "--by", "person"]);
    assert_eq!(output.status.code(), Some(2));
}

#[test]
fn structure_gives_the_three_ratios_with_a_configurable_mapping() {
    let dir = imported();
    let (json, output) = run_json(dir.path(), &["structure"]);
    assert!(output.status.success(), "{}", stderr(&output));
    let whole = &json["periods"][0];
    assert_eq!(whole["period"], Value::Null);
    assert_eq!(whole["total"], 10, "ten cases (部门受案号), eleven rows");
    assert_eq!(
        whole["duty"][0],
        serde_json::json!({"name": "刑事", "count": 7, "share": 0.7})
    );
    assert_eq!(
        whole["procedure"][1],
        serde_json::json!({"name": "依职权监督", "count": 2, "share": 0.2})
    );
    assert_eq!(
        whole["source"][1],
        serde_json::json!({"name": "依申请受案", "count": 1, "share": 0.1})
    );
    let (json, _) = run_json(dir.path(), &["structure", "--by", "quarter"]);
    let periods: Vec<&str> = json["periods"]
        .as_array()
        .expect("periods")
        .iter()
        .filter_map(|p| p["period"].as_str())
        .collect();
    assert_eq!(periods, ["2024Q1", "2024Q2", "2024Q3"]);
    // 依申请受案 counted as 依职权监督 by this office's reading.
    let config = dir.path().join("zhijian.toml");
    let mut text = std::fs::read_to_string(&config).expect("config");
    text.push_str("\n[docket.structure]\n\"依程序办案\" = [\"依程序移送\"]\n\"依职权监督\" = [\"依申请受案\", \"主动发现\"]\n");
    std::fs::write(&config, text).expect("config");
    let (json, _) = run_json(dir.path(), &["structure"]);
    assert_eq!(json["periods"][0]["procedure"][1]["count"], 3);
}

#[test]
fn calendar_overrides_in_zhijian_toml_move_deadlines() {
    let dir = imported();
    let config = dir.path().join("zhijian.toml");
    let mut text = std::fs::read_to_string(&config).expect("config");
    text.push_str("\n[calendar]\nholidays = [\"2024-10-08\"]\n");
    std::fs::write(&config, text).expect("config");
    let (json, _) = run_json(dir.path(), &["show", "测检捕受[2024]2号", "--as-of", AS_OF]);
    assert_eq!(json["rows"][0]["stages"][0]["deadline"], "2024-10-09");
}

#[test]
fn mapped_column_names_are_read() {
    let dir = kb();
    let config = dir.path().join("zhijian.toml");
    let mut text = std::fs::read_to_string(&config).expect("config");
    text.push_str("\n[docket.columns]\n\"受理日期\" = \"受理时间\"\n\"部门受案号\" = \"BMSAH\"\n");
    std::fs::write(&config, text).expect("config");
    let renamed = dir.path().join("export.csv");
    let original = std::fs::read_to_string(csv("cases.csv")).expect("read");
    std::fs::write(
        &renamed,
        original
            .replacen("部门受案号", "BMSAH", 1)
            .replacen("受理日期", "受理时间", 1),
    )
    .expect("write");
    let output = import(dir.path(), &[&renamed]);
    assert!(output.status.success(), "{}", stderr(&output));
    assert!(stdout(&output).contains("新增 11"));
}

#[test]
fn bad_input_is_reported_with_file_and_line_and_nothing_is_lost() {
    let dir = imported();
    let before = docket_files(dir.path());

    let output = import(dir.path(), &[&invalid("missing-column.csv")]);
    assert_eq!(output.status.code(), Some(2));
    assert!(
        stderr(&output).contains("missing-column.csv:1: 缺少列「履职类别」"),
        "{}",
        stderr(&output)
    );

    let output = import(dir.path(), &[&invalid("bad-rows.csv")]);
    assert_eq!(output.status.code(), Some(2));
    let err = stderr(&output);
    for needle in [
        "bad-rows.csv:2: 受理日期「2023-02-29」不是日期",
        "bad-rows.csv:4: 与第 3 行是同一案件（测检诉受[2024]92号），内容却不同",
        "bad-rows.csv:6: 该行有 6 列，表头有 9 列（文件不完整？）",
        "3 处有误：未写入任何内容",
    ] {
        assert!(err.contains(needle), "missing {needle}:\n{err}");
    }
    assert_eq!(
        docket_files(dir.path()),
        before,
        "a refused import writes nothing"
    );

    let output = import(dir.path(), &[&csv("cases.csv"), &invalid("bad-events.csv")]);
    assert_eq!(output.status.code(), Some(2));
    let err = stderr(&output);
    assert!(
        err.contains("bad-events.csv:2: 事件日期 2024-01-01 早于受理日期 2024-01-31"),
        "{err}"
    );
    assert!(
        err.contains("bad-events.csv:4: 没有案件 测检诉受[2024]99号"),
        "{err}"
    );
    assert_eq!(docket_files(dir.path()), before);

    // With --skip-invalid the good rows go in; the unknown 案件类别 and 事件 are kept and reported.
    let output = zhijian_in(dir.path())
        .args(["docket", "import", "--skip-invalid"])
        .arg(invalid("bad-rows.csv"))
        .output()
        .expect("runs");
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
    let err = stderr(&output);
    assert!(
        err.contains("bad-rows.csv:5: 案件类别「羁押必要性审查」不在已知列表中，已照原文保存"),
        "{err}"
    );
    assert!(err.contains("（已跳过）"), "{err}");
    let output = zhijian_in(dir.path())
        .args(["docket", "import", "--skip-invalid"])
        .arg(csv("cases.csv"))
        .arg(invalid("bad-events.csv"))
        .output()
        .expect("runs");
    assert!(output.status.success());
    assert!(
        stderr(&output).contains("事件「听证」不在已知列表中"),
        "{}",
        stderr(&output)
    );
    let (json, _) = run_json(dir.path(), &["show", "测检诉受[2024]93号"]);
    assert_eq!(json["rows"][0]["category"], "羁押必要性审查");
    let (json, _) = run_json(dir.path(), &["show", "测检诉受[2024]10号"]);
    let events: Vec<&str> = json["rows"][0]["events"]
        .as_array()
        .expect("events")
        .iter()
        .filter_map(|e| e["event"].as_str())
        .collect();
    assert!(events.contains(&"听证") && events.len() == 5, "{events:?}");
    // Everything imported before is still there, and case 92 (the first of its two rows) came in.
    let (json, _) = run_json(dir.path(), &["due", "--as-of", AS_OF]);
    let cases: Vec<&str> = json["stages"]
        .as_array()
        .expect("stages")
        .iter()
        .filter_map(|s| s["case"].as_str())
        .collect();
    assert_eq!(
        cases,
        [
            "测检诉受[2024]92号",
            "测检诉受[2024]13号",
            "测检捕受[2024]1号",
            "测检捕受[2024]2号",
            "测检诉受[2024]12号"
        ]
    );
}

#[test]
fn a_truncated_export_is_refused_and_loses_nothing() {
    let dir = imported();
    let before = docket_files(dir.path());
    let bytes = std::fs::read(csv("cases.csv")).expect("read");
    let cut = dir.path().join("cut.csv");
    // Cut in the middle of the last row, as an interrupted copy leaves it.
    std::fs::write(&cut, &bytes[..bytes.len() - 25]).expect("write");
    let output = import(dir.path(), &[&cut]);
    assert_eq!(output.status.code(), Some(2));
    assert!(
        stderr(&output).contains("cut.csv:12: "),
        "{}",
        stderr(&output)
    );
    assert_eq!(docket_files(dir.path()), before);
}

#[test]
fn hand_edits_of_the_records_are_seen_and_damage_is_reported() {
    let dir = imported();
    let file = dir.path().join("docket/cases/2024-09.csv");
    let text = std::fs::read_to_string(&file).expect("read");
    std::fs::write(&file, text.replace("p-li", "p-zhou")).expect("write");
    let (json, _) = run_json(dir.path(), &["due", "--as-of", AS_OF]);
    assert_eq!(
        json["stages"][1]["handler"], "p-zhou",
        "the cache was rebuilt from the edited file"
    );
    std::fs::write(&file, text.replace("2024-09-26", "2024-09-31")).expect("write");
    let output = run(dir.path(), &["due", "--as-of", AS_OF]);
    assert_eq!(output.status.code(), Some(2));
    assert!(
        stderr(&output).contains("docket/cases/2024-09.csv:"),
        "{}",
        stderr(&output)
    );
    // Deleting the cache loses nothing.
    std::fs::write(&file, &text).expect("write");
    std::fs::remove_dir_all(dir.path().join(".zhijian")).expect("remove");
    let (json, _) = run_json(dir.path(), &["due", "--as-of", AS_OF]);
    assert_eq!(json["stages"].as_array().map(Vec::len), Some(4));
}

#[test]
fn commands_before_any_import_say_so() {
    let dir = kb();
    let output = run(dir.path(), &["due"]);
    assert_eq!(output.status.code(), Some(1));
    assert!(
        stderr(&output).contains("尚未导入任何案件"),
        "{}",
        stderr(&output)
    );
}

/// Debian's Chromium, when installed.
fn chromium() -> Option<PathBuf> {
    ["chromium", "chromium-browser", "google-chrome"]
        .iter()
        .find_map(|name| {
            let path = std::env::var_os("PATH")?;
            std::env::split_paths(&path)
                .map(|d| d.join(name))
                .find(|p| p.is_file())
        })
}

#[test]
fn the_html_report_is_self_contained_and_renders_in_headless_chromium() {
    let dir = imported();
    let report = dir.path().join("report.html");
    let output = zhijian_in(dir.path())
        .args(["docket", "report", "--as-of", AS_OF, "--html"])
        .arg(&report)
        .output()
        .expect("runs");
    assert!(output.status.success(), "{}", stderr(&output));
    let html = std::fs::read_to_string(&report).expect("report written");
    assert!(html.starts_with("<!DOCTYPE html>"));
    for needle in [
        "不捕率",
        "三个结构比",
        "四大检察履职结构比",
        "测检诉受[2024]13号",
        "仅供分析研判，不用于排名",
    ] {
        assert!(html.contains(needle), "missing {needle}");
    }
    assert!(html.matches("<svg").count() >= 5, "trend and ratio charts");
    for external in ["http://", "https://", "<script", "src="] {
        let outside_svg_ns = html.replace("http://www.w3.org/2000/svg", "");
        assert!(
            !outside_svg_ns.contains(external),
            "the report must not load {external}"
        );
    }

    let Some(browser) = chromium() else {
        eprintln!(
            "SKIPPED the_html_report_…_renders_in_headless_chromium: chromium is not installed (apt-get install -y chromium)"
        );
        return;
    };
    let profile = TempDir::new().expect("profile dir");
    let run_browser = |extra: &[&str]| {
        std::process::Command::new(&browser)
            .args([
                "--headless",
                "--no-sandbox",
                "--disable-gpu",
                "--disable-background-networking",
                "--no-first-run",
            ])
            .arg(format!("--user-data-dir={}", profile.path().display()))
            .args(extra)
            .arg(format!("file://{}", report.display()))
            .output()
            .expect("chromium runs")
    };
    // The DOM after rendering: the charts are there as SVG elements with their series.
    let dom = run_browser(&["--dump-dom"]);
    assert!(
        dom.status.success(),
        "{}",
        String::from_utf8_lossy(&dom.stderr)
    );
    let dom = String::from_utf8_lossy(&dom.stdout);
    assert!(dom.matches("<svg").count() >= 5, "{dom}");
    assert!(dom.contains("class=\"series\"") && dom.contains("class=\"part\""));
    let shot = dir.path().join("report.png");
    let output = run_browser(&[
        "--window-size=900,2400",
        &format!("--screenshot={}", shot.display()),
    ]);
    assert!(
        output.status.success(),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    let png = std::fs::read(&shot).expect("screenshot taken");
    assert!(png.starts_with(b"\x89PNG\r\n\x1a\n"), "not a PNG");
    // A blank page compresses to a few kilobytes; tables and charts do not.
    assert!(
        png.len() > 20_000,
        "the screenshot looks blank ({} bytes)",
        png.len()
    );
}
