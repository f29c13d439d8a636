//! Atomic writes: the one way zhijian changes a user's file.
//!
//! A crash at any moment leaves either the old file or the new one, never a torn
//! mix: the bytes go to a temporary file in the same folder, are flushed to disk,
//! and the temporary file is renamed over the target (rename is atomic within a
//! file system). The folder is then synced so the rename itself survives a crash.

use std::fs;
use std::io::Write;
use std::path::Path;

use crate::KbError;

/// Unix permission bits for files holding personal data: owner read/write only.
pub const PRIVATE_FILE_MODE: u32 = 0o600;

/// Writes `bytes` to `path` atomically, keeping the existing file's permissions.
///
/// A new file gets 0644 unless `mode` is given;
/// `mode` always wins, so personal data can be written 0600 whatever the umask.
pub fn atomic_write(path: &Path, bytes: &[u8], mode: Option<u32>) -> Result<(), KbError> {
    let dir = match path.parent() {
        Some(dir) if !dir.as_os_str().is_empty() => dir,
        _ => Path::new("."),
    };
    let io_err = |source| KbError::Io {
        path: path.to_path_buf(),
        source,
    };
    let mut tmp = tempfile::Builder::new()
        .prefix(&temp_prefix(path))
        .tempfile_in(dir)
        .map_err(io_err)?;
    tmp.write_all(bytes).map_err(io_err)?;
    tmp.as_file().sync_all().map_err(io_err)?;
    set_mode(tmp.path(), path, mode).map_err(io_err)?;
    tmp.persist(path).map_err(|e| io_err(e.error))?;
    sync_dir(dir);
    Ok(())
}

/// Every temporary file starts with this (`zhijian doctor --repair` looks for it).
pub const TEMP_PREFIX: &str = ".zhijian-tmp-";

/// `.zhijian-tmp-<file name>.`: a temporary file names its target, so a writer
/// holding the target's lock can tell which leftovers are its own.
fn temp_prefix(path: &Path) -> String {
    match path.file_name().and_then(|n| n.to_str()) {
        // Leave room for tempfile's random suffix under the usual 255-byte limit.
        Some(name) if name.len() <= 200 => format!("{TEMP_PREFIX}{name}."),
        _ => TEMP_PREFIX.to_string(),
    }
}

/// Removes temporary files that an earlier, killed write of `path` left behind;
/// returns how many.
///
/// Call it only while holding the lock that serialises writers of `path`: then no
/// other write of `path` is in progress and every such file is a leftover. A
/// SIGKILLed process cannot clean up after itself, so the next writer does.
pub fn remove_stale_temp_files(path: &Path) -> usize {
    let prefix = temp_prefix(path);
    if prefix == TEMP_PREFIX {
        return 0;
    }
    let dir = match path.parent() {
        Some(dir) if !dir.as_os_str().is_empty() => dir,
        _ => Path::new("."),
    };
    let Ok(entries) = fs::read_dir(dir) else {
        return 0;
    };
    entries
        .flatten()
        .filter(|e| {
            e.file_name()
                .to_str()
                .is_some_and(|n| n.starts_with(&prefix))
        })
        .filter(|e| fs::remove_file(e.path()).is_ok())
        .count()
}

/// Changes one file under a lock, the one way records are updated.
///
/// Waits for the lock called `lock` (see [`crate::lock`]), removes what killed writers
/// of `path` left, reads the file (`None` when it does not exist yet; a UTF-8 byte-order
/// mark is dropped), and writes what `change` returns atomically with `mode`. When
/// `change` fails or returns no text, nothing is written.
pub fn locked_update<T, E: From<KbError>>(
    root: &Path,
    lock: &str,
    path: &Path,
    mode: Option<u32>,
    change: impl FnOnce(Option<String>) -> Result<(Option<String>, T), E>,
) -> Result<T, E> {
    let _lock = crate::lock::Lock::wait(root, lock)?;
    remove_stale_temp_files(path);
    let old = match fs::read(path) {
        Ok(bytes) => Some(utf8_text(path, bytes)?),
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => None,
        Err(e) => return Err(KbError::io(path, e).into()),
    };
    let (new, out) = change(old)?;
    if let Some(text) = new {
        atomic_write(path, text.as_bytes(), mode)?;
    }
    Ok(out)
}

/// A file's bytes as text, without a byte-order mark; an error names the line.
pub fn utf8_text(path: &Path, bytes: Vec<u8>) -> Result<String, KbError> {
    let bytes = match bytes.strip_prefix(b"\xEF\xBB\xBF") {
        Some(rest) => rest.to_vec(),
        None => bytes,
    };
    String::from_utf8(bytes).map_err(|e| {
        let at = e.utf8_error().valid_up_to();
        let line = e.as_bytes()[..at].iter().filter(|&&b| b == b'\n').count() + 1;
        KbError::Config {
            path: path.to_path_buf(),
            line: Some(line),
            message: "not valid UTF-8; save the file as UTF-8".into(),
        }
    })
}

