//! The manifest: what the index holds, file by file, so an update re-reads only
//! what changed.

use std::collections::BTreeMap;
use std::path::Path;

use serde::{Deserialize, Serialize};

use crate::KbError;
use crate::load::Problem;
use crate::write::atomic_write;

/// Format version of the manifest file itself.
const MANIFEST_FORMAT: u32 = 2;

/// The state of every file at the last committed index update.
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
pub struct Manifest {
    /// Format of this file.
    pub format: u32,
    /// Matches the payload of the tantivy commit it describes; a mismatch means the
    /// process died between commit and manifest write, so the manifest is not trusted.
    pub generation: u64,
    /// Files by path relative to the root.
    pub files: BTreeMap<String, Entry>,
}

/// One file as last seen.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Entry {
    /// Size in bytes.
    pub size: u64,
    /// Modification time, nanoseconds since the epoch.
    pub mtime_ns: u64,
    /// FNV-1a hash of the content, hex.
    pub hash: String,
    /// The document id, when the file loaded.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub id: Option<String>,
    /// Whether the id was written in the front matter (else it is the file stem).
    #[serde(default)]
    pub explicit_id: bool,
    /// Problems found when the file was read (the same bytes give the same problems).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub problems: Vec<Problem>,
    /// Whether the file's units are in the index.
    #[serde(default)]
    pub in_index: bool,
}

impl Entry {
    /// True when reading the file failed (it cannot be in the index).
    pub fn failed(&self) -> bool {
        self.problems
            .iter()
            .any(|p| p.severity == crate::load::Severity::Error)
    }
}

/// Why a manifest could not be used.
#[derive(Debug)]
pub enum ManifestState {
    /// There is no manifest yet.
    Missing,
    /// The manifest is there but unreadable.
    Garbage(String),
    /// A usable manifest.
    Ok(Manifest),
}

impl Manifest {
    /// Reads the manifest at `path`.
    pub fn load(path: &Path) -> ManifestState {
        match std::fs::read(path) {
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => ManifestState::Missing,
            Err(e) => ManifestState::Garbage(e.to_string()),
            Ok(bytes) => match serde_json::from_slice::<Manifest>(&bytes) {
                Ok(m) if m.format == MANIFEST_FORMAT => ManifestState::Ok(m),
                Ok(m) => ManifestState::Garbage(format!("unknown manifest format {}", m.format)),
                Err(e) => ManifestState::Garbage(e.to_string()),
            },
        }
    }

    /// Writes the manifest atomically.
    pub fn save(&self, path: &Path) -> Result<(), KbError> {
        let mut manifest = self.clone();
        manifest.format = MANIFEST_FORMAT;
        let json = serde_json::to_vec(&manifest).map_err(|e| KbError::Corrupt {
            reason: e.to_string(),
        })?;
        atomic_write(path, &json, None)
    }
}

/// FNV-1a, 64 bits: enough to tell an edited file from a touched one, with no crate.
pub fn content_hash(bytes: &[u8]) -> String {
    let mut hash: u64 = 0xcbf2_9ce4_8422_2325;
    for &byte in bytes {
        hash ^= u64::from(byte);
        hash = hash.wrapping_mul(0x0000_0100_0000_01b3);
    }
    format!("{hash:016x}")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn round_trip_and_garbage() {
        let dir = tempfile::tempdir().expect("tempdir");
        let path = dir.path().join("manifest.json");
        assert!(matches!(Manifest::load(&path), ManifestState::Missing));
        let mut manifest = Manifest {
            generation: 7,
            ..Manifest::default()
        };
        manifest.files.insert(
            "a.md".into(),
            Entry {
                size: 1,
                mtime_ns: 2,
                hash: content_hash(b"x"),
                id: Some("a".into()),
                explicit_id: false,
                problems: vec![],
                in_index: true,
            },
        );
        manifest.save(&path).expect("save");
        match Manifest::load(&path) {
            ManifestState::Ok(m) => assert_eq!(m.files["a.md"].id.as_deref(), Some("a")),
            other => panic!("unexpected {other:?}"),
        }
        std::fs::write(&path, b"{not json").expect("write");
        assert!(matches!(Manifest::load(&path), ManifestState::Garbage(_)));
    }

    #[test]
    fn hashes_differ_for_different_content() {
        assert_ne!(content_hash(b"a"), content_hash(b"b"));
        assert_eq!(content_hash(b""), "cbf29ce484222325");
    }
}
