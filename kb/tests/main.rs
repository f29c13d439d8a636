//! Library-level tests of the engine: Chinese matching, incremental updates, the
//! lock and automatic rebuilds, on knowledge bases written into temporary folders.

use std::collections::BTreeSet;
use std::fs;
use std::path::Path;

use tempfile::TempDir;
use zhijian_kb::index::{IndexPaths, NoProgress, update};
use zhijian_kb::types::FieldProblem;
use zhijian_kb::{
    Document, DocumentType, Kb, KbError, SearchRequest, Searcher, Types, Unit, UnitKind,
};

/// A law: a whole unit and one part per paragraph starting 第…条, titled by the law,
/// as a policy plugin would declare it.
struct TestLaw;

impl DocumentType for TestLaw {
    fn name(&self) -> &'static str {
        "policy"
    }
    fn folder(&self) -> &'static str {
        "policies"
    }
    fn unit_types(&self) -> Vec<&'static str> {
        vec!["policy", "article"]
    }
    fn check(&self, _doc: &Document) -> Vec<FieldProblem> {
        Vec::new()
    }
    fn units(&self, doc: &Document) -> Vec<Unit> {
        let whole = Unit::whole(doc);
        let mut out = vec![whole.clone()];
        for (n, paragraph) in doc.body.split("\n\n").enumerate() {
            let Some((label, _)) = paragraph.trim().split_once('　') else {
                continue;
            };
            let mut part = whole.part(label, UnitKind::Part, paragraph.trim().to_string(), n + 1);
            part.doc_type = "article".into();
            part.title = format!("{} {label}", doc.title);
            part.number = label.to_string();
            part.facets.retain(|(name, _)| name != "type");
            part.facets.push(("type".into(), "article".into()));
            out.push(part);
        }
        out
    }
}

/// A case: a whole unit and hidden section units.
struct TestCase;

impl DocumentType for TestCase {
    fn name(&self) -> &'static str {
        "case"
    }
    fn folder(&self) -> &'static str {
        "cases"
    }
    fn check(&self, _doc: &Document) -> Vec<FieldProblem> {
        Vec::new()
    }
    fn units(&self, doc: &Document) -> Vec<Unit> {
        let whole = Unit::whole(doc);
        let mut out = vec![whole.clone()];
        for section in doc.markdown.sections.iter().filter(|s| s.level > 0) {
            out.push(whole.part(
                &section.heading,
                UnitKind::Section,
                section.text.clone(),
                section.line,
            ));
        }
        out
    }
}

/// Personal data, whatever its units would be.
struct TestPerson;

impl DocumentType for TestPerson {
    fn name(&self) -> &'static str {
        "person"
    }
    fn folder(&self) -> &'static str {
        "people"
    }
    fn personal(&self) -> bool {
        true
    }
    fn check(&self, _doc: &Document) -> Vec<FieldProblem> {
        Vec::new()
    }
}

fn types() -> Types {
    Types::builder()
        .with_type(Box::new(TestLaw))
        .with_type(Box::new(TestCase))
        .with_type(Box::new(TestPerson))
        .build()
}

fn open(root: &Path) -> Kb {
    Kb::open(root, types()).expect("open")
}

fn kb_with(files: &[(&str, &str)]) -> TempDir {
    let dir = TempDir::new().expect("tempdir");
    fs::write(dir.path().join("zhijian.toml"), "name = \"test\"\n").expect("config");
    for (rel, text) in files {
        write(dir.path(), rel, text);
    }
    dir
}

fn write(root: &Path, rel: &str, text: &str) {
    let path = root.join(rel);
    fs::create_dir_all(path.parent().expect("parent")).expect("mkdir");
    fs::write(path, text).expect("write");
}

fn ids(root: &Path, query: &str) -> BTreeSet<String> {
    let kb = open(root);
    let searcher = Searcher::open(&kb).expect("searcher");
    let mut request = SearchRequest::new(query);
    request.limit = 100;
    searcher
        .search(&request)
        .expect("search")
        .hits
        .into_iter()
        .map(|h| h.id)
        .collect()
}

fn set(items: &[&str]) -> BTreeSet<String> {
    items.iter().map(|s| s.to_string()).collect()
}

fn index(root: &Path) -> zhijian_kb::index::IndexReport {
    update(&open(root), false, &NoProgress).expect("index")
}

mod analysis {
    use super::*;

