//! End-to-end tests of dynamic plugins and external subcommands, loaded through the
//! real loader from each place zhijian looks.

use std::env::consts::{DLL_PREFIX, DLL_SUFFIX};
use std::path::{Path, PathBuf};
use std::process::Command;
use std::sync::OnceLock;

use crate::common::*;

/// The example libraries, built once per test run into their own target folder.
fn library(example: &str) -> PathBuf {
    static DIR: OnceLock<PathBuf> = OnceLock::new();
    let dir = DIR.get_or_init(|| {
        let target = Path::new(env!("CARGO_TARGET_TMPDIR")).join("plugin-examples");
        let examples = Path::new(env!("CARGO_MANIFEST_DIR")).join("../plugins/examples");
        let cargo = std::env::var_os("CARGO").unwrap_or_else(|| "cargo".into());
        for example in [
            "stats",
            "panics",
            "wrong-abi",
            "no-entry",
            "bad-json",
            "impostor",
        ] {
            let output = Command::new(&cargo)
                .arg("build")
                .arg("--manifest-path")
                .arg(examples.join(example).join("Cargo.toml"))
                .arg("--target-dir")
                .arg(&target)
                .output()
                .expect("cargo runs");
            assert!(
                output.status.success(),
                "{}",
                String::from_utf8_lossy(&output.stderr)
            );
        }
        target.join("debug")
    });
    dir.join(format!(
        "{DLL_PREFIX}zhijian_example_{}{DLL_SUFFIX}",
        example.replace('-', "_")
    ))
}

/// Copies an example library into `dir` under `name`, owner-writable only.
fn install(example: &str, dir: &Path, name: &str) -> PathBuf {
    std::fs::create_dir_all(dir).expect("mkdir");
    let path = dir.join(name);
    std::fs::copy(library(example), &path).expect("copy library");
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        std::fs::set_permissions(&path, std::fs::Permissions::from_mode(0o755)).expect("chmod");
    }
    path
}

fn lib_name(stem: &str) -> String {
    format!("{DLL_PREFIX}{stem}{DLL_SUFFIX}")
}

fn stdout(output: &std::process::Output) -> String {
    String::from_utf8_lossy(&output.stdout).into_owned()
}

fn stderr(output: &std::process::Output) -> String {
    String::from_utf8_lossy(&output.stderr).into_owned()
}

#[test]
fn loads_from_the_kb_plugin_folder() {
    let kb = starter();
    install(
        "stats",
        &kb.path().join(".zhijian/plugins"),
        &lib_name("stats"),
    );
    let output = zhijian_in(kb.path())
        .args(["stats", "count", "醉驾", "--json"])
        .output()
        .expect("runs");
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
    let counts = json_of(&output);
    assert!(counts.to_string().contains("case"), "{counts}");
    let help = zhijian_in(kb.path()).arg("--help").output().expect("runs");
    assert!(
        stdout(&help).contains("stats"),
        "plugin commands appear in --help"
    );
    let help = zhijian_in(kb.path())
        .args(["stats", "count", "--help"])
        .output()
        .expect("runs");
    assert!(
        stdout(&help).contains("Count the hits of a search"),
        "{}",
        stdout(&help)
    );
}

#[test]
fn loads_from_the_user_data_folder_and_from_the_flag() {
    let kb = starter();
    let data = tempfile::TempDir::new().expect("tempdir");
    install(
        "stats",
        &data.path().join("zhijian/plugins"),
        &lib_name("stats"),
    );
    zhijian_in(kb.path())
        .env("XDG_DATA_HOME", data.path())
        .args(["stats", "count", "醉驾"])
        .assert()
        .code(0);
    let elsewhere = tempfile::TempDir::new().expect("tempdir");
    let path = install("stats", elsewhere.path(), &lib_name("anything"));
    let output = zhijian_in(kb.path())
        .arg("--plugin")
        .arg(&path)
        .args(["stats", "count", "醉驾"])
        .output()
        .expect("runs");
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
}

