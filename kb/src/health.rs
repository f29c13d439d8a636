//! The health of a knowledge base: the index (checksums, manifest, unused segment
//! files), leftovers of interrupted runs, and the permissions of personal data — and
//! the repairs of what can be repaired.
//!
//! `zhijian doctor` prints what [`check`] finds.

use std::path::{Path, PathBuf};
use std::time::{Duration, SystemTime};

use serde::Serialize;

use crate::index::{self, IndexPaths, NoProgress, open_live, orphan_files};
use crate::manifest::{Manifest, ManifestState};
use crate::write::{PRIVATE_FILE_MODE, TEMP_PREFIX};
use crate::{Kb, KbError, Searcher};

/// Temporary files younger than this may belong to a write in progress: left alone.
const STALE_TEMP_AGE: Duration = Duration::from_secs(60);

/// What a finding is about.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Check {
    /// The index itself: missing, damaged, or busy.
    Index,
    /// The manifest that ties the index to the files.
    Manifest,
    /// Files left by an interrupted run.
    Leftover,
    /// Personal data others can read.
    Permissions,
}

impl Check {
    /// The name printed and written in JSON.
    pub fn as_str(self) -> &'static str {
        match self {
            Check::Index => "index",
            Check::Manifest => "manifest",
            Check::Leftover => "leftover",
            Check::Permissions => "permissions",
        }
    }
}

/// One thing found wrong.
#[derive(Debug, Clone, Serialize)]
pub struct Finding {
    /// What it is about.
    pub check: Check,
    /// The file or folder, relative to the knowledge base.
    pub path: String,
    /// What is wrong.
    pub problem: String,
    /// True when the repair fixed it.
    pub repaired: bool,
    /// Files a repair removes.
    #[serde(skip)]
    remove: Vec<PathBuf>,
}

impl Finding {
    fn new(check: Check, path: impl Into<String>, problem: impl Into<String>) -> Finding {
        Finding {
            check,
            path: path.into(),
            problem: problem.into(),
            repaired: false,
            remove: Vec::new(),
        }
    }
}

/// Checks the knowledge base and, with `repair`, fixes what can be fixed: rebuilds a
/// damaged index from the Markdown files, removes leftovers, makes personal data
/// owner-only.
pub fn check(kb: &Kb, repair: bool) -> Result<Vec<Finding>, KbError> {
    let root = kb.root();
    let paths = IndexPaths::new(root);
    let rel = |path: &Path| relative(root, path);
    let mut findings = Vec::new();

    // Hold the index lock while looking, so no `zhijian index` changes things meanwhile
    // (and `index.new` is known to be a leftover, not a rebuild in progress).
    let lock = if paths.state.exists() {
        match index::lock(root) {
            Ok(lock) => Some(lock),
            Err(KbError::Locked { .. }) => {
                findings.push(Finding::new(
                    Check::Index,
                    rel(&paths.state),
                    "an index update is running now: index checks skipped (run doctor again when it ends)",
                ));
                None
            }
            Err(other) => return Err(other),
        }
    } else {
        None
    };

    let mut rebuild = false;
    if lock.is_some() || !paths.state.exists() {
        for mut finding in check_index(kb, &paths) {
            if finding.check == Check::Leftover {
                if repair {
                    finding.repaired = finding
                        .remove
                        .iter()
                        .all(|file| std::fs::remove_file(file).is_ok());
                }
            } else {
                rebuild = true;
            }
            findings.push(finding);
        }
        for dir in [&paths.next, &paths.old] {
            if dir.exists() {
                let mut finding = Finding::new(
                    Check::Leftover,
                    rel(dir),
                    "folder left by an interrupted index update",
                );
                if repair {
                    finding.repaired = std::fs::remove_dir_all(dir).is_ok();
                }
                findings.push(finding);
            }
        }
    }
    for temp in stale_temp_files(root) {
        let mut finding = Finding::new(
            Check::Leftover,
            rel(&temp),
            "temporary file left by an interrupted write",
        );
        if repair {
            finding.repaired = std::fs::remove_file(&temp).is_ok();
        }
        findings.push(finding);
    }
    for file in private_files(kb) {
        if let Some(mode) = open_mode(&file) {
            let mut finding = Finding::new(
                Check::Permissions,
                rel(&file),
                format!("personal data readable by others (mode {mode:o}, expected 600)"),
            );
            if repair {
                finding.repaired = make_private(&file);
            }
            findings.push(finding);
        }
    }

    drop(lock);
    if repair && rebuild {
        // `update` takes the lock itself, so it is released above.
        let rebuilt = index::update(kb, true, &NoProgress).is_ok() && Searcher::open(kb).is_ok();
        for finding in findings
            .iter_mut()
            .filter(|f| matches!(f.check, Check::Index | Check::Manifest))
        {
            finding.repaired = rebuilt;
        }
    }
    Ok(findings)
}

