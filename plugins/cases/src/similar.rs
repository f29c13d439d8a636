//! `zhijian case similar NUMBER|ID [--limit N]`: more-like-this over a case's 要旨 and 基本案情.
//!
//! The case's text is cut into character bigrams (the index's own terms); each is
//! weighted by tf·idf with the index's document frequencies, the best are grown back
//! into the phrases they came from (醉酒, 酒驾, 驾驶 → 醉酒驾驶), and those phrases
//! plus the case's keywords are searched for. Each hit says which phrases it shares.

use std::collections::HashMap;

use serde::Serialize;
use zhijian_kb::analysis::{fold, is_cjk};
use zhijian_kb::{Document, Kb, SearchRequest, Searcher};
use zhijian_plugin_api::{Format, Host, Request, Response};

use crate::error::CasesError;
use crate::find::{find_case, searcher};
use crate::text::bold;

/// Sections whose text describes the case (falling back to the whole text).
const SOURCE_SECTIONS: &[&str] = &["要旨", "基本案情", "裁判要点", "裁判摘要"];

/// Bigrams kept for the query, before they are grown into phrases.
const TOP_BIGRAMS: usize = 40;
/// Units a bigram must occur in to count: more than one case's own units.
const MIN_DOC_FREQ: f64 = 4.0;
/// Phrases searched for.
const TOP_PHRASES: usize = 14;

/// One similar case.
#[derive(Debug, Clone, Serialize)]
pub struct SimilarHit {
    pub id: String,
    pub number: Option<String>,
    pub title: String,
    pub path: String,
    pub score: f32,
    /// The query phrases this case shares with the source case.
    pub shared: Vec<String>,
}

/// The `--json` shape of `case similar`.
#[derive(Debug, Clone, Serialize)]
pub struct SimilarOut {
    pub id: String,
    pub number: Option<String>,
    pub title: String,
    /// The distinctive phrases searched for, best first.
    pub terms: Vec<String>,
    pub hits: Vec<SimilarHit>,
}

/// Runs `case similar`.
pub fn run(request: &Request, host: &dyn Host) -> Result<Response, CasesError> {
    let kb = zhijian_plugin_support::open_kb(host)?;
    let wanted = request
        .arg_str("case")
        .ok_or_else(|| CasesError::Usage("missing NUMBER or ID".into()))?;
    let limit = request
        .arg_parse::<usize>("limit")
        .map_err(|e| CasesError::Usage(e.message))?
        .unwrap_or(10);
    let doc = find_case(&kb, wanted, request.arg_str("issuer"))?;
    let searcher = searcher(&kb)?;
    let out = similar(&kb, &searcher, &doc, limit)?;
    let text = match request.format {
        Format::Json => {
            serde_json::to_string(&out).map_err(|e| CasesError::Usage(e.to_string()))? + "\n"
        }
        _ => render(&out, request.color),
    };
    Ok(if out.hits.is_empty() {
        Response::not_found(text)
    } else {
        Response::new(text)
    })
}

/// The text more-like-this works on.
fn source_text(doc: &Document) -> String {
    let parts: Vec<&str> = doc
        .markdown
        .sections
        .iter()
        .filter(|s| SOURCE_SECTIONS.contains(&s.heading.as_str()))
        .map(|s| s.text.as_str())
        .collect();
    if parts.is_empty() {
        doc.markdown.text.clone()
    } else {
        parts.join("\n")
    }
}

/// Cases like `doc`, best first, with the phrases they share.
pub fn similar(
    kb: &Kb,
    searcher: &Searcher,
    doc: &Document,
    limit: usize,
) -> Result<SimilarOut, CasesError> {
    let text = fold(&source_text(doc));
    let terms = distinctive_phrases(searcher, &text)?;
    let mut query_terms: Vec<String> = doc
        .list_field("keywords")
        .into_iter()
        .map(|k| fold(&k))
        .collect();
    for t in &terms {
        if !query_terms.contains(t) {
            query_terms.push(t.clone());
        }
    }
    query_terms.retain(|t| t.chars().filter(|c| is_cjk(*c)).count() >= 2 && !t.contains('"'));
    let mut out = SimilarOut {
        id: doc.id.clone(),
        number: doc.str_field("number").map(str::to_string),
        title: doc.title.clone(),
        terms: query_terms.clone(),
        hits: Vec::new(),
    };
    if query_terms.is_empty() {
        return Ok(out);
    }
    let query = query_terms
        .iter()
        .map(|t| format!("\"{t}\""))
        .collect::<Vec<_>>()
        .join(" OR ");
    let mut request = SearchRequest::new(query);
    request.types = vec!["case".into()];
    request.limit = limit + 1;
    request.facets = Vec::new();
    request.snippet_chars = 0;
    let results = searcher.search(&request)?;
    for hit in results
        .hits
        .into_iter()
        .filter(|h| h.id != doc.id)
        .take(limit)
    {
        let other = kb
            .load_path(&hit.path)
            .map(|l| fold(&source_text(&l.document)))
            .unwrap_or_default();
        let shared = query_terms
            .iter()
            .filter(|t| other.contains(t.as_str()))
            .cloned()
            .collect();
        out.hits.push(SimilarHit {
            id: hit.id.clone(),
            number: hit
                .extra
                .get("number")
                .and_then(|v| v.as_str())
                .map(str::to_string),
            title: hit.title.clone(),
            path: hit.path.clone(),
            score: hit.score,
            shared,
        });
    }
    Ok(out)
}

