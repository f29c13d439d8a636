//! End-to-end tests of the cases plugin.

use serde_json::json;

use crate::common::*;

fn text(bytes: &[u8]) -> String {
    String::from_utf8_lossy(bytes).to_string()
}

/// The fixture KB with the fixture sources imported (and indexed by the importer).
fn imported() -> tempfile::TempDir {
    let dir = fixture("cases");
    let src = dir.path().join("src");
    zhijian_in(&dir.path().join("kb"))
        .args(["import", "cases"])
        .arg(&src)
        .assert()
        .success();
    dir
}

fn kb(dir: &tempfile::TempDir) -> std::path::PathBuf {
    dir.path().join("kb")
}

#[test]
fn import_reads_both_formats_and_summarises_by_kind() {
    let dir = fixture("cases");
    let out = zhijian_in(&kb(&dir))
        .args(["--json", "import", "cases"])
        .arg(dir.path().join("src"))
        .output()
        .expect("runs");
    assert!(out.status.success(), "{}", text(&out.stderr));
    assert_eq!(
        json_of(&out),
        json!({"imported": 4, "updated": 0, "skipped": [], "kinds": {"公报案例": 1, "指导性案例": 3}})
    );
    // The citation that names no article is reported, not fatal.
    assert!(text(&out.stderr).contains("spp-guiding/alj002.md: citation without an article: `全国人民代表大会常务委员会《关于加强交通安全的决定》`"), "{}", text(&out.stderr));
    let written = std::fs::read_to_string(kb(&dir).join("cases/spp-501.md")).expect("written");
    assert!(written.contains("number = \"检例第501号\""));
    assert!(
        written.contains("statutes = [\"刑法 第一百三十三条之一\", \"刑事诉讼法 第一百七十七条\"]"),
        "{written}"
    );
    assert!(written.contains("source = \"spp-guiding/alj001.md\""));
    assert!(written.contains("\n## 检察机关履职过程\n"));
    let spc = std::fs::read_to_string(kb(&dir).join("cases/spc-601.md")).expect("written");
    assert!(
        spc.contains("keywords = [\"民事\", \"物业服务合同\", \"小区公共收益\", \"业主知情权\"]"),
        "{spc}"
    );
    assert!(spc.contains("published = 2021-06-10"));
    assert!(spc.contains("statutes = [\"民法典 第二百八十二条\", \"民法典 第九百四十三条\"]"));
    // A second run finds nothing to change; an edited source is updated in place.
    let again = zhijian_in(&kb(&dir))
        .args(["--json", "import", "cases"])
        .arg(dir.path().join("src"))
        .output()
        .expect("runs");
    assert_eq!(json_of(&again)["imported"], 0);
    assert_eq!(json_of(&again)["updated"], 0);
    let source = dir.path().join("src/spp-guiding/alj001.md");
    let edited = std::fs::read_to_string(&source)
        .expect("read")
        .replace("相对不起诉决定。", "相对不起诉决定，并提出检察意见。");
    std::fs::write(&source, edited).expect("edit fixture copy");
    let third = zhijian_in(&kb(&dir))
        .args(["--json", "import", "cases"])
        .arg(dir.path().join("src"))
        .output()
        .expect("runs");
    assert_eq!(json_of(&third)["updated"], 1);
}

