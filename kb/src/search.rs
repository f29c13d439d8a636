//! Searching the index: query compilation, ranking, snippets and facets.

use std::ops::Bound;

use serde::Serialize;
use serde_json::{Map, Value};
use tantivy::collector::{Count, TopDocs};
use tantivy::query::{
    AllQuery, BooleanQuery, BoostQuery, ConstScoreQuery, EmptyQuery, Occur, PhrasePrefixQuery,
    PhraseQuery, Query, RangeQuery, TermQuery,
};
use tantivy::schema::{Field, IndexRecordOption, Value as _};
use tantivy::{
    DocAddress, IndexReader, ReloadPolicy, Searcher as TantivySearcher, TantivyDocument, Term,
};

use crate::analysis::{fold, index_tokens, literal_tokens};
use crate::facets::{FacetCollector, FacetCounts};
use crate::index::open_live;
use crate::query::{Expr, parse};
use crate::question::Analyzer;
use crate::schema::{Fields, fields_of};
use crate::snippet::snippet;
use crate::time::{Date, date_key};
use crate::types::{Types, UnitReference};
use crate::{Kb, KbError};

/// What to search for.
#[derive(Debug, Clone)]
pub struct SearchRequest {
    /// The query, in the query language (see `query`).
    pub query: String,
    /// Only these types (`case`, `article`, …); empty means all.
    pub types: Vec<String>,
    /// Extra exact filters, `(field, value)`, all of which must hold.
    pub filters: Vec<(String, String)>,
    /// Search case sections instead of whole documents: a section name, or `*` for any.
    pub section: Option<String>,
    /// Include texts not in force on the as-of date (other versions of a law).
    pub all_versions: bool,
    /// The date whose texts in force are searched; today when `None`.
    pub as_of: Option<Date>,
    /// Hits to return.
    pub limit: usize,
    /// Hits to skip (for paging).
    pub offset: usize,
    /// Fields to count values of; `type` and `tag` by default.
    pub facets: Vec<String>,
    /// Approximate snippet length in characters.
    pub snippet_chars: usize,
}

impl SearchRequest {
    /// A request with the defaults: 10 hits, facets by type and tag.
    pub fn new(query: impl Into<String>) -> SearchRequest {
        SearchRequest {
            query: query.into(),
            types: Vec::new(),
            filters: Vec::new(),
            section: None,
            all_versions: false,
            as_of: None,
            limit: 10,
            offset: 0,
            facets: vec!["type".into(), "tag".into()],
            snippet_chars: 80,
        }
    }
}

/// One hit.
#[derive(Debug, Clone, Serialize)]
pub struct Hit {
    /// The document id.
    pub id: String,
    /// The unit type: a document type (`case`, `note` …) or a part type (`article`).
    #[serde(rename = "type")]
    pub doc_type: String,
    /// The title (for an article: the policy's short name and the article label).
    pub title: String,
    /// The file, relative to the knowledge base.
    pub path: String,
    /// 1-based line of the file where the hit starts.
    pub line: u64,
    /// Relevance (higher is better).
    pub score: f32,
    /// The text around the matches.
    pub snippet: String,
    /// Matched character ranges in `snippet`, `[start, end)`.
    pub highlights: Vec<(usize, usize)>,
    /// Type-specific fields: `number` for cases; `policy`, `article`, `source` for articles …
    #[serde(flatten)]
    pub extra: Map<String, Value>,
}

/// The answer to a [`SearchRequest`].
#[derive(Debug, Clone, Serialize)]
pub struct SearchResults {
    /// The query as given.
    pub query: String,
    /// Matching units in all.
    pub total: usize,
    /// The requested page of hits.
    pub hits: Vec<Hit>,
    /// Counts by facet field and value, over all matches.
    pub facets: FacetCounts,
}

/// An open index, ready for many queries (open once, search often).
pub struct Searcher {
    root: std::path::PathBuf,
    reader: IndexReader,
    fields: Fields,
    analyzer: Analyzer,
    types: Types,
}