/// Opens the live index, validates its checksums and compares it with its manifest.
fn check_index(kb: &Kb, paths: &IndexPaths) -> Vec<Finding> {
    let live = relative(kb.root(), &paths.live);
    let none_yet = || {
        vec![Finding::new(
            Check::Index,
            live.clone(),
            "there is no index yet (run `zhijian index`)",
        )]
    };
    if !paths.live.join("meta.json").exists() && !paths.next.exists() {
        return none_yet();
    }
    let index = match open_live(kb.root(), kb.types()) {
        Ok(index) => index,
        Err(KbError::NoIndex) => return none_yet(),
        Err(e) => return vec![Finding::new(Check::Index, live, format!("unusable: {e}"))],
    };
    match index.validate_checksum() {
        Ok(damaged) if damaged.is_empty() => {}
        Ok(damaged) => {
            let mut names: Vec<String> = damaged
                .iter()
                .map(|p| p.to_string_lossy().into_owned())
                .collect();
            names.sort();
            return vec![Finding::new(
                Check::Index,
                live,
                format!("checksum mismatch in {}", names.join(", ")),
            )];
        }
        Err(e) => {
            return vec![Finding::new(
                Check::Index,
                live,
                format!("checksums cannot be validated: {e}"),
            )];
        }
    }
    if let Err(e) = Searcher::open(kb) {
        return vec![Finding::new(Check::Index, live, format!("unusable: {e}"))];
    }
    let orphans = orphan_files(&index, &paths.live);
    if !orphans.is_empty() {
        let names: Vec<String> = orphans
            .iter()
            .take(3)
            .filter_map(|p| Some(p.file_name()?.to_string_lossy().into_owned()))
            .collect();
        let more = if orphans.len() > names.len() {
            ", …"
        } else {
            ""
        };
        let mut finding = Finding::new(
            Check::Leftover,
            live,
            format!(
                "{} unused files of an interrupted index update, which the next `zhijian index` also removes ({}{more})",
                orphans.len(),
                names.join(", ")
            ),
        );
        finding.remove = orphans;
        return vec![finding];
    }
    let generation = index
        .load_metas()
        .ok()
        .and_then(|meta| meta.payload)
        .and_then(|payload| payload.parse::<u64>().ok())
        .unwrap_or(0);
    let manifest_path = IndexPaths::manifest(&paths.live);
    let manifest = relative(kb.root(), &manifest_path);
    match Manifest::load(&manifest_path) {
        ManifestState::Ok(m) if m.generation == generation => Vec::new(),
        ManifestState::Ok(m) => vec![Finding::new(
            Check::Manifest,
            manifest,
            format!(
                "describes generation {} but the index is at generation {generation}",
                m.generation
            ),
        )],
        ManifestState::Missing => vec![Finding::new(Check::Manifest, manifest, "missing")],
        ManifestState::Garbage(e) => vec![Finding::new(
            Check::Manifest,
            manifest,
            format!("unreadable ({e})"),
        )],
    }
}

/// `.zhijian-tmp-*` files older than [`STALE_TEMP_AGE`] anywhere in the knowledge base.
fn stale_temp_files(root: &Path) -> Vec<PathBuf> {
    let now = SystemTime::now();
    let mut found = Vec::new();
    let mut folders = vec![root.to_path_buf()];
    while let Some(folder) = folders.pop() {
        let Ok(entries) = std::fs::read_dir(&folder) else {
            continue;
        };
        for entry in entries.flatten() {
            let Ok(kind) = entry.file_type() else {
                continue;
            };
            let name = entry.file_name();
            if kind.is_dir() {
                if name != ".git" {
                    folders.push(entry.path());
                }
            } else if kind.is_file() && name.to_string_lossy().starts_with(TEMP_PREFIX) {
                let old = entry
                    .metadata()
                    .and_then(|m| m.modified())
                    .ok()
                    .and_then(|modified| now.duration_since(modified).ok())
                    .is_some_and(|age| age >= STALE_TEMP_AGE);
                if old {
                    found.push(entry.path());
                }
            }
        }
    }
    found.sort();
    found
}

