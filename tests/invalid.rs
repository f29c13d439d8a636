//! Bad input: every file under tests/fixtures/invalid is reported, skipped, and nothing else suffers.

use crate::common::*;

/// (file, line if known, words the reason must contain)
const EXPECTED: &[(&str, Option<u64>, &str)] = &[
    ("docs/empty.md", None, "empty file"),
    ("docs/id-control.md", Some(2), "control characters"),
    ("docs/id-dotdot.md", Some(2), "`..`"),
    ("docs/id-slash.md", Some(2), "`/`"),
    ("docs/malformed-toml.md", Some(3), "not valid TOML"),
    ("docs/missing-close.md", Some(1), "never closed"),
    ("docs/not-utf8.md", Some(3), "not valid UTF-8"),
    ("docs/nul-bytes.md", Some(3), "NUL"),
    ("docs/too-large.md", None, "too large"),
    ("docs/unknown-type.md", Some(2), "unknown type `memo`"),
    ("docs/zz-duplicate-id.md", None, "duplicate id `good`"),
];

#[test]
fn index_reports_each_bad_file_and_indexes_the_rest() {
    let kb = fixture("invalid");
    let output = zhijian_in(kb.path())
        .args(["index", "--json"])
        .output()
        .expect("runs");
    assert_eq!(output.status.code(), Some(1), "problems found means exit 1");
    let report = json_of(&output);
    assert_eq!(
        report["added"], 2,
        "good.md and bom.md are indexed: {report}"
    );
    let skipped = report["skipped"].as_array().expect("skipped list");
    let got: Vec<(&str, Option<u64>)> = skipped
        .iter()
        .map(|p| (p["path"].as_str().unwrap_or(""), p["line"].as_u64()))
        .collect();
    let want: Vec<(&str, Option<u64>)> = EXPECTED.iter().map(|(p, l, _)| (*p, *l)).collect();
    assert_eq!(got, want);
    for (problem, (_, _, words)) in skipped.iter().zip(EXPECTED) {
        let reason = problem["reason"].as_str().unwrap_or("");
        assert!(
            reason.contains(words),
            "{reason:?} should mention {words:?}"
        );
    }
    // The good documents are searchable; nothing from the bad ones is.
    let output = zhijian_in(kb.path())
        .args(["search", "醉驾", "--json"])
        .output()
        .expect("runs");
    assert_eq!(output.status.code(), Some(0));
    assert_eq!(json_of(&output)["hits"][0]["id"], "good");
    zhijian_in(kb.path())
        .args(["search", "BOM"])
        .assert()
        .code(0);
    zhijian_in(kb.path())
        .args(["search", "未知类型"])
        .assert()
        .code(1);
}

#[test]
fn check_lists_every_problem_with_file_and_line() {
    let kb = fixture("invalid");
    let output = zhijian_in(kb.path()).arg("check").output().expect("runs");
    assert_eq!(output.status.code(), Some(1));
    let stdout = String::from_utf8_lossy(&output.stdout);
    for (path, line, words) in EXPECTED {
        let prefix = match line {
            Some(line) => format!("{path}:{line}: "),
            None => format!("{path}: "),
        };
        let found = stdout
            .lines()
            .any(|l| l.starts_with(&prefix) && l.contains(words));
        assert!(found, "missing `{prefix}… {words}` in:\n{stdout}");
    }
    assert!(stdout.contains("docs/bom.md:1: UTF-8 byte-order mark ignored"));
}

#[cfg(unix)]
#[test]
fn a_symlink_loop_is_reported_when_links_are_followed() {
    let kb = fixture("invalid");
    let config = kb.path().join("zhijian.toml");
    let text = std::fs::read_to_string(&config).expect("read config");
    std::fs::write(
        &config,
        text.replace("[scan]\n", "[scan]\nfollow_links = true\n"),
    )
    .expect("write config");
    std::os::unix::fs::symlink(kb.path().join("docs"), kb.path().join("docs/loop"))
        .expect("symlink");
    let output = zhijian_in(kb.path())
        .args(["index", "--json"])
        .output()
        .expect("runs");
    let report = json_of(&output);
    let loop_reported = report["skipped"]
        .as_array()
        .expect("skipped")
        .iter()
        .any(|p| {
            p["reason"]
                .as_str()
                .is_some_and(|r| r.contains("symbolic link loop"))
        });
    assert!(loop_reported, "{report}");
    assert_eq!(report["added"], 2);
}

#[test]
fn a_broken_config_is_one_clear_error() {
    let kb = fixture("invalid");
    std::fs::write(kb.path().join("zhijian.toml"), "[scan\n").expect("write");
    let output = zhijian_in(kb.path()).arg("index").output().expect("runs");
    assert_eq!(output.status.code(), Some(2));
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(stderr.starts_with("zhijian: error: "), "{stderr}");
    assert!(stderr.contains("zhijian.toml:1"), "{stderr}");
    assert_eq!(stderr.lines().count(), 1, "one line: {stderr}");
}
