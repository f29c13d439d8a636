//! Document types: what `type = "…"` means, declared by the plugin that owns the type.
//!
//! `kb` knows one type of its own, `note` (any Markdown file). Every other type — a
//! case, a law, a training material, a person — is declared by its plugin as a
//! [`DocumentType`]: its folder, its checks, how its documents become index units and
//! what `zhijian show` prints under the title. Plugins may also help read queries
//! ([`QueryHook`]): a citation such as 刑法第234条 names one unit, and a vocabulary of
//! legal words helps long questions. A new plugin therefore never edits `kb`.

use std::fmt;
use std::sync::Arc;

use crate::document::Document;
use crate::load::Severity;
use crate::units::Unit;

/// One kind of document, declared by the plugin that owns it.
pub trait DocumentType: Send + Sync {
    /// The name written in `type = "…"`.
    fn name(&self) -> &'static str;

    /// The folder `zhijian init` creates and `zhijian new` writes into.
    fn folder(&self) -> &'static str;

    /// Personal data: never indexed, never shown by core commands, never handed to other
    /// plugins, written owner-only. Every file under such a type's folder counts, typed
    /// or not.
    fn personal(&self) -> bool {
        false
    }

    /// Folders (relative to the root) where the owning plugin keeps its records
    /// (`training/records`): personal data, never indexed, never written by other
    /// plugins, kept owner-only.
    fn record_folders(&self) -> &'static [&'static str] {
        &[]
    }

    /// The exact-value fields this type's units carry (`charge`, `status` …): each
    /// becomes a filter (`charge:盗窃罪`) and a facet column of the index.
    fn facets(&self) -> &'static [&'static str] {
        &[]
    }

    /// The unit types this type's documents produce, as `--type` and `type:` accept
    /// them; by default only the type's own name.
    fn unit_types(&self) -> Vec<&'static str> {
        vec![self.name()]
    }

    /// Bumped whenever what [`DocumentType::units`] makes changes, so that indexes
    /// built before are rebuilt by themselves.
    fn version(&self) -> u32 {
        1
    }

    /// The type's own checks, beyond the front matter every document shares; an
    /// error keeps the document out of the index.
    fn check(&self, doc: &Document) -> Vec<FieldProblem>;

    /// The index units of a document that passed its checks.
    fn units(&self, doc: &Document) -> Vec<Unit> {
        vec![Unit::whole(doc)]
    }

    /// `(label, value)` lines `zhijian show` prints under the title, in order.
    fn summary(&self, doc: &Document) -> Vec<(String, String)> {
        let _ = doc;
        Vec::new()
    }
}

/// Something wrong with one field of a document.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FieldProblem {
    /// The front-matter key at fault (its line is reported), or `None` for the file.
    pub key: Option<String>,
    /// What is wrong, lower-case.
    pub reason: String,
    /// Error (the file is skipped) or warning.
    pub severity: Severity,
}

impl FieldProblem {
    /// An error about `key`: the document is not used.
    pub fn error(key: &str, reason: impl Into<String>) -> FieldProblem {
        FieldProblem {
            key: Some(key.to_string()),
            reason: reason.into(),
            severity: Severity::Error,
        }
    }

    /// A warning about `key`: the document is used anyway.
    pub fn warning(key: &str, reason: impl Into<String>) -> FieldProblem {
        FieldProblem {
            key: Some(key.to_string()),
            reason: reason.into(),
            severity: Severity::Warning,
        }
    }
}

/// A reference to one unit of one document, read from a query: 刑法第234条 names
/// the article labelled 第二百三十四条 (or 第234条) of the law titled 刑法.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct UnitReference {
    /// What the containing document is called in its units' titles and keywords
    /// (empty when the query names none).
    pub container: String,
    /// The unit's labels, any of which may appear in its `number` field.
    pub labels: Vec<String>,
    /// The unit type (`article`).
    pub unit_type: String,
}

/// Words that help read long questions: legal terms kept whole, and everyday words
/// with the legal words the texts use instead.
#[derive(Debug, Clone, Copy, Default)]
pub struct Vocabulary {
    /// Terms kept whole inside a question.
    pub words: &'static [&'static str],
    /// `(everyday, [legal …])`.
    pub synonyms: &'static [(&'static str, &'static [&'static str])],
}