#[test]
fn bad_input_is_skipped_with_path_and_reason() {
    let dir = fixture("cases");
    let out = zhijian_in(&kb(&dir))
        .args(["--json", "import", "cases"])
        .arg(dir.path().join("invalid"))
        .output()
        .expect("runs");
    assert!(out.status.success(), "{}", text(&out.stderr));
    let summary = json_of(&out);
    assert_eq!(summary["imported"], 2, "{summary}");
    assert_eq!(
        summary["skipped"],
        json!([
            {"path": "spp-guiding/binary.md", "reason": "not valid UTF-8 (byte 0)"},
            {"path": "spp-guiding/dup-b.md", "reason": "duplicate number 检例第702号 (also in spp-guiding/dup-a.md)"},
            {"path": "spp-guiding/no-number.md", "reason": "no case number (expected 检例第N号 or 指导案例N号)"},
            {"path": "spp-guiding/no-sections.md", "reason": "no sections (expected 【要旨】, 裁判要点, 基本案情 … markers)"},
        ])
    );
    assert!(text(&out.stderr).contains(
        "odd-citation.md: citation without an article: `《关于办理诈骗刑事案件的意见》`"
    ));
    // A number already used by a case of the knowledge base is not imported twice.
    let clash = dir.path().join("clash/spp-guiding");
    std::fs::create_dir_all(&clash).expect("mkdir");
    std::fs::write(
        clash.join("x.md"),
        "### （检例第590号） 重号案\n\n【要旨】\n\n内容\n",
    )
    .expect("write");
    let out = zhijian_in(&kb(&dir))
        .args(["--json", "import", "cases"])
        .arg(dir.path().join("clash"))
        .output()
        .expect("runs");
    assert_eq!(
        json_of(&out)["skipped"][0]["reason"],
        "duplicate number 检例第590号 (already used by notes/zhou-2019.md in the knowledge base)"
    );
}

#[test]
fn show_finds_a_case_by_number_bare_number_or_id() {
    let dir = imported();
    let kb = kb(&dir);
    let out = zhijian_in(&kb)
        .args(["case", "show", "检例第501号"])
        .output()
        .expect("runs");
    assert!(out.status.success(), "{}", text(&out.stderr));
    let shown = text(&out.stdout);
    assert!(
        shown.starts_with("检例第501号  赵某危险驾驶案\n"),
        "{shown}"
    );
    assert!(shown.contains("## 要旨\n醉酒驾驶机动车"));
    assert!(shown.contains("## 检察机关履职过程"));
    for wanted in [
        &["501", "--issuer", "最高人民检察院"][..],
        &["501"],
        &["spp-501"],
        &["检例501号"],
    ] {
        let out = zhijian_in(&kb)
            .args(["--json", "case", "show"])
            .args(wanted)
            .output()
            .expect("runs");
        assert!(out.status.success(), "{wanted:?}: {}", text(&out.stderr));
        assert_eq!(json_of(&out)["id"], "spp-501", "{wanted:?}");
    }
    let out = zhijian_in(&kb)
        .args(["--json", "case", "show", "601"])
        .output()
        .expect("runs");
    assert_eq!(json_of(&out)["number"], "指导案例601号");
    let out = zhijian_in(&kb)
        .args(["case", "show", "检例第999号"])
        .output()
        .expect("runs");
    assert_eq!(out.status.code(), Some(1));
    assert!(
        text(&out.stderr).contains("no case numbered 检例第999号"),
        "{}",
        text(&out.stderr)
    );
}

#[test]
fn a_bare_number_used_by_both_series_is_ambiguous() {
    let dir = imported();
    let kb = kb(&dir);
    std::fs::write(
        kb.join("cases/spc-501.md"),
        "+++\ntype = \"case\"\ntitle = \"法院五〇一号案\"\nnumber = \"指导案例501号\"\nissuer = \"最高人民法院\"\n+++\n## 裁判要点\n\n内容。\n",
    )
    .expect("write");
    zhijian_in(&kb).arg("index").assert().success();
    let out = zhijian_in(&kb)
        .args(["case", "show", "501"])
        .output()
        .expect("runs");
    assert_eq!(out.status.code(), Some(2));
    assert!(
        text(&out.stderr).contains("`501` is ambiguous"),
        "{}",
        text(&out.stderr)
    );
    let out = zhijian_in(&kb)
        .args(["--json", "case", "show", "501", "--issuer", "最高人民法院"])
        .output()
        .expect("runs");
    assert_eq!(json_of(&out)["id"], "spc-501");
}

