//! Counting matching units by exact-value fields (type, tag, domain, year …).

use std::collections::{BTreeMap, HashMap};

use tantivy::collector::{Collector, SegmentCollector};
use tantivy::columnar::{Column, StrColumn};
use tantivy::{DocId, Score, SegmentOrdinal, SegmentReader};

/// Counts per value, per facet field.
pub type FacetCounts = BTreeMap<String, BTreeMap<String, u64>>;

/// A collector counting the values of string fast fields (and `year`).
#[derive(Debug, Clone)]
pub struct FacetCollector {
    names: Vec<String>,
}

impl FacetCollector {
    /// Counts the given fields; `year` is read from its number column.
    pub fn new(names: Vec<String>) -> FacetCollector {
        FacetCollector { names }
    }
}

enum FieldColumn {
    Str(StrColumn),
    U64(Column<u64>),
}

/// Per-segment counting: term ordinals are counted, and turned into strings once.
pub struct FacetSegmentCollector {
    columns: Vec<(String, Option<FieldColumn>, HashMap<u64, u64>)>,
}

impl Collector for FacetCollector {
    type Fruit = FacetCounts;
    type Child = FacetSegmentCollector;

    fn for_segment(
        &self,
        _ord: SegmentOrdinal,
        reader: &SegmentReader,
    ) -> tantivy::Result<Self::Child> {
        let fast = reader.fast_fields();
        let mut columns = Vec::with_capacity(self.names.len());
        for name in &self.names {
            let column = if name == "year" {
                fast.u64("year").ok().map(FieldColumn::U64)
            } else {
                fast.str(name)?.map(FieldColumn::Str)
            };
            columns.push((name.clone(), column, HashMap::new()));
        }
        Ok(FacetSegmentCollector { columns })
    }

    fn requires_scoring(&self) -> bool {
        false
    }

    fn merge_fruits(&self, fruits: Vec<FacetCounts>) -> tantivy::Result<FacetCounts> {
        let mut merged = FacetCounts::new();
        for name in &self.names {
            merged.entry(name.clone()).or_default();
        }
        for fruit in fruits {
            for (name, counts) in fruit {
                let target = merged.entry(name).or_default();
                for (value, count) in counts {
                    *target.entry(value).or_default() += count;
                }
            }
        }
        Ok(merged)
    }
}

impl SegmentCollector for FacetSegmentCollector {
    type Fruit = FacetCounts;

    fn collect(&mut self, doc: DocId, _score: Score) {
        for (_, column, counts) in &mut self.columns {
            match column {
                Some(FieldColumn::Str(col)) => {
                    for ord in col.term_ords(doc) {
                        *counts.entry(ord).or_default() += 1;
                    }
                }
                Some(FieldColumn::U64(col)) => {
                    for value in col.values_for_doc(doc) {
                        *counts.entry(value).or_default() += 1;
                    }
                }
                None => {}
            }
        }
    }

    fn harvest(self) -> FacetCounts {
        let mut out = FacetCounts::new();
        for (name, column, counts) in self.columns {
            let target = out.entry(name).or_default();
            for (key, count) in counts {
                let value = match &column {
                    Some(FieldColumn::Str(col)) => {
                        let mut text = String::new();
                        match col.ord_to_str(key, &mut text) {
                            Ok(true) => text,
                            _ => continue,
                        }
                    }
                    Some(FieldColumn::U64(_)) => key.to_string(),
                    None => continue,
                };
                *target.entry(value).or_default() += count;
            }
        }
        out
    }
}
