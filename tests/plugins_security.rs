//! No code runs from a plugin nobody asked for or nobody can vouch for, and a dynamic
//! plugin cannot write personal data, records or the configuration (issue 15, items
//! 1 and 2).

use std::path::Path;

use crate::common::*;
use crate::plugins_dynamic::{install, lib_name, stderr, stdout};

#[cfg(unix)]
fn chmod(path: &Path, mode: u32) {
    use std::os::unix::fs::PermissionsExt;
    std::fs::set_permissions(path, std::fs::Permissions::from_mode(mode)).expect("chmod");
}

/// The uid files this process creates get: its effective uid.
#[cfg(unix)]
fn my_uid() -> u32 {
    use std::os::unix::fs::MetadataExt;
    let dir = tempfile::TempDir::new().expect("tempdir");
    std::fs::metadata(dir.path()).expect("stat").uid()
}

/// Gives `path` to another user, which only root can do.
#[cfg(unix)]
fn chown(path: &Path, uid: u32) {
    let status = std::process::Command::new("chown")
        .arg(uid.to_string())
        .arg(path)
        .status()
        .expect("chown runs");
    assert!(status.success(), "chown {uid} {}", path.display());
}

#[cfg(any(target_os = "linux", target_vendor = "apple"))]
#[test]
fn commands_that_need_no_plugin_open_no_library() {
    let kb = starter();
    install(
        "constructor",
        &kb.path().join(".zhijian/plugins"),
        &lib_name("evil"),
    );
    let marker = kb.path().join("marker");
    let run = |args: &[&str]| {
        zhijian_in(kb.path())
            .env("ZHIJIAN_TEST_MARKER", &marker)
            .args(args)
            .output()
            .expect("runs")
    };
    let elsewhere = tempfile::TempDir::new().expect("tempdir");
    let new_kb = elsewhere.path().join("kb");
    let new_kb = new_kb.to_str().expect("utf-8 path");
    for args in [
        &["--version"][..],
        &["-V"],
        &["search", "醉驾"],
        &["search", "--help"],
        &["index"],
        &["index", "--help"],
        &["show", "sample-case-9001"],
        &["check"],
        &["doctor"],
        &[
            "new",
            "note",
            "--title",
            "构造函数测试",
            "--id",
            "ctor-note",
        ],
        &["init", new_kb],
        &["help", "search"],
        &["completions", "bash"],
        &["completions", "zsh"],
        &["case", "show", "检例第9001号"],
        &["case", "--help"],
        &["training", "--help"],
    ] {
        let output = run(args);
        assert!(
            !marker.exists(),
            "`zhijian {}` opened the plugin library ({}{})",
            args.join(" "),
            stdout(&output),
            stderr(&output)
        );
    }
    // The fixture does run code when opened: commands that need the libraries show it.
    run(&["plugins", "list"]);
    assert!(marker.exists(), "the fixture's initialiser never ran");
}

#[cfg(unix)]
#[test]
fn group_or_world_writable_libraries_and_folders_are_refused() {
    let kb = starter();
    let root = kb.path();
    let folder = root.join(".zhijian/plugins");
    let library = install("stats", &folder, &lib_name("stats"));
    let count = || {
        zhijian_in(root)
            .args(["stats", "count", "醉驾"])
            .output()
            .expect("runs")
    };
    assert_eq!(count().status.code(), Some(0), "{}", stderr(&count()));
    let refused = |path: &Path, mode: u32, why: &str| {
        let before = std::fs::metadata(path).expect("stat");
        chmod(path, mode);
        let output = count();
        chmod(
            path,
            std::os::unix::fs::PermissionsExt::mode(&before.permissions()),
        );
        assert_eq!(
            output.status.code(),
            Some(2),
            "{:o} {}",
            mode,
            path.display()
        );
        let err = stderr(&output);
        assert!(
            err.contains(&format!(
                "refusing plugin code in {}: {why}",
                path.display()
            )),
            "{:o} {}: {err}",
            mode,
            path.display()
        );
    };
    refused(&library, 0o775, "it is writable by its group");
    refused(&library, 0o757, "it is writable by every user");
    refused(&folder, 0o775, "it is writable by its group");
    refused(&folder, 0o777, "it is writable by every user");
    refused(&root.join(".zhijian"), 0o770, "it is writable by its group");
    refused(root, 0o707, "it is writable by every user");
    assert_eq!(count().status.code(), Some(0), "all private again");
    // Through `--plugin` the library and its folder are checked the same way.
    let other = tempfile::TempDir::new().expect("tempdir");
    let loose = install("stats", other.path(), &lib_name("loose"));
    chmod(other.path(), 0o777);
    let output = zhijian_in(root)
        .arg("--plugin")
        .arg(&loose)
        .args(["-q", "plugins", "list", "--json"])
        .output()
        .expect("runs");
    chmod(other.path(), 0o700);
    let rows = json_of(&output);
    let row = rows
        .as_array()
        .expect("rows")
        .iter()
        .find(|r| r["path"] == loose.display().to_string())
        .expect("listed");
    assert!(
        row["status"]
            .as_str()
            .is_some_and(|s| s.contains("writable by every user")),
        "{row}"
    );
    // A shared, group-writable knowledge base without plugins is used without a word.
    std::fs::remove_dir_all(&folder).expect("rm");
    chmod(root, 0o770);
    let output = zhijian_in(root)
        .args(["plugins", "list"])
        .output()
        .expect("runs");
    assert_eq!(output.status.code(), Some(0));
    assert!(stderr(&output).is_empty(), "{}", stderr(&output));
}

