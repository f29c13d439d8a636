//! Locks between zhijian processes: one folder, `.zhijian/locks/`, one file per lock.
//!
//! A lock is an OS file lock (released when the process ends, even when it is
//! killed), so a crash never leaves a knowledge base locked.

use std::fs::{self, File, OpenOptions};
use std::path::{Path, PathBuf};

use crate::KbError;
use crate::config::STATE_DIR;
use crate::write::create_private_dir;

/// The lock folder, relative to the knowledge-base root.
pub const LOCK_DIR: &str = ".zhijian/locks";

/// An exclusive lock, held until dropped.
#[derive(Debug)]
pub struct Lock {
    _file: File,
}

impl Lock {
    /// Waits for, then takes, the lock called `name` (a record's or the index's).
    pub fn wait(root: &Path, name: &str) -> Result<Lock, KbError> {
        let (file, path) = open(root, name)?;
        file.lock().map_err(|e| KbError::io(&path, e))?;
        Ok(Lock { _file: file })
    }

    /// Takes the lock called `name` at once, or fails with [`KbError::Locked`] when
    /// another process holds it.
    pub fn try_take(root: &Path, name: &str) -> Result<Lock, KbError> {
        let (file, path) = open(root, name)?;
        match file.try_lock() {
            Ok(()) => Ok(Lock { _file: file }),
            Err(fs::TryLockError::WouldBlock) => Err(KbError::Locked { path }),
            Err(fs::TryLockError::Error(e)) => Err(KbError::io(&path, e)),
        }
    }
}

/// The file of the lock called `name`.
pub fn lock_path(root: &Path, name: &str) -> PathBuf {
    let safe: String = name
        .chars()
        .map(|c| match c {
            '/' | '\\' | '\0' => '_',
            c if c.is_control() => '_',
            c => c,
        })
        .collect();
    root.join(LOCK_DIR).join(format!("{safe}.lock"))
}

fn open(root: &Path, name: &str) -> Result<(File, PathBuf), KbError> {
    let dir = root.join(LOCK_DIR);
    if !dir.exists() {
        let state = root.join(STATE_DIR);
        if !state.exists() {
            create_private_dir(&state)?;
        }
        create_private_dir(&dir)?;
    }
    let path = lock_path(root, name);
    let mut options = OpenOptions::new();
    options.read(true).write(true).create(true).truncate(false);
    #[cfg(unix)]
    {
        use std::os::unix::fs::OpenOptionsExt;
        options.mode(crate::write::PRIVATE_FILE_MODE);
    }
    let file = options.open(&path).map_err(|e| KbError::io(&path, e))?;
    Ok((file, path))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_held_lock_refuses_a_second_taker_until_dropped() {
        let dir = tempfile::tempdir().expect("tempdir");
        let held = Lock::try_take(dir.path(), "index").expect("first");
        assert!(matches!(
            Lock::try_take(dir.path(), "index"),
            Err(KbError::Locked { .. })
        ));
        Lock::try_take(dir.path(), "person-p1").expect("another lock is free");
        drop(held);
        Lock::wait(dir.path(), "index").expect("free again");
    }

    #[test]
    fn lock_names_stay_inside_the_lock_folder() {
        let root = Path::new("/kb");
        assert_eq!(
            lock_path(root, "training/../p1"),
            Path::new("/kb/.zhijian/locks/training_.._p1.lock")
        );
    }
}