    fn corpus() -> TempDir {
        kb_with(&[
            (
                "a.md",
                "# 甲\n\n依照《中华人民共和国刑事诉讼法》的规定办理。\n",
            ),
            ("b.md", "# 乙\n\n被告人犯故意伤害罪，判处有期徒刑三年。\n"),
            ("c.md", "# 丙\n\n对毒驾、醉驾等危险驾驶行为依法惩处。\n"),
            ("d.md", "# 丁\n\n检察机关依法适用认罪认罚从宽制度。\n"),
            ("e.md", "# 戊\n\n依照民事诉讼法第十五条支持起诉。\n"),
            ("f.md", "# 己\n\n刑事，诉讼分开写不算。保证人应当到场。\n"),
        ])
    }

    #[test]
    fn every_literal_occurrence_inside_longer_words_is_found() {
        let kb = corpus();
        index(kb.path());
        assert_eq!(
            ids(kb.path(), "刑事诉讼"),
            set(&["a"]),
            "刑事诉讼 must not match 民事诉讼 or 刑事，诉讼"
        );
        assert_eq!(ids(kb.path(), "故意伤害"), set(&["b"]));
        assert_eq!(ids(kb.path(), "醉驾"), set(&["c"]));
        assert_eq!(ids(kb.path(), "认罪认罚"), set(&["d"]));
    }

    #[test]
    fn two_and_one_character_queries() {
        let kb = corpus();
        index(kb.path());
        assert_eq!(ids(kb.path(), "诉讼"), set(&["a", "e", "f"]));
        assert_eq!(
            ids(kb.path(), "罚"),
            set(&["d"]),
            "认罚 contains 罚 as its last character"
        );
        assert_eq!(ids(kb.path(), "伤"), set(&["b"]));
        assert_eq!(
            ids(kb.path(), "证人"),
            set(&["f"]),
            "a known cost of bigrams: 保证人 contains 证人"
        );
    }

    #[test]
    fn boolean_filters_and_questions() {
        let kb = corpus();
        index(kb.path());
        assert_eq!(ids(kb.path(), "诉讼 NOT 民事"), set(&["a", "f"]));
        assert_eq!(ids(kb.path(), "醉驾 OR 故意伤害"), set(&["b", "c"]));
        assert_eq!(ids(kb.path(), "\"刑事诉讼\" type:note"), set(&["a"]));
        assert!(ids(kb.path(), "type:case").is_empty());
        let hits = ids(kb.path(), "醉驾的危险驾驶行为怎么处理？");
        assert!(hits.contains("c"), "{hits:?}");
    }

    #[test]
    fn a_law_name_alone_does_not_lift_its_articles_above_real_matches() {
        let kb = kb_with(&[
            (
                "policies/p.md",
                "+++\ntype = \"policy\"\ntitle = \"醉驾解释\"\nshort = \"醉驾解释\"\n+++\n第一条　本解释的目的。\n\n第二条　施行日期。\n",
            ),
            (
                "cases/c.md",
                "+++\ntype = \"case\"\ntitle = \"某案\"\n+++\n## 要旨\n\n醉驾案件的处理。\n",
            ),
        ]);
        index(kb.path());
        let opened = open(kb.path());
        let searcher = Searcher::open(&opened).expect("searcher");
        let hits = searcher
            .search(&SearchRequest::new("醉驾"))
            .expect("search")
            .hits;
        let order: Vec<&str> = hits.iter().map(|h| h.doc_type.as_str()).collect();
        assert_eq!(
            order.len(),
            4,
            "articles still match through their law's name: {order:?}"
        );
        assert_ne!(
            order[0], "article",
            "the case or the policy itself comes first: {order:?}"
        );
        assert_eq!(&order[2..], ["article", "article"]);
    }

    #[test]
    fn a_match_past_the_stored_start_of_a_long_text_still_gets_a_snippet() {
        let long = format!(
            "# 长文\n\n{}\n\n最后一段提到取保候审。\n",
            "甲乙丙丁。".repeat(20_000)
        );
        let kb = kb_with(&[("long.md", &long)]);
        index(kb.path());
        let opened = open(kb.path());
        let searcher = Searcher::open(&opened).expect("searcher");
        let hits = searcher
            .search(&SearchRequest::new("取保候审"))
            .expect("search")
            .hits;
        assert_eq!(hits.len(), 1);
        assert!(hits[0].snippet.contains("取保候审"), "{}", hits[0].snippet);
        assert!(!hits[0].highlights.is_empty());
    }