#[test]
fn show_one_section_and_the_json_shape() {
    let dir = imported();
    let kb = kb(&dir);
    let out = zhijian_in(&kb)
        .args(["case", "show", "spc-601", "--section", "裁判要点"])
        .output()
        .expect("runs");
    let shown = text(&out.stdout);
    assert!(shown.contains("## 裁判要点\n1.物业服务企业"), "{shown}");
    assert!(!shown.contains("## 基本案情"));
    let out = zhijian_in(&kb)
        .args(["case", "show", "spc-601", "--section", "指导意义"])
        .output()
        .expect("runs");
    assert_eq!(out.status.code(), Some(1));
    assert!(
        text(&out.stderr).contains(
            "has no section `指导意义` (sections: 裁判要点, 相关法条, 基本案情, 裁判结果, 裁判理由)"
        ),
        "{}",
        text(&out.stderr)
    );
    let out = zhijian_in(&kb)
        .args(["--json", "case", "show", "spc-601"])
        .output()
        .expect("runs");
    let case = json_of(&out);
    let keys: Vec<&str> = case
        .as_object()
        .expect("object")
        .keys()
        .map(String::as_str)
        .collect();
    assert_eq!(
        keys,
        [
            "amended",
            "batch",
            "charges",
            "domain",
            "id",
            "issuer",
            "keywords",
            "kind",
            "number",
            "path",
            "published",
            "sections",
            "source",
            "statutes",
            "title"
        ]
    );
    assert_eq!(case["domain"], "民事");
    assert_eq!(case["kind"], "指导性案例");
    assert_eq!(case["sections"][0]["heading"], "裁判要点");
    assert_eq!(case["statutes"][0]["statute"], "民法典 第二百八十二条");
    assert_eq!(case["statutes"][0]["found"], false);
}

#[test]
fn statute_links_resolve_to_policy_articles_and_flag_amendments() {
    let dir = imported();
    let kb = kb(&dir);
    let out = zhijian_in(&kb)
        .args(["--json", "case", "show", "检例第590号"])
        .output()
        .expect("runs");
    assert!(out.status.success(), "{}", text(&out.stderr));
    let case = json_of(&out);
    let links = &case["statutes"];
    assert_eq!(links[0]["statute"], "刑法 第一百三十三条之一");
    assert_eq!(links[0]["policy"], "xingfa-2021");
    assert_eq!(links[0]["status"], "现行有效");
    assert_eq!(links[0]["in_force"], true);
    assert_eq!(links[0]["changed_since"], true);
    assert_eq!(links[0]["amended"], true);
    assert!(
        links[0]["text"]
            .as_str()
            .expect("text")
            .contains("追逐竞驶")
    );
    assert_eq!(links[1]["statute"], "刑法 第二百三十四条");
    assert_eq!(links[1]["amended"], false);
    assert_eq!(links[2]["found"], false);
    assert_eq!(case["amended"], true);
    let out = zhijian_in(&kb)
        .args(["case", "show", "检例第590号"])
        .output()
        .expect("runs");
    let shown = text(&out.stdout);
    assert!(shown.contains("\n注意       相关规定已修改\n"), "{shown}");
    assert!(
        shown.contains("刑法 第一百三十三条之一  xingfa-2021 现行有效  ⚠ 相关规定已修改"),
        "{shown}"
    );
    assert!(
        shown.contains("刑事诉讼法 第十五条      知识库中未收录"),
        "{shown}"
    );
    // No publication date (as in every SPP source): the facts date the case. 赵某's
    // facts are of 2019年3月, under the 2011 text of 第一百三十三条之一, since amended.
    let out = zhijian_in(&kb)
        .args(["--json", "case", "show", "检例第501号"])
        .output()
        .expect("runs");
    let case = json_of(&out);
    assert_eq!(case["published"], serde_json::Value::Null);
    assert_eq!(case["facts_until"], "2019-03-28");
    assert_eq!(case["statutes"][0]["statute"], "刑法 第一百三十三条之一");
    assert_eq!(case["statutes"][0]["amended"], true);
    assert_eq!(case["statutes"][0]["predates_version"], true);
    // Facts after the amendment: nothing to flag.
    std::fs::write(
        kb.join("cases/after-2021.md"),
        "+++\ntype = \"case\"\ntitle = \"钱某危险驾驶案（测试）\"\nnumber = \"检例第591号\"\n\
         statutes = [\"刑法 第一百三十三条之一\"]\n+++\n\n## 基本案情\n\n\
         2021年6月1日，钱某醉酒驾驶机动车。\n",
    )
    .expect("write");
    zhijian_in(&kb).arg("index").assert().success();
    let out = zhijian_in(&kb)
        .args(["--json", "case", "show", "检例第591号"])
        .output()
        .expect("runs");
    let case = json_of(&out);
    assert_eq!(case["facts_until"], "2021-06-01");
    assert_eq!(case["statutes"][0]["amended"], false);
    assert_eq!(case["statutes"][0]["predates_version"], false);
}

