//! The tantivy schema: one index document per searchable unit.

use tantivy::schema::{
    FAST, Field, INDEXED, IndexRecordOption, STORED, STRING, Schema, TextFieldIndexing, TextOptions,
};

use crate::analysis::TOKENIZER_NAME;

/// Bump when the schema, the analyser or what goes into a unit changes: an index built
/// by another version is then rebuilt automatically. (What the document types put in
/// their units is versioned by [`crate::types::Types::fingerprint`].)
pub const SCHEMA_VERSION: u32 = 3;

/// How much of a unit's text is stored for snippets. Articles, sections and cases fit
/// whole; a longer text (a whole law kept as one note) is read from its file instead.
pub const STORED_TEXT_MAX: usize = 32 * 1024;

/// The fields every index has; every other field is a facet (an exact-value field a
/// document type declared, filterable as `name:value` and countable).
const CORE_FIELDS: &[&str] = &[
    "uid",
    "id",
    "path",
    "unit",
    "primary",
    "valid_from",
    "valid_until",
    "prior",
    "title",
    "number",
    "keywords",
    "body",
    "stored_text",
    "year",
    "line",
    "extra",
];

/// Facet fields of every index: the section name of a section unit, besides the
/// core facets and what types declare.
pub const BUILTIN_FACETS: &[&str] = &["section"];

/// Handles to every field.
#[derive(Debug, Clone)]
pub struct Fields {
    pub uid: Field,
    pub id: Field,
    pub path: Field,
    pub unit: Field,
    pub primary: Field,
    /// The first day a unit is in force, as `YYYYMMDD` (0: always was).
    pub valid_from: Field,
    /// The first day it is no longer in force, as `YYYYMMDD` (`u64::MAX`: never ends).
    pub valid_until: Field,
    pub prior: Field,
    pub title: Field,
    pub number: Field,
    pub keywords: Field,
    pub body: Field,
    /// The start of the text, stored for snippets (see [`STORED_TEXT_MAX`]).
    pub stored_text: Field,
    pub year: Field,
    pub line: Field,
    pub extra: Field,
    /// The facet fields, by name.
    pub keyword_fields: Vec<(String, Field)>,
}

impl Fields {
    /// The exact-value field called `name`, if there is one.
    pub fn keyword(&self, name: &str) -> Option<Field> {
        self.keyword_fields
            .iter()
            .find(|(n, _)| n == name)
            .map(|(_, f)| *f)
    }

    /// The text fields searched by free text, with their boosts.
    pub fn text_fields(&self) -> [(Field, f32); 4] {
        [
            (self.title, 3.0),
            (self.number, 3.0),
            (self.keywords, 2.0),
            (self.body, 1.0),
        ]
    }
}

/// Builds the schema with the facet fields `facets` (see `Types::facet_fields`).
pub fn build(facets: &[&str]) -> (Schema, Fields) {
    let mut builder = Schema::builder();
    let indexing = TextFieldIndexing::default()
        .set_tokenizer(TOKENIZER_NAME)
        .set_index_option(IndexRecordOption::WithFreqsAndPositions);
    let indexed_text = TextOptions::default().set_indexing_options(indexing);
    let text = indexed_text.clone().set_stored();
    let uid = builder.add_text_field("uid", STRING | STORED);
    let id = builder.add_text_field("id", STRING | STORED);
    let path = builder.add_text_field("path", STRING | STORED);
    let unit = builder.add_text_field("unit", STRING | STORED);
    let primary = builder.add_text_field("primary", STRING);
    let valid_from = builder.add_u64_field("valid_from", INDEXED);
    let valid_until = builder.add_u64_field("valid_until", INDEXED);
    let prior = builder.add_text_field("prior", STRING);
    let title = builder.add_text_field("title", text.clone());
    let number = builder.add_text_field("number", text.clone());
    let keywords = builder.add_text_field("keywords", text.clone());
    // The body is indexed but not stored whole: deserialising a stored law of 300 KB
    // for every hit cost more than the search itself.
    let body = builder.add_text_field("body", indexed_text);
    let stored_text = builder.add_text_field("stored_text", STORED);
    let year = builder.add_u64_field("year", INDEXED | FAST | STORED);
    let line = builder.add_u64_field("line", STORED);
    let extra = builder.add_text_field("extra", STORED);
    let mut names: Vec<&str> = facets.iter().chain(BUILTIN_FACETS).copied().collect();
    names.retain(|n| !CORE_FIELDS.contains(n));
    let mut seen = std::collections::HashSet::new();
    names.retain(|n| seen.insert(*n));
    let keyword_fields = names
        .into_iter()
        .map(|name| {
            (
                name.to_string(),
                builder.add_text_field(name, STRING | FAST | STORED),
            )
        })
        .collect();
    let fields = Fields {
        uid,
        id,
        path,
        unit,
        primary,
        valid_from,
        valid_until,
        prior,
        title,
        number,
        keywords,
        body,
        stored_text,
        year,
        line,
        extra,
        keyword_fields,
    };
    (builder.build(), fields)
}

/// Looks the fields up in an opened index's schema.
pub fn fields_of(schema: &Schema) -> Option<Fields> {
    let get = |name: &str| schema.get_field(name).ok();
    Some(Fields {
        uid: get("uid")?,
        id: get("id")?,
        path: get("path")?,
        unit: get("unit")?,
        primary: get("primary")?,
        valid_from: get("valid_from")?,
        valid_until: get("valid_until")?,
        prior: get("prior")?,
        title: get("title")?,
        number: get("number")?,
        keywords: get("keywords")?,
        body: get("body")?,
        stored_text: get("stored_text")?,
        year: get("year")?,
        line: get("line")?,
        extra: get("extra")?,
        keyword_fields: schema
            .fields()
            .filter(|(_, entry)| !CORE_FIELDS.contains(&entry.name()))
            .map(|(field, entry)| (entry.name().to_string(), field))
            .collect(),
    })
}