/// The most distinctive phrases of `text` (already folded), by tf·idf of their bigrams.
fn distinctive_phrases(searcher: &Searcher, text: &str) -> Result<Vec<String>, CasesError> {
    let chars: Vec<char> = text.chars().collect();
    let mut tf: HashMap<String, usize> = HashMap::new();
    for pair in chars.windows(2) {
        if pair.iter().all(|c| is_cjk(*c)) {
            *tf.entry(pair.iter().collect()).or_default() += 1;
        }
    }
    let bigrams: Vec<String> = tf.keys().cloned().collect();
    let (total, frequencies) = searcher.text_frequencies(&bigrams)?;
    let total = total.max(1) as f64;
    let mut scored: Vec<(String, f64)> = Vec::with_capacity(tf.len());
    for (bigram, df) in bigrams.iter().zip(frequencies) {
        let count = tf[bigram];
        let df = df as f64;
        // A bigram of this case alone (its document and section units) says nothing about
        // other cases; 某 marks anonymised names (宋某某), which are not what cases share.
        if df < MIN_DOC_FREQ || bigram.contains('某') {
            continue;
        }
        let idf = (total / (df + 1.0)).ln();
        // Damped term frequency: a bigram repeated ten times is not ten times as telling.
        scored.push((bigram.clone(), (1.0 + (count as f64).ln()) * idf.max(0.0)));
    }
    scored.sort_by(|a, b| b.1.total_cmp(&a.1).then(a.0.cmp(&b.0)));
    let seeds: HashMap<&str, f64> = scored
        .iter()
        .take(TOP_BIGRAMS)
        .map(|(b, w)| (b.as_str(), *w))
        .collect();
    // Phrases grow through a wider set, so 危险驾驶罪 is not cut to 险驾驶罪 when 危险 itself
    // is not among the very best bigrams.
    let wider: HashMap<&str, f64> = scored
        .iter()
        .take(TOP_BIGRAMS * 3)
        .map(|(b, w)| (b.as_str(), *w))
        .collect();
    let mut phrases: HashMap<String, f64> = HashMap::new();
    let mut i = 0;
    while i + 1 < chars.len() {
        let bigram: String = chars[i..i + 2].iter().collect();
        let Some(&w) = wider.get(bigram.as_str()) else {
            i += 1;
            continue;
        };
        let mut end = i + 2;
        let mut score = w;
        let mut seeded = seeds.contains_key(bigram.as_str());
        while end < chars.len() {
            let next: String = chars[end - 1..=end].iter().collect();
            match wider.get(next.as_str()) {
                Some(&w2) => {
                    score += w2;
                    seeded |= seeds.contains_key(next.as_str());
                    end += 1;
                }
                None => break,
            }
        }
        if seeded {
            let phrase: String = chars[i..end].iter().collect();
            let entry = phrases.entry(phrase).or_insert(0.0);
            *entry = entry.max(score);
        }
        i = end - 1;
    }
    let mut ranked: Vec<(String, f64)> = phrases.into_iter().collect();
    ranked.sort_by(|a, b| b.1.total_cmp(&a.1).then(a.0.cmp(&b.0)));
    Ok(ranked
        .into_iter()
        .take(TOP_PHRASES)
        .map(|(p, _)| p)
        .collect())
}

fn render(out: &SimilarOut, color: bool) -> String {
    let mut text = String::new();
    let head = match &out.number {
        Some(n) => format!("{n} {}", out.title),
        None => out.title.clone(),
    };
    text.push_str(&format!("与 {} 相似的案例\n", bold(&head, color)));
    text.push_str(&format!("检索词：{}\n\n", out.terms.join("、")));
    if out.hits.is_empty() {
        text.push_str("没有找到相似案例\n");
    }
    for (rank, hit) in out.hits.iter().enumerate() {
        let label = match &hit.number {
            Some(n) => format!("{n} {}", hit.title),
            None => hit.title.clone(),
        };
        text.push_str(&format!(
            "{:>2}. {}  ({})\n",
            rank + 1,
            bold(&label, color),
            hit.id
        ));
        if !hit.shared.is_empty() {
            text.push_str(&format!("    共同：{}\n", hit.shared.join("、")));
        }
    }
    text
}