#[test]
fn search_filters_facets_sections_and_years() {
    let dir = imported();
    let kb = kb(&dir);
    let out = zhijian_in(&kb)
        .args(["--json", "case", "search", "醉酒驾驶"])
        .output()
        .expect("runs");
    assert!(out.status.success(), "{}", text(&out.stderr));
    let results = json_of(&out);
    assert_eq!(results["total"], 3);
    assert_eq!(results["facets"]["domain"], json!({"刑事": 3}));
    assert_eq!(results["facets"]["charge"]["危险驾驶罪"], 3);
    assert_eq!(results["facets"]["keyword"]["醉酒驾驶"], 3);
    assert_eq!(results["facets"]["year"], json!({"2019": 1}));
    let hit = &results["hits"][0];
    assert!(
        hit["number"]
            .as_str()
            .is_some_and(|n| n.starts_with("检例第")),
        "{hit}"
    );
    assert!(!hit["highlights"].as_array().expect("highlights").is_empty());

    let count = |args: &[&str]| {
        let out = zhijian_in(&kb)
            .args(["--json", "case", "search"])
            .args(args)
            .output()
            .expect("runs");
        json_of(&out)["total"].as_u64().expect("total")
    };
    assert_eq!(count(&["醉酒驾驶", "--domain", "民事"]), 0);
    assert_eq!(count(&["醉酒驾驶", "--keyword", "二审抗诉"]), 1);
    assert_eq!(count(&["醉酒驾驶", "--kind", "典型案例"]), 1);
    assert_eq!(count(&["醉酒驾驶", "--charge", "危险驾驶罪"]), 3);
    assert_eq!(count(&["业主", "--year", "2021..2022"]), 1);
    assert_eq!(count(&["业主", "--year", "2022.."]), 0);
    assert_eq!(count(&["交警查获", "--section", "要旨"]), 0);
    assert_eq!(count(&["交警查获", "--section", "基本案情"]), 1);

    let out = zhijian_in(&kb)
        .args(["--json", "case", "search", "抗诉", "--section", "要旨"])
        .output()
        .expect("runs");
    let results = json_of(&out);
    assert_eq!(results["hits"][0]["id"], "spp-502");
    assert_eq!(results["hits"][0]["section"], "要旨");

    let out = zhijian_in(&kb)
        .args(["case", "search", "醉酒驾驶"])
        .output()
        .expect("runs");
    let shown = text(&out.stdout);
    assert!(shown.contains("共 3 件，显示 3 件"), "{shown}");
    assert!(shown.contains("领域：刑事 3"), "{shown}");
    let out = zhijian_in(&kb)
        .args(["case", "search", "没有的词语"])
        .output()
        .expect("runs");
    assert_eq!(out.status.code(), Some(1));
    let out = zhijian_in(&kb)
        .args(["case", "search", "醉驾", "--year", "去年"])
        .output()
        .expect("runs");
    assert_eq!(out.status.code(), Some(2));
}

#[test]
fn core_search_keeps_the_case_number() {
    let dir = imported();
    let out = zhijian_in(&kb(&dir))
        .args(["--json", "search", "物业", "--type", "case"])
        .output()
        .expect("runs");
    assert_eq!(json_of(&out)["hits"][0]["number"], "指导案例601号");
}

