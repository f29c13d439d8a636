//! The policy versions of a knowledge base and the rule that picks the one in force on a date.
//!
//! The rule, as the user guide states it: among the versions of one policy (documents
//! sharing a `short` name, else a title), ordered by `effective` date (else
//! `promulgated`, else `version`), the version in force on date D is the latest one
//! that took effect on or before D, unless that version was repealed by D. A version
//! marked 已废止 with a `repealed` date is repealed from that date; without one we only
//! know it is repealed now, so it counts as repealed from today on. 已修改 and
//! 尚未生效 describe today and play no part for other dates: the dates decide.

use serde::Serialize;
use zhijian_kb::{Document, Kb, Searcher};

use crate::PolicyError;

/// One version of a policy, as its front matter describes it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct PolicyVersion {
    /// The document id.
    pub id: String,
    /// The full title.
    pub title: String,
    /// The short name (简称), e.g. 刑法.
    pub short: Option<String>,
    /// 宪法, 法律, 行政法规, 司法解释 …
    pub category: Option<String>,
    /// Who issued it.
    pub issuer: Option<String>,
    /// The 文号.
    pub doc_number: Option<String>,
    /// Date of promulgation (YYYY-MM-DD).
    pub promulgated: Option<String>,
    /// Date it took effect (YYYY-MM-DD).
    pub effective: Option<String>,
    /// 现行有效, 已修改, 已废止 or 尚未生效.
    pub status: Option<String>,
    /// The version label (usually the date of this text).
    pub version: Option<String>,
    /// Where the text came from (for imports: the path relative to the import source).
    pub source: Option<String>,
    /// Date it was repealed, when known.
    pub repealed: Option<String>,
    /// The file, relative to the knowledge base.
    pub path: String,
}

impl PolicyVersion {
    /// Reads a policy document's front matter.
    pub fn from_document(doc: &Document) -> PolicyVersion {
        let text = |key: &str| doc.str_field(key).map(str::to_string);
        PolicyVersion {
            id: doc.id.clone(),
            title: doc.title.clone(),
            short: text("short"),
            category: text("category"),
            issuer: text("issuer"),
            doc_number: text("doc_number"),
            promulgated: doc.date_field("promulgated").map(|d| d.to_string()),
            effective: doc.date_field("effective").map(|d| d.to_string()),
            status: text("status"),
            version: doc
                .date_field("version")
                .map(|d| d.to_string())
                .or_else(|| text("version")),
            source: text("source"),
            repealed: doc.date_field("repealed").map(|d| d.to_string()),
            path: doc.path.clone(),
        }
    }

    fn from_hit(hit: &zhijian_kb::Hit) -> PolicyVersion {
        let text = |key: &str| {
            hit.extra
                .get(key)
                .and_then(|v| v.as_str())
                .filter(|s| !s.is_empty())
                .map(str::to_string)
        };
        PolicyVersion {
            id: hit.id.clone(),
            title: hit.title.clone(),
            short: text("short"),
            category: text("category"),
            issuer: text("issuer"),
            doc_number: None,
            promulgated: None,
            effective: text("effective"),
            status: text("status"),
            version: text("version"),
            source: text("source"),
            repealed: None,
            path: hit.path.clone(),
        }
    }

    /// What the versions of one policy share: the short name, else the title.
    pub fn group_key(&self) -> &str {
        self.short.as_deref().unwrap_or(&self.title)
    }

    /// The date this version starts to count: effective, else promulgated, else version.
    pub fn start(&self) -> &str {
        self.effective
            .as_deref()
            .or(self.promulgated.as_deref())
            .or(self
                .version
                .as_deref()
                .filter(|v| zhijian_kb::time::parse_date(v).is_some()))
            .unwrap_or("")
    }

    /// Whether this version was repealed on or before `date` (see the module comment).
    pub fn repealed_by(&self, date: &str, today: &str) -> bool {
        let repealed = matches!(self.status.as_deref(), Some("已废止" | "失效" | "已失效"));
        match &self.repealed {
            Some(day) => day.as_str() <= date,
            None => repealed && date >= today,
        }
    }

    /// `title（id）` for lists of candidates.
    pub fn label(&self) -> String {
        format!("{} ({})", self.title, self.id)
    }
}

