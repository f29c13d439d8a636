//! Finding a policy by name and an article in the version in force on a date.
//!
//! This is the library API other plugins call (the cases plugin annotates the
//! statutes a case cites with it).

use std::collections::BTreeMap;

use crate::article::{Article, ArticleNo, split_articles};
use serde::Serialize;
use zhijian_kb::Kb;

use crate::PolicyError;
use crate::catalog::{PolicyVersion, as_of_date, catalogue, select, sort_versions};

/// One article found by [`lookup_article`].
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ArticleMatch {
    /// The id of the version the article was taken from.
    pub policy: String,
    /// That version's title.
    pub title: String,
    /// Its short name.
    pub short: Option<String>,
    /// The canonical label, e.g. 第一百三十三条之一.
    pub article: String,
    /// 133 in 第一百三十三条之一.
    pub number: u32,
    /// 1 in 第一百三十三条之一, 0 for a plain article.
    pub sub: u32,
    /// The article's text, label included, one paragraph (款) or item (项) per line.
    pub text: String,
    /// The heading path (编, 章, 节), outermost first.
    pub chapters: Vec<String>,
    /// The version's status.
    pub status: Option<String>,
    /// The version's effective date.
    pub effective: Option<String>,
    /// The version's label.
    pub version: Option<String>,
    /// The version's source.
    pub source: Option<String>,
    /// True when the version that matched is in force on the date asked (today by default).
    pub in_force: bool,
    /// True when a newer version exists whose text of this article differs, or lacks it.
    pub changed_since: bool,
}

/// A named policy: its versions, oldest first, and the one pinned by an id, if any.
#[derive(Debug, Clone)]
pub struct Resolved {
    /// Every version, oldest first.
    pub versions: Vec<PolicyVersion>,
    /// Set when the name was the id of one version.
    pub pinned: Option<usize>,
}

impl Resolved {
    /// The version to use on `date` (the pinned one if any) and whether it is in force then.
    pub fn pick(&self, date: &str) -> Option<(usize, bool)> {
        let today = zhijian_kb::time::today().to_string();
        let (best, in_force) = select(&self.versions, date, &today)?;
        match self.pinned {
            Some(pinned) => Some((pinned, pinned == best && in_force)),
            None => Some((best, in_force)),
        }
    }
}

/// Every version of the named policy, oldest first.
///
/// NAME matches an id, a `short` name, a full title (with or without
/// 中华人民共和国 and 《》), then the start of a title or short name, then any part
/// of one; within the first tier that matches, the policy must be unique.
pub fn resolve_policy(kb: &Kb, name: &str) -> Result<Vec<PolicyVersion>, PolicyError> {
    Ok(resolve(kb, name)?.versions)
}

/// Like [`resolve_policy`], remembering whether NAME was the id of one version.
pub fn resolve(kb: &Kb, name: &str) -> Result<Resolved, PolicyError> {
    let groups = match_groups(catalogue(kb)?, name)?;
    let mut found = one_group(name, groups)?;
    Ok(found.remove(0))
}

/// The groups NAME matches: one unless it is ambiguous.
fn match_groups(all: Vec<PolicyVersion>, name: &str) -> Result<Vec<Resolved>, PolicyError> {
    let wanted = normalise(name);
    if wanted.is_empty() {
        return Err(PolicyError::NotFound(name.to_string()));
    }
    let mut groups: BTreeMap<String, Vec<PolicyVersion>> = BTreeMap::new();
    for version in all {
        groups
            .entry(version.group_key().to_string())
            .or_default()
            .push(version);
    }
    for versions in groups.values_mut() {
        sort_versions(versions);
    }
    for versions in groups.values() {
        if let Some(pinned) = versions.iter().position(|v| v.id == name.trim()) {
            return Ok(vec![Resolved {
                versions: versions.clone(),
                pinned: Some(pinned),
            }]);
        }
    }
    let exact = |v: &PolicyVersion| {
        let title = normalise(&v.title);
        v.short.as_deref().is_some_and(|s| normalise(s) == wanted)
            || title == wanted
            || title.strip_prefix("中华人民共和国") == Some(wanted.as_str())
    };
    let partial = |v: &PolicyVersion| {
        normalise(&v.title).contains(&wanted)
            || v.short
                .as_deref()
                .is_some_and(|s| normalise(s).contains(&wanted))
    };
    let prefix = |v: &PolicyVersion| {
        let title = normalise(&v.title);
        let title = title.strip_prefix("中华人民共和国").unwrap_or(&title);
        title.starts_with(&wanted)
            || v.short
                .as_deref()
                .is_some_and(|s| normalise(s).starts_with(&wanted))
    };
    for test in [&exact as &dyn Fn(&PolicyVersion) -> bool, &prefix, &partial] {
        let found: Vec<Resolved> = groups
            .values()
            .filter(|versions| versions.iter().any(test))
            .map(|versions| Resolved {
                versions: versions.clone(),
                pinned: None,
            })
            .collect();
        if !found.is_empty() {
            return Ok(found);
        }
    }
    Err(PolicyError::NotFound(name.to_string()))
}

