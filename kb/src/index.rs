//! Building and updating the index incrementally.
//!
//! The Markdown files are the truth; the index under `.zhijian/index/` is a cache.
//! An update re-reads only files whose size, time or content changed, deletes the
//! units of removed files, and commits once. A full rebuild (first run, `--rebuild`,
//! a schema change, or a damaged index) is written into `.zhijian/index.new/` and
//! swapped in at the end, so searches keep working on the old index meanwhile.

use std::collections::{BTreeMap, HashMap};
use std::fs;
use std::path::{Path, PathBuf};

use serde::Serialize;
use tantivy::schema::Schema;
use tantivy::{Index, IndexWriter, TantivyDocument, Term};

use crate::analysis::{CjkTokenizer, TOKENIZER_NAME};
use crate::document::today;
use crate::load::{Problem, Severity, load};
use crate::manifest::{Entry, Manifest, ManifestState, content_hash};
use crate::scan::{FileEntry, scan};
use crate::schema::{self, Fields, SCHEMA_VERSION};
use crate::units::{Unit, units};
use crate::{Kb, KbError};

const VERSION_FILE: &str = "zhijian-version";
const MANIFEST_FILE: &str = "zhijian-manifest.json";
const LOCK_FILE: &str = "index.lock";
/// Memory the tantivy writer may use before flushing a segment.
const WRITER_MEMORY: usize = 96 * 1024 * 1024;

/// Reports progress while files are read (the CLI draws a bar; tests ignore it).
pub trait Progress {
    /// `total` files are about to be read.
    fn start(&self, total: u64);
    /// One more file was read.
    fn advance(&self);
    /// Reading is over.
    fn finish(&self);
}

/// A [`Progress`] that shows nothing.
#[derive(Debug, Default)]
pub struct NoProgress;

impl Progress for NoProgress {
    fn start(&self, _total: u64) {}
    fn advance(&self) {}
    fn finish(&self) {}
}

/// What an update did.
#[derive(Debug, Clone, Default, Serialize)]
pub struct IndexReport {
    /// Files indexed for the first time.
    pub added: usize,
    /// Files re-indexed because their content changed.
    pub updated: usize,
    /// Files whose units left the index (deleted, renamed away, or now invalid).
    pub removed: usize,
    /// Files left as they were (including touched files whose content is the same).
    pub unchanged: usize,
    /// Files not indexed, with the reason.
    pub skipped: Vec<Problem>,
    /// Notes about files that were indexed anyway.
    pub warnings: Vec<Problem>,
    /// Why the whole index was rebuilt, when it was.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub rebuilt: Option<String>,
}

/// The folders and files of the index.
#[derive(Debug, Clone)]
pub struct IndexPaths {
    /// `.zhijian/`
    pub state: PathBuf,
    /// `.zhijian/index/`, the live index.
    pub live: PathBuf,
    /// `.zhijian/index.new/`, a rebuild in progress.
    pub next: PathBuf,
    /// `.zhijian/index.old/`, the index being replaced.
    pub old: PathBuf,
}

impl IndexPaths {
    /// The paths for the knowledge base at `root`.
    pub fn new(root: &Path) -> IndexPaths {
        let state = root.join(crate::config::STATE_DIR);
        IndexPaths {
            live: state.join("index"),
            next: state.join("index.new"),
            old: state.join("index.old"),
            state,
        }
    }

    /// The manifest of the index in `dir`.
    pub fn manifest(dir: &Path) -> PathBuf {
        dir.join(MANIFEST_FILE)
    }
}

/// Registers the analyser on an opened index (tantivy needs it to index and to snippet).
pub fn register_tokenizer(index: &Index) {
    index.tokenizers().register(TOKENIZER_NAME, CjkTokenizer);
}

/// Reads the schema version an index folder was built with.
fn built_version(dir: &Path) -> Option<u32> {
    fs::read_to_string(dir.join(VERSION_FILE))
        .ok()?
        .trim()
        .parse()
        .ok()
}

/// Finishes a swap that a crash interrupted: a complete `index.new` with no live index.
pub fn recover_swap(paths: &IndexPaths) {
    if !paths.live.exists() && built_version(&paths.next).is_some() {
        let _ = fs::rename(&paths.next, &paths.live);
    }
    if paths.live.exists() && paths.old.exists() {
        let _ = fs::remove_dir_all(&paths.old);
    }
}

