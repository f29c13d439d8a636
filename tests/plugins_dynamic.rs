//! End-to-end tests of dynamic plugins and external subcommands, loaded through the
//! real loader from each place zhijian looks.

use std::env::consts::{DLL_PREFIX, DLL_SUFFIX};
use std::path::{Path, PathBuf};
use std::process::Command;
use std::sync::OnceLock;

use crate::common::*;

/// The example crates under `plugins/examples/` and the file stem of each library.
const EXAMPLES: [(&str, &str); 9] = [
    ("stats", "zhijian_example_stats"),
    ("panics", "zhijian_example_panics"),
    ("wrong-abi", "zhijian_example_wrong_abi"),
    ("no-entry", "zhijian_example_no_entry"),
    ("bad-json", "zhijian_example_bad_json"),
    ("impostor", "zhijian_example_impostor"),
    ("writer", "zhijian_example_writer"),
    ("constructor", "zhijian_example_constructor"),
    ("wordcount", "zhijian_wordcount"),
];

/// The example libraries, built once per test run into their own target folder.
pub fn library(example: &str) -> PathBuf {
    static DIR: OnceLock<PathBuf> = OnceLock::new();
    let dir = DIR.get_or_init(|| {
        let target = Path::new(env!("CARGO_TARGET_TMPDIR")).join("plugin-examples");
        let workspace = Path::new(env!("CARGO_MANIFEST_DIR")).join("../Cargo.toml");
        let cargo = std::env::var_os("CARGO").unwrap_or_else(|| "cargo".into());
        let mut build = Command::new(&cargo);
        build
            .arg("build")
            .arg("--manifest-path")
            .arg(workspace)
            .arg("--target-dir")
            .arg(&target);
        for (_, stem) in EXAMPLES {
            build.arg("-p").arg(stem.replace('_', "-"));
        }
        let output = build.output().expect("cargo runs");
        assert!(
            output.status.success(),
            "{}",
            String::from_utf8_lossy(&output.stderr)
        );
        target.join("debug")
    });
    let (_, stem) = EXAMPLES
        .iter()
        .find(|(name, _)| *name == example)
        .unwrap_or_else(|| panic!("no example `{example}`"));
    dir.join(format!("{DLL_PREFIX}{stem}{DLL_SUFFIX}"))
}

