//! Where imported records live: CSV files under `docket/cases/` (the truth, kept in git,
//! owner-only), a binary cache under `.zhijian/docket/`, and a lock under `.zhijian/locks/`.

pub mod cache;
pub mod lock;
pub mod text;

use std::collections::{BTreeMap, BTreeSet};
use std::io::Read;
use std::path::{Path, PathBuf};

use zhijian_kb::Kb;
use zhijian_kb::config::STATE_DIR;
use zhijian_kb::write::{
    PRIVATE_FILE_MODE, atomic_write, create_private_dir, remove_stale_temp_files,
};

use crate::error::{DocketError, Result};
use crate::messages::{self as m, Lang};
use crate::model::{Case, Dataset, Strings};
use cache::Stamp;

/// The folder of the imported records, relative to the knowledge base.
pub const DIR: &str = "docket";
/// The folder of the case files.
pub const CASES_DIR: &str = "docket/cases";

fn cases_dir(kb: &Kb) -> PathBuf {
    kb.root().join(CASES_DIR)
}

fn cache_path(kb: &Kb) -> PathBuf {
    kb.root().join(STATE_DIR).join("docket").join("cache.bin")
}

/// The case files, sorted by name.
fn shard_files(kb: &Kb) -> Result<Vec<(String, PathBuf)>> {
    let dir = cases_dir(kb);
    let entries = match std::fs::read_dir(&dir) {
        Ok(entries) => entries,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(Vec::new()),
        Err(e) => return Err(DocketError::io(&dir, e)),
    };
    let mut files: Vec<(String, PathBuf)> = entries
        .flatten()
        .filter_map(|e| {
            let name = e.file_name().to_str()?.to_string();
            text::is_shard_name(&name).then(|| (name, e.path()))
        })
        .collect();
    files.sort();
    Ok(files)
}

fn stamp_of(name: &str, meta: &std::fs::Metadata) -> Stamp {
    let mtime_ns = meta
        .modified()
        .ok()
        .and_then(|t| t.duration_since(std::time::UNIX_EPOCH).ok())
        .map_or(0, |d| u64::try_from(d.as_nanos()).unwrap_or(u64::MAX));
    Stamp {
        name: name.to_string(),
        len: meta.len(),
        mtime_ns,
    }
}

fn current_stamps(files: &[(String, PathBuf)]) -> Result<Vec<Stamp>> {
    files
        .iter()
        .map(|(name, path)| {
            std::fs::metadata(path)
                .map(|meta| stamp_of(name, &meta))
                .map_err(|e| DocketError::io(path, e))
        })
        .collect()
}

/// Everything imported so far: from the cache when it matches the files, else from the files
/// (and the cache is rebuilt).
pub fn load(kb: &Kb, lang: Lang) -> Result<Dataset> {
    let files = shard_files(kb)?;
    let stamps = current_stamps(&files)?;
    if let Ok(bytes) = std::fs::read(cache_path(kb))
        && let Some((cached, data)) = cache::decode(&bytes)
        && cached == stamps
    {
        return Ok(data);
    }
    let (data, stamps) = read_files(&files, lang)?;
    // The cache only saves time: a knowledge base on a read-only disk still answers.
    let _ = write_cache(kb, &data, &stamps);
    Ok(data)
}

/// Hands every imported case row to `f` in key order without keeping them all in memory: the
/// commands that look at every case (`due`, `indicators`, `structure`) stream the cache.
///
/// `init` makes the accumulator; if the cache turns out damaged half-way, the rows are read
/// again from the files into a fresh one. Returns the accumulator, the strings and the rows seen.
pub fn visit<A>(
    kb: &Kb,
    lang: Lang,
    mut init: impl FnMut() -> A,
    mut f: impl FnMut(&mut A, Case, &Strings),
) -> Result<(A, Strings, usize)> {
    let files = shard_files(kb)?;
    let stamps = current_stamps(&files)?;
    if let Ok(bytes) = std::fs::read(cache_path(kb))
        && let Some(head) = cache::header(&bytes)
        && head.stamps == stamps
    {
        let mut acc = init();
        let rows = head.len();
        if let Some(strings) = head.for_each(|case, strings| f(&mut acc, case, strings)) {
            return Ok((acc, strings, rows));
        }
    }
    let (data, stamps) = read_files(&files, lang)?;
    let _ = write_cache(kb, &data, &stamps);
    let mut acc = init();
    let rows = data.cases.len();
    for case in data.cases {
        f(&mut acc, case, &data.strings);
    }
    Ok((acc, data.strings, rows))
}

