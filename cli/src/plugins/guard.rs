//! What a dynamic plugin may write through `host.write`, and the audit line every
//! such write leaves.
//!
//! A dynamic plugin is third-party code: it may write notes and documents, but not
//! personal data, another plugin's records or the configuration, which first-party
//! plugins change only through their own locked and audited code. Every attempt,
//! admitted or refused, leaves one line in `.zhijian/audit.log` (`zhijian_kb::audit`).
//! What is personal data or a record comes from the declared document types.

use std::path::{Component, Path, PathBuf};

use zhijian_kb::config::{CONFIG_FILE, STATE_DIR};
use zhijian_kb::{Kb, Types};

/// Checks a dynamic plugin's write of `content` to `rel` (relative to the knowledge
/// base) and audits it; the caller writes only when this says yes.
///
/// The audit line comes first, so that no write is ever missing from the log.
pub fn admit_write(kb: &Kb, plugin: &str, rel: &str, content: &str) -> Result<(), String> {
    let verdict = judge(kb, rel, content);
    let command = match verdict {
        Ok(()) => format!("plugin {plugin} write"),
        Err(_) => format!("plugin {plugin} write refused"),
    };
    zhijian_kb::audit::append(kb.root(), &printable(&command), &printable(rel), None)
        .map_err(|e| format!("cannot write the audit line, so nothing is written: {e}"))?;
    verdict
}

/// Whether the write may happen, and why not.
fn judge(kb: &Kb, rel: &str, content: &str) -> Result<(), String> {
    if rel.chars().any(char::is_control) {
        return Err(format!("{rel:?}: a path holding a control character"));
    }
    let target = kb.inside(rel).map_err(|e| e.to_string())?;
    let inside = resolved_rel(kb.root(), &target).ok_or_else(|| {
        format!("`{rel}` leads outside the knowledge base or through a broken symbolic link")
    })?;
    if let Some(what) = protected(kb.types(), &inside) {
        return Err(format!(
            "plugins loaded from a library may not write {what} (`{rel}`)"
        ));
    }
    if is_person_text(kb.types(), content) {
        return Err(format!(
            "plugins loaded from a library may not write person files (`{rel}` would be one)"
        ));
    }
    if let Ok(existing) = std::fs::read_to_string(&target)
        && is_person_text(kb.types(), &existing)
    {
        return Err(format!(
            "plugins loaded from a library may not write person files (`{rel}` is one)"
        ));
    }
    Ok(())
}

/// What only first-party code may write, by path relative to the knowledge base:
/// personal data and every plugin's records (the declared types' private folders),
/// the configuration and zhijian's own state. Compared without regard to case, as on
/// case-insensitive file systems `People/` is `people/`.
pub fn protected(types: &Types, rel: &Path) -> Option<&'static str> {
    let words: Vec<String> = rel
        .components()
        .filter_map(|c| match c {
            Component::Normal(word) => Some(word.to_string_lossy().to_lowercase()),
            _ => None,
        })
        .collect();
    if words.len() == 1 && words[0] == CONFIG_FILE {
        return Some("the configuration");
    }
    let under = |folder: &str| {
        let folder: Vec<&str> = folder.split('/').collect();
        words.len() > folder.len() && words.iter().zip(&folder).all(|(w, f)| w == f)
    };
    if under(STATE_DIR) {
        return Some("inside .zhijian/");
    }
    if types.personal_folders().into_iter().any(under) {
        return Some("personal data");
    }
    types
        .private_folders()
        .into_iter()
        .any(under)
        .then_some("another plugin's records")
}

/// Whether a file's front matter names a personal type (`type = "person"`), wherever
/// the file is.
pub fn is_person_text(types: &Types, text: &str) -> bool {
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    let Ok(split) = zhijian_kb::frontmatter::split(text) else {
        return false;
    };
    split
        .front
        .and_then(|front| zhijian_kb::frontmatter::parse(front, split.front_line).ok())
        .and_then(|table| {
            table
                .get("type")
                .and_then(toml::Value::as_str)
                .map(str::to_string)
        })
        .is_some_and(|name| types.is_personal(&name))
}