/// Opens the live index for reading, checking it was built by this version.
pub fn open_live(paths: &IndexPaths) -> Result<Index, KbError> {
    recover_swap(paths);
    if !paths.live.join("meta.json").exists() {
        return Err(KbError::NoIndex);
    }
    match built_version(&paths.live) {
        Some(SCHEMA_VERSION) => {}
        Some(other) => {
            return Err(KbError::Corrupt {
                reason: format!(
                    "built by another zhijian version (index format {other}, this zhijian uses {SCHEMA_VERSION})"
                ),
            });
        }
        None => {
            return Err(KbError::Corrupt {
                reason: "its version file is missing".into(),
            });
        }
    }
    let index = Index::open_in_dir(&paths.live).map_err(|e| KbError::Corrupt {
        reason: e.to_string(),
    })?;
    register_tokenizer(&index);
    Ok(index)
}

/// Holds the knowledge base's index lock for as long as it lives.
#[derive(Debug)]
pub struct IndexLock {
    _file: fs::File,
}

impl IndexLock {
    /// Takes the lock, failing at once (never waiting) when another process has it.
    pub fn acquire(paths: &IndexPaths) -> Result<IndexLock, KbError> {
        fs::create_dir_all(&paths.state).map_err(|e| KbError::io(&paths.state, e))?;
        ignore_state_dir(&paths.state);
        let path = paths.state.join(LOCK_FILE);
        let file = fs::OpenOptions::new()
            .create(true)
            .truncate(false)
            .write(true)
            .open(&path)
            .map_err(|e| KbError::io(&path, e))?;
        match file.try_lock() {
            Ok(()) => Ok(IndexLock { _file: file }),
            Err(fs::TryLockError::WouldBlock) => Err(KbError::Locked { path }),
            Err(fs::TryLockError::Error(e)) => Err(KbError::io(&path, e)),
        }
    }
}

/// Keeps `.zhijian/` out of git even where the knowledge base's own `.gitignore` forgets.
fn ignore_state_dir(state: &Path) {
    let path = state.join(".gitignore");
    if !path.exists() {
        let _ = crate::write::atomic_write(&path, b"# zhijian rebuilds everything here\n*\n", None);
    }
}

/// Brings the index up to date with the files.
pub fn update(kb: &Kb, rebuild: bool, progress: &dyn Progress) -> Result<IndexReport, KbError> {
    let paths = IndexPaths::new(kb.root());
    let _lock = IndexLock::acquire(&paths)?;
    recover_swap(&paths);

    let reason = if rebuild {
        Some("requested with --rebuild".to_string())
    } else if !paths.live.join("meta.json").exists() {
        None
    } else {
        match built_version(&paths.live) {
            Some(SCHEMA_VERSION) => None,
            Some(other) => Some(format!(
                "index format {other} replaced by format {SCHEMA_VERSION}"
            )),
            None => Some("the index's version file is missing".to_string()),
        }
    };
    let fresh = reason.is_some() || !paths.live.join("meta.json").exists();
    if !fresh {
        match open_for_update(&paths.live) {
            Ok((index, manifest)) => return run(kb, &index, &paths.live, manifest, progress),
            Err(damage) => return rebuild_into_new(kb, &paths, Some(damage), progress),
        }
    }
    rebuild_into_new(kb, &paths, reason, progress)
}

/// Opens the live index and a manifest that matches it; an error says why the
/// index must be rebuilt instead (damaged, or a manifest that cannot be trusted: a
/// stale manifest would leave removed files in the index).
fn open_for_update(dir: &Path) -> Result<(Index, Manifest), String> {
    let index = Index::open_in_dir(dir).map_err(|e| format!("index unreadable: {e}"))?;
    register_tokenizer(&index);
    let payload = index
        .load_metas()
        .map_err(|e| format!("index metadata unreadable: {e}"))?
        .payload;
    let generation = payload.and_then(|p| p.parse::<u64>().ok()).unwrap_or(0);
    match Manifest::load(&IndexPaths::manifest(dir)) {
        ManifestState::Ok(m) if m.generation == generation => Ok((index, m)),
        ManifestState::Ok(_) => Err("the manifest does not match the index".into()),
        ManifestState::Missing => Err("the manifest is missing".into()),
        ManifestState::Garbage(e) => Err(format!("the manifest is unreadable ({e})")),
    }
}

