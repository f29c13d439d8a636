//! End-to-end tests of the policy plugin.

use crate::common::*;

fn stdout(output: &std::process::Output) -> String {
    String::from_utf8_lossy(&output.stdout).to_string()
}

/// A fresh knowledge base with the fixture LawRefBook folder imported and indexed.
fn imported() -> (tempfile::TempDir, tempfile::TempDir) {
    let src = fixture("policy/lawrefbook");
    let kb = tempfile::TempDir::new().expect("temp dir");
    zhijian().arg("init").arg(kb.path()).assert().success();
    zhijian_in(kb.path())
        .args(["import", "lawrefbook"])
        .arg(src.path())
        .assert()
        .success();
    zhijian_in(kb.path()).arg("index").assert().success();
    (kb, src)
}

#[test]
fn lookup_accepts_both_numeral_forms_and_prints_the_canonical_label() {
    let kb = starter();
    let mut texts = Vec::new();
    for article in ["133之一", "第133条之一", "第一百三十三条之一", "133-1"] {
        let out = zhijian_in(kb.path())
            .args(["--json", "policy", "lookup", "刑法", article])
            .output()
            .expect("runs");
        assert!(
            out.status.success(),
            "{article}: {}",
            String::from_utf8_lossy(&out.stderr)
        );
        let json = json_of(&out);
        assert_eq!(json["article"], "第一百三十三条之一");
        assert_eq!(json["number"], 133);
        assert_eq!(json["policy"], "sample-criminal-law-2021");
        texts.push(json["text"].as_str().expect("text").to_string());
    }
    assert!(texts.windows(2).all(|w| w[0] == w[1]));
    let out = zhijian_in(kb.path())
        .args(["policy", "lookup", "刑法", "133之一"])
        .output()
        .expect("runs");
    let text = stdout(&out);
    assert!(
        text.starts_with("中华人民共和国刑法（2020年修正·节选）（示例） 第一百三十三条之一\n"),
        "{text}"
    );
    assert!(
        text.contains("第二编 分则 › 第二章 危害公共安全罪"),
        "{text}"
    );
    assert!(text.contains("（二）醉酒驾驶机动车的；"), "{text}");
}

#[test]
fn lookup_json_has_the_documented_shape() {
    let kb = starter();
    let out = zhijian_in(kb.path())
        .args([
            "--json",
            "policy",
            "lookup",
            "刑法",
            "第一百三十三条",
            "--as-of",
            "2015-01-01",
        ])
        .output()
        .expect("runs");
    let json = json_of(&out);
    for key in [
        "policy",
        "title",
        "article",
        "number",
        "text",
        "status",
        "effective",
        "version",
        "source",
    ] {
        assert!(json.get(key).is_some(), "missing {key}: {json}");
    }
    assert_eq!(json["policy"], "sample-criminal-law-2011");
    assert_eq!(json["status"], "已修改");
    assert_eq!(json["effective"], "2011-05-01");
    assert_eq!(json["version"], "2011-02-25");
    assert_eq!(json["source"], "示例");
    assert_eq!(json["in_force"], true);
}

#[test]
fn the_version_in_force_on_a_date_is_used() {
    let kb = starter();
    let on = |date: &str| {
        let out = zhijian_in(kb.path())
            .args([
                "--json",
                "policy",
                "lookup",
                "刑法",
                "133之一",
                "--as-of",
                date,
            ])
            .output()
            .expect("runs");
        json_of(&out)
    };
    let old = on("2015-01-01");
    assert_eq!(old["policy"], "sample-criminal-law-2011");
    assert_eq!(old["changed_since"], true);
    assert_eq!(on("2021-02-28")["policy"], "sample-criminal-law-2011");
    let new = on("2021-03-01");
    assert_eq!(new["policy"], "sample-criminal-law-2021");
    assert_eq!(new["changed_since"], false);
    // Before any version took effect: the earliest, flagged as not in force.
    let early = on("2000-01-01");
    assert_eq!(early["policy"], "sample-criminal-law-2011");
    assert_eq!(early["in_force"], false);
    zhijian_in(kb.path())
        .args(["policy", "lookup", "刑法", "1", "--as-of", "昨天"])
        .assert()
        .code(2);
}

