//! The zhijian knowledge-base engine.
//!
//! A knowledge base is a folder of Markdown files with TOML front matter and a
//! `zhijian.toml`. This crate reads and checks the documents, analyses Chinese text,
//! keeps the tantivy index in step with the files, searches it, and writes user
//! files atomically. It never prints: callers decide what the user sees.

pub mod analysis;
pub mod audit;
pub mod config;
pub mod document;
mod error;
mod facets;
pub mod frontmatter;
pub mod health;
pub mod ids;
pub mod index;
pub mod load;
pub mod lock;
mod manifest;
pub mod markdown;
pub mod numerals;
pub mod query;
pub mod question;
pub mod scan;
mod schema;
pub mod search;
pub mod snippet;
pub mod time;
mod traditional;
pub mod types;
pub mod units;
pub mod write;

use std::path::{Path, PathBuf};

pub use config::Config;
pub use document::Document;
pub use error::KbError;
pub use load::{Problem, Severity};
pub use search::{Hit, SearchRequest, SearchResults, Searcher};
pub use time::Date;
pub use types::{DocumentType, FieldProblem, Types};
pub use units::{Unit, UnitKind, Validity};

/// An opened knowledge base: its root folder, configuration and document types.
#[derive(Debug, Clone)]
pub struct Kb {
    root: PathBuf,
    config: Config,
    types: Types,
}

/// Every document of a knowledge base, and what was wrong with the rest.
#[derive(Debug, Default)]
pub struct Loaded {
    /// Documents that passed their checks (ids unique), in path order.
    pub documents: Vec<Document>,
    /// Problems, errors (skipped files) and warnings, in path order.
    pub problems: Vec<Problem>,
}

impl Kb {
    /// Opens the knowledge base whose `zhijian.toml` is in `root`, reading documents
    /// with the document types `types` (every plugin's, in the zhijian binary).
    pub fn open(root: &Path, types: Types) -> Result<Kb, KbError> {
        let config = Config::load(&root.join(config::CONFIG_FILE))?;
        Ok(Kb {
            root: root.to_path_buf(),
            config,
            types,
        })
    }

    /// The root folder.
    pub fn root(&self) -> &Path {
        &self.root
    }

    /// The configuration.
    pub fn config(&self) -> &Config {
        &self.config
    }

    /// The document types documents are read with.
    pub fn types(&self) -> &Types {
        &self.types
    }

    /// The question analyser: the plugins' vocabularies and this knowledge base's
    /// user words.
    pub fn analyzer(&self) -> question::Analyzer {
        let vocabularies: Vec<types::Vocabulary> =
            self.types.hooks().map(|h| h.vocabulary()).collect();
        question::Analyzer::new(&vocabularies, &self.config.analysis.user_words)
    }

    /// Reads and checks every document (no index involved).
    pub fn load_all(&self) -> Result<Loaded, KbError> {
        let scan = scan::scan(&self.root, &self.config)?;
        let mut out = Loaded {
            problems: scan.problems,
            ..Loaded::default()
        };
        let mut documents = Vec::with_capacity(scan.files.len());
        for file in &scan.files {
            let bytes = match std::fs::read(&file.abs) {
                Ok(bytes) => bytes,
                Err(e) => {
                    out.problems
                        .push(Problem::error(&file.rel, None, format!("cannot read: {e}")));
                    continue;
                }
            };
            match load::load(&file.rel, &bytes, &self.types) {
                Ok(loaded) => {
                    out.problems.extend(loaded.warnings);
                    documents.push(loaded.document);
                }
                Err(problem) => out.problems.push(problem),
            }
        }
        let claims: Vec<ids::Claim> = documents
            .iter()
            .map(|d| ids::Claim {
                path: d.path.clone(),
                id: d.id.clone(),
                explicit: d.explicit_id,
            })
            .collect();
        let assigned = ids::assign(&claims);
        for mut doc in documents {
            match assigned.get(&doc.path) {
                Some(Ok(id)) => {
                    doc.id = id.clone();
                    out.documents.push(doc);
                }
                Some(Err(reason)) => {
                    out.problems
                        .push(Problem::error(&doc.path, None, reason.clone()))
                }
                None => {}
            }
        }
        out.problems
            .sort_by(|a, b| a.path.cmp(&b.path).then(a.line.cmp(&b.line)));
        Ok(out)
    }

    /// Reads one document by its path relative to the root.
    pub fn load_path(&self, rel: &str) -> Result<load::Loaded, KbError> {
        let abs = self.inside(rel)?;
        let bytes = std::fs::read(&abs).map_err(|e| KbError::io(&abs, e))?;
        load::load(rel, &bytes, &self.types).map_err(|p| KbError::Config {
            path: abs,
            line: p.line,
            message: p.reason,
        })
    }

    /// Finds a document by id: through the index when there is one, else by reading the files.
    pub fn find(&self, id: &str) -> Result<Document, KbError> {
        document::validate_id(id).map_err(|reason| KbError::InvalidId {
            id: id.to_string(),
            reason,
        })?;
        if let Ok(searcher) = Searcher::open(self)
            && let Some(path) = searcher.path_of(id)?
            && let Ok(loaded) = self.load_path(&path)
            && loaded.document.id == id
        {
            return Ok(loaded.document);
        }
        self.load_all()?
            .documents
            .into_iter()
            .find(|d| d.id == id)
            .ok_or_else(|| KbError::UnknownId(id.to_string()))
    }

    /// Resolves a path relative to the root, refusing anything that would leave it.
    pub fn inside(&self, rel: &str) -> Result<PathBuf, KbError> {
        let path = Path::new(rel);
        // `.` alone names the root itself, which is never a document.
        let names_something = path
            .components()
            .any(|c| matches!(c, std::path::Component::Normal(_)));
        let escapes = !names_something
            || path.is_absolute()
            || path.components().any(|c| {
                !matches!(
                    c,
                    std::path::Component::Normal(_) | std::path::Component::CurDir
                )
            });
        if rel.is_empty() || escapes {
            return Err(KbError::InvalidId {
                id: rel.to_string(),
                reason: "a path must stay inside the knowledge base".into(),
            });
        }
        Ok(self.root.join(path))
    }

    /// The file a new document of type `doc_type` with `id` is written to, relative
    /// to the root (`cases/ID.md`).
    pub fn rel_path_for(&self, doc_type: &str, id: &str) -> Result<String, KbError> {
        document::validate_id(id).map_err(|reason| KbError::InvalidId {
            id: id.to_string(),
            reason,
        })?;
        let folder = self
            .types
            .get(doc_type)
            .map(DocumentType::folder)
            .ok_or_else(|| KbError::Query(format!("unknown type `{doc_type}`")))?;
        Ok(format!("{folder}/{id}.md"))
    }

    /// The file a new document of type `doc_type` with `id` is written to.
    pub fn path_for(&self, doc_type: &str, id: &str) -> Result<PathBuf, KbError> {
        let rel = self.rel_path_for(doc_type, id)?;
        self.inside(&rel)
    }
}
