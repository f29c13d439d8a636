//! Figures of `cargo xtask eval`: per-query scores, per-set means for zhijian and the
//! baseline side by side, text and JSON output.

use std::collections::BTreeMap;
use std::path::PathBuf;

use serde_json::{Value, json};

use super::Judged;
use crate::root;

/// How many worst queries to show per set.
const WORST: usize = 10;

/// The figures for one query.
pub struct Scored {
    id: String,
    query: String,
    /// Relevant found in the top 10 / relevant count.
    recall_10: f64,
    /// Relevant found in the top 100 / relevant count (laws only).
    recall_100: f64,
    /// 1 / rank of the first relevant hit in the top 10, else 0.
    rr: f64,
    /// Ranks (1-based) of the relevant items found, `None` where not found.
    ranks: Vec<(String, Option<usize>)>,
    /// Titles of the first hits.
    top: Vec<String>,
}

/// Scores one query's hits against its judged items, `matches(i, hit)` telling whether the
/// hit is judged item `i`.
pub fn score(
    query: &Judged,
    labels: Vec<String>,
    hits: &[Value],
    matches: impl Fn(usize, &Value) -> bool,
) -> Scored {
    let ranks: Vec<(String, Option<usize>)> = labels
        .into_iter()
        .enumerate()
        .map(|(i, label)| {
            (
                label,
                hits.iter().position(|h| matches(i, h)).map(|p| p + 1),
            )
        })
        .collect();
    let count = ranks.len().max(1) as f64;
    let within = |k: usize| {
        ranks
            .iter()
            .filter(|(_, r)| r.is_some_and(|r| r <= k))
            .count() as f64
            / count
    };
    let first = ranks.iter().filter_map(|(_, r)| *r).min();
    Scored {
        id: query.id.clone(),
        query: query.query.clone(),
        recall_10: within(10),
        recall_100: within(100),
        rr: first.filter(|&r| r <= 10).map_or(0.0, |r| 1.0 / r as f64),
        ranks,
        top: hits
            .iter()
            .take(3)
            .map(|h| h["title"].as_str().unwrap_or("?").to_string())
            .collect(),
    }
}

/// The figures for one judged set, both systems.
pub struct SetResult {
    pub name: String,
    pub file: PathBuf,
    pub cutoffs: &'static [usize],
    /// Written before tuning and never tuned on: only totals are shown.
    pub held_out: bool,
    /// Per query, in set order: its category of law, if recorded.
    pub categories: Vec<Option<String>>,
    pub zhijian: Vec<Scored>,
    pub baseline: Vec<Scored>,
}

fn mean(values: impl Iterator<Item = f64>) -> f64 {
    let (sum, n) = values.fold((0.0, 0usize), |(s, n), v| (s + v, n + 1));
    if n == 0 { 0.0 } else { sum / n as f64 }
}

/// Mean Recall@k, Recall@100 and MRR@10 of some scored queries.
#[derive(Clone, Copy)]
struct Means {
    recall_10: f64,
    recall_100: f64,
    mrr: f64,
}

impl Means {
    fn of<'a>(scored: impl Iterator<Item = &'a Scored> + Clone) -> Means {
        Means {
            recall_10: mean(scored.clone().map(|s| s.recall_10)),
            recall_100: mean(scored.clone().map(|s| s.recall_100)),
            mrr: mean(scored.map(|s| s.rr)),
        }
    }

    fn get(&self, figure: &str) -> f64 {
        match figure {
            "recall_at_10" => self.recall_10,
            "recall_at_100" => self.recall_100,
            _ => self.mrr,
        }
    }
}