#[test]
fn lookup_lists_citing_cases() {
    let kb = starter();
    let out = zhijian_in(kb.path())
        .args(["--json", "policy", "lookup", "刑法", "133之一", "--cases"])
        .output()
        .expect("runs");
    let json = json_of(&out);
    let ids: Vec<&str> = json["cases"]
        .as_array()
        .expect("cases")
        .iter()
        .filter_map(|c| c["id"].as_str())
        .collect();
    assert_eq!(ids, ["sample-case-9001", "sample-case-9002"]);
}

#[test]
fn bad_names_and_articles_are_clear_errors() {
    let kb = starter();
    let out = zhijian_in(kb.path())
        .args(["policy", "lookup", "诉讼法", "15"])
        .output()
        .expect("runs");
    assert_eq!(out.status.code(), Some(2));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("`诉讼法` matches several policies"), "{err}");
    assert!(
        err.contains("刑事诉讼法") && err.contains("民事诉讼法") && err.contains("行政诉讼法"),
        "{err}"
    );
    let out = zhijian_in(kb.path())
        .args(["policy", "lookup", "不存在的法", "1"])
        .output()
        .expect("runs");
    assert_eq!(out.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&out.stderr).contains("no policy matches `不存在的法`"));
    let out = zhijian_in(kb.path())
        .args(["policy", "lookup", "刑法", "999"])
        .output()
        .expect("runs");
    assert_eq!(out.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&out.stderr).contains("has no 第九百九十九条"));
    zhijian_in(kb.path())
        .args(["policy", "lookup", "刑法", "第条"])
        .assert()
        .code(2);
}

#[test]
fn list_filters_by_status_and_category() {
    let kb = starter();
    let ids = |args: &[&str]| -> Vec<String> {
        let out = zhijian_in(kb.path())
            .args(["--json", "policy", "list"])
            .args(args)
            .output()
            .expect("runs");
        json_of(&out)
            .as_array()
            .expect("list")
            .iter()
            .map(|v| v["id"].as_str().unwrap_or("").to_string())
            .collect()
    };
    assert_eq!(ids(&[]).len(), 7);
    assert_eq!(ids(&["--status", "已修改"]), ["sample-criminal-law-2011"]);
    assert_eq!(
        ids(&["--status", "已废止"]),
        ["sample-plea-hearing-guideline-2019"]
    );
    assert_eq!(
        ids(&["--category", "司法解释"]),
        ["sample-drunk-driving-interpretation"]
    );
    zhijian_in(kb.path())
        .args(["policy", "list", "--status", "有效"])
        .assert()
        .code(2);
}

#[test]
fn versions_and_show() {
    let kb = starter();
    let out = zhijian_in(kb.path())
        .args(["--json", "policy", "versions", "刑法"])
        .output()
        .expect("runs");
    let json = json_of(&out);
    let list = json.as_array().expect("list");
    assert_eq!(list.len(), 2);
    assert_eq!(list[0]["id"], "sample-criminal-law-2011");
    assert_eq!(list[0]["in_force"], false);
    assert_eq!(list[1]["in_force"], true);
    let out = zhijian_in(kb.path())
        .args([
            "--json",
            "policy",
            "show",
            "刑法",
            "--toc",
            "--as-of",
            "2015-01-01",
        ])
        .output()
        .expect("runs");
    let json = json_of(&out);
    assert_eq!(json["id"], "sample-criminal-law-2011");
    assert_eq!(json["toc"][2]["first"], "第一百三十三条");
    assert_eq!(json["toc"][2]["last"], "第一百三十三条之一");
    assert_eq!(json["toc"][2]["count"], 2);
    let out = zhijian_in(kb.path())
        .args(["policy", "show", "刑法"])
        .output()
        .expect("runs");
    assert!(stdout(&out).contains("第一百三十三条之二"));
}