/// How a plugin helps read queries.
pub trait QueryHook: Send + Sync {
    /// The unit `term` refers to, if it is a reference; `next` is the following term,
    /// for references written in two (`刑法 第234条`). The bool says whether `next`
    /// was used.
    fn reference(&self, term: &str, next: Option<&str>) -> Option<(UnitReference, bool)>;

    /// Words for reading long questions.
    fn vocabulary(&self) -> Vocabulary {
        Vocabulary::default()
    }
}

/// Every document type and query hook a run knows: `note` plus what plugins declared.
#[derive(Clone)]
pub struct Types {
    inner: Arc<Registry>,
}

struct Registry {
    types: Vec<Box<dyn DocumentType>>,
    hooks: Vec<Box<dyn QueryHook>>,
}

impl fmt::Debug for Types {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_list().entries(self.names()).finish()
    }
}

impl Default for Types {
    fn default() -> Self {
        Types::builder().build()
    }
}

/// Collects declarations before they are frozen into [`Types`].
pub struct TypesBuilder {
    registry: Registry,
}

impl TypesBuilder {
    /// Adds a document type; a later declaration of a taken name is ignored.
    #[must_use]
    pub fn with_type(mut self, doc_type: Box<dyn DocumentType>) -> TypesBuilder {
        let taken = self
            .registry
            .types
            .iter()
            .any(|t| t.name() == doc_type.name());
        if !taken {
            self.registry.types.push(doc_type);
        }
        self
    }

    /// Adds a query hook.
    #[must_use]
    pub fn with_hook(mut self, hook: Box<dyn QueryHook>) -> TypesBuilder {
        self.registry.hooks.push(hook);
        self
    }

    /// The finished registry.
    pub fn build(self) -> Types {
        Types {
            inner: Arc::new(self.registry),
        }
    }
}

/// The facet fields every unit has, whatever its type.
pub const CORE_FACETS: &[&str] = &["type", "tag"];

impl Types {
    /// A registry with `note` alone; add plugins' declarations to it.
    pub fn builder() -> TypesBuilder {
        TypesBuilder {
            registry: Registry {
                types: vec![Box::new(Note)],
                hooks: Vec::new(),
            },
        }
    }

    /// The type called `name`.
    pub fn get(&self, name: &str) -> Option<&dyn DocumentType> {
        self.inner
            .types
            .iter()
            .find(|t| t.name() == name)
            .map(|t| t.as_ref())
    }