/// Reads every case file; the stamps are taken from the open files, so they describe exactly
/// the bytes that were read even while an import renames new files into place.
fn read_files(files: &[(String, PathBuf)], lang: Lang) -> Result<(Dataset, Vec<Stamp>)> {
    let mut data = Dataset::default();
    let mut stamps = Vec::with_capacity(files.len());
    for (name, path) in files {
        let mut file = std::fs::File::open(path).map_err(|e| DocketError::io(path, e))?;
        let meta = file.metadata().map_err(|e| DocketError::io(path, e))?;
        let mut bytes = Vec::with_capacity(meta.len() as usize);
        file.read_to_end(&mut bytes)
            .map_err(|e| DocketError::io(path, e))?;
        let rel = format!("{CASES_DIR}/{name}");
        data.cases
            .extend(text::read(&rel, &bytes, &mut data.strings, lang)?);
        stamps.push(stamp_of(name, &meta));
    }
    data.sort();
    if let Some(pair) = data.cases.windows(2).find(|w| w[0].key() == w[1].key()) {
        let (number, suspect) = pair[0].key();
        let key = if suspect.is_empty() {
            number.to_string()
        } else {
            format!(
                "{number} {}",
                m::SHOW_SUSPECT.fill(lang, &[("suspect", &suspect)])
            )
        };
        let dir = format!("{CASES_DIR}/");
        return Err(DocketError::Data(
            m::STORE_DUPLICATE.fill(lang, &[("dir", &dir), ("key", &key)]),
        ));
    }
    Ok((data, stamps))
}

fn write_cache(kb: &Kb, data: &Dataset, stamps: &[Stamp]) -> Result<()> {
    let path = cache_path(kb);
    ensure_private_dir(path.parent().unwrap_or(kb.root()))?;
    atomic_write(&path, &cache::encode(data, stamps), Some(PRIVATE_FILE_MODE))?;
    Ok(())
}

fn ensure_private_dir(dir: &Path) -> Result<()> {
    if !dir.exists() {
        create_private_dir(dir)?;
    }
    Ok(())
}

/// What [`save`] changed.
#[derive(Debug, Default, Clone, PartialEq, Eq)]
pub struct Saved {
    /// Files written (new or changed), relative to the knowledge base.
    pub written: Vec<String>,
    /// Files removed because no case is left in them.
    pub removed: Vec<String>,
}

/// Writes the dataset back: only files whose text changed, each atomically and owner-only;
/// then the cache. The caller holds the [`lock::lock`].
///
/// With `dirty`, only those files are rendered and compared: the others hold exactly what was
/// read from them, and rendering a million rows to find that out is most of an import's time.
pub fn save(
    kb: &Kb,
    data: &Dataset,
    dirty: Option<&BTreeSet<String>>,
    lang: Lang,
) -> Result<Saved> {
    let dir = cases_dir(kb);
    ensure_private_dir(&kb.root().join(DIR))?;
    ensure_private_dir(&dir)?;
    let mut shards: BTreeMap<String, Vec<&Case>> = BTreeMap::new();
    for case in &data.cases {
        shards
            .entry(text::shard_name(case.received))
            .or_default()
            .push(case);
    }
    let mut saved = Saved::default();
    for (name, cases) in &shards {
        if dirty.is_some_and(|d| !d.contains(name)) {
            continue;
        }
        let path = dir.join(name);
        let bytes = text::write(cases, &data.strings, lang)?;
        if std::fs::read(&path).is_ok_and(|old| old == bytes) {
            continue;
        }
        remove_stale_temp_files(&path);
        atomic_write(&path, &bytes, Some(PRIVATE_FILE_MODE))?;
        saved.written.push(format!("{CASES_DIR}/{name}"));
    }
    // Files are removed only after every case they held has been written elsewhere.
    for (name, path) in shard_files(kb)? {
        if !shards.contains_key(&name) {
            std::fs::remove_file(&path).map_err(|e| DocketError::io(&path, e))?;
            saved.removed.push(format!("{CASES_DIR}/{name}"));
        }
    }
    let stamps = current_stamps(&shard_files(kb)?)?;
    write_cache(kb, data, &stamps)?;
    Ok(saved)
}
