//! End-to-end tests of the core commands.

use crate::common::*;

#[test]
fn init_index_search_on_the_starter() {
    let kb = starter();
    let output = zhijian_in(kb.path())
        .args(["search", "醉驾", "--json"])
        .output()
        .expect("runs");
    assert_eq!(output.status.code(), Some(0));
    let results = json_of(&output);
    assert_eq!(results["query"], "醉驾");
    assert!(results["total"].as_u64().unwrap_or(0) >= 5, "{results}");
    let hit = &results["hits"][0];
    for key in ["id", "type", "title", "path", "score", "snippet"] {
        assert!(!hit[key].is_null(), "hit lacks {key}: {hit}");
    }
    assert!(
        !hit["path"].as_str().unwrap_or("/").starts_with('/'),
        "paths are relative to the KB"
    );
    assert!(results["facets"]["type"].is_object());
    assert!(results["facets"]["tag"].is_object());
    // Case hits carry their number, article hits their policy and article.
    let all = zhijian_in(kb.path())
        .args(["search", "危险驾驶", "--json", "-n", "50"])
        .output()
        .expect("runs");
    let hits = json_of(&all)["hits"]
        .as_array()
        .cloned()
        .unwrap_or_default();
    let case = hits
        .iter()
        .find(|h| h["type"] == "case")
        .expect("a case hit");
    assert!(
        case["number"]
            .as_str()
            .is_some_and(|n| n.starts_with("检例第")),
        "{case}"
    );
    let article = hits
        .iter()
        .find(|h| h["type"] == "article")
        .expect("an article hit");
    for key in ["policy", "article", "source"] {
        assert!(
            article[key].is_string(),
            "article hit lacks {key}: {article}"
        );
    }
}

#[test]
fn exit_codes_follow_ripgrep() {
    let kb = starter();
    zhijian_in(kb.path())
        .args(["search", "醉驾"])
        .assert()
        .code(0);
    zhijian_in(kb.path())
        .args(["search", "量子纠缠"])
        .assert()
        .code(1);
    zhijian_in(kb.path())
        .args(["search", "(unclosed"])
        .assert()
        .code(2);
    zhijian_in(kb.path())
        .args(["search", "nofield:x"])
        .assert()
        .code(2);
    // An unknown id is "nothing found" for core commands as for plugins.
    zhijian_in(kb.path())
        .args(["show", "no-such-id"])
        .assert()
        .code(1);
    // A misspelt type is an error with a hint, not an empty result.
    let misspelt: [&[&str]; 2] = [
        &["search", "--type", "cases", "醉驾"],
        &["search", "type:cases 醉驾"],
    ];
    for args in misspelt {
        let output = zhijian_in(kb.path()).args(args).output().expect("runs");
        assert_eq!(output.status.code(), Some(2), "{args:?}");
        let message = String::from_utf8_lossy(&output.stderr);
        assert!(
            message.contains("unknown type `cases` (did you mean `case`?)"),
            "{message}"
        );
    }
    zhijian()
        .args(["search", "x", "--kb", "/nonexistent"])
        .assert()
        .code(2);
    zhijian().arg("--no-such-flag").assert().code(2);
}

#[test]
fn only_versions_in_force_by_default() {
    let kb = starter();
    let search = |extra: &[&str]| {
        let mut cmd = zhijian_in(kb.path());
        cmd.args([
            "search",
            "醉酒驾驶机动车",
            "--type",
            "article",
            "--json",
            "-n",
            "50",
        ])
        .args(extra);
        let hits = json_of(&cmd.output().expect("runs"))["hits"]
            .as_array()
            .cloned()
            .unwrap_or_default();
        hits.iter()
            .map(|h| h["policy"].as_str().unwrap_or("").to_string())
            .collect::<Vec<_>>()
    };
    assert!(!search(&[]).contains(&"sample-criminal-law-2011".to_string()));
    assert!(search(&["--all-versions"]).contains(&"sample-criminal-law-2011".to_string()));
}