#[cfg(unix)]
#[test]
fn another_users_library_folder_or_knowledge_base_is_refused() {
    if my_uid() != 0 {
        // Only root can give a file to another user; the decision itself is unit-tested
        // with synthetic owners in plugins/api/src/loader.rs.
        eprintln!("skipped: needs root to create files owned by another user");
        return;
    }
    let stranger = 54_321;
    let kb = starter();
    let root = kb.path();
    let folder = root.join(".zhijian/plugins");
    let library = install("stats", &folder, &lib_name("stats"));
    for path in [&library, &folder, &root.join(".zhijian")] {
        chown(path, stranger);
        let output = zhijian_in(root)
            .args(["stats", "count", "醉驾"])
            .output()
            .expect("runs");
        chown(path, 0);
        assert_eq!(output.status.code(), Some(2));
        assert!(
            stderr(&output).contains(&format!(
                "refusing plugin code in {}: it belongs to user {stranger}, not to you or root",
                path.display()
            )),
            "{}",
            stderr(&output)
        );
    }

    // A knowledge base above the current folder that belongs to someone else, with a
    // library planted in it: refused, with a hint, before anything is read or run.
    let marker = root.join("marker");
    install("constructor", &folder, &lib_name("evil"));
    let sub = root.join("notes");
    chown(root, stranger);
    let walk_up = |args: &[&str]| {
        zhijian()
            .current_dir(&sub)
            .env("ZHIJIAN_TEST_MARKER", &marker)
            .args(args)
            .output()
            .expect("runs")
    };
    for args in [&["search", "醉驾"][..], &["check"], &["plugins", "list"]] {
        let output = walk_up(args);
        let err = stderr(&output);
        assert!(!marker.exists(), "{args:?} ran the planted library: {err}");
        if args[0] != "plugins" {
            assert_eq!(output.status.code(), Some(2), "{args:?}");
            assert!(
                err.contains(&format!(
                    "refusing the knowledge base {} found above the current folder",
                    root.display()
                )) && err.contains(&format!("--kb {}", root.display())),
                "{err}"
            );
        }
    }
    // Named explicitly it is used, but its plugins still are not.
    let output = zhijian()
        .current_dir(&sub)
        .env("ZHIJIAN_KB", root)
        .env("ZHIJIAN_TEST_MARKER", &marker)
        .args(["plugins", "list"])
        .output()
        .expect("runs");
    assert!(!marker.exists(), "{}", stderr(&output));
    assert!(
        stderr(&output).contains(&format!("{} not loaded", folder.display())),
        "{}",
        stderr(&output)
    );
    zhijian_in(root).args(["search", "醉驾"]).assert().code(0);
    chown(root, 0);
}

/// `zhijian writer put PATH TEXT` in `kb`.
fn put(kb: &Path, path: &str, text: &str) -> std::process::Output {
    zhijian_in(kb)
        .args(["writer", "put", path, text])
        .output()
        .expect("runs")
}