impl SetResult {
    /// The figure names this set reports, in order.
    fn figures(&self) -> Vec<&'static str> {
        let mut names: Vec<&'static str> = self
            .cutoffs
            .iter()
            .map(|&k| {
                if k == 10 {
                    "recall_at_10"
                } else {
                    "recall_at_100"
                }
            })
            .collect();
        names.push("mrr_at_10");
        names
    }

    fn means(&self) -> (Means, Means) {
        (
            Means::of(self.zhijian.iter()),
            Means::of(self.baseline.iter()),
        )
    }

    /// The rule of issue 14: a higher MRR@10 and no lower recall at any cutoff.
    pub fn beats_baseline(&self) -> bool {
        let (z, b) = self.means();
        z.mrr > b.mrr
            && self
                .figures()
                .iter()
                .all(|f| round(z.get(f)) >= round(b.get(f)))
    }

    /// Per category of law (sets that record one): count and both systems' means.
    fn by_category(&self) -> BTreeMap<&str, (usize, Means, Means)> {
        let mut groups: BTreeMap<&str, Vec<usize>> = BTreeMap::new();
        for (i, category) in self.categories.iter().enumerate() {
            if let Some(c) = category {
                groups.entry(c.as_str()).or_default().push(i);
            }
        }
        groups
            .into_iter()
            .map(|(c, idx)| {
                let z = Means::of(idx.iter().map(|&i| &self.zhijian[i]));
                let b = Means::of(idx.iter().map(|&i| &self.baseline[i]));
                (c, (idx.len(), z, b))
            })
            .collect()
    }

    /// zhijian's worst queries: lowest reciprocal rank, then lowest recall.
    fn worst(&self) -> Vec<&Scored> {
        let mut all: Vec<&Scored> = self.zhijian.iter().collect();
        all.sort_by(|a, b| {
            (a.rr, a.recall_10, a.recall_100)
                .partial_cmp(&(b.rr, b.recall_10, b.recall_100))
                .unwrap_or(std::cmp::Ordering::Equal)
        });
        all.truncate(WORST);
        all
    }

    pub fn print(&self) {
        let shown = self.file.strip_prefix(root()).unwrap_or(&self.file);
        println!(
            "\n## {} ({}): {} queries",
            self.name,
            shown.display(),
            self.zhijian.len()
        );
        let (z, b) = self.means();
        println!("             zhijian   BM25   difference");
        for figure in self.figures() {
            let label = match figure {
                "recall_at_10" => "Recall@10",
                "recall_at_100" => "Recall@100",
                _ => "MRR@10",
            };
            let (zf, bf) = (z.get(figure), b.get(figure));
            println!("{label:<12} {zf:>7.3} {bf:>7.3}   {:>+7.3}", zf - bf);
        }
        if self.beats_baseline() {
            println!("zhijian beats plain BM25 on this set");
        } else {
            println!("!!! zhijian does NOT beat plain BM25 on this set");
        }
        let categories = self.by_category();
        if !categories.is_empty() {
            // The category comes last: CJK names would break a padded column.
            println!("\nby category:    n   R@100 zhijian/BM25   MRR@10 zhijian/BM25");
            for (c, (n, z, b)) in &categories {
                println!(
                    "             {n:>4}   {:.3} / {:.3}        {:.3} / {:.3}        {c}",
                    z.recall_100, b.recall_100, z.mrr, b.mrr
                );
            }
        }
        if self.held_out {
            println!("\n(held out: questions not shown, totals only)");
            return;
        }
        println!("\nworst {WORST} (zhijian):");
        for s in self.worst() {
            println!(
                "  {:<8} R@10 {:.2}  RR {:.2}  {}",
                s.id, s.recall_10, s.rr, s.query
            );
            let ranks: Vec<String> = s
                .ranks
                .iter()
                .map(|(label, rank)| match rank {
                    Some(r) => format!("{label} (#{r})"),
                    None => format!("{label} (-)"),
                })
                .collect();
            println!("           want: {}", ranks.join("; "));
            println!("           got:  {}", s.top.join("; "));
        }
    }

    pub fn to_json(&self) -> Value {
        let (z, b) = self.means();
        let mut figures = serde_json::Map::new();
        figures.insert("queries".into(), json!(self.zhijian.len()));
        let mut baseline = serde_json::Map::new();
        let mut difference = serde_json::Map::new();
        for figure in self.figures() {
            figures.insert(figure.into(), json!(round(z.get(figure))));
            baseline.insert(figure.into(), json!(round(b.get(figure))));
            difference.insert(figure.into(), json!(round(z.get(figure) - b.get(figure))));
        }
        figures.insert("baseline".into(), Value::Object(baseline));
        figures.insert("difference".into(), Value::Object(difference));
        figures.insert("beats_baseline".into(), json!(self.beats_baseline()));
        let categories: serde_json::Map<String, Value> = self
            .by_category()
            .into_iter()
            .map(|(c, (n, z, b))| {
                let side = |m: Means| {
                    json!({
                        "recall_at_10": round(m.recall_10),
                        "recall_at_100": round(m.recall_100),
                        "mrr_at_10": round(m.mrr),
                    })
                };
                (
                    c.to_string(),
                    json!({ "queries": n, "zhijian": side(z), "baseline": side(b) }),
                )
            })
            .collect();
        if !categories.is_empty() {
            figures.insert("categories".into(), Value::Object(categories));
        }
        if !self.held_out {
            let worst: Vec<Value> = self
                .worst()
                .iter()
                .map(|s| {
                    json!({
                        "id": s.id,
                        "query": s.query,
                        "recall_at_10": round(s.recall_10),
                        "reciprocal_rank": round(s.rr),
                        "missed": s.ranks.iter().filter(|(_, r)| r.is_none_or(|r| r > 10)).map(|(l, _)| l).collect::<Vec<_>>(),
                        "top": s.top,
                    })
                })
                .collect();
            figures.insert("worst".into(), Value::Array(worst));
        }
        Value::Object(figures)
    }
}