/// Every policy version of the knowledge base, through the index when it has them,
/// else by reading the files.
pub fn catalogue(kb: &Kb) -> Result<Vec<PolicyVersion>, PolicyError> {
    if let Ok(searcher) = Searcher::open(kb) {
        let hits = searcher.units_where("type", "policy", 200_000)?;
        if !hits.is_empty() {
            let mut out: Vec<PolicyVersion> = hits.iter().map(PolicyVersion::from_hit).collect();
            out.sort_by(|a, b| a.path.cmp(&b.path));
            return Ok(out);
        }
    }
    let loaded = kb.load_all()?;
    Ok(loaded
        .documents
        .iter()
        .filter(|d| d.is("policy"))
        .map(PolicyVersion::from_document)
        .collect())
}

/// Orders versions oldest first: by start date, then version label, then id.
pub fn sort_versions(versions: &mut [PolicyVersion]) {
    versions.sort_by(|a, b| {
        a.start()
            .cmp(b.start())
            .then_with(|| a.version.cmp(&b.version))
            .then_with(|| a.id.cmp(&b.id))
    });
}

/// Picks the version to use on `date` from versions sorted oldest first.
///
/// Returns its index and whether it is in force then. When no version had taken
/// effect yet, the earliest is returned, not in force.
pub fn select(versions: &[PolicyVersion], date: &str, today: &str) -> Option<(usize, bool)> {
    if versions.is_empty() {
        return None;
    }
    match versions.iter().rposition(|v| v.start() <= date) {
        Some(i) => Some((i, !versions[i].repealed_by(date, today))),
        None => Some((0, false)),
    }
}

/// Reads `--as-of` (or today when absent) as `YYYY-MM-DD`.
pub fn as_of_date(text: Option<&str>) -> Result<String, PolicyError> {
    match text {
        None => Ok(zhijian_kb::time::today().to_string()),
        Some(t) => zhijian_kb::time::parse_date(t)
            .map(|d| d.to_string())
            .ok_or_else(|| PolicyError::BadDate(t.to_string())),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn version(id: &str, effective: &str, status: &str) -> PolicyVersion {
        PolicyVersion {
            id: id.into(),
            title: "示例法".into(),
            short: Some("示例".into()),
            category: None,
            issuer: None,
            doc_number: None,
            promulgated: None,
            effective: (!effective.is_empty()).then(|| effective.to_string()),
            status: Some(status.into()),
            version: None,
            source: None,
            repealed: None,
            path: format!("policies/{id}.md"),
        }
    }

    #[test]
    fn the_latest_version_in_effect_on_the_date_wins() {
        let mut versions = vec![
            version("v2021", "2021-03-01", "现行有效"),
            version("v2011", "2011-05-01", "已修改"),
            version("v2030", "2030-01-01", "尚未生效"),
        ];
        sort_versions(&mut versions);
        let ids: Vec<&str> = versions.iter().map(|v| v.id.as_str()).collect();
        assert_eq!(ids, ["v2011", "v2021", "v2030"]);
        let today = "2026-01-01";
        assert_eq!(select(&versions, "2015-01-01", today), Some((0, true)));
        assert_eq!(select(&versions, "2021-03-01", today), Some((1, true)));
        assert_eq!(select(&versions, "2021-02-28", today), Some((0, true)));
        assert_eq!(select(&versions, today, today), Some((1, true)));
        assert_eq!(select(&versions, "2031-01-01", today), Some((2, true)));
        assert_eq!(
            select(&versions, "2000-01-01", today),
            Some((0, false)),
            "nothing in force yet"
        );
        assert_eq!(select(&[], today, today), None);
    }

    #[test]
    fn repealed_versions_stop_counting_from_their_repeal() {
        let mut old = version("old", "2000-01-01", "已废止");
        let today = "2026-01-01";
        assert_eq!(
            select(std::slice::from_ref(&old), "2010-01-01", today),
            Some((0, true))
        );
        assert_eq!(
            select(std::slice::from_ref(&old), today, today),
            Some((0, false))
        );
        old.repealed = Some("2005-06-01".into());
        assert_eq!(
            select(std::slice::from_ref(&old), "2005-05-31", today),
            Some((0, true))
        );
        assert_eq!(
            select(std::slice::from_ref(&old), "2005-06-01", today),
            Some((0, false))
        );
    }

    #[test]
    fn dates_are_checked() {
        assert_eq!(as_of_date(Some("2015-1-1")).expect("a date"), "2015-01-01");
        assert!(matches!(
            as_of_date(Some("昨天")),
            Err(PolicyError::BadDate(_))
        ));
        assert_eq!(as_of_date(None).expect("today").len(), 10);
    }
}
