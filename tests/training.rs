//! End-to-end tests of the training plugin.

use std::fs;
use std::path::Path;

use serde_json::json;

use crate::common::*;

const ADVANCED: &str = "+++
id = \"t-advanced\"
type = \"training\"
title = \"醉驾案件办理进阶\"
audience = [\"公诉部门\"]
level = \"进阶\"
hours = 2
prerequisites = [\"t-basics\"]
related = [\"检例第1号\"]
+++

## 学习目标

掌握醉驾案件的处理方式。
";

const ELECTIVE: &str = "+++
id = \"t-elective\"
type = \"training\"
title = \"量刑建议选修\"
audience = [\"员额检察官\"]
level = \"高级\"
hours = 1
+++

量刑建议的形成步骤。
";

const PATH: &str = "+++
id = \"p-intro\"
type = \"path\"
title = \"醉驾案件学习路径\"
audience = [\"公诉部门\"]

[[steps]]
ref = \"t-basics\"

[[steps]]
ref = \"检例第1号\"

[[steps]]
ref = \"t-advanced\"

[[steps]]
ref = \"t-elective\"
required = false
+++

先学制度，再读案例，以案为鉴。
";

/// The fixture KB with the materials and the path a trainer writes.
fn training_kb() -> tempfile::TempDir {
    let kb = fixture("training/kb");
    fs::write(kb.path().join("training/t-advanced.md"), ADVANCED).expect("write material");
    fs::write(kb.path().join("training/t-elective.md"), ELECTIVE).expect("write material");
    fs::create_dir_all(kb.path().join("paths")).expect("paths folder");
    fs::write(kb.path().join("paths/p-intro.md"), PATH).expect("write path");
    kb
}

fn run_ok(kb: &Path, args: &[&str]) -> std::process::Output {
    let output = zhijian_in(kb).args(args).output().expect("runs");
    assert!(
        output.status.success(),
        "{args:?} failed: {}",
        String::from_utf8_lossy(&output.stderr)
    );
    output
}

fn run_err(kb: &Path, args: &[&str], code: i32) -> String {
    let output = zhijian_in(kb).args(args).output().expect("runs");
    assert_eq!(
        output.status.code(),
        Some(code),
        "{args:?}: {}",
        String::from_utf8_lossy(&output.stdout)
    );
    String::from_utf8_lossy(&output.stderr).into_owned()
}

fn stdout(output: &std::process::Output) -> String {
    String::from_utf8_lossy(&output.stdout).into_owned()
}

#[test]
fn the_whole_training_job() {
    let kb = training_kb();
    let kb = kb.path();

    // Materials and the path, with hours computed.
    let list = json_of(&run_ok(
        kb,
        &["--json", "training", "list", "--audience", "公诉部门"],
    ));
    let ids: Vec<&str> = list
        .as_array()
        .expect("list")
        .iter()
        .map(|m| m["id"].as_str().expect("id"))
        .collect();
    assert_eq!(ids, ["t-advanced", "t-basics"]);
    let path = json_of(&run_ok(
        kb,
        &["--json", "training", "path", "show", "p-intro"],
    ));
    assert_eq!(path["total_hours"], json!(5.0));
    assert_eq!(path["required_hours"], json!(4.0));
    assert_eq!(path["steps"][1]["id"], "case-1");
    assert_eq!(
        path["steps"][2]["prerequisites"],
        json!([{"id": "t-basics", "title": "认罪认罚入门", "met": true}])
    );

    // Assign to two people.
    let assigned = run_ok(
        kb,
        &[
            "training",
            "assign",
            "p-intro",
            "--to",
            "p-a,p-b",
            "--due",
            "2024-03-01",
            "--date",
            "2024-01-05",
        ],
    );
    assert!(assigned.stderr.is_empty(), "known people: no warning");

    // Prerequisites first, unless forced.
    let err = run_err(
        kb,
        &[
            "training",
            "complete",
            "t-advanced",
            "--person",
            "p-a",
            "--date",
            "2024-01-09",
        ],
        2,
    );
    assert!(
        err.contains("prerequisites not completed: t-basics"),
        "{err}"
    );
    run_ok(
        kb,
        &[
            "training",
            "complete",
            "t-basics",
            "--person",
            "p-a",
            "--date",
            "2024-01-10",
        ],
    );
    let case = json_of(&run_ok(
        kb,
        &[
            "--json",
            "training",
            "complete",
            "case-1",
            "--person",
            "p-a",
            "--path",
            "p-intro",
            "--date",
            "2024-01-11",
        ],
    ));
    assert_eq!(case["step"], "检例第1号", "recorded as the path names it");
    assert_eq!(case["hours"], json!(0.5));
    run_ok(
        kb,
        &[
            "training",
            "complete",
            "t-advanced",
            "--person",
            "p-a",
            "--path",
            "p-intro",
            "--date",
            "2024-01-12",
            "--hours",
            "2.5",
        ],
    );
    run_ok(
        kb,
        &[
            "training",
            "complete",
            "t-basics",
            "--person",
            "p-b",
            "--date",
            "2024-02-01",
        ],
    );
    run_ok(
        kb,
        &[
            "training",
            "complete",
            "t-elective",
            "--person",
            "p-b",
            "--date",
            "2024-02-02",
            "--hours",
            "0.75",
        ],
    );

    // A quiz with an answers file.
    let answers = kb.join("answers.txt");
    fs::write(&answers, "# 答案\n2\n3\n2\n").expect("answers");
    let quiz = json_of(&run_ok(
        kb,
        &[
            "--json",
            "training",
            "quiz",
            "t-basics",
            "--person",
            "p-a",
            "--answers",
            answers.to_str().expect("utf-8"),
            "--date",
            "2024-01-10",
        ],
    ));
    assert_eq!(
        (quiz["score"].clone(), quiz["total"].clone()),
        (json!(2), json!(3))
    );
    assert_eq!(quiz["items"][2]["correct"], json!(false));

    // Progress, exactly.
    let progress = json_of(&run_ok(
        kb,
        &["--json", "training", "progress", "--as-of", "2024-03-15"],
    ));
    assert_eq!(progress["as_of"], "2024-03-15");
    let a = &progress["people"][0];
    assert_eq!(
        (a["person"].clone(), a["hours"].clone()),
        (json!("p-a"), json!(4.5))
    );
    let a_path = &a["paths"][0];
    assert_eq!(a_path["required_done"], json!(3));
    assert_eq!(a_path["steps_done"], json!(3));
    assert_eq!(a_path["hours_done"], json!(4.5));
    assert_eq!(a_path["percent"], json!(100.0));
    assert_eq!(a_path["completed"], json!(true));
    assert_eq!(a_path["completed_on"], "2024-01-12");
    assert_eq!(a_path["overdue"], json!(false));
    assert_eq!(a_path["next"], "t-elective");
    assert_eq!(
        a_path["steps"][0]["quiz"],
        json!({"score": 2, "total": 3, "date": "2024-01-10"})
    );
    let b = &progress["people"][1];
    assert_eq!(
        (b["person"].clone(), b["hours"].clone()),
        (json!("p-b"), json!(2.25))
    );
    let b_path = &b["paths"][0];
    assert_eq!(
        (
            b_path["required_done"].clone(),
            b_path["required_total"].clone()
        ),
        (json!(1), json!(3))
    );
    assert_eq!(b_path["percent"], json!(33.3));
    assert_eq!(
        (b_path["overdue"].clone(), b_path["days_overdue"].clone()),
        (json!(true), json!(14))
    );
    assert_eq!(b_path["next"], "检例第1号");

    let text = stdout(&run_ok(
        kb,
        &[
            "training",
            "progress",
            "--person",
            "p-b",
            "--as-of",
            "2024-03-15",
        ],
    ));
    assert_eq!(
        text,
        "p-b（乙检察官）  累计学时 2.25\n  路径     必修  全部  学时      截止        状态        下一步\n  p-intro  1/3   2/4   2.25/5.0  2024-03-01  逾期 14 天  检例第1号\n\n截至 2024-03-15\n"
    );

    // The report, exactly.
    let report = json_of(&run_ok(
        kb,
        &["--json", "training", "report", "--as-of", "2024-03-15"],
    ));
    assert_eq!(
        report["people"],
        json!([
            {"person": "p-a", "hours": 4.5, "completions": 3, "quizzes": 1, "paths_assigned": 1, "paths_completed": 1, "overdue": 0},
            {"person": "p-b", "hours": 2.25, "completions": 2, "quizzes": 0, "paths_assigned": 1, "paths_completed": 0, "overdue": 1},
        ])
    );
    assert_eq!(
        report["overdue"],
        json!([{"person": "p-b", "path": "p-intro", "due": "2024-03-01", "days_overdue": 14}])
    );
    assert_eq!(report["assignments"][0]["completed_on"], "2024-01-12");
    let january = json_of(&run_ok(
        kb,
        &[
            "--json",
            "training",
            "report",
            "--from",
            "2024-01-11",
            "--to",
            "2024-01-31",
            "--as-of",
            "2024-03-15",
        ],
    ));
    assert_eq!(january["people"][0]["hours"], json!(3.0));
    assert_eq!(january["people"][1]["hours"], json!(0.0));
    let csv = stdout(&run_ok(
        kb,
        &["training", "report", "--csv", "--as-of", "2024-02-15"],
    ));
    assert_eq!(
        csv,
        "\u{feff}person,hours,path,assigned,due,required_done,required_total,percent,completed,completed_on,overdue,days_overdue\n\
         p-a,4.5,p-intro,2024-01-05,2024-03-01,3,3,100,true,2024-01-12,false,\n\
         p-b,2.25,p-intro,2024-01-05,2024-03-01,1,3,33.3,false,,false,\n"
    );

    // The record is the documented TOML, private.
    let record = fs::read_to_string(kb.join("training/records/p-b.toml")).expect("record");
    assert!(
        record
            .contains("[[completions]]\nstep = \"t-elective\"\ndate = 2024-02-02\nhours = 0.75\n"),
        "{record}"
    );
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        let mode = fs::metadata(kb.join("training/records/p-b.toml"))
            .expect("meta")
            .permissions()
            .mode();
        assert_eq!(mode & 0o777, 0o600);
    }

    // A printable handout.
    let out = kb.join("handout.html");
    run_ok(
        kb,
        &[
            "training",
            "export",
            "p-intro",
            "--html",
            out.to_str().expect("utf-8"),
        ],
    );
    let html = fs::read_to_string(&out).expect("handout");
    assert!(html.starts_with("<!DOCTYPE html>"));
    assert!(html.contains("<h1>醉驾案件学习路径</h1>"));
    assert!(html.contains("醉驾情节轻微"), "the case's 要旨 is in");
    assert!(!html.contains("某甲醉酒驾驶"), "the case's 基本案情 is not");
}

#[test]
fn bad_input_is_refused_and_nothing_is_recorded() {
    let kb = training_kb();
    let kb = kb.path();
    let record = kb.join("training/records/p-a.toml");

    for hours in ["-1", "两小时", "NaN"] {
        let err = run_err(
            kb,
            &[
                "training",
                "complete",
                "t-basics",
                "--person",
                "p-a",
                &format!("--hours={hours}"),
            ],
            2,
        );
        assert!(err.contains(&format!("invalid hours `{hours}`")), "{err}");
    }
    assert!(!record.exists(), "nothing recorded");

    let answers = kb.join("answers.txt");
    fs::write(&answers, "2\n5\n1\n").expect("answers");
    let err = run_err(
        kb,
        &[
            "training",
            "quiz",
            "t-basics",
            "--person",
            "p-a",
            "--answers",
            answers.to_str().expect("utf-8"),
        ],
        2,
    );
    assert!(
        err.contains("answers.txt:2: question 2: answer 5 is out of range (1–3), nothing recorded"),
        "{err}"
    );
    assert!(!record.exists(), "nothing recorded");

    let output = zhijian_in(kb)
        .args(["training", "quiz", "t-basics", "--person", "p-a"])
        .write_stdin("")
        .output()
        .expect("runs");
    assert_eq!(output.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&output.stderr).contains("--answers FILE"));

    fs::write(
        kb.join("paths/p-bad.md"),
        "+++\ntype = \"path\"\ntitle = \"坏路径\"\nsteps = [\"t-basics\", \"ghost\"]\n+++\n",
    )
    .expect("write");
    let err = run_err(kb, &["training", "path", "show", "p-bad"], 2);
    assert!(
        err.contains(
            "paths/p-bad.md:4: step 2 `ghost` names no material or case in the knowledge base"
        ),
        "{err}"
    );

    fs::write(
        kb.join("training/t-loop.md"),
        "+++\ntype = \"training\"\ntitle = \"循环\"\nprerequisites = [\"t-loop2\"]\n+++\n",
    )
    .expect("write");
    fs::write(
        kb.join("training/t-loop2.md"),
        "+++\ntype = \"training\"\ntitle = \"循环2\"\nprerequisites = [\"t-loop\"]\n+++\n",
    )
    .expect("write");
    let err = run_err(
        kb,
        &["training", "complete", "t-loop", "--person", "p-a"],
        2,
    );
    assert!(
        err.contains("prerequisites form a cycle: t-loop → t-loop2 → t-loop"),
        "{err}"
    );

    run_ok(
        kb,
        &[
            "training",
            "complete",
            "t-basics",
            "--person",
            "p-a",
            "--date",
            "2024-01-10",
        ],
    );
    let err = run_err(
        kb,
        &["training", "complete", "t-basics", "--person", "p-a"],
        2,
    );
    assert!(err.contains("already completed on 2024-01-10"), "{err}");

    let corrupt =
        "person = \"p-a\"\n[[completions]]\nstep = \"t-basics\"\ndate = 2024-01-10\nhours = -2\n";
    fs::write(&record, corrupt).expect("corrupt");
    let err = run_err(
        kb,
        &["training", "complete", "t-elective", "--person", "p-a"],
        2,
    );
    assert!(
        err.contains("training/records/p-a.toml:5: corrupt training record: hours must be"),
        "{err}"
    );
    assert_eq!(
        fs::read_to_string(&record).expect("read"),
        corrupt,
        "never overwritten"
    );

    let err = run_err(kb, &["training", "assign", "p-intro", "--to", "../evil"], 2);
    assert!(err.contains("invalid person id `../evil`"), "{err}");
    let output = run_ok(kb, &["training", "assign", "p-intro", "--to", "p-stranger"]);
    assert!(
        String::from_utf8_lossy(&output.stderr)
            .contains("`p-stranger` is not a person of this knowledge base")
    );
    run_err(kb, &["training", "show", "no-such-material"], 1);
}

#[test]
fn the_starter_path_mixes_materials_and_cases() {
    let kb = starter();
    let path = json_of(&run_ok(
        kb.path(),
        &[
            "--json",
            "training",
            "path",
            "show",
            "sample-path-traffic-crimes",
        ],
    ));
    let kinds: Vec<&str> = path["steps"]
        .as_array()
        .expect("steps")
        .iter()
        .map(|s| s["kind"].as_str().expect("kind"))
        .collect();
    assert_eq!(
        kinds,
        [
            "training", "training", "case", "case", "training", "training"
        ]
    );
    assert_eq!(path["total_hours"], json!(7.0));
    assert_eq!(path["required_hours"], json!(4.5));

    let drafted = run_ok(
        kb.path(),
        &[
            "training",
            "path",
            "new",
            "--from-cases",
            "醉驾",
            "--id",
            "path-drunk",
        ],
    );
    assert!(stdout(&drafted).starts_with("已写入 paths/path-drunk.md"));
    let draft = json_of(&run_ok(
        kb.path(),
        &["--json", "training", "path", "show", "path-drunk"],
    ));
    let refs: Vec<&str> = draft["steps"]
        .as_array()
        .expect("steps")
        .iter()
        .map(|s| s["ref"].as_str().expect("ref"))
        .collect();
    assert_eq!(
        refs[0], "sample-training-plea-basics",
        "prerequisites come first"
    );
    assert!(
        refs.contains(&"检例第9001号") && refs.contains(&"检例第9002号"),
        "{refs:?}"
    );
}