/// `target` relative to the canonical `root`, with symbolic links in the part that
/// exists resolved; `None` when it ends up outside the root.
fn resolved_rel(root: &Path, target: &Path) -> Option<PathBuf> {
    let root = std::fs::canonicalize(root).ok()?;
    let mut existing = target;
    let mut rest = Vec::new();
    // The file and some folders may not exist yet; resolve the part that does.
    loop {
        // A link to nowhere is not resolved: it could still be created as anything.
        if let Ok(real) = std::fs::canonicalize(existing) {
            let mut full = real;
            full.extend(rest.iter().rev());
            return full.strip_prefix(&root).ok().map(Path::to_path_buf);
        }
        if std::fs::symlink_metadata(existing).is_ok() {
            return None;
        }
        rest.push(existing.file_name()?.to_owned());
        existing = existing.parent()?;
    }
}

/// The text with control characters shown as `?`, so a line cannot be forged.
fn printable(text: &str) -> String {
    text.chars()
        .map(|c| if c.is_control() { '?' } else { c })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn personal_data_records_and_configuration_are_protected() {
        let types = crate::plugins::builtin::types();
        for (rel, what) in [
            ("people/p-a.md", "personal data"),
            ("People/p-a.md", "personal data"),
            ("people/sub/x.md", "personal data"),
            ("training/records/p-a.toml", "another plugin's records"),
            ("zhijian.toml", "the configuration"),
            ("ZHIJIAN.TOML", "the configuration"),
            (".zhijian/audit.log", "inside .zhijian/"),
        ] {
            assert_eq!(protected(&types, Path::new(rel)), Some(what), "{rel}");
        }
        for rel in [
            "notes/a.md",
            "people.md",
            "peoplex/a.md",
            "training/t.md",
            "training/records.md",
            "cases/zhijian.toml",
        ] {
            assert_eq!(protected(&types, Path::new(rel)), None, "{rel}");
        }
    }

    #[test]
    fn person_files_are_known_by_their_type_anywhere() {
        let types = crate::plugins::builtin::types();
        assert!(is_person_text(
            &types,
            "+++\ntype = \"person\"\nname = \"甲\"\n+++\n"
        ));
        assert!(is_person_text(
            &types,
            "\u{feff}+++\ntype = \"person\"\n+++\n"
        ));
        assert!(!is_person_text(
            &types,
            "+++\ntype = \"note\"\n+++\nperson\n"
        ));
        assert!(
            !is_person_text(&types, "type = \"person\"\n"),
            "no front matter"
        );
        assert!(
            !is_person_text(&types, "+++\ntype = \n+++\n"),
            "broken TOML"
        );
    }

    #[cfg(unix)]
    #[test]
    fn links_are_followed_before_judging() {
        let dir = tempfile::tempdir().expect("tempdir");
        let root = dir.path();
        std::fs::write(root.join(CONFIG_FILE), "").expect("config");
        std::fs::create_dir_all(root.join("people")).expect("mkdir");
        std::fs::create_dir_all(root.join("notes")).expect("mkdir");
        std::os::unix::fs::symlink(root.join("people"), root.join("notes/staff")).expect("link");
        std::os::unix::fs::symlink("/tmp", root.join("notes/out")).expect("link");
        let kb = Kb::open(root, crate::plugins::builtin::types()).expect("kb");
        let err = judge(&kb, "notes/staff/p-a.md", "x").expect_err("into people/");
        assert!(err.contains("personal data"), "{err}");
        let err = judge(&kb, "notes/out/x.md", "x").expect_err("out of the KB");
        assert!(err.contains("outside"), "{err}");
        assert_eq!(judge(&kb, "notes/new/deeper/x.md", "x"), Ok(()));
        assert!(judge(&kb, "notes/bad\nline.md", "x").is_err());
    }
}