fn one_group(name: &str, groups: Vec<Resolved>) -> Result<Vec<Resolved>, PolicyError> {
    if groups.len() == 1 {
        return Ok(groups);
    }
    Err(ambiguous(name, &groups))
}

fn ambiguous(name: &str, groups: &[Resolved]) -> PolicyError {
    let candidates = groups
        .iter()
        .filter_map(|g| g.versions.last())
        .map(|v| match &v.short {
            Some(short) if short != &v.title => format!("{short} ({})", v.title),
            _ => v.title.clone(),
        })
        .collect();
    PolicyError::Ambiguous {
        name: name.to_string(),
        candidates,
    }
}

/// Case, width and punctuation folded away so 《刑法》 and 刑法 compare equal.
fn normalise(text: &str) -> String {
    zhijian_kb::analysis::fold(text)
        .chars()
        .filter(|c| !c.is_whitespace() && !matches!(c, '《' | '》' | '<' | '>' | '"' | '“' | '”'))
        .collect()
}

/// The articles of one version, read from its file.
pub fn articles_of(kb: &Kb, version: &PolicyVersion) -> Result<Vec<Article>, PolicyError> {
    let loaded = kb.load_path(&version.path)?;
    Ok(split_articles(&loaded.document.body).articles)
}

/// Reads what a user typed as an article number.
pub fn parse_article(text: &str) -> Result<ArticleNo, PolicyError> {
    text.parse::<ArticleNo>()
        .map_err(|e| PolicyError::BadArticle {
            text: text.to_string(),
            reason: e.to_string(),
        })
}

/// Finds article ARTICLE of policy NAME in the version in force on `as_of` (today by default).
///
/// ARTICLE may be `133`, `第133条`, `第一百三十三条`, `133之一` or `第一百三十三条之一`.
/// When no version is in force on that date, the nearest version is used and
/// `in_force` is false. When NAME names the parts of one code (titles sharing what
/// precedes `·`, as 中华人民共和国民法典·总则 and ·物权编), the part holding the article is used.
pub fn lookup_article(
    kb: &Kb,
    name: &str,
    article: &str,
    as_of: Option<&str>,
) -> Result<ArticleMatch, PolicyError> {
    let wanted = parse_article(article)?;
    let date = as_of_date(as_of)?;
    let groups = match_groups(catalogue(kb)?, name)?;
    if groups.len() == 1 {
        return lookup_in(kb, &groups[0], wanted, &date);
    }
    let bases: Vec<&str> = groups
        .iter()
        .filter_map(|g| g.versions.last())
        .map(|v| v.title.split('·').next().unwrap_or(&v.title))
        .collect();
    let parts_of_one_code = groups
        .iter()
        .all(|g| g.versions.iter().all(|v| v.title.contains('·')))
        && bases.windows(2).all(|w| w[0] == w[1]);
    if parts_of_one_code {
        let found: Vec<ArticleMatch> = groups
            .iter()
            .filter_map(|g| lookup_in(kb, g, wanted, &date).ok())
            .collect();
        if let [one] = found.as_slice() {
            return Ok(one.clone());
        }
    }
    Err(ambiguous(name, &groups))
}

