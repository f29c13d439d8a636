//! Building and updating the index incrementally.
//!
//! The Markdown files are the truth; the index under `.zhijian/index/` is a cache.
//! An update re-reads only files whose size, time or content changed, deletes the
//! units of removed files, and commits once. A full rebuild (first run, `--rebuild`,
//! a schema change, or a damaged index) is written into `.zhijian/index.new/` and
//! swapped in at the end, so searches keep working on the old index meanwhile.

use std::collections::{BTreeMap, BTreeSet, HashSet};
use std::fs;
use std::path::{Path, PathBuf};
use std::time::Instant;

use serde::Serialize;
use tantivy::schema::Schema;
use tantivy::{Index, IndexWriter, TantivyDocument, Term};

use crate::analysis::{CjkTokenizer, TOKENIZER_NAME};
use crate::ids::{self, Claim};
use crate::load::{Problem, Severity, load};
use crate::lock::Lock;
use crate::manifest::{Entry, Manifest, ManifestState, content_hash};
use crate::scan::{FileEntry, Scan, scan};
use crate::schema::{self, Fields, SCHEMA_VERSION};
use crate::time::date_key;
use crate::types::Types;
use crate::units::{Unit, Validity};
use crate::{Kb, KbError};

const VERSION_FILE: &str = "zhijian-version";
const MANIFEST_FILE: &str = "zhijian-manifest.json";
/// The name of the index's lock (see [`crate::lock`]).
const LOCK_NAME: &str = "index";
/// Memory the tantivy writer may use before flushing a segment.
const WRITER_MEMORY: usize = 64 * 1024 * 1024;
/// Updates touching fewer files than this use a single writer thread.
const SMALL_UPDATE: usize = 64;

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
    /// Time spent per phase (scan, read, write), for `zhijian index -v`.
    #[serde(skip)]
    pub timings: Vec<(&'static str, std::time::Duration)>,
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

/// What an index is built with: the schema version, then the document types'
/// fingerprint (see [`Types::fingerprint`]). Either changing means a rebuild.
fn format_of(types: &Types) -> String {
    format!("{SCHEMA_VERSION}\n{}\n", types.fingerprint())
}

/// Reads what an index folder was built with (see [`format_of`]).
fn built_format(dir: &Path) -> Option<String> {
    fs::read_to_string(dir.join(VERSION_FILE)).ok()
}

/// Why an index built with `built` cannot serve `types`, if it cannot.
fn format_mismatch(built: Option<&str>, types: &Types) -> Option<String> {
    let Some(built) = built else {
        return Some("its version file is missing".into());
    };
    let version = built.lines().next().unwrap_or("").trim();
    if version != SCHEMA_VERSION.to_string() {
        return Some(format!(
            "built by another zhijian version (index format {version}, this zhijian uses {SCHEMA_VERSION})"
        ));
    }
    (built != format_of(types)).then(|| "the document types have changed since it was built".into())
}

/// Finishes a swap that a crash interrupted: a complete `index.new` with no live index.
pub fn recover_swap(paths: &IndexPaths) {
    if !paths.live.exists() && built_format(&paths.next).is_some() {
        let _ = fs::rename(&paths.next, &paths.live);
    }
    if paths.live.exists() && paths.old.exists() {
        let _ = fs::remove_dir_all(&paths.old);
    }
}

/// Opens the live index for reading, checking it was built by this version with
/// these document types.
pub fn open_live(root: &Path, types: &Types) -> Result<Index, KbError> {
    let paths = IndexPaths::new(root);
    // Only finish an interrupted swap when there is one, and no indexer is running (a
    // running one may be between its two renames right now). Reading never creates
    // files otherwise.
    let interrupted = (!paths.live.exists() && paths.next.exists())
        || (paths.live.exists() && paths.old.exists());
    if interrupted && let Ok(_lock) = Lock::try_take(root, LOCK_NAME) {
        recover_swap(&paths);
    }
    if !paths.live.join("meta.json").exists() {
        return Err(KbError::NoIndex);
    }
    if let Some(reason) = format_mismatch(built_format(&paths.live).as_deref(), types) {
        return Err(KbError::Corrupt { reason });
    }
    let index = Index::open_in_dir(&paths.live).map_err(|e| KbError::Corrupt {
        reason: e.to_string(),
    })?;
    register_tokenizer(&index);
    Ok(index)
}

/// Keeps `.zhijian/` out of git even where the knowledge base's own `.gitignore` forgets.
fn ignore_state_dir(state: &Path) {
    let path = state.join(".gitignore");
    if !path.exists() {
        let _ = crate::write::atomic_write(&path, b"# zhijian rebuilds everything here\n*\n", None);
    }
}

/// Takes the index lock at once, or fails with [`KbError::Locked`] while another
/// `zhijian index` runs.
pub fn lock(root: &Path) -> Result<Lock, KbError> {
    let state = root.join(crate::config::STATE_DIR);
    let lock = Lock::try_take(root, LOCK_NAME)?;
    ignore_state_dir(&state);
    Ok(lock)
}

/// Brings the index up to date with the files.
pub fn update(kb: &Kb, rebuild: bool, progress: &dyn Progress) -> Result<IndexReport, KbError> {
    let paths = IndexPaths::new(kb.root());
    let _lock = lock(kb.root())?;
    recover_swap(&paths);
    // A killed --rebuild leaves a whole index copy in index.new; with a live index
    // beside it and the lock held, it is only garbage.
    if paths.live.join("meta.json").exists() && paths.next.exists() {
        let _ = fs::remove_dir_all(&paths.next);
    }

    let reason = if rebuild {
        Some("requested with --rebuild".to_string())
    } else if !paths.live.join("meta.json").exists() {
        None
    } else {
        format_mismatch(built_format(&paths.live).as_deref(), kb.types())
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
    let (schema, _) = schema::build(&kb.types().facet_fields());
    let index = create_index(&paths.next, schema)?;
    let mut report = run(kb, &index, &paths.next, Manifest::default(), progress)?;
    report.rebuilt = reason;
    merge_all(&index)?;
    drop(index);
    // The version file is written last: it marks index.new as complete (see recover_swap).
    crate::write::atomic_write(
        &paths.next.join(VERSION_FILE),
        format_of(kb.types()).as_bytes(),
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

/// Merges a fresh index into one segment: one-shot searches then open and walk one
/// segment instead of several, and later small updates never trigger a big merge.
fn merge_all(index: &Index) -> Result<(), KbError> {
    let segments = index.searchable_segment_ids()?;
    if segments.len() < 2 {
        return Ok(());
    }
    let mut writer: IndexWriter<TantivyDocument> =
        index.writer_with_num_threads(1, WRITER_MEMORY / 4)?;
    writer.merge(&segments).wait()?;
    writer.wait_merging_threads()?;
    Ok(())
}

/// Most segments an update leaves: the big one and a couple of recent changes.
const MAX_SEGMENTS: usize = 3;

/// Keeps an index at [`MAX_SEGMENTS`] segments at most.
///
/// Each update adds a small segment, and a one-shot search pays for every segment it
/// opens (six segments made a search half again as slow). Merging the small ones
/// leaves the big segment alone; allowing three rather than two merges on every
/// other update only, which halves what merging adds to an update. A rebuild merges
/// everything.
fn merge_small_segments(
    writer: &mut IndexWriter<TantivyDocument>,
    index: &Index,
) -> Result<(), KbError> {
    let mut metas = index.searchable_segment_metas()?;
    if metas.len() <= MAX_SEGMENTS {
        return Ok(());
    }
    metas.sort_by_key(|m| std::cmp::Reverse(m.num_docs()));
    let small: Vec<_> = metas.iter().skip(1).map(|m| m.id()).collect();
    writer.merge(&small).wait()?;
    Ok(())
}

fn create_index(dir: &Path, schema: Schema) -> Result<Index, KbError> {
    let index = Index::create_in_dir(dir, schema)?;
    register_tokenizer(&index);
    Ok(index)
}

/// What reading the files produced: the new manifest, the units of every file read,
/// and which files were read.
struct Pass {
    manifest: Manifest,
    units_of: BTreeMap<String, Vec<Unit>>,
    read: BTreeSet<String>,
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
    let mut report = IndexReport::default();
    let phase = Instant::now();
    let scan = scan(kb.root(), kb.config())?;
    report.timings.push(("scan", phase.elapsed()));

    let phase = Instant::now();
    let mut pass = read_changed(kb, &scan, &old, progress)?;
    let (wanted, duplicates) = assign_ids(kb, &scan, &mut pass)?;
    report.timings.push(("read", phase.elapsed()));

    let phase = Instant::now();
    let deletes = plan(&old, &mut pass, &wanted, &mut report);
    // Nothing to apply means no writer at all (a cheap no-op).
    if !deletes.is_empty() || !pass.units_of.is_empty() || old.generation == 0 {
        apply(index, dir, &fields, &deletes, &mut pass, old.generation)?;
    }
    // Files of segments merged away, or of a process killed mid-update, are not
    // always collected by tantivy (and not at all without a writer): remove them so
    // a completed update leaves a clean folder. The index lock is held.
    for orphan in orphan_files(index, dir) {
        let _ = fs::remove_file(orphan);
    }
    report.timings.push(("write", phase.elapsed()));
    if pass.manifest.files != old.files || pass.manifest.generation != old.generation {
        pass.manifest.save(&IndexPaths::manifest(dir))?;
    }

    for entry in pass.manifest.files.values() {
        for problem in &entry.problems {
            match problem.severity {
                Severity::Error => report.skipped.push(problem.clone()),
                Severity::Warning => report.warnings.push(problem.clone()),
            }
        }
    }
    report.skipped.extend(duplicates);
    report.skipped.extend(scan.problems);
    report.skipped.sort_by(|a, b| a.path.cmp(&b.path));
    Ok(report)
}

/// Step 1: compares every file with the manifest and reads (and hashes) only what
/// may differ.
fn read_changed(
    kb: &Kb,
    scan: &Scan,
    old: &Manifest,
    progress: &dyn Progress,
) -> Result<Pass, KbError> {
    let unchanged = |f: &FileEntry| {
        old.files
            .get(&f.rel)
            .is_some_and(|e| e.size == f.size && e.mtime_ns == f.mtime_ns)
    };
    progress.start(scan.files.iter().filter(|f| !unchanged(f)).count() as u64);
    let mut pass = Pass {
        manifest: Manifest {
            generation: old.generation,
            ..Manifest::default()
        },
        units_of: BTreeMap::new(),
        read: BTreeSet::new(),
    };
    for file in &scan.files {
        let previous = old.files.get(&file.rel);
        if unchanged(file) {
            if let Some(entry) = previous {
                pass.manifest.files.insert(file.rel.clone(), entry.clone());
            }
            continue;
        }
        let bytes = fs::read(&file.abs).map_err(|e| KbError::io(&file.abs, e))?;
        let hash = content_hash(&bytes);
        progress.advance();
        match previous {
            // New time, same bytes: only the manifest changes.
            Some(e) if e.hash == hash => {
                let mut entry = e.clone();
                entry.mtime_ns = file.mtime_ns;
                pass.manifest.files.insert(file.rel.clone(), entry);
            }
            _ => {
                let entry = load_entry(kb.types(), file, &bytes, hash, &mut pass.units_of);
                pass.manifest.files.insert(file.rel.clone(), entry);
                pass.read.insert(file.rel.clone());
            }
        }
    }
    progress.finish();
    Ok(pass)
}

/// Step 2: ids are unique, so each file's final id is decided from every file's
/// claim. Returns whether each file is wanted in the index, and the duplicates.
fn assign_ids(
    kb: &Kb,
    scan: &Scan,
    pass: &mut Pass,
) -> Result<(BTreeMap<String, bool>, Vec<Problem>), KbError> {
    let claims: Vec<Claim> = pass
        .manifest
        .files
        .iter()
        .filter(|(_, e)| !e.failed())
        .filter_map(|(path, e)| {
            Some(Claim {
                path: path.clone(),
                id: e.id.clone()?,
                explicit: e.explicit_id,
            })
        })
        .collect();
    let mut duplicates: Vec<Problem> = Vec::new();
    let mut wanted: BTreeMap<String, bool> = BTreeMap::new();
    for (path, result) in ids::assign(&claims) {
        let id = match result {
            Ok(id) => id,
            Err(reason) => {
                wanted.insert(path.clone(), false);
                pass.units_of.remove(&path);
                duplicates.push(Problem::error(&path, None, reason));
                continue;
            }
        };
        wanted.insert(path.clone(), true);
        let Some(entry) = pass.manifest.files.get_mut(&path) else {
            continue;
        };
        if entry.id.as_deref() != Some(id.as_str()) {
            entry.id = Some(id.clone());
            if let Some(units) = pass.units_of.get_mut(&path) {
                rename_units(units, &id);
            }
        }
        // A file that becomes the owner of its id (its rival was removed) is read now,
        // though its own bytes did not change.
        if !entry.in_index
            && !pass.units_of.contains_key(&path)
            && let Some(file) = scan.files.iter().find(|f| f.rel == path)
        {
            let bytes = fs::read(&file.abs).map_err(|e| KbError::io(&file.abs, e))?;
            let hash = content_hash(&bytes);
            let mut fresh = load_entry(kb.types(), file, &bytes, hash, &mut pass.units_of);
            fresh.id = Some(id.clone());
            if let Some(units) = pass.units_of.get_mut(&path) {
                rename_units(units, &id);
            }
            *entry = fresh;
            pass.read.insert(path.clone());
        }
    }
    Ok((wanted, duplicates))
}

/// Step 3: works out what leaves and what enters the index; returns the paths whose
/// units are deleted, and counts the changes in `report`.
fn plan(
    old: &Manifest,
    pass: &mut Pass,
    wanted: &BTreeMap<String, bool>,
    report: &mut IndexReport,
) -> Vec<String> {
    let mut deletes: Vec<String> = Vec::new();
    for (path, entry) in &old.files {
        let stays = wanted.get(path).copied().unwrap_or(false);
        if entry.in_index && (!stays || pass.read.contains(path)) {
            deletes.push(path.clone());
            if !stays {
                report.removed += 1;
            }
        }
    }
    for (path, entry) in pass.manifest.files.iter_mut() {
        let was_in = old.files.get(path).is_some_and(|e| e.in_index);
        let has_units = pass.units_of.contains_key(path);
        let now_in = wanted.get(path).copied().unwrap_or(false) && (was_in || has_units);
        entry.in_index = now_in;
        match (was_in, now_in, has_units) {
            (false, true, _) => report.added += 1,
            (true, true, true) => report.updated += 1,
            (true, true, false) => report.unchanged += 1,
            _ => {}
        }
    }
    deletes
}

/// Step 4: applies the deletes and additions in one commit.
fn apply(
    index: &Index,
    dir: &Path,
    fields: &Fields,
    deletes: &[String],
    pass: &mut Pass,
    old_generation: u64,
) -> Result<(), KbError> {
    // A handful of changed files is written faster by one thread with a small arena
    // than by spinning up the full writer meant for a rebuild.
    let (threads, memory) = if pass.units_of.len() < SMALL_UPDATE {
        (1, WRITER_MEMORY / 4)
    } else {
        (2, WRITER_MEMORY)
    };
    let mut writer: IndexWriter<TantivyDocument> = index
        .writer_with_num_threads(threads, memory)
        .map_err(|e| match e {
        tantivy::TantivyError::LockFailure(..) => KbError::Locked {
            path: dir.join(".tantivy-writer.lock"),
        },
        other => KbError::Index(other),
    })?;
    // A killed update leaves uncommitted segment and delete files behind; this update
    // would compute the same names, and tantivy refuses to overwrite them.
    writer.garbage_collect_files().wait()?;
    // zhijian decides merges itself (merge_small_segments, merge_all), so that
    // tantivy's background merges never race them for the same segments.
    writer.set_merge_policy(Box::new(tantivy::indexer::NoMergePolicy));
    for path in deletes {
        writer.delete_term(Term::from_field_text(fields.path, path));
    }
    for (path, units) in &pass.units_of {
        if pass.manifest.files.get(path).is_some_and(|e| e.in_index) {
            for unit in units {
                writer.add_document(to_tantivy(fields, unit))?;
            }
        }
    }
    pass.manifest.generation = old_generation + 1;
    let mut prepared = writer.prepare_commit()?;
    prepared.set_payload(&pass.manifest.generation.to_string());
    prepared.commit()?;
    merge_small_segments(&mut writer, index)?;
    writer.wait_merging_threads()?;
    Ok(())
}

/// Segment files in the index folder `dir` that the committed index does not use.
///
/// A killed update leaves the files it wrote before committing, and a killed merge
/// the files it replaced. Only meaningful while the index lock is held, so that
/// nothing is writing.
pub fn orphan_files(index: &Index, dir: &Path) -> Vec<PathBuf> {
    let Ok(meta) = index.load_metas() else {
        return Vec::new();
    };
    let living: HashSet<PathBuf> = meta.list_segment_files();
    let Ok(entries) = fs::read_dir(dir) else {
        return Vec::new();
    };
    let mut orphans: Vec<PathBuf> = entries
        .flatten()
        .filter(|entry| {
            let name = entry.file_name();
            let Some(name) = name.to_str() else {
                return false;
            };
            let segment_file = name
                .split_once('.')
                .is_some_and(|(id, _)| id.len() == 32 && id.bytes().all(|b| b.is_ascii_hexdigit()));
            segment_file && !living.contains(Path::new(name))
        })
        .map(|entry| entry.path())
        .collect();
    orphans.sort();
    orphans
}

/// Loads one file's bytes into a manifest entry, keeping its units when it loads.
///
/// Personal documents yield no units whatever their type declares: the general
/// index never holds personal data.
fn load_entry(
    types: &Types,
    file: &FileEntry,
    bytes: &[u8],
    hash: String,
    units_of: &mut BTreeMap<String, Vec<Unit>>,
) -> Entry {
    let mut entry = Entry {
        size: file.size,
        mtime_ns: file.mtime_ns,
        hash,
        id: None,
        explicit_id: false,
        problems: Vec::new(),
        in_index: false,
    };
    match load(&file.rel, bytes, types) {
        Ok(loaded) => {
            let doc = &loaded.document;
            entry.id = Some(doc.id.clone());
            entry.explicit_id = doc.explicit_id;
            entry.problems = loaded.warnings;
            let units = match types.get(&doc.doc_type) {
                Some(t) if !t.personal() => t.units(doc),
                _ => Vec::new(),
            };
            units_of.insert(file.rel.clone(), units);
        }
        Err(problem) => entry.problems.push(problem),
    }
    entry
}

/// Gives units the document id they were finally assigned.
fn rename_units(units: &mut [Unit], id: &str) {
    for unit in units {
        let suffix = unit
            .uid
            .strip_prefix(unit.id.as_str())
            .unwrap_or("")
            .to_string();
        unit.uid = format!("{id}{suffix}");
        unit.id = id.to_string();
    }
}

/// The first [`schema::STORED_TEXT_MAX`] bytes of `text`, cut at a character boundary.
fn stored_prefix(text: &str) -> &str {
    let mut end = text.len().min(schema::STORED_TEXT_MAX);
    while !text.is_char_boundary(end) {
        end -= 1;
    }
    &text[..end]
}

fn to_tantivy(fields: &Fields, unit: &Unit) -> TantivyDocument {
    let mut doc = TantivyDocument::default();
    doc.add_text(fields.uid, &unit.uid);
    doc.add_text(fields.id, &unit.id);
    doc.add_text(fields.path, &unit.path);
    doc.add_text(fields.unit, unit.kind.as_str());
    doc.add_text(fields.primary, if unit.primary { "1" } else { "0" });
    let (from, until) = match unit.validity {
        Validity::Always => (0, u64::MAX),
        Validity::Never => (u64::MAX, 0),
        Validity::Between { from, until } => {
            (from.map_or(0, date_key), until.map_or(u64::MAX, date_key))
        }
    };
    doc.add_u64(fields.valid_from, from);
    doc.add_u64(fields.valid_until, until);
    doc.add_text(fields.prior, if unit.prior { "1" } else { "0" });
    doc.add_text(fields.title, &unit.title);
    doc.add_text(fields.number, &unit.number);
    doc.add_text(fields.keywords, &unit.keywords);
    doc.add_text(fields.body, &unit.body);
    doc.add_text(fields.stored_text, stored_prefix(&unit.body));
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
