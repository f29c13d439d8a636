//! The audit trail: one line in `.zhijian/audit.log` for every change of personal
//! data or records, and for every view of sensitive fields.
//!
//! A line says who did what to whom, never the values written:
//! `UTC time <TAB> login <TAB> command <TAB> subject [<TAB> reason]`.

use std::fs::{self, OpenOptions};
use std::io::Write;
use std::path::{Path, PathBuf};

use crate::KbError;
use crate::config::STATE_DIR;
use crate::write::{PRIVATE_FILE_MODE, create_private_dir};

/// The audit log, relative to the knowledge-base root.
pub const AUDIT_LOG: &str = ".zhijian/audit.log";

/// The audit log of the knowledge base at `root`.
pub fn audit_path(root: &Path) -> PathBuf {
    root.join(AUDIT_LOG)
}

/// Appends one line for `command` acting on `subject`, with the user's reason if any.
///
/// The log is opened without following a symbolic link (a planted link would send
/// lines outside the knowledge base) and is kept owner-only.
pub fn append(
    root: &Path,
    command: &str,
    subject: &str,
    reason: Option<&str>,
) -> Result<(), KbError> {
    let state = root.join(STATE_DIR);
    if !state.exists() {
        create_private_dir(&state)?;
    }
    let path = audit_path(root);
    let mut line = format!(
        "{}\t{}\t{}\t{}",
        now_utc(),
        one_field(&login_name()),
        one_field(command),
        one_field(subject)
    );
    if let Some(reason) = reason.filter(|r| !r.trim().is_empty()) {
        line.push('\t');
        line.push_str(&one_field(reason));
    }
    line.push('\n');
    let mut file = open_no_follow(&path).map_err(|e| KbError::io(&path, e))?;
    tighten(&file, &path)?;
    // One write per line: with O_APPEND concurrent writers never interleave inside it.
    file.write_all(line.as_bytes())
        .map_err(|e| KbError::io(&path, e))?;
    Ok(())
}

fn open_no_follow(path: &Path) -> std::io::Result<fs::File> {
    let mut options = OpenOptions::new();
    options.append(true).create(true);
    #[cfg(unix)]
    {
        use std::os::unix::fs::OpenOptionsExt;
        options
            .mode(PRIVATE_FILE_MODE)
            .custom_flags(libc::O_NOFOLLOW);
    }
    options.open(path)
}

/// An audit log made readable by others (copied in, or by an older version) is
/// made owner-only again.
fn tighten(file: &fs::File, path: &Path) -> Result<(), KbError> {
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        let meta = file.metadata().map_err(|e| KbError::io(path, e))?;
        if meta.permissions().mode() & 0o077 != 0 {
            file.set_permissions(fs::Permissions::from_mode(PRIVATE_FILE_MODE))
                .map_err(|e| KbError::io(path, e))?;
        }
    }
    #[cfg(not(unix))]
    let _ = (file, path);
    Ok(())
}

/// Tabs and line breaks would forge fields or lines.
fn one_field(text: &str) -> String {
    text.chars()
        .map(|c| if c.is_control() { ' ' } else { c })
        .collect()
}

/// The user running zhijian: the login name of the process's user id from the
/// system's user database, else `USER`/`USERNAME`, else the numeric id.
pub fn login_name() -> String {
    #[cfg(unix)]
    if let Some(uid) = current_uid()
        && let Some(name) = passwd_name(uid)
    {
        return name;
    }
    for var in ["USER", "USERNAME", "LOGNAME"] {
        if let Ok(name) = std::env::var(var)
            && !name.trim().is_empty()
        {
            return name;
        }
    }
    #[cfg(unix)]
    if let Some(uid) = current_uid() {
        return format!("uid {uid}");
    }
    "unknown".into()
}

#[cfg(unix)]
fn current_uid() -> Option<u32> {
    use std::os::unix::fs::MetadataExt;
    fs::metadata("/proc/self").ok().map(|m| m.uid())
}

/// The name `/etc/passwd` gives `uid` (`name:x:uid:…`).
#[cfg(unix)]
fn passwd_name(uid: u32) -> Option<String> {
    let text = fs::read_to_string("/etc/passwd").ok()?;
    name_in_passwd(&text, uid)
}

fn name_in_passwd(text: &str, uid: u32) -> Option<String> {
    text.lines().find_map(|line| {
        let mut fields = line.split(':');
        let name = fields.next()?;
        let id: u32 = fields.nth(1)?.parse().ok()?;
        (id == uid && !name.is_empty()).then(|| name.to_string())
    })
}

/// The current UTC time as `YYYY-MM-DDTHH:MM:SSZ`.
pub fn now_utc() -> String {
    jiff::Timestamp::now()
        .strftime("%Y-%m-%dT%H:%M:%SZ")
        .to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lines_name_the_command_subject_and_reason() {
        let dir = tempfile::tempdir().expect("tempdir");
        append(dir.path(), "personnel record", "p1", None).expect("append");
        append(dir.path(), "review reopen", "r\t1\n", Some("复查\t发现")).expect("append");
        let text = fs::read_to_string(audit_path(dir.path())).expect("log");
        let lines: Vec<Vec<&str>> = text.lines().map(|l| l.split('\t').collect()).collect();
        assert_eq!(lines.len(), 2);
        assert_eq!(lines[0][2..], ["personnel record", "p1"]);
        assert_eq!(lines[1][2..], ["review reopen", "r 1 ", "复查 发现"]);
        assert!(lines[0][0].ends_with('Z'));
    }

    #[cfg(unix)]
    #[test]
    fn a_symlinked_log_is_refused_and_an_open_log_is_tightened() {
        use std::os::unix::fs::PermissionsExt;
        let dir = tempfile::tempdir().expect("tempdir");
        fs::create_dir(dir.path().join(".zhijian")).expect("state");
        let outside = dir.path().join("outside.log");
        fs::write(&outside, "").expect("outside");
        std::os::unix::fs::symlink(&outside, audit_path(dir.path())).expect("link");
        assert!(append(dir.path(), "x", "y", None).is_err());
        assert_eq!(fs::read_to_string(&outside).expect("read"), "");

        fs::remove_file(audit_path(dir.path())).expect("unlink");
        fs::write(audit_path(dir.path()), "").expect("log");
        fs::set_permissions(audit_path(dir.path()), fs::Permissions::from_mode(0o644))
            .expect("chmod");
        append(dir.path(), "x", "y", None).expect("append");
        let mode = fs::metadata(audit_path(dir.path()))
            .expect("meta")
            .permissions()
            .mode();
        assert_eq!(mode & 0o777, 0o600);
    }

    #[test]
    fn login_names_come_from_the_user_database() {
        let passwd = "root:x:0:0:root:/root:/bin/bash\nzhang:x:1000:1000::/home/zhang:/bin/sh\n";
        assert_eq!(name_in_passwd(passwd, 1000).as_deref(), Some("zhang"));
        assert_eq!(name_in_passwd(passwd, 0).as_deref(), Some("root"));
        assert_eq!(name_in_passwd(passwd, 5), None);
        assert!(!login_name().is_empty());
    }
}
