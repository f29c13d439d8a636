//! Helpers shared by the end-to-end tests: the binary, and fixture knowledge bases
//! copied into temporary folders.

use std::path::{Path, PathBuf};

use assert_cmd::Command;
use tempfile::TempDir;

/// The `zhijian` binary with a clean environment: no colour, no knowledge base from
/// the caller's environment, no user plugins.
pub fn zhijian() -> Command {
    let mut cmd = Command::cargo_bin("zhijian").expect("the zhijian binary is built");
    cmd.env("NO_COLOR", "1")
        .env_remove("ZHIJIAN_KB")
        .env("XDG_DATA_HOME", "/nonexistent-zhijian-test-data")
        .env("HOME", "/nonexistent-zhijian-test-home");
    cmd
}

/// `zhijian --kb DIR ARGS…`
pub fn zhijian_in(kb: &Path) -> Command {
    let mut cmd = zhijian();
    cmd.arg("--kb").arg(kb);
    cmd
}

/// The folder of the named fixture under `tests/fixtures/`.
pub fn fixture_path(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../tests/fixtures")
        .join(name)
}

/// A temporary copy of `tests/fixtures/NAME`, so tests can change it freely.
pub fn fixture(name: &str) -> TempDir {
    let dir = TempDir::new().expect("temp dir");
    copy_dir(&fixture_path(name), dir.path());
    dir
}

/// A temporary knowledge base made by `zhijian init --starter`, not indexed yet.
pub fn starter_unindexed() -> TempDir {
    let dir = TempDir::new().expect("temp dir");
    zhijian()
        .arg("init")
        .arg("--starter")
        .arg(dir.path())
        .assert()
        .success();
    dir
}

/// A temporary knowledge base made by `zhijian init --starter`, already indexed.
pub fn starter() -> TempDir {
    let dir = starter_unindexed();
    zhijian_in(dir.path()).arg("index").assert().success();
    dir
}

/// Copies a folder tree (files only; symlinks are recreated as symlinks).
pub fn copy_dir(from: &Path, to: &Path) {
    std::fs::create_dir_all(to).expect("create dir");
    for entry in std::fs::read_dir(from).expect("read fixture dir") {
        let entry = entry.expect("dir entry");
        let target = to.join(entry.file_name());
        let kind = entry.file_type().expect("file type");
        if kind.is_dir() {
            copy_dir(&entry.path(), &target);
        } else if kind.is_symlink() {
            #[cfg(unix)]
            std::os::unix::fs::symlink(std::fs::read_link(entry.path()).expect("link"), &target)
                .expect("symlink");
        } else {
            std::fs::copy(entry.path(), &target).expect("copy file");
        }
    }
}

/// Parses stdout as one JSON value.
pub fn json_of(output: &std::process::Output) -> serde_json::Value {
    serde_json::from_slice(&output.stdout).unwrap_or_else(|e| {
        panic!(
            "stdout is not JSON ({e}): {}",
            String::from_utf8_lossy(&output.stdout)
        )
    })
}