#[test]
fn batch_search_answers_one_line_per_query() {
    let kb = starter();
    let input =
        "{\"id\":\"q1\",\"query\":\"醉驾\"}\n{\"id\":2,\"query\":\"不存在的词语组合\"}\nnot json\n";
    let output = zhijian_in(kb.path())
        .args(["search", "--batch", "-"])
        .write_stdin(input)
        .output()
        .expect("runs");
    let lines: Vec<serde_json::Value> = String::from_utf8_lossy(&output.stdout)
        .lines()
        .map(|l| serde_json::from_str(l).expect("each line is JSON"))
        .collect();
    assert_eq!(lines.len(), 3);
    assert_eq!(lines[0]["id"], "q1");
    assert!(lines[0]["total"].as_u64().unwrap_or(0) > 0);
    assert!(lines[0]["hits"].as_array().is_some_and(|h| !h.is_empty()));
    assert_eq!(lines[1]["id"], 2);
    assert_eq!(lines[1]["total"], 0);
    assert_eq!(lines[2]["line"], 3);
    assert!(lines[2]["error"].is_string());
    assert_eq!(
        output.status.code(),
        Some(2),
        "a malformed line is an error"
    );
}

#[test]
fn index_json_shape_and_incremental_counts() {
    let kb = starter();
    let output = zhijian_in(kb.path())
        .args(["index", "--json"])
        .output()
        .expect("runs");
    assert_eq!(output.status.code(), Some(0));
    let stdout = String::from_utf8_lossy(&output.stdout);
    assert!(
        stdout.starts_with("{\"added\":0,\"updated\":0,\"removed\":0,\"unchanged\":"),
        "{stdout}"
    );
    let report = json_of(&output);
    assert_eq!(report["added"], 0);
    assert!(report["unchanged"].as_u64().unwrap_or(0) >= 20);
    std::fs::write(kb.path().join("notes/new.md"), "# 新笔记\n\n认罪认罚。\n").expect("write");
    let report = json_of(
        &zhijian_in(kb.path())
            .args(["index", "--json"])
            .output()
            .expect("runs"),
    );
    assert_eq!(report["added"], 1);
}

#[test]
fn show_renders_json_and_raw() {
    let kb = starter();
    let output = zhijian_in(kb.path())
        .args(["show", "sample-case-9001"])
        .output()
        .expect("runs");
    assert_eq!(output.status.code(), Some(0));
    let text = String::from_utf8_lossy(&output.stdout);
    assert!(text.contains("## 要旨"), "{text}");
    assert!(text.contains("编号： 检例第9001号"), "{text}");
    let json = json_of(
        &zhijian_in(kb.path())
            .args(["show", "sample-case-9001", "--json"])
            .output()
            .expect("runs"),
    );
    assert_eq!(json["type"], "case");
    assert!(
        json["sections"]
            .as_array()
            .is_some_and(|s| s.iter().any(|s| s["heading"] == "要旨"))
    );
    let raw = zhijian_in(kb.path())
        .args(["show", "sample-case-9001", "--raw"])
        .output()
        .expect("runs");
    let file = std::fs::read(kb.path().join("cases/sample-case-9001.md")).expect("read");
    assert_eq!(raw.stdout, file);
    zhijian_in(kb.path())
        .args(["show", "p-zhang-shili"])
        .assert()
        .code(2);
}

