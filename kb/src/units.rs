//! Index units: what one search hit can be — a whole document, or one part of it (a
//! policy's article, a case's section).
//!
//! Each document type decides how its documents become units (see
//! [`crate::types::DocumentType::units`]); this module holds the unit itself and the
//! builders every type uses.

use serde_json::{Map, Value, json};

use crate::document::Document;
use crate::time::Date;

/// What part of a document a unit is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum UnitKind {
    /// The whole document (for a document with parts: its title and preamble).
    Doc,
    /// One part found by default, titled by its document (a policy's article).
    Part,
    /// One section, found only when searching by section (a case's 要旨).
    Section,
}

impl UnitKind {
    /// The stored name.
    pub fn as_str(self) -> &'static str {
        match self {
            UnitKind::Doc => "doc",
            UnitKind::Part => "part",
            UnitKind::Section => "section",
        }
    }
}

/// When a unit's text is in force; searches keep the units in force on their as-of
/// date (today by default), decided at query time.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Validity {
    /// Not a dated text (a case, a note): always found.
    Always,
    /// In force from `from` (inclusive) until `until` (exclusive); an open end is
    /// `None`.
    Between {
        /// The first day in force.
        from: Option<Date>,
        /// The first day no longer in force.
        until: Option<Date>,
    },
    /// Known not to be in force on any day the knowledge base can name.
    Never,
}

impl Validity {
    /// Whether the unit is in force on `date`.
    pub fn on(self, date: Date) -> bool {
        match self {
            Validity::Always => true,
            Validity::Never => false,
            Validity::Between { from, until } => {
                from.is_none_or(|f| f <= date) && until.is_none_or(|u| date < u)
            }
        }
    }
}

/// One index document.
#[derive(Debug, Clone)]
pub struct Unit {
    /// Unique key: the id, or `id#第X条` / `id#要旨`.
    pub uid: String,
    /// The document id.
    pub id: String,
    /// The document's path relative to the root.
    pub path: String,
    /// What part of the document this is.
    pub kind: UnitKind,
    /// Found by default (documents and parts) or only on request (sections).
    pub primary: bool,
    /// When the text is in force.
    pub validity: Validity,
    /// Ranked a little higher in answers to questions (a law proper over the rules
    /// that restate it).
    pub prior: bool,
    /// The type shown in results: the document type, or the part's type (`article`).
    pub doc_type: String,
    /// The title shown in results.
    pub title: String,
    /// A number (检例第N号) or a part's label (第X条).
    pub number: String,
    /// Keywords, searched with a boost.
    pub keywords: String,
    /// The text.
    pub body: String,
    /// The year of the document's main date, for `year:` filters.
    pub year: Option<u64>,
    /// 1-based line of the file where the unit starts.
    pub line: usize,
    /// Exact values by facet field (`tag`, `charge` …), filterable and countable.
    pub facets: Vec<(String, String)>,
    /// Type-specific fields shown in results (`number`, `policy`, `article` …).
    pub extra: Map<String, Value>,
}

impl Unit {
    /// The unit of a whole document: its title, text, tags and `date`; types add
    /// their own fields with the builders below.
    pub fn whole(doc: &Document) -> Unit {
        let mut unit = Unit {
            uid: doc.id.clone(),
            id: doc.id.clone(),
            path: doc.path.clone(),
            kind: UnitKind::Doc,
            primary: true,
            validity: Validity::Always,
            prior: false,
            doc_type: doc.doc_type.clone(),
            title: doc.title.clone(),
            number: String::new(),
            keywords: String::new(),
            body: doc.markdown.text.clone(),
            year: None,
            line: 1,
            facets: vec![("type".into(), doc.doc_type.clone())],
            extra: Map::new(),
        };
        for tag in doc.tags() {
            unit.facets.push(("tag".into(), tag));
        }
        unit.year_from(doc, &["date"]);
        unit.extra_dates(doc, &["date"]);
        unit
    }

    /// Adds each of the front-matter string fields `keys` as a facet of the same name.
    pub fn facet_fields(&mut self, doc: &Document, keys: &[&str]) -> &mut Unit {
        for key in keys {
            if let Some(value) = doc.str_field(key) {
                self.facets.push(((*key).to_string(), value.to_string()));
            }
        }
        self
    }

