//! Deciding every document's id, so ids are unique in the knowledge base.
//!
//! An id written in the front matter is the author's promise: a second file with
//! the same one is an error. An id that only comes from the file name (a dropped-in
//! folder where every sub-folder has a README.md) is not: when the stem is taken,
//! the document gets an id made from its whole path instead.

use std::collections::{BTreeMap, HashMap};

use crate::document::validate_id;

/// A document's claim: its path, the id it asks for, and whether it wrote that id.
#[derive(Debug, Clone)]
pub struct Claim {
    /// Path relative to the root.
    pub path: String,
    /// The id from the front matter, or the file stem.
    pub id: String,
    /// True when the id was written in the front matter.
    pub explicit: bool,
}

/// The final id of each path, or why it has none.
///
/// Explicit ids are served first, in path order, then implicit ones; the result
/// depends only on the set of claims, never on the order they are given in.
pub fn assign(claims: &[Claim]) -> BTreeMap<String, Result<String, String>> {
    let mut sorted: Vec<&Claim> = claims.iter().collect();
    sorted.sort_by(|a, b| a.path.cmp(&b.path));
    let mut owners: HashMap<String, String> = HashMap::new();
    let mut out = BTreeMap::new();
    for claim in sorted.iter().filter(|c| c.explicit) {
        let result = match owners.get(&claim.id) {
            Some(first) => Err(format!(
                "duplicate id `{}` (also used by {first})",
                claim.id
            )),
            None => {
                owners.insert(claim.id.clone(), claim.path.clone());
                Ok(claim.id.clone())
            }
        };
        out.insert(claim.path.clone(), result);
    }
    for claim in sorted.iter().filter(|c| !c.explicit) {
        let result = if !owners.contains_key(&claim.id) {
            Ok(claim.id.clone())
        } else {
            let from_path = path_id(&claim.path);
            match owners.get(&from_path) {
                None if validate_id(&from_path).is_ok() => Ok(from_path),
                _ => Err(format!(
                    "duplicate id `{}` (also used by {}); give the file an `id` in its front matter",
                    claim.id, owners[&claim.id]
                )),
            }
        };
        if let Ok(id) = &result {
            owners.insert(id.clone(), claim.path.clone());
        }
        out.insert(claim.path.clone(), result);
    }
    out
}

/// An id made from a whole relative path: `a/b/README.md` → `a-b-README`.
pub fn path_id(path: &str) -> String {
    let without_ext = path
        .strip_suffix(".md")
        .or_else(|| path.strip_suffix(".markdown"))
        .unwrap_or(path);
    without_ext
        .replace(['/', '\\'], "-")
        .trim_start_matches(['.', '-'])
        .to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn claim(path: &str, id: &str, explicit: bool) -> Claim {
        Claim {
            path: path.into(),
            id: id.into(),
            explicit,
        }
    }

    #[test]
    fn implicit_stems_that_collide_take_their_path() {
        let ids = assign(&[
            claim("a/README.md", "README", false),
            claim("b/README.md", "README", false),
        ]);
        assert_eq!(ids["a/README.md"], Ok("README".to_string()));
        assert_eq!(ids["b/README.md"], Ok("b-README".to_string()));
    }

    #[test]
    fn explicit_ids_win_and_explicit_duplicates_are_errors() {
        let ids = assign(&[
            claim("a.md", "x", false),
            claim("z.md", "x", true),
            claim("zz.md", "x", true),
        ]);
        assert_eq!(ids["z.md"], Ok("x".to_string()));
        assert!(
            ids["zz.md"]
                .as_ref()
                .is_err_and(|e| e.contains("duplicate id `x`"))
        );
        assert_eq!(
            ids["a.md"],
            Ok("a".to_string()),
            "the stem loses to the explicit id: {ids:?}"
        );
    }
}