    #[test]
    fn full_width_forms_are_folded() {
        let kb = kb_with(&[("a.md", "# 甲\n\n见ＡＢＣ公司第１７８号文件。\n")]);
        index(kb.path());
        assert_eq!(ids(kb.path(), "abc"), set(&["a"]));
        assert_eq!(ids(kb.path(), "第178号"), set(&["a"]));
    }

    #[test]
    fn traditional_forms_are_folded_both_ways() {
        let kb = kb_with(&[("a.md", "# 甲\n\n依照刑事訴訟法第十五條認罪認罰。\n")]);
        index(kb.path());
        assert_eq!(ids(kb.path(), "刑事诉讼"), set(&["a"]));
        assert_eq!(ids(kb.path(), "認罪認罰"), set(&["a"]));
    }
}

mod incremental {
    use super::*;

    #[test]
    fn add_modify_delete_rename_and_touch() {
        let kb = kb_with(&[("a.md", "# 甲\n\n醉驾\n"), ("b.md", "# 乙\n\n盗窃\n")]);
        let report = index(kb.path());
        assert_eq!(
            (
                report.added,
                report.updated,
                report.removed,
                report.unchanged
            ),
            (2, 0, 0, 0)
        );

        let report = index(kb.path());
        assert_eq!(
            (
                report.added,
                report.updated,
                report.removed,
                report.unchanged
            ),
            (0, 0, 0, 2)
        );

        write(kb.path(), "a.md", "# 甲\n\n诈骗\n");
        write(kb.path(), "c.md", "# 丙\n\n抢劫\n");
        let report = index(kb.path());
        assert_eq!(
            (
                report.added,
                report.updated,
                report.removed,
                report.unchanged
            ),
            (1, 1, 0, 1)
        );
        assert!(ids(kb.path(), "醉驾").is_empty());
        assert_eq!(ids(kb.path(), "诈骗"), set(&["a"]));

        fs::remove_file(kb.path().join("b.md")).expect("rm");
        fs::rename(kb.path().join("c.md"), kb.path().join("d.md")).expect("mv");
        let report = index(kb.path());
        assert_eq!(
            (
                report.added,
                report.updated,
                report.removed,
                report.unchanged
            ),
            (1, 0, 2, 1)
        );
        assert!(ids(kb.path(), "盗窃").is_empty());
        assert_eq!(ids(kb.path(), "抢劫"), set(&["d"]));

        // A touched file (new mtime, same bytes) is not re-indexed.
        let text = fs::read(kb.path().join("a.md")).expect("read");
        std::thread::sleep(std::time::Duration::from_millis(20));
        fs::write(kb.path().join("a.md"), text).expect("touch");
        let report = index(kb.path());
        assert_eq!(
            (
                report.added,
                report.updated,
                report.removed,
                report.unchanged
            ),
            (0, 0, 0, 2)
        );
    }

    #[test]
    fn a_file_that_becomes_invalid_leaves_the_index_and_comes_back() {
        let kb = kb_with(&[("a.md", "# 甲\n\n醉驾\n")]);
        index(kb.path());
        write(kb.path(), "a.md", "+++\ntype = \"memo\"\n+++\n醉驾\n");
        let report = index(kb.path());
        assert_eq!(report.removed, 1);
        assert_eq!(report.skipped.len(), 1);
        assert!(ids(kb.path(), "醉驾").is_empty());
        // Problems are reported again on the next run, and the fix is picked up.
        assert_eq!(index(kb.path()).skipped.len(), 1);
        write(kb.path(), "a.md", "# 甲\n\n醉驾\n");
        let report = index(kb.path());
        assert_eq!((report.added, report.skipped.len()), (1, 0));
        assert_eq!(ids(kb.path(), "醉驾"), set(&["a"]));
    }

    #[test]
    fn duplicate_ids_keep_the_first_path() {
        let kb = kb_with(&[
            ("a.md", "+++\nid = \"x\"\n+++\n醉驾\n"),
            ("b.md", "+++\nid = \"x\"\n+++\n盗窃\n"),
        ]);
        let report = index(kb.path());
        assert_eq!(report.added, 1);
        assert!(
            report.skipped[0].reason.contains("duplicate id `x`"),
            "{:?}",
            report.skipped
        );
        assert_eq!(ids(kb.path(), "醉驾"), set(&["x"]));
        assert!(ids(kb.path(), "盗窃").is_empty());
    }
}