impl std::fmt::Debug for Searcher {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Searcher").finish_non_exhaustive()
    }
}

impl Searcher {
    /// Opens the knowledge base's index for searching.
    pub fn open(kb: &Kb) -> Result<Searcher, KbError> {
        let index = open_live(kb.root(), kb.types())?;
        let fields = fields_of(&index.schema()).ok_or_else(|| KbError::Corrupt {
            reason: "schema lacks zhijian's fields".into(),
        })?;
        let reader = index
            .reader_builder()
            .reload_policy(ReloadPolicy::Manual)
            .try_into()
            .map_err(|e: tantivy::TantivyError| KbError::Corrupt {
                reason: e.to_string(),
            })?;
        Ok(Searcher {
            root: kb.root().to_path_buf(),
            reader,
            fields,
            analyzer: kb.analyzer(),
            types: kb.types().clone(),
        })
    }

    /// Opens the index, first building it when there is none and rebuilding it from
    /// the Markdown files when it is damaged or from another version.
    ///
    /// Returns why it had to (re)build, so the caller can say so in one line.
    pub fn open_repairing(kb: &Kb) -> Result<(Searcher, Option<String>), KbError> {
        let reason = match Searcher::open(kb) {
            Ok(searcher) => return Ok((searcher, None)),
            Err(KbError::NoIndex) => "there was no index yet: built it".to_string(),
            Err(KbError::Corrupt { reason }) => {
                format!("the index was unusable ({reason}): rebuilt it from the Markdown files")
            }
            Err(other) => return Err(other),
        };
        crate::index::update(kb, true, &crate::index::NoProgress)?;
        Ok((Searcher::open(kb)?, Some(reason)))
    }

    /// Runs a search.
    pub fn search(&self, request: &SearchRequest) -> Result<SearchResults, KbError> {
        let expr = parse(&request.query)?;
        let mut needles = Vec::new();
        let main = self.compile(&expr, &mut needles)?;
        let query = self.with_filters(main, request)?;
        let searcher = self.reader.searcher();
        let limit = request.limit.max(1);
        let collectors = (
            Count,
            TopDocs::with_limit(limit)
                .and_offset(request.offset)
                .order_by_score(),
            FacetCollector::new(request.facets.clone()),
        );
        let (total, top, facets) = searcher.search(&query, &collectors)?;
        let mut hits = Vec::with_capacity(top.len());
        for (score, address) in top.into_iter().take(request.limit) {
            hits.push(self.hit(&searcher, address, score, &needles, request.snippet_chars)?);
        }
        Ok(SearchResults {
            query: request.query.clone(),
            total,
            hits,
            facets,
        })
    }

    /// Every unit whose `field` holds exactly `value` (for example all articles of one
    /// policy: `("policy", id)`), in index order, without snippets.
    pub fn units_where(&self, field: &str, value: &str, limit: usize) -> Result<Vec<Hit>, KbError> {
        let field = self.exact_field(field)?;
        let query = TermQuery::new(
            Term::from_field_text(field, value),
            IndexRecordOption::Basic,
        );
        let searcher = self.reader.searcher();
        let top = searcher.search(&query, &TopDocs::with_limit(limit.max(1)).order_by_score())?;
        let mut hits = Vec::with_capacity(top.len());
        for (score, address) in top {
            hits.push(self.hit(&searcher, address, score, &[], 0)?);
        }
        hits.sort_by_key(|h| h.line);
        Ok(hits)
    }

    /// How many units hold each of `terms` (index tokens, such as bigrams) in their
    /// text, and how many units there are: the document frequencies of tf·idf.
    pub fn text_frequencies(&self, terms: &[String]) -> Result<(u64, Vec<u64>), KbError> {
        let searcher = self.reader.searcher();
        let total = searcher.num_docs();
        let mut out = Vec::with_capacity(terms.len());
        for term in terms {
            out.push(searcher.doc_freq(&Term::from_field_text(self.fields.body, term))?);
        }
        Ok((total, out))
    }

