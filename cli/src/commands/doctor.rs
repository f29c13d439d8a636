//! `zhijian doctor`: check the index, its manifest, leftovers of interrupted runs and
//! the permissions of personal data; `--repair` fixes what it can.

use std::path::{Path, PathBuf};
use std::time::{Duration, SystemTime};

use serde::Serialize;
use serde_json::json;
use zhijian_kb::index::{IndexLock, IndexPaths, NoProgress, open_live, orphan_files, update};
use zhijian_kb::manifest::{Manifest, ManifestState};
use zhijian_kb::write::TEMP_PREFIX;
use zhijian_kb::{DocType, Kb, KbError, Searcher};

use crate::app::{Context, Outcome};

/// Temporary files younger than this may belong to a write in progress: left alone.
const STALE_TEMP_AGE: Duration = Duration::from_secs(60);

/// Check the index (checksums, manifest), leftovers of interrupted runs, and permissions of personal data
///
/// Exit 0 when healthy (or everything found was repaired), 1 when something is wrong,
/// 2 on error.
#[derive(Debug, clap::Args)]
pub struct DoctorArgs {
    /// Fix what can be fixed: rebuild a damaged index from the Markdown files, remove
    /// leftovers, make personal data owner-only (0600)
    #[arg(long)]
    pub repair: bool,
}

/// One thing found wrong.
#[derive(Debug, Serialize)]
struct Finding {
    /// `index`, `manifest`, `leftover` or `permissions`.
    check: &'static str,
    /// The file or folder, relative to the knowledge base.
    path: String,
    /// What is wrong.
    problem: String,
    /// True when `--repair` fixed it.
    repaired: bool,
    /// Files `--repair` removes.
    #[serde(skip)]
    remove: Vec<PathBuf>,
}

impl Finding {
    fn new(check: &'static str, path: impl Into<String>, problem: impl Into<String>) -> Finding {
        Finding {
            check,
            path: path.into(),
            problem: problem.into(),
            repaired: false,
            remove: Vec::new(),
        }
    }
}

/// Runs `zhijian doctor`.
pub fn run(args: &DoctorArgs, ctx: &Context) -> anyhow::Result<Outcome> {
    let kb = ctx.kb()?;
    let root = kb.root().to_path_buf();
    let paths = IndexPaths::new(&root);
    let rel = |path: &Path| relative(&root, path);
    let mut findings = Vec::new();

    // Hold the index lock while looking, so no `zhijian index` changes things meanwhile
    // (and `index.new` is known to be a leftover, not a rebuild in progress).
    let lock = if paths.state.exists() {
        match IndexLock::acquire(&paths) {
            Ok(lock) => Some(lock),
            Err(KbError::Locked { .. }) => {
                findings.push(Finding::new(
                    "index",
                    rel(&paths.state),
                    "an index update is running now: index checks skipped (run doctor again when it ends)",
                ));
                None
            }
            Err(other) => return Err(other.into()),
        }
    } else {
        None
    };

    let mut rebuild = false;
    if lock.is_some() || !paths.state.exists() {
        for mut finding in check_index(&kb, &paths) {
            if finding.check == "leftover" {
                if args.repair {
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
                    "leftover",
                    rel(dir),
                    "folder left by an interrupted index update",
                );
                if args.repair {
                    finding.repaired = std::fs::remove_dir_all(dir).is_ok();
                }
                findings.push(finding);
            }
        }
    }
    for temp in stale_temp_files(&root) {
        let mut finding = Finding::new(
            "leftover",
            rel(&temp),
            "temporary file left by an interrupted write",
        );
        if args.repair {
            finding.repaired = std::fs::remove_file(&temp).is_ok();
        }
        findings.push(finding);
    }
    for file in private_files(&kb) {
        if let Some(mode) = open_mode(&file) {
            let mut finding = Finding::new(
                "permissions",
                rel(&file),
                format!("personal data readable by others (mode {mode:o}, expected 600)"),
            );
            if args.repair {
                finding.repaired = make_private(&file);
            }
            findings.push(finding);
        }
    }

    drop(lock);
    if args.repair && rebuild {
        // `update` takes the lock itself, so it is released above.
        let rebuilt = update(&kb, true, &NoProgress).is_ok() && Searcher::open(&kb).is_ok();
        for finding in findings
            .iter_mut()
            .filter(|f| matches!(f.check, "index" | "manifest"))
        {
            finding.repaired = rebuilt;
        }
    }

    let healthy = findings.iter().all(|f| f.repaired);
    if ctx.printer.json {
        ctx.printer
            .json(&json!({ "healthy": healthy, "findings": findings }))?;
    } else {
        for finding in &findings {
            let done = if finding.repaired { " (repaired)" } else { "" };
            ctx.printer.line(&format!(
                "{:<11} {}: {}{done}",
                finding.check, finding.path, finding.problem
            ))?;
        }
        let repaired = findings.iter().filter(|f| f.repaired).count();
        ctx.printer.note(&if findings.is_empty() {
            "healthy: index, manifest, leftovers and permissions checked".to_string()
        } else if args.repair {
            format!("{} problems, {repaired} repaired", findings.len())
        } else {
            format!(
                "{} problems (run `zhijian doctor --repair` to fix what can be fixed)",
                findings.len()
            )
        });
    }
    Ok(Outcome::found(healthy))
}