/// One table of every set: both systems and the difference.
pub fn print_summary(sets: &[SetResult]) {
    println!("\n## summary: zhijian / plain BM25 (difference)");
    println!(
        "{:<20} {:>5}  {:<24} {:<24} {:<24}",
        "set", "n", "Recall@10", "Recall@100", "MRR@10"
    );
    for set in sets {
        let (z, b) = set.means();
        let cell = |figure: &str| {
            if set.figures().contains(&figure) {
                let (zf, bf) = (z.get(figure), b.get(figure));
                format!("{zf:.3} / {bf:.3} ({:+.3})", zf - bf)
            } else {
                "—".to_string()
            }
        };
        println!(
            "{:<20} {:>5}  {:<24} {:<24} {:<24} {}",
            set.name,
            set.zhijian.len(),
            cell("recall_at_10"),
            cell("recall_at_100"),
            cell("mrr_at_10"),
            if set.beats_baseline() {
                "beats"
            } else {
                "!!! LOSES"
            }
        );
    }
}

fn round(x: f64) -> f64 {
    (x * 1000.0).round() / 1000.0
}

#[cfg(test)]
mod tests {
    use super::*;

    fn judged() -> Judged {
        Judged {
            id: "q".into(),
            query: "问".into(),
            relevant: Vec::new(),
            line: 1,
            category: None,
        }
    }

    #[test]
    fn recall_and_reciprocal_rank_follow_the_definitions() {
        let hits: Vec<Value> = (0..20)
            .map(|i| json!({ "id": format!("d{i}"), "title": format!("t{i}") }))
            .collect();
        let wanted = ["d3", "d15", "x"];
        let s = score(
            &judged(),
            wanted.iter().map(|w| w.to_string()).collect(),
            &hits,
            |i, h| h["id"].as_str() == Some(wanted[i]),
        );
        assert_eq!(s.recall_10, 1.0 / 3.0);
        assert_eq!(s.recall_100, 2.0 / 3.0);
        assert_eq!(s.rr, 0.25);
        assert_eq!(s.top, ["t0", "t1", "t2"]);
        let none = score(&judged(), vec!["x".into()], &hits, |_, _| false);
        assert_eq!((none.recall_10, none.rr), (0.0, 0.0));
    }

    #[test]
    fn beating_the_baseline_needs_a_higher_mrr_and_no_lower_recall() {
        let hits: Vec<Value> = (0..20).map(|i| json!({ "id": format!("d{i}") })).collect();
        let at = |rank: usize| {
            score(&judged(), vec!["x".into()], &hits, |_, h| {
                h["id"].as_str() == Some(format!("d{}", rank - 1).as_str())
            })
        };
        let set = |z: Vec<Scored>, b: Vec<Scored>| SetResult {
            name: "s".into(),
            file: PathBuf::new(),
            cutoffs: &[10, 100],
            held_out: false,
            categories: vec![None; z.len()],
            zhijian: z,
            baseline: b,
        };
        assert!(set(vec![at(1)], vec![at(2)]).beats_baseline());
        assert!(!set(vec![at(2)], vec![at(2)]).beats_baseline());
        assert!(!set(vec![at(2)], vec![at(1)]).beats_baseline());
        // Higher MRR but a lower Recall@10 does not beat it.
        assert!(!set(vec![at(1), at(15)], vec![at(3), at(4)]).beats_baseline());
    }
}