    /// How many documents of type `doc_type` have no value in the facet `facet`.
    pub fn count_missing(&self, doc_type: &str, facet: &str) -> Result<u64, KbError> {
        let facet_field = self.exact_field(facet)?;
        let query = BooleanQuery::new(vec![
            (Occur::Must, exact_term(self.exact_field("type")?, doc_type)),
            (Occur::Must, exact_term(self.fields.unit, "doc")),
            (
                Occur::MustNot,
                Box::new(tantivy::query::ExistsQuery::new(
                    self.field_name(facet_field),
                    false,
                )),
            ),
        ]);
        Ok(self.reader.searcher().search(&query, &Count)? as u64)
    }

    fn field_name(&self, field: Field) -> String {
        self.reader
            .searcher()
            .schema()
            .get_field_name(field)
            .to_string()
    }

    /// The path of the document with `id`, if it is in the index.
    pub fn path_of(&self, id: &str) -> Result<Option<String>, KbError> {
        Ok(self
            .units_where("id", id, 1)?
            .into_iter()
            .next()
            .map(|h| h.path))
    }

    fn exact_field(&self, name: &str) -> Result<Field, KbError> {
        match name {
            "id" => Ok(self.fields.id),
            "uid" => Ok(self.fields.uid),
            "path" => Ok(self.fields.path),
            "unit" => Ok(self.fields.unit),
            "tags" => Ok(self.fields.keyword("tag").unwrap_or(self.fields.id)),
            other => self
                .fields
                .keyword(other)
                .ok_or_else(|| unknown_field(&self.fields, other)),
        }
    }

    fn hit(
        &self,
        searcher: &TantivySearcher,
        address: DocAddress,
        score: f32,
        needles: &[String],
        snippet_chars: usize,
    ) -> Result<Hit, KbError> {
        let doc: TantivyDocument = searcher.doc(address)?;
        let text = |field: Field| {
            doc.get_first(field)
                .and_then(|v| v.as_str())
                .unwrap_or("")
                .to_string()
        };
        let extra = match serde_json::from_str::<Value>(&text(self.fields.extra)) {
            Ok(Value::Object(map)) => map,
            _ => Map::new(),
        };
        let snip = if snippet_chars > 0 {
            let stored = text(self.fields.stored_text);
            let cut = stored.len() >= crate::schema::STORED_TEXT_MAX - 4;
            let found = needles
                .iter()
                .any(|n| !n.is_empty() && stored.contains(n.as_str()));
            // The match lies past the stored start of a long text: take it from the file.
            let from_file = (cut && !found)
                .then(|| std::fs::read(self.root.join(text(self.fields.path))).ok())
                .flatten()
                .and_then(|bytes| crate::snippet::snippet_of_bytes(&bytes, needles, snippet_chars));
            from_file.unwrap_or_else(|| snippet(&stored, needles, snippet_chars))
        } else {
            Default::default()
        };
        Ok(Hit {
            id: text(self.fields.id),
            doc_type: doc
                .get_first(self.fields.keyword("type").unwrap_or(self.fields.unit))
                .and_then(|v| v.as_str())
                .unwrap_or("note")
                .to_string(),
            title: text(self.fields.title),
            path: text(self.fields.path),
            line: doc
                .get_first(self.fields.line)
                .and_then(|v| v.as_u64())
                .unwrap_or(1),
            score,
            snippet: snip.text,
            highlights: snip.highlights,
            extra,
        })
    }

