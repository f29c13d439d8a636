//! Case → statute links: each cited provision resolved to the policy article in the
//! knowledge base (through the policy plugin's `lookup_article`), with its current
//! status, and flagged when it has been amended or repealed since the case was published.

use serde::Serialize;
use zhijian_kb::Kb;
use zhijian_policy::{ArticleMatch, PolicyError, lookup_article};

use crate::citation::split_statute;
use crate::error::CasesError;

/// One cited provision and what the knowledge base says about it.
#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct StatuteLink {
    /// As stored on the case: `刑法 第二百三十四条`.
    pub statute: String,
    /// The law's short name.
    pub law: String,
    /// The canonical article label.
    pub article: String,
    /// Whether the policy and the article were found.
    pub found: bool,
    /// The policy version in force today (else the latest).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub policy: Option<String>,
    /// Its title.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub policy_title: Option<String>,
    /// Its status (现行有效, 已修改, 已废止 …).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub status: Option<String>,
    /// When that version took effect.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub effective: Option<String>,
    /// Whether that version is in force today.
    pub in_force: bool,
    /// The article's text in that version.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub text: Option<String>,
    /// The article's text changed after the version in force when the case was published.
    pub changed_since: bool,
    /// Not in force any more, repealed, or changed since the case: "相关规定已修改".
    pub amended: bool,
    /// The case has no publication date and every date in its facts lies before the
    /// version shown took effect: when the knowledge base has no older version to
    /// compare with, the case may still cite one whose article reads differently.
    pub predates_version: bool,
    /// Why the provision was not found, when it was not.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub note: Option<String>,
}

/// Resolves the statute keys of cases against the policies of one knowledge base.
#[derive(Debug)]
pub struct Resolver<'a> {
    kb: &'a Kb,
    /// False when the index holds no policy at all: every lookup would then fall back
    /// to reading every file of the knowledge base, only to find nothing.
    has_policies: bool,
}

impl<'a> Resolver<'a> {
    /// A resolver for `kb`; `has_policies` says whether its index holds any policy.
    pub fn new(kb: &'a Kb, has_policies: bool) -> Resolver<'a> {
        Resolver { kb, has_policies }
    }

    /// Resolves one statute key as of the case's date: its publication date, or,
    /// when it has none, the latest date written in its facts (`from_facts`).
    pub fn resolve(
        &self,
        statute: &str,
        as_of: Option<&str>,
        from_facts: bool,
    ) -> Result<StatuteLink, CasesError> {
        let mut link = StatuteLink {
            statute: statute.to_string(),
            law: String::new(),
            article: String::new(),
            found: false,
            policy: None,
            policy_title: None,
            status: None,
            effective: None,
            in_force: false,
            text: None,
            changed_since: false,
            amended: false,
            predates_version: false,
            note: None,
        };
        let Some((law, no)) = split_statute(statute) else {
            link.note = Some("not a statute key (write `刑法 第二百三十四条`)".into());
            return Ok(link);
        };
        link.law = law.to_string();
        link.article = no.label();
        let now = match self.lookup(law, &link.article, None)? {
            Ok(found) => found,
            Err(note) => {
                link.note = Some(note);
                // Cited in a version that had the article, gone from today's: repealed.
                if let Some(date) = as_of
                    && self.lookup(law, &link.article, Some(date))?.is_ok()
                {
                    link.changed_since = true;
                    link.amended = true;
                }
                return Ok(link);
            }
        };
        link.found = true;
        link.policy = Some(now.policy.clone());
        link.policy_title = Some(now.title.clone());
        link.status = now.status.clone();
        link.in_force = now.in_force;
        link.effective = now.effective.clone();
        link.text = Some(now.text.clone());
        if let Some(date) = as_of
            && let Ok(then) = self.lookup(law, &link.article, Some(date))?
        {
            link.changed_since = then.changed_since;
        }
        link.amended = !link.in_force || link.changed_since;
        link.predates_version = from_facts
            && matches!(
                (as_of, now.effective.as_deref()),
                (Some(facts), Some(effective)) if facts < effective
            );
        Ok(link)
    }

    /// The article, or a note saying why it is not in the knowledge base.
    fn lookup(
        &self,
        law: &str,
        article: &str,
        as_of: Option<&str>,
    ) -> Result<Result<ArticleMatch, String>, CasesError> {
        if !self.has_policies {
            return Ok(Err("知识库中未收录".into()));
        }
        match lookup_article(self.kb, law, article, as_of) {
            Ok(found) => Ok(Ok(found)),
            Err(PolicyError::NotFound(_)) => Ok(Err("知识库中未收录".into())),
            // Any other problem (no such article, an ambiguous name, a broken policy file)
            // is said on the link; it must not hide the case.
            Err(other) => Ok(Err(other.to_string())),
        }
    }
}