mod ids {
    use super::*;

    #[test]
    fn same_file_names_in_different_folders_are_all_indexed() {
        let kb = kb_with(&[
            ("a/README.md", "# 甲\n\n醉驾\n"),
            ("b/README.md", "# 乙\n\n醉驾\n"),
        ]);
        let report = index(kb.path());
        assert_eq!((report.added, report.skipped.len()), (2, 0), "{report:?}");
        assert_eq!(ids(kb.path(), "醉驾"), set(&["README", "b-README"]));
        let loaded = open(kb.path()).load_all().expect("load");
        let mut got: Vec<_> = loaded.documents.iter().map(|d| d.id.clone()).collect();
        got.sort();
        assert_eq!(got, ["README", "b-README"]);
    }

    #[test]
    fn when_the_first_owner_goes_the_duplicate_comes_in() {
        let kb = kb_with(&[
            ("a.md", "+++\nid = \"x\"\n+++\n醉驾\n"),
            ("b.md", "+++\nid = \"x\"\n+++\n盗窃\n"),
        ]);
        assert_eq!(index(kb.path()).skipped.len(), 1);
        fs::remove_file(kb.path().join("a.md")).expect("rm");
        let report = index(kb.path());
        assert_eq!(
            (report.added, report.removed, report.skipped.len()),
            (1, 1, 0),
            "{report:?}"
        );
        assert_eq!(ids(kb.path(), "盗窃"), set(&["x"]));
    }

    #[test]
    fn a_run_with_nothing_new_writes_nothing_even_with_bad_files() {
        let kb = kb_with(&[
            ("a.md", "醉驾\n"),
            ("bad.md", "+++\ntype = \"memo\"\n+++\n"),
        ]);
        index(kb.path());
        let manifest = IndexPaths::manifest(&IndexPaths::new(kb.path()).live);
        let before = fs::read(&manifest).expect("manifest");
        let report = index(kb.path());
        assert_eq!((report.unchanged, report.skipped.len()), (1, 1));
        assert_eq!(
            fs::read(&manifest).expect("manifest"),
            before,
            "no commit, no manifest write"
        );
    }
}

mod state {
    use super::*;

    #[test]
    fn a_second_indexer_fails_fast_with_locked() {
        let kb = kb_with(&[("a.md", "醉驾\n")]);
        let _held = zhijian_kb::index::lock(kb.path()).expect("first lock");
        let err = update(&open(kb.path()), false, &NoProgress).expect_err("locked");
        assert!(matches!(err, KbError::Locked { .. }), "{err}");
        assert!(err.to_string().starts_with("index is locked"));
    }

    #[test]
    fn another_schema_version_rebuilds_automatically() {
        let kb = kb_with(&[("a.md", "醉驾\n")]);
        index(kb.path());
        let paths = IndexPaths::new(kb.path());
        fs::write(paths.live.join("zhijian-version"), "0\n").expect("write version");
        let err = Searcher::open(&open(kb.path())).expect_err("stale index refused");
        assert!(matches!(err, KbError::Corrupt { .. }));
        let report = index(kb.path());
        assert!(
            report
                .rebuilt
                .as_deref()
                .is_some_and(|r| r.contains("format 0")),
            "{report:?}"
        );
        assert_eq!(report.added, 1);
        assert_eq!(ids(kb.path(), "醉驾"), set(&["a"]));
        assert!(!paths.next.exists() && !paths.old.exists());
    }

    #[test]
    fn a_garbage_manifest_means_a_rebuild_not_a_crash() {
        let kb = kb_with(&[("a.md", "醉驾\n"), ("b.md", "盗窃\n")]);
        index(kb.path());
        let paths = IndexPaths::new(kb.path());
        fs::write(IndexPaths::manifest(&paths.live), b"\x00garbage").expect("write");
        fs::remove_file(kb.path().join("b.md")).expect("rm");
        let report = index(kb.path());
        assert!(report.rebuilt.is_some());
        assert_eq!(
            ids(kb.path(), "盗窃"),
            set(&[]),
            "a removed file must not survive a rebuild"
        );
        assert_eq!(ids(kb.path(), "醉驾"), set(&["a"]));
    }