    fn with_filters(
        &self,
        main: Box<dyn Query>,
        request: &SearchRequest,
    ) -> Result<Box<dyn Query>, KbError> {
        let mut clauses: Vec<(Occur, Box<dyn Query>)> = vec![(Occur::Must, main)];
        let exact = |field: Field, value: &str| -> Box<dyn Query> {
            Box::new(ConstScoreQuery::new(
                Box::new(TermQuery::new(
                    Term::from_field_text(field, value),
                    IndexRecordOption::Basic,
                )),
                0.0,
            ))
        };
        match &request.section {
            Some(section) => {
                clauses.push((Occur::Must, exact(self.fields.unit, "section")));
                if section != "*" {
                    clauses.push((Occur::Must, exact(self.exact_field("section")?, section)));
                }
            }
            None => clauses.push((Occur::Must, exact(self.fields.primary, "1"))),
        }
        if !request.all_versions {
            let day = date_key(request.as_of.unwrap_or_else(crate::time::today));
            clauses.push((Occur::Must, self.in_force_on(day)));
        }
        if !request.types.is_empty() {
            for t in &request.types {
                self.check_type(t)?;
            }
            let type_field = self.exact_field("type")?;
            let any: Vec<(Occur, Box<dyn Query>)> = request
                .types
                .iter()
                .map(|t| (Occur::Should, exact(type_field, t)))
                .collect();
            clauses.push((Occur::Must, Box::new(BooleanQuery::new(any))));
        }
        for (name, value) in &request.filters {
            clauses.push((Occur::Must, exact(self.exact_field(name)?, value)));
        }
        Ok(Box::new(BooleanQuery::new(clauses)))
    }

    /// Units in force on `day` (a [`date_key`]): valid from that day or earlier, and
    /// until a later day.
    fn in_force_on(&self, day: u64) -> Box<dyn Query> {
        let from = RangeQuery::new(
            Bound::Included(Term::from_field_u64(self.fields.valid_from, 0)),
            Bound::Included(Term::from_field_u64(self.fields.valid_from, day)),
        );
        let until = RangeQuery::new(
            Bound::Excluded(Term::from_field_u64(self.fields.valid_until, day)),
            Bound::Unbounded,
        );
        Box::new(ConstScoreQuery::new(
            Box::new(BooleanQuery::new(vec![
                (Occur::Must, Box::new(from) as Box<dyn Query>),
                (Occur::Must, Box::new(until)),
            ])),
            0.0,
        ))
    }

    /// The unit a term names, if a plugin's query hook reads it as a reference.
    fn reference(&self, term: &str, next: Option<&str>) -> Option<(UnitReference, bool)> {
        self.types.hooks().find_map(|h| h.reference(term, next))
    }

    fn compile(&self, expr: &Expr, needles: &mut Vec<String>) -> Result<Box<dyn Query>, KbError> {
        Ok(match expr {
            Expr::Term(text) if let Some((reference, _)) = self.reference(text, None) => {
                self.unit_reference(&reference, needles)
            }
            Expr::Term(text) if self.analyzer.is_question(text) => self.question(text, needles),
            Expr::Term(text) | Expr::Phrase(text) => {
                needles.push(fold(text));
                self.text_clause(text, ARTICLE_META_WEIGHT)
            }
            Expr::Field { name, value } => self.field(name, value, needles)?,
            Expr::Range { name, from, to } => {
                if name != "year" {
                    return Err(KbError::Query(format!(
                        "only `year:` takes a range (`{name}:` does not)"
                    )));
                }
                let bound = |v: &Option<String>| -> Result<Bound<Term>, KbError> {
                    match v {
                        None => Ok(Bound::Unbounded),
                        Some(v) => Ok(Bound::Included(Term::from_field_u64(
                            self.fields.year,
                            parse_year(v)?,
                        ))),
                    }
                };
                Box::new(RangeQuery::new(bound(from)?, bound(to)?))
            }
            Expr::And(items) => {
                let mut clauses = Vec::with_capacity(items.len() + 1);
                let mut items = items.iter().peekable();
                while let Some(item) = items.next() {
                    // `刑法 第234条`: a law's name, then an article alone, is one reference.
                    if let (Expr::Term(term), Some(Expr::Term(next))) = (item, items.peek())
                        && let Some((reference, true)) = self.reference(term, Some(next))
                    {
                        items.next();
                        clauses.push((Occur::Must, self.unit_reference(&reference, needles)));
                        continue;
                    }
                    match item {
                        Expr::Not(inner) => {
                            clauses.push((Occur::MustNot, self.compile(inner, &mut Vec::new())?))
                        }
                        other => clauses.push((Occur::Must, self.compile(other, needles)?)),
                    }
                }
                if clauses.iter().all(|(occur, _)| *occur == Occur::MustNot) {
                    clauses.push((Occur::Must, Box::new(AllQuery)));
                }
                Box::new(BooleanQuery::new(clauses))
            }
            Expr::Or(items) => {
                let mut clauses = Vec::with_capacity(items.len());
                for item in items {
                    clauses.push((Occur::Should, self.compile(item, needles)?));
                }
                Box::new(BooleanQuery::new(clauses))
            }
            Expr::Not(inner) => Box::new(BooleanQuery::new(vec![
                (Occur::Must, Box::new(AllQuery) as Box<dyn Query>),
                (Occur::MustNot, self.compile(inner, &mut Vec::new())?),
            ])),
        })
    }