/// Looks the article up in one resolved policy.
pub fn lookup_in(
    kb: &Kb,
    resolved: &Resolved,
    wanted: ArticleNo,
    date: &str,
) -> Result<ArticleMatch, PolicyError> {
    let Some((index, in_force)) = resolved.pick(date) else {
        return Err(PolicyError::NotFound(String::new()));
    };
    let version = &resolved.versions[index];
    let articles = articles_of(kb, version)?;
    let Some(found) = articles.iter().find(|a| a.no == wanted) else {
        let mut elsewhere = Vec::new();
        for other in resolved.versions.iter().filter(|v| v.id != version.id) {
            if articles_of(kb, other).is_ok_and(|list| list.iter().any(|a| a.no == wanted)) {
                elsewhere.push(other.version.clone().unwrap_or_else(|| other.id.clone()));
            }
        }
        let context = if elsewhere.is_empty() {
            String::new()
        } else {
            format!(
                " (version {}; the article is in version {})",
                describe(version),
                elsewhere.join(", ")
            )
        };
        return Err(PolicyError::NoArticle {
            policy: version.title.clone(),
            article: wanted.label(),
            context,
        });
    };
    let mut changed_since = false;
    for newer in &resolved.versions[index + 1..] {
        let same = articles_of(kb, newer)?
            .iter()
            .find(|a| a.no == wanted)
            .is_some_and(|a| without_label(&a.text) == without_label(&found.text));
        if !same {
            changed_since = true;
            break;
        }
    }
    Ok(ArticleMatch {
        policy: version.id.clone(),
        title: version.title.clone(),
        short: version.short.clone(),
        article: wanted.label(),
        number: wanted.number,
        sub: wanted.sub,
        text: found.text.clone(),
        chapters: found.chapters.clone(),
        status: version.status.clone(),
        effective: version.effective.clone(),
        version: version.version.clone(),
        source: version.source.clone(),
        in_force,
        changed_since,
    })
}

fn describe(version: &PolicyVersion) -> String {
    version
        .version
        .clone()
        .unwrap_or_else(|| version.id.clone())
}

/// The article text without its label, spacing ignored: 第133条 and 第一百三十三条 compare equal.
fn without_label(text: &str) -> String {
    let body = match crate::article::find_article_refs(text).first() {
        Some((range, _)) if range.start == 0 => &text[range.end..],
        _ => text,
    };
    body.chars().filter(|c| !c.is_whitespace()).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn version(id: &str, title: &str, short: Option<&str>) -> PolicyVersion {
        PolicyVersion {
            id: id.into(),
            title: title.into(),
            short: short.map(str::to_string),
            category: None,
            issuer: None,
            doc_number: None,
            promulgated: None,
            effective: None,
            status: None,
            version: None,
            source: None,
            repealed: None,
            path: String::new(),
        }
    }

    fn all() -> Vec<PolicyVersion> {
        vec![
            version("xf-2011", "中华人民共和国刑法", Some("刑法")),
            version("xf-2020", "中华人民共和国刑法", Some("刑法")),
            version(
                "xfxza11",
                "中华人民共和国刑法修正案（十一）",
                Some("刑法修正案（十一）"),
            ),
            version(
                "xfxza10",
                "中华人民共和国刑法修正案（十）",
                Some("刑法修正案（十）"),
            ),
            version("xsssf", "中华人民共和国刑事诉讼法", Some("刑事诉讼法")),
        ]
    }

    fn ids(name: &str) -> Result<Vec<String>, PolicyError> {
        let groups = one_group(name, match_groups(all(), name)?)?;
        Ok(groups[0].versions.iter().map(|v| v.id.clone()).collect())
    }

    #[test]
    fn exact_names_beat_parts_of_titles() {
        assert_eq!(ids("刑法").expect("resolves"), ["xf-2011", "xf-2020"]);
        assert_eq!(
            ids("《中华人民共和国刑法》").expect("resolves"),
            ["xf-2011", "xf-2020"]
        );
        assert_eq!(ids("刑法修正案（十一）").expect("resolves"), ["xfxza11"]);
        assert_eq!(ids("诉讼").expect("resolves"), ["xsssf"]);
        let pinned = match_groups(all(), "xf-2011").expect("an id");
        assert_eq!(pinned[0].pinned, Some(0));
    }

    #[test]
    fn ambiguous_and_unknown_names_are_errors() {
        match ids("修正案") {
            Err(PolicyError::Ambiguous { candidates, .. }) => assert_eq!(candidates.len(), 2),
            other => panic!("expected ambiguity, got {other:?}"),
        }
        assert!(matches!(ids("民法典"), Err(PolicyError::NotFound(_))));
        assert!(matches!(ids("  "), Err(PolicyError::NotFound(_))));
    }

    #[test]
    fn labels_do_not_count_as_changes() {
        assert_eq!(
            without_label("第133条 醉酒驾驶的。"),
            without_label("第一百三十三条　醉酒驾驶的。")
        );
        assert_ne!(without_label("第一条 甲。"), without_label("第一条 乙。"));
    }
}
