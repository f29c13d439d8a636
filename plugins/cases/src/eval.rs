//! Evaluation of case search on a judged set: Recall@10 and MRR@10.
//!
//! The judged set is JSON lines, `{"id":"q1","query":"…","relevant":["spp-178", …]}`;
//! `cargo xtask eval` calls [`evaluate`] on `plugins/cases/eval/cases.jsonl`.

use std::path::Path;

use serde::{Deserialize, Serialize};
use zhijian_kb::{Kb, SearchRequest};

use crate::error::CasesError;
use crate::find::searcher;

/// Hits looked at per query.
pub const CUTOFF: usize = 10;

#[derive(Debug, Deserialize)]
struct Judged {
    id: String,
    query: String,
    relevant: Vec<String>,
}

/// The figures for one query.
#[derive(Debug, Clone, Serialize)]
pub struct QueryResult {
    pub id: String,
    pub query: String,
    /// Relevant cases found in the top 10, over all relevant cases.
    pub recall: f64,
    /// 1 / rank of the first relevant case in the top 10, else 0.
    pub reciprocal_rank: f64,
    /// The ids of the top 10.
    pub top: Vec<String>,
    /// Relevant ids that were not in the top 10.
    pub missed: Vec<String>,
}

/// The figures for a judged set.
#[derive(Debug, Clone, Serialize)]
pub struct EvalReport {
    /// Queries evaluated.
    pub queries: usize,
    /// Mean Recall@10.
    pub recall_at_10: f64,
    /// Mean reciprocal rank at 10.
    pub mrr_at_10: f64,
    /// Per-query figures, in file order.
    pub per_query: Vec<QueryResult>,
}

/// Runs every judged query as a case search and scores the top 10.
pub fn evaluate(kb: &Kb, judged_path: &Path) -> Result<EvalReport, CasesError> {
    let file = |message: String| CasesError::File {
        path: judged_path.display().to_string(),
        message,
    };
    let text =
        std::fs::read_to_string(judged_path).map_err(|e| file(format!("cannot read: {e}")))?;
    let searcher = searcher(kb)?;
    let mut per_query = Vec::new();
    for (index, line) in text.lines().enumerate() {
        if line.trim().is_empty() {
            continue;
        }
        let judged: Judged =
            serde_json::from_str(line).map_err(|e| file(format!("line {}: {e}", index + 1)))?;
        let mut request = SearchRequest::new(judged.query.clone());
        request.types = vec!["case".into()];
        request.limit = CUTOFF;
        request.facets = Vec::new();
        request.snippet_chars = 0;
        let top: Vec<String> = searcher
            .search(&request)?
            .hits
            .into_iter()
            .map(|h| h.id)
            .collect();
        per_query.push(score(judged, top));
    }
    let n = per_query.len().max(1) as f64;
    Ok(EvalReport {
        queries: per_query.len(),
        recall_at_10: per_query.iter().map(|q| q.recall).sum::<f64>() / n,
        mrr_at_10: per_query.iter().map(|q| q.reciprocal_rank).sum::<f64>() / n,
        per_query,
    })
}

fn score(judged: Judged, top: Vec<String>) -> QueryResult {
    let found = judged.relevant.iter().filter(|r| top.contains(r)).count();
    let recall = if judged.relevant.is_empty() {
        0.0
    } else {
        found as f64 / judged.relevant.len() as f64
    };
    let reciprocal_rank = top
        .iter()
        .position(|id| judged.relevant.contains(id))
        .map_or(0.0, |rank| 1.0 / (rank + 1) as f64);
    let missed = judged
        .relevant
        .iter()
        .filter(|r| !top.contains(r))
        .cloned()
        .collect();
    QueryResult {
        id: judged.id,
        query: judged.query,
        recall,
        reciprocal_rank,
        top,
        missed,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn recall_and_reciprocal_rank() {
        let judged = Judged {
            id: "q".into(),
            query: "x".into(),
            relevant: vec!["a".into(), "b".into()],
        };
        let r = score(judged, vec!["c".into(), "b".into()]);
        assert_eq!(r.recall, 0.5);
        assert_eq!(r.reciprocal_rank, 0.5);
        assert_eq!(r.missed, ["a"]);
    }
}