    fn field(
        &self,
        name: &str,
        value: &str,
        needles: &mut Vec<String>,
    ) -> Result<Box<dyn Query>, KbError> {
        let text_field = match name {
            "title" => Some(self.fields.title),
            "body" | "text" => Some(self.fields.body),
            "number" => Some(self.fields.number),
            "keywords" => Some(self.fields.keywords),
            _ => None,
        };
        if let Some(field) = text_field {
            needles.push(fold(value));
            return Ok(literal(value, &[(field, 1.0)]));
        }
        if name == "year" {
            let year = parse_year(value)?;
            return Ok(Box::new(TermQuery::new(
                Term::from_field_u64(self.fields.year, year),
                IndexRecordOption::Basic,
            )));
        }
        if name == "type" {
            self.check_type(value)?;
        }
        let field = self.exact_field(name)?;
        Ok(Box::new(TermQuery::new(
            Term::from_field_text(field, value),
            IndexRecordOption::WithFreqs,
        )))
    }

    /// One unit a reference names (`刑法第二百三十四条`): the unit itself far above
    /// the units whose text cites it, any of its labels (第二百三十四条, 第234条) matched.
    fn unit_reference(
        &self,
        reference: &UnitReference,
        needles: &mut Vec<String>,
    ) -> Box<dyn Query> {
        let labels = &reference.labels;
        needles.extend(labels.iter().cloned());
        let any_label = |field: Field| -> Box<dyn Query> {
            Box::new(BooleanQuery::new(
                labels
                    .iter()
                    .map(|l| (Occur::Should, literal(l, &[(field, 1.0)])))
                    .collect(),
            ))
        };
        // The number field holds just the label, so its whole token run (ending in the
        // lone 条 the tokenizer emits where a run ends) is an exact match: 第一百三十三条
        // and not 第一百三十三条之一. A phrase under MustNot would do the same, but
        // tantivy 0.27 trips a debug assertion seeking a phrase backwards (issue 2811).
        let exact_label = |label: &String| -> Box<dyn Query> {
            let terms: Vec<Term> = index_tokens(label)
                .iter()
                .map(|t| Term::from_field_text(self.fields.number, t))
                .collect();
            match terms.len() {
                0 => Box::new(EmptyQuery),
                1 => Box::new(TermQuery::new(terms[0].clone(), IndexRecordOption::Basic)),
                _ => Box::new(PhraseQuery::new(terms)),
            }
        };
        let mut unit: Vec<(Occur, Box<dyn Query>)> = vec![(
            Occur::Must,
            Box::new(BooleanQuery::new(
                labels
                    .iter()
                    .map(|l| (Occur::Should, exact_label(l)))
                    .collect(),
            )),
        )];
        if let Some(type_field) = self.fields.keyword("type") {
            unit.push((Occur::Must, exact_term(type_field, &reference.unit_type)));
        }
        // A part's text starts with its own label, so 第一百三十三条之一 also "cites"
        // 第一百三十三条 and follows it: a neighbour worth seeing.
        let mut citing = vec![(Occur::Must, any_label(self.fields.body))];
        let container = reference.container.as_str();
        if !container.is_empty() {
            needles.push(container.to_string());
            unit.push((
                Occur::Must,
                literal(
                    container,
                    &[(self.fields.title, 1.0), (self.fields.keywords, 1.0)],
                ),
            ));
            citing.push((Occur::Must, literal(container, &self.fields.text_fields())));
        }
        Box::new(BooleanQuery::new(vec![
            (
                Occur::Should,
                Box::new(BoostQuery::new(
                    Box::new(BooleanQuery::new(unit)),
                    REFERENCE_BOOST,
                )),
            ),
            (Occur::Should, Box::new(BooleanQuery::new(citing))),
        ]))
    }

