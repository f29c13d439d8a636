//! One import at a time (a lock under `.zhijian/locks/`), and an audit line per import.

use std::fs::{File, OpenOptions};
use std::io::Write;
use std::path::PathBuf;

use zhijian_kb::Kb;
use zhijian_kb::config::STATE_DIR;
use zhijian_kb::write::{PRIVATE_FILE_MODE, create_private_dir};

use crate::error::{DocketError, Result};

/// An exclusive lock on the docket records, held until dropped.
#[derive(Debug)]
pub struct DocketLock {
    _file: File,
}

fn state_dir(kb: &Kb) -> Result<PathBuf> {
    let dir = kb.root().join(STATE_DIR);
    if !dir.exists() {
        create_private_dir(&dir)?;
    }
    Ok(dir)
}

fn private_options() -> OpenOptions {
    #[allow(unused_mut)]
    let mut options = OpenOptions::new();
    #[cfg(unix)]
    {
        use std::os::unix::fs::OpenOptionsExt;
        options.mode(PRIVATE_FILE_MODE);
    }
    options
}

/// Waits for, then takes, `.zhijian/locks/docket.lock`: two imports would otherwise both read
/// the old files and the later one would drop the other's rows.
pub fn lock(kb: &Kb) -> Result<DocketLock> {
    let dir = state_dir(kb)?.join("locks");
    if !dir.exists() {
        create_private_dir(&dir)?;
    }
    let path = dir.join("docket.lock");
    let file = private_options()
        .read(true)
        .write(true)
        .truncate(false)
        .create(true)
        .open(&path)
        .map_err(|e| DocketError::io(&path, e))?;
    file.lock().map_err(|e| DocketError::io(&path, e))?;
    Ok(DocketLock { _file: file })
}

/// Appends one line to `.zhijian/audit.log`: UTC time, OS user, command, what changed (counts
/// and file names only, never a field value).
pub fn audit(kb: &Kb, command: &str, what: &str) -> Result<()> {
    let path = state_dir(kb)?.join("audit.log");
    let now = jiff::Timestamp::now()
        .strftime("%Y-%m-%dT%H:%M:%SZ")
        .to_string();
    let clean = |s: &str| {
        s.chars()
            .map(|c| if c.is_control() { '?' } else { c })
            .collect::<String>()
    };
    let line = format!("{now}\t{}\t{command}\t{}\n", clean(&os_user()), clean(what));
    let mut file = private_options()
        .append(true)
        .create(true)
        .open(&path)
        .map_err(|e| DocketError::io(&path, e))?;
    // One write per line: with O_APPEND concurrent writers never interleave inside it.
    file.write_all(line.as_bytes())
        .map_err(|e| DocketError::io(&path, e))
}

fn os_user() -> String {
    ["USER", "USERNAME"]
        .iter()
        .filter_map(|v| std::env::var(v).ok())
        .find(|n| !n.trim().is_empty())
        .unwrap_or_else(|| "unknown".into())
}