/// Opens the live index, validates its checksums and compares it with its manifest.
fn check_index(kb: &Kb, paths: &IndexPaths) -> Vec<Finding> {
    let rel = |path: &Path| relative(kb.root(), path);
    let live = rel(&paths.live);
    if !paths.live.join("meta.json").exists() && !paths.next.exists() {
        return vec![Finding::new(
            "index",
            live,
            "there is no index yet (run `zhijian index`)",
        )];
    }
    let index = match open_live(paths) {
        Ok(index) => index,
        Err(KbError::NoIndex) => {
            return vec![Finding::new(
                "index",
                live,
                "there is no index yet (run `zhijian index`)",
            )];
        }
        Err(e) => return vec![Finding::new("index", live, format!("unusable: {e}"))],
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
                "index",
                live,
                format!("checksum mismatch in {}", names.join(", ")),
            )];
        }
        Err(e) => {
            return vec![Finding::new(
                "index",
                live,
                format!("checksums cannot be validated: {e}"),
            )];
        }
    }
    if let Err(e) = Searcher::open(kb) {
        return vec![Finding::new("index", live, format!("unusable: {e}"))];
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
            "leftover",
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
    let manifest = rel(&manifest_path);
    match Manifest::load(&manifest_path) {
        ManifestState::Ok(m) if m.generation == generation => Vec::new(),
        ManifestState::Ok(m) => vec![Finding::new(
            "manifest",
            manifest,
            format!(
                "describes generation {} but the index is at generation {generation}",
                m.generation
            ),
        )],
        ManifestState::Missing => vec![Finding::new("manifest", manifest, "missing")],
        ManifestState::Garbage(e) => {
            vec![Finding::new(
                "manifest",
                manifest,
                format!("unreadable ({e})"),
            )]
        }
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

/// Files that hold personal data: personnel documents and the audit log.
fn private_files(kb: &Kb) -> Vec<PathBuf> {
    let mut files: Vec<PathBuf> = Vec::new();
    let people = kb.root().join(DocType::Person.folder());
    if let Ok(entries) = std::fs::read_dir(&people) {
        for entry in entries.flatten() {
            let path = entry.path();
            let markdown = path.extension().is_some_and(|e| e == "md");
            if markdown && entry.file_type().is_ok_and(|t| t.is_file()) {
                files.push(path);
            }
        }
    }
    if let Ok(loaded) = kb.load_all() {
        files.extend(
            loaded
                .documents
                .iter()
                .filter(|d| d.doc_type == DocType::Person)
                .map(|d| kb.root().join(&d.path)),
        );
    }
    let audit = kb
        .root()
        .join(zhijian_kb::config::STATE_DIR)
        .join("audit.log");
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
    let mode = std::fs::metadata(path).ok()?.permissions().mode() & 0o777;
    (mode & 0o077 != 0).then_some(mode)
}

#[cfg(not(unix))]
fn open_mode(_path: &Path) -> Option<u32> {
    None
}

#[cfg(unix)]
fn make_private(path: &Path) -> bool {
    use std::os::unix::fs::PermissionsExt;
    std::fs::set_permissions(
        path,
        std::fs::Permissions::from_mode(zhijian_kb::write::PRIVATE_FILE_MODE),
    )
    .is_ok()
}

#[cfg(not(unix))]
fn make_private(_path: &Path) -> bool {
    false
}

/// `path` relative to the knowledge base, with `/` separators.
fn relative(root: &Path, path: &Path) -> String {
    path.strip_prefix(root)
        .unwrap_or(path)
        .to_string_lossy()
        .replace('\\', "/")
}