    /// A long question: its chunks, dictionary words and synonyms as boosted phrases,
    /// and every bigram as a weak term, all optional — the best answers match most.
    ///
    /// Measured with `cargo xtask eval` (docs/benchmarks.md): a part's title and
    /// keywords hold its document's name, so question words that happen to be in a
    /// law's name (孩子 → 未成年人保护法) would lift every article of that law; parts
    /// are therefore matched on their text only. Units their type marks as `prior`
    /// (laws proper over implementing rules that restate them) get a small fixed score.
    fn question(&self, text: &str, needles: &mut Vec<String>) -> Box<dyn Query> {
        let question = self.analyzer.question(text);
        let mut clauses: Vec<(Occur, Box<dyn Query>)> = Vec::new();
        let groups: [(&[String], f32); 4] = [
            (&question.chunks, 2.0),
            (&question.words, 1.5),
            (&question.synonyms, 1.0),
            (&question.bigrams, 0.5),
        ];
        for (items, boost) in groups {
            for item in items {
                needles.push(item.clone());
                let query = self.question_clause(item);
                clauses.push((Occur::Should, Box::new(BoostQuery::new(query, boost))));
            }
        }
        if clauses.is_empty() {
            needles.push(fold(text));
            return literal(text, &self.fields.text_fields());
        }
        let main: Box<dyn Query> = Box::new(BooleanQuery::new(clauses));
        let prior = ConstScoreQuery::new(exact_term(self.fields.prior, "1"), QUESTION_PRIOR);
        Box::new(BooleanQuery::new(vec![
            (Occur::Must, main),
            (Occur::Should, Box::new(prior)),
        ]))
    }

    /// One phrase of a question: in the text and number of every unit, and in the
    /// title and keywords of every unit but articles.
    fn question_clause(&self, item: &str) -> Box<dyn Query> {
        self.text_clause(item, 0.0)
    }

    /// Matches `item` literally in the text and number of every unit and in the title
    /// and keywords of documents; a part's title and keywords (its document's name)
    /// count only `article_meta` times as much, or not at all when it is 0.
    fn text_clause(&self, item: &str, article_meta: f32) -> Box<dyn Query> {
        let text = literal(item, &[(self.fields.number, 3.0), (self.fields.body, 1.0)]);
        let meta_fields = [(self.fields.title, 3.0), (self.fields.keywords, 2.0)];
        let article = || exact_term(self.fields.unit, "part");
        let mut clauses: Vec<(Occur, Box<dyn Query>)> = vec![
            (Occur::Should, text),
            (
                Occur::Should,
                Box::new(BooleanQuery::new(vec![
                    (Occur::Must, literal(item, &meta_fields)),
                    (Occur::MustNot, article()),
                ])),
            ),
        ];
        if article_meta > 0.0 {
            let article_meta_query = BooleanQuery::new(vec![
                (Occur::Must, literal(item, &meta_fields)),
                (Occur::Must, article()),
            ]);
            clauses.push((
                Occur::Should,
                Box::new(BoostQuery::new(Box::new(article_meta_query), article_meta)),
            ));
        }
        Box::new(BooleanQuery::new(clauses))
    }
}