    #[test]
    fn searching_without_an_index_says_so() {
        let kb = kb_with(&[("a.md", "醉驾\n")]);
        let err = Searcher::open(&open(kb.path())).expect_err("no index");
        assert!(matches!(err, KbError::NoIndex));
    }

    #[test]
    fn person_documents_never_reach_the_index() {
        let kb = kb_with(&[(
            "people/p.md",
            "+++\ntype = \"person\"\nname = \"张独特名字\"\n+++\n备注：独一无二的记录文字\n",
        )]);
        index(kb.path());
        assert!(ids(kb.path(), "独一无二").is_empty());
        assert!(ids(kb.path(), "张独特名字").is_empty());
        for entry in walk(&IndexPaths::new(kb.path()).live) {
            let bytes = fs::read(&entry).expect("read index file");
            let needle = "独一无二".as_bytes();
            assert!(
                !bytes.windows(needle.len()).any(|w| w == needle),
                "{} holds person text",
                entry.display()
            );
        }
    }

    fn walk(dir: &Path) -> Vec<std::path::PathBuf> {
        let mut out = Vec::new();
        for entry in fs::read_dir(dir).expect("list") {
            let path = entry.expect("entry").path();
            if path.is_dir() {
                out.extend(walk(&path))
            } else {
                out.push(path)
            }
        }
        out
    }
}

mod damage {
    use super::*;

    fn damaged(corrupt: impl FnOnce(&Path)) {
        let kb = kb_with(&[("a.md", "# 甲\n\n醉驾\n"), ("b.md", "# 乙\n\n盗窃\n")]);
        index(kb.path());
        corrupt(&IndexPaths::new(kb.path()).live);
        let opened = open(kb.path());
        let (searcher, reason) = Searcher::open_repairing(&opened).expect("repaired");
        assert!(
            reason.is_some_and(|r| r.contains("rebuilt")),
            "the repair is reported"
        );
        let hits = searcher
            .search(&SearchRequest::new("醉驾"))
            .expect("search");
        assert_eq!(hits.total, 1);
        // And the next incremental update works on the repaired index.
        assert_eq!(index(kb.path()).unchanged, 2);
    }

    #[test]
    fn a_truncated_meta_json_is_rebuilt() {
        damaged(|dir| {
            let meta = dir.join("meta.json");
            let text = fs::read(&meta).expect("meta");
            fs::write(&meta, &text[..text.len() / 2]).expect("truncate");
        });
    }

    #[test]
    fn a_deleted_segment_file_is_rebuilt() {
        damaged(|dir| {
            let victim = fs::read_dir(dir)
                .expect("list")
                .map(|e| e.expect("entry").path())
                .find(|p| p.extension().is_some_and(|e| e == "idx"))
                .expect("a segment file");
            fs::remove_file(victim).expect("delete segment file");
        });
    }

    #[test]
    fn no_index_at_all_is_built_on_first_search() {
        let kb = kb_with(&[("a.md", "# 甲\n\n醉驾\n")]);
        let (searcher, reason) = Searcher::open_repairing(&open(kb.path())).expect("built");
        assert!(reason.is_some());
        assert_eq!(
            searcher
                .search(&SearchRequest::new("醉驾"))
                .expect("search")
                .total,
            1
        );
    }
}

mod paths {
    use super::*;

    /// Found by fuzzing (fuzz/fuzz_targets/id_path.rs): `.` resolved to the root itself.
    #[test]
    fn inside_refuses_the_root_itself_and_escapes() {
        let kb = kb_with(&[]);
        let kb = open(kb.path());
        for rel in [
            ".",
            "./",
            "./.",
            ".//",
            "",
            "..",
            "../x",
            "/etc/passwd",
            "a/../../x",
        ] {
            assert!(kb.inside(rel).is_err(), "{rel:?} accepted");
        }
        assert!(kb.inside("./cases/a.md").is_ok());
        assert!(kb.inside("cases/a.md").is_ok());
    }

    #[test]
    fn a_killed_rebuild_leaves_no_second_copy_behind() {
        let kb = kb_with(&[("a.md", "醉驾\n")]);
        index(kb.path());
        let paths = IndexPaths::new(kb.path());
        fs::create_dir_all(paths.next.join("junk")).expect("fake leftover");
        index(kb.path());
        assert!(!paths.next.exists());
    }
}