    /// Every type name, in declaration order (`note` first).
    pub fn names(&self) -> Vec<&'static str> {
        self.inner.types.iter().map(|t| t.name()).collect()
    }

    /// Every type.
    pub fn all(&self) -> impl Iterator<Item = &dyn DocumentType> {
        self.inner.types.iter().map(|t| t.as_ref())
    }

    /// The query hooks.
    pub fn hooks(&self) -> impl Iterator<Item = &dyn QueryHook> {
        self.inner.hooks.iter().map(|h| h.as_ref())
    }

    /// Whether `type_name` holds personal data.
    pub fn is_personal(&self, type_name: &str) -> bool {
        self.get(type_name).is_some_and(|t| t.personal())
    }

    /// The folders of personal types (`people`): everything under them is personal
    /// data, whatever its front matter says.
    pub fn personal_folders(&self) -> Vec<&'static str> {
        self.inner
            .types
            .iter()
            .filter(|t| t.personal())
            .map(|t| t.folder())
            .collect()
    }

    /// The personal type whose folder holds `rel` (a path relative to the root), if any.
    pub fn personal_folder_of(&self, rel: &str) -> Option<&dyn DocumentType> {
        let rel = rel.trim_start_matches("./");
        self.inner
            .types
            .iter()
            .filter(|t| t.personal())
            .find(|t| {
                rel.strip_prefix(t.folder())
                    .is_some_and(|rest| rest.starts_with('/'))
            })
            .map(|t| t.as_ref())
    }

    /// Every folder holding personal data: the folders of personal types and every
    /// type's record folders.
    pub fn private_folders(&self) -> Vec<&'static str> {
        let mut out = self.personal_folders();
        out.extend(
            self.inner
                .types
                .iter()
                .flat_map(|t| t.record_folders().iter().copied()),
        );
        out.sort_unstable();
        out.dedup();
        out
    }

    /// Whether `rel` (a path relative to the root) lies in a folder of personal data.
    pub fn is_private_path(&self, rel: &str) -> bool {
        let rel = rel.trim_start_matches("./");
        self.private_folders().iter().any(|folder| {
            rel == *folder
                || rel
                    .strip_prefix(folder)
                    .is_some_and(|rest| rest.starts_with('/'))
        })
    }

    /// The unit types a search can return (personal types never are).
    pub fn search_types(&self) -> Vec<&'static str> {
        let mut out: Vec<&'static str> = self
            .inner
            .types
            .iter()
            .filter(|t| !t.personal())
            .flat_map(|t| t.unit_types())
            .collect();
        out.sort_unstable();
        out.dedup();
        out
    }

    /// Every facet field: the core ones, then the declared ones, sorted, once each.
    pub fn facet_fields(&self) -> Vec<&'static str> {
        let mut declared: Vec<&'static str> = self
            .inner
            .types
            .iter()
            .flat_map(|t| t.facets().iter().copied())
            .filter(|f| !CORE_FACETS.contains(f))
            .collect();
        declared.sort_unstable();
        declared.dedup();
        CORE_FACETS.iter().copied().chain(declared).collect()
    }

    /// Names and versions of the types, and the facet fields: when this changes, an
    /// index built before no longer matches and is rebuilt.
    pub fn fingerprint(&self) -> String {
        let mut parts: Vec<String> = self
            .inner
            .types
            .iter()
            .map(|t| format!("{}@{}", t.name(), t.version()))
            .collect();
        parts.sort();
        parts.push(self.facet_fields().join(","));
        parts.join(";")
    }
}

/// Any Markdown file: no required fields, one unit.
struct Note;

impl DocumentType for Note {
    fn name(&self) -> &'static str {
        "note"
    }

    fn folder(&self) -> &'static str {
        "notes"
    }

    fn check(&self, _doc: &Document) -> Vec<FieldProblem> {
        Vec::new()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    struct Secret;

    impl DocumentType for Secret {
        fn name(&self) -> &'static str {
            "secret"
        }
        fn folder(&self) -> &'static str {
            "secrets"
        }
        fn personal(&self) -> bool {
            true
        }
        fn facets(&self) -> &'static [&'static str] {
            &["level", "tag"]
        }
        fn record_folders(&self) -> &'static [&'static str] {
            &["vault/records"]
        }
        fn check(&self, _doc: &Document) -> Vec<FieldProblem> {
            Vec::new()
        }
    }

    #[test]
    fn declared_types_join_the_note_type() {
        let types = Types::builder().with_type(Box::new(Secret)).build();
        assert_eq!(types.names(), ["note", "secret"]);
        assert!(types.is_personal("secret") && !types.is_personal("note"));
        assert_eq!(types.search_types(), ["note"]);
        assert_eq!(types.facet_fields(), ["type", "tag", "level"]);
        assert!(types.personal_folder_of("secrets/a.md").is_some());
        assert!(types.personal_folder_of("secretsx/a.md").is_none());
        assert!(types.personal_folder_of("notes/secrets/a.md").is_none());
        assert_eq!(types.private_folders(), ["secrets", "vault/records"]);
        assert!(types.is_private_path("vault/records/p1.toml"));
        assert!(types.is_private_path("secrets"));
        assert!(!types.is_private_path("vault/notes.md"));
        assert_ne!(types.fingerprint(), Types::default().fingerprint());
    }

    #[test]
    fn a_taken_name_is_not_declared_twice() {
        let types = Types::builder()
            .with_type(Box::new(Secret))
            .with_type(Box::new(Secret))
            .build();
        assert_eq!(types.names().len(), 2);
    }
}