#[test]
fn plugins_list_shows_builtins_and_dynamic_ones() {
    let kb = starter();
    install(
        "stats",
        &kb.path().join(".zhijian/plugins"),
        &lib_name("stats"),
    );
    let rows = json_of(
        &zhijian_in(kb.path())
            .args(["plugins", "list", "--json"])
            .output()
            .expect("runs"),
    );
    let rows = rows.as_array().expect("array");
    for builtin in ["case", "policy", "training", "personnel"] {
        let row = rows
            .iter()
            .find(|r| r["name"] == builtin)
            .expect("builtin listed");
        assert_eq!(row["kind"], "builtin");
        assert_eq!(row["status"], "ok");
    }
    let stats = rows
        .iter()
        .find(|r| r["name"] == "stats")
        .expect("dynamic listed");
    assert_eq!(stats["kind"], "dynamic");
    assert_eq!(stats["abi_version"], 1);
    assert!(
        stats["path"]
            .as_str()
            .is_some_and(|p| p.ends_with(&lib_name("stats")))
    );
    let info = zhijian_in(kb.path())
        .args(["plugins", "info", "stats"])
        .output()
        .expect("runs");
    assert!(
        stdout(&info).contains("zhijian stats count"),
        "{}",
        stdout(&info)
    );
}

#[test]
fn broken_plugins_are_reported_and_everything_else_works() {
    let kb = starter();
    let dir = kb.path().join(".zhijian/plugins");
    install("wrong-abi", &dir, &lib_name("wrongabi"));
    install("no-entry", &dir, &lib_name("noentry"));
    std::fs::write(dir.join(lib_name("textfile")), "not a library").expect("write");
    let bytes = std::fs::read(library("stats")).expect("read");
    std::fs::write(dir.join(lib_name("truncated")), &bytes[..100]).expect("write");
    std::fs::write(dir.join("README.txt"), "ignored: not a library name").expect("write");
    // Core commands do not load plugins at all; everything that does reports the
    // broken ones on stderr and carries on.
    zhijian_in(kb.path())
        .args(["search", "醉驾"])
        .assert()
        .code(0);
    let output = zhijian_in(kb.path())
        .args(["case", "show", "检例第9001号"])
        .output()
        .expect("runs");
    assert_eq!(output.status.code(), Some(0), "the rest of the CLI works");
    let err = stderr(&output);
    for name in ["wrongabi", "noentry", "textfile", "truncated"] {
        assert!(err.contains(&lib_name(name)), "{name} not reported:\n{err}");
    }
    assert!(
        err.contains("999") && err.contains("ABI"),
        "wrong ABI names both versions:\n{err}"
    );
    assert!(!err.contains("README.txt"));
    let rows = json_of(
        &zhijian_in(kb.path())
            .args(["-q", "plugins", "list", "--json"])
            .output()
            .expect("runs"),
    );
    let errors = rows
        .as_array()
        .expect("array")
        .iter()
        .filter(|r| r["status"].as_str().is_some_and(|s| s.starts_with("error")))
        .count();
    assert_eq!(errors, 4);
}

#[cfg(unix)]
#[test]
fn a_world_writable_plugin_is_refused() {
    use std::os::unix::fs::PermissionsExt;
    let kb = starter();
    let path = install(
        "stats",
        &kb.path().join(".zhijian/plugins"),
        &lib_name("stats"),
    );
    std::fs::set_permissions(&path, std::fs::Permissions::from_mode(0o777)).expect("chmod");
    let output = zhijian_in(kb.path())
        .args(["stats", "count", "醉驾"])
        .output()
        .expect("runs");
    assert_eq!(output.status.code(), Some(2));
    assert!(stderr(&output).contains("writable"), "{}", stderr(&output));
}

#[test]
fn a_panicking_or_garbage_plugin_is_an_error_not_a_crash() {
    let kb = starter();
    let dir = kb.path().join(".zhijian/plugins");
    install("panics", &dir, &lib_name("panics"));
    install("bad-json", &dir, &lib_name("badjson"));
    let output = zhijian_in(kb.path())
        .args(["panics", "boom"])
        .output()
        .expect("runs");
    assert_eq!(output.status.code(), Some(2));
    assert!(stderr(&output).contains("panicked"), "{}", stderr(&output));
    let output = zhijian_in(kb.path())
        .args(["bad-json", "go"])
        .output()
        .expect("runs");
    assert_eq!(output.status.code(), Some(2));
    assert!(stderr(&output).contains("bad-json"), "{}", stderr(&output));
    zhijian_in(kb.path())
        .args(["search", "醉驾"])
        .assert()
        .code(0);
    zhijian_in(kb.path()).arg("index").assert().code(0);
}