#[test]
fn search_finds_articles_in_force_by_default() {
    let kb = starter();
    let hits = |args: &[&str]| -> Vec<(String, String)> {
        let out = zhijian_in(kb.path())
            .args(["--json", "policy", "search", "醉酒驾驶"])
            .args(args)
            .output()
            .expect("runs");
        json_of(&out)["hits"]
            .as_array()
            .expect("hits")
            .iter()
            .map(|h| {
                (
                    h["policy"].as_str().unwrap_or("").to_string(),
                    h["article"].as_str().unwrap_or("").to_string(),
                )
            })
            .collect()
    };
    let current = hits(&[]);
    assert!(
        current.contains(&(
            "sample-criminal-law-2021".into(),
            "第一百三十三条之一".into()
        )),
        "{current:?}"
    );
    assert!(
        !current.iter().any(|(p, _)| p == "sample-criminal-law-2011"),
        "{current:?}"
    );
    let all = hits(&["--all-versions"]);
    assert!(
        all.iter().any(|(p, _)| p == "sample-criminal-law-2011"),
        "{all:?}"
    );
    let old = hits(&["--as-of", "2015-01-01"]);
    assert!(
        old.contains(&(
            "sample-criminal-law-2011".into(),
            "第一百三十三条之一".into()
        )),
        "{old:?}"
    );
    assert!(
        !old.iter().any(|(p, _)| p == "sample-criminal-law-2021"),
        "{old:?}"
    );
    let out = zhijian_in(kb.path())
        .args(["--json", "search", "醉酒驾驶", "--type", "article"])
        .output()
        .expect("runs");
    let json = json_of(&out);
    let hit = &json["hits"][0];
    assert_eq!(hit["type"], "article");
    assert!(
        hit["policy"].is_string() && hit["article"].is_string() && hit["source"].is_string(),
        "{hit}"
    );
}

#[test]
fn lawrefbook_import_is_summarised_and_idempotent() {
    let src = fixture("policy/lawrefbook");
    std::fs::write(src.path().join("其他/乱码.md"), [0xff, 0xfe, 0x00, 0x41]).expect("write");
    let kb = tempfile::TempDir::new().expect("temp dir");
    zhijian().arg("init").arg(kb.path()).assert().success();
    let run = || {
        let out = zhijian_in(kb.path())
            .args(["--json", "import", "lawrefbook"])
            .arg(src.path())
            .output()
            .expect("runs");
        assert!(
            out.status.success(),
            "{}",
            String::from_utf8_lossy(&out.stderr)
        );
        json_of(&out)
    };
    let first = run();
    assert_eq!(first["imported"], 5, "{first}");
    assert_eq!(first["updated"], 0);
    let skipped: Vec<(&str, &str)> = first["skipped"]
        .as_array()
        .expect("skipped")
        .iter()
        .map(|s| {
            (
                s["path"].as_str().unwrap_or(""),
                s["reason"].as_str().unwrap_or(""),
            )
        })
        .collect();
    assert_eq!(
        skipped,
        [
            ("其他/乱码.md", "not UTF-8 text"),
            (
                "司法解释/坏文件.md",
                "line 1: the first line is not a `# title`"
            ),
            ("案例/示例案例.md", "a case collection, not a policy"),
        ]
    );
    let warnings = first["warnings"].to_string();
    assert!(
        warnings.contains("no `<!-- INFO END -->` line"),
        "{warnings}"
    );
    assert!(warnings.contains("no articles"), "{warnings}");
    assert!(
        warnings.contains("article 第二条 appears twice"),
        "{warnings}"
    );
    let again = run();
    assert_eq!(
        (
            again["imported"].as_u64(),
            again["updated"].as_u64(),
            again["unchanged"].as_u64()
        ),
        (Some(0), Some(0), Some(5))
    );
    let written = std::fs::read_to_string(
        kb.path()
            .join("policies/刑法/中华人民共和国示例刑法-2011-02-25.md"),
    )
    .expect("written");
    assert!(
        written.starts_with("+++\nid = \"中华人民共和国示例刑法-2011-02-25\"\ntype = \"policy\"\n"),
        "{written}"
    );
    assert!(written.contains("short = \"示例刑法\"\n"), "{written}");
    assert!(
        written.contains("effective = 2011-05-01\nstatus = \"已修改\"\n"),
        "{written}"
    );
    assert!(
        written.contains("source = \"刑法/示例刑法(2011-02-25).md\"\n"),
        "{written}"
    );
}