/// Copies an example library into `dir` under `name`, owner-writable only.
pub fn install(example: &str, dir: &Path, name: &str) -> PathBuf {
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

pub fn lib_name(stem: &str) -> String {
    format!("{DLL_PREFIX}{stem}{DLL_SUFFIX}")
}

pub fn stdout(output: &std::process::Output) -> String {
    String::from_utf8_lossy(&output.stdout).into_owned()
}

pub fn stderr(output: &std::process::Output) -> String {
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
    // Its command prints a table, so the host offers --csv and asks for CSV.
    let output = zhijian_in(kb.path())
        .args(["stats", "count", "醉驾", "--csv"])
        .output()
        .expect("runs");
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
    assert!(
        stdout(&output).starts_with("type,count\n"),
        "{}",
        stdout(&output)
    );
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
    // Core and built-in plugin commands load no library, so they neither see nor
    // report the broken ones.
    for args in [&["search", "醉驾"][..], &["case", "show", "检例第9001号"]] {
        let output = zhijian_in(kb.path()).args(args).output().expect("runs");
        assert_eq!(output.status.code(), Some(0), "the rest of the CLI works");
        assert!(
            !stderr(&output).contains("not loaded"),
            "{}",
            stderr(&output)
        );
    }
    // Everything that loads libraries reports the broken ones on stderr and carries on.
    let output = zhijian_in(kb.path())
        .args(["plugins", "list"])
        .output()
        .expect("runs");
    assert_eq!(output.status.code(), Some(0));
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
    let installed = install(
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
    // `--plugin` comes first, so the knowledge base's copy is the one left out.
    assert!(
        stderr(&output).contains(&format!(
            "plugin {} is named `stats` like {}, which is used instead",
            installed.display(),
            copy.display()
        )),
        "clash reported: {}",
        stderr(&output)
    );
    let rows = json_of(
        &zhijian_in(kb.path())
            .arg("--plugin")
            .arg(&copy)
            .args(["-q", "plugins", "list", "--json"])
            .output()
            .expect("runs"),
    );
    let stats = rows
        .as_array()
        .expect("array")
        .iter()
        .find(|r| r["name"] == "stats")
        .expect("stats listed");
    assert_eq!(stats["path"], copy.display().to_string());
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
    // Listed as refused, with the reason, next to the built-in that won.
    let list = zhijian_in(kb.path())
        .args(["--json", "plugins", "list"])
        .output()
        .expect("runs");
    let message = stderr(&list);
    assert!(
        message.contains(&impostor.display().to_string())
            && message.contains("`case` is already taken"),
        "clash reported with the file: {message}"
    );
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

#[test]
fn a_dynamic_plugin_cannot_take_a_core_command_name() {
    // `doctor` was missing from the hand-written list; names now come from clap.
    let kb = starter();
    install(
        "impostor",
        &kb.path().join(".zhijian/plugins"),
        &lib_name("doctor"),
    );
    for name in ["doctor", "completions", "help", "import"] {
        let output = zhijian_in(kb.path())
            .env("ZHIJIAN_TEST_IMPOSTOR_NAME", name)
            .args(["plugins", "list"])
            .output()
            .expect("runs");
        assert!(
            stderr(&output).contains(&format!("plugin name `{name}` is already taken")),
            "{name}: {}",
            stderr(&output)
        );
        assert!(!stdout(&output).contains("impostor"));
    }
    let output = zhijian_in(kb.path())
        .env("ZHIJIAN_TEST_IMPOSTOR_NAME", "doctor")
        .arg("doctor")
        .output()
        .expect("runs");
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
    assert!(!stdout(&output).contains("impostor"), "the core doctor ran");
}

/// A folder holding an executable `zhijian-NAME` with `script` as its body, and a
/// PATH that finds it first.
#[cfg(unix)]
fn external(name: &str, script: &str) -> (tempfile::TempDir, String) {
    use std::os::unix::fs::PermissionsExt;
    let bin = tempfile::TempDir::new().expect("tempdir");
    let path = bin.path().join(format!("zhijian-{name}"));
    std::fs::write(&path, format!("#!/bin/sh\n{script}")).expect("write");
    std::fs::set_permissions(&path, std::fs::Permissions::from_mode(0o755)).expect("chmod");
    let search = format!(
        "{}:{}",
        bin.path().display(),
        std::env::var("PATH").unwrap_or_default()
    );
    (bin, search)
}

#[cfg(unix)]
#[test]
fn external_subcommands_run_from_path_with_the_kb() {
    let kb = starter();
    let (bin, path) = external("hello", "echo \"hello $ZHIJIAN_KB $*\"\nexit 1\n");
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
    // Listed in the help, with where it is.
    let help = zhijian()
        .env("PATH", &path)
        .arg("--help")
        .output()
        .expect("runs");
    let listed = stdout(&help)
        .lines()
        .find(|l| l.trim_start().starts_with("hello "))
        .map(str::to_owned)
        .unwrap_or_default();
    assert!(
        listed.contains(&bin.path().join("zhijian-hello").display().to_string()),
        "{}",
        stdout(&help)
    );
    let help = zhijian()
        .env("PATH", &path)
        .args(["help", "hello"])
        .output()
        .expect("runs");
    assert_eq!(help.status.code(), Some(0), "{}", stderr(&help));
    zhijian_in(kb.path())
        .env("PATH", &path)
        .arg("nosuchcommand")
        .assert()
        .code(2);
}

#[cfg(unix)]
#[test]
fn external_commands_get_the_global_options_as_environment_and_keep_their_exit_code() {
    let kb = starter();
    let script = "for v in ZHIJIAN ZHIJIAN_KB ZHIJIAN_JSON ZHIJIAN_QUIET ZHIJIAN_VERBOSE ZHIJIAN_COLOR; do\n\
                  eval \"echo $v=\\${$v-unset}\"\ndone\necho \"args=$*\"\nexit ${EXIT_WITH:-0}\n";
    let (_bin, path) = external("env", script);
    let run = |args: &[&str], exit: &str| {
        let output = zhijian_in(kb.path())
            .env("PATH", &path)
            .env("EXIT_WITH", exit)
            // Exported by the caller, but not the host's: never passed on as if it were.
            .env("ZHIJIAN_JSON", "1")
            .env("ZHIJIAN_QUIET", "1")
            .args(args)
            .output()
            .expect("runs");
        (output.status.code(), stdout(&output))
    };
    let (code, out) = run(&["env", "a", "--json", "-q", "--help"], "0");
    assert_eq!(code, Some(0));
    let binary = assert_cmd::cargo::cargo_bin("zhijian");
    for line in [
        format!("ZHIJIAN={}", binary.display()),
        format!("ZHIJIAN_KB={}", kb.path().display()),
        "ZHIJIAN_JSON=unset".into(),
        "ZHIJIAN_QUIET=unset".into(),
        "ZHIJIAN_VERBOSE=unset".into(),
        "ZHIJIAN_COLOR=never".into(),
        "args=a --json -q --help".into(),
    ] {
        assert!(out.lines().any(|l| l == line), "{line} missing in:\n{out}");
    }
    let (code, out) = run(
        &["--json", "-q", "-vv", "--color", "always", "env", "x"],
        "3",
    );
    assert_eq!(code, Some(3), "exit code 3 stays 3");
    for line in [
        "ZHIJIAN_JSON=1",
        "ZHIJIAN_QUIET=1",
        "ZHIJIAN_VERBOSE=2",
        "ZHIJIAN_COLOR=always",
        "args=x",
    ] {
        assert!(out.lines().any(|l| l == line), "{line} missing in:\n{out}");
    }
    for exit in ["1", "2", "42", "255"] {
        assert_eq!(run(&["env"], exit).0, exit.parse().ok(), "exit {exit}");
    }
}