#[test]
fn a_name_clash_keeps_the_first_and_reports_the_second() {
    let kb = starter();
    install(
        "stats",
        &kb.path().join(".zhijian/plugins"),
        &lib_name("stats"),
    );
    let other = tempfile::TempDir::new().expect("tempdir");
    let copy = install("stats", other.path(), &lib_name("stats-copy"));
    let output = zhijian_in(kb.path())
        .arg("--plugin")
        .arg(&copy)
        .args(["stats", "count", "醉驾"])
        .output()
        .expect("runs");
    assert_eq!(output.status.code(), Some(0));
    assert!(
        stderr(&output).contains("stats"),
        "clash reported: {}",
        stderr(&output)
    );
}

#[test]
fn a_dynamic_plugin_cannot_take_a_first_party_name() {
    let kb = starter();
    let impostor = install(
        "impostor",
        &kb.path().join(".zhijian/plugins"),
        &lib_name("case"),
    );
    let output = zhijian_in(kb.path())
        .args(["case", "show", "检例第9001号"])
        .output()
        .expect("runs");
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
    assert!(!stdout(&output).contains("impostor"), "{}", stdout(&output));
    assert!(
        stdout(&output).contains("检例第9001号"),
        "{}",
        stdout(&output)
    );
    let message = stderr(&output);
    assert!(
        message.contains(&impostor.display().to_string())
            && message.contains("`case` is already taken"),
        "clash reported with the file: {message}"
    );
    // Listed as refused, with the reason, next to the built-in that won.
    let list = zhijian_in(kb.path())
        .args(["--json", "plugins", "list"])
        .output()
        .expect("runs");
    let json = json_of(&list);
    let plugins = json.as_array().expect("a list of plugins");
    let named = |name: &str| {
        plugins
            .iter()
            .filter(|p| p["name"] == name)
            .collect::<Vec<_>>()
    };
    let builtin = named("case");
    assert_eq!(builtin.len(), 1, "{json}");
    let refused = named("libcase");
    assert_eq!(refused.len(), 1, "{json}");
    assert!(
        refused[0]["status"]
            .as_str()
            .is_some_and(|s| s.starts_with("error") && s.contains("already taken")),
        "{json}"
    );
    assert_eq!(builtin[0]["kind"], "builtin", "{json}");
}

#[cfg(unix)]
#[test]
fn external_subcommands_run_from_path_with_the_kb() {
    use std::os::unix::fs::PermissionsExt;
    let kb = starter();
    let bin = tempfile::TempDir::new().expect("tempdir");
    let script = bin.path().join("zhijian-hello");
    std::fs::write(
        &script,
        "#!/bin/sh\necho \"hello $ZHIJIAN_KB $*\"\nexit 1\n",
    )
    .expect("write");
    std::fs::set_permissions(&script, std::fs::Permissions::from_mode(0o755)).expect("chmod");
    let path = format!(
        "{}:{}",
        bin.path().display(),
        std::env::var("PATH").unwrap_or_default()
    );
    let output = zhijian_in(kb.path())
        .env("PATH", &path)
        .args(["hello", "a", "b"])
        .output()
        .expect("runs");
    assert_eq!(
        output.status.code(),
        Some(1),
        "the exit code is passed through"
    );
    assert_eq!(
        stdout(&output).trim(),
        format!("hello {} a b", kb.path().display())
    );
    let rows = json_of(
        &zhijian_in(kb.path())
            .env("PATH", &path)
            .args(["plugins", "list", "--json"])
            .output()
            .expect("runs"),
    );
    assert!(
        rows.as_array()
            .expect("array")
            .iter()
            .any(|r| r["name"] == "hello" && r["kind"] == "external")
    );
    zhijian_in(kb.path())
        .env("PATH", &path)
        .arg("nosuchcommand")
        .assert()
        .code(2);
}