#[cfg(unix)]
fn set_mode(tmp: &Path, target: &Path, mode: Option<u32>) -> std::io::Result<()> {
    use std::os::unix::fs::PermissionsExt;
    let mode = match (mode, fs::metadata(target)) {
        (Some(mode), _) => mode,
        (None, Ok(meta)) => meta.permissions().mode() & 0o7777,
        // tempfile creates 0600. Reading the umask means changing it (process-wide, racy
        // with threads), so a brand-new ordinary file gets the common 0644 instead.
        (None, Err(_)) => 0o644,
    };
    fs::set_permissions(tmp, fs::Permissions::from_mode(mode))
}

#[cfg(not(unix))]
fn set_mode(_tmp: &Path, _target: &Path, _mode: Option<u32>) -> std::io::Result<()> {
    Ok(())
}

/// Makes a rename durable; failure only weakens durability, so it is ignored.
fn sync_dir(dir: &Path) {
    #[cfg(unix)]
    if let Ok(handle) = fs::File::open(dir) {
        let _ = handle.sync_all();
    }
    #[cfg(not(unix))]
    let _ = dir;
}

/// Creates a folder (and parents) readable only by its owner.
pub fn create_private_dir(path: &Path) -> Result<(), KbError> {
    fs::create_dir_all(path).map_err(|source| KbError::Io {
        path: path.to_path_buf(),
        source,
    })?;
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        fs::set_permissions(path, fs::Permissions::from_mode(0o700)).map_err(|source| {
            KbError::Io {
                path: path.to_path_buf(),
                source,
            }
        })?;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn replaces_content_and_leaves_no_temp_files() {
        let dir = tempfile::tempdir().expect("tempdir");
        let file = dir.path().join("a.md");
        atomic_write(&file, b"one", None).expect("first write");
        atomic_write(&file, b"two", None).expect("second write");
        assert_eq!(fs::read_to_string(&file).expect("read"), "two");
        let names: Vec<_> = fs::read_dir(dir.path()).expect("list").collect();
        assert_eq!(names.len(), 1, "temp files left behind: {names:?}");
    }

    #[test]
    fn a_locked_writer_removes_leftovers_of_its_own_target_only() {
        let dir = tempfile::tempdir().expect("tempdir");
        let file = dir.path().join("p1.toml");
        let leftover = dir.path().join(format!("{}p1.toml.a1b2c3", TEMP_PREFIX));
        let other = dir.path().join(format!("{}p2.toml.a1b2c3", TEMP_PREFIX));
        fs::write(&leftover, "half").expect("write");
        fs::write(&other, "half").expect("write");
        atomic_write(&file, b"new", None).expect("write");
        assert_eq!(remove_stale_temp_files(&file), 1);
        assert!(!leftover.exists());
        assert!(other.exists(), "another target's temp file was removed");
        assert_eq!(fs::read_to_string(&file).expect("read"), "new");
    }

    #[test]
    fn locked_updates_read_change_and_write_or_leave_alone() {
        let dir = tempfile::tempdir().expect("tempdir");
        let file = dir.path().join("r.toml");
        let first: Result<usize, KbError> = locked_update(dir.path(), "r", &file, None, |old| {
            Ok((Some(format!("{old:?}")), 1))
        });
        assert_eq!(first.expect("update"), 1);
        assert_eq!(fs::read_to_string(&file).expect("read"), "None");
        fs::write(&file, "\u{feff}x").expect("bom");
        let seen = locked_update(dir.path(), "r", &file, None, |old| {
            Ok::<_, KbError>((None, old))
        })
        .expect("update");
        assert_eq!(seen.as_deref(), Some("x"));
        assert_eq!(
            fs::read_to_string(&file).expect("read"),
            "\u{feff}x",
            "None writes nothing"
        );
        fs::write(&file, b"ok\n\xff").expect("bad");
        let err = locked_update(dir.path(), "r", &file, None, |_| {
            Ok::<_, KbError>((None, ()))
        })
        .expect_err("not UTF-8");
        assert!(err.to_string().contains(":2:"), "{err}");
    }

    #[test]
    fn temp_files_stay_within_the_name_limit() {
        let long = "长".repeat(80);
        assert_eq!(temp_prefix(Path::new(&long)), TEMP_PREFIX);
        assert_eq!(remove_stale_temp_files(Path::new(&long)), 0);
        assert_eq!(temp_prefix(Path::new("a/b.md")), ".zhijian-tmp-b.md.");
    }

    #[cfg(unix)]
    #[test]
    fn private_mode_wins_and_existing_mode_is_kept() {
        use std::os::unix::fs::PermissionsExt;
        let dir = tempfile::tempdir().expect("tempdir");
        let secret = dir.path().join("p.md");
        atomic_write(&secret, b"x", Some(PRIVATE_FILE_MODE)).expect("write");
        let mode = fs::metadata(&secret).expect("meta").permissions().mode() & 0o777;
        assert_eq!(mode, 0o600);
        atomic_write(&secret, b"y", None).expect("rewrite");
        let mode = fs::metadata(&secret).expect("meta").permissions().mode() & 0o777;
        assert_eq!(mode, 0o600, "a rewrite must not widen permissions");
        let plain = dir.path().join("n.md");
        atomic_write(&plain, b"x", None).expect("write");
        let mode = fs::metadata(&plain).expect("meta").permissions().mode() & 0o777;
        assert_eq!(mode, 0o644);
    }
}