    /// Adds every item of the front-matter list `key` as a value of facet `facet`.
    pub fn facet_list(&mut self, doc: &Document, facet: &str, key: &str) -> &mut Unit {
        for value in doc.list_field(key) {
            self.facets.push((facet.to_string(), value));
        }
        self
    }

    /// Adds the front-matter lists (or strings) `keys` to the boosted keywords.
    pub fn keywords_from(&mut self, doc: &Document, keys: &[&str]) -> &mut Unit {
        let mut words: Vec<String> = self
            .keywords
            .split(' ')
            .filter(|w| !w.is_empty())
            .map(str::to_string)
            .collect();
        for key in keys {
            words.extend(doc.list_field(key));
        }
        self.keywords = words.join(" ");
        self
    }

    /// Copies the front-matter string fields `keys` into the extra fields of hits.
    pub fn extra_strings(&mut self, doc: &Document, keys: &[&str]) -> &mut Unit {
        for key in keys {
            if let Some(value) = doc.str_field(key) {
                self.extra.insert((*key).to_string(), json!(value));
            }
        }
        self
    }

    /// Copies the front-matter dates `keys` (as `YYYY-MM-DD`) into the extra fields.
    pub fn extra_dates(&mut self, doc: &Document, keys: &[&str]) -> &mut Unit {
        for key in keys {
            if let Some(date) = doc.date_field(key) {
                self.extra
                    .insert((*key).to_string(), json!(date.to_string()));
            }
        }
        self
    }

    /// Sets the year from the first of the date fields `keys` the document has.
    pub fn year_from(&mut self, doc: &Document, keys: &[&str]) -> &mut Unit {
        self.year = keys
            .iter()
            .find_map(|k| doc.date_field(k))
            .map(|d| d.year() as u64);
        self
    }

    /// A part of this (whole-document) unit: same fields, its own key, text and line.
    pub fn part(&self, label: &str, kind: UnitKind, body: String, line: usize) -> Unit {
        let mut unit = self.clone();
        unit.uid = format!("{}#{label}", self.id);
        unit.kind = kind;
        unit.primary = kind != UnitKind::Section;
        unit.body = body;
        unit.line = line;
        unit
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::load::load;
    use crate::time::parse_date;
    use crate::types::Types;

    fn date(text: &str) -> Date {
        parse_date(text).expect("date")
    }

    #[test]
    fn validity_is_decided_on_a_date() {
        let between = Validity::Between {
            from: Some(date("2021-03-01")),
            until: Some(date("2024-03-01")),
        };
        assert!(between.on(date("2021-03-01")));
        assert!(between.on(date("2024-02-29")));
        assert!(!between.on(date("2024-03-01")));
        assert!(!between.on(date("2020-12-31")));
        let open = Validity::Between {
            from: Some(date("2030-01-01")),
            until: None,
        };
        assert!(!open.on(date("2026-01-01")) && open.on(date("2030-01-01")));
        assert!(Validity::Always.on(date("1979-07-01")));
        assert!(!Validity::Never.on(date("2024-01-01")));
    }

    #[test]
    fn a_whole_unit_carries_title_text_tags_and_date() {
        let text = "+++\ntitle = \"会议\"\ntags = [\"醉驾\"]\ndate = 2023-05-10\n+++\n讨论醉驾。\n";
        let doc = load("notes/n.md", text.as_bytes(), &Types::default())
            .expect("loads")
            .document;
        let mut unit = Unit::whole(&doc);
        assert_eq!(unit.uid, "n");
        assert_eq!(unit.year, Some(2023));
        assert_eq!(unit.extra["date"], json!("2023-05-10"));
        assert!(unit.facets.contains(&("tag".into(), "醉驾".into())));
        unit.keywords_from(&doc, &["tags"]);
        assert_eq!(unit.keywords, "醉驾");
        let part = unit.part("第一条", UnitKind::Part, "正文".into(), 9);
        assert_eq!(
            (part.uid.as_str(), part.primary, part.line),
            ("n#第一条", true, 9)
        );
        assert!(
            !unit
                .part("要旨", UnitKind::Section, String::new(), 1)
                .primary
        );
    }
}