fn rebuild_into_new(
    kb: &Kb,
    paths: &IndexPaths,
    reason: Option<String>,
    progress: &dyn Progress,
) -> Result<IndexReport, KbError> {
    if paths.next.exists() {
        fs::remove_dir_all(&paths.next).map_err(|e| KbError::io(&paths.next, e))?;
    }
    fs::create_dir_all(&paths.next).map_err(|e| KbError::io(&paths.next, e))?;
    let (schema, _) = schema::build();
    let index = create_index(&paths.next, schema)?;
    let mut report = run(kb, &index, &paths.next, Manifest::default(), progress)?;
    report.rebuilt = reason;
    drop(index);
    // The version file is written last: it marks index.new as complete (see recover_swap).
    crate::write::atomic_write(
        &paths.next.join(VERSION_FILE),
        format!("{SCHEMA_VERSION}\n").as_bytes(),
        None,
    )?;
    if paths.live.exists() {
        if paths.old.exists() {
            fs::remove_dir_all(&paths.old).map_err(|e| KbError::io(&paths.old, e))?;
        }
        fs::rename(&paths.live, &paths.old).map_err(|e| KbError::io(&paths.live, e))?;
    }
    fs::rename(&paths.next, &paths.live).map_err(|e| KbError::io(&paths.next, e))?;
    if paths.old.exists() {
        let _ = fs::remove_dir_all(&paths.old);
    }
    Ok(report)
}

fn create_index(dir: &Path, schema: Schema) -> Result<Index, KbError> {
    let index = Index::create_in_dir(dir, schema)?;
    register_tokenizer(&index);
    Ok(index)
}

/// What happened to one file in this update.
enum Change {
    Unchanged,
    Touched { mtime_ns: u64 },
    Read { bytes: Vec<u8>, hash: String },
}