#[test]
fn new_writes_a_valid_document_from_the_template() {
    let kb = starter();
    let output = zhijian_in(kb.path())
        .args([
            "new",
            "note",
            "--title",
            "会议 \"纪要\"",
            "--id",
            "meeting-1",
        ])
        .output()
        .expect("runs");
    assert_eq!(
        output.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    let path = String::from_utf8_lossy(&output.stdout).trim().to_string();
    assert!(path.ends_with("notes/meeting-1.md"), "{path}");
    zhijian_in(kb.path())
        .args(["new", "note", "--title", "x", "--id", "meeting-1"])
        .assert()
        .code(2);
    zhijian_in(kb.path())
        .args(["new", "note", "--title", "x", "--id", "../escape"])
        .assert()
        .code(2);
    zhijian_in(kb.path()).args(["index"]).assert().code(0);
    let json = json_of(
        &zhijian_in(kb.path())
            .args(["show", "meeting-1", "--json"])
            .output()
            .expect("runs"),
    );
    assert_eq!(json["title"], "会议 \"纪要\"");
    for doc_type in ["case", "policy", "training", "path", "person"] {
        zhijian_in(kb.path())
            .args(["new", doc_type, "--title", &format!("新{doc_type}")])
            .assert()
            .code(0);
    }
    zhijian_in(kb.path()).args(["index"]).assert().code(0);
}

#[test]
fn check_is_clean_on_the_starter_and_finds_broken_links() {
    let kb = starter();
    let output = zhijian_in(kb.path()).arg("check").output().expect("runs");
    assert_eq!(
        output.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&output.stdout)
    );
    std::fs::write(
        kb.path().join("notes/link.md"),
        "# 链接\n\n见[不存在](missing.md)。\n",
    )
    .expect("write");
    let output = zhijian_in(kb.path()).arg("check").output().expect("runs");
    assert_eq!(output.status.code(), Some(1));
    assert!(
        String::from_utf8_lossy(&output.stdout)
            .contains("notes/link.md:3: broken link to `missing.md`")
    );
}

#[test]
fn kb_is_found_by_env_and_by_walking_up() {
    let kb = starter();
    zhijian()
        .env("ZHIJIAN_KB", kb.path())
        .args(["search", "醉驾", "-q"])
        .assert()
        .code(0);
    zhijian()
        .current_dir(kb.path().join("cases"))
        .args(["search", "醉驾", "-q"])
        .assert()
        .code(0);
    let elsewhere = tempfile::TempDir::new().expect("tempdir");
    let output = zhijian()
        .current_dir(elsewhere.path())
        .args(["search", "醉驾"])
        .output()
        .expect("runs");
    assert_eq!(output.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&output.stderr).contains("no knowledge base found"));
}

#[test]
fn a_second_index_fails_fast_while_one_holds_the_lock() {
    let kb = starter();
    let lock = zhijian_kb::index::lock(kb.path()).expect("lock");
    let output = zhijian_in(kb.path()).arg("index").output().expect("runs");
    assert_eq!(output.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&output.stderr).contains("index is locked"));
    drop(lock);
    zhijian_in(kb.path()).arg("index").assert().code(0);
}

#[test]
fn completions_and_help_cover_plugins() {
    let output = zhijian()
        .args(["completions", "bash"])
        .output()
        .expect("runs");
    assert_eq!(output.status.code(), Some(0));
    assert!(String::from_utf8_lossy(&output.stdout).contains("zhijian"));
    let help = zhijian().arg("--help").output().expect("runs");
    let text = String::from_utf8_lossy(&help.stdout);
    for command in ["init", "index", "search", "show", "check", "plugins"] {
        assert!(text.contains(command), "--help lacks {command}");
    }
}

#[test]
fn no_color_and_never_mean_plain_text() {
    let kb = starter();
    let output = zhijian_in(kb.path())
        .args(["search", "醉驾", "--color", "always"])
        .output()
        .expect("runs");
    let marked = "\x1b[1;31m醉驾\x1b[0m";
    assert!(String::from_utf8_lossy(&output.stdout).contains(marked));
    // The cases plugin marks its snippets the same way.
    let output = zhijian_in(kb.path())
        .args(["case", "search", "醉驾", "--color", "always"])
        .output()
        .expect("runs");
    assert!(String::from_utf8_lossy(&output.stdout).contains(marked));
    let output = zhijian_in(kb.path())
        .args(["search", "醉驾"])
        .output()
        .expect("runs");
    assert!(!String::from_utf8_lossy(&output.stdout).contains("\x1b["));
}