impl Searcher {
    /// Refuses a type no unit can have, so `--type cases` says so instead of finding
    /// nothing.
    fn check_type(&self, value: &str) -> Result<(), KbError> {
        let known = self.types.search_types();
        if known.contains(&value) {
            return Ok(());
        }
        let hint = match value.strip_suffix('s') {
            Some(single) if known.contains(&single) => format!(" (did you mean `{single}`?)"),
            _ if self.types.is_personal(value) => {
                format!(" ({value} documents hold personal data and are never in the search index)")
            }
            _ => String::new(),
        };
        Err(KbError::Query(format!(
            "unknown type `{value}`{hint}; types: {}",
            known.join(", ")
        )))
    }
}

/// An exact match of `value` in the exact-value `field`, adding nothing to the score.
fn exact_term(field: Field, value: &str) -> Box<dyn Query> {
    Box::new(TermQuery::new(
        Term::from_field_text(field, value),
        IndexRecordOption::Basic,
    ))
}

/// How much a part's title and keywords (its document's name) count in a literal
/// query: enough that 刑法 醉酒 still finds 刑法's articles, too little for the name
/// alone to rank every article of a law above the documents that discuss the term.
const ARTICLE_META_WEIGHT: f32 = 0.2;

/// How far the article a reference names ranks above the texts that cite it.
const REFERENCE_BOOST: f32 = 10.0;

/// The fixed score a unit marked `prior` gets in question ranking.
const QUESTION_PRIOR: f32 = 2.0;

/// Matches every literal occurrence of `text` in any of `fields` (with their boosts).
fn literal(text: &str, fields: &[(Field, f32)]) -> Box<dyn Query> {
    let tokens = literal_tokens(text);
    if tokens.terms.is_empty() {
        return Box::new(EmptyQuery);
    }
    let mut per_field: Vec<(Occur, Box<dyn Query>)> = Vec::with_capacity(fields.len());
    for &(field, boost) in fields {
        let terms: Vec<Term> = tokens
            .terms
            .iter()
            .map(|t| Term::from_field_text(field, t))
            .collect();
        let query: Box<dyn Query> = match (terms.len(), tokens.last_is_prefix) {
            (1, false) => Box::new(TermQuery::new(
                terms[0].clone(),
                IndexRecordOption::WithFreqs,
            )),
            (1, true) => prefix_range(field, &tokens.terms[0]),
            (_, true) => {
                let mut q = PhrasePrefixQuery::new(terms);
                // tantivy allocates room for every expansion up front, so the bound is
                // real memory; no character starts more distinct bigrams than this.
                q.set_max_expansions(PREFIX_EXPANSIONS);
                Box::new(q)
            }
            (_, false) => Box::new(PhraseQuery::new(terms)),
        };
        per_field.push((Occur::Should, Box::new(BoostQuery::new(query, boost))));
    }
    Box::new(BooleanQuery::new(per_field))
}

/// How many distinct tokens a trailing single character may expand to in a phrase.
const PREFIX_EXPANSIONS: u32 = 8192;

/// Every token that starts with `prefix` (a lone character): the term range
/// [prefix, next character), which has no expansion limit.
fn prefix_range(field: Field, prefix: &str) -> Box<dyn Query> {
    let lower = Term::from_field_text(field, prefix);
    let mut chars: Vec<char> = prefix.chars().collect();
    let upper = match chars.pop().and_then(|last| char::from_u32(last as u32 + 1)) {
        Some(next) => {
            chars.push(next);
            Bound::Excluded(Term::from_field_text(
                field,
                &chars.iter().collect::<String>(),
            ))
        }
        None => Bound::Unbounded,
    };
    Box::new(RangeQuery::new(Bound::Included(lower), upper))
}

fn parse_year(text: &str) -> Result<u64, KbError> {
    text.trim()
        .parse::<u64>()
        .ok()
        .filter(|y| (1000..=9999).contains(y))
        .ok_or_else(|| KbError::Query(format!("`{text}` is not a year")))
}

fn unknown_field(fields: &Fields, name: &str) -> KbError {
    let facets: Vec<&str> = fields
        .keyword_fields
        .iter()
        .map(|(n, _)| n.as_str())
        .collect();
    KbError::Query(format!(
        "unknown field `{name}:` (known: title, body, number, keywords, year, id, {})",
        facets.join(", ")
    ))
}