fn run(
    kb: &Kb,
    index: &Index,
    dir: &Path,
    old: Manifest,
    progress: &dyn Progress,
) -> Result<IndexReport, KbError> {
    let fields = schema::fields_of(&index.schema()).ok_or_else(|| KbError::Corrupt {
        reason: "schema lacks zhijian's fields".into(),
    })?;
    let scan = scan(kb.root(), kb.config())?;
    let mut report = IndexReport::default();
    let today = today();

    // 1. Decide per file what must be read.
    let mut changes: Vec<(&FileEntry, Change)> = Vec::with_capacity(scan.files.len());
    for file in &scan.files {
        let change = match old.files.get(&file.rel) {
            Some(entry)
                if entry.indexed()
                    && entry.size == file.size
                    && entry.mtime_ns == file.mtime_ns =>
            {
                Change::Unchanged
            }
            _ => {
                let bytes = fs::read(&file.abs).map_err(|e| KbError::io(&file.abs, e))?;
                let hash = content_hash(&bytes);
                match old.files.get(&file.rel) {
                    Some(entry) if entry.indexed() && entry.hash == hash => Change::Touched {
                        mtime_ns: file.mtime_ns,
                    },
                    _ => Change::Read { bytes, hash },
                }
            }
        };
        changes.push((file, change));
    }

    // 2. Load what changed.
    let to_read = changes
        .iter()
        .filter(|(_, c)| matches!(c, Change::Read { .. }))
        .count();
    progress.start(to_read as u64);
    let mut new = Manifest {
        generation: old.generation,
        ..Manifest::default()
    };
    let mut loaded: BTreeMap<String, Vec<Unit>> = BTreeMap::new();
    for (file, change) in &changes {
        match change {
            Change::Unchanged => {
                if let Some(entry) = old.files.get(&file.rel) {
                    new.files.insert(file.rel.clone(), entry.clone());
                }
            }
            Change::Touched { mtime_ns } => {
                if let Some(entry) = old.files.get(&file.rel) {
                    new.files.insert(
                        file.rel.clone(),
                        Entry {
                            mtime_ns: *mtime_ns,
                            ..entry.clone()
                        },
                    );
                }
            }
            Change::Read { bytes, hash } => {
                let mut entry = Entry {
                    size: file.size,
                    mtime_ns: file.mtime_ns,
                    hash: hash.clone(),
                    id: None,
                    problems: Vec::new(),
                };
                match load(&file.rel, bytes) {
                    Ok(doc) => {
                        entry.id = Some(doc.document.id.clone());
                        entry.problems = doc.warnings;
                        loaded.insert(file.rel.clone(), units(&doc.document, &today));
                    }
                    Err(problem) => entry.problems.push(problem),
                }
                new.files.insert(file.rel.clone(), entry);
                progress.advance();
            }
        }
    }
    progress.finish();

    // 3. Ids are unique: the first path (in sorted order) keeps an id.
    let mut owners: HashMap<String, String> = HashMap::new();
    let mut evicted: Vec<String> = Vec::new();
    for (path, entry) in new.files.iter_mut() {
        let Some(id) = entry.id.clone() else { continue };
        if entry.problems.iter().any(|p| p.severity == Severity::Error) {
            continue;
        }
        if let Some(first) = owners.get(&id) {
            entry.problems.push(Problem::error(
                path,
                None,
                format!("duplicate id `{id}` (also used by {first})"),
            ));
            loaded.remove(path);
            evicted.push(path.clone());
        } else {
            owners.insert(id, path.clone());
        }
    }

    // 4. Apply: delete what left or changed, add what was read.
    let mut writer: IndexWriter<TantivyDocument> =
        index.writer(WRITER_MEMORY).map_err(|e| match e {
            tantivy::TantivyError::LockFailure(..) => KbError::Locked {
                path: dir.join(".tantivy-writer.lock"),
            },
            other => KbError::Index(other),
        })?;
    let mut dirty = false;
    for (path, old_entry) in &old.files {
        if !new.files.contains_key(path) && old_entry.indexed() {
            writer.delete_term(Term::from_field_text(fields.path, path));
            report.removed += 1;
            dirty = true;
        }
    }
    for path in &evicted {
        writer.delete_term(Term::from_field_text(fields.path, path));
        if old.files.get(path).is_some_and(Entry::indexed) {
            report.removed += 1;
        }
        dirty = true;
    }
    for (file, change) in &changes {
        let Change::Read { .. } = change else {
            report.unchanged += 1;
            continue;
        };
        let was_indexed = old.files.get(&file.rel).is_some_and(Entry::indexed);
        writer.delete_term(Term::from_field_text(fields.path, &file.rel));
        dirty = true;
        match loaded.remove(&file.rel) {
            Some(file_units) => {
                for unit in &file_units {
                    writer.add_document(to_tantivy(&fields, unit))?;
                }
                if was_indexed {
                    report.updated += 1
                } else {
                    report.added += 1
                }
            }
            None if was_indexed => report.removed += 1,
            None => {}
        }
    }
    if dirty || new.generation == 0 {
        new.generation = old.generation + 1;
        let mut prepared = writer.prepare_commit()?;
        prepared.set_payload(&new.generation.to_string());
        prepared.commit()?;
    }
    writer.wait_merging_threads()?;
    new.save(&IndexPaths::manifest(dir))?;

    for entry in new.files.values() {
        for problem in &entry.problems {
            match problem.severity {
                Severity::Error => report.skipped.push(problem.clone()),
                Severity::Warning => report.warnings.push(problem.clone()),
            }
        }
    }
    report.skipped.extend(scan.problems);
    report.skipped.sort_by(|a, b| a.path.cmp(&b.path));
    Ok(report)
}

fn to_tantivy(fields: &Fields, unit: &Unit) -> TantivyDocument {
    let mut doc = TantivyDocument::default();
    doc.add_text(fields.uid, &unit.uid);
    doc.add_text(fields.id, &unit.id);
    doc.add_text(fields.path, &unit.path);
    doc.add_text(fields.unit, unit.kind.as_str());
    doc.add_text(fields.primary, if unit.primary { "1" } else { "0" });
    doc.add_text(fields.in_force, if unit.in_force { "1" } else { "0" });
    doc.add_text(fields.title, &unit.title);
    doc.add_text(fields.number, &unit.number);
    doc.add_text(fields.keywords, &unit.keywords);
    doc.add_text(fields.body, &unit.body);
    if let Some(year) = unit.year {
        doc.add_u64(fields.year, year);
    }
    doc.add_u64(fields.line, unit.line as u64);
    doc.add_text(
        fields.extra,
        serde_json::Value::Object(unit.extra.clone()).to_string(),
    );
    for (name, value) in &unit.facets {
        if let Some(field) = fields.keyword(name) {
            doc.add_text(field, value);
        }
    }
    doc
}