#[test]
fn similar_cases_share_distinctive_terms() {
    let dir = imported();
    let kb = kb(&dir);
    let out = zhijian_in(&kb)
        .args(["--json", "case", "similar", "检例第501号"])
        .output()
        .expect("runs");
    assert!(out.status.success(), "{}", text(&out.stderr));
    let similar = json_of(&out);
    let ids: Vec<&str> = similar["hits"]
        .as_array()
        .expect("hits")
        .iter()
        .filter_map(|h| h["id"].as_str())
        .collect();
    assert!(
        !ids.contains(&"spp-501"),
        "the case itself is not similar to itself"
    );
    assert!(
        ids[..2].contains(&"spp-502") && ids[..2].contains(&"hand-590"),
        "{ids:?}"
    );
    assert!(!ids[..2].contains(&"spc-601"));
    let shared = similar["hits"][0]["shared"].as_array().expect("shared");
    assert!(shared.iter().any(|s| s == "醉酒驾驶"), "{shared:?}");
    let out = zhijian_in(&kb)
        .args(["case", "similar", "spp-501", "--limit", "1"])
        .output()
        .expect("runs");
    let shown = text(&out.stdout);
    assert!(
        shown.starts_with("与 检例第501号 赵某危险驾驶案 相似的案例\n"),
        "{shown}"
    );
    assert!(shown.contains(" 1. ") && !shown.contains(" 2. "), "{shown}");
    assert!(shown.contains("共同："), "{shown}");
}

#[test]
fn stats_by_domain_charge_and_year_in_three_formats() {
    let dir = imported();
    let kb = kb(&dir);
    let out = zhijian_in(&kb)
        .args(["--json", "case", "stats"])
        .output()
        .expect("runs");
    assert_eq!(
        json_of(&out),
        json!({"by": "domain", "total": 5, "unknown": 0, "counts": [{"value": "刑事", "count": 3}, {"value": "民事", "count": 2}]})
    );
    let out = zhijian_in(&kb)
        .args(["case", "stats", "--by", "charge"])
        .output()
        .expect("runs");
    let shown = text(&out.stdout);
    assert!(shown.starts_with("案例 5 件，按罪名/案由统计\n"), "{shown}");
    assert!(
        shown.contains("\n危险驾驶罪            3  ██████████████████████████████\n"),
        "{shown}"
    );
    let out = zhijian_in(&kb)
        .args(["case", "stats", "--by", "year", "--csv"])
        .output()
        .expect("runs");
    // CSV is for Excel: UTF-8 with a byte-order mark.
    assert_eq!(text(&out.stdout), "\u{feff}year,count\n2019,1\n2021,1\n");
    let out = zhijian_in(&kb)
        .args(["case", "stats", "--by", "colour"])
        .output()
        .expect("runs");
    assert_eq!(out.status.code(), Some(2));
}

#[test]
fn the_starter_cases_show_every_command() {
    let dir = starter();
    let out = zhijian_in(dir.path())
        .args(["--json", "case", "show", "检例第9001号"])
        .output()
        .expect("runs");
    assert!(out.status.success(), "{}", text(&out.stderr));
    let case = json_of(&out);
    assert_eq!(case["statutes"][0]["policy"], "sample-criminal-law-2021");
    assert_eq!(case["statutes"][0]["found"], true);
    let out = zhijian_in(dir.path())
        .args(["--json", "case", "show", "检例第9002号"])
        .output()
        .expect("runs");
    assert_eq!(
        json_of(&out)["amended"],
        true,
        "9002 cites a repealed guideline"
    );
    zhijian_in(dir.path())
        .args(["case", "similar", "检例第9001号"])
        .assert()
        .success();
    zhijian_in(dir.path())
        .args(["case", "search", "醉驾", "--section", "要旨"])
        .assert()
        .success();
    zhijian_in(dir.path())
        .args(["case", "stats", "--by", "domain"])
        .assert()
        .success();
}
