//! Library tests of the policy plugin: the LawRefBook importer with a database.

use std::path::Path;

use rusqlite::Connection;

fn fixture() -> tempfile::TempDir {
    let from = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../tests/fixtures/policy/lawrefbook");
    let dir = tempfile::tempdir().expect("tempdir");
    copy(&from, dir.path());
    dir
}

fn copy(from: &Path, to: &Path) {
    std::fs::create_dir_all(to).expect("mkdir");
    for entry in std::fs::read_dir(from).expect("read dir") {
        let entry = entry.expect("entry");
        let target = to.join(entry.file_name());
        if entry.file_type().expect("type").is_dir() {
            copy(&entry.path(), &target);
        } else {
            std::fs::copy(entry.path(), &target).expect("copy");
        }
    }
}

#[test]
fn dates_and_validity_come_from_the_database() {
    let src = fixture();
    let conn = Connection::open(src.path().join("db.sqlite3")).expect("create db");
    conn.execute_batch(
        "CREATE TABLE category (id TEXT NOT NULL UNIQUE PRIMARY KEY, name TEXT NOT NULL, folder TEXT NOT NULL, isSubFolder INTEGER NOT NULL, \"group\" TEXT, \"order\" integer);
         CREATE TABLE law (id TEXT NOT NULL PRIMARY KEY, level TEXT NOT NULL, name TEXT NOT NULL, filename TEXT, publish DATE, expired INTEGER NOT NULL, \"order\" integer, subtitle TEXT, valid_from DATE, ver INTEGER, tags TEXT, category_id TEXT NOT NULL);
         INSERT INTO category VALUES ('c1', '刑法', '刑法', 0, NULL, 1), ('c2', '行政法规', '行政法规', 1, '', 2);
         INSERT INTO law VALUES ('a', '法律', '示例刑法', NULL, '2011-02-25', 1, 1, NULL, '2011-05-02', 1, NULL, 'c1');
         INSERT INTO law VALUES ('b', '法律', '示例刑法', NULL, '2020-12-26', 0, 1, NULL, '2021-03-02', 1, NULL, 'c1');
         INSERT INTO law VALUES ('c', '行政法规', '示例条例', '', '2019-03-02', 1, 1, NULL, '', 1, NULL, 'c2');",
    )
    .expect("rows");
    drop(conn);
    let kb = tempfile::tempdir().expect("kb");
    let dest = kb.path().join("policies");
    let summary = zhijian_policy::import_lawrefbook(src.path(), &dest).expect("imports");
    assert!(summary.database);
    assert_eq!(
        (summary.imported, summary.updated, summary.skipped.len()),
        (5, 0, 2)
    );
    let read = |rel: &str| std::fs::read_to_string(dest.join(rel)).expect("written");
    let new = read("刑法/中华人民共和国示例刑法-2020-12-26.md");
    assert!(
        new.contains("effective = 2021-03-02\nstatus = \"现行有效\""),
        "{new}"
    );
    let old = read("刑法/中华人民共和国示例刑法-2011-02-25.md");
    assert!(
        old.contains("effective = 2011-05-02\nstatus = \"已修改\""),
        "an older version is amended: {old}"
    );
    let rule = read("行政法规/示例道路管理条例-2019-03-02.md");
    assert!(rule.contains("category = \"行政法规\""), "{rule}");
    assert!(
        rule.contains("effective = 2019-04-01\nstatus = \"已废止\""),
        "expired in the db: {rule}"
    );

    // A changed source updates the file it wrote before.
    let file = src.path().join("行政法规/示例条例.md");
    let text = std::fs::read_to_string(&file)
        .expect("read")
        .replace("负责解释", "负责解释和实施");
    std::fs::write(&file, text).expect("write");
    let again = zhijian_policy::import_lawrefbook(src.path(), &dest).expect("imports");
    assert_eq!((again.imported, again.updated, again.unchanged), (0, 1, 4));
    assert!(read("行政法规/示例道路管理条例-2019-03-02.md").contains("负责解释和实施"));
}

#[test]
fn a_missing_source_is_an_error() {
    let kb = tempfile::tempdir().expect("kb");
    let err = zhijian_policy::import_lawrefbook(&kb.path().join("nope"), kb.path())
        .expect_err("no source");
    assert!(err.to_string().ends_with("nope is not a folder"), "{err}");
}
