//! docs/plugins.md stays true: the code it shows is the example's source, its request
//! JSON parses as a `Request`, and the example builds, loads and runs as it says.

use std::path::Path;

use serde_json::Value;

use crate::common::*;
use crate::plugins_dynamic::{install, lib_name, stderr, stdout};

fn repository() -> &'static Path {
    Path::new(concat!(env!("CARGO_MANIFEST_DIR"), "/.."))
}

fn guide() -> String {
    std::fs::read_to_string(repository().join("docs/plugins.md")).expect("docs/plugins.md")
}

/// The fenced code block after each `<!-- KIND: ARG -->` line of the guide, as
/// `(ARG, code)`.
fn blocks(guide: &str, kind: &str) -> Vec<(String, String)> {
    let prefix = format!("<!-- {kind}: ");
    let mut found = Vec::new();
    let mut lines = guide.lines();
    while let Some(line) = lines.next() {
        let Some(arg) = line
            .strip_prefix(&prefix)
            .and_then(|l| l.strip_suffix(" -->"))
        else {
            continue;
        };
        let fence = lines.next().unwrap_or_default();
        assert!(fence.starts_with("```"), "no code block after `{line}`");
        let code: Vec<&str> = lines.by_ref().take_while(|l| *l != "```").collect();
        found.push((arg.to_owned(), format!("{}\n", code.join("\n"))));
    }
    found
}

#[test]
fn the_guide_shows_the_example_as_it_is() {
    let guide = guide();
    let files = blocks(&guide, "file");
    assert!(!files.is_empty(), "the guide marks no file");
    for (path, code) in files {
        let source = std::fs::read_to_string(repository().join(&path)).expect("the file exists");
        assert!(
            code == source,
            "docs/plugins.md shows another {path} than the repository holds: copy the file \
             into the guide"
        );
    }
}

#[test]
fn the_guides_cargo_toml_builds_the_same_crate() {
    let guide = guide();
    let manifests = blocks(&guide, "cargo-toml-of");
    assert_eq!(manifests.len(), 1);
    let (path, shown) = &manifests[0];
    let shown: toml::Table = shown.parse().expect("the guide's Cargo.toml is TOML");
    let real: toml::Table = std::fs::read_to_string(repository().join(path))
        .expect("Cargo.toml")
        .parse()
        .expect("TOML");
    assert_eq!(shown["package"]["name"], real["package"]["name"]);
    assert_eq!(shown["lib"]["crate-type"], real["lib"]["crate-type"]);
    let names = |t: &toml::Table| {
        t["dependencies"]
            .as_table()
            .expect("dependencies")
            .keys()
            .cloned()
            .collect::<Vec<_>>()
    };
    assert_eq!(names(&shown), names(&real));
    // The path it gives leads from a crate next to a checkout to the API crate.
    let api = shown["dependencies"]["zhijian-plugin-api"]["path"]
        .as_str()
        .expect("a path dependency");
    assert_eq!(api, "../zhijian/plugins/api");
    assert!(repository().join("plugins/api/Cargo.toml").is_file());
}

#[test]
fn the_guides_request_is_what_plugins_receive() {
    let guide = guide();
    let requests = blocks(&guide, "json");
    let (_, text) = requests
        .iter()
        .find(|(name, _)| name == "request")
        .expect("a request block");
    let shown: Value = serde_json::from_str(text).expect("JSON");
    let request: zhijian_plugin_api::Request =
        serde_json::from_value(shown.clone()).expect("parses as a Request");
    assert_eq!(
        serde_json::to_value(&request).expect("serialises"),
        shown,
        "every field of the guide's request is one a Request has, spelt the same"
    );
    assert_eq!(request.format, zhijian_plugin_api::Format::Csv);
}

#[test]
fn the_example_runs_as_the_guide_says() {
    let kb = starter();
    let root = kb.path();
    install(
        "wordcount",
        &root.join(".zhijian/plugins"),
        &lib_name("zhijian_wordcount"),
    );
    let run = |args: &[&str]| zhijian_in(root).args(args).output().expect("runs");

    let list = run(&["plugins", "list"]);
    assert!(stdout(&list).contains("wordcount"), "{}", stdout(&list));

    let text = run(&["wordcount", "count", "醉驾", "--type", "case"]);
    assert_eq!(text.status.code(), Some(0), "{}", stderr(&text));
    let lines: Vec<String> = stdout(&text).lines().map(str::to_owned).collect();
    assert!(!lines.is_empty());
    for line in &lines {
        let words: Vec<&str> = line.split_whitespace().collect();
        assert!(words[0].parse::<usize>().is_ok(), "{line}");
        assert!(words[1].starts_with("sample-case-"), "only cases: {line}");
    }

    let csv = run(&["wordcount", "count", "醉驾", "--type", "case", "--csv"]);
    assert_eq!(csv.status.code(), Some(0), "{}", stderr(&csv));
    let csv = stdout(&csv);
    let mut rows = csv.lines();
    assert_eq!(rows.next(), Some("id,title,chars"), "{csv}");
    assert_eq!(rows.count(), lines.len(), "one row per document: {csv}");

    let json = run(&[
        "--json",
        "wordcount",
        "count",
        "醉驾",
        "-n",
        "3",
        "--titles",
    ]);
    assert_eq!(json.status.code(), Some(0), "{}", stderr(&json));
    let value = json_of(&json);
    assert_eq!(value["query"], "醉驾");
    let documents = value["documents"].as_array().expect("documents");
    assert!(!documents.is_empty() && documents.len() <= 3, "{value}");
    for doc in documents {
        let title = doc["title"].as_str().expect("title");
        assert_eq!(
            doc["chars"],
            title.chars().count(),
            "--titles counts the title"
        );
    }

    let nothing = run(&["wordcount", "count", "qzxjvwkq"]);
    assert_eq!(nothing.status.code(), Some(1), "nothing found is exit 1");
    let both = run(&["--json", "wordcount", "count", "醉驾", "--csv"]);
    assert_eq!(both.status.code(), Some(2));
    assert!(
        stderr(&both).contains("--csv and --json"),
        "{}",
        stderr(&both)
    );
    let help = run(&["wordcount", "count", "--help"]);
    let help = stdout(&help);
    for option in ["--type <TYPE>", "-n, --limit <N>", "--titles", "--csv"] {
        assert!(help.contains(option), "{option} missing in:\n{help}");
    }
    let missing = run(&["wordcount", "count"]);
    assert_eq!(
        missing.status.code(),
        Some(2),
        "a required positional is enforced"
    );
}
