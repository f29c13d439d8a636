//! Plain Okapi BM25 over character bigrams: the baseline `cargo xtask eval` puts beside zhijian.
//!
//! Deliberately nothing more: no question handling, no synonyms, no priors, no titles, no
//! folding. A CJK run gives its overlapping character bigrams (a one-character run gives that
//! character), an ASCII letter-or-digit run gives one lower-cased word, and everything else
//! separates tokens. Scores follow the usual formula with `k1 = 1.2`, `b = 0.75` and Lucene's
//! non-negative idf, summed over the query's tokens (a token that occurs twice counts twice).

use std::collections::HashMap;

/// Term-frequency saturation.
const K1: f64 = 1.2;
/// Length normalisation.
const B: f64 = 0.75;

/// Whether `c` is a CJK ideograph (unified, extension A–F, compatibility) or 〇.
fn is_cjk(c: char) -> bool {
    matches!(c,
        '\u{3007}' | '\u{3400}'..='\u{4DBF}' | '\u{4E00}'..='\u{9FFF}'
        | '\u{F900}'..='\u{FAFF}' | '\u{20000}'..='\u{2FA1F}')
}

/// The tokens of `text`, as slices of it; ASCII words are expected lower-cased already.
fn tokens(text: &str) -> Vec<&str> {
    let mut out = Vec::new();
    let mut chars = text.char_indices().peekable();
    while let Some((start, c)) = chars.next() {
        if is_cjk(c) {
            let mut run_len = 1;
            let mut previous = start;
            while let Some(&(i, next)) = chars.peek().filter(|(_, n)| is_cjk(*n)) {
                out.push(&text[previous..i + next.len_utf8()]);
                previous = i;
                run_len += 1;
                chars.next();
            }
            if run_len == 1 {
                out.push(&text[start..start + c.len_utf8()]);
            }
        } else if c.is_ascii_alphanumeric() {
            let mut end = start + 1;
            while let Some(&(i, _)) = chars.peek().filter(|(_, n)| n.is_ascii_alphanumeric()) {
                end = i + 1;
                chars.next();
            }
            out.push(&text[start..end]);
        }
    }
    out
}

/// An in-memory BM25 index over a list of texts, addressed by their position.
pub struct Bm25 {
    terms: HashMap<String, u32>,
    /// Per term: (document, term frequency), documents ascending.
    postings: Vec<Vec<(u32, u32)>>,
    /// Tokens per document.
    lengths: Vec<u32>,
    average_length: f64,
}

impl Bm25 {
    /// Indexes `texts`; document `i` is the `i`-th text.
    pub fn new<'a>(texts: impl IntoIterator<Item = &'a str>) -> Bm25 {
        let mut index = Bm25 {
            terms: HashMap::new(),
            postings: Vec::new(),
            lengths: Vec::new(),
            average_length: 0.0,
        };
        let mut counts: HashMap<u32, u32> = HashMap::new();
        for (doc, text) in texts.into_iter().enumerate() {
            let lower = text.to_ascii_lowercase();
            let tokens = tokens(&lower);
            index.lengths.push(tokens.len() as u32);
            counts.clear();
            for token in tokens {
                let next = index.terms.len() as u32;
                let term = *index.terms.entry(token.to_string()).or_insert(next);
                if term == next {
                    index.postings.push(Vec::new());
                }
                *counts.entry(term).or_insert(0) += 1;
            }
            for (&term, &tf) in &counts {
                index.postings[term as usize].push((doc as u32, tf));
            }
        }
        let total: u64 = index.lengths.iter().map(|&l| u64::from(l)).sum();
        index.average_length = total as f64 / index.lengths.len().max(1) as f64;
        index
    }

    /// The `n` best documents for `query` with their scores, best first; ties by position.
    pub fn search(&self, query: &str, n: usize) -> Vec<(usize, f64)> {
        let lower = query.to_ascii_lowercase();
        let docs = self.lengths.len() as f64;
        let mut scores = vec![0.0f64; self.lengths.len()];
        for token in tokens(&lower) {
            let Some(&term) = self.terms.get(token) else {
                continue;
            };
            let postings = &self.postings[term as usize];
            let df = postings.len() as f64;
            let idf = (1.0 + (docs - df + 0.5) / (df + 0.5)).ln();
            for &(doc, tf) in postings {
                let tf = f64::from(tf);
                let length = f64::from(self.lengths[doc as usize]) / self.average_length;
                scores[doc as usize] += idf * tf * (K1 + 1.0) / (tf + K1 * (1.0 - B + B * length));
            }
        }
        let mut ranked: Vec<(usize, f64)> = scores
            .into_iter()
            .enumerate()
            .filter(|&(_, s)| s > 0.0)
            .collect();
        ranked.sort_by(|a, b| b.1.total_cmp(&a.1).then(a.0.cmp(&b.0)));
        ranked.truncate(n);
        ranked
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cjk_runs_give_bigrams_and_ascii_runs_words() {
        assert_eq!(
            tokens("醉酒驾驶，机动车abc 12元。罪"),
            [
                "醉酒", "酒驾", "驾驶", "机动", "动车", "abc", "12", "元", "罪"
            ]
        );
        assert!(tokens("，。 ！").is_empty());
    }

    #[test]
    fn scores_follow_the_formula() {
        let index = Bm25::new(["盗窃财物", "盗窃盗窃", "诈骗财物数额较大"]);
        // 盗窃 occurs in 2 of 3 documents: idf = ln(1 + 1.5 / 2.5).
        let idf = (1.0f64 + 1.5 / 2.5).ln();
        let average = (3.0 + 3.0 + 7.0) / 3.0;
        let expect =
            |tf: f64, len: f64| idf * tf * 2.2 / (tf + 1.2 * (0.25 + 0.75 * len / average));
        let hits = index.search("盗窃", 10);
        assert_eq!(hits.len(), 2);
        assert_eq!(hits[0].0, 1);
        assert!((hits[0].1 - expect(2.0, 3.0)).abs() < 1e-12);
        assert!((hits[1].1 - expect(1.0, 3.0)).abs() < 1e-12);
        assert!(index.search("抢劫", 10).is_empty());
        assert_eq!(index.search("财物", 1).len(), 1);
    }

    #[test]
    fn a_repeated_query_token_counts_twice_and_ascii_ignores_case() {
        let index = Bm25::new(["APP 财物", "财物 抢劫"]);
        let once = index.search("财物", 10)[0].1;
        let twice = index.search("财物财物", 10);
        // 财物财物 is 财物, 物财, 财物: 财物 twice, 物财 nowhere.
        assert!((twice[0].1 - 2.0 * once).abs() < 1e-12);
        assert_eq!(index.search("app", 10)[0].0, 0);
    }
}