#[test]
fn a_dynamic_plugin_cannot_write_personal_data_records_or_the_config() {
    let kb = starter();
    let root = kb.path();
    install(
        "writer",
        &root.join(".zhijian/plugins"),
        &lib_name("writer"),
    );
    std::fs::create_dir_all(root.join("training/records")).expect("mkdir");
    std::fs::write(
        root.join("training/records/p-zhang-shili.toml"),
        "person = \"p-zhang-shili\"\n",
    )
    .expect("record");
    std::fs::write(
        root.join("notes/untyped-folder-person.md"),
        "+++\ntype = \"person\"\nname = \"王五\"\n+++\n",
    )
    .expect("person outside people/");
    let person = "+++\ntype = \"person\"\nname = \"张三\"\nphone = \"13800000000\"\n+++\n";
    for (path, text, why) in [
        ("people/p-zhang-shili.md", "overwritten", "personal data"),
        ("people/p-new.md", person, "personal data"),
        ("./people/../people/p-new.md", "x", ""),
        (
            "training/records/p-zhang-shili.toml",
            "x",
            "another plugin's records",
        ),
        ("docket/cases.csv", "x", "another plugin's records"),
        ("zhijian.toml", "name = \"hijacked\"\n", "the configuration"),
        (".zhijian/plugins/libx.so", "x", "inside .zhijian/"),
        (
            "notes/p-hidden.md",
            person,
            "person files (`notes/p-hidden.md` would be one)",
        ),
        ("notes/untyped-folder-person.md", "x", "is one"),
    ] {
        let before = std::fs::read(root.join(path)).ok();
        let output = put(root, path, text);
        assert_eq!(output.status.code(), Some(2), "{path}: {}", stdout(&output));
        assert!(stderr(&output).contains(why), "{path}: {}", stderr(&output));
        assert_eq!(
            std::fs::read(root.join(path)).ok(),
            before,
            "{path} changed"
        );
    }
    #[cfg(unix)]
    {
        std::os::unix::fs::symlink(root.join("people"), root.join("notes/staff")).expect("link");
        let output = put(root, "notes/staff/p-zhang-shili.md", "through a link");
        assert_eq!(output.status.code(), Some(2));
        assert!(
            stderr(&output).contains("personal data"),
            "{}",
            stderr(&output)
        );
        std::fs::remove_file(root.join("notes/staff")).expect("unlink");
    }
    // What it may write, it writes; and the knowledge base is as sound as before.
    let output = put(root, "notes/plugin-note.md", "# 插件写的笔记\n");
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
    assert_eq!(
        std::fs::read_to_string(root.join("notes/plugin-note.md")).expect("written"),
        "# 插件写的笔记\n"
    );
    zhijian_in(root).arg("index").assert().code(0);
    zhijian_in(root)
        .args(["personnel", "show", "p-zhang-shili"])
        .assert()
        .code(0);

    // Every attempt left one audit line, in the personnel plugin's format.
    let audit = std::fs::read_to_string(root.join(".zhijian/audit.log")).expect("audit log");
    let lines: Vec<Vec<&str>> = audit.lines().map(|l| l.split('\t').collect()).collect();
    assert!(lines.iter().all(|l| l.len() == 4), "{audit}");
    assert!(
        lines
            .iter()
            .any(|l| l[2] == "plugin writer write refused" && l[3] == "people/p-zhang-shili.md"),
        "{audit}"
    );
    assert!(
        lines
            .iter()
            .any(|l| l[2] == "plugin writer write refused" && l[3] == "zhijian.toml"),
        "{audit}"
    );
    assert!(
        lines
            .iter()
            .any(|l| l[2] == "plugin writer write" && l[3] == "notes/plugin-note.md"),
        "{audit}"
    );
    let attempts = 10 + usize::from(cfg!(unix));
    assert_eq!(
        lines
            .iter()
            .filter(|l| l[2].starts_with("plugin writer"))
            .count(),
        attempts,
        "{audit}"
    );
    // A line cannot be forged with a newline in the path.
    let output = put(root, "notes/x\nforged\tline", "x");
    assert_eq!(output.status.code(), Some(2));
    let audit = std::fs::read_to_string(root.join(".zhijian/audit.log")).expect("audit log");
    assert_eq!(audit.lines().count(), lines.len() + 1, "{audit}");
}