/// Files that hold personal data: every file in the folders of personal types and
/// record folders (see [`crate::types::Types::private_folders`]), and the audit log.
pub fn private_files(kb: &Kb) -> Vec<PathBuf> {
    let mut files: Vec<PathBuf> = Vec::new();
    let mut folders: Vec<PathBuf> = kb
        .types()
        .private_folders()
        .iter()
        .map(|f| kb.root().join(f))
        .collect();
    while let Some(folder) = folders.pop() {
        let Ok(entries) = std::fs::read_dir(&folder) else {
            continue;
        };
        for entry in entries.flatten() {
            match entry.file_type() {
                Ok(t) if t.is_dir() => folders.push(entry.path()),
                // A writer's temporary file is reported as a leftover instead.
                Ok(t)
                    if t.is_file()
                        && !entry.file_name().to_string_lossy().starts_with(TEMP_PREFIX) =>
                {
                    files.push(entry.path())
                }
                _ => {}
            }
        }
    }
    let audit = crate::audit::audit_path(kb.root());
    if audit.exists() {
        files.push(audit);
    }
    files.sort();
    files.dedup();
    files
}

/// The mode of a file others can read or write, if it is one.
#[cfg(unix)]
fn open_mode(path: &Path) -> Option<u32> {
    use std::os::unix::fs::PermissionsExt;
    let meta = std::fs::symlink_metadata(path).ok()?;
    let mode = meta.permissions().mode() & 0o777;
    (meta.is_file() && mode & 0o077 != 0).then_some(mode)
}

#[cfg(not(unix))]
fn open_mode(_path: &Path) -> Option<u32> {
    None
}

/// Makes a regular file owner-only; a symbolic link is never followed.
#[cfg(unix)]
fn make_private(path: &Path) -> bool {
    use std::os::unix::fs::PermissionsExt;
    let regular = std::fs::symlink_metadata(path).is_ok_and(|m| m.is_file());
    regular
        && std::fs::set_permissions(path, std::fs::Permissions::from_mode(PRIVATE_FILE_MODE))
            .is_ok()
}

#[cfg(not(unix))]
fn make_private(_path: &Path) -> bool {
    let _ = PRIVATE_FILE_MODE;
    false
}

/// `path` relative to the knowledge base, with `/` separators.
fn relative(root: &Path, path: &Path) -> String {
    path.strip_prefix(root)
        .unwrap_or(path)
        .to_string_lossy()
        .replace('\\', "/")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[cfg(unix)]
    #[test]
    fn open_personal_data_is_found_and_tightened_and_links_are_not_followed() {
        use std::os::unix::fs::PermissionsExt;
        let dir = tempfile::tempdir().expect("tempdir");
        std::fs::write(dir.path().join("zhijian.toml"), "").expect("config");
        std::fs::create_dir(dir.path().join("notes")).expect("notes");
        let note = dir.path().join("notes/a.md");
        std::fs::write(&note, "# 公开\n").expect("note");
        std::fs::set_permissions(&note, std::fs::Permissions::from_mode(0o644)).expect("chmod");
        let kb = Kb::open(dir.path(), crate::Types::default()).expect("kb");
        crate::audit::append(dir.path(), "x", "y", None).expect("audit");
        let audit = crate::audit::audit_path(dir.path());
        std::fs::set_permissions(&audit, std::fs::Permissions::from_mode(0o644)).expect("chmod");
        let findings = check(&kb, true).expect("check");
        let permissions: Vec<&Finding> = findings
            .iter()
            .filter(|f| f.check == Check::Permissions)
            .collect();
        assert_eq!(permissions.len(), 1, "{findings:?}");
        assert_eq!(permissions[0].path, ".zhijian/audit.log");
        assert!(permissions[0].repaired);
        let mode = std::fs::metadata(&audit)
            .expect("meta")
            .permissions()
            .mode()
            & 0o777;
        assert_eq!(mode, 0o600);
        assert_eq!(
            std::fs::metadata(&note).expect("meta").permissions().mode() & 0o777,
            0o644,
            "a note is not personal data"
        );
    }
}