#[test]
fn imported_laws_can_be_looked_up_as_of_a_date() {
    let (kb, _src) = imported();
    let on = |date: &str| {
        let out = zhijian_in(kb.path())
            .args([
                "--json",
                "policy",
                "lookup",
                "示例刑法",
                "133之一",
                "--as-of",
                date,
            ])
            .output()
            .expect("runs");
        json_of(&out)
    };
    let old = on("2015-01-01");
    assert_eq!(old["version"], "2011-02-25");
    assert_eq!(old["source"], "刑法/示例刑法(2011-02-25).md");
    let new = on("2022-01-01");
    assert_eq!(new["version"], "2020-12-26");
    assert_eq!(new["status"], "现行有效");
    assert!(
        new["text"]
            .as_str()
            .unwrap_or("")
            .contains("（二）醉酒驾驶机动车的。")
    );
    let out = zhijian_in(kb.path())
        .args([
            "policy",
            "lookup",
            "示例刑法",
            "133之二",
            "--as-of",
            "2015-01-01",
        ])
        .output()
        .expect("runs");
    assert_eq!(out.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&out.stderr).contains("the article is in version 2020-12-26"));
    let out = zhijian_in(kb.path())
        .args(["--json", "policy", "lookup", "示例道路管理条例", "第2条"])
        .output()
        .expect("runs");
    assert_eq!(json_of(&out)["effective"], "2019-04-01");
}

#[test]
fn a_search_for_an_article_reference_finds_that_article_first() {
    let kb = starter();
    let first = |query: &str| -> (String, String, u64) {
        let out = zhijian_in(kb.path())
            .args(["--json", "search", "-n", "1", query])
            .output()
            .expect("runs");
        assert_eq!(out.status.code(), Some(0), "{query}: {}", stdout(&out));
        let json = json_of(&out);
        let hit = &json["hits"][0];
        (
            hit["policy"].as_str().unwrap_or("").to_string(),
            hit["article"].as_str().unwrap_or("").to_string(),
            json["total"].as_u64().unwrap_or(0),
        )
    };
    // Both numeral forms, with or without 《》, a space, 中华人民共和国 or an abbreviation.
    for query in [
        "刑法第一百三十三条",
        "刑法第133条",
        "刑法 第133条",
        "《中华人民共和国刑法》第一百三十三条",
    ] {
        let (policy, article, _) = first(query);
        assert_eq!(
            (policy.as_str(), article.as_str()),
            ("sample-criminal-law-2021", "第一百三十三条"),
            "{query}"
        );
    }
    for query in ["刑诉法第176条", "中华人民共和国刑事诉讼法第一百七十六条"]
    {
        let (policy, article, _) = first(query);
        assert_eq!(
            (policy.as_str(), article.as_str()),
            ("sample-criminal-procedure-law-2018", "第一百七十六条"),
            "{query}"
        );
    }
    // 之一 is its own article, and the plain number is not it.
    let (_, article, _) = first("刑法第一百三十三条之一");
    assert_eq!(article, "第一百三十三条之一");
    let out = zhijian_in(kb.path())
        .args(["--json", "search", "--type", "article", "刑法第133条"])
        .output()
        .expect("runs");
    let articles: Vec<String> = json_of(&out)["hits"]
        .as_array()
        .expect("hits")
        .iter()
        .filter(|h| h["policy"] == "sample-criminal-law-2021")
        .map(|h| h["article"].as_str().unwrap_or("").to_string())
        .collect();
    assert_eq!(articles.first().map(String::as_str), Some("第一百三十三条"));
    assert!(
        articles[1..]
            .iter()
            .all(|a| a.starts_with("第一百三十三条之")),
        "only 之 articles, whose text starts with the number, may follow: {articles:?}"
    );
    // Documents citing the article come after it; a law that is not there finds nothing.
    let (_, _, total) = first("刑事诉讼法第一百七十六条");
    assert!(total >= 2, "the citing case is missing: {total}");
    let out = zhijian_in(kb.path())
        .args(["search", "公司法第一百七十六条"])
        .output()
        .expect("runs");
    assert_eq!(out.status.code(), Some(1));
}