#[test]
fn help_snapshot() {
    // Changes to the command-line interface show up in review as a snapshot diff.
    let output = zhijian()
        .env("COLUMNS", "100")
        .arg("--help")
        .output()
        .expect("runs");
    insta::assert_snapshot!("zhijian_help", String::from_utf8_lossy(&output.stdout));
    let output = zhijian()
        .env("COLUMNS", "100")
        .args(["search", "--help"])
        .output()
        .expect("runs");
    insta::assert_snapshot!(
        "zhijian_search_help",
        String::from_utf8_lossy(&output.stdout)
    );
}

#[test]
fn every_json_output_is_one_json_value_on_one_line() {
    // Scripts read `--json` line by line (`jq -c`, `while read`): every command that
    // prints data prints exactly one value followed by one newline.
    let kb = starter();
    let commands: &[&[&str]] = &[
        &["search", "醉驾"],
        &["show", "sample-case-9001"],
        &["check"],
        &["index"],
        &["doctor"],
        &["plugins", "list"],
        &["plugins", "info", "case"],
        &["policy", "lookup", "刑法", "133"],
        &["policy", "versions", "刑法"],
        &["policy", "list"],
        &["policy", "show", "刑法", "--toc"],
        &["policy", "search", "醉酒"],
        &["case", "show", "检例第9001号"],
        &["case", "search", "醉驾"],
        &["case", "similar", "检例第9001号"],
        &["case", "stats"],
        &["training", "list"],
        &["training", "show", "sample-training-plea-basics"],
        &["training", "path", "show", "sample-path-traffic-crimes"],
        &["training", "report"],
        &["personnel", "list"],
        &["personnel", "show", "p-zhang-shili"],
        &["personnel", "report"],
        &["personnel", "timeline", "p-zhang-shili"],
        &["personnel", "talent"],
    ];
    for args in commands {
        let output = zhijian_in(kb.path())
            .arg("--json")
            .args(*args)
            .output()
            .expect("runs");
        let text = String::from_utf8(output.stdout).expect("UTF-8");
        assert_eq!(output.status.code(), Some(0), "{args:?}: {text}");
        assert!(
            text.ends_with('\n') && text.matches('\n').count() == 1,
            "{args:?} printed {} lines",
            text.lines().count()
        );
        serde_json::from_str::<serde_json::Value>(&text)
            .unwrap_or_else(|e| panic!("{args:?} printed no JSON ({e}): {text}"));
    }
}

#[test]
fn one_text_output_per_plugin_is_kept_as_a_snapshot() {
    // A change to what users read is seen in review, plugin by plugin.
    let kb = starter();
    let commands: [(&str, &[&str]); 5] = [
        ("show_case", &["show", "sample-case-9001"]),
        ("case_show", &["case", "show", "检例第9001号"]),
        (
            "policy_lookup",
            &[
                "policy",
                "lookup",
                "刑法",
                "133之一",
                "--as-of",
                "2024-06-01",
            ],
        ),
        (
            "training_path_show",
            &["training", "path", "show", "sample-path-traffic-crimes"],
        ),
        ("personnel_list", &["personnel", "list"]),
    ];
    for (name, args) in commands {
        let output = zhijian_in(kb.path())
            .env("COLUMNS", "100")
            .env("ZHIJIAN_TODAY", "2024-06-01")
            .args(args)
            .output()
            .expect("runs");
        assert_eq!(
            output.status.code(),
            Some(0),
            "{name}: {}",
            String::from_utf8_lossy(&output.stderr)
        );
        insta::assert_snapshot!(name, String::from_utf8_lossy(&output.stdout));
    }
}
